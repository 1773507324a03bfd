// The local lineage store: every event Floe Studio emits, with its delivery state, in
// `<project>/.floe/lineage.db` (SQLite, WAL). Undelivered rows are the spool the sender drains.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { ColumnClassification } from '../../../shared/assets';
import {
  COLUMN_CLASSIFICATION_FACET,
  type LineageDelivery,
  type LineageEventQuery,
  type LineageEventType,
  type OpenLineageRunEvent,
  type StoredLineageEvent,
} from '../../../shared/lineage';

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  run_id TEXT NOT NULL,
  parent_run_id TEXT,
  floe_run_id TEXT NOT NULL,
  job_namespace TEXT NOT NULL,
  job_name TEXT NOT NULL,
  asset_id TEXT,
  event_type TEXT NOT NULL,
  event_time TEXT NOT NULL,
  json TEXT NOT NULL,
  endpoint TEXT,            -- redacted endpoint URL it is meant for; NULL: no endpoint configured
  delivered INTEGER,        -- NULL: local only, 0: pending (spooled), 1: delivered, -1: rejected
  delivered_at TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_until INTEGER,      -- epoch ms: a sender (maybe in another process) is delivering it
  lease_owner TEXT
);
CREATE INDEX IF NOT EXISTS events_floe_run ON events(floe_run_id);
CREATE INDEX IF NOT EXISTS events_asset ON events(asset_id);
CREATE INDEX IF NOT EXISTS events_pending ON events(endpoint, seq) WHERE delivered = 0;
CREATE TABLE IF NOT EXISTS event_datasets (
  seq INTEGER NOT NULL,
  role TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  asset_id TEXT
);
CREATE INDEX IF NOT EXISTS event_datasets_seq ON event_datasets(seq);
CREATE INDEX IF NOT EXISTS event_datasets_name ON event_datasets(namespace, name);
CREATE INDEX IF NOT EXISTS event_datasets_asset ON event_datasets(asset_id);
CREATE TABLE IF NOT EXISTS jobs (
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  asset_id TEXT,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (namespace, name)
);
CREATE INDEX IF NOT EXISTS jobs_asset ON jobs(asset_id);
CREATE TABLE IF NOT EXISTS datasets (
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  asset_id TEXT,
  classifications TEXT,
  PRIMARY KEY (namespace, name)
);
CREATE INDEX IF NOT EXISTS datasets_asset ON datasets(asset_id);
CREATE INDEX IF NOT EXISTS datasets_name ON datasets(name);
`;

export interface NewLineageEvent {
  eventId: string;
  floeRunId: string;
  parentRunId?: string;
  assetId?: string;
  /** dbt unique_ids of the event's input datasets, by position (undefined where not an asset). */
  inputAssetIds?: (string | undefined)[];
  event: OpenLineageRunEvent;
  /** `JSON.stringify(event)`, when the caller already has it. */
  json?: string;
  /** Redacted endpoint URL the event is for, or undefined when none is configured. */
  endpoint?: string;
}

export interface PendingLineageEvent {
  seq: number;
  eventId: string;
  runId: string;
  json: string;
}

interface EventRow {
  seq: number;
  event_id: string;
  run_id: string;
  parent_run_id: string | null;
  floe_run_id: string;
  job_namespace: string;
  job_name: string;
  asset_id: string | null;
  event_type: string;
  event_time: string;
  json: string;
  delivered: number | null;
}

export interface JobRow {
  namespace: string;
  name: string;
  asset_id: string | null;
  last_seq: number;
}

export interface DatasetRow {
  namespace: string;
  name: string;
  asset_id: string | null;
  classifications: string | null;
}

interface Statements {
  insert: Database.Statement;
  findEvent: Database.Statement;
  insertDataset: Database.Statement;
  upsertJob: Database.Statement;
  upsertDataset: Database.Statement;
  touchDataset: Database.Statement;
  pending: Database.Statement;
  pendingEndpoints: Database.Statement;
  pendingCount: Database.Statement;
  markDelivered: Database.Statement;
  markAttempt: Database.Statement;
  markRejected: Database.Statement;
  claim: Database.Statement;
  release: Database.Statement;
}

export function defaultLineageDbPath(projectDir: string): string {
  return join(projectDir, '.floe', 'lineage.db');
}

function delivery(value: number | null): LineageDelivery {
  if (value === null) return 'local';
  if (value === 1) return 'delivered';
  return value === 0 ? 'pending' : 'rejected';
}

export function toStoredEvent(row: EventRow): StoredLineageEvent {
  const stored: StoredLineageEvent = {
    seq: row.seq,
    eventId: row.event_id,
    runId: row.run_id,
    floeRunId: row.floe_run_id,
    jobNamespace: row.job_namespace,
    jobName: row.job_name,
    eventType: row.event_type as LineageEventType,
    eventTime: row.event_time,
    delivery: delivery(row.delivered),
    event: JSON.parse(row.json) as OpenLineageRunEvent,
  };
  if (row.parent_run_id !== null) stored.parentRunId = row.parent_run_id;
  if (row.asset_id !== null) stored.assetId = row.asset_id;
  return stored;
}

function classificationsOf(facets: Record<string, unknown> | undefined): string | null | undefined {
  if (facets === undefined) return undefined;
  const facet = facets[COLUMN_CLASSIFICATION_FACET];
  if (facet === undefined || facet === null || typeof facet !== 'object') return null;
  const value = (facet as { classifications?: Record<string, ColumnClassification> })
    .classifications;
  return value === undefined ? null : JSON.stringify(value);
}

export class LineageStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly statements: Statements;
  /** Dataset rows this instance wrote, by `namespace\nname`. */
  private readonly datasetsWritten = new Map<
    string,
    { assetId: string | null; classifications: string | null | undefined }
  >();

  constructor(path: string) {
    this.path = path;
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // WAL with NORMAL survives a process crash; only a power loss can drop the last commits.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    const db = this.db;
    this.statements = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO events (event_id, run_id, parent_run_id, floe_run_id, job_namespace, job_name,
           asset_id, event_type, event_time, json, endpoint, delivered)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      findEvent: db.prepare('SELECT seq FROM events WHERE event_id = ?'),
      insertDataset: db.prepare(
        'INSERT INTO event_datasets (seq, role, namespace, name, asset_id) VALUES (?, ?, ?, ?, ?)',
      ),
      upsertJob: db.prepare(
        `INSERT INTO jobs (namespace, name, asset_id, last_seq) VALUES (?, ?, ?, ?)
         ON CONFLICT(namespace, name) DO UPDATE SET asset_id = coalesce(excluded.asset_id, asset_id), last_seq = excluded.last_seq`,
      ),
      upsertDataset: db.prepare(
        `INSERT INTO datasets (namespace, name, asset_id, classifications) VALUES (?, ?, ?, ?)
         ON CONFLICT(namespace, name) DO UPDATE SET asset_id = coalesce(excluded.asset_id, asset_id),
           classifications = excluded.classifications`,
      ),
      touchDataset: db.prepare(
        `INSERT INTO datasets (namespace, name, asset_id, classifications) VALUES (?, ?, ?, NULL)
         ON CONFLICT(namespace, name) DO UPDATE SET asset_id = coalesce(excluded.asset_id, asset_id)`,
      ),
      pending: db.prepare(
        'SELECT seq, event_id AS eventId, run_id AS runId, json FROM events WHERE delivered = 0 AND endpoint = ? ORDER BY seq LIMIT ?',
      ),
      pendingEndpoints: db.prepare(
        'SELECT DISTINCT endpoint FROM events WHERE delivered = 0 AND endpoint IS NOT NULL',
      ),
      pendingCount: db.prepare('SELECT count(*) AS n FROM events WHERE delivered = 0'),
      markDelivered: db.prepare(
        `UPDATE events SET delivered = 1, delivered_at = ?, attempts = attempts + 1, lease_until = NULL, lease_owner = NULL
         WHERE seq IN (SELECT value FROM json_each(?))`,
      ),
      markAttempt: db.prepare(
        'UPDATE events SET attempts = attempts + 1, lease_until = NULL, lease_owner = NULL WHERE seq = ?',
      ),
      markRejected: db.prepare(
        'UPDATE events SET delivered = -1, attempts = attempts + 1, lease_until = NULL, lease_owner = NULL WHERE seq = ?',
      ),
      release: db.prepare(
        'UPDATE events SET lease_until = NULL, lease_owner = NULL WHERE lease_owner = ? AND seq IN (SELECT value FROM json_each(?))',
      ),
      claim: db.prepare(
        `UPDATE events SET lease_until = ?, lease_owner = ? WHERE seq IN (SELECT value FROM json_each(?)) AND delivered = 0
         AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)`,
      ),
    };
  }

  /** Stores events in one transaction; returns their seq (an event id already stored keeps its row). */
  insert(events: NewLineageEvent[]): number[] {
    const run = this.db.transaction((batch: NewLineageEvent[]) =>
      batch.map((item) => this.insertOne(item)),
    );
    return run(events);
  }

  private insertOne(item: NewLineageEvent): number {
    const { event } = item;
    const s = this.statements;
    const result = s.insert.run(
      item.eventId,
      event.run.runId,
      item.parentRunId ?? null,
      item.floeRunId,
      event.job.namespace,
      event.job.name,
      item.assetId ?? null,
      event.eventType,
      event.eventTime,
      item.json ?? JSON.stringify(event),
      item.endpoint ?? null,
      item.endpoint === undefined ? null : 0,
    );
    if (result.changes === 0) {
      // Redelivered into the store (same event id): keep the first copy.
      return (s.findEvent.get(item.eventId) as { seq: number }).seq;
    }
    const seq = Number(result.lastInsertRowid);
    s.upsertJob.run(event.job.namespace, event.job.name, item.assetId ?? null, seq);
    // The run's own job carries test assertions as inputs; they are not data flow, so no edges.
    if (item.parentRunId === undefined) return seq;
    event.inputs.forEach((dataset, index) => {
      const assetId = item.inputAssetIds?.[index] ?? null;
      s.insertDataset.run(seq, 'input', dataset.namespace, dataset.name, assetId);
      this.noteDataset(dataset.namespace, dataset.name, assetId, dataset.facets);
    });
    for (const dataset of event.outputs) {
      s.insertDataset.run(seq, 'output', dataset.namespace, dataset.name, item.assetId ?? null);
      this.noteDataset(dataset.namespace, dataset.name, item.assetId ?? null, dataset.facets);
    }
    return seq;
  }

  private noteDataset(
    namespace: string,
    name: string,
    assetId: string | null,
    facets: Record<string, unknown> | undefined,
  ): void {
    const classifications = classificationsOf(facets);
    // Datasets recur in every event of a run: skip the write when this store already wrote the same.
    const key = `${namespace}\n${name}`;
    const prev = this.datasetsWritten.get(key);
    const sameAsset = prev !== undefined && (assetId === null || prev.assetId === assetId);
    if (classifications === undefined) {
      if (sameAsset) return;
      this.statements.touchDataset.run(namespace, name, assetId);
    } else {
      if (sameAsset && prev.classifications === classifications) return;
      this.statements.upsertDataset.run(namespace, name, assetId, classifications);
    }
    this.datasetsWritten.set(key, {
      assetId: assetId ?? prev?.assetId ?? null,
      classifications: classifications === undefined ? prev?.classifications : classifications,
    });
  }

  pending(endpoint: string, limit: number): PendingLineageEvent[] {
    return this.statements.pending.all(endpoint, limit) as PendingLineageEvent[];
  }

  pendingEndpoints(): string[] {
    return (this.statements.pendingEndpoints.all() as { endpoint: string }[]).map(
      (row) => row.endpoint,
    );
  }

  pendingCount(): number {
    return (this.statements.pendingCount.get() as { n: number }).n;
  }

  markDelivered(seqs: number[], at: Date): void {
    if (seqs.length > 0) this.statements.markDelivered.run(at.toISOString(), JSON.stringify(seqs));
  }

  /**
   * Takes (or renews) the delivery lease of pending events for `leaseMs` on behalf of `owner`; false,
   * with nothing taken, when another sender (this process or another: the CLI and the studio share the
   * store) holds one of them or one is no longer pending.
   */
  claim(owner: string, seqs: number[], leaseMs: number, now: number = Date.now()): boolean {
    const list = JSON.stringify(seqs);
    const run = this.db.transaction((): boolean => {
      const taken = this.statements.claim.run(now + leaseMs, owner, list, now, owner).changes;
      if (taken === seqs.length) return true;
      this.statements.release.run(owner, list);
      return false;
    });
    return run();
  }

  release(owner: string, seqs: number[]): void {
    if (seqs.length > 0) this.statements.release.run(owner, JSON.stringify(seqs));
  }

  markRejected(seq: number): void {
    this.statements.markRejected.run(seq);
  }

  markAttempt(seq: number): void {
    this.statements.markAttempt.run(seq);
  }

  listEvents(query: LineageEventQuery = {}): StoredLineageEvent[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (query.floeRunId !== undefined) {
      where.push('floe_run_id = ?');
      params.push(query.floeRunId);
    }
    if (query.assetId !== undefined) {
      where.push(
        `(asset_id = ? OR seq IN (SELECT seq FROM event_datasets WHERE asset_id = ? AND role = 'output'))`,
      );
      params.push(query.assetId, query.assetId);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const sql =
      query.limit === undefined
        ? `SELECT * FROM events ${clause} ORDER BY seq`
        : `SELECT * FROM (SELECT * FROM events ${clause} ORDER BY seq DESC LIMIT ?) ORDER BY seq`;
    if (query.limit !== undefined) params.push(Math.max(0, Math.floor(query.limit)));
    return (this.db.prepare(sql).all(...params) as EventRow[]).map(toStoredEvent);
  }

  /** Raw access for the graph queries (graph.ts). */
  all<T>(sql: string, ...params: (string | number | null)[]): T[] {
    return this.db.prepare(sql).all(...params) as T[];
  }

  get<T>(sql: string, ...params: (string | number | null)[]): T | undefined {
    return this.db.prepare(sql).get(...params) as T | undefined;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function openLineageStore(path: string): LineageStore {
  return new LineageStore(path);
}
