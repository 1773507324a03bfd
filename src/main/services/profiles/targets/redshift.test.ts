import { describe, expect, it } from 'vitest';
import { PropertyReader } from '../property-reader';
import { redshiftOutput } from './redshift';

function generate(properties: Record<string, unknown>) {
  const reader = new PropertyReader({ target: 'redshift', environment: 'prod', properties });
  return { output: redshiftOutput({ reader, projectDir: '/p' }), issues: reader.issues };
}

const BASE = { host: 'shop.abc.eu-west-1.redshift.amazonaws.com', database: 'analytics' };

describe('redshift profile output (FR-001, FR-002, FR-003, FR-004)', () => {
  it('FR-002/FR-003: method database: REDSHIFT_<ENV>_USER and _PASSWORD, port 5439, schema public', () => {
    expect(generate(BASE)).toEqual({
      output: {
        type: 'redshift',
        method: 'database',
        host: BASE.host,
        port: 5439,
        user: "{{ env_var('REDSHIFT_PROD_USER') }}",
        password: "{{ env_var('REDSHIFT_PROD_PASSWORD') }}",
        dbname: 'analytics',
        schema: 'public',
        threads: 4,
      },
      issues: [],
    });
  });

  it('FR-004: method iam keeps the user and drops the password', () => {
    const { output } = generate({ ...BASE, method: 'iam', schema: 'shop', port: 5440 });
    expect(output).toMatchObject({
      method: 'iam',
      user: "{{ env_var('REDSHIFT_PROD_USER') }}",
      schema: 'shop',
      port: 5440,
    });
    expect(output).not.toHaveProperty('password');
  });

  it('FR-004: method iam_role needs neither user nor password', () => {
    const { output } = generate({ ...BASE, method: 'iam_role' });
    expect(output).not.toHaveProperty('user');
    expect(output).not.toHaveProperty('password');
  });

  it('FR-004: an unknown method lists the allowed ones', () => {
    expect(generate({ ...BASE, method: 'kerberos' }).issues).toEqual([
      {
        keyPath: 'environments.prod.compute.properties.method',
        message: 'must be one of: database, iam, iam_role',
      },
    ]);
  });
});
