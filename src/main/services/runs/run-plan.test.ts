import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRunPlan, runPlanPath, saveRunPlan } from './run-plan';

let dir = '';
const plan = (): Parameters<typeof saveRunPlan>[1] => ({
  requestedEnv: null,
  target: 'dev',
  dbtPath: '/venv/bin/dbt',
  dbtProjectDir: join(dir, 'dbt'),
  profilesDir: join(dir, '.floe', 'profiles'),
  profileEnvVars: ['POSTGRES_PASSWORD'],
  traces: true,
});

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-run-plan-'));
  mkdirSync(join(dir, 'dbt'));
  mkdirSync(join(dir, '.floe', 'profiles'), { recursive: true });
  writeFileSync(join(dir, 'floe.yaml'), 'name: x\n');
  writeFileSync(join(dir, 'dbt', 'dbt_project.yml'), 'name: x\n');
  writeFileSync(join(dir, '.floe', 'profiles', 'profiles.yml'), 'x: {}\n');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the saved run plan of floe run’s early dbt', () => {
  it('reads back what was saved, for the same --env', () => {
    saveRunPlan(dir, plan());
    expect(readRunPlan(dir, undefined)).toMatchObject(plan());
    expect(readRunPlan(dir, 'dev')).toBeUndefined(); // saved for "no --env", not for --env dev
    saveRunPlan(dir, { ...plan(), requestedEnv: 'staging', target: 'staging' });
    expect(readRunPlan(dir, 'staging')?.target).toBe('staging');
    expect(readRunPlan(dir, undefined)).toBeUndefined();
  });

  it.each([
    ['floe.yaml', 'name: y\n'],
    ['.env', 'A=1\n'],
    ['dbt/dbt_project.yml', 'name: y\n'],
    ['.floe/profiles/profiles.yml', 'y: {}\n'],
  ])('is stale once %s is written', (file, text) => {
    saveRunPlan(dir, plan());
    expect(readRunPlan(dir, undefined)).toBeDefined();
    writeFileSync(join(dir, file), text);
    expect(readRunPlan(dir, undefined)).toBeUndefined();
  });

  it('is stale once a file it read is removed', () => {
    saveRunPlan(dir, plan());
    rmSync(join(dir, 'floe.yaml'));
    expect(readRunPlan(dir, undefined)).toBeUndefined();
  });

  it('a damaged or foreign plan file is no plan, never an error', () => {
    saveRunPlan(dir, plan());
    const path = runPlanPath(dir);
    writeFileSync(path, '{"format": 1, "target": ');
    expect(readRunPlan(dir, undefined)).toBeUndefined();
    writeFileSync(path, JSON.stringify({ ...plan(), format: 99, stamps: {} }));
    expect(readRunPlan(dir, undefined)).toBeUndefined();
    writeFileSync(path, JSON.stringify({ ...plan(), format: 1, profileEnvVars: [1], stamps: {} }));
    expect(readRunPlan(dir, undefined)).toBeUndefined();
  });

  it('holds variable names, never values, and is not rewritten when unchanged', () => {
    saveRunPlan(dir, plan());
    const text = readFileSync(runPlanPath(dir), 'utf8');
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(
      [
        'dbtPath',
        'dbtProjectDir',
        'format',
        'profileEnvVars',
        'profilesDir',
        'requestedEnv',
        'stamps',
        'target',
        'traces',
      ].sort(),
    );
    expect(text).toContain('"POSTGRES_PASSWORD"');
    writeFileSync(runPlanPath(dir), text.replace('/venv/bin/dbt', '/venv/bin/dbt'));
    saveRunPlan(dir, plan());
    expect(readFileSync(runPlanPath(dir), 'utf8')).toBe(text);
  });

  it('a project it cannot write to keeps no plan, and the run goes on', () => {
    writeFileSync(join(dir, '.floe', 'cache'), 'a file where the folder would be');
    expect(() => saveRunPlan(dir, plan())).not.toThrow();
    expect(readRunPlan(dir, undefined)).toBeUndefined();
  });
});
