import { describe, expect, it } from 'vitest';
import { PropertyReader } from '../property-reader';
import { databricksOutput } from './databricks';

function generate(properties: Record<string, unknown>) {
  const reader = new PropertyReader({ target: 'databricks', environment: 'prod', properties });
  return { output: databricksOutput({ reader, projectDir: '/p' }), issues: reader.issues };
}

const BASE = { host: 'dbc-1234.cloud.databricks.com', http_path: '/sql/1.0/warehouses/abc' };

describe('databricks profile output (FR-001, FR-002, FR-003, FR-004)', () => {
  it('FR-002/FR-003: a token from DATABRICKS_<ENV>_TOKEN, schema default', () => {
    expect(generate(BASE)).toEqual({
      output: {
        type: 'databricks',
        host: BASE.host,
        http_path: BASE.http_path,
        token: "{{ env_var('DATABRICKS_PROD_TOKEN') }}",
        schema: 'default',
        threads: 4,
      },
      issues: [],
    });
  });

  it('FR-004: catalog (Unity Catalog) and schema come from properties', () => {
    expect(generate({ ...BASE, catalog: 'main', schema: 'shop' }).output).toMatchObject({
      catalog: 'main',
      schema: 'shop',
    });
  });

  it('FR-003: oauth M2M references DATABRICKS_<ENV>_CLIENT_SECRET; U2M has no secret', () => {
    expect(generate({ ...BASE, auth_type: 'oauth', client_id: 'abc' }).output).toMatchObject({
      auth_type: 'oauth',
      client_id: 'abc',
      client_secret: "{{ env_var('DATABRICKS_PROD_CLIENT_SECRET') }}",
    });
    const u2m = generate({ ...BASE, auth_type: 'oauth' }).output;
    expect(u2m).toMatchObject({ auth_type: 'oauth' });
    expect(u2m).not.toHaveProperty('token');
    expect(u2m).not.toHaveProperty('client_secret');
  });

  it('FR-001: host and http_path are required', () => {
    expect(generate({}).issues.map((issue) => issue.keyPath)).toEqual([
      'environments.prod.compute.properties.host',
      'environments.prod.compute.properties.http_path',
    ]);
  });
});
