// Test support: a small shop-like asset graph and artifacts for any compute target.
import type { Asset, AssetCheck, AssetGraph } from '../../../../shared/assets';
import type {
  CompiledArtifacts,
  CompiledCompute,
} from '../../../../shared/config/compiled-artifacts';
import type { RunContext } from '../../runs/run-observer';
import { testAsset } from '../../../../shared/testing/test-asset';

function asset(partial: Partial<Asset> & Pick<Asset, 'id' | 'name' | 'resourceType'>): Asset {
  return testAsset({
    database: 'dev',
    schema: 'main',
    relationName: `"dev"."main"."${partial.name}"`,
    ...partial,
  });
}

export function shopGraph(): AssetGraph {
  const assets: Asset[] = [
    asset({
      id: 'source.shop.shop_app.app_events',
      name: 'app_events',
      resourceType: 'source',
      sourceName: 'shop_app',
      columns: [
        { name: 'user_email', description: 'who', classification: 'pii', pii_type: 'email' },
      ],
    }),
    asset({
      id: 'seed.shop.raw_customers',
      name: 'raw_customers',
      resourceType: 'seed',
      filePath: 'seeds/raw_customers.csv',
      tags: ['raw'],
    }),
    asset({
      id: 'model.shop.stg_customers',
      name: 'stg_customers',
      resourceType: 'model',
      materialization: 'view',
      deps: ['seed.shop.raw_customers'],
      compiledSql: 'select * from "dev"."main"."raw_customers"',
      columns: [
        { name: 'customer_id', dataType: 'integer', description: 'Primary key.' },
        {
          name: 'email',
          description: 'Email.',
          classification: 'pii',
          pii_type: 'email',
          sensitivity: 'high',
        },
      ],
    }),
    asset({
      id: 'model.shop.int_orders',
      name: 'int_orders',
      resourceType: 'model',
      materialization: 'ephemeral',
      ephemeral: true,
      relationName: undefined,
      deps: ['source.shop.shop_app.app_events', 'model.shop.stg_customers'],
    }),
    asset({
      id: 'model.shop.customers',
      name: 'customers',
      resourceType: 'model',
      materialization: 'table',
      owner: 'analytics@shop.example',
      description: 'One row per customer.',
      tags: ['pii', 'marts'],
      deps: ['model.shop.stg_customers', 'model.shop.int_orders', 'model.shop.gone'],
      compiledSql: 'select 1',
      checks: ['test.shop.unique_customers_customer_id.abc'],
      columns: [
        {
          name: 'customer_id',
          dataType: 'integer',
          description: 'Primary key.',
          classification: 'internal',
        },
        {
          name: 'full_name',
          description: 'Name.',
          classification: 'pii',
          pii_type: 'name',
          sensitivity: 'medium',
        },
      ],
    }),
    asset({
      id: 'snapshot.shop.customers_snapshot',
      name: 'customers_snapshot',
      resourceType: 'snapshot',
      schema: 'snapshots',
      relationName: '"dev"."snapshots"."customers_snapshot"',
      deps: ['model.shop.customers'],
    }),
  ];
  const checks: AssetCheck[] = [
    {
      id: 'test.shop.unique_customers_customer_id.abc',
      name: 'unique_customers_customer_id',
      assetIds: ['model.shop.customers'],
      columnName: 'customer_id',
      testName: 'unique',
      severity: 'ERROR',
    },
  ];
  return { projectName: 'shop', dbtVersion: '1.11.16', manifestSchemaVersion: 12, assets, checks };
}

export function artifactsFor(
  compute: CompiledCompute,
  overrides: Partial<CompiledArtifacts> = {},
): CompiledArtifacts {
  const observability = {
    traces: true,
    lineage: true,
    otlp_endpoint: null,
    lineage_endpoint: null,
    lineage_namespace: 'shop',
    attributes: {},
  };
  return {
    version: '1.0.0',
    metadata: {
      compiled_at: '2026-01-01T00:00:00Z',
      floe_version: '0.1.0',
      source_hash: 'x',
      source_path: '/p/floe.yaml',
    },
    name: 'shop',
    project_version: '1.0.0',
    environment: 'dev',
    environments: { dev: { name: 'dev', protected: false, compute, observability } },
    compute,
    transforms: [{ type: 'dbt', path: 'dbt' }],
    governance: { classification_source: 'dbt_meta', policies: {} },
    observability,
    orchestration: null,
    dbt_project_path: '/p/dbt',
    dbt_profile_name: 'shop',
    dbt_manifest_path: null,
    dbt_profiles_path: '/p/.floe/profiles',
    column_classifications: {},
    ...overrides,
  };
}

export function runContext(
  artifacts: CompiledArtifacts,
  graph: AssetGraph,
  overrides: Partial<RunContext> = {},
): RunContext {
  return {
    runId: 'floe-run-1',
    projectDir: '/p',
    env: 'dev',
    selection: '+customers',
    trigger: 'cli',
    startedAt: new Date('2026-01-01T10:00:00.000Z'),
    artifacts,
    graph,
    ...overrides,
  };
}

/** Sets the lineage endpoint (and other observability) of the `dev` environment. */
export function withObservability(
  artifacts: CompiledArtifacts,
  change: Partial<CompiledArtifacts['observability']>,
): CompiledArtifacts {
  const observability = { ...artifacts.observability, ...change };
  const dev = artifacts.environments['dev'];
  return {
    ...artifacts,
    observability,
    environments: dev
      ? { ...artifacts.environments, dev: { ...dev, observability } }
      : artifacts.environments,
  };
}
