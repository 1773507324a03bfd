// The early dbt of `floe run`: bin/floe.cjs loads this small bundle (out/cli/early-run.cjs) before
// the CLI's own 2.6 MB bundle, and when the project's saved run plan (run-plan.ts) still holds, it
// starts dbt at once. The command then prepares the run as always and adopts this dbt when it would
// have started the very same command (run-execution.ts); otherwise it kills it and starts another.
// Everything here must stay small: no OpenTelemetry, no SQLite, no YAML.
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildDbtBuildArgs, buildDbtEnv } from '../services/dbt/dbt-command';
import { readProjectDotEnv } from '../services/dbt/dbt-parse';
import { runInPty, type PtyRun } from '../services/dbt/pty-runner';
import { spawnBanner, type EarlyRun } from '../services/runs/early-run';
import { runFolder } from '../services/runs/run-folders';
import { newRunId } from '../services/runs/run-id';
import { fileStamp, profilesFileOf, readRunPlan } from '../services/runs/run-plan';
import { traceparentOf } from '../services/telemetry/traceparent';
import { RUN_OPTIONS, varsOption } from './run-options';

type Environ = Readonly<Record<string, string | undefined>>;

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * Starts dbt for `floe run <argv>` from the saved plan, or returns undefined (no plan, a stale one,
 * `--parse`, arguments the command will refuse, FLOE_EARLY_SPAWN=0, or dbt could not be started):
 * the command then starts dbt itself. Never throws.
 */
export function startEarlyRun(
  argv: readonly string[],
  environ: Environ,
  cwd: string,
  terminal: (text: string, json: boolean) => void,
): EarlyRun | undefined {
  try {
    return start(argv, environ, cwd, terminal);
  } catch {
    return undefined;
  }
}

function start(
  argv: readonly string[],
  environ: Environ,
  cwd: string,
  terminal: (text: string, json: boolean) => void,
): EarlyRun | undefined {
  if (environ.FLOE_EARLY_SPAWN === '0') return undefined;
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: RUN_OPTIONS,
    allowPositionals: true,
    strict: true,
  });
  const vars = varsOption(values.vars);
  if (positionals.length > 1 || values.parse === true || vars === null) return undefined;
  const projectDir = resolve(cwd, positionals[0] ?? '.');
  const plan = readRunPlan(projectDir, values.env);
  if (plan === undefined) return undefined;

  const startedAt = new Date();
  const runId = newRunId(startedAt);
  const runDir = runFolder(projectDir, runId);
  mkdirSync(runDir, { recursive: true });
  // crypto, not OpenTelemetry's id generator: loading OpenTelemetry here would cost what this saves.
  const traceIds = plan.traces
    ? { traceId: randomBytes(16).toString('hex'), spanId: randomBytes(8).toString('hex') }
    : undefined;
  const { env, missing } = buildDbtEnv({
    environ,
    dotEnv: readProjectDotEnv(projectDir),
    profileEnvVars: plan.profileEnvVars,
    ...(traceIds === undefined ? {} : { traceparent: traceparentOf(traceIds) }),
  });
  const args = buildDbtBuildArgs({
    select: optionalString(values.select),
    exclude: optionalString(values.exclude),
    target: plan.target,
    profilesDir: plan.profilesDir,
    projectDir: plan.dbtProjectDir,
    logPath: runDir,
    vars,
    fullRefresh: values['full-refresh'] === true,
  });
  const profilesStamp = fileStamp(profilesFileOf(plan.profilesDir));
  const buffered: string[] = [];
  let sink: ((data: string) => void) | undefined;
  const logFile = join(runDir, 'output.log');
  let pty: PtyRun;
  try {
    pty = runInPty({
      file: plan.dbtPath,
      args,
      cwd: plan.dbtProjectDir,
      env,
      logFile,
      onOutput: (data) => (sink === undefined ? buffered.push(data) : sink(data)),
    });
  } catch {
    // dbt moved, say: the command finds it again and says so; no folder of a run that never was.
    rmSync(runDir, { recursive: true, force: true });
    return undefined;
  }
  // dbt's first output is a second away; the command line goes first, to the log and the terminal.
  const banner = spawnBanner(args, missing);
  appendFileSync(logFile, banner);
  terminal(banner, values.json === true);
  return {
    runId,
    projectDir,
    startedAt,
    spec: { file: plan.dbtPath, args, cwd: plan.dbtProjectDir, env },
    profilesStamp,
    ...(traceIds === undefined ? {} : { traceIds }),
    pty,
    attach(onOutput) {
      for (const data of buffered.splice(0)) onOutput(data);
      sink = onOutput;
    },
    async discard() {
      await pty.cancel(0);
      buffered.length = 0;
      rmSync(join(runDir, 'dbt.log'), { force: true });
    },
  };
}
