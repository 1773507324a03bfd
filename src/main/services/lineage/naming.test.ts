import { describe, expect, test } from 'vitest';
import {
  assetJobName,
  datasetName,
  datasetNamespace,
  lineageEndpointUrl,
  normalizeSnowflakeAccount,
  redactUrl,
  runJobName,
  splitRelationName,
} from './naming';

describe('dataset namespaces per compute target (OpenLineage naming conventions)', () => {
  test('duckdb: duckdb:// + absolute path of the database file, relative paths from the project', () => {
    expect(
      datasetNamespace(
        { target: 'duckdb', properties: { path: 'warehouse/dev.duckdb' } },
        '/home/me/shop',
      ),
    ).toBe('duckdb:///home/me/shop/warehouse/dev.duckdb');
    expect(
      datasetNamespace({ target: 'duckdb', properties: { path: '/data/x.duckdb' } }, '/p'),
    ).toBe('duckdb:///data/x.duckdb');
    expect(datasetNamespace({ target: 'duckdb', properties: {} }, '/p')).toBe('duckdb://:memory:');
  });

  test('postgres: postgres://host:port, port defaulting to 5432', () => {
    expect(
      datasetNamespace({ target: 'postgres', properties: { host: '127.0.0.1', port: 5433 } }, '/p'),
    ).toBe('postgres://127.0.0.1:5433');
    expect(
      datasetNamespace({ target: 'postgres', properties: { host: 'db.internal' } }, '/p'),
    ).toBe('postgres://db.internal:5432');
  });

  test('redshift: redshift://cluster.region:port from the AWS host name, port defaulting to 5439', () => {
    expect(
      datasetNamespace(
        {
          target: 'redshift',
          properties: { host: 'examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com' },
        },
        '/p',
      ),
    ).toBe('redshift://examplecluster.us-west-2:5439');
    expect(
      datasetNamespace(
        {
          target: 'redshift',
          properties: { host: 'proxy.local', cluster_id: 'prod', region: 'eu-west-1', port: 5440 },
        },
        '/p',
      ),
    ).toBe('redshift://prod.eu-west-1:5440');
    expect(
      datasetNamespace({ target: 'redshift', properties: { host: 'proxy.local' } }, '/p'),
    ).toBe('redshift://proxy.local:5439');
  });

  test('snowflake: snowflake://<account>, normalised as OpenLineage does', () => {
    expect(
      datasetNamespace({ target: 'snowflake', properties: { account: 'xy12345.eu-west-1' } }, '/p'),
    ).toBe('snowflake://xy12345.eu-west-1.aws');
    expect(normalizeSnowflakeAccount('myorg-myaccount')).toBe('myorg-myaccount');
    expect(normalizeSnowflakeAccount('MyOrg_MyAccount')).toBe('myorg-myaccount');
    expect(normalizeSnowflakeAccount('xy12345')).toBe('xy12345.us-west-1.aws');
    expect(normalizeSnowflakeAccount('xy12345.east-us-2.azure')).toBe('xy12345.east-us-2.azure');
    expect(normalizeSnowflakeAccount('xy12345.us-east-1.snowflakecomputing.com')).toBe(
      'xy12345.us-east-1.aws',
    );
  });

  test('bigquery: the namespace is `bigquery`', () => {
    expect(
      datasetNamespace(
        { target: 'bigquery', properties: { project: 'my-proj', dataset: 'shop' } },
        '/p',
      ),
    ).toBe('bigquery');
  });

  test('databricks: databricks://<workspace host>', () => {
    expect(
      datasetNamespace(
        { target: 'databricks', properties: { host: 'https://dbc-1234.cloud.databricks.com/' } },
        '/p',
      ),
    ).toBe('databricks://dbc-1234.cloud.databricks.com');
  });

  test('spark: spark://host:port, default port by connection method', () => {
    expect(
      datasetNamespace({ target: 'spark', properties: { host: 'spark.local', port: 10000 } }, '/p'),
    ).toBe('spark://spark.local:10000');
    expect(
      datasetNamespace(
        { target: 'spark', properties: { host: 'spark.local', method: 'thrift' } },
        '/p',
      ),
    ).toBe('spark://spark.local:10001');
    expect(
      datasetNamespace(
        { target: 'spark', properties: { host: 'dbc.example.com', method: 'http' } },
        '/p',
      ),
    ).toBe('spark://dbc.example.com:443');
    expect(datasetNamespace({ target: 'spark', properties: { method: 'session' } }, '/p')).toBe(
      'spark://localhost',
    );
  });
});

describe('dataset names', () => {
  test('database.schema.table from the relation dbt writes, quotes removed', () => {
    expect(datasetName({ name: 'customers', relationName: '"dev"."main"."customers"' })).toBe(
      'dev.main.customers',
    );
    expect(datasetName({ name: 't', relationName: '`my-proj`.`shop`.`orders`' })).toBe(
      'my-proj.shop.orders',
    );
    expect(datasetName({ name: 'orders', relationName: 'ANALYTICS.SHOP.orders' })).toBe(
      'ANALYTICS.SHOP.orders',
    );
    // Spark has no database: schema.table.
    expect(datasetName({ name: 'orders', relationName: 'shop.orders' })).toBe('shop.orders');
  });

  test('falls back to database.schema.name without a relation', () => {
    expect(datasetName({ name: 'customers', database: 'dev', schema: 'main' })).toBe(
      'dev.main.customers',
    );
    expect(datasetName({ name: 'customers', schema: 'main' })).toBe('main.customers');
  });

  test('quoted identifiers may hold dots and doubled quotes', () => {
    expect(splitRelationName('"my.db"."sch"."a""b"')).toEqual(['my.db', 'sch', 'a"b']);
  });
});

describe('job names (as OpenLineage dbt integration names them)', () => {
  test('models: <database>.<schema>.<package>.<model>, like the reference events', () => {
    expect(
      assetJobName({
        id: 'model.jaffle_shop.customers',
        database: 'jaffle_shop',
        schema: 'main',
        resourceType: 'model',
      }),
    ).toBe('jaffle_shop.main.jaffle_shop.customers');
  });

  test('snapshots end in .snapshot; seeds keep the seed. prefix', () => {
    expect(
      assetJobName({
        id: 'snapshot.shop.s',
        database: 'dev',
        schema: 'snap',
        resourceType: 'snapshot',
      }),
    ).toBe('dev.snap.shop.s.snapshot');
    expect(
      assetJobName({ id: 'seed.shop.raw', database: 'dev', schema: 'main', resourceType: 'seed' }),
    ).toBe('dev.main.seed.shop.raw');
  });

  test('the run job is dbt-run-<project>', () => {
    expect(runJobName('shop')).toBe('dbt-run-shop');
  });
});

describe('endpoint URL', () => {
  test('appends /api/v1/lineage unless already there', () => {
    expect(lineageEndpointUrl('http://localhost:5000')).toBe(
      'http://localhost:5000/api/v1/lineage',
    );
    expect(lineageEndpointUrl('http://localhost:5000/')).toBe(
      'http://localhost:5000/api/v1/lineage',
    );
    expect(lineageEndpointUrl('http://localhost:5000/api/v1/lineage')).toBe(
      'http://localhost:5000/api/v1/lineage',
    );
    expect(lineageEndpointUrl('https://host/marquez/')).toBe('https://host/marquez/api/v1/lineage');
  });

  test('redaction drops credentials and query', () => {
    expect(redactUrl('https://user:s3cret@host/api/v1/lineage?token=abc')).toBe(
      'https://host/api/v1/lineage',
    );
    expect(redactUrl('not a url')).toBe('<invalid URL>');
  });
});
