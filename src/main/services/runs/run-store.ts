// The run history: SQLite at `<project>/.floe/runs.db` (better-sqlite3, synchronous API, so every write
// is committed before the call returns). WAL lets the app, the CLI and tests read while a run writes.
//
// synchronous=NORMAL, not FULL: in WAL mode NORMAL never corrupts the database and loses nothing when
// the *process* dies (SIGKILL, crash) — committed transactions are in the WAL in the OS cache. Only an
// OS crash or power cut can drop the last few commits. FULL would fsync on every event batch (many per
// second during a run) for protection the product does not need.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database, Statement } from 'better-sqlite3';
import type { AssetHistory, AssetState } from '../../../shared/api/contract';
import type {
  AssetRunStatus,
  AssetStatusEvent,
  CheckResult,
  RunStatus,
  RunSummary,
  RunTrigger,
} from '../../../shared/runs';
import { processStartTime } from './process-identity';
import { recoverInterruptedRuns } from './store-recovery';
import { migrate } from './store-migrations';
import { materializationFrom, rowToSummary } from './store-rows';
import type { MaterializationRow, RunRow } from './store-rows';

export interface NewRun {
  id: string;
  env: string;
  selection: string;
  exclude?: string;
  trigger: RunTrigger;
  vars?: Record<string, unknown>;
  fullRefresh?: boolean;
  traceparent?: string;
  createdAt: Date;
}

export interface RunPatch {
  status?: RunStatus;
  env?: string;
  startedAt?: Date;
  finishedAt?: Date;
  dbtVersion?: string;
  exitCode?: number;
  pid?: number;
  invocationId?: string;
  message?: string;
}

export interface AssetStatusRecord extends AssetStatusEvent {
  env: string;
  /** dbt's checksum of the asset's file when it ran (recorded on success, used for staleness). */
  checksum?: string;
  /** Fingerprint of the asset's properties YAML entry when it ran (see properties-checksums.ts). */
  propertiesChecksum?: string;
  startedAt?: string;
}

export interface CheckResultRecord extends CheckResult {
  at: string;
  assetId?: string;
  thread?: string;
  executionTime?: number;
}

export interface SuccessRecord {
  lastSuccessAt: string;
  runId: string;
  checksum?: string;
  propertiesChecksum?: string;
}

const FINAL_ASSET = new Set<AssetRunStatus>(['success', 'failed', 'skipped', 'warned', 'canceled']);

export class RunStore {
  private readonly seqs = new Map<string, number>();
  /** Runs found queued/running with a dead owner on open, now `interrupted`. */
  readonly recovered: string[];

  private readonly statements = new Map<string, Statement>();

  private constructor(private readonly db: Database) {
    this.recovered = recoverInterruptedRuns(db);
  }

  static open(path: string): RunStore {
    mkdirSync(dirname(path), { recursive: true });
    const db = new BetterSqlite3(path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      // The app and `floe runs` may open the store at the same moment: wait instead of failing.
      db.pragma('busy_timeout = 5000');
      migrate(db);
      return new RunStore(db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /** Prepared statements are reused: preparing costs more than running these small queries. */
  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Runs `fn` in one transaction (nested calls join it). */
  batch<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  createRun(run: NewRun): void {
    this.prepare(
      `INSERT INTO runs (id, env, selection, exclude, trigger, status, vars, full_refresh, created_at,
           owner_pid, owner_start, traceparent)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
    ).run(
      run.id,
      run.env,
      run.selection,
      run.exclude ?? null,
      run.trigger,
      run.vars === undefined ? null : JSON.stringify(run.vars),
      run.fullRefresh === true ? 1 : 0,
      run.createdAt.toISOString(),
      process.pid,
      processStartTime(process.pid),
      run.traceparent ?? null,
    );
  }

  updateRun(id: string, patch: RunPatch): void {
    const columns: Record<keyof RunPatch, string> = {
      status: 'status',
      env: 'env',
      startedAt: 'started_at',
      finishedAt: 'finished_at',
      dbtVersion: 'dbt_version',
      exitCode: 'exit_code',
      pid: 'pid',
      invocationId: 'invocation_id',
      message: 'message',
    };
    const sets: string[] = [];
    const values: (string | number)[] = [];
    for (const [key, value] of Object.entries(patch) as [
      keyof RunPatch,
      RunPatch[keyof RunPatch],
    ][]) {
      if (value === undefined) continue;
      sets.push(`${columns[key]} = ?`);
      values.push(value instanceof Date ? value.toISOString() : value);
    }
    if (sets.length === 0) return;
    this.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }

  private nextSeq(runId: string): number {
    let seq = this.seqs.get(runId);
    if (seq === undefined) {
      const row = this.prepare('SELECT MAX(seq) AS s FROM run_events WHERE run_id = ?').get(
        runId,
      ) as { s: number | null } | undefined;
      seq = row?.s ?? 0;
    }
    seq += 1;
    this.seqs.set(runId, seq);
    return seq;
  }

  private insertEvent(
    runId: string,
    e: {
      at: string;
      nodeId?: string;
      kind: string;
      status: string;
      message?: string;
      thread?: string;
    },
    extra: { rowsAffected?: number; executionTime?: number } = {},
  ): void {
    this.prepare(
      `INSERT INTO run_events (run_id, seq, at, node_id, kind, status, message, thread, rows_affected, execution_time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      runId,
      this.nextSeq(runId),
      e.at,
      e.nodeId ?? null,
      e.kind,
      e.status,
      e.message ?? null,
      e.thread ?? null,
      extra.rowsAffected ?? null,
      extra.executionTime ?? null,
    );
  }

  /** One asset status change: the event, the run's materialization row and the asset's latest state. */
  recordAssetStatus(r: AssetStatusRecord): void {
    this.batch(() => {
      this.insertEvent(r.runId, { ...r, nodeId: r.assetId, kind: 'asset' }, r);
      const final = FINAL_ASSET.has(r.status);
      const startedAt = r.startedAt ?? (r.status === 'running' ? r.at : null);
      this.prepare(
        `INSERT INTO materializations (run_id, asset_id, env, status, started_at, finished_at, message,
             rows_affected, execution_time, checksum, properties_checksum)
           VALUES (@runId, @assetId, @env, @status, @startedAt, @finishedAt, @message, @rows, @time, @checksum,
             @propertiesChecksum)
           ON CONFLICT (run_id, asset_id) DO UPDATE SET status = excluded.status,
             started_at = COALESCE(excluded.started_at, started_at),
             finished_at = COALESCE(excluded.finished_at, finished_at),
             message = COALESCE(excluded.message, message),
             rows_affected = COALESCE(excluded.rows_affected, rows_affected),
             execution_time = COALESCE(excluded.execution_time, execution_time),
             checksum = COALESCE(excluded.checksum, checksum),
             properties_checksum = COALESCE(excluded.properties_checksum, properties_checksum)`,
      ).run({
        runId: r.runId,
        assetId: r.assetId,
        env: r.env,
        status: r.status,
        startedAt,
        finishedAt: final ? r.at : null,
        message: r.message ?? null,
        rows: r.rowsAffected ?? null,
        time: r.executionTime ?? null,
        checksum: r.checksum ?? null,
        propertiesChecksum: r.propertiesChecksum ?? null,
      });
      const success = r.status === 'success' || r.status === 'warned';
      this.prepare(
        `INSERT INTO asset_states (asset_id, env, status, run_id, at, last_success_at, last_success_run_id, success_checksum,
             success_properties_checksum)
           VALUES (@assetId, @env, @status, @runId, @at, @successAt, @successRun, @checksum, @propertiesChecksum)
           ON CONFLICT (asset_id, env) DO UPDATE SET status = excluded.status, run_id = excluded.run_id,
             at = excluded.at,
             last_success_at = COALESCE(excluded.last_success_at, last_success_at),
             last_success_run_id = COALESCE(excluded.last_success_run_id, last_success_run_id),
             success_checksum = CASE WHEN excluded.last_success_at IS NULL THEN success_checksum
                                     ELSE excluded.success_checksum END,
             success_properties_checksum = CASE WHEN excluded.last_success_at IS NULL
                                     THEN success_properties_checksum
                                     ELSE excluded.success_properties_checksum END`,
      ).run({
        assetId: r.assetId,
        env: r.env,
        status: r.status,
        runId: r.runId,
        at: r.at,
        successAt: success ? r.at : null,
        successRun: success ? r.runId : null,
        checksum: success ? (r.checksum ?? null) : null,
        propertiesChecksum: success ? (r.propertiesChecksum ?? null) : null,
      });
    });
  }

  /** A check (dbt test) started: kept as an event only. */
  recordCheckStarted(runId: string, checkId: string, at: string, thread?: string): void {
    this.insertEvent(runId, { at, nodeId: checkId, kind: 'check', status: 'running', thread });
  }

  recordCheckResult(r: CheckResultRecord): void {
    this.batch(() => {
      this.insertEvent(r.runId, { ...r, nodeId: r.checkId, kind: 'check' }, r);
      this.prepare(
        `INSERT OR REPLACE INTO check_results (run_id, check_id, asset_id, status, message, failures, at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        r.runId,
        r.checkId,
        r.assetId ?? null,
        r.status,
        r.message ?? null,
        r.failures ?? null,
        r.at,
      );
    });
  }

  getRun(id: string): RunSummary | null {
    const row = this.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    return row === undefined ? null : this.summaryOf(row);
  }

  private summaryOf(row: RunRow): RunSummary {
    const failure = this.prepare(
      `SELECT asset_id, message FROM materializations
        WHERE run_id = ? AND status = 'failed' AND message IS NOT NULL
        ORDER BY finished_at, asset_id LIMIT 1`,
    ).get(row.id) as { asset_id: string; message: string } | undefined;
    return rowToSummary(
      row,
      this.runAssets(row.id),
      failure === undefined ? undefined : { assetId: failure.asset_id, message: failure.message },
    );
  }

  listRuns(limit = 100): RunSummary[] {
    const rows = this.prepare('SELECT * FROM runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[];
    return rows.map((row) => this.summaryOf(row));
  }

  /** Raw run row fields the summary does not carry. */
  runInfo(
    id: string,
  ): { pid?: number; invocationId?: string; message?: string; traceparent?: string } | null {
    const row = this.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    if (row === undefined) return null;
    const out: { pid?: number; invocationId?: string; message?: string; traceparent?: string } = {};
    if (row.pid !== null) out.pid = row.pid;
    if (row.invocation_id !== null) out.invocationId = row.invocation_id;
    if (row.message !== null) out.message = row.message;
    if (row.traceparent !== null) out.traceparent = row.traceparent;
    return out;
  }

  private runAssets(runId: string): Record<string, AssetRunStatus> {
    const rows = this.prepare(
      'SELECT asset_id, status FROM materializations WHERE run_id = ? ORDER BY asset_id',
    ).all(runId) as { asset_id: string; status: AssetRunStatus }[];
    return Object.fromEntries(rows.map((r) => [r.asset_id, r.status]));
  }

  /** Asset status events of a run in the order they happened. */
  runEvents(runId: string): AssetStatusEvent[] {
    const rows = this.prepare(
      `SELECT * FROM run_events WHERE run_id = ? AND kind = 'asset' ORDER BY seq`,
    ).all(runId) as {
      at: string;
      node_id: string;
      status: AssetRunStatus;
      message: string | null;
      thread: string | null;
      rows_affected: number | null;
      execution_time: number | null;
    }[];
    return rows.map((row) => {
      const event: AssetStatusEvent = {
        runId,
        assetId: row.node_id,
        status: row.status,
        at: row.at,
      };
      if (row.message !== null) event.message = row.message;
      if (row.thread !== null) event.thread = row.thread;
      if (row.rows_affected !== null) event.rowsAffected = row.rows_affected;
      if (row.execution_time !== null) event.executionTime = row.execution_time;
      return event;
    });
  }

  runCheckResults(runId: string): CheckResult[] {
    const rows = this.prepare('SELECT * FROM check_results WHERE run_id = ? ORDER BY check_id').all(
      runId,
    ) as {
      check_id: string;
      status: CheckResult['status'];
      message: string | null;
      failures: number | null;
    }[];
    return rows.map((row) => checkFrom(runId, row));
  }

  assetHistory(
    assetId: string,
    options: { env?: string; limit?: number; checkIds?: readonly string[] } = {},
  ): AssetHistory {
    const limit = options.limit ?? 50;
    const rows = this.prepare(
      `SELECT * FROM materializations WHERE asset_id = ? AND (? IS NULL OR env = ?) ORDER BY run_id DESC LIMIT ?`,
    ).all(assetId, options.env ?? null, options.env ?? null, limit) as MaterializationRow[];
    const checkIds = options.checkIds ?? [];
    const checkRows = this.prepare(
      `SELECT * FROM check_results WHERE asset_id = ? OR check_id IN (SELECT value FROM json_each(?))
         ORDER BY run_id DESC, check_id LIMIT ?`,
    ).all(assetId, JSON.stringify(checkIds), limit * 10) as {
      run_id: string;
      check_id: string;
      status: CheckResult['status'];
      message: string | null;
      failures: number | null;
    }[];
    return {
      assetId,
      materializations: rows.map(materializationFrom),
      checks: checkRows.map((row) => checkFrom(row.run_id, row)),
    };
  }

  /** The latest status of every asset in an environment. */
  latestStates(env: string): Record<string, AssetState> {
    const rows = this.prepare(
      'SELECT asset_id, status, run_id, at FROM asset_states WHERE env = ?',
    ).all(env) as {
      asset_id: string;
      status: AssetRunStatus;
      run_id: string;
      at: string;
    }[];
    return Object.fromEntries(
      rows.map((r) => [r.asset_id, { status: r.status, runId: r.run_id, at: r.at }]),
    );
  }

  /** Last successful materialization of every asset in an environment (for staleness). */
  lastSuccesses(env: string): Map<string, SuccessRecord> {
    const rows = this.prepare(
      `SELECT asset_id, last_success_at, last_success_run_id, success_checksum,
              success_properties_checksum FROM asset_states
         WHERE env = ? AND last_success_at IS NOT NULL`,
    ).all(env) as {
      asset_id: string;
      last_success_at: string;
      last_success_run_id: string;
      success_checksum: string | null;
      success_properties_checksum: string | null;
    }[];
    const out = new Map<string, SuccessRecord>();
    for (const r of rows) {
      const record: SuccessRecord = {
        lastSuccessAt: r.last_success_at,
        runId: r.last_success_run_id,
      };
      if (r.success_checksum !== null) record.checksum = r.success_checksum;
      if (r.success_properties_checksum !== null)
        record.propertiesChecksum = r.success_properties_checksum;
      out.set(r.asset_id, record);
    }
    return out;
  }

  integrityCheck(): string {
    const rows = this.db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('\n');
  }
}

function checkFrom(
  runId: string,
  row: {
    check_id: string;
    status: CheckResult['status'];
    message: string | null;
    failures: number | null;
  },
): CheckResult {
  const result: CheckResult = { runId, checkId: row.check_id, status: row.status };
  if (row.message !== null) result.message = row.message;
  if (row.failures !== null) result.failures = row.failures;
  return result;
}
