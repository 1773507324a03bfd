import { describe, expect, it } from 'vitest';
import { PropertyReader } from '../property-reader';
import { bigqueryOutput } from './bigquery';

function generate(properties: Record<string, unknown>) {
  const reader = new PropertyReader({ target: 'bigquery', environment: 'prod', properties });
  return { output: bigqueryOutput({ reader, projectDir: '/p' }), issues: reader.issues };
}

describe('bigquery profile output (FR-001, FR-002, FR-003, FR-004)', () => {
  it('FR-002: method oauth by default (no secret in the profile)', () => {
    expect(generate({ project: 'acme', dataset: 'shop' })).toEqual({
      output: { type: 'bigquery', method: 'oauth', project: 'acme', dataset: 'shop', threads: 4 },
      issues: [],
    });
  });

  it('FR-003: service-account reads the key file path from BIGQUERY_<ENV>_KEYFILE', () => {
    expect(generate({ method: 'service-account', project: 'acme', schema: 'shop' }).output).toEqual(
      {
        type: 'bigquery',
        method: 'service-account',
        project: 'acme',
        dataset: 'shop',
        keyfile: "{{ env_var('BIGQUERY_PROD_KEYFILE') }}",
        threads: 4,
      },
    );
  });

  it('FR-003: oauth-secrets reads a token; keyfile_env renames the variable', () => {
    expect(generate({ method: 'oauth-secrets', project: 'a', dataset: 'd' }).output).toMatchObject({
      token: "{{ env_var('BIGQUERY_PROD_TOKEN') }}",
    });
    expect(
      generate({
        method: 'service-account',
        project: 'a',
        dataset: 'd',
        keyfile_env: 'GOOGLE_KEYFILE',
      }).output,
    ).toMatchObject({ keyfile: "{{ env_var('GOOGLE_KEYFILE') }}" });
  });

  it('FR-001: project and dataset are required; methods are listed', () => {
    expect(generate({ method: 'password' }).issues.map((issue) => issue.message)).toEqual([
      'must be one of: oauth, service-account, oauth-secrets',
      'bigquery needs `project` (the GCP project id) in compute.properties',
      'bigquery needs `dataset` (the dataset dbt builds into) in compute.properties',
    ]);
  });
});
