// Test data: assets and graphs shaped like the manifest helper's output.
import type { Asset, AssetGraph, ResourceType } from '../../shared/assets';

export function asset(
  name: string,
  deps: string[] = [],
  extra: Partial<Asset> & { resourceType?: ResourceType } = {},
): Asset {
  const resourceType = extra.resourceType ?? 'model';
  return {
    id: extra.id ?? `${resourceType}.shop.${name}`,
    name,
    resourceType,
    packageName: 'shop',
    group: 'default',
    tags: [],
    description: '',
    ephemeral: false,
    deps,
    checks: [],
    columns: [],
    ...extra,
  };
}

export function graphOf(assets: Asset[]): AssetGraph {
  return {
    projectName: 'shop',
    dbtVersion: '1.11.0',
    manifestSchemaVersion: 12,
    assets,
    checks: [],
  };
}

/** The example's shape: sources → staging → intermediate → marts. */
export function shopGraph(): AssetGraph {
  const src = (table: string): Asset =>
    asset(table, [], { resourceType: 'source', id: `source.shop.raw.${table}`, group: 'raw' });
  const m = (name: string, deps: string[], group: string, tags: string[] = []): Asset =>
    asset(name, deps, { group, tags });
  return graphOf([
    src('customers'),
    src('orders'),
    src('payments'),
    m('stg_customers', ['source.shop.raw.customers'], 'staging'),
    m('stg_orders', ['source.shop.raw.orders'], 'staging'),
    m('stg_payments', ['source.shop.raw.payments'], 'staging'),
    m('int_order_payments', ['model.shop.stg_orders', 'model.shop.stg_payments'], 'intermediate'),
    m('customers', ['model.shop.stg_customers', 'model.shop.int_order_payments'], 'marts', ['pii']),
    m('orders', ['model.shop.int_order_payments'], 'marts'),
  ]);
}

/** A dbt-like synthetic DAG: `n` models in `width`-wide tiers, each reading up to 2 earlier ones. */
export function syntheticGraph(n: number, width = 250): AssetGraph {
  const assets: Asset[] = [];
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < n; i++) {
    const tier = Math.floor(i / width);
    const deps: string[] = [];
    if (tier > 0) {
      for (let k = 0; k < 2; k++) {
        const j = Math.floor(random() * tier * width);
        deps.push(`model.shop.m${j}`);
      }
    }
    assets.push(asset(`m${i}`, deps, { group: `g${i % 7}` }));
  }
  return graphOf(assets);
}
