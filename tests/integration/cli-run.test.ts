// Issue 3's "done when", through the command line a user types (`node bin/floe.cjs …`, what
// `npm run -s floe --` runs) on a temporary copy of examples/shop with the real dbt and DuckDB:
// `floe run --select +customers` shows every asset's status, `floe runs` keeps the history, a
// broken model fails in dbt's own words, and `floe logs` replays dbt's output.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyShopProject, floeCli, type CliResult as Result } from './support/floe-cli';

const SLOW = { timeout: 240_000 };
let projectDir = '';

function floe(...args: string[]): Result {
  return floeCli(args);
}

function json<T>(result: Result): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(
      `not JSON on stdout (exit ${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
}

interface AssetsJson {
  assets: { id: string; name: string; deps: string[]; stale: boolean }[];
}
interface RunJson {
  run_id: string;
  status: string;
  env: string;
  assets: Record<string, string>;
}
interface RunsJson {
  runs: {
    id: string;
    status: string;
    env: string;
    selection: string;
    started_at: string;
    finished_at: string | null;
    assets: Record<string, string>;
    message?: string;
  }[];
}

/** The ids of `name`'s asset and everything upstream of it, from `floe assets --json`. */
function upstreamOf(assets: AssetsJson['assets'], name: string): string[] {
  const byId = new Map(assets.map((a) => [a.id, a]));
  const start = assets.find((a) => a.name === name);
  if (start === undefined) throw new Error(`no asset named ${name}`);
  const seen = new Set<string>();
  const visit = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const dep of byId.get(id)?.deps ?? []) visit(dep);
  };
  visit(start.id);
  return [...seen].sort();
}

beforeAll(() => {
  projectDir = copyShopProject('floe-cli-run-');
});
afterAll(() => rmSync(projectDir, { recursive: true, force: true }));

describe('floe run / runs / logs on examples/shop (real dbt, DuckDB)', () => {
  it(
    'floe run --select +customers: every upstream asset success, one JSON object on stdout (FR-009)',
    SLOW,
    () => {
      const listed = floe('assets', projectDir, '--parse', '--json');
      expect(listed.status, listed.stderr).toBe(0);
      const expected = upstreamOf(json<AssetsJson>(listed).assets, 'customers');
      expect(expected.length).toBeGreaterThan(3);

      // The run compiles without reading the manifest, starts dbt, then reads it once: the
      // artifacts it writes still carry the manifest's column classifications.
      const artifactsPath = join(projectDir, '.floe', 'compiled_artifacts.json');
      rmSync(artifactsPath);
      const run = floe('run', projectDir, '--select', '+customers', '--json');
      expect(run.status, run.stderr).toBe(0);
      const summary = json<RunJson>(run);
      expect(summary.status).toBe('success');
      const artifacts = JSON.parse(readFileSync(artifactsPath, 'utf8')) as {
        column_classifications: Record<string, Record<string, { classification: string }>>;
      };
      expect(artifacts.column_classifications['model.shop.customers']?.email?.classification).toBe(
        'pii',
      );
      expect(summary.env).toBe('dev');
      expect(Object.keys(summary.assets).sort()).toEqual(expected);
      expect(new Set(Object.values(summary.assets))).toEqual(new Set(['success']));
      // dbt's own output went to stderr, live.
      expect(run.stderr).toMatch(/Completed successfully/);

      const after = json<AssetsJson>(floe('assets', projectDir, '--json'));
      for (const id of expected) expect(after.assets.find((a) => a.id === id)?.stale).toBe(false);
    },
  );

  it('editing a model’s YAML entry makes it stale, and only it; undoing the edit makes it fresh', () => {
    const file = join(projectDir, 'dbt', 'models', 'marts', '_marts.yml');
    const original = readFileSync(file, 'utf8');
    const staleOf = (): Record<string, string | null> =>
      Object.fromEntries(
        json<{ assets: { name: string; stale_reason: string | null }[] }>(
          floe('assets', projectDir, '--json'),
        ).assets.map((a) => [a.name, a.stale_reason]),
      );
    const described = 'One row per customer with order counts and lifetime value.';
    expect(original).toContain(described);
    try {
      writeFileSync(file, original.replace(described, 'One row per customer, documented anew.'));
      const stale = staleOf();
      expect(stale.customers).toMatch(/its YAML \(models\/marts\/_marts\.yml\) changed/);
      expect(stale.orders).toBeNull(); // same file, its own entry untouched
      expect(stale.stg_orders).toBeNull();
    } finally {
      writeFileSync(file, original);
    }
    expect(staleOf().customers).toBeNull();
  });

  it(
    'a broken model: exit 1, dbt’s error in `floe runs` and `floe logs`, history newest first',
    SLOW,
    () => {
      const file = join(projectDir, 'dbt', 'models', 'staging', 'stg_payments.sql');
      const original = readFileSync(file, 'utf8');
      writeFileSync(file, "select no_such_column from {{ ref('raw_payments') }}\n");
      try {
        const run = floe('run', projectDir, '--select', '+customers', '--json');
        expect(run.status).toBe(1);
        const summary = json<RunJson>(run);
        expect(summary.status).toBe('failed');
        expect(summary.assets['model.shop.stg_payments']).toBe('failed');
        expect(summary.assets['model.shop.customers']).toBe('skipped');

        const history = json<RunsJson>(floe('runs', projectDir, '--json')).runs;
        expect(history.map((r) => r.status)).toEqual(['failed', 'success']);
        expect(history[0]?.id).toBe(summary.run_id);
        expect(history[0]?.selection).toBe('+customers');
        expect(history[0]?.finished_at).not.toBeNull();
        expect(history[0]?.message).toMatch(/^model\.shop\.stg_payments: .*no_such_column/s);
        expect(history[1]?.message).toBeUndefined();

        const table = floe('runs', projectDir);
        expect(table.stdout).toContain(summary.run_id);
        expect(table.stdout).toMatch(/no_such_column/);

        const log = floe('logs', summary.run_id, projectDir);
        expect(log.status).toBe(0);
        expect(log.stdout).toMatch(/no_such_column/);
      } finally {
        writeFileSync(file, original);
      }
    },
  );

  it('floe logs of an unknown run says so', () => {
    const missing = floe('logs', '20200101T000000000Z-abcdef', projectDir);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no run "20200101T000000000Z-abcdef"');
  });
});
