import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Asset, AssetColumn } from '../../../shared/assets';
import { COMPUTE_TARGETS, type ComputeTarget } from '../../../shared/config/floe-schema';
import type { OpenLineageFacet, OpenLineageRunEvent } from '../../../shared/lineage';
import {
  assetClassifications,
  buildAssetEvent,
  buildRunEvent,
  checkAssertion,
  lineageRunSpec,
  type LineageRunSpec,
} from './events';
import { classificationFacet } from './facets';
import { artifactsFor, runContext, shopGraph } from './testing/fixtures';
import { createOpenLineageValidator, REPO_ROOT } from './testing/openlineage-validator';
import { uuidv7, UUID_PATTERN } from './uuid';

const validator = createOpenLineageValidator();
const TRACE = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

const PROPERTIES: Record<ComputeTarget, Record<string, unknown>> = {
  duckdb: { path: 'warehouse/dev.duckdb' },
  postgres: { host: '127.0.0.1', port: 5432, database: 'test' },
  redshift: { host: 'c1.abc.eu-west-1.redshift.amazonaws.com' },
  snowflake: { account: 'xy12345.eu-west-1' },
  bigquery: { project: 'p', dataset: 'd' },
  databricks: { host: 'dbc-1.cloud.databricks.com' },
  spark: { host: 'spark.local', method: 'thrift' },
};

function specFor(target: ComputeTarget): LineageRunSpec {
  const artifacts = artifactsFor({ target, properties: PROPERTIES[target] });
  return lineageRunSpec(runContext(artifacts, shopGraph()), uuidv7());
}

function assetOf(spec: LineageRunSpec, id: string): Asset {
  const asset = spec.assets.get(id);
  if (!asset) throw new Error(`no asset ${id}`);
  return asset;
}

/** Every event the product can emit for one run: run START/COMPLETE/FAIL/ABORT, and per asset kind. */
function everyEvent(spec: LineageRunSpec): OpenLineageRunEvent[] {
  const at = new Date('2026-01-01T10:00:01.000Z');
  const events: OpenLineageRunEvent[] = [];
  const assertions = new Map([
    [
      'model.shop.customers',
      [checkAssertion(shopGraph().checks[0] ?? { id: 'x', name: 'x', assetIds: [] }, false)],
    ],
  ]);
  for (const eventType of ['START', 'COMPLETE', 'FAIL', 'ABORT'] as const) {
    events.push(
      buildRunEvent(spec, { eventType, at, trace: TRACE, message: 'dbt build failed', assertions }),
    );
    for (const id of [
      'seed.shop.raw_customers',
      'model.shop.stg_customers',
      'model.shop.customers',
      'snapshot.shop.customers_snapshot',
    ]) {
      events.push(
        buildAssetEvent(spec, {
          asset: assetOf(spec, id),
          runId: uuidv7(),
          eventType,
          at,
          trace: TRACE,
          message: 'Runtime Error in model customers: Binder Error: column "nope" not found',
          rowsAffected: 42,
        }),
      );
    }
  }
  return events;
}

describe('events validate against the official OpenLineage schemas (ajv 2020, every facet)', () => {
  for (const target of COMPUTE_TARGETS) {
    test(`${target}: every event type for run and assets, facets included (FR-011..FR-015)`, () => {
      const events = everyEvent(specFor(target));
      expect(events).toHaveLength(20);
      for (const event of events) {
        expect(validator.validateEvent(event), `${event.eventType} ${event.job.name}`).toEqual([]);
      }
    });
  }

  test('our classification facet validates against resources/schemas/ColumnClassificationDatasetFacet.json', () => {
    const facet = classificationFacet('https://floe.dev/studio/v0.1.0', 'dbt_meta', {
      email: { classification: 'pii', pii_type: 'email', sensitivity: 'high' },
    });
    expect(validator.validateFacet('floe_columnClassification', facet)).toEqual([]);
    const schema = JSON.parse(
      readFileSync(
        join(REPO_ROOT, 'resources/schemas/ColumnClassificationDatasetFacet.json'),
        'utf8',
      ),
    ) as {
      $id: string;
    };
    expect(facet._schemaURL.startsWith(`${schema.$id}#/$defs/`)).toBe(true);
    // The schema really constrains: an unknown classification field is refused.
    const bad: OpenLineageFacet = { ...facet, classifications: { email: { kind: 'pii' } } };
    expect(validator.validateFacet('floe_columnClassification', bad)).not.toEqual([]);
  });

  test('the validator catches a broken event (it is not vacuous)', () => {
    const [event] = everyEvent(specFor('duckdb'));
    if (!event) throw new Error('no event');
    expect(validator.validateEvent({ ...event, run: { runId: 'not-a-uuid' } })).not.toEqual([]);
    const broken = structuredClone(event);
    const jobType = broken.job.facets?.['jobType'];
    if (jobType) delete jobType['integration'];
    expect(validator.validateEvent(broken)).not.toEqual([]);
  });
});

describe('asset events', () => {
  const spec = specFor('duckdb');
  const customers = assetOf(spec, 'model.shop.customers');
  const at = new Date('2026-01-01T10:00:02.500Z');

  test('START: job, inputs from deps (through the ephemeral model, dangling deps ignored), output relation', () => {
    const runId = uuidv7();
    const event = buildAssetEvent(spec, { asset: customers, runId, eventType: 'START', at });
    expect(event.eventTime).toBe('2026-01-01T10:00:02.500Z');
    expect(event.run.runId).toBe(runId);
    expect(event.job).toMatchObject({ namespace: 'shop', name: 'dev.main.shop.customers' });
    expect(event.inputs.map((d) => d.name).sort()).toEqual([
      'dev.main.app_events',
      'dev.main.stg_customers',
    ]);
    expect(event.outputs.map((d) => [d.namespace, d.name])).toEqual([
      ['duckdb:///p/warehouse/dev.duckdb', 'dev.main.customers'],
    ]);
    expect(event.run.facets?.['parent']).toMatchObject({
      run: { runId: spec.runId },
      job: { namespace: 'shop', name: 'dbt-run-shop' },
    });
    expect(event.job.facets?.['jobType']).toMatchObject({
      processingType: 'BATCH',
      integration: 'DBT',
      jobType: 'MODEL',
    });
    expect(event.job.facets?.['sql']).toMatchObject({ query: 'select 1', dialect: 'duckdb' });
    expect(event.run.facets?.['errorMessage']).toBeUndefined();
  });

  test('output facets: schema, dataSource, documentation, ownership, classification (FR-012, FR-015)', () => {
    const event = buildAssetEvent(spec, {
      asset: customers,
      runId: uuidv7(),
      eventType: 'COMPLETE',
      at,
      rowsAffected: 7,
    });
    const facets = event.outputs[0]?.facets ?? {};
    expect(facets['schema']?.['fields']).toEqual([
      { name: 'customer_id', type: 'integer', description: 'Primary key.', ordinal_position: 1 },
      { name: 'full_name', description: 'Name.', ordinal_position: 2 },
    ]);
    expect(facets['dataSource']).toMatchObject({
      name: 'duckdb:///p/warehouse/dev.duckdb',
      uri: 'duckdb:///p/warehouse/dev.duckdb',
    });
    expect(facets['documentation']).toMatchObject({ description: 'One row per customer.' });
    expect(facets['ownership']).toMatchObject({ owners: [{ name: 'analytics@shop.example' }] });
    expect(facets['floe_columnClassification']).toMatchObject({
      classificationSource: 'dbt_meta',
      classifications: {
        customer_id: { classification: 'internal' },
        full_name: { classification: 'pii', pii_type: 'name', sensitivity: 'medium' },
      },
      _schemaURL:
        'https://floe.dev/spec/facets/1-0-0/ColumnClassificationDatasetFacet.json#/$defs/ColumnClassificationDatasetFacet',
    });
    expect(event.outputs[0]?.outputFacets?.['outputStatistics']).toMatchObject({ rowCount: 7 });
    // Inputs carry their own classifications: the PII email of stg_customers.
    const stg = event.inputs.find((d) => d.name === 'dev.main.stg_customers');
    expect(stg?.facets?.['floe_columnClassification']?.['classifications']).toEqual({
      email: { classification: 'pii', pii_type: 'email', sensitivity: 'high' },
    });
  });

  test("FAIL carries dbt's error text in errorMessage (FR-013)", () => {
    const message =
      'Database Error in model customers (models/marts/customers.sql)\n  column "nope" does not exist';
    const event = buildAssetEvent(spec, {
      asset: customers,
      runId: uuidv7(),
      eventType: 'FAIL',
      at,
      message,
    });
    expect(event.run.facets?.['errorMessage']).toMatchObject({
      message,
      programmingLanguage: 'SQL',
    });
  });

  test('trace and span ids as the floe_trace run facet (SC-008)', () => {
    const event = buildAssetEvent(spec, {
      asset: customers,
      runId: uuidv7(),
      eventType: 'START',
      at,
      trace: TRACE,
    });
    expect(event.run.facets?.['floe_trace']).toMatchObject(TRACE);
  });

  test('seeds read their CSV file; snapshots are SNAPSHOT jobs', () => {
    const seed = buildAssetEvent(spec, {
      asset: assetOf(spec, 'seed.shop.raw_customers'),
      runId: uuidv7(),
      eventType: 'START',
      at,
    });
    expect(seed.inputs).toEqual([{ namespace: 'file', name: '/p/dbt/seeds/raw_customers.csv' }]);
    expect(seed.job.facets?.['jobType']?.['jobType']).toBe('SEED');
    expect(seed.job.name).toBe('dev.main.seed.shop.raw_customers');
    const snap = buildAssetEvent(spec, {
      asset: assetOf(spec, 'snapshot.shop.customers_snapshot'),
      runId: uuidv7(),
      eventType: 'START',
      at,
    });
    expect(snap.job.facets?.['jobType']?.['jobType']).toBe('SNAPSHOT');
    expect(snap.outputs[0]?.name).toBe('dev.snapshots.customers_snapshot');
  });

  test("classification_source 'none' turns the classification facet off", () => {
    const off = { ...spec, classificationSource: 'none', datasetCache: new Map() };
    const event = buildAssetEvent(off, {
      asset: customers,
      runId: uuidv7(),
      eventType: 'START',
      at,
    });
    expect(event.outputs[0]?.facets?.['floe_columnClassification']).toBeUndefined();
  });

  test('compiled column_classifications complete the manifest ones', () => {
    const merged = assetClassifications(
      {
        classificationSource: 'dbt_meta',
        columnClassifications: { 'model.shop.customers': { full_name: { sensitivity: 'high' } } },
      },
      customers,
    );
    expect(merged?.['full_name']).toEqual({
      classification: 'pii',
      pii_type: 'name',
      sensitivity: 'high',
    });
  });
});

describe('run events', () => {
  const spec = specFor('postgres');
  const at = new Date('2026-01-01T10:05:00.000Z');

  test('the run is the parent job dbt-run-<project> with jobType JOB and floe tags', () => {
    const event = buildRunEvent(spec, { eventType: 'START', at });
    expect(event.run.runId).toBe(spec.runId);
    expect(event.run.runId).toMatch(UUID_PATTERN);
    expect(event.job).toMatchObject({ namespace: 'shop', name: 'dbt-run-shop' });
    expect(event.job.facets?.['jobType']).toMatchObject({
      jobType: 'JOB',
      integration: 'DBT',
      processingType: 'BATCH',
    });
    expect(event.run.facets?.['tags']?.['tags']).toContainEqual({
      key: 'floe.run_id',
      value: 'floe-run-1',
      source: 'FLOE',
    });
    expect(event.run.facets?.['parent']).toBeUndefined();
  });

  test('COMPLETE carries dbt test results as dataQualityAssertions on the tested dataset', () => {
    const check = shopGraph().checks[0];
    if (!check) throw new Error('no check');
    const event = buildRunEvent(spec, {
      eventType: 'COMPLETE',
      at,
      assertions: new Map([['model.shop.customers', [checkAssertion(check, true)]]]),
    });
    expect(event.inputs).toEqual([
      {
        namespace: 'postgres://127.0.0.1:5432',
        name: 'dev.main.customers',
        inputFacets: {
          dataQualityAssertions: expect.objectContaining({
            assertions: [
              {
                assertion: 'unique',
                success: true,
                name: 'unique_customers_customer_id',
                column: 'customer_id',
                severity: 'error',
              },
            ],
          }),
        },
      },
    ]);
  });

  test('FAIL carries the message', () => {
    const event = buildRunEvent(spec, { eventType: 'FAIL', at, message: 'dbt exited with code 1' });
    expect(event.run.facets?.['errorMessage']).toMatchObject({
      message: 'dbt exited with code 1',
      programmingLanguage: 'SQL',
    });
  });
});

describe('matches the reference OpenLineage dbt integration (subset, as their test does)', () => {
  const dataDir = join(REPO_ROOT, '../shared/data/manifests/openlineage-dbt-duckdb');
  interface ManifestColumn {
    name: string;
    description: string;
    data_type: string | null;
  }
  interface ManifestNode {
    unique_id: string;
    name: string;
    database: string;
    schema: string;
    relation_name: string;
    description: string;
    compiled_code: string;
    package_name: string;
    columns: Record<string, ManifestColumn>;
    depends_on: { nodes: string[] };
  }
  const manifest = JSON.parse(readFileSync(join(dataDir, 'manifest.json'), 'utf8')) as {
    nodes: Record<string, ManifestNode>;
  };
  const expected = JSON.parse(
    readFileSync(join(dataDir, 'expected-openlineage-events.json'), 'utf8'),
  ) as OpenLineageRunEvent[];
  const node = manifest.nodes['model.jaffle_shop.customers'];
  if (!node) throw new Error('reference node missing');
  const columns: AssetColumn[] = Object.values(node.columns).map((c) => ({
    name: c.name,
    description: c.description,
    ...(c.data_type ? { dataType: c.data_type } : {}),
  }));
  const asset: Asset = {
    id: node.unique_id,
    name: node.name,
    resourceType: 'model',
    packageName: node.package_name,
    group: 'finance',
    tags: [],
    description: node.description,
    ephemeral: false,
    deps: node.depends_on.nodes,
    checks: [],
    columns,
    database: node.database,
    schema: node.schema,
    relationName: node.relation_name,
    compiledSql: node.compiled_code,
  };
  const artifacts = artifactsFor(
    { target: 'duckdb', properties: { path: '/database/jaffle_shop.duckdb' } },
    { name: 'jaffle_shop' },
  );
  artifacts.observability.lineage_namespace = 'job-namespace';
  const spec = lineageRunSpec(
    runContext(artifacts, {
      projectName: 'jaffle_shop',
      dbtVersion: '1.8.9',
      manifestSchemaVersion: 12,
      assets: [asset],
      checks: [],
    }),
    uuidv7(),
  );

  for (const reference of expected) {
    test(`${reference.eventType}: job, dataset naming and facets as the reference`, () => {
      const ours = buildAssetEvent(spec, {
        asset,
        runId: uuidv7(),
        eventType: reference.eventType,
        at: new Date(),
      });
      expect(ours.eventType).toBe(reference.eventType);
      expect(ours.job.name).toBe(reference.job.name);
      expect(ours.job.namespace).toBe(reference.job.namespace);
      expect(ours.job.facets?.['jobType']).toMatchObject(reference.job.facets?.['jobType'] ?? {});
      expect(ours.job.facets?.['sql']).toMatchObject(reference.job.facets?.['sql'] ?? {});
      expect(ours.inputs).toEqual(reference.inputs); // their stg_* nodes were pruned from the fixture
      const [theirs] = reference.outputs;
      const [mine] = ours.outputs;
      expect(mine?.name).toBe(theirs?.name);
      expect(mine?.namespace).toBe(theirs?.namespace);
      for (const key of ['dataSource', 'documentation', 'schema']) {
        expect(mine?.facets?.[key], key).toMatchObject(theirs?.facets?.[key] ?? {});
      }
      const engine: Record<string, unknown> = reference.run.facets?.['processing_engine'] ?? {};
      expect(ours.run.facets?.['processing_engine']).toMatchObject({
        name: engine['name'],
        version: engine['version'],
      });
      expect(validator.validateEvent(ours)).toEqual([]);
    });
  }
});
