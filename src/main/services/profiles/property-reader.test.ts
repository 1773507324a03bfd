import { describe, expect, it } from 'vitest';
import { PropertyReader } from './property-reader';

const PREFIX = 'environments.prod.compute.properties.';

function readerFor(properties: Record<string, unknown>): PropertyReader {
  return new PropertyReader({ target: 'snowflake', environment: 'prod', properties });
}

describe('PropertyReader: typed values with defaults (FR-004)', () => {
  it('FR-004: exposes the environment and builds key paths', () => {
    const reader = readerFor({});
    expect(reader.environment).toBe('prod');
    expect(reader.keyPath('account')).toBe(`${PREFIX}account`);
  });

  it('FR-004: reads strings; absent or null is undefined; other types are issues', () => {
    const reader = readerFor({ role: 'ADMIN', warehouse: null, database: 7 });
    expect(reader.string('role')).toBe('ADMIN');
    expect(reader.string('warehouse')).toBeUndefined();
    expect(reader.string('missing')).toBeUndefined();
    expect(reader.string('database')).toBeUndefined();
    expect(reader.issues).toEqual([
      { keyPath: `${PREFIX}database`, message: 'must be a string, got number' },
    ]);
  });

  it('FR-004: reads lists of strings', () => {
    const reader = readerFor({ a: ['x', 'y'], b: null, c: 'x', d: ['x', 1] });
    expect(reader.stringList('a')).toEqual(['x', 'y']);
    expect(reader.stringList('b')).toBeUndefined();
    expect(reader.stringList('none')).toBeUndefined();
    expect(reader.stringList('c')).toBeUndefined();
    expect(reader.stringList('d')).toBeUndefined();
    expect(reader.issues.map((issue) => issue.keyPath)).toEqual([`${PREFIX}c`, `${PREFIX}d`]);
  });

  it('FR-004: a missing required value is an issue naming the key and what it is', () => {
    const reader = readerFor({ empty: '', nothing: null, wrong: true, account: 'xy' });
    expect(reader.required('account', 'the account')).toBe('xy');
    expect(reader.required('missing', 'the account identifier')).toBe('');
    expect(reader.required('empty', 'x')).toBe('');
    expect(reader.required('nothing', 'x')).toBe('');
    expect(reader.required('wrong', 'x')).toBe('');
    expect(reader.issues[0]).toEqual({
      keyPath: `${PREFIX}missing`,
      message: 'snowflake needs `missing` (the account identifier) in compute.properties',
    });
    expect(reader.issues.map((issue) => issue.keyPath)).toEqual([
      `${PREFIX}missing`,
      `${PREFIX}empty`,
      `${PREFIX}nothing`,
      `${PREFIX}wrong`,
    ]);
    expect(reader.issues[3]?.message).toBe('must be a string, got boolean');
  });

  it('FR-004: alias picks the spelling that is set and refuses both', () => {
    expect(readerFor({ dbname: 'x' }).alias(['database', 'dbname'])).toBe('dbname');
    expect(readerFor({ database: 'x' }).alias(['database', 'dbname'])).toBe('database');
    expect(readerFor({}).alias(['database', 'dbname'])).toBe('database');
    const both = readerFor({ database: 'x', dbname: 'y' });
    expect(both.alias(['database', 'dbname'])).toBe('dbname');
    expect(both.issues).toEqual([
      { keyPath: `${PREFIX}dbname`, message: 'set either `database` or `dbname`, not both' },
    ]);
  });

  it('FR-004: numbers: defaults, whole positive numbers, digit strings; anything else is an issue', () => {
    const reader = readerFor({ a: 8, b: '5433', c: null, d: 0, e: 1.5, f: 'x', g: true, h: '07' });
    expect(reader.number('a', 4)).toBe(8);
    expect(reader.number('b', 4)).toBe(5433);
    expect(reader.number('c', 4)).toBe(4);
    expect(reader.number('missing', 4)).toBe(4);
    expect(reader.number('d', 4)).toBe(4);
    expect(reader.number('e', 4)).toBe(4);
    expect(reader.number('f', 4)).toBe(4);
    expect(reader.number('g', 4)).toBe(4);
    expect(reader.number('h', 4)).toBe(4);
    expect(reader.issues.map((issue) => issue.keyPath.slice(PREFIX.length))).toEqual([
      'd',
      'e',
      'f',
      'g',
      'h',
    ]);
    expect(reader.issues[0]?.message).toBe('must be a positive whole number');
  });

  it('FR-004: oneOf lists the allowed values when the value is not one', () => {
    const reader = readerFor({ method: 'iam', other: 'nope', empty: null });
    expect(reader.oneOf('method', ['database', 'iam'], 'database')).toBe('iam');
    expect(reader.oneOf('missing', ['database', 'iam'], 'database')).toBe('database');
    expect(reader.oneOf('empty', ['database', 'iam'], 'database')).toBe('database');
    expect(reader.oneOf('other', ['database', 'iam'], 'database')).toBe('database');
    expect(reader.issues).toEqual([
      { keyPath: `${PREFIX}other`, message: 'must be one of: database, iam' },
    ]);
  });
});

describe('PropertyReader: credentials (FR-003, SC-007)', () => {
  it('FR-003: a credential defaults to <TARGET>_<ENV>_<SECRET>', () => {
    const reader = readerFor({});
    expect(reader.secret('password', 'PASSWORD')).toBe("{{ env_var('SNOWFLAKE_PROD_PASSWORD') }}");
    expect(reader.issues).toEqual([]);
  });

  it('FR-003: `<key>_env` names another variable', () => {
    const reader = readerFor({ password_env: 'MY_PASS' });
    expect(reader.secret('password', 'PASSWORD')).toBe("{{ env_var('MY_PASS') }}");
    expect(reader.rest()).toEqual({});
  });

  it('FR-003: an env_var reference written as the value is kept', () => {
    const reader = readerFor({ password: "{{ env_var('X_PASS') }}" });
    expect(reader.secret('password', 'PASSWORD')).toBe("{{ env_var('X_PASS') }}");
    expect(reader.issues).toEqual([]);
  });

  it('SC-007: a literal credential is refused without echoing it, pointing at `<key>_env`', () => {
    const reader = readerFor({ password: 'hunter2' });
    expect(reader.secret('password', 'PASSWORD')).toBe("{{ env_var('SNOWFLAKE_PROD_PASSWORD') }}");
    expect(reader.issues).toHaveLength(1);
    expect(reader.issues[0]?.keyPath).toBe(`${PREFIX}password`);
    expect(reader.issues[0]?.message).toContain('password_env');
    expect(reader.issues[0]?.message).toContain('SNOWFLAKE_PROD_PASSWORD');
    expect(reader.issues[0]?.message).not.toContain('hunter2');
  });

  it('FR-003: the value and its `_env` together are refused', () => {
    const reader = readerFor({ token: 'abc', token_env: 'X' });
    reader.secret('token', 'TOKEN');
    expect(reader.issues).toEqual([
      { keyPath: `${PREFIX}token`, message: 'set either `token` or `token_env`, not both' },
    ]);
  });

  it.each([['not a name'], [12], ['1ABC']])(
    'FR-003: `_env` must be a variable name (%s)',
    (value) => {
      const reader = readerFor({ token_env: value });
      expect(reader.secret('token', 'TOKEN')).toBe("{{ env_var('SNOWFLAKE_PROD_TOKEN') }}");
      expect(reader.issues).toEqual([
        {
          keyPath: `${PREFIX}token_env`,
          message: 'must be an environment variable name (letters, digits and _)',
        },
      ]);
    },
  );
});

describe('PropertyReader: pass-through of unknown properties (FR-004)', () => {
  it('FR-004: passes unknown adapter options through unchanged, nested values included', () => {
    const reader = readerFor({
      account: 'xy',
      query_tag: 'floe',
      client_session_keep_alive: true,
      connect_timeout: 10,
      settings: { memory_limit: '1GB', nested: { deep: [1, 'a', { x: 1 }] } },
      extensions: ['httpfs'],
      token_uri: 'https://oauth2.googleapis.com/token',
    });
    reader.required('account', 'x');
    expect(reader.rest()).toEqual({
      query_tag: 'floe',
      client_session_keep_alive: true,
      connect_timeout: 10,
      settings: { memory_limit: '1GB', nested: { deep: [1, 'a', { x: 1 }] } },
      extensions: ['httpfs'],
      token_uri: 'https://oauth2.googleapis.com/token',
    });
    expect(reader.issues).toEqual([]);
  });

  it('FR-003: `<unknown>_env: VAR` becomes an env_var reference, at any depth', () => {
    const reader = readerFor({
      oauth_client_secret_env: 'SF_OAUTH_SECRET',
      settings: { motherduck_token_env: 'MD_TOKEN' },
      secrets: [{ type: 's3', secret_env: 'S3_SECRET', key_id: 'AKIA-not-secret-here' }],
    });
    expect(reader.rest()).toEqual({
      oauth_client_secret: "{{ env_var('SF_OAUTH_SECRET') }}",
      settings: { motherduck_token: "{{ env_var('MD_TOKEN') }}" },
      secrets: [
        { type: 's3', secret: "{{ env_var('S3_SECRET') }}", key_id: 'AKIA-not-secret-here' },
      ],
    });
    expect(reader.issues).toEqual([]);
  });

  it('SC-007: refuses secret-looking literals at any depth, naming the full key path', () => {
    const reader = readerFor({
      oauth_client_secret: 'shh',
      settings: { motherduck_token: 'shh' },
      secrets: [{ type: 's3', secret: 'shh' }],
      keyfile_json: { private_key: 'shh' },
      private_key: "{{ env_var('SF_KEY') }}",
    });
    expect(reader.rest()).toEqual({
      settings: {},
      secrets: [{ type: 's3' }],
      private_key: "{{ env_var('SF_KEY') }}",
    });
    expect(reader.issues.map((issue) => issue.keyPath)).toEqual([
      `${PREFIX}oauth_client_secret`,
      `${PREFIX}settings.motherduck_token`,
      `${PREFIX}secrets.0.secret`,
      `${PREFIX}keyfile_json`,
    ]);
    expect(reader.issues[0]?.message).toContain('`oauth_client_secret_env: MY_VAR`');
    expect(JSON.stringify(reader.issues)).not.toContain('shh');
  });

  it('FR-003: `<unknown>_env` with a bad name, or beside its own key, is an issue', () => {
    const reader = readerFor({ foo_env: 'bad name', bar: 'x', bar_env: 'BAR', _env: 'kept' });
    expect(reader.rest()).toEqual({ bar: 'x', _env: 'kept' });
    expect(reader.issues).toEqual([
      {
        keyPath: `${PREFIX}foo_env`,
        message: 'must be an environment variable name (letters, digits and _)',
      },
      { keyPath: `${PREFIX}bar_env`, message: 'set either `bar` or `bar_env`, not both' },
    ]);
  });

  it('FR-004: `_env` on a known non-credential key is refused (use ${VAR} in floe.yaml)', () => {
    const reader = readerFor({ account: 'xy', account_env: 'SF_ACCOUNT' });
    reader.required('account', 'x');
    expect(reader.rest()).toEqual({});
    expect(reader.issues).toHaveLength(1);
    expect(reader.issues[0]?.keyPath).toBe(`${PREFIX}account_env`);
    expect(reader.issues[0]?.message).toContain('`account` is not a credential');
  });
});
