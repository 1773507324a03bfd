import { describe, expect, it } from 'vitest';
import { PropertyReader } from '../property-reader';
import { sparkOutput } from './spark';

function generate(properties: Record<string, unknown>) {
  const reader = new PropertyReader({ target: 'spark', environment: 'prod', properties });
  return { output: sparkOutput({ reader, projectDir: '/p' }), issues: reader.issues };
}

describe('spark profile output (FR-001, FR-002, FR-003, FR-004)', () => {
  it('FR-002/FR-003: thrift by default: port 10000, user from SPARK_<ENV>_USER, schema default', () => {
    expect(generate({ host: 'spark.local' })).toEqual({
      output: {
        type: 'spark',
        method: 'thrift',
        host: 'spark.local',
        port: 10000,
        user: "{{ env_var('SPARK_PROD_USER') }}",
        schema: 'default',
        threads: 4,
      },
      issues: [],
    });
  });

  it('FR-003: thrift with LDAP or CUSTOM auth adds the password variable', () => {
    for (const auth of ['LDAP', 'custom']) {
      expect(generate({ host: 'h', auth }).output).toMatchObject({
        auth,
        password: "{{ env_var('SPARK_PROD_PASSWORD') }}",
      });
    }
    expect(generate({ host: 'h', auth: 'KERBEROS' }).output).not.toHaveProperty('password');
  });

  it('FR-004: http uses port 443, a token and a cluster', () => {
    expect(
      generate({ method: 'http', host: 'h', cluster: 'c-1', schema: 'shop', port: 8443 }).output,
    ).toEqual({
      type: 'spark',
      method: 'http',
      host: 'h',
      port: 8443,
      token: "{{ env_var('SPARK_PROD_TOKEN') }}",
      cluster: 'c-1',
      schema: 'shop',
      threads: 4,
    });
    expect(generate({ method: 'http', host: 'h' }).issues.map((issue) => issue.keyPath)).toEqual([
      'environments.prod.compute.properties.cluster',
    ]);
  });

  it('FR-004: odbc needs a driver and a cluster or an endpoint', () => {
    expect(
      generate({ method: 'odbc', host: 'h', driver: '/opt/simba', endpoint: 'e-1' }).output,
    ).toMatchObject({
      port: 443,
      driver: '/opt/simba',
      token: "{{ env_var('SPARK_PROD_TOKEN') }}",
      endpoint: 'e-1',
    });
    expect(generate({ method: 'odbc', host: 'h', driver: 'd', cluster: 'c' }).output).toMatchObject(
      { cluster: 'c' },
    );
    expect(generate({ method: 'odbc', host: 'h' }).issues.map((issue) => issue.keyPath)).toEqual([
      'environments.prod.compute.properties.driver',
      'environments.prod.compute.properties.cluster',
    ]);
  });

  it('FR-004: session needs no host (dbt-spark still wants one, so NA) and no port', () => {
    expect(generate({ method: 'session' }).output).toEqual({
      type: 'spark',
      method: 'session',
      host: 'NA',
      schema: 'default',
      threads: 4,
    });
    expect(generate({ method: 'session', host: 'local' }).output).toMatchObject({ host: 'local' });
  });

  it('FR-001: host is required for thrift, http and odbc', () => {
    expect(generate({}).issues).toEqual([
      {
        keyPath: 'environments.prod.compute.properties.host',
        message: 'spark needs `host` (the Spark server host) in compute.properties',
      },
    ]);
  });
});
