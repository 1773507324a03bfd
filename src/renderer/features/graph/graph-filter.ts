// Pure: which assets the graph shows — a search/filter query and a focus neighbourhood.
import type { AssetSummary, AssetGraphSummary } from '../../../shared/assets';

export type FocusDirection = 'both' | 'up' | 'down';

export interface FocusSpec {
  assetId: string;
  depth: number;
  direction: FocusDirection;
}

export interface ParsedQuery {
  /** Plain words: each must appear in the name (case-insensitive). */
  words: string[];
  tags: string[];
  groups: string[];
  types: string[];
}

/** `tag:pii group:marts type:model cust` — prefixes filter by tag, group, resource type; the rest by name. */
export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { words: [], tags: [], groups: [], types: [] };
  for (const token of query.trim().toLowerCase().split(/\s+/)) {
    if (token === '') continue;
    const colon = token.indexOf(':');
    const prefix = colon > 0 ? token.slice(0, colon) : '';
    const value = token.slice(colon + 1);
    if (prefix === 'tag' && value) parsed.tags.push(value);
    else if (prefix === 'group' && value) parsed.groups.push(value);
    else if (prefix === 'type' && value) parsed.types.push(value);
    else parsed.words.push(token);
  }
  return parsed;
}

export function isEmptyQuery(parsed: ParsedQuery): boolean {
  return (
    parsed.words.length + parsed.tags.length + parsed.groups.length + parsed.types.length === 0
  );
}

export function matchesQuery(asset: AssetSummary, parsed: ParsedQuery): boolean {
  const name = asset.name.toLowerCase();
  const tags = asset.tags.map((tag) => tag.toLowerCase());
  return (
    parsed.words.every((word) => name.includes(word)) &&
    parsed.tags.every((tag) => tags.includes(tag)) &&
    (parsed.groups.length === 0 || parsed.groups.includes(asset.group.toLowerCase())) &&
    (parsed.types.length === 0 || parsed.types.includes(asset.resourceType))
  );
}

/** The asset and everything within `depth` dependency hops of it, upstream, downstream or both. */
export function neighbourhood(graph: AssetGraphSummary, focus: FocusSpec): Set<string> {
  const succs = new Map<string, string[]>();
  const preds = new Map<string, string[]>();
  for (const asset of graph.assets) {
    preds.set(asset.id, asset.deps);
    for (const dep of asset.deps) {
      const list = succs.get(dep);
      if (list) list.push(asset.id);
      else succs.set(dep, [asset.id]);
    }
  }
  const result = new Set<string>();
  if (!preds.has(focus.assetId)) return result;
  result.add(focus.assetId);
  const walk = (next: Map<string, string[]>): void => {
    let frontier = [focus.assetId];
    for (let hop = 0; hop < focus.depth && frontier.length > 0; hop++) {
      const following: string[] = [];
      for (const id of frontier) {
        for (const other of next.get(id) ?? []) {
          if (result.has(other) || !preds.has(other)) continue;
          result.add(other);
          following.push(other);
        }
      }
      frontier = following;
    }
  };
  if (focus.direction !== 'down') walk(preds);
  if (focus.direction !== 'up') walk(succs);
  return result;
}

/** Ids to show, or null for "all of them" (so the unfiltered layout is shared by every view of it). */
export function visibleAssetIds(
  graph: AssetGraphSummary,
  query: string,
  focus: FocusSpec | null,
): Set<string> | null {
  const parsed = parseQuery(query);
  const scope = focus ? neighbourhood(graph, focus) : null;
  if (isEmptyQuery(parsed)) return scope;
  const visible = new Set<string>();
  for (const asset of graph.assets) {
    if ((!scope || scope.has(asset.id)) && matchesQuery(asset, parsed)) visible.add(asset.id);
  }
  // The focused asset stays visible even when the query would hide it: it is the anchor of the view.
  if (focus && scope?.has(focus.assetId)) visible.add(focus.assetId);
  return visible;
}
