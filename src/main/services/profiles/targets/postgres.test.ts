import { describe, expect, it } from 'vitest';
import { PropertyReader } from '../property-reader';
import { postgresOutput } from './postgres';

function generate(properties: Record<string, unknown>) {
  const reader = new PropertyReader({ target: 'postgres', environment: 'staging', properties });
  return { output: postgresOutput({ reader, projectDir: '/p' }), issues: reader.issues };
}

describe('postgres profile output (FR-001, FR-002, FR-003, FR-004)', () => {
  it('FR-002/FR-003: user and password are POSTGRES_<ENV>_* references; port 5432, schema public, 4 threads', () => {
    expect(generate({ host: '127.0.0.1', database: 'test' })).toEqual({
      output: {
        type: 'postgres',
        host: '127.0.0.1',
        port: 5432,
        user: "{{ env_var('POSTGRES_STAGING_USER') }}",
        password: "{{ env_var('POSTGRES_STAGING_PASSWORD') }}",
        dbname: 'test',
        schema: 'public',
        threads: 4,
      },
      issues: [],
    });
  });

  it('FR-004: port, schema, threads, dbname spelling and variable names override the defaults', () => {
    const { output } = generate({
      host: 'db',
      port: '5433',
      dbname: 'analytics',
      schema: 'shop_staging',
      threads: 8,
      user_env: 'PGUSER',
      password_env: 'PGPASSWORD',
    });
    expect(output).toMatchObject({
      port: 5433,
      dbname: 'analytics',
      schema: 'shop_staging',
      threads: 8,
      user: "{{ env_var('PGUSER') }}",
      password: "{{ env_var('PGPASSWORD') }}",
    });
  });

  it('FR-001: host and database are required, by key path', () => {
    expect(generate({}).issues).toEqual([
      {
        keyPath: 'environments.staging.compute.properties.host',
        message: 'postgres needs `host` (the server name or address) in compute.properties',
      },
      {
        keyPath: 'environments.staging.compute.properties.database',
        message: 'postgres needs `database` (the database name) in compute.properties',
      },
    ]);
  });

  it('SC-007: a literal password is refused', () => {
    expect(
      generate({ host: 'h', database: 'd', password: 'pw' }).issues.map((i) => i.keyPath),
    ).toEqual(['environments.staging.compute.properties.password']);
  });
});
