// Pure parts of the lineage view: merging graphs (several roots, expansions), a left-to-right layered
// layout (inputs left, jobs between, outputs right), classification badges and event history rows.
import type { ColumnClassification } from '../../../shared/assets';
import type {
  LineageEventType,
  LineageGraph,
  LineageGraphNode,
  StoredLineageEvent,
} from '../../../shared/lineage';

export const EMPTY_GRAPH: LineageGraph = { rootId: null, nodes: [], edges: [] };

/** Union of graphs: nodes by id (the later description wins), edges once; the first root stays. */
export function mergeGraphs(graphs: readonly LineageGraph[]): LineageGraph {
  const nodes = new Map<string, LineageGraphNode>();
  const edges = new Map<string, { from: string; to: string }>();
  let rootId: string | null = null;
  for (const graph of graphs) {
    rootId ??= graph.rootId;
    for (const node of graph.nodes) nodes.set(node.id, node);
    for (const edge of graph.edges) edges.set(`${edge.from}\n${edge.to}`, edge);
  }
  const known = [...edges.values()].filter((edge) => nodes.has(edge.from) && nodes.has(edge.to));
  return { rootId, nodes: [...nodes.values()], edges: known };
}

export interface Point {
  x: number;
  y: number;
}

export interface LineageLayoutOptions {
  columnWidth?: number;
  rowHeight?: number;
}

const byName = (a: LineageGraphNode, b: LineageGraphNode): number =>
  a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);

/**
 * Level = longest path from a node without inputs, so every edge points right; nodes on a cycle (not
 * expected in lineage, but the data is not ours to trust) go one level past their known parents.
 * Within a level nodes are ordered by the mean row of their parents, then by name.
 */
export function layoutLineage(
  graph: LineageGraph,
  options: LineageLayoutOptions = {},
): Map<string, Point> {
  const columnWidth = options.columnWidth ?? 230;
  const rowHeight = options.rowHeight ?? 66;
  const byId = new Map(graph.nodes.map((node) => [node.id, node]));
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  const indegree = new Map<string, number>();
  for (const node of graph.nodes) {
    parents.set(node.id, []);
    children.set(node.id, []);
    indegree.set(node.id, 0);
  }
  for (const { from, to } of graph.edges) {
    if (!byId.has(from) || !byId.has(to) || from === to) continue;
    parents.get(to)?.push(from);
    children.get(from)?.push(to);
    indegree.set(to, (indegree.get(to) ?? 0) + 1);
  }
  const level = new Map<string, number>();
  const queue = graph.nodes.filter((node) => indegree.get(node.id) === 0).map((node) => node.id);
  for (const id of queue) level.set(id, 0);
  for (let i = 0; i < queue.length; i += 1) {
    const id = queue[i] ?? '';
    for (const child of children.get(id) ?? []) {
      level.set(child, Math.max(level.get(child) ?? 0, (level.get(id) ?? 0) + 1));
      const left = (indegree.get(child) ?? 0) - 1;
      indegree.set(child, left);
      if (left === 0) queue.push(child);
    }
  }
  const placed = new Set(queue);
  for (const node of [...graph.nodes].sort(byName)) {
    if (placed.has(node.id)) continue;
    const known = (parents.get(node.id) ?? []).map((p) => level.get(p) ?? -1);
    level.set(node.id, Math.max(level.get(node.id) ?? 0, ...known.map((l) => l + 1)));
  }

  const columns = new Map<number, LineageGraphNode[]>();
  for (const node of graph.nodes) {
    const l = level.get(node.id) ?? 0;
    const column = columns.get(l);
    if (column) column.push(node);
    else columns.set(l, [node]);
  }
  const row = new Map<string, number>();
  const positions = new Map<string, Point>();
  for (const l of [...columns.keys()].sort((a, b) => a - b)) {
    const column = columns.get(l) ?? [];
    const weight = (node: LineageGraphNode): number => {
      const rows = (parents.get(node.id) ?? []).flatMap((p) => {
        const r = row.get(p);
        return r === undefined ? [] : [r];
      });
      return rows.length === 0 ? Infinity : rows.reduce((a, b) => a + b, 0) / rows.length;
    };
    const weights = new Map(column.map((node) => [node.id, weight(node)]));
    column.sort((a, b) => {
      const wa = weights.get(a.id) ?? Infinity;
      const wb = weights.get(b.id) ?? Infinity;
      return wa === wb ? byName(a, b) : wa - wb;
    });
    column.forEach((node, index) => {
      row.set(node.id, index - (column.length - 1) / 2);
      positions.set(node.id, {
        x: l * columnWidth,
        y: (index - (column.length - 1) / 2) * rowHeight,
      });
    });
  }
  return positions;
}

export function isPii(classification: ColumnClassification): boolean {
  return (
    classification.classification?.toLowerCase() === 'pii' ||
    (classification.pii_type !== undefined && classification.pii_type !== '')
  );
}

export interface ClassifiedColumn extends ColumnClassification {
  name: string;
  pii: boolean;
}

/** Classified columns of a dataset, PII first, then by name. */
export function classifiedColumns(node: LineageGraphNode): ClassifiedColumn[] {
  return Object.entries(node.classifications ?? {})
    .map(([name, c]) => ({ ...c, name, pii: isPii(c) }))
    .sort((a, b) => Number(b.pii) - Number(a.pii) || a.name.localeCompare(b.name));
}

/** Badges for a dataset: "PII" when any column is, then the other classifications seen. */
export function datasetBadges(node: LineageGraphNode): string[] {
  const columns = classifiedColumns(node);
  const badges = new Set<string>();
  if (columns.some((c) => c.pii)) badges.add('PII');
  for (const c of columns) {
    const name = c.classification?.trim();
    if (name && name.toLowerCase() !== 'pii') badges.add(name);
  }
  return [...badges];
}

/**
 * `warehouse.main.customers` → `customers` (relations and jobs end with the model's name);
 * `/abs/seeds/raw_customers.csv` → `raw_customers.csv` (files: the base name).
 */
export function shortName(name: string): string {
  const slash = name.lastIndexOf('/');
  if (slash !== -1 && slash < name.length - 1) return name.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  return dot === -1 ? name : name.slice(dot + 1);
}

export interface HistoryRow {
  eventId: string;
  type: LineageEventType;
  time: string;
  floeRunId: string;
  jobName: string;
  error?: string;
}

/** A node's events, newest first, with dbt's error message on FAIL. */
export function eventHistory(events: readonly StoredLineageEvent[]): HistoryRow[] {
  return [...events]
    .sort((a, b) => b.seq - a.seq)
    .map((stored) => {
      const row: HistoryRow = {
        eventId: stored.eventId,
        type: stored.eventType,
        time: stored.eventTime,
        floeRunId: stored.floeRunId,
        jobName: stored.jobName,
      };
      const message = stored.event.run.facets?.['errorMessage']?.['message'];
      if (typeof message === 'string') row.error = message;
      return row;
    });
}

/** Distinct asset ids of a run's events, in the order they first appear. */
export function runAssetIds(events: readonly StoredLineageEvent[]): string[] {
  const ids = new Set<string>();
  for (const event of events) if (event.assetId !== undefined) ids.add(event.assetId);
  return [...ids];
}
