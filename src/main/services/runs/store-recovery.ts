// Crash recovery of runs.db: a run still `queued`/`running` whose owning process is gone (the app or
// `floe run` was killed) becomes `interrupted`. Its events stay as they were; its unfinished assets are
// settled as `canceled` so no asset shows "running" forever.
import type { Database } from 'better-sqlite3';
import { isSameProcessAlive } from './process-identity';

export const INTERRUPTED_MESSAGE = 'interrupted: the process running it ended before dbt finished';

/** Returns the ids of the runs it marked interrupted. */
export function recoverInterruptedRuns(db: Database): string[] {
  const rows = db
    .prepare(`SELECT id, owner_pid, owner_start FROM runs WHERE status IN ('queued', 'running')`)
    .all() as { id: string; owner_pid: number; owner_start: string | null }[];
  const dead = rows.filter((r) => !isSameProcessAlive(r.owner_pid, r.owner_start)).map((r) => r.id);
  if (dead.length === 0) return [];
  const lastEvent = db.prepare('SELECT MAX(at) AS at FROM run_events WHERE run_id = ?');
  const markRun = db.prepare(
    `UPDATE runs SET status = 'interrupted', finished_at = ?, message = ? WHERE id = ?`,
  );
  const settleAssets = db.prepare(
    `UPDATE materializations SET status = 'canceled', message = COALESCE(message, ?)
     WHERE run_id = ? AND status IN ('queued', 'running')`,
  );
  const settleStates = db.prepare(
    `UPDATE asset_states SET status = 'canceled' WHERE run_id = ? AND status IN ('queued', 'running')`,
  );
  const now = new Date().toISOString();
  db.transaction(() => {
    for (const id of dead) {
      const last = lastEvent.get(id) as { at: string | null } | undefined;
      // The run ended, as far as anyone can tell, with its last recorded event.
      markRun.run(last?.at ?? now, INTERRUPTED_MESSAGE, id);
      settleAssets.run(INTERRUPTED_MESSAGE, id);
      settleStates.run(id);
    }
  })();
  return dead;
}
