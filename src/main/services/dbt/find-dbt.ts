// Finds the dbt executable: floe.yaml's transforms[].executable, DBT_PATH, `dbt` on PATH, then the
// bootstrap virtual environment (scripts/bootstrap-dbt.sh). Says what it tried when none works.
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

export type DbtSource = 'floe.yaml' | 'DBT_PATH' | 'PATH' | 'venv';

export interface FindDbtOptions {
  /** `transforms[].executable` from floe.yaml, as written (relative paths resolve against `cwd`). */
  projectExecutable?: string;
  /** The environment to read DBT_PATH, PATH, FLOE_VENV and HOME from (usually process.env). */
  environ: Record<string, string | undefined>;
  /** Repository root holding `.venv/` made by the bootstrap script. */
  repoRoot: string;
  /** Directory relative paths resolve against: the project directory (where floe.yaml lives). */
  cwd?: string;
}

export type FindDbtResult =
  | {
      ok: true;
      path: string;
      source: DbtSource;
      /** Earlier candidates that were configured but unusable, so the caller can warn about them. */
      skipped: string[];
    }
  | { ok: false; tried: string[]; message: string };

export const DBT_FIX_HINT =
  'Fix: run `npm run setup` (or `bash scripts/bootstrap-dbt.sh`) to install dbt into the project ' +
  'environment, or set DBT_PATH to a dbt executable.';

interface Candidate {
  source: DbtSource;
  label: string;
  /** Absolute paths to check, in order; empty when the source is not configured. */
  paths: string[];
  /** Why there is nothing to check (e.g. "not set"). */
  unset?: string;
  /** A PATH search: reported as the directories searched, not every file name. */
  pathSearch?: boolean;
}

type Check = { ok: true } | { ok: false; reason: string };

function checkExecutable(file: string): Check {
  try {
    if (!statSync(file).isFile()) return { ok: false, reason: 'not a file' };
  } catch {
    return { ok: false, reason: 'not found' };
  }
  try {
    accessSync(file, constants.X_OK);
    return { ok: true };
  } catch {
    return { ok: false, reason: 'not executable' };
  }
}

const isWindows = process.platform === 'win32';
// Windows installs dbt as a launcher .exe; the bare name never exists there.
const DBT_NAMES = isWindows ? ['dbt.exe', 'dbt.cmd', 'dbt'] : ['dbt'];
const VENV_BIN = isWindows ? 'Scripts' : 'bin';

function expandHome(p: string, environ: Record<string, string | undefined>): string {
  const home = environ.HOME ?? environ.USERPROFILE;
  if (home !== undefined && (p === '~' || p.startsWith('~/'))) return path.join(home, p.slice(1));
  return p;
}

/** A directory means "the dbt inside it", so DBT_PATH may name either the binary or its folder. */
function inDirectoryOrSelf(p: string): string[] {
  try {
    if (statSync(p).isDirectory()) return DBT_NAMES.map((name) => path.join(p, name));
  } catch {
    // missing: report the path itself as not found
  }
  return [p];
}

function pathDirectories(environ: Record<string, string | undefined>): string[] {
  const raw = environ.PATH ?? environ.Path ?? '';
  // Empty entries mean "the current directory" to a shell; never run a dbt from wherever we are.
  return raw.split(path.delimiter).filter((dir) => dir !== '' && path.isAbsolute(dir));
}

function candidates(options: FindDbtOptions): Candidate[] {
  const { environ, repoRoot } = options;
  const cwd = options.cwd ?? process.cwd();
  const list: Candidate[] = [];

  const configured = options.projectExecutable?.trim();
  if (configured === undefined || configured === '') {
    list.push({
      source: 'floe.yaml',
      label: 'floe.yaml transforms[].executable',
      paths: [],
      unset: 'not set',
    });
  } else if (
    !configured.includes('/') &&
    !configured.includes('\\') &&
    !configured.startsWith('~')
  ) {
    // A bare name such as `dbt-1.9` is looked up on PATH, as a shell would.
    const dirs = pathDirectories(environ);
    list.push({
      source: 'floe.yaml',
      label: `floe.yaml transforms[].executable "${configured}" on PATH`,
      paths: dirs.map((dir) => path.join(dir, configured)),
      unset: 'PATH is empty',
      pathSearch: true,
    });
  } else {
    const resolved = path.resolve(cwd, expandHome(configured, environ));
    list.push({
      source: 'floe.yaml',
      label: 'floe.yaml transforms[].executable',
      paths: [resolved],
    });
  }

  const dbtPath = environ.DBT_PATH?.trim();
  if (dbtPath === undefined || dbtPath === '') {
    list.push({ source: 'DBT_PATH', label: 'DBT_PATH', paths: [], unset: 'not set' });
  } else {
    const resolved = path.resolve(cwd, expandHome(dbtPath, environ));
    list.push({ source: 'DBT_PATH', label: 'DBT_PATH', paths: inDirectoryOrSelf(resolved) });
  }

  const dirs = pathDirectories(environ);
  list.push({
    source: 'PATH',
    label: 'dbt on PATH',
    paths: dirs.flatMap((dir) => DBT_NAMES.map((name) => path.join(dir, name))),
    unset: 'PATH is empty',
    pathSearch: true,
  });

  // The bootstrap script honours FLOE_VENV, else `<repo>/.venv`; try both so either layout works.
  const venvs: string[] = [];
  const floeVenv = environ.FLOE_VENV?.trim();
  if (floeVenv !== undefined && floeVenv !== '')
    venvs.push(path.resolve(cwd, expandHome(floeVenv, environ)));
  venvs.push(path.join(repoRoot, '.venv'));
  list.push({
    source: 'venv',
    label: 'project environment',
    paths: venvs.flatMap((venv) => DBT_NAMES.map((name) => path.join(venv, VENV_BIN, name))),
  });
  return list;
}

function describeFailures(
  candidate: Candidate,
  failures: { file: string; reason: string }[],
): string {
  if (candidate.pathSearch === true) {
    const dirs = [...new Set(failures.map((f) => path.dirname(f.file)))];
    return `${candidate.label}: not found in ${dirs.join(path.delimiter)}`;
  }
  return `${candidate.label}: ${failures.map((f) => `${f.file} (${f.reason})`).join(', ')}`;
}

/** Locates dbt without running it. Pure apart from file-system checks. */
export function findDbt(options: FindDbtOptions): FindDbtResult {
  const tried: string[] = [];
  const skipped: string[] = [];
  for (const candidate of candidates(options)) {
    if (candidate.paths.length === 0) {
      tried.push(`${candidate.label}: ${candidate.unset ?? 'not set'}`);
      continue;
    }
    const failures: { file: string; reason: string }[] = [];
    for (const file of candidate.paths) {
      const check = checkExecutable(file);
      if (check.ok) return { ok: true, path: file, source: candidate.source, skipped };
      failures.push({ file, reason: check.reason });
    }
    const line = describeFailures(candidate, failures);
    tried.push(line);
    // A setting the user made that does not work is worth a warning even when a later one does.
    if (candidate.source === 'floe.yaml' || candidate.source === 'DBT_PATH') skipped.push(line);
  }
  const message = [
    'dbt was not found. Tried, in order:',
    ...tried.map((line, i) => `  ${i + 1}. ${line}`),
    DBT_FIX_HINT,
  ].join('\n');
  return { ok: false, tried, message };
}

/** The dbt-core version from `dbt --version` output (dbt 1.x "installed: X", older "installed version: X", Fusion "dbt-fusion X"). */
export function parseDbtVersion(output: string): string | undefined {
  const patterns = [
    /^\s*-\s*installed:\s*(\d+\.\d+\.\d+\S*)/m,
    /installed version:\s*(\d+\.\d+\.\d+\S*)/,
    /^dbt-fusion\s+(\d+\.\d+\.\d+\S*)/m,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(output);
    if (match?.[1] !== undefined) return match[1];
  }
  return undefined;
}

// What `dbt --version` needs from the parent: finding its Python, home and locale. Not the whole env.
const VERSION_ENV_KEYS =
  /^(PATH|Path|HOME|USERPROFILE|USER|LOGNAME|LANG|LC_[A-Z]+|TMPDIR|TEMP|TMP|SYSTEMROOT|PYENV_[A-Z_]+|VIRTUAL_ENV|CONDA_[A-Z_]+)$/;

/** dbt imports every installed adapter first: ~3 s idle, 40 s seen on a 2-core box under load 17. */
const VERSION_TIMEOUT_MS = 120_000;

/** Runs `<dbtPath> --version` and returns the dbt-core version, e.g. "1.11.16". Rejects with a readable error. */
export function dbtVersion(
  dbtPath: string,
  environ: Record<string, string | undefined> = process.env,
): Promise<string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(environ)) {
    if (value !== undefined && VERSION_ENV_KEYS.test(key)) env[key] = value;
  }
  env.DBT_VERSION_CHECK = 'false';
  env.DBT_SEND_ANONYMOUS_USAGE_STATS = 'false';
  return new Promise((resolve, reject) => {
    execFile(
      dbtPath,
      ['--version'],
      { env, timeout: VERSION_TIMEOUT_MS, windowsHide: true },
      (error, stdout, stderr) => {
        const output = `${stdout}\n${stderr}`;
        const version = parseDbtVersion(output);
        if (error !== null && version === undefined) {
          const detail = stderr.trim().split('\n').slice(-3).join(' ') || error.message;
          reject(new Error(`\`${dbtPath} --version\` failed: ${detail}`));
          return;
        }
        if (version === undefined) {
          reject(
            new Error(
              `could not read the dbt version from \`${dbtPath} --version\`: ${output.trim().slice(0, 200)}`,
            ),
          );
          return;
        }
        resolve(version);
      },
    );
  });
}
