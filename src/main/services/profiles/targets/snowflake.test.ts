import { describe, expect, it } from 'vitest';
import { PropertyReader } from '../property-reader';
import { snowflakeOutput } from './snowflake';

function generate(properties: Record<string, unknown>) {
  const reader = new PropertyReader({ target: 'snowflake', environment: 'prod', properties });
  return { output: snowflakeOutput({ reader, projectDir: '/p' }), issues: reader.issues };
}

const BASE = { account: 'xy12345.eu-west-1', database: 'ANALYTICS' };

describe('snowflake profile output (FR-001, FR-002, FR-003, FR-004)', () => {
  it('FR-002/FR-003: password auth from SNOWFLAKE_<ENV>_USER/_PASSWORD, schema PUBLIC, 4 threads', () => {
    expect(generate(BASE)).toEqual({
      output: {
        type: 'snowflake',
        account: 'xy12345.eu-west-1',
        user: "{{ env_var('SNOWFLAKE_PROD_USER') }}",
        password: "{{ env_var('SNOWFLAKE_PROD_PASSWORD') }}",
        database: 'ANALYTICS',
        schema: 'PUBLIC',
        threads: 4,
      },
      issues: [],
    });
  });

  it('FR-004: role, warehouse, schema and threads come from properties', () => {
    const { output } = generate({
      ...BASE,
      role: 'TRANSFORMER',
      warehouse: 'TRANSFORMING',
      schema: 'SHOP',
      threads: 16,
    });
    expect(output).toMatchObject({
      role: 'TRANSFORMER',
      warehouse: 'TRANSFORMING',
      schema: 'SHOP',
      threads: 16,
    });
  });

  it('FR-003: key-pair auth references the key path and passphrase variables', () => {
    for (const authenticator of ['snowflake_jwt', 'SNOWFLAKE_JWT']) {
      const { output } = generate({ ...BASE, authenticator });
      expect(output).toMatchObject({
        authenticator,
        private_key_path: "{{ env_var('SNOWFLAKE_PROD_PRIVATE_KEY_PATH') }}",
        private_key_passphrase: "{{ env_var('SNOWFLAKE_PROD_PRIVATE_KEY_PASSPHRASE') }}",
      });
      expect(output).not.toHaveProperty('password');
    }
  });

  it('FR-003: oauth references a token; externalbrowser needs no secret; Okta takes a password', () => {
    expect(generate({ ...BASE, authenticator: 'oauth' }).output).toMatchObject({
      token: "{{ env_var('SNOWFLAKE_PROD_TOKEN') }}",
    });
    const browser = generate({ ...BASE, authenticator: 'externalbrowser' }).output;
    expect(browser).not.toHaveProperty('password');
    expect(browser).not.toHaveProperty('token');
    expect(generate({ ...BASE, authenticator: 'https://acme.okta.com' }).output).toMatchObject({
      password: "{{ env_var('SNOWFLAKE_PROD_PASSWORD') }}",
    });
  });

  it('FR-001: account and database are required, by key path', () => {
    expect(generate({}).issues.map((issue) => issue.keyPath)).toEqual([
      'environments.prod.compute.properties.account',
      'environments.prod.compute.properties.database',
    ]);
    expect(generate({}).issues[0]?.message).toBe(
      'snowflake needs `account` (the account identifier, e.g. xy12345.eu-west-1) in compute.properties',
    );
  });

  it('SC-007: a literal private_key_passphrase is refused', () => {
    const { issues } = generate({
      ...BASE,
      authenticator: 'snowflake_jwt',
      private_key_passphrase: 'x',
    });
    expect(issues.map((issue) => issue.keyPath)).toEqual([
      'environments.prod.compute.properties.private_key_passphrase',
    ]);
  });
});
