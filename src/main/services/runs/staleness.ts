// Staleness of assets (pure): an asset is stale when its code changed since its last successful
// materialization (dbt's file checksum now vs. the one recorded at that success, and likewise its
// own entry in its properties YAML), when an upstream
// asset was materialized successfully after it, or when it never was. Checked in that order; the
// first reason wins. Ephemeral models are inlined into their consumers, so the walk goes through them.
import type { Staleness } from '../../../shared/api/contract';
import type { Asset, AssetGraph } from '../../../shared/assets';

export interface AssetSuccess {
  /** ISO time of the last successful materialization in the environment. */
  lastSuccessAt: string;
  /** dbt's checksum of the asset's file at that materialization, when recorded. */
  checksum?: string;
  /** The asset's properties YAML entry's fingerprint at that materialization, when recorded. */
  propertiesChecksum?: string;
}

/** Assets the engine materializes (sources and exposures are not built; ephemerals are inlined). */
export function isMaterializable(asset: Asset): boolean {
  return (
    (asset.resourceType === 'model' ||
      asset.resourceType === 'seed' ||
      asset.resourceType === 'snapshot') &&
    !asset.ephemeral
  );
}

/** Materializable upstream assets, looking through ephemeral models. */
function materializedUpstreams(asset: Asset, byId: ReadonlyMap<string, Asset>): Asset[] {
  const out: Asset[] = [];
  const seen = new Set<string>();
  const stack = [...asset.deps];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || seen.has(id)) continue;
    seen.add(id);
    const dep = byId.get(id);
    if (dep === undefined) continue;
    if (isMaterializable(dep)) out.push(dep);
    else if (dep.ephemeral) stack.push(...dep.deps);
  }
  return out;
}

/** Stale materializable assets of the graph with the reason; fresh ones are absent. */
export function computeStaleness(
  graph: AssetGraph,
  successes: ReadonlyMap<string, AssetSuccess>,
): Record<string, Staleness> {
  const byId = new Map(graph.assets.map((asset) => [asset.id, asset]));
  const stale: Record<string, Staleness> = {};
  for (const asset of graph.assets) {
    if (!isMaterializable(asset)) continue;
    const mine = successes.get(asset.id);
    if (mine === undefined) {
      stale[asset.id] = {
        reason: 'never_materialized',
        detail: 'never materialized in this environment',
      };
      continue;
    }
    if (
      mine.checksum !== undefined &&
      asset.checksum !== undefined &&
      mine.checksum !== asset.checksum
    ) {
      stale[asset.id] = {
        reason: 'code_changed',
        detail: `code changed since last materialization at ${mine.lastSuccessAt}`,
      };
      continue;
    }
    if (
      mine.propertiesChecksum !== undefined &&
      asset.propertiesChecksum !== undefined &&
      mine.propertiesChecksum !== asset.propertiesChecksum
    ) {
      stale[asset.id] = {
        reason: 'code_changed',
        detail: `its YAML (${asset.patchPath ?? 'properties'}) changed since last materialization at ${mine.lastSuccessAt}`,
      };
      continue;
    }
    let newest: { id: string; at: string } | null = null;
    for (const upstream of materializedUpstreams(asset, byId)) {
      const theirs = successes.get(upstream.id);
      if (theirs === undefined || theirs.lastSuccessAt <= mine.lastSuccessAt) continue;
      if (newest === null || theirs.lastSuccessAt > newest.at)
        newest = { id: upstream.id, at: theirs.lastSuccessAt };
    }
    if (newest !== null) {
      stale[asset.id] = {
        reason: 'upstream_newer',
        detail: `upstream ${newest.id} materialized at ${newest.at} after this asset (${mine.lastSuccessAt})`,
      };
    }
  }
  return stale;
}
