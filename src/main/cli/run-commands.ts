// floe run | runs | logs
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunSummary } from '../../shared/runs';
import { repoRoot } from '../repo-root';
import { createProjectEngine } from '../services/project/create-engine';
import type { EarlyRun } from '../services/runs/early-run';
import { RUN_FOLDERS_KEPT, runFolder } from '../services/runs/run-folders';
import { saveRunPlan } from '../services/runs/run-plan';
import { createLogger } from '../services/telemetry';
import { EXIT_FAILED, EXIT_OK, printJson, UsageError, type CliIo } from './cli-io';
import type { Command, ParsedCommandArgs } from './commands';
import {
  envOption,
  loadForCli,
  openStoreIfAny,
  projectDirOf,
  reportBlocking,
} from './project-context';
import { RUN_OPTIONS, varsOption } from './run-options';

function parseVars(value: unknown): Record<string, unknown> | undefined {
  const vars = varsOption(value);
  if (vars !== null) return vars;
  throw new UsageError(
    `--vars must be a JSON object, e.g. '{"start_date": "2024-01-01"}'; got ${String(value)}`,
  );
}

function logFormat(value: unknown): 'text' | 'json' {
  if (value === undefined || value === 'text' || value === 'json') return value ?? 'text';
  throw new UsageError(`--log-format must be text or json, got "${String(value)}"`);
}

/**
 * dbt's errors span lines: "Runtime Error in model x (path)", then the database's own words, then
 * the SQL. The first two lines, on one line, keep a list readable and still say what went wrong.
 */
function brief(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const line = lines
    .slice(0, 2)
    .join(' — ')
    .replace(/^floe: /, '');
  return line.length > 240 ? `${line.slice(0, 239)}…` : line;
}

function runJson(run: RunSummary): Record<string, unknown> {
  return {
    id: run.id,
    status: run.status,
    env: run.env,
    selection: run.selection,
    started_at: run.startedAt,
    finished_at: run.finishedAt ?? null,
    assets: run.assets,
    ...(run.message === undefined ? {} : { message: run.message }),
  };
}

export const runCommand: Command = {
  name: 'run',
  summary: 'materialize assets with dbt build (exit 1 when anything failed)',
  usage:
    'floe run [dir] [--select SEL] [--exclude SEL] [--env NAME] [--vars JSON] [--full-refresh] [--parse] [--json] [--log-format text|json]',
  options: RUN_OPTIONS,
  maxPositionals: 1,
  async run(args, io) {
    // A dbt bin/floe.cjs started early is the run's, unless the command stops before starting one.
    let early = io.earlyRun;
    const takeEarly = (): EarlyRun | undefined => {
      const taken = early;
      early = undefined;
      return taken;
    };
    try {
      return await runAndReport(args, io, takeEarly);
    } finally {
      await takeEarly()?.discard();
    }
  },
};

async function runAndReport(
  args: ParsedCommandArgs,
  io: CliIo,
  takeEarly: () => EarlyRun | undefined,
): Promise<number> {
  const dir = projectDirOf(io, args.positionals[0]);
  const vars = parseVars(args.values.vars);
  const format = logFormat(args.values['log-format']);
  const json = args.values.json === true;
  // No graph here (nor the manifest's column classifications): the run reads the manifest once,
  // after dbt has started.
  const state = await loadForCli(io, dir, {
    env: envOption(args.values.env),
    parse: args.values.parse === true,
    withGraph: false,
  });
  const blockingOnly = state.problems.filter((p) => p.source !== 'manifest');
  // A missing manifest does not block a run: dbt build parses the project itself.
  if (state.artifacts === null || reportBlocking(io, { ...state, problems: blockingOnly }))
    return EXIT_FAILED;

  const logger = createLogger({
    dir: join(dir, '.floe', 'logs'),
    stderr: format === 'json',
    format,
  });
  const engine = createProjectEngine({
    projectDir: dir,
    environ: io.environ,
    repoRoot: repoRoot(),
    defaultEnv: state.artifacts.environment,
    artifacts: state.artifacts,
    onSpawned: (plan) =>
      saveRunPlan(dir, { ...plan, requestedEnv: envOption(args.values.env) ?? null }),
    ...(state.profilesPath === undefined
      ? {}
      : {
          compiled: {
            profilesPath: state.profilesPath,
            envVars: state.envVars,
            ...(state.artifactsPath === undefined ? {} : { artifactsPath: state.artifactsPath }),
            ...(state.classificationsDeferred === true ? { classificationsDeferred: true } : {}),
          },
        }),
    logger,
  });
  const write = json
    ? (t: string) => process.stderr.write(t)
    : (t: string) => process.stdout.write(t);
  const subscription = engine.subscribe((event) => {
    if (event.channel === 'run.output') write(event.payload.data);
  });
  const { runId } = await engine.materialize({
    select: envOption(args.values.select),
    exclude: envOption(args.values.exclude),
    env: state.artifacts.environment,
    vars,
    fullRefresh: args.values['full-refresh'] === true,
    trigger: 'cli',
    early: takeEarly(),
  });
  const cancel = (): void => {
    io.err(`\nfloe: canceling run ${runId}…`);
    void engine.cancel(runId);
  };
  process.once('SIGINT', cancel);
  process.once('SIGTERM', cancel);
  const summary = await engine.waitForRun(runId);
  process.off('SIGINT', cancel);
  process.off('SIGTERM', cancel);
  subscription.dispose();
  await engine.dispose();
  await logger.close();
  if (summary === null) {
    io.err(`floe: run ${runId} was lost`);
    return EXIT_FAILED;
  }
  if (json) {
    printJson(io, {
      run_id: summary.id,
      status: summary.status,
      env: summary.env,
      assets: summary.assets,
    });
  } else {
    const counts = new Map<string, number>();
    for (const status of Object.values(summary.assets))
      counts.set(status, (counts.get(status) ?? 0) + 1);
    const detail = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
    io.err(
      `floe: run ${summary.id} ${summary.status} on ${summary.env}${detail ? ` (${detail})` : ''}`,
    );
    if (summary.message !== undefined) io.err(`floe: ${brief(summary.message)}`);
  }
  return summary.status === 'success' ? EXIT_OK : EXIT_FAILED;
}

export const runsCommand: Command = {
  name: 'runs',
  summary: 'the run history, newest first',
  usage: 'floe runs [dir] [--limit N] [--json]',
  options: { json: { type: 'boolean' }, limit: { type: 'string' } },
  maxPositionals: 1,
  run(args, io) {
    const dir = projectDirOf(io, args.positionals[0]);
    const limit = args.values.limit === undefined ? 100 : Number(args.values.limit);
    if (!Number.isInteger(limit) || limit <= 0)
      throw new UsageError('--limit must be a positive whole number');
    const store = openStoreIfAny(dir);
    const runs = store?.listRuns(limit) ?? [];
    store?.close();
    if (args.values.json === true) {
      printJson(io, { runs: runs.map(runJson) });
      return EXIT_OK;
    }
    if (runs.length === 0) io.out('no runs yet: `floe run` starts one');
    for (const run of runs) {
      const n = Object.keys(run.assets).length;
      io.out(
        `${run.id}  ${run.status.padEnd(11)}  ${run.env.padEnd(8)}  ${run.startedAt}  ${n} asset(s)  ${run.selection || '(all)'}`,
      );
      if (run.message !== undefined) io.out(`    ${brief(run.message)}`);
    }
    return EXIT_OK;
  },
};

export const logsCommand: Command = {
  name: 'logs',
  summary: "a run's dbt output",
  usage: 'floe logs RUN_ID [dir]',
  options: {},
  maxPositionals: 2,
  run(args, io: CliIo) {
    const runId = args.positionals[0];
    if (runId === undefined) throw new UsageError('RUN_ID is required (see `floe runs`)');
    const dir = projectDirOf(io, args.positionals[1]);
    const store = openStoreIfAny(dir);
    const run = store?.getRun(runId) ?? null;
    store?.close();
    if (run === null) {
      io.err(`floe logs: no run "${runId}" in ${dir} (see \`floe runs\`)`);
      return EXIT_FAILED;
    }
    const file = join(runFolder(dir, runId), 'output.log');
    if (!existsSync(file)) {
      // A queued run has no output yet; an old one's folder was pruned (run-folders.ts).
      io.err(
        run.status === 'queued'
          ? `floe logs: run ${runId} has not started yet`
          : `floe logs: the output of run ${runId} is no longer kept (Floe keeps it for the newest ${RUN_FOLDERS_KEPT} runs)`,
      );
      return EXIT_FAILED;
    }
    process.stdout.write(readFileSync(file, 'utf8'));
    return EXIT_OK;
  },
};
