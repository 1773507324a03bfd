// The exact `dbt build` command line and environment the run engine launches. Pure: no process access
// here (the caller hands in the environment it has), so argv and env building is unit-tested directly.

export interface DbtBuildArgsOptions {
  /** dbt selection; whitespace separates union members. Empty or absent = everything. */
  select?: string;
  exclude?: string;
  target: string;
  profilesDir: string;
  projectDir: string;
  /** Folder where dbt writes `dbt.log` (JSON lines). */
  logPath: string;
  /** Optional `--target-path`; absent keeps dbt's own `target/` (partial parsing, fresh manifest). */
  targetPath?: string;
  vars?: Record<string, unknown>;
  fullRefresh?: boolean;
}

function splitSelection(expr: string | undefined): string[] {
  return (expr ?? '').split(/\s+/).filter((part) => part.length > 0);
}

/** argv for `dbt build` (without the executable). Never passed through a shell. */
export function buildDbtBuildArgs(options: DbtBuildArgsOptions): string[] {
  const args = ['build'];
  const select = splitSelection(options.select);
  if (select.length > 0) args.push('--select', ...select);
  const exclude = splitSelection(options.exclude);
  if (exclude.length > 0) args.push('--exclude', ...exclude);
  args.push(
    '--target',
    options.target,
    '--profiles-dir',
    options.profilesDir,
    '--project-dir',
    options.projectDir,
    '--log-format-file',
    'json',
    '--log-path',
    options.logPath,
  );
  if (options.targetPath !== undefined) args.push('--target-path', options.targetPath);
  // Materializing `+customers` must not run a relationships test whose other parent was never
  // built (dbt's default "eager" would, and fail): tests run when all their parents are selected
  // or upstream of the selection.
  if (select.length > 0) args.push('--indirect-selection', 'buildable');
  if (options.vars !== undefined && Object.keys(options.vars).length > 0) {
    args.push('--vars', JSON.stringify(options.vars));
  }
  if (options.fullRefresh === true) args.push('--full-refresh');
  return args;
}

/** `KEY=VALUE` lines of a `.env` file: `#` comments, optional `export `, single or double quotes. */
export function parseDotEnv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match === null) continue;
    const key = match[1] ?? '';
    let value = match[2] ?? '';
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote)) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else {
      // Unquoted: a ` #` starts a trailing comment.
      const hash = value.search(/\s#/);
      if (hash >= 0) value = value.slice(0, hash).trimEnd();
    }
    out[key] = value;
  }
  return out;
}

export interface DbtEnvOptions {
  /** The environment of the process launching dbt. Only allow-listed keys are copied. */
  environ: Readonly<Record<string, string | undefined>>;
  /** Variables from the project's `.env` file; the process environment wins over these. */
  dotEnv?: Readonly<Record<string, string>>;
  /** Exactly the variables the generated profile references (`env_var('…')`). */
  profileEnvVars: readonly string[];
  /** W3C traceparent of the action that started the run. */
  traceparent?: string;
}

export interface DbtEnv {
  env: Record<string, string>;
  /** Profile variables found neither in the process environment nor in `.env` (names only). */
  missing: string[];
}

const PASSED_THROUGH = [
  'PATH',
  'HOME',
  'LANG',
  'LC_ALL',
  'TZ',
  'TMPDIR',
  'USER',
  'SHELL',
  'VIRTUAL_ENV',
];

// DBT_* settings the engine relies on: a user's value would break the JSON log tail or the layout.
const DBT_OVERRIDDEN = new Set([
  'DBT_LOG_FORMAT_FILE',
  'DBT_LOG_LEVEL_FILE',
  'DBT_LOG_PATH',
  'DBT_LOG_FILE_MAX_BYTES',
  'DBT_PROFILES_DIR',
  'DBT_PROJECT_DIR',
  'DBT_TARGET_PATH',
  'DBT_SEND_ANONYMOUS_USAGE_STATS',
  'DBT_VERSION_CHECK',
]);

/** The allow-listed environment for dbt: never the parent's environment whole. */
export function buildDbtEnv(options: DbtEnvOptions): DbtEnv {
  const env: Record<string, string> = {};
  const { environ } = options;
  for (const key of PASSED_THROUGH) {
    const value = environ[key];
    if (value !== undefined && value !== '') env[key] = value;
  }
  // Python needs a UTF-8 locale to print dbt's box-drawing and non-ASCII model names.
  if (env.LANG === undefined && env.LC_ALL === undefined) env.LANG = 'C.UTF-8';
  for (const [key, value] of Object.entries(environ)) {
    if (key.startsWith('DBT_') && !DBT_OVERRIDDEN.has(key) && value !== undefined) env[key] = value;
  }
  const missing: string[] = [];
  for (const name of options.profileEnvVars) {
    const value = environ[name] ?? options.dotEnv?.[name];
    if (value === undefined) missing.push(name);
    else env[name] = value;
  }
  if (options.traceparent !== undefined) env.TRACEPARENT = options.traceparent;
  env.TERM = 'xterm-256color';
  env.DBT_SEND_ANONYMOUS_USAGE_STATS = 'false';
  env.DBT_VERSION_CHECK = 'false';
  // The engine reads dbt.log from the start: no rollover (dbt rolls at 10 MB by default) and debug
  // level, where NodeStart/NodeFinished live.
  env.DBT_LOG_FILE_MAX_BYTES = '0';
  env.DBT_LOG_LEVEL_FILE = 'debug';
  return { env, missing };
}
