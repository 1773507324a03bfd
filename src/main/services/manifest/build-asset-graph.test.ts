// FR-006 / FR-010: assets and their metadata from a small v12-shaped manifest that holds every
// case the builder distinguishes (ephemeral, disabled, meta in config or top level, groups,
// classifications, tests with and without attached_node, unit tests, dangling references).
import { describe, expect, it } from 'vitest';
import { buildAssetGraph } from './build-asset-graph';
import { columnClassifications } from './column-classifications';
import { ManifestError } from './manifest-error';

const V12 = 'https://schemas.getdbt.com/dbt/manifest/v12.json';

function model(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    resource_type: 'model',
    package_name: 'shop',
    path: `staging/${name}.sql`,
    original_file_path: `models/staging/${name}.sql`,
    fqn: ['shop', 'staging', name],
    config: { enabled: true, materialized: 'view', meta: {} },
    tags: [],
    description: '',
    columns: {},
    meta: {},
    depends_on: { nodes: [], macros: [] },
    checksum: { name: 'sha256', checksum: `sum-${name}` },
    ...extra,
  };
}

const manifest = {
  metadata: { dbt_schema_version: V12, dbt_version: '1.11.16', project_name: 'shop' },
  sources: {
    'source.shop.app.events': {
      name: 'events',
      source_name: 'app',
      resource_type: 'source',
      package_name: 'shop',
      path: 'models/staging/sources.yml',
      original_file_path: 'models/staging/sources.yml',
      fqn: ['shop', 'staging', 'app', 'events'],
      config: { enabled: true, meta: { floe: { owner: 'platform@x' } } },
      description: 'events',
      columns: {
        user_id: {
          name: 'user_id',
          description: '',
          meta: {},
          config: { meta: { floe: { classification: 'internal' } } },
        },
      },
      relation_name: '"db"."raw"."events"',
      database: 'db',
      schema: 'raw',
    },
  },
  nodes: {
    'model.shop.stg_events': model('stg_events', {
      depends_on: { nodes: ['source.shop.app.events', 'source.shop.app.events', 'metric.shop.m'] },
      description: 'Cleaned events',
      tags: ['staging'],
      meta: { floe: { owner: 'old-owner' } },
      config: {
        enabled: true,
        materialized: 'view',
        meta: { floe: { owner: 'analytics@x', group: 'product' } },
      },
      columns: {
        email: {
          name: 'email',
          description: 'Email',
          data_type: 'varchar',
          meta: { floe: { classification: 'pii', pii_type: 'email' } },
          config: { meta: { floe: { sensitivity: 'high' } } },
        },
        plain: { name: 'plain', description: '', data_type: null, meta: {} },
      },
      patch_path: 'shop://models/staging/_staging.yml',
      relation_name: '"db"."main"."stg_events"',
      database: 'db',
      schema: 'main',
      raw_code: 'select * from {{ source("app", "events") }}',
      compiled_code: 'select * from "db"."raw"."events"',
    }),
    'model.shop.int_sessions': model('int_sessions', {
      path: 'intermediate/int_sessions.sql',
      original_file_path: 'models/intermediate/int_sessions.sql',
      config: { enabled: true, materialized: 'ephemeral', group: 'analytics' },
      group: 'analytics',
      depends_on: { nodes: ['model.shop.stg_events', 'model.shop.gone'] },
    }),
    'model.shop.top': model('top', {
      path: 'top.sql',
      original_file_path: 'models/top.sql',
      meta: { owner: 'legacy@x' },
      raw_sql: 'select 1',
      raw_code: undefined,
      depends_on: { nodes: ['model.shop.int_sessions'] },
    }),
    'seed.shop.countries': {
      ...model('countries'),
      resource_type: 'seed',
      path: 'countries.csv',
      original_file_path: 'seeds/countries.csv',
      config: { enabled: true, materialized: 'seed' },
    },
    'snapshot.shop.snap': {
      ...model('snap'),
      resource_type: 'snapshot',
      path: 'snap.sql',
      config: { enabled: true, materialized: 'snapshot' },
      depends_on: { nodes: ['model.shop.stg_events'] },
    },
    'operation.shop.hook': {
      name: 'hook',
      resource_type: 'operation',
      config: { enabled: true },
      depends_on: { nodes: [] },
    },
    'analysis.shop.a': {
      ...model('a'),
      resource_type: 'analysis',
      depends_on: { nodes: ['model.shop.top'] },
    },
    'test.shop.rel': {
      name: 'relationships_top_id',
      resource_type: 'test',
      package_name: 'shop',
      original_file_path: 'models/staging/_staging.yml',
      fqn: ['shop', 'staging', 'relationships_top_id'],
      config: { enabled: true, severity: 'ERROR', materialized: 'test' },
      tags: [],
      column_name: 'id',
      attached_node: 'model.shop.top',
      test_metadata: { name: 'relationships', kwargs: {} },
      depends_on: { nodes: ['model.shop.stg_events', 'model.shop.top'] },
    },
    'test.shop.singular': {
      name: 'assert_positive',
      resource_type: 'test',
      package_name: 'shop',
      original_file_path: 'tests/assert_positive.sql',
      config: { enabled: true, severity: 'warn' },
      attached_node: null,
      depends_on: { nodes: ['model.shop.stg_events', 'seed.shop.countries'] },
    },
  },
  unit_tests: {
    'unit_test.shop.top.t1': {
      name: 't1',
      resource_type: 'unit_test',
      package_name: 'shop',
      config: { enabled: true },
      depends_on: { nodes: ['model.shop.top'] },
      checksum: 'abc',
    },
  },
  exposures: {
    'exposure.shop.dash': {
      name: 'dash',
      resource_type: 'exposure',
      package_name: 'shop',
      original_file_path: 'models/marts/exposures.yml',
      owner: { name: 'BI team', email: 'bi@x' },
      config: { enabled: true },
      depends_on: { nodes: ['model.shop.top', 'metric.shop.m'] },
    },
  },
  metrics: { 'metric.shop.m': { name: 'm' } },
  disabled: { 'model.shop.off': [model('off', { config: { enabled: false } })] },
};

describe('buildAssetGraph (FR-006, FR-010)', () => {
  const graph = buildAssetGraph(manifest);
  const asset = (id: string) => graph.assets.find((a) => a.id === id);

  it('reads metadata and keeps exactly the enabled models, seeds, snapshots, sources and exposures', () => {
    expect(graph).toMatchObject({
      projectName: 'shop',
      dbtVersion: '1.11.16',
      manifestSchemaVersion: 12,
    });
    expect(graph.assets.map((a) => a.id).sort()).toEqual(
      [
        'exposure.shop.dash',
        'model.shop.int_sessions',
        'model.shop.stg_events',
        'model.shop.top',
        'seed.shop.countries',
        'snapshot.shop.snap',
        'source.shop.app.events',
      ].sort(),
    );
  });

  it('FR-007: deps are depends_on.nodes restricted to assets, de-duplicated; dangling ids reported', () => {
    expect(asset('model.shop.stg_events')?.deps).toEqual(['source.shop.app.events']);
    expect(asset('model.shop.stg_events')?.missingDeps).toBeUndefined(); // the metric is known, just not an asset
    expect(asset('model.shop.int_sessions')?.deps).toEqual(['model.shop.stg_events']);
    expect(asset('model.shop.int_sessions')?.missingDeps).toEqual(['model.shop.gone']);
    expect(asset('exposure.shop.dash')?.deps).toEqual(['model.shop.top']);
  });

  it('FR-010: description, tags, owner, materialization, files, relation, code, checksum', () => {
    expect(asset('model.shop.stg_events')).toMatchObject({
      name: 'stg_events',
      resourceType: 'model',
      packageName: 'shop',
      description: 'Cleaned events',
      tags: ['staging'],
      owner: 'analytics@x', // config.meta wins over the top-level meta
      materialization: 'view',
      ephemeral: false,
      filePath: 'models/staging/stg_events.sql',
      patchPath: 'models/staging/_staging.yml',
      database: 'db',
      schema: 'main',
      relationName: '"db"."main"."stg_events"',
      rawSql: 'select * from {{ source("app", "events") }}',
      compiledSql: 'select * from "db"."raw"."events"',
      checksum: 'sum-stg_events',
      fqn: ['shop', 'staging', 'stg_events'],
    });
    expect(asset('model.shop.top')).toMatchObject({ owner: 'legacy@x', rawSql: 'select 1' });
    expect(asset('source.shop.app.events')).toMatchObject({
      owner: 'platform@x',
      sourceName: 'app',
      relationName: '"db"."raw"."events"',
    });
    expect(asset('exposure.shop.dash')?.owner).toBe('BI team');
  });

  it('ephemeral models are kept and marked', () => {
    expect(asset('model.shop.int_sessions')).toMatchObject({
      ephemeral: true,
      materialization: 'ephemeral',
    });
  });

  it('group: meta.floe.group, else the dbt group, else the first folder, else default', () => {
    expect(asset('model.shop.stg_events')?.group).toBe('product');
    expect(asset('model.shop.int_sessions')).toMatchObject({
      group: 'analytics',
      dbtGroup: 'analytics',
    });
    expect(asset('snapshot.shop.snap')?.group).toBe('default');
    expect(asset('model.shop.top')?.group).toBe('default');
    expect(asset('seed.shop.countries')?.group).toBe('default');
    expect(asset('source.shop.app.events')?.group).toBe('staging');
    expect(asset('exposure.shop.dash')?.group).toBe('marts');
  });

  it('columns carry data types and classifications from meta and config.meta', () => {
    expect(asset('model.shop.stg_events')?.columns).toEqual([
      {
        name: 'email',
        description: 'Email',
        dataType: 'varchar',
        classification: 'pii',
        pii_type: 'email',
        sensitivity: 'high',
      },
      { name: 'plain', description: '' },
    ]);
    expect(columnClassifications(graph)).toEqual({
      'model.shop.stg_events': {
        email: { classification: 'pii', pii_type: 'email', sensitivity: 'high' },
      },
      'source.shop.app.events': { user_id: { classification: 'internal' } },
    });
  });

  it('tests become checks: on their attached node when dbt names one, else on every asset they test', () => {
    const rel = graph.checks.find((c) => c.id === 'test.shop.rel');
    expect(rel).toMatchObject({
      assetIds: ['model.shop.stg_events', 'model.shop.top'],
      attachedAssetId: 'model.shop.top',
      kind: 'generic',
      testName: 'relationships',
      columnName: 'id',
      severity: 'ERROR',
    });
    expect(graph.checks.find((c) => c.id === 'test.shop.singular')).toMatchObject({
      kind: 'singular',
      severity: 'warn',
    });
    expect(graph.checks.find((c) => c.id === 'unit_test.shop.top.t1')).toMatchObject({
      kind: 'unit',
      assetIds: ['model.shop.top'],
    });
    expect(asset('model.shop.top')?.checks).toEqual(['test.shop.rel', 'unit_test.shop.top.t1']);
    expect(asset('model.shop.stg_events')?.checks).toEqual(['test.shop.singular']);
    expect(asset('seed.shop.countries')?.checks).toEqual(['test.shop.singular']);
  });

  it('refuses old and foreign manifests with a clear message', () => {
    const old = {
      ...manifest,
      metadata: {
        dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v8.json',
        dbt_version: '1.4.9',
      },
    };
    expect(() => buildAssetGraph(old)).toThrow(ManifestError);
    expect(() => buildAssetGraph(old)).toThrow(
      'unsupported manifest schema v8 (dbt 1.4.9); Floe Studio reads v9+ (dbt 1.5 and later)',
    );
    expect(() => buildAssetGraph('nope')).toThrow(
      'not a dbt manifest: the top level is not a JSON object',
    );
    expect(() => buildAssetGraph({ ...manifest, nodes: [] })).toThrow('"nodes" is not an object');
  });
});
