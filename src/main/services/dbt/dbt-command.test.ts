import { describe, expect, it } from 'vitest';
import { buildDbtBuildArgs, buildDbtEnv, parseDotEnv } from './dbt-command';

describe('buildDbtBuildArgs', () => {
  const base = {
    target: 'dev',
    profilesDir: '/p/.floe/profiles',
    projectDir: '/p/dbt',
    logPath: '/p/.floe/runs/r',
  };

  it('builds the dbt build argv with the generated profiles dir and the JSON log file (FR-008)', () => {
    expect(
      buildDbtBuildArgs({ ...base, select: '+orders  customers', exclude: 'tag:slow' }),
    ).toEqual([
      'build',
      '--select',
      '+orders',
      'customers',
      '--exclude',
      'tag:slow',
      '--target',
      'dev',
      '--profiles-dir',
      '/p/.floe/profiles',
      '--project-dir',
      '/p/dbt',
      '--log-format-file',
      'json',
      '--log-path',
      '/p/.floe/runs/r',
      '--indirect-selection',
      'buildable',
    ]);
  });

  it('omits --select for everything and adds vars, full refresh and target path when asked', () => {
    const args = buildDbtBuildArgs({
      ...base,
      select: '  ',
      vars: { day: '2026-01-01', n: 2 },
      fullRefresh: true,
      targetPath: '/t',
    });
    expect(args).not.toContain('--select');
    expect(args.slice(-5)).toEqual([
      '--target-path',
      '/t',
      '--vars',
      '{"day":"2026-01-01","n":2}',
      '--full-refresh',
    ]);
    expect(buildDbtBuildArgs({ ...base, vars: {} })).not.toContain('--vars');
  });
});

describe('buildDbtEnv', () => {
  const environ = {
    PATH: '/usr/bin',
    HOME: '/home/u',
    USER: 'u',
    AWS_SECRET_ACCESS_KEY: 'do-not-pass',
    GITHUB_TOKEN: 'do-not-pass',
    DBT_USER_SETTING: 'kept',
    DBT_LOG_LEVEL_FILE: 'none',
    POSTGRES_DEV_PASSWORD: 'from-process',
  };

  it('passes only allow-listed variables and those the profile references', () => {
    const { env, missing } = buildDbtEnv({
      environ,
      dotEnv: {
        POSTGRES_DEV_PASSWORD: 'from-dotenv',
        POSTGRES_DEV_USER: 'dotenv-user',
        OTHER: 'x',
      },
      profileEnvVars: ['POSTGRES_DEV_PASSWORD', 'POSTGRES_DEV_USER', 'SNOWFLAKE_PROD_PASSWORD'],
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/u',
      USER: 'u',
      LANG: 'C.UTF-8',
      DBT_USER_SETTING: 'kept',
      // The process environment wins over .env.
      POSTGRES_DEV_PASSWORD: 'from-process',
      POSTGRES_DEV_USER: 'dotenv-user',
      TRACEPARENT: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      TERM: 'xterm-256color',
      DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
      DBT_VERSION_CHECK: 'false',
      DBT_LOG_FILE_MAX_BYTES: '0',
      DBT_LOG_LEVEL_FILE: 'debug',
    });
    expect(missing).toEqual(['SNOWFLAKE_PROD_PASSWORD']);
  });

  it('keeps a user locale and never adds TRACEPARENT unasked', () => {
    const { env } = buildDbtEnv({ environ: { LC_ALL: 'de_DE.UTF-8' }, profileEnvVars: [] });
    expect(env.LC_ALL).toBe('de_DE.UTF-8');
    expect(env.LANG).toBeUndefined();
    expect(env.TRACEPARENT).toBeUndefined();
  });
});

describe('parseDotEnv', () => {
  it('reads KEY=VALUE lines with comments, export and quotes', () => {
    const text = [
      '# comment',
      'A=1',
      'export B = two ',
      'C="quoted # not a comment"',
      "D='single'",
      'E=value # trailing comment',
      'F=',
      'not a line',
      'G="line\\nbreak"',
    ].join('\n');
    expect(parseDotEnv(text)).toEqual({
      A: '1',
      B: 'two',
      C: 'quoted # not a comment',
      D: 'single',
      E: 'value',
      F: '',
      G: 'line\nbreak',
    });
  });
});
