// OpenLineage events as Floe Studio emits and stores them, and the lineage graph the UI draws.
// Pure types; the builders, store and transports live in src/main/services/lineage.
import type { ColumnClassification } from './assets';

export const LINEAGE_EVENT_TYPES = [
  'START',
  'RUNNING',
  'COMPLETE',
  'ABORT',
  'FAIL',
  'OTHER',
] as const;
export type LineageEventType = (typeof LINEAGE_EVENT_TYPES)[number];

/** Our own dataset facet: column classifications from dbt `meta.floe` (FR-015). */
export const COLUMN_CLASSIFICATION_FACET = 'floe_columnClassification';
/** Our own run facet: the OpenTelemetry trace/span of the run or asset (SC-008). */
export const TRACE_RUN_FACET = 'floe_trace';

export interface OpenLineageFacet {
  _producer: string;
  _schemaURL: string;
  [field: string]: unknown;
}

export type OpenLineageFacets = Record<string, OpenLineageFacet>;

export interface OpenLineageDataset {
  namespace: string;
  name: string;
  facets?: OpenLineageFacets;
  inputFacets?: OpenLineageFacets;
  outputFacets?: OpenLineageFacets;
}

export interface OpenLineageRunEvent {
  eventType: LineageEventType;
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: OpenLineageFacets };
  job: { namespace: string; name: string; facets?: OpenLineageFacets };
  inputs: OpenLineageDataset[];
  outputs: OpenLineageDataset[];
}

/**
 * `local`: no endpoint was configured; `pending`: spooled, not yet accepted; `delivered`: accepted;
 * `rejected`: the endpoint answered that it will never take this event (HTTP 400, 413, 422…).
 */
export type LineageDelivery = 'local' | 'pending' | 'delivered' | 'rejected';

export interface StoredLineageEvent {
  /** Store order; delivery order per endpoint follows it. */
  seq: number;
  /** Stable identity of this event (UUID v7), sent as `Idempotency-Key` on every delivery attempt. */
  eventId: string;
  /** OpenLineage run id (UUID v7). */
  runId: string;
  parentRunId?: string;
  /** The Floe run that produced it. */
  floeRunId: string;
  jobNamespace: string;
  jobName: string;
  /** dbt unique_id of the asset, for asset jobs. */
  assetId?: string;
  eventType: LineageEventType;
  eventTime: string;
  delivery: LineageDelivery;
  event: OpenLineageRunEvent;
}

export interface LineageEventQuery {
  floeRunId?: string;
  /** Events of the asset's job, or that write the asset's dataset. */
  assetId?: string;
  /** Newest first when set; default: all, in store order. */
  limit?: number;
}

export interface LineageEventSummary {
  eventId: string;
  eventType: LineageEventType;
  eventTime: string;
  runId: string;
  floeRunId: string;
  errorMessage?: string;
}

export interface LineageGraphNode {
  /** `dataset:<namespace>/<name>` or `job:<namespace>/<name>`. */
  id: string;
  kind: 'dataset' | 'job';
  name: string;
  namespace: string;
  /** dbt unique_id of the asset behind it, when known. */
  assetId?: string;
  /** Column name → classification, from the newest classification facet seen for the dataset. */
  classifications?: Record<string, ColumnClassification>;
  /** Jobs: their newest event. Datasets: the newest event of a job that writes them. */
  lastEvent?: LineageEventSummary;
}

export interface LineageGraphEdge {
  /** dataset → job (read) or job → dataset (written). */
  from: string;
  to: string;
}

export interface LineageGraph {
  /** The node the graph is centred on; null when nothing matched. */
  rootId: string | null;
  nodes: LineageGraphNode[];
  edges: LineageGraphEdge[];
}

export function lineageDatasetNodeId(namespace: string, name: string): string {
  return `dataset:${namespace}/${name}`;
}

export function lineageJobNodeId(namespace: string, name: string): string {
  return `job:${namespace}/${name}`;
}
