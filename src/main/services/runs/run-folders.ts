// `.floe/runs/<run id>/` keeps each run's dbt output (output.log) and dbt's debug log (dbt.log).
// A project that runs all day would grow these without end: the folders of all but the newest
// RUN_FOLDERS_KEPT runs are removed when a run starts. The run history (runs.db) keeps every run.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isRunId } from './run-id';

export const RUN_FOLDERS_KEPT = 200;

/** `<project>/.floe/runs/<run id>`: output.log, dbt.log. */
export function runFolder(projectDir: string, runId: string): string {
  return join(projectDir, '.floe', 'runs', runId);
}

/** Removes all but the newest `keep` run folders; returns the ids removed. Never throws. */
export function pruneRunFolders(projectDir: string, keep = RUN_FOLDERS_KEPT): string[] {
  let ids: string[];
  try {
    ids = readdirSync(join(projectDir, '.floe', 'runs')).filter(isRunId);
  } catch {
    return [];
  }
  // Run ids sort by creation time as plain strings (run-id.ts).
  const old = ids.sort().reverse().slice(keep);
  const removed: string[] = [];
  for (const id of old) {
    try {
      rmSync(runFolder(projectDir, id), { recursive: true, force: true });
      removed.push(id);
    } catch {
      // A folder in use on Windows, say: the next run tries again.
    }
  }
  return removed;
}
