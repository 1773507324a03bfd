// Schema of `.floe/runs.db`, as an append-only list of migrations. Never edit a released migration:
// add a new one (the store applies every migration above the recorded `schema_version`).
import type { Database } from 'better-sqlite3';

export interface Migration {
  version: number;
  description: string;
  up: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, run events, materializations, asset states, check results',
    up: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        env TEXT NOT NULL,
        selection TEXT NOT NULL,
        exclude TEXT,
        trigger TEXT NOT NULL,
        status TEXT NOT NULL,
        vars TEXT,
        full_refresh INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        dbt_version TEXT,
        exit_code INTEGER,
        pid INTEGER,
        owner_pid INTEGER NOT NULL,
        owner_start TEXT,
        traceparent TEXT,
        invocation_id TEXT,
        message TEXT
      );
      CREATE INDEX runs_status ON runs(status);
      CREATE TABLE run_events (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        node_id TEXT,
        kind TEXT NOT NULL,
        status TEXT NOT NULL,
        message TEXT,
        thread TEXT,
        rows_affected INTEGER,
        execution_time REAL,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE TABLE materializations (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        asset_id TEXT NOT NULL,
        env TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        message TEXT,
        rows_affected INTEGER,
        execution_time REAL,
        checksum TEXT,
        PRIMARY KEY (run_id, asset_id)
      ) WITHOUT ROWID;
      CREATE INDEX materializations_asset ON materializations(asset_id, run_id);
      CREATE TABLE asset_states (
        asset_id TEXT NOT NULL,
        env TEXT NOT NULL,
        status TEXT NOT NULL,
        run_id TEXT NOT NULL,
        at TEXT NOT NULL,
        last_success_at TEXT,
        last_success_run_id TEXT,
        success_checksum TEXT,
        PRIMARY KEY (asset_id, env)
      ) WITHOUT ROWID;
      CREATE TABLE check_results (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        check_id TEXT NOT NULL,
        asset_id TEXT,
        status TEXT NOT NULL,
        message TEXT,
        failures INTEGER,
        at TEXT NOT NULL,
        PRIMARY KEY (run_id, check_id)
      ) WITHOUT ROWID;
      CREATE INDEX check_results_check ON check_results(check_id, run_id);
      CREATE INDEX check_results_asset ON check_results(asset_id, run_id);
    `,
  },
  {
    version: 2,
    description: "fingerprint of each asset's properties YAML entry at materialization (staleness)",
    up: `
      ALTER TABLE materializations ADD COLUMN properties_checksum TEXT;
      ALTER TABLE asset_states ADD COLUMN success_properties_checksum TEXT;
    `,
  },
];

export class StoreVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreVersionError';
  }
}

function currentVersion(db: Database): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as
    { v: number | null } | undefined;
  return row?.v ?? 0;
}

/**
 * Brings the database to the newest schema. Runs inside one IMMEDIATE transaction so two processes
 * opening the same store at once (app and CLI) cannot both migrate. Returns the versions applied.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)',
  );
  const apply = db.transaction((): number[] => {
    const from = currentVersion(db);
    const newest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
    if (from > newest) {
      throw new StoreVersionError(
        `runs.db has schema version ${from}, newer than this Floe Studio knows (${newest}); update Floe Studio`,
      );
    }
    const applied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (migration.version <= from) continue;
      db.exec(migration.up);
      db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)').run(
        migration.version,
        new Date().toISOString(),
      );
      applied.push(migration.version);
    }
    return applied;
  });
  return apply.immediate();
}
