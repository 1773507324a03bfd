// What the run commands share: the project dir, its compiled state (problems printed) and the store.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../repo-root';
import { runDbtParse } from '../services/dbt/dbt-parse';
import { loadProjectState, type ProjectState } from '../services/project/project-state';
import { runsDbPath } from '../services/runs/run-engine';
import { RunStore } from '../services/runs/run-store';
import { printProblems, type CliIo } from './cli-io';

export function projectDirOf(io: CliIo, positional: string | undefined): string {
  return resolve(io.cwd, positional ?? '.');
}

export function envOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Compiles and loads the graph (unless `withGraph` is false); with `parse`, runs `dbt parse` first. */
export async function loadForCli(
  io: CliIo,
  dir: string,
  options: { env?: string; parse?: boolean; withGraph?: boolean },
): Promise<ProjectState> {
  const root = repoRoot();
  const load = (): ProjectState =>
    loadProjectState({
      dir,
      env: options.env,
      environ: io.environ,
      repoRoot: root,
      withGraph: options.withGraph,
    });
  let state = load();
  if (options.parse === true && state.artifacts !== null && state.dbtPath !== null) {
    io.err('floe: running dbt parse…');
    const parsed = await runDbtParse({
      dbtPath: state.dbtPath,
      projectDir: dir,
      artifacts: state.artifacts,
      profileEnvVars: state.envVars,
      environ: io.environ,
    });
    if (!parsed.ok) io.err(parsed.output);
    state = load();
  }
  return state;
}

export function reportBlocking(io: CliIo, state: ProjectState): boolean {
  const errors = state.problems.filter((p) => p.severity === 'error');
  printProblems(io, state.problems);
  return errors.length > 0;
}

/** The store, if the project ever ran anything (opening it recovers interrupted runs). */
export function openStoreIfAny(dir: string): RunStore | null {
  const path = runsDbPath(dir);
  return existsSync(path) ? RunStore.open(path) : null;
}
