// Resolves a dbt selection on the asset graph the way dbt's NodeSelector does (default eager
// indirect selection): each criterion selects nodes, adds its `+`/`@` relatives, then pulls in
// the tests of what it selected; criteria combine by intersection and union; --exclude is
// resolved the same way and subtracted.
import type { AssetGraph } from '../assets';
import { criterionMatcher } from './match-criterion';
import { parseSelection, type ParsedSelection, type SelectionCriterion } from './parse-selection';
import { selectionIndex, walk, type SelectionIndex } from './selection-index';

export interface ResolvedSelection {
  /** Selected asset ids (models, seeds, snapshots, sources, exposures). */
  assets: Set<string>;
  /** Selected check ids (dbt tests and unit tests), as `dbt build` would run them. */
  checks: Set<string>;
}

function resolveCriterion(index: SelectionIndex, c: SelectionCriterion): Set<string> {
  const selected = new Set<string>();
  const matches = criterionMatcher(c, index);
  for (const node of index.nodes) if (matches(node)) selected.add(node.id);
  const extra = new Set<string>();
  if (c.childrensParents) {
    const down = walk(index.children, selected, undefined);
    for (const id of selected) down.add(id);
    for (const id of walk(index.parents, down, undefined)) extra.add(id);
    for (const id of down) extra.add(id);
  }
  if (c.parents) for (const id of walk(index.parents, selected, c.parentsDepth)) extra.add(id);
  if (c.children) for (const id of walk(index.children, selected, c.childrenDepth)) extra.add(id);
  for (const id of extra) selected.add(id);
  // Eager indirect selection: a test is selected when any node it tests is.
  const direct = new Set(selected);
  for (const id of direct) {
    for (const child of index.children.get(id) ?? []) {
      if (index.byId.get(child)?.kind === 'check') selected.add(child);
    }
  }
  return selected;
}

function intersect(sets: Set<string>[]): Set<string> {
  const [first, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  if (first === undefined) return new Set();
  return new Set([...first].filter((id) => rest.every((s) => s.has(id))));
}

function resolveParsed(index: SelectionIndex, parsed: ParsedSelection): Set<string> {
  const out = new Set<string>();
  for (const spec of parsed.union) {
    for (const id of intersect(spec.criteria.map((c) => resolveCriterion(index, c)))) out.add(id);
  }
  return out;
}

/** All selected nodes, split into assets and checks. Throws SelectionError on bad syntax. */
export function resolveSelectionDetailed(
  graph: AssetGraph,
  select?: string,
  exclude?: string,
): ResolvedSelection {
  const index = selectionIndex(graph);
  const included =
    select === undefined || select.trim() === ''
      ? new Set(index.nodes.map((n) => n.id)) // dbt's default: everything
      : resolveParsed(index, parseSelection(select));
  const excluded =
    exclude === undefined || exclude.trim() === ''
      ? new Set<string>()
      : resolveParsed(index, parseSelection(exclude));
  const result: ResolvedSelection = { assets: new Set(), checks: new Set() };
  for (const id of included) {
    if (excluded.has(id)) continue;
    if (index.byId.get(id)?.kind === 'check') result.checks.add(id);
    else result.assets.add(id);
  }
  return result;
}

/** Asset ids a dbt-style `--select` / `--exclude` picks (tests excluded; see resolveChecks). */
export function resolveSelection(
  graph: AssetGraph,
  select?: string,
  exclude?: string,
): Set<string> {
  return resolveSelectionDetailed(graph, select, exclude).assets;
}

/** Check (test) ids `dbt build --select … --exclude …` would run. */
export function resolveChecks(graph: AssetGraph, select?: string, exclude?: string): Set<string> {
  return resolveSelectionDetailed(graph, select, exclude).checks;
}
