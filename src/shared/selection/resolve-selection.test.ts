// Resolution semantics on a small hand-made graph; parity with real `dbt ls` is proven in
// tests/integration/selection-parity.test.ts.
import { describe, expect, it } from 'vitest';
import type { Asset, AssetCheck, AssetGraph } from '../assets';
import { resolveChecks, resolveSelection } from './resolve-selection';
import { SelectionError } from './selection-error';

function asset(id: string, deps: string[], extra: Partial<Asset> = {}): Asset {
  const [type = 'model', pkg = 'shop', ...rest] = id.split('.');
  const name = rest.at(-1) ?? id;
  return {
    id,
    name,
    resourceType: type as Asset['resourceType'],
    packageName: pkg,
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

function check(id: string, assetIds: string[], extra: Partial<AssetCheck> = {}): AssetCheck {
  return {
    id,
    name: id.split('.')[2] ?? id,
    assetIds,
    kind: 'generic',
    tags: [],
    packageName: 'shop',
    ...extra,
  };
}

//  source.raw.customers → stg_customers ─┐
//  seed.raw_orders → stg_orders → int_orders (ephemeral) → customers → exposure dash
//                               └→ orders                ┘(int_orders feeds both)
//  test rel: orders.customer_id → customers (depends on both; attached to orders)
const graph: AssetGraph = {
  projectName: 'shop',
  dbtVersion: '1.11.16',
  manifestSchemaVersion: 12,
  assets: [
    asset('source.shop.raw.customers', [], {
      name: 'customers',
      sourceName: 'raw',
      filePath: 'models/staging/sources.yml',
      fqn: ['shop', 'staging', 'raw', 'customers'],
      group: 'staging',
    }),
    asset('seed.shop.raw_orders', [], {
      filePath: 'seeds/raw_orders.csv',
      fqn: ['shop', 'raw_orders'],
      tags: ['raw'],
    }),
    asset('model.shop.stg_customers', ['source.shop.raw.customers'], {
      filePath: 'models/staging/stg_customers.sql',
      fqn: ['shop', 'staging', 'stg_customers'],
      tags: ['staging'],
      group: 'staging',
      materialization: 'view',
    }),
    asset('model.shop.stg_orders', ['seed.shop.raw_orders'], {
      filePath: 'models/staging/stg_orders.sql',
      patchPath: 'models/staging/_staging.yml',
      fqn: ['shop', 'staging', 'stg_orders'],
      tags: ['staging'],
      group: 'staging',
      materialization: 'view',
    }),
    asset('model.shop.int_orders', ['model.shop.stg_orders'], {
      filePath: 'models/intermediate/int_orders.sql',
      fqn: ['shop', 'intermediate', 'int_orders'],
      materialization: 'ephemeral',
      ephemeral: true,
      group: 'intermediate',
    }),
    asset('model.shop.customers', ['model.shop.stg_customers', 'model.shop.int_orders'], {
      filePath: 'models/marts/customers.sql',
      fqn: ['shop', 'marts', 'customers'],
      tags: ['marts', 'pii'],
      group: 'marts',
      dbtGroup: 'finance',
      access: 'public',
      materialization: 'table',
    }),
    asset('model.shop.orders', ['model.shop.int_orders'], {
      filePath: 'models/marts/orders.sql',
      fqn: ['shop', 'marts', 'orders'],
      tags: ['marts'],
      group: 'marts',
      materialization: 'table',
    }),
    asset('exposure.shop.dash', ['model.shop.customers'], {
      name: 'dash',
      filePath: 'models/marts/exposures.yml',
      fqn: ['shop', 'marts', 'dash'],
    }),
  ],
  checks: [
    check('test.shop.rel_orders_customer.1', ['model.shop.customers', 'model.shop.orders'], {
      attachedAssetId: 'model.shop.orders',
      testName: 'relationships',
      filePath: 'models/marts/_marts.yml',
    }),
    check('test.shop.not_null_stg_orders_id.2', ['model.shop.stg_orders'], {
      testName: 'not_null',
      severity: 'ERROR',
    }),
    check('test.shop.assert_orders.3', ['model.shop.orders'], {
      kind: 'singular',
      filePath: 'tests/assert_orders.sql',
    }),
  ],
};

const sel = (select?: string, exclude?: string): string[] =>
  [...resolveSelection(graph, select, exclude)]
    .map((id) => id.split('.').slice(2).join('.'))
    .sort();

describe('resolveSelection', () => {
  it('no selection means everything (dbt default), tests excluded from the asset set', () => {
    expect(sel()).toHaveLength(8);
    expect(sel('')).toHaveLength(8);
  });

  it('names, fqn prefixes and wildcards follow dbt (sources are not selected by name)', () => {
    expect(sel('orders')).toEqual(['orders']);
    expect(sel('customers')).toEqual(['customers']); // not source raw.customers
    expect(sel('shop.marts.orders')).toEqual(['orders']);
    expect(sel('staging.stg_orders')).toEqual(['stg_orders']);
    expect(sel('shop.orders')).toEqual([]); // dbt needs the folders in a dotted name
    expect(sel('marts')).toEqual(['customers', 'dash', 'orders']);
    expect(sel('stg_*')).toEqual(['stg_customers', 'stg_orders']);
    expect(sel('fqn:shop.staging.*')).toEqual(['stg_customers', 'stg_orders']);
    expect(sel('shop')).toHaveLength(7);
  });

  it('+x, x+, n+x, x+n', () => {
    expect(sel('+orders')).toEqual(['int_orders', 'orders', 'raw_orders', 'stg_orders']);
    expect(sel('stg_orders+')).toEqual(['customers', 'dash', 'int_orders', 'orders', 'stg_orders']);
    expect(sel('1+customers')).toEqual(['customers', 'int_orders', 'stg_customers']);
    expect(sel('2+customers')).toEqual([
      'customers',
      'int_orders',
      'raw.customers',
      'stg_customers',
      'stg_orders',
    ]);
    expect(sel('stg_orders+1')).toEqual(['int_orders', 'stg_orders']);
    expect(sel('0+orders')).toEqual(['orders']);
  });

  it('@x reaches other parents through tests, as dbt does', () => {
    // orders' relationships test also depends on customers, so customers' ancestors come in.
    expect(sel('@orders')).toEqual([
      'customers',
      'int_orders',
      'orders',
      'raw.customers',
      'raw_orders',
      'stg_customers',
      'stg_orders',
    ]);
    expect(sel('@stg_customers')).toEqual([
      'customers',
      'dash',
      'int_orders',
      'orders',
      'raw.customers',
      'raw_orders',
      'stg_customers',
      'stg_orders',
    ]);
  });

  it('tag:, path:, file:, resource_type:, source:, package:, config., access:, exposure:', () => {
    expect(sel('tag:staging')).toEqual(['stg_customers', 'stg_orders']);
    expect(sel('tag:p*')).toEqual(['customers']);
    expect(sel('path:models/staging')).toEqual(['raw.customers', 'stg_customers', 'stg_orders']);
    expect(sel('models/staging/')).toEqual(['raw.customers', 'stg_customers', 'stg_orders']);
    expect(sel('path:models/staging/_staging.yml')).toEqual(['stg_orders']); // the YAML that patches it
    expect(sel('path:models/*/orders.sql')).toEqual(['orders']);
    expect(sel('path:models/**/*.sql')).toHaveLength(5);
    expect(sel('stg_orders.sql')).toEqual(['stg_orders']);
    expect(sel('file:sources')).toEqual(['raw.customers']);
    expect(sel('resource_type:seed resource_type:exposure')).toEqual(['dash', 'raw_orders']);
    expect(sel('resource_type:analysis')).toEqual([]);
    expect(sel('source:raw')).toEqual(['raw.customers']);
    expect(sel('source:shop.raw.cust*+1')).toEqual(['raw.customers', 'stg_customers']);
    expect(sel('package:this')).toHaveLength(8);
    expect(sel('config.materialized:ephemeral')).toEqual(['int_orders']);
    expect(sel('access:public')).toEqual(['customers']);
    expect(sel('+exposure:dash')).toHaveLength(7);
  });

  it('group: matches the Floe group and the dbt group', () => {
    expect(sel('group:staging')).toEqual(['raw.customers', 'stg_customers', 'stg_orders']);
    expect(sel('group:finance')).toEqual(['customers']);
    expect(sel('group:mart*')).toEqual(['customers', 'orders']);
  });

  it('tests as selectors reach the assets they test', () => {
    expect(sel('+test_name:relationships')).toHaveLength(7);
    expect(sel('1+test_type:singular')).toEqual(['orders']);
    expect(sel('1+config.severity:error')).toEqual(['stg_orders']);
  });

  it('unions, intersections and --exclude', () => {
    expect(sel('tag:staging tag:marts')).toEqual([
      'customers',
      'orders',
      'stg_customers',
      'stg_orders',
    ]);
    expect(sel('+customers,tag:staging')).toEqual(['stg_customers', 'stg_orders']);
    expect(sel('+customers', 'tag:staging')).toEqual([
      'customers',
      'int_orders',
      'raw.customers',
      'raw_orders',
    ]);
    expect(sel(undefined, 'marts')).toEqual([
      'int_orders',
      'raw.customers',
      'raw_orders',
      'stg_customers',
      'stg_orders',
    ]);
  });

  it('syntax errors throw SelectionError from select and exclude', () => {
    expect(() => sel('tagg:x')).toThrow(SelectionError);
    expect(() => sel('orders', 'tag:')).toThrow('missing a value after "tag:"');
  });
});

describe('resolveChecks (eager, like dbt build)', () => {
  const checks = (select?: string, exclude?: string): string[] =>
    [...resolveChecks(graph, select, exclude)].sort();

  it('a test runs when any asset it tests is selected', () => {
    expect(checks('customers')).toEqual(['test.shop.rel_orders_customer.1']);
    expect(checks('orders')).toEqual([
      'test.shop.assert_orders.3',
      'test.shop.rel_orders_customer.1',
    ]);
  });

  it('excluding either parent excludes a relationships test', () => {
    expect(checks('orders', 'customers')).toEqual(['test.shop.assert_orders.3']);
  });

  it('tests can be selected directly', () => {
    expect(checks('test_type:singular')).toEqual(['test.shop.assert_orders.3']);
  });
});
