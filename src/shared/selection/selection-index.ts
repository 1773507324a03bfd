// The graph dbt's selector walks: assets and checks (tests) as nodes, `deps` and each check's
// `assetIds` as edges. Tests must be nodes: `@x` and `+tag:y` reach other models through them,
// exactly as in dbt. Built once per AssetGraph object and cached.
import type { AssetGraph } from '../assets';
import { pathSegments } from './fnmatch';

export interface SelectableNode {
  id: string;
  kind: 'asset' | 'check';
  /** dbt resource type: the asset's, or `test` / `unit_test` for checks. */
  resourceType: string;
  name: string;
  packageName: string;
  fqn: string[];
  /** fqn with dotted segments split (dbt's flat_fqn), and how many of its parts the package takes. */
  flatFqn: string[];
  packageParts: number;
  versioned: boolean;
  tags: string[];
  /** Project-relative file and its YAML patch file, as path segments. */
  file: string[];
  patch: string[];
  group?: string;
  dbtGroup?: string;
  access?: string;
  materialization?: string;
  sourceName?: string;
  testName?: string;
  checkKind?: 'generic' | 'singular' | 'unit';
  severity?: string;
}

export interface SelectionIndex {
  projectName: string;
  nodes: SelectableNode[];
  byId: Map<string, SelectableNode>;
  parents: Map<string, string[]>;
  children: Map<string, string[]>;
}

/** fqn when the graph lacks one: package, folders under the resource folder, (source,) name. */
function fallbackFqn(packageName: string, filePath: string | undefined, tail: string[]): string[] {
  const folders = pathSegments(filePath ?? '').slice(1, -1);
  return [packageName, ...folders, ...tail];
}

/** dbt's flat_fqn: dotted segments split; the fqn itself when nothing is dotted (the usual case). */
function flatten(fqn: string[]): string[] {
  return fqn.some((segment) => segment.includes('.'))
    ? fqn.flatMap((segment) => segment.split('.'))
    : fqn;
}

function packageParts(fqn: string[]): number {
  const first = fqn[0];
  return first === undefined ? 0 : first.includes('.') ? first.split('.').length : 1;
}

function pushEdge(map: Map<string, string[]>, from: string, to: string): void {
  const list = map.get(from);
  if (list === undefined) map.set(from, [to]);
  else list.push(to);
}

function buildIndex(graph: AssetGraph): SelectionIndex {
  const nodes: SelectableNode[] = [];
  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const a of graph.assets) {
    const tail =
      a.resourceType === 'source' && a.sourceName !== undefined ? [a.sourceName, a.name] : [a.name];
    const fqn =
      a.fqn !== undefined && a.fqn.length > 0
        ? a.fqn
        : fallbackFqn(a.packageName, a.filePath, tail);
    nodes.push({
      id: a.id,
      kind: 'asset',
      resourceType: a.resourceType,
      name: a.name,
      packageName: a.packageName,
      fqn,
      flatFqn: flatten(fqn),
      packageParts: packageParts(fqn),
      versioned: a.version !== undefined,
      tags: a.tags,
      file: pathSegments(a.filePath ?? ''),
      patch: pathSegments(a.patchPath ?? ''),
      group: a.group,
      dbtGroup: a.dbtGroup,
      access: a.access,
      materialization: a.materialization,
      sourceName: a.sourceName,
    });
    for (const dep of a.deps) {
      pushEdge(parents, a.id, dep);
      pushEdge(children, dep, a.id);
    }
  }
  for (const c of graph.checks) {
    const packageName = c.packageName ?? '';
    const fqn =
      c.fqn !== undefined && c.fqn.length > 0
        ? c.fqn
        : fallbackFqn(packageName, c.filePath, [c.name]);
    nodes.push({
      id: c.id,
      kind: 'check',
      resourceType: c.kind === 'unit' ? 'unit_test' : 'test',
      name: c.name,
      packageName,
      fqn,
      flatFqn: flatten(fqn),
      packageParts: packageParts(fqn),
      versioned: false,
      tags: c.tags ?? [],
      file: pathSegments(c.filePath ?? ''),
      patch: [],
      materialization: c.kind === 'unit' ? undefined : 'test',
      testName: c.testName,
      checkKind: c.kind,
      severity: c.severity,
    });
    for (const assetId of c.assetIds) {
      pushEdge(parents, c.id, assetId);
      pushEdge(children, assetId, c.id);
    }
  }
  return {
    projectName: graph.projectName,
    nodes,
    byId: new Map(nodes.map((n) => [n.id, n])),
    parents,
    children,
  };
}

const indexes = new WeakMap<AssetGraph, SelectionIndex>();

export function selectionIndex(graph: AssetGraph): SelectionIndex {
  let index = indexes.get(graph);
  if (index === undefined) {
    index = buildIndex(graph);
    indexes.set(graph, index);
  }
  return index;
}

/**
 * dbt's Graph.select_parents / select_children: breadth-first by layers, `depth` layers at
 * most; a start node counts only if it is reachable from another start node.
 */
export function walk(
  edges: Map<string, string[]>,
  start: Iterable<string>,
  depth: number | undefined,
): Set<string> {
  const found = new Set<string>();
  let frontier = new Set(start);
  for (let layer = 0; frontier.size > 0 && (depth === undefined || layer < depth); layer += 1) {
    const next = new Set<string>();
    for (const id of frontier) {
      for (const other of edges.get(id) ?? []) if (!found.has(other)) next.add(other);
    }
    for (const id of next) found.add(id);
    frontier = next;
  }
  return found;
}
