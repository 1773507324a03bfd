import { describe, expect, it } from 'vitest';
import { spawnBanner, spawnDifference, type SpawnSpec } from './early-run';

const spec: SpawnSpec = {
  file: '/venv/bin/dbt',
  args: ['build', '--target', 'dev'],
  cwd: '/p/dbt',
  env: { PATH: '/usr/bin', SECRET: 's3cret' },
};

describe('adopting the early dbt of floe run', () => {
  it('the same command is no difference', () => {
    expect(spawnDifference(spec, { ...spec, args: [...spec.args], env: { ...spec.env } })).toBe(
      undefined,
    );
  });

  it('names what differs: executable, folder, arguments, variables (names only)', () => {
    expect(spawnDifference(spec, { ...spec, file: '/other/dbt' })).toBe('the dbt executable');
    expect(spawnDifference(spec, { ...spec, cwd: '/q' })).toBe('the dbt project folder');
    expect(spawnDifference(spec, { ...spec, args: ['build', '--target', 'prod'] })).toBe(
      'the dbt arguments',
    );
    expect(spawnDifference(spec, { ...spec, args: ['build'] })).toBe('the dbt arguments');
    const env = spawnDifference(spec, {
      ...spec,
      env: { PATH: '/usr/bin', SECRET: 'other', X: '' },
    });
    expect(env).toBe('the environment (SECRET, X)');
    expect(env).not.toContain('s3cret');
    expect(spawnDifference(spec, { ...spec, env: { PATH: '/usr/bin' } })).toBe(
      'the environment (SECRET)',
    );
  });

  it('the banner is the command line, then the profile variables not set', () => {
    expect(spawnBanner(['build', '--select', 'a'], [])).toBe('floe: dbt build --select a\r\n');
    expect(spawnBanner(['build'], ['A', 'B'])).toBe(
      'floe: dbt build\r\nfloe: warning: not set: A, B\r\n',
    );
  });
});
