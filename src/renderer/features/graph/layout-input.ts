// Pure: the asset graph (or a visible part of it) as the input of the layered layout, with a hash
// that identifies it so a layout can be cached and stale worker answers recognised.
import type { AssetGraphSummary } from '../../../shared/assets';

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

/**
 * FNV-1a over UTF-16 code units, two seeds → 16 hex digits (collisions matter: a hit reuses a layout).
 * Fed piece by piece, so a large graph's hash needs no joined copy of its text.
 */
class TextHash {
  private a = 0x811c9dc5;
  private b = 0x01000193 ^ 0x5bd1e995;

  update(text: string): this {
    let { a, b } = this;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.a = a;
    this.b = b;
    return this;
  }

  digest(): string {
    return (
      (this.a >>> 0).toString(16).padStart(8, '0') + (this.b >>> 0).toString(16).padStart(8, '0')
    );
  }
}

export function hashText(text: string): string {
  return new TextHash().update(text).digest();
}

/** The whole graph's input, per graph object: the first snapshot's is built once, at its arrival. */
const wholeGraphInputs = new WeakMap<AssetGraphSummary, LayoutInput>();

/**
 * Nodes sorted by id (so the manifest's order does not change the hash), edges exactly the assets'
 * deps restricted to the visible nodes, deduplicated, self-loops dropped.
 */
export function buildLayoutInput(
  graph: AssetGraphSummary,
  visible?: ReadonlySet<string> | null,
): LayoutInput {
  if (visible) return layoutInputOf(graph, visible);
  let input = wholeGraphInputs.get(graph);
  if (input === undefined) {
    input = layoutInputOf(graph, null);
    wholeGraphInputs.set(graph, input);
  }
  return input;
}

function layoutInputOf(graph: AssetGraphSummary, visible: ReadonlySet<string> | null): LayoutInput {
  const assets = graph.assets
    .filter((asset) => !visible || visible.has(asset.id))
    .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const ids = new Set(assets.map((asset) => asset.id));
  const nodes: LayoutNodeInput[] = [];
  const edges: [string, string][] = [];
  // The hash of the lines `<id>\t<group>` and `<<dep>` (one per edge), joined by newlines.
  const hash = new TextHash();
  let first = true;
  const line = (...pieces: string[]): void => {
    if (!first) hash.update('\n');
    first = false;
    for (const piece of pieces) hash.update(piece);
  };
  for (const asset of assets) {
    nodes.push({ id: asset.id, name: asset.name, group: asset.group });
    line(asset.id, '\t', asset.group);
    const deps = asset.deps.length > 1 ? [...asset.deps].sort() : asset.deps;
    let previous: string | null = null;
    for (const dep of deps) {
      // Sorted, so a duplicate follows its first occurrence.
      if (dep === previous || dep === asset.id || !ids.has(dep)) continue;
      previous = dep;
      edges.push([dep, asset.id]);
      line('<', dep);
    }
  }
  return { nodes, edges, hash: hash.digest() };
}
