// Fixtures for the telemetry unit tests and the bench: a small compiled project and its asset graph.
import type { Asset, AssetGraph } from '../../../shared/assets';
import type {
  CompiledArtifacts,
  CompiledObservability,
} from '../../../shared/config/compiled-artifacts';
import type { RunContext } from '../runs/run-observer';

export function fixtureAsset(id: string, deps: string[] = [], materialization = 'table'): Asset {
  const name = id.split('.').at(-1) ?? id;
  return {
    id,
    name,
    resourceType: id.startsWith('seed.') ? 'seed' : 'model',
    packageName: 'shop',
    group: 'marts',
    tags: [],
    description: '',
    materialization,
    ephemeral: false,
    deps,
    checks: [],
    columns: [],
    relationName: `"dev"."main"."${name}"`,
  };
}

export function fixtureGraph(assets: Asset[] = defaultAssets()): AssetGraph {
  return {
    projectName: 'shop',
    dbtVersion: '1.11.16',
    manifestSchemaVersion: 12,
    assets,
    checks: [
      {
        id: 'test.shop.not_null_customers_id.abc',
        name: 'not_null_customers_id',
        assetIds: ['model.shop.customers'],
      },
    ],
  };
}

function defaultAssets(): Asset[] {
  return [
    fixtureAsset('seed.shop.raw_customers', [], 'seed'),
    fixtureAsset('model.shop.stg_customers', ['seed.shop.raw_customers'], 'view'),
    fixtureAsset('model.shop.customers', ['model.shop.stg_customers']),
  ];
}

export function fixtureArtifacts(
  observability: Partial<CompiledObservability> = {},
): CompiledArtifacts {
  const obs: CompiledObservability = {
    traces: true,
    lineage: true,
    otlp_endpoint: null,
    lineage_endpoint: null,
    lineage_namespace: 'shop',
    attributes: {},
    ...observability,
  };
  const compute = { target: 'duckdb' as const, properties: {} };
  return {
    version: '1.0.0',
    metadata: {
      compiled_at: '2026-01-01T00:00:00Z',
      floe_version: '0.1.0',
      source_hash: 'x',
      source_path: 'floe.yaml',
    },
    name: 'shop',
    project_version: '1.0.0',
    environment: 'dev',
    environments: { dev: { name: 'dev', protected: false, compute, observability: obs } },
    compute,
    transforms: [{ type: 'dbt', path: 'dbt' }],
    governance: { classification_source: 'dbt_meta', policies: {} },
    observability: obs,
    orchestration: null,
    dbt_project_path: '/tmp/shop/dbt',
    dbt_profile_name: 'shop',
    dbt_manifest_path: null,
    dbt_profiles_path: '.floe/profiles',
    column_classifications: {},
  };
}

export function fixtureContext(overrides: Partial<RunContext> = {}): RunContext {
  return {
    runId: 'run-1',
    projectDir: '/tmp/shop',
    env: 'dev',
    selection: 'customers+',
    trigger: 'cli',
    startedAt: new Date('2026-05-01T10:00:00.000Z'),
    artifacts: fixtureArtifacts(),
    graph: fixtureGraph(),
    ...overrides,
  };
}

/** `base` plus `ms` milliseconds. */
export const at = (ms: number, base = Date.parse('2026-05-01T10:00:00.000Z')): Date =>
  new Date(base + ms);
