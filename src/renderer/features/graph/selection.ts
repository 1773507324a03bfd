// Pure: the dbt selection string for the assets the user picked.
import type { AssetSummary } from '../../../shared/assets';

export type MaterializeScope = 'only' | 'downstream' | 'upstream';

/** `source.pkg.src.table` → `source:src.table`. */
export function sourceSelector(asset: AssetSummary): string {
  const parts = asset.id.split('.');
  return `source:${parts.slice(2).join('.')}`;
}

/**
 * Names joined by spaces; `name+` / `+name` for downstream / upstream. Sources cannot be built, so they
 * are left out — except as the root of a downstream selection (`source:src.table+`), which builds what
 * reads them. Exposures are never built either. Empty when nothing buildable is selected.
 */
export function buildSelection(assets: readonly AssetSummary[], scope: MaterializeScope): string {
  const selectors: string[] = [];
  for (const asset of assets) {
    switch (asset.resourceType) {
      case 'model':
      case 'seed':
      case 'snapshot':
        selectors.push(
          scope === 'downstream'
            ? `${asset.name}+`
            : scope === 'upstream'
              ? `+${asset.name}`
              : asset.name,
        );
        break;
      case 'source':
        if (scope === 'downstream') selectors.push(`${sourceSelector(asset)}+`);
        break;
      case 'exposure':
        break;
      default: {
        const exhaustive: never = asset.resourceType;
        throw new Error(`unknown resource type ${String(exhaustive)}`);
      }
    }
  }
  return [...new Set(selectors)].join(' ');
}

export function isBuildable(asset: AssetSummary): boolean {
  return asset.resourceType !== 'source' && asset.resourceType !== 'exposure';
}
