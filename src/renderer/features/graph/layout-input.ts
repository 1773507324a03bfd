// Pure: the asset graph (or a visible part of it) as the input of the layered layout, with a hash
// that identifies it so a layout can be cached and stale worker answers recognised.
import type { AssetGraph } from '../../../shared/assets';

export interface LayoutNodeInput {
  id: string;
  name: string;
  group: string;
}

export interface LayoutInput {
  nodes: LayoutNodeInput[];
  /** [dependency, dependent]: edges point left to right, the way data flows. */
  edges: [string, string][];
  hash: string;
}

/** FNV-1a over UTF-16 code units, two seeds → 16 hex digits (collisions matter: a hit reuses a layout). */
export function hashText(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * Nodes sorted by id (so the manifest's order does not change the hash), edges exactly the assets'
 * deps restricted to the visible nodes, deduplicated, self-loops dropped.
 */
export function buildLayoutInput(
  graph: AssetGraph,
  visible?: ReadonlySet<string> | null,
): LayoutInput {
  const assets = graph.assets
    .filter((asset) => !visible || visible.has(asset.id))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const ids = new Set(assets.map((asset) => asset.id));
  const nodes: LayoutNodeInput[] = [];
  const edges: [string, string][] = [];
  const parts: string[] = [];
  for (const asset of assets) {
    nodes.push({ id: asset.id, name: asset.name, group: asset.group });
    parts.push(`${asset.id}\t${asset.group}`);
    const seen = new Set<string>();
    for (const dep of [...asset.deps].sort()) {
      if (dep === asset.id || seen.has(dep) || !ids.has(dep)) continue;
      seen.add(dep);
      edges.push([dep, asset.id]);
      parts.push(`<${dep}`);
    }
  }
  return { nodes, edges, hash: hashText(parts.join('\n')) };
}
