// The local span store `<project>/.floe/traces.db` (SQLite, WAL): what the timeline and `floe traces`
// read, with or without a collector. Times are kept as integer microseconds since the epoch.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import {
  ATTR,
  RUN_SPAN_NAME,
  type SpanAttributes,
  type SpanEventRecord,
  type SpanKindName,
  type SpanRecord,
  type SpanStatusName,
  type TracedRun,
} from '../../../shared/traces';

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS spans (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  start_us INTEGER NOT NULL,
  end_us INTEGER NOT NULL,
  status TEXT NOT NULL,
  status_message TEXT,
  attributes TEXT NOT NULL,
  events TEXT,
  resource TEXT,
  floe_run_id TEXT,
  node_id TEXT,
  PRIMARY KEY (trace_id, span_id)
);
CREATE INDEX IF NOT EXISTS spans_by_run ON spans (floe_run_id, start_us);
CREATE INDEX IF NOT EXISTS spans_by_name ON spans (name, start_us);
`;

interface SpanRow {
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  name: string;
  kind: string;
  start_us: number;
  end_us: number;
  status: string;
  status_message: string | null;
  attributes: string;
  events: string | null;
  resource: string | null;
  floe_run_id: string | null;
  node_id: string | null;
}

export function tracesDbPath(projectDir: string): string {
  return join(projectDir, '.floe', 'traces.db');
}

const toUs = (ms: number): number => Math.round(ms * 1000);

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function rowToRecord(row: SpanRow): SpanRecord {
  const record: SpanRecord = {
    traceId: row.trace_id,
    spanId: row.span_id,
    name: row.name,
    kind: row.kind as SpanKindName,
    startMs: row.start_us / 1000,
    endMs: row.end_us / 1000,
    status: row.status as SpanStatusName,
    attributes: parseJson<SpanAttributes>(row.attributes, {}),
    events: parseJson<SpanEventRecord[]>(row.events, []),
  };
  if (row.parent_span_id !== null) record.parentSpanId = row.parent_span_id;
  if (row.status_message !== null) record.statusMessage = row.status_message;
  if (row.resource !== null) record.resource = parseJson<SpanAttributes>(row.resource, {});
  if (row.floe_run_id !== null) record.runId = row.floe_run_id;
  if (row.node_id !== null) record.nodeId = row.node_id;
  return record;
}

export class SpanStore {
  private readonly db: Database.Database;
  private readonly insertStmt: Database.Statement;
  private readonly insertMany: (records: readonly SpanRecord[]) => void;
  private readonly insertNewMany: (records: readonly SpanRecord[]) => number;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // Readers (the CLI, a second window) may hold the file briefly; wait instead of failing.
    this.db.pragma('busy_timeout = 2000');
    this.db.pragma('synchronous = NORMAL');
    const version = Number(this.db.pragma('user_version', { simple: true }));
    if (version < SCHEMA_VERSION) {
      this.db.exec(SCHEMA);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
    this.insertStmt = this.db.prepare(
      `INSERT OR REPLACE INTO spans (trace_id, span_id, parent_span_id, name, kind, start_us, end_us, status,
         status_message, attributes, events, resource, floe_run_id, node_id)
       VALUES (@trace_id, @span_id, @parent_span_id, @name, @kind, @start_us, @end_us, @status,
         @status_message, @attributes, @events, @resource, @floe_run_id, @node_id)`,
    );
    this.insertMany = this.db.transaction((records: readonly SpanRecord[]) => {
      for (const record of records) this.insertStmt.run(this.toRow(record));
    });
    const insertNewStmt = this.db.prepare(
      `INSERT OR IGNORE INTO spans (trace_id, span_id, parent_span_id, name, kind, start_us, end_us, status,
         status_message, attributes, events, resource, floe_run_id, node_id)
       VALUES (@trace_id, @span_id, @parent_span_id, @name, @kind, @start_us, @end_us, @status,
         @status_message, @attributes, @events, @resource, @floe_run_id, @node_id)`,
    );
    this.insertNewMany = this.db.transaction((records: readonly SpanRecord[]) => {
      let stored = 0;
      for (const record of records) stored += insertNewStmt.run(this.toRow(record)).changes;
      return stored;
    });
  }

  private toRow(record: SpanRecord): SpanRow {
    return {
      trace_id: record.traceId,
      span_id: record.spanId,
      parent_span_id: record.parentSpanId ?? null,
      name: record.name,
      kind: record.kind,
      start_us: toUs(record.startMs),
      end_us: toUs(record.endMs),
      status: record.status,
      status_message: record.statusMessage ?? null,
      attributes: JSON.stringify(record.attributes),
      events: record.events.length > 0 ? JSON.stringify(record.events) : null,
      resource: record.resource !== undefined ? JSON.stringify(record.resource) : null,
      floe_run_id: record.runId ?? null,
      node_id: record.nodeId ?? null,
    };
  }

  /** Writes records in one transaction. */
  insert(records: readonly SpanRecord[]): void {
    if (records.length > 0) this.insertMany(records);
  }

  /**
   * Writes spans from outside the engine (the renderer's click span) without replacing any stored
   * span: an external writer must not be able to rewrite a run's spans. Returns how many were new.
   */
  insertExternal(records: readonly SpanRecord[]): number {
    return records.length > 0 ? this.insertNewMany(records) : 0;
  }

  /**
   * Spans of one run, earliest first (the run span before its children when they start together),
   * plus the spans of the run's trace that belong to no run: the click that started it, whose span
   * reaches the store before the run span exists and so cannot carry the run id.
   */
  runSpans(runId: string): SpanRecord[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM (
           SELECT * FROM spans WHERE floe_run_id = ?
           UNION ALL
           SELECT * FROM spans WHERE floe_run_id IS NULL AND trace_id IN (
             SELECT trace_id FROM spans WHERE floe_run_id = ? AND node_id IS NULL AND name = ?)
         ) ORDER BY start_us, CASE WHEN node_id IS NULL THEN 0 ELSE 1 END, span_id`,
      )
      .all(runId, runId, RUN_SPAN_NAME) as SpanRow[];
    return rows.map(rowToRecord);
  }

  /** Runs that have a run span, newest first. */
  tracedRuns(limit = 50): TracedRun[] {
    const rows = this.db
      .prepare(
        `SELECT r.*, (SELECT COUNT(*) FROM spans c WHERE c.floe_run_id = r.floe_run_id) AS span_count
         FROM spans r WHERE r.name = ? AND r.node_id IS NULL AND r.floe_run_id IS NOT NULL
         ORDER BY r.start_us DESC LIMIT ?`,
      )
      .all(RUN_SPAN_NAME, limit) as (SpanRow & { span_count: number })[];
    return rows.map((row) => {
      const record = rowToRecord(row);
      const attr = (key: string): string | undefined => {
        const value = record.attributes[key];
        return typeof value === 'string' ? value : undefined;
      };
      const run: TracedRun = {
        runId: record.runId ?? '',
        traceId: record.traceId,
        spanId: record.spanId,
        startMs: record.startMs,
        endMs: record.endMs,
        status: record.status,
        spanCount: row.span_count,
      };
      const runStatus = attr(ATTR.runStatus);
      const environment = attr(ATTR.environment);
      const selection = attr(ATTR.selection);
      if (runStatus !== undefined) run.runStatus = runStatus;
      if (environment !== undefined) run.environment = environment;
      if (selection !== undefined) run.selection = selection;
      return run;
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** Spans of a run (default: the latest traced run) from `<project>/.floe/traces.db`; [] when none. */
export function listRunSpans(projectDir: string, runId?: string): SpanRecord[] {
  const path = tracesDbPath(projectDir);
  if (!existsSync(path)) return [];
  const store = new SpanStore(path);
  try {
    const id = runId ?? store.tracedRuns(1)[0]?.runId;
    return id === undefined ? [] : store.runSpans(id);
  } finally {
    store.close();
  }
}

/** Runs with traces in `<project>/.floe/traces.db`, newest first; [] when none. */
export function listTracedRuns(projectDir: string, limit = 50): TracedRun[] {
  const path = tracesDbPath(projectDir);
  if (!existsSync(path)) return [];
  const store = new SpanStore(path);
  try {
    return store.tracedRuns(limit);
  } finally {
    store.close();
  }
}
