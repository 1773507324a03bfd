import { describe, expect, it } from 'vitest';
import {
  envVarNamesIn,
  envVarRef,
  isEnvVarRef,
  looksLikeSecret,
  secretEnvVarName,
} from './secrets';

describe('secret env-var naming (FR-003)', () => {
  it('FR-003: names variables <SERVICE>_<ENV>_<SECRET> in upper case', () => {
    expect(secretEnvVarName('postgres', 'staging', 'user')).toBe('POSTGRES_STAGING_USER');
    expect(secretEnvVarName('snowflake', 'prod', 'PASSWORD')).toBe('SNOWFLAKE_PROD_PASSWORD');
    expect(secretEnvVarName('databricks', 'prod', 'token')).toBe('DATABRICKS_PROD_TOKEN');
    expect(secretEnvVarName('bigquery', 'prod', 'keyfile')).toBe('BIGQUERY_PROD_KEYFILE');
  });

  it('FR-003: replaces characters that cannot appear in a variable name', () => {
    expect(secretEnvVarName('snowflake', 'eu-west.1', 'private key path')).toBe(
      'SNOWFLAKE_EU_WEST_1_PRIVATE_KEY_PATH',
    );
  });

  it('FR-003: writes a dbt env_var reference and recognises one', () => {
    expect(envVarRef('MY_VAR')).toBe("{{ env_var('MY_VAR') }}");
    expect(isEnvVarRef("{{ env_var('MY_VAR') }}")).toBe(true);
    expect(isEnvVarRef('{{env_var("MY_VAR")}}')).toBe(true);
    expect(isEnvVarRef("{{ env_var('MY_VAR', 'hunter2') }}")).toBe(false);
    expect(isEnvVarRef("x {{ env_var('MY_VAR') }}")).toBe(false);
    expect(isEnvVarRef('hunter2')).toBe(false);
    expect(isEnvVarRef(42)).toBe(false);
  });

  it('FR-003: lists every referenced variable once, sorted', () => {
    const text = `a: "{{ env_var('B_VAR') }}"\nb: "{{ env_var("A_VAR") }}"\nc: "{{ env_var('B_VAR') }}"`;
    expect(envVarNamesIn(text)).toEqual(['A_VAR', 'B_VAR']);
    expect(envVarNamesIn('no references')).toEqual([]);
  });
});

describe('secret-looking keys (SC-007)', () => {
  it.each([
    'password',
    'PASS',
    'private_key_passphrase',
    'client_secret',
    'refresh_token',
    'motherduck_token',
    'keyfile_json',
    'private_key',
    'aws-access-key-id',
    'secret_access_key',
    'api_key',
    'apiKey',
    'privateKey',
    'credentials',
  ])('SC-007: %s looks like a secret', (key) => {
    expect(looksLikeSecret(key)).toBe(true);
  });

  it.each(['host', 'token_uri', 'secret_type', 'user', 'private', 'keepalives_idle', 'passive'])(
    'SC-007: %s does not look like a secret',
    (key) => {
      expect(looksLikeSecret(key)).toBe(false);
    },
  );
});
