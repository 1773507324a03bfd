// Span records as the local trace store keeps them (`.floe/traces.db`), shared by the engine, the CLI
// (`floe traces`) and the renderer's timeline; plus the pure critical-path computation for a run.
import type { AssetGraph } from './assets';

export type SpanAttributeValue = string | number | boolean | string[] | number[] | boolean[];
export type SpanAttributes = Record<string, SpanAttributeValue>;
export type SpanStatusName = 'unset' | 'ok' | 'error';
export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';

export interface SpanEventRecord {
  name: string;
  /** Epoch milliseconds with microsecond precision. */
  timeMs: number;
  attributes: SpanAttributes;
}

export interface SpanRecord {
  traceId: string;
  spanId: string;
  /** Absent for a root span; for a run started from the studio it is the renderer's click span. */
  parentSpanId?: string;
  name: string;
  kind: SpanKindName;
  /** Epoch milliseconds with microsecond precision. */
  startMs: number;
  endMs: number;
  status: SpanStatusName;
  statusMessage?: string;
  attributes: SpanAttributes;
  events: SpanEventRecord[];
  /** Resource attributes (service.name, tenant context…); kept on the run span only. */
  resource?: SpanAttributes;
  /** `floe.run.id` of the run the span belongs to. */
  runId?: string;
  /** dbt unique_id for asset and check spans; absent on the run span. */
  nodeId?: string;
}

export interface TracedRun {
  runId: string;
  traceId: string;
  /** The run span's id. */
  spanId: string;
  startMs: number;
  endMs: number;
  status: SpanStatusName;
  /** `floe.run.status` (success, failed, canceled…), when the run finished. */
  runStatus?: string;
  environment?: string;
  selection?: string;
  spanCount: number;
}

/** Span names and attribute keys written by the telemetry observer. */
export const RUN_SPAN_NAME = 'floe.run';
export const ATTR = {
  runId: 'floe.run.id',
  runStatus: 'floe.run.status',
  environment: 'floe.environment',
  selection: 'floe.selection',
  trigger: 'floe.trigger',
  computeTarget: 'floe.compute.target',
  assetName: 'floe.asset.name',
  assetStatus: 'floe.asset.status',
  nodeKind: 'floe.node.kind',
  uniqueId: 'dbt.unique_id',
  resourceType: 'dbt.resource_type',
  materialization: 'dbt.materialization',
  rowsAffected: 'dbt.rows_affected',
  thread: 'dbt.thread',
  dbtVersion: 'dbt.version',
} as const;

/** Dependencies to use for the critical path: an asset waits for its parents and, in `dbt build`, for
 *  the tests on its parents; a check waits for the assets it tests. */
export function criticalPathDeps(graph: AssetGraph): Record<string, string[]> {
  const checksOf = new Map<string, string[]>();
  for (const check of graph.checks) {
    for (const assetId of check.assetIds) {
      const list = checksOf.get(assetId);
      if (list) list.push(check.id);
      else checksOf.set(assetId, [check.id]);
    }
  }
  const deps: Record<string, string[]> = {};
  for (const asset of graph.assets) {
    deps[asset.id] = asset.deps.flatMap((dep) => [dep, ...(checksOf.get(dep) ?? [])]);
  }
  for (const check of graph.checks) deps[check.id] = [...check.assetIds];
  return deps;
}

function laterEnd(a: SpanRecord, b: SpanRecord): SpanRecord {
  if (a.endMs !== b.endMs) return a.endMs > b.endMs ? a : b;
  // Same end: the longer span explains more of the wait; then ids, for a deterministic answer.
  if (a.startMs !== b.startMs) return a.startMs < b.startMs ? a : b;
  return a.spanId < b.spanId ? a : b;
}

/** The asset and check spans of a run (those with a node id; when none has one, every non-root span). */
function nodeSpans(spans: readonly SpanRecord[]): SpanRecord[] {
  const withNode = spans.filter((span) => span.nodeId !== undefined);
  if (withNode.length > 0) return withNode;
  const ids = new Set(spans.map((span) => span.spanId));
  return spans.filter((span) => span.parentSpanId !== undefined && ids.has(span.parentSpanId));
}

/**
 * Span ids on the critical path of a run, earliest first: the chain of spans that ends at the
 * latest end. With `deps` (node id → node ids it waited for, see `criticalPathDeps`) each step goes
 * to the dependency that finished last; without it, to the latest-ending span that finished before
 * the current one started.
 */
export function criticalPath(
  spans: readonly SpanRecord[],
  deps?: Readonly<Record<string, readonly string[]>>,
): string[] {
  const nodes = nodeSpans(spans);
  const first = nodes[0];
  if (first === undefined) return [];
  const last = nodes.reduce(laterEnd, first);
  const byNode = new Map<string, SpanRecord>();
  for (const span of nodes) if (span.nodeId !== undefined) byNode.set(span.nodeId, span);
  // Sorted by end for the binary search of the fallback walk.
  const byEnd = [...nodes].sort((a, b) => a.endMs - b.endMs);

  const predecessor = (current: SpanRecord): SpanRecord | undefined => {
    if (deps !== undefined && current.nodeId !== undefined) {
      let best: SpanRecord | undefined;
      for (const depId of deps[current.nodeId] ?? []) {
        const dep = byNode.get(depId);
        if (dep !== undefined && dep !== current)
          best = best === undefined ? dep : laterEnd(best, dep);
      }
      return best;
    }
    // Latest index whose end <= current start.
    let lo = 0;
    let hi = byEnd.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const span = byEnd[mid];
      if (span !== undefined && span.endMs <= current.startMs) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const candidate = byEnd[found];
    if (candidate === undefined) return undefined;
    // Several spans may end at the same instant: prefer the longest of them.
    let best = candidate;
    for (let i = found - 1; i >= 0; i -= 1) {
      const span = byEnd[i];
      if (span === undefined || span.endMs !== candidate.endMs) break;
      best = laterEnd(best, span);
    }
    return best;
  };

  const path: string[] = [];
  const seen = new Set<string>();
  let current: SpanRecord | undefined = last;
  while (current !== undefined && !seen.has(current.spanId)) {
    seen.add(current.spanId);
    path.push(current.spanId);
    current = predecessor(current);
  }
  return path.reverse();
}
