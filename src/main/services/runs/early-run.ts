// A dbt started by `floe run` from its saved plan (run-plan.ts) before the engine was loaded, and
// handed to the engine, which adopts it when it would have started exactly the same command.
import type { PtyRun } from '../dbt/pty-runner';
import type { SpanIds } from '../telemetry/logger';

/** What a dbt process is started with. */
export interface SpawnSpec {
  file: string;
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
}

export interface EarlyRun {
  readonly runId: string;
  readonly projectDir: string;
  /** When floe decided to start dbt: the run's start. */
  readonly startedAt: Date;
  readonly spec: SpawnSpec;
  /** profiles.yml's stamp (run-plan.ts fileStamp) when dbt was started. */
  readonly profilesStamp: string;
  /** The run span's ids dbt got in TRACEPARENT (none when the plan records no traces). */
  readonly traceIds?: SpanIds;
  readonly pty: PtyRun;
  /** dbt's output so far, then as it comes, goes to `onOutput`. */
  attach(onOutput: (data: string) => void): void;
  /** Kills dbt and removes the dbt.log it may have begun; resolves once it is gone. */
  discard(): Promise<void>;
}

/** The lines printed before dbt's own output: its command line, and profile variables not set. */
export function spawnBanner(args: readonly string[], missing: readonly string[]): string {
  const lines = [`floe: ${['dbt', ...args].join(' ')}`];
  // Names only: values are secrets.
  if (missing.length > 0) lines.push(`floe: warning: not set: ${missing.join(', ')}`);
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * What differs between two spawns, in words (variable names only: values may be secrets), or
 * undefined when they are the same command.
 */
export function spawnDifference(a: SpawnSpec, b: SpawnSpec): string | undefined {
  if (a.file !== b.file) return 'the dbt executable';
  if (a.cwd !== b.cwd) return 'the dbt project folder';
  if (a.args.length !== b.args.length || a.args.some((arg, i) => arg !== b.args[i]))
    return 'the dbt arguments';
  const names = new Set([...Object.keys(a.env), ...Object.keys(b.env)]);
  const changed = [...names].filter((name) => a.env[name] !== b.env[name]).sort();
  return changed.length === 0 ? undefined : `the environment (${changed.join(', ')})`;
}
