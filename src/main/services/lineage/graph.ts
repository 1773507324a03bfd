// The dataset/job graph around one asset, read from the lineage store for the lineage view.
// Edges come from each job's newest event, so a model whose inputs changed shows today's inputs.
import type { ColumnClassification } from '../../../shared/assets';
import {
  lineageDatasetNodeId,
  lineageJobNodeId,
  type LineageEventSummary,
  type LineageEventType,
  type LineageGraph,
  type LineageGraphEdge,
  type LineageGraphNode,
  type OpenLineageRunEvent,
} from '../../../shared/lineage';
import type { DatasetRow, JobRow, LineageStore } from './store';

interface Ref {
  kind: 'dataset' | 'job';
  namespace: string;
  name: string;
}

interface EdgeRow {
  role: 'input' | 'output';
  namespace: string;
  name: string;
}

interface SummaryRow {
  event_id: string;
  event_type: string;
  event_time: string;
  run_id: string;
  floe_run_id: string;
  json: string;
}

export interface LineageGraphOptions {
  /** Edges from the root (dataset → job → dataset is 2). Default 2. */
  depth?: number;
  /** Stop growing past this many nodes (the view stays usable on huge projects). Default 2000. */
  maxNodes?: number;
}

function nodeId(ref: Ref): string {
  return ref.kind === 'dataset'
    ? lineageDatasetNodeId(ref.namespace, ref.name)
    : lineageJobNodeId(ref.namespace, ref.name);
}

function parseNodeId(key: string): Ref | undefined {
  const match = /^(dataset|job):(.*)$/s.exec(key);
  if (!match) return undefined;
  const rest = match[2] ?? '';
  // Namespaces contain `/` (duckdb:///path/db.duckdb) but names never start with one; split at the last.
  const slash = rest.lastIndexOf('/');
  if (slash <= 0) return undefined;
  return {
    kind: match[1] === 'job' ? 'job' : 'dataset',
    namespace: rest.slice(0, slash),
    name: rest.slice(slash + 1),
  };
}

function resolveRoot(store: LineageStore, key: string): Ref | undefined {
  const parsed = parseNodeId(key);
  if (parsed) return parsed;
  const newestDataset = (column: 'asset_id' | 'name'): DatasetRow | undefined =>
    store.get<DatasetRow>(
      `SELECT ds.* FROM datasets ds LEFT JOIN event_datasets d ON d.namespace = ds.namespace AND d.name = ds.name
       WHERE ds.${column} = ? GROUP BY ds.namespace, ds.name ORDER BY max(d.seq) DESC LIMIT 1`,
      key,
    );
  const dataset = newestDataset('asset_id') ?? newestDataset('name');
  if (dataset) return { kind: 'dataset', namespace: dataset.namespace, name: dataset.name };
  const job = store.get<JobRow>(
    'SELECT * FROM jobs WHERE asset_id = ? OR name = ? ORDER BY last_seq DESC LIMIT 1',
    key,
    key,
  );
  return job ? { kind: 'job', namespace: job.namespace, name: job.name } : undefined;
}

function summary(row: SummaryRow | undefined): LineageEventSummary | undefined {
  if (row === undefined) return undefined;
  const out: LineageEventSummary = {
    eventId: row.event_id,
    eventType: row.event_type as LineageEventType,
    eventTime: row.event_time,
    runId: row.run_id,
    floeRunId: row.floe_run_id,
  };
  const event = JSON.parse(row.json) as OpenLineageRunEvent;
  const message = event.run.facets?.['errorMessage']?.['message'];
  if (typeof message === 'string') out.errorMessage = message;
  return out;
}

const SUMMARY_COLUMNS = 'e.event_id, e.event_type, e.event_time, e.run_id, e.floe_run_id, e.json';

function describe(store: LineageStore, ref: Ref): LineageGraphNode {
  const node: LineageGraphNode = {
    id: nodeId(ref),
    kind: ref.kind,
    name: ref.name,
    namespace: ref.namespace,
  };
  if (ref.kind === 'job') {
    const job = store.get<JobRow>(
      'SELECT * FROM jobs WHERE namespace = ? AND name = ?',
      ref.namespace,
      ref.name,
    );
    if (job?.asset_id) node.assetId = job.asset_id;
    const last = summary(
      store.get<SummaryRow>(
        `SELECT ${SUMMARY_COLUMNS} FROM events e WHERE e.seq = ?`,
        job?.last_seq ?? -1,
      ),
    );
    if (last) node.lastEvent = last;
    return node;
  }
  const dataset = store.get<DatasetRow>(
    'SELECT * FROM datasets WHERE namespace = ? AND name = ?',
    ref.namespace,
    ref.name,
  );
  if (dataset?.asset_id) node.assetId = dataset.asset_id;
  if (dataset?.classifications) {
    node.classifications = JSON.parse(dataset.classifications) as Record<
      string,
      ColumnClassification
    >;
  }
  const last = summary(
    store.get<SummaryRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM event_datasets d JOIN jobs j ON j.last_seq = d.seq JOIN events e ON e.seq = j.last_seq
       WHERE d.namespace = ? AND d.name = ? AND d.role = 'output' ORDER BY e.seq DESC LIMIT 1`,
      ref.namespace,
      ref.name,
    ),
  );
  if (last) node.lastEvent = last;
  return node;
}

function neighbours(store: LineageStore, ref: Ref): { ref: Ref; edge: LineageGraphEdge }[] {
  const self = nodeId(ref);
  const isJob = ref.kind === 'job';
  // One join serves both directions: a job's newest event lists its datasets, and a dataset links
  // to every job whose newest event lists it. `mine` is the side matched, `theirs` the side returned.
  const [mine, theirs] = isJob ? ['j', 'd'] : ['d', 'j'];
  const rows = store.all<EdgeRow>(
    `SELECT DISTINCT d.role, ${theirs}.namespace, ${theirs}.name FROM event_datasets d JOIN jobs j ON j.last_seq = d.seq
     WHERE ${mine}.namespace = ? AND ${mine}.name = ?`,
    ref.namespace,
    ref.name,
  );
  return rows.map((row) => {
    const other: Ref = {
      kind: isJob ? 'dataset' : 'job',
      namespace: row.namespace,
      name: row.name,
    };
    const [datasetId, jobId] = isJob ? [nodeId(other), self] : [self, nodeId(other)];
    // An input dataset feeds the job; the job writes its outputs.
    const edge =
      row.role === 'input' ? { from: datasetId, to: jobId } : { from: jobId, to: datasetId };
    return { ref: other, edge };
  });
}

/**
 * Datasets and jobs within `depth` edges of an asset. `key` is an asset id (dbt unique_id), a dataset
 * name (`db.schema.table`), a job name, or a node id from an earlier graph (to expand on click).
 */
export function lineageGraph(
  store: LineageStore,
  key: string,
  depthOrOptions: number | LineageGraphOptions = {},
): LineageGraph {
  const options = typeof depthOrOptions === 'number' ? { depth: depthOrOptions } : depthOrOptions;
  const depth = Math.max(0, Math.floor(options.depth ?? 2));
  const maxNodes = Math.max(1, Math.floor(options.maxNodes ?? 2000));
  const root = resolveRoot(store, key);
  if (root === undefined) return { rootId: null, nodes: [], edges: [] };
  const refs = new Map<string, Ref>([[nodeId(root), root]]);
  const edges = new Map<string, LineageGraphEdge>();
  let frontier: Ref[] = [root];
  for (let hop = 0; hop < depth && frontier.length > 0 && refs.size < maxNodes; hop += 1) {
    const next: Ref[] = [];
    for (const ref of frontier) {
      for (const { ref: other, edge } of neighbours(store, ref)) {
        const id = nodeId(other);
        if (!refs.has(id)) {
          if (refs.size >= maxNodes) continue;
          refs.set(id, other);
          next.push(other);
        }
        edges.set(`${edge.from}\n${edge.to}`, edge);
      }
    }
    frontier = next;
  }
  return {
    rootId: nodeId(root),
    nodes: [...refs.values()].map((ref) => describe(store, ref)),
    edges: [...edges.values()],
  };
}
