import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli';
import type { CliIo } from './cli-io';

const repo = join(__dirname, '../../..');
const example = join(repo, 'examples/shop');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-cli-'));
  cpSync(join(example, 'floe.yaml'), join(dir, 'floe.yaml'));
  cpSync(join(example, 'dbt', 'dbt_project.yml'), join(dir, 'dbt', 'dbt_project.yml'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(
  argv: string[],
  environ: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => (out += `${t}\n`),
    err: (t) => (err += `${t}\n`),
    environ,
    cwd: dir,
  };
  return main(argv, io).then((code) => ({ code, out, err }));
}

describe('floe command line', () => {
  it('validate: 0 for a valid project', async () => {
    const result = await run(['validate']);
    expect(result).toMatchObject({ code: 0 });
    expect(result.out).toContain('shop is valid');
  });

  it('validate: 1 with file:line:col and the allowed values for an invalid one', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'floe-cli-bad-'));
    writeFileSync(
      join(bad, 'floe.yaml'),
      'name: x\nversion: "1"\ncompute: {target: oracle}\ntransforms: [{type: dbt, path: .}]\n',
    );
    const result = await run(['validate', bad]);
    rmSync(bad, { recursive: true, force: true });
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `${join(bad, 'floe.yaml')}:3:19: invalid value "oracle"; allowed values: duckdb, snowflake`,
    );
    expect(result.err).not.toMatch(/\n\s+at /);
  });

  it('compile --env staging --json reports the artifacts, profiles and referenced variables', async () => {
    const result = await run(['compile', '--env', 'staging', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toEqual({
      ok: true,
      environment: 'staging',
      artifacts_path: join(dir, '.floe', 'compiled_artifacts.json'),
      profiles_path: join(dir, '.floe', 'profiles', 'profiles.yml'),
      env_vars: ['POSTGRES_STAGING_PASSWORD', 'POSTGRES_STAGING_USER'],
    });
  });

  it('usage errors exit 2: unknown command, unknown flag, missing value, extra argument', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['compile', '--nope'])).code).toBe(2);
    expect((await run(['compile', '--env'])).code).toBe(2);
    const extra = await run(['compile', 'a', 'b']);
    expect(extra.code).toBe(2);
    expect(extra.err).toContain('usage: floe compile');
  });

  it('--help and --version', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Commands:[\s\S]*validate[\s\S]*compile[\s\S]*schema/);
    expect((await run(['--version'])).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect((await run(['compile', '--help'])).out).toContain('floe compile [dir] [--env NAME]');
  });

  it('schema prints a JSON Schema that knows the targets and rejects unknown keys', async () => {
    const result = await run(['schema']);
    const schema = JSON.parse(result.out) as {
      properties: { compute: { properties: { target: { enum: string[] } } } };
      additionalProperties: boolean;
    };
    expect(schema.properties.compute.properties.target.enum).toEqual([
      'duckdb',
      'snowflake',
      'bigquery',
      'redshift',
      'databricks',
      'postgres',
      'spark',
    ]);
    expect(schema.additionalProperties).toBe(false);
  });

  it('runs as `npm run -s floe` from the repository root with the right exit codes', () => {
    const ok = spawnSync('npm', ['run', '-s', 'floe', '--', 'validate', dir], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    const usage = spawnSync('node', ['bin/floe.cjs', 'validate', '--bogus'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(usage.status).toBe(2);
    expect(
      execFileSync('node', ['bin/floe.cjs', '--version'], { cwd: repo, encoding: 'utf8' }).trim(),
    ).toMatch(/^\d/);
  }, 60_000);
});
