// What the graph and the runs must show, worked out independently of the studio from dbt's own
// target/manifest.json: asset ids, tags, groups' members, neighbourhoods and what a selection builds.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface FloeMeta {
  meta?: { floe?: { group?: string } };
}

interface ManifestNode extends FloeMeta {
  resource_type: string;
  name: string;
  path?: string;
  original_file_path?: string;
  group?: string | null;
  tags?: string[];
  config?: FloeMeta & { materialized?: string; group?: string | null };
  depends_on?: { nodes?: string[] };
}

/**
 * Floe's grouping rule, restated (src/main/services/manifest/asset-fields.ts): `meta.floe.group`,
 * else the dbt group, else the first folder under the resource folder, else `default`.
 */
function groupOf(node: ManifestNode): string {
  const explicit =
    node.config?.meta?.floe?.group ?? node.meta?.floe?.group ?? node.group ?? node.config?.group;
  if (explicit) return explicit;
  const isSource = node.resource_type === 'source';
  const segments = ((isSource ? node.original_file_path : node.path) ?? '').split('/');
  const folders = isSource ? segments.slice(1, -1) : segments.slice(0, -1);
  return folders.find((s) => !/\.(ya?ml|sql|csv|py)$/i.test(s)) ?? 'default';
}

export interface ManifestGraph {
  /** Enabled models, seeds, snapshots and sources: the graph's nodes. */
  ids: string[];
  nameOf(id: string): string;
  tagged(tag: string): string[];
  ofType(type: string): string[];
  inGroup(group: string): string[];
  parents(id: string): string[];
  children(id: string): string[];
  /** The asset and everything within `depth` hops of it, both ways (focus mode). */
  around(id: string, depth: number, direction?: 'both' | 'up' | 'down'): string[];
  /** What `dbt build` of these assets and their downstream / upstream builds (no sources, ephemerals). */
  built(ids: readonly string[], scope: 'only' | 'upstream' | 'downstream'): string[];
}

const ASSET_TYPES = new Set(['model', 'seed', 'snapshot', 'source']);

export function readManifestGraph(projectDir: string): ManifestGraph {
  const manifest = JSON.parse(
    readFileSync(join(projectDir, 'dbt', 'target', 'manifest.json'), 'utf8'),
  ) as { nodes: Record<string, ManifestNode>; sources: Record<string, ManifestNode> };
  const all = new Map<string, ManifestNode>();
  for (const [id, node] of Object.entries({ ...manifest.nodes, ...manifest.sources })) {
    if (ASSET_TYPES.has(node.resource_type)) all.set(id, node);
  }
  const parents = (id: string): string[] =>
    (all.get(id)?.depends_on?.nodes ?? []).filter((dep) => all.has(dep));
  const children = (id: string): string[] =>
    [...all.keys()].filter((other) => parents(other).includes(id));
  const walk = (start: string, next: (id: string) => string[], depth: number): Set<string> => {
    const seen = new Set([start]);
    let frontier = [start];
    for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
      frontier = frontier.flatMap(next).filter((id) => !seen.has(id));
      for (const id of frontier) seen.add(id);
    }
    return seen;
  };
  const isBuilt = (id: string): boolean => {
    const node = all.get(id);
    return (
      node !== undefined &&
      node.resource_type !== 'source' &&
      node.config?.materialized !== 'ephemeral'
    );
  };
  const sorted = (ids: Iterable<string>): string[] => [...new Set(ids)].sort();
  return {
    ids: sorted(all.keys()),
    nameOf: (id) => all.get(id)?.name ?? id,
    tagged: (tag) => sorted([...all].filter(([, n]) => n.tags?.includes(tag)).map(([id]) => id)),
    ofType: (type) =>
      sorted([...all].filter(([, n]) => n.resource_type === type).map(([id]) => id)),
    inGroup: (group) => sorted([...all].filter(([, n]) => groupOf(n) === group).map(([id]) => id)),
    parents,
    children,
    around(id, depth, direction = 'both') {
      const up = direction === 'down' ? [] : walk(id, parents, depth);
      const down = direction === 'up' ? [] : walk(id, children, depth);
      return sorted([id, ...up, ...down]);
    },
    built(ids, scope) {
      const reach = (id: string): Set<string> =>
        scope === 'only'
          ? new Set([id])
          : walk(id, scope === 'upstream' ? parents : children, Number.POSITIVE_INFINITY);
      return sorted(ids.flatMap((id) => [...reach(id)]).filter(isBuilt));
    },
  };
}
