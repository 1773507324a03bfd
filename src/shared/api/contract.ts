// THE api contract between the studio UI and the engine: every request with its payload schema and
// result type, and every pushed event. Used by main (validation), preload, web host and renderer.
import { z } from 'zod';
import type { Asset, AssetCheck, AssetGraphSummary } from '../assets';
import type { Problem } from '../problems';
import type { AssetRunStatus, AssetStatusEvent, CheckResult, RunSummary } from '../runs';
import type { ComputeTarget } from '../config/floe-schema';
import type { LineageGraph, StoredLineageEvent } from '../lineage';
import type { SpanRecord, TracedRun } from '../traces';
import { exportSpansSchema } from './exported-span';

export interface EnvironmentInfo {
  name: string;
  target: ComputeTarget;
  protected: boolean;
}

export interface AssetState {
  status: AssetRunStatus;
  runId: string;
  at: string;
}

export interface Staleness {
  reason: 'code_changed' | 'upstream_newer' | 'never_materialized';
  detail: string;
}

export interface ProjectSnapshot {
  dir: string;
  name: string | null;
  environments: EnvironmentInfo[];
  activeEnvironment: string | null;
  /**
   * Asset summaries only, no checks: descriptions, columns, paths and SQL were most of a large
   * project's snapshot (4.4 MB of 5,000 models) and only the asset panel shows them, for one asset:
   * it asks `assets.detail` / `assets.checks`.
   */
  graph: AssetGraphSummary | null;
  problems: Problem[];
  latest: Record<string, AssetState>;
  stale: Record<string, Staleness>;
}

export interface Materialization {
  runId: string;
  status: AssetRunStatus;
  env: string;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
}

export interface AssetHistory {
  assetId: string;
  materializations: Materialization[];
  checks: CheckResult[];
}

export interface AssetSql {
  assetId: string;
  rawSql?: string;
  compiledSql?: string;
}

export interface RunDetail {
  run: RunSummary;
  events: AssetStatusEvent[];
}

const runId = z.string().min(1).max(100);
const assetId = z.string().min(1).max(1000);

export const requestSchemas = {
  'project.open': z.strictObject({ dir: z.string().min(1) }),
  'project.current': z.strictObject({}),
  'project.reload': z.strictObject({}),
  'project.parse': z.strictObject({}),
  'project.recent': z.strictObject({}),
  'env.set': z.strictObject({ name: z.string().min(1) }),
  'assets.history': z.strictObject({ assetId }),
  /** One asset in full (description, columns, paths, SQL…): snapshots carry only summaries. */
  'assets.detail': z.strictObject({ assetId }),
  /** An asset's raw and compiled SQL, left out of project snapshots (they are most of their size). */
  'assets.sql': z.strictObject({ assetId }),
  /** The dbt tests on an asset, also left out of project snapshots. */
  'assets.checks': z.strictObject({ assetId }),
  'runs.materialize': z.strictObject({
    select: z.string().min(1),
    exclude: z.string().optional(),
    env: z.string().optional(),
    fullRefresh: z.boolean().optional(),
    vars: z.record(z.string(), z.unknown()).optional(),
    /** W3C traceparent of the click that started it. */
    traceparent: z.string().max(100).optional(),
    /** Set after the user confirmed a run in a protected environment. */
    confirmed: z.boolean().optional(),
  }),
  'runs.cancel': z.strictObject({ runId }),
  'runs.list': z.strictObject({ limit: z.number().int().positive().max(1000).optional() }),
  'runs.get': z.strictObject({ runId }),
  'runs.log': z.strictObject({ runId }),
  'shell.openExternal': z.strictObject({ url: z.string().url() }),
  /** Datasets and jobs around an asset (dbt unique_id), a dataset or a job node id, to a depth. */
  'lineage.graph': z.strictObject({
    key: z.string().min(1).max(2000),
    depth: z.number().int().min(0).max(20).optional(),
  }),
  'lineage.events': z.strictObject({
    runId: runId.optional(),
    assetId: assetId.optional(),
    limit: z.number().int().positive().max(5000).optional(),
  }),
  /** Runs that have traces, newest first. */
  'traces.runs': z.strictObject({ limit: z.number().int().positive().max(1000).optional() }),
  /** Every span of one run (its latest traced run when runId is omitted). */
  'traces.run': z.strictObject({ runId: runId.optional() }),
  /** Finished renderer spans (the Materialize click) for the project's trace store. */
  'telemetry.export': exportSpansSchema,
} as const;

export type RequestChannel = keyof typeof requestSchemas;
export type RequestPayload<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]>;
export type ParsedPayload<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]>;

export interface RequestResults {
  'project.open': ProjectSnapshot;
  'project.current': ProjectSnapshot | null;
  'project.reload': ProjectSnapshot;
  'project.parse': { ok: boolean; output: string };
  'project.recent': { dirs: string[] };
  'env.set': ProjectSnapshot;
  'assets.history': AssetHistory;
  'assets.detail': Asset;
  'assets.sql': AssetSql;
  'assets.checks': { assetId: string; checks: AssetCheck[] };
  'runs.materialize': { runId: string };
  'runs.cancel': { canceled: boolean };
  'runs.list': { runs: RunSummary[] };
  'runs.get': RunDetail;
  'runs.log': { runId: string; text: string };
  'shell.openExternal': { opened: boolean };
  'lineage.graph': LineageGraph;
  'lineage.events': { events: StoredLineageEvent[] };
  'traces.runs': { runs: TracedRun[] };
  'traces.run': { runId: string | null; spans: SpanRecord[]; criticalPath: string[] };
  /** How many spans were new to the store (a span already stored is never overwritten). */
  'telemetry.export': { stored: number };
}

export interface PushedEvents {
  'project.changed': ProjectSnapshot;
  'asset.status': AssetStatusEvent;
  'check.result': CheckResult;
  'run.output': { runId: string; data: string };
  'run.updated': RunSummary;
  problems: Problem[];
}

export type EventChannel = keyof PushedEvents;
export { EVENT_CHANNELS, isEventChannel } from './event-channels';
export const REQUEST_CHANNELS = Object.keys(requestSchemas) as RequestChannel[];

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && Object.hasOwn(requestSchemas, value);
}

/** Errors cross process and socket boundaries as plain data. */
export interface ApiError {
  code: 'invalid_payload' | 'unknown_channel' | 'no_project' | 'confirmation_required' | 'failed';
  message: string;
}

export type ApiResponse<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What `window.floe` offers (desktop preload) and what the web client implements. */
export interface FloeApi {
  request<C extends RequestChannel>(
    channel: C,
    payload: RequestPayload<C>,
  ): Promise<RequestResults[C]>;
  on<E extends EventChannel>(channel: E, listener: (event: PushedEvents[E]) => void): () => void;
}
