import { describe, expect, it } from 'vitest';
import { parseFloeSpec } from './load-config';

// The canonical example from the foundation issue, verbatim: it must validate as written.
const CANONICAL = `name: shop
version: "1.0.0"
compute:                       # the default compute; environments may override it
  target: duckdb               # duckdb | snowflake | bigquery | redshift | databricks | postgres | spark
  properties: {path: warehouse/dev.duckdb, threads: 4}
transforms:
  - type: dbt
    path: dbt                  # folder holding dbt_project.yml, relative to floe.yaml
governance:
  classification_source: dbt_meta
observability:
  traces: true
  lineage: true
  otlp_endpoint: \${OTEL_COLLECTOR:-}        # empty or absent: no export
  lineage_endpoint: null
  attributes: {service.name: shop, tenant.id: acme, deployment.environment: "\${FLOE_ENV:-dev}"}
environments:
  dev: {}
  staging:
    compute:
      target: postgres
      properties: {host: 127.0.0.1, port: 5432, database: test, schema: shop_staging}
  prod:
    compute:
      target: snowflake
      properties: {account: xy12345.eu-west-1, warehouse: TRANSFORMING, database: ANALYTICS, schema: SHOP, role: TRANSFORMER}
default_environment: dev
`;

describe('floe.yaml contract', () => {
  it('accepts the canonical example as written, interpolating ${VAR:-default}', () => {
    const result = parseFloeSpec('floe.yaml', CANONICAL, {});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.spec.observability.otlp_endpoint).toBe('');
    expect(result.spec.observability.attributes).toEqual({
      'service.name': 'shop',
      'tenant.id': 'acme',
      'deployment.environment': 'dev',
    });
    expect(Object.keys(result.spec.environments)).toEqual(['dev', 'staging', 'prod']);
    expect(result.spec.environments.staging?.compute?.properties).toMatchObject({ port: 5432 });
  });

  it('takes interpolated values from the environment', () => {
    const result = parseFloeSpec('floe.yaml', CANONICAL, {
      FLOE_ENV: 'staging',
      OTEL_COLLECTOR: 'http://c:4318',
    });
    expect(result.ok && result.spec.observability.otlp_endpoint).toBe('http://c:4318');
    expect(result.ok && result.spec.observability.attributes['deployment.environment']).toBe(
      'staging',
    );
  });

  it('points an unknown key at its own line and column and lists the allowed keys', () => {
    const source = CANONICAL.replace('  lineage: true\n', '  lineage: true\n  lineage_url: x\n');
    const result = parseFloeSpec('/p/floe.yaml', source, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({
      file: '/p/floe.yaml',
      line: 14,
      column: 3,
      keyPath: 'observability.lineage_url',
    });
    expect(result.problems[0]?.message).toContain('allowed keys: traces, lineage, otlp_endpoint');
  });

  it('passes the orchestration section through untouched', () => {
    const source = `${CANONICAL}orchestration:\n  jobs: {nightly: {selection: ["tag:nightly"]}}\n`;
    const result = parseFloeSpec('floe.yaml', source, {});
    expect(result.ok && result.spec.orchestration).toEqual({
      jobs: { nightly: { selection: ['tag:nightly'] } },
    });
  });

  it('reports every problem at once, not only the first', () => {
    const source = CANONICAL.replace('target: duckdb ', 'target: oracle ').replace(
      'version: "1.0.0"',
      'version: 1',
    );
    const result = parseFloeSpec('floe.yaml', source, {});
    expect(result.ok ? [] : result.problems.map((p) => p.keyPath)).toEqual([
      'version',
      'compute.target',
    ]);
  });
});
