// `floe run` starts dbt from the project's saved run plan before the CLI bundle has loaded
// (src/main/cli/early-run.ts, services/runs/run-plan.ts), then adopts that dbt only when it is the
// command the run would have started. Real dbt and DuckDB/PostgreSQL, through `node bin/floe.cjs`, on
// a copy of examples/shop whose dbt is a wrapper script that notes each start and its TRACEPARENT,
// then execs the real dbt.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyShopProject, floeCli, repoRoot, type CliResult as Result } from './support/floe-cli';

const SLOW = { timeout: 240_000 };
const SECRET = 'early-run-secret-value-7f3a';
let projectDir = '';
let calls = '';
let wrapper = '';

// The staging profile reads POSTGRES_STAGING_PASSWORD (trust auth ignores it): it must appear in no
// file floe writes.
function floe(...args: string[]): Result {
  return floeCli(args, { POSTGRES_STAGING_PASSWORD: SECRET });
}

function runJson(result: Result): { run_id: string; status: string } {
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { run_id: string; status: string };
}

/** Each dbt start the wrapper saw: its TRACEPARENT ('-' when none). */
function dbtStarts(): string[] {
  return existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [];
}

const planPath = (): string => join(projectDir, '.floe', 'cache', 'run-plan.json');
const RESTARTED = /dbt was started from the saved run plan, but (.+) changed: starting it again/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

beforeAll(() => {
  projectDir = copyShopProject('floe-early-run-');
  calls = join(projectDir, 'dbt-starts.txt');
  wrapper = join(projectDir, 'dbt-wrapper.sh');
  writeFileSync(
    wrapper,
    `#!/bin/sh\necho "\${TRACEPARENT:--}" >> '${calls}'\nexec '${join(repoRoot, '.venv', 'bin', 'dbt')}' "$@"\n`,
  );
  chmodSync(wrapper, 0o755);
  const yaml = join(projectDir, 'floe.yaml');
  writeFileSync(
    yaml,
    readFileSync(yaml, 'utf8').replace(
      '    path: dbt # folder',
      `    executable: ${wrapper}\n    path: dbt # folder`,
    ),
  );
});
afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

describe('floe run starts dbt from the saved run plan (issue 3: floe run within 5% of dbt build)', () => {
  it(
    'the second run adopts the dbt started early: one dbt start, its TRACEPARENT is the run span’s',
    SLOW,
    () => {
      const first = runJson(floe('run', projectDir, '--select', '+stg_orders', '--json'));
      expect(first.status).toBe('success');
      expect(existsSync(planPath())).toBe(true);
      expect(dbtStarts()).toHaveLength(1);

      const second = floe('run', projectDir, '--select', '+stg_orders', '--json');
      const summary = runJson(second);
      expect(summary.status).toBe('success');
      expect(second.stderr).not.toMatch(RESTARTED);
      // The command line is printed once, first.
      expect(second.stderr.match(/floe: dbt build/g)).toHaveLength(1);
      expect(second.stderr.indexOf('floe: dbt build')).toBeLessThan(
        second.stderr.indexOf('Running with dbt'),
      );
      const starts = dbtStarts();
      expect(starts).toHaveLength(2);
      const traces = JSON.parse(
        floe('traces', projectDir, '--run', summary.run_id, '--json').stdout,
      ) as { spans: { traceId: string; spanId: string; name: string }[] };
      const run = traces.spans.find((s) => s.name === 'floe.run');
      expect(starts[1]).toBe(`00-${run?.traceId}-${run?.spanId}-01`);
      const log = readFileSync(
        join(projectDir, '.floe', 'runs', summary.run_id, 'output.log'),
        'utf8',
      );
      expect(log.indexOf('floe: dbt build')).toBe(0);
      expect(log).toMatch(/Completed successfully/);
    },
  );

  it(
    'a plan that no longer matches: the early dbt is killed, dbt starts again, one dbt log',
    SLOW,
    () => {
      // Same stamps, another executable path (a link to the same wrapper): only the engine's own
      // preparation can tell.
      const link = join(projectDir, 'dbt-link.sh');
      symlinkSync(wrapper, link);
      const plan = JSON.parse(readFileSync(planPath(), 'utf8')) as { dbtPath: string };
      writeFileSync(planPath(), JSON.stringify({ ...plan, dbtPath: link }));
      const before = dbtStarts().length;

      const result = floe('run', projectDir, '--select', '+stg_orders', '--json');
      const summary = runJson(result);
      expect(summary.status).toBe('success');
      expect(result.stderr).toMatch(RESTARTED);
      expect(RESTARTED.exec(result.stderr)?.[1]).toBe('the dbt executable');
      expect(dbtStarts().length - before).toBe(2);
      const dbtLog = readFileSync(
        join(projectDir, '.floe', 'runs', summary.run_id, 'dbt.log'),
        'utf8',
      );
      expect(dbtLog.match(/"name": "MainReportVersion"/g)).toHaveLength(1);
      // The run saved the plan it really used.
      expect(JSON.parse(readFileSync(planPath(), 'utf8'))).toMatchObject({ dbtPath: wrapper });
    },
  );

  it('a plan whose dbt is gone: the run starts dbt itself, and leaves one run folder', SLOW, () => {
    const plan = JSON.parse(readFileSync(planPath(), 'utf8')) as { dbtPath: string };
    writeFileSync(
      planPath(),
      JSON.stringify({ ...plan, dbtPath: join(projectDir, 'no-such-dbt') }),
    );
    const folders = (): number => readdirSync(join(projectDir, '.floe', 'runs')).length;
    const before = { starts: dbtStarts().length, folders: folders() };
    const result = floe('run', projectDir, '--select', '+stg_orders', '--json');
    expect(runJson(result).status).toBe('success');
    expect(result.stderr).not.toMatch(RESTARTED);
    expect(dbtStarts().length - before.starts).toBe(1);
    expect(folders() - before.folders).toBe(1);
  });

  it('an edited floe.yaml: no early dbt at all', SLOW, () => {
    const yaml = join(projectDir, 'floe.yaml');
    writeFileSync(yaml, `${readFileSync(yaml, 'utf8')}# edited\n`);
    const before = dbtStarts().length;
    const result = floe('run', projectDir, '--select', '+stg_orders', '--json');
    expect(runJson(result).status).toBe('success');
    expect(result.stderr).not.toMatch(RESTARTED);
    expect(dbtStarts().length - before).toBe(1);
  });

  it(
    '--env staging on PostgreSQL: a plan of its own, adopted, with no secret in any file floe wrote',
    SLOW,
    () => {
      const runStaging = (): Result =>
        floe('run', projectDir, '--env', 'staging', '--select', '+stg_orders', '--json');
      const first = runStaging();
      expect(runJson(first).status).toBe('success');
      const plan = JSON.parse(readFileSync(planPath(), 'utf8')) as Record<string, unknown>;
      expect(plan).toMatchObject({ requestedEnv: 'staging', target: 'staging' });
      expect(plan.profileEnvVars).toContain('POSTGRES_STAGING_PASSWORD');

      const before = dbtStarts().length;
      const second = runStaging();
      expect(runJson(second).status).toBe('success');
      expect(second.stderr).not.toMatch(RESTARTED);
      expect(dbtStarts().length - before).toBe(1);
      for (const file of filesUnder(join(projectDir, '.floe')))
        expect(readFileSync(file).includes(SECRET), file).toBe(false);
      expect(second.stdout + second.stderr).not.toContain(SECRET);
    },
  );

  it('a run that stops before starting dbt (bad --log-format) leaves no dbt behind', SLOW, () => {
    runJson(floe('run', projectDir, '--select', '+stg_orders', '--json'));
    const before = dbtStarts().length;
    const runs = (): number =>
      (JSON.parse(floe('runs', projectDir, '--json').stdout) as { runs: unknown[] }).runs.length;
    const runsBefore = runs();
    const result = floe('run', projectDir, '--select', '+stg_orders', '--log-format', 'xml');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--log-format must be text or json');
    // The early dbt started (the plan held), then was killed; no run was recorded for it.
    expect(dbtStarts().length - before).toBe(1);
    expect(runs()).toBe(runsBefore);
    const ps = spawnSync('pgrep', ['-f', `${projectDir}/dbt`], { encoding: 'utf8' });
    expect(ps.stdout.trim()).toBe('');
  });
});
