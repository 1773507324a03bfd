// Pure comparison of two traced runs: per-asset duration deltas, slower first.
import { ATTR, type SpanRecord, type TracedRun } from '../../../shared/traces';

export interface AssetDelta {
  nodeId: string;
  name: string;
  /** Duration in the baseline run (ms); absent when the asset did not run there. */
  baseMs?: number;
  /** Duration in the run being looked at (ms). */
  currentMs?: number;
  /** current − base (ms); absent unless both ran. */
  deltaMs?: number;
  /** current / base − 1, when base > 0. */
  ratio?: number;
}

/** Asset spans (not checks) by unique_id; a node run twice keeps its longest span. */
function assetDurations(spans: readonly SpanRecord[]): Map<string, { name: string; ms: number }> {
  const out = new Map<string, { name: string; ms: number }>();
  for (const span of spans) {
    if (span.nodeId === undefined) continue;
    if (span.attributes[ATTR.nodeKind] === 'check' || span.attributes[ATTR.resourceType] === 'test')
      continue;
    const name = span.attributes[ATTR.assetName];
    const ms = Math.max(0, span.endMs - span.startMs);
    const known = out.get(span.nodeId);
    if (known === undefined || known.ms < ms)
      out.set(span.nodeId, { name: typeof name === 'string' ? name : span.nodeId, ms });
  }
  return out;
}

/**
 * Rows for every asset of either run: those in both sorted by delta (largest slowdown first), then
 * those only in the current run, then those only in the baseline; ties by name.
 */
export function compareRuns(
  base: readonly SpanRecord[],
  current: readonly SpanRecord[],
): AssetDelta[] {
  const before = assetDurations(base);
  const after = assetDurations(current);
  const rows: AssetDelta[] = [];
  for (const [nodeId, now] of after) {
    const then = before.get(nodeId);
    const row: AssetDelta = { nodeId, name: now.name, currentMs: now.ms };
    if (then !== undefined) {
      row.baseMs = then.ms;
      row.deltaMs = now.ms - then.ms;
      if (then.ms > 0) row.ratio = now.ms / then.ms - 1;
    }
    rows.push(row);
  }
  for (const [nodeId, then] of before) {
    if (!after.has(nodeId)) rows.push({ nodeId, name: then.name, baseMs: then.ms });
  }
  const rank = (row: AssetDelta): number =>
    row.deltaMs !== undefined ? 0 : row.currentMs !== undefined ? 1 : 2;
  return rows.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (b.deltaMs ?? 0) - (a.deltaMs ?? 0) ||
      a.name.localeCompare(b.name) ||
      (a.nodeId < b.nodeId ? -1 : 1),
  );
}

/** Runs to compare `run` with: the other runs of the same selection, in the given order. */
export function comparableRuns(
  runs: readonly TracedRun[],
  run: TracedRun | undefined,
): TracedRun[] {
  if (run === undefined) return [];
  return runs.filter((other) => other.runId !== run.runId && other.selection === run.selection);
}

export function formatDelta(ms: number): string {
  const sign = ms > 0 ? '+' : ms < 0 ? '−' : '±';
  const abs = Math.abs(ms);
  return abs < 1000 ? `${sign}${Math.round(abs)} ms` : `${sign}${(abs / 1000).toFixed(2)} s`;
}
