import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AssetGraph } from '../../../shared/assets';
import { parseDbtLogLine } from '../dbt/dbt-log-events';
import type { DbtLogEvent } from '../dbt/dbt-log-events';
import { readRunResults } from '../dbt/run-results';
import { NOT_SELECTED_BY_DBT, RunTracker } from './run-tracker';
import type { AssetUpdate, CheckUpdate, TrackerUpdate } from './run-tracker';

const fixtures = join(__dirname, '..', 'dbt', 'fixtures');

function events(): DbtLogEvent[] {
  return readFileSync(join(fixtures, 'dbt-build-mixed.jsonl'), 'utf8')
    .split('\n')
    .map(parseDbtLogLine)
    .filter((e): e is DbtLogEvent => e !== null);
}

const graph: AssetGraph = {
  projectName: 'mini',
  dbtVersion: '1.11.16',
  manifestSchemaVersion: 12,
  assets: [],
  checks: [
    {
      id: 'test.mini.accepted_values_customers_customer_id__1.f9403cf571',
      name: 'accepted_values_customers_customer_id__1',
      assetIds: ['model.mini.customers'],
    },
  ],
};

const selected = new Set([
  'seed.mini.raw_orders',
  'model.mini.slow',
  'model.mini.stg_orders',
  'model.mini.broken',
  'model.mini.after_broken',
  'model.mini.customers',
]);

function finalAssets(updates: TrackerUpdate[]): Map<string, AssetUpdate> {
  const out = new Map<string, AssetUpdate>();
  for (const u of updates) if (u.kind === 'asset') out.set(u.nodeId, u);
  return out;
}

describe('RunTracker on a real dbt build (broken model, skipped child, failing tests)', () => {
  it('takes every asset queued → running → final, with dbt’s error on the failed one', () => {
    const tracker = new RunTracker(graph, selected);
    const updates: TrackerUpdate[] = [...tracker.initial(new Date('2026-11-22T00:26:25Z'))];
    for (const event of events()) updates.push(...tracker.apply(event));
    expect(tracker.invocationId).toBe('d774572e-6a20-4a0a-8ab9-af7702a43ab8');
    expect(tracker.dbtVersion).toBe('1.11.16');
    const broken = updates.filter(
      (u): u is AssetUpdate => u.kind === 'asset' && u.nodeId === 'model.mini.broken',
    );
    expect(broken.map((u) => u.status)).toEqual(['queued', 'running', 'failed']);
    expect(broken[2]?.message).toContain('Binder Error');
    const last = finalAssets(updates);
    expect(Object.fromEntries([...last].map(([id, u]) => [id, u.status]))).toEqual({
      'seed.mini.raw_orders': 'success',
      'model.mini.slow': 'success',
      'model.mini.stg_orders': 'success',
      'model.mini.broken': 'failed',
      'model.mini.after_broken': 'skipped',
      'model.mini.customers': 'success',
    });
    expect(last.get('seed.mini.raw_orders')).toMatchObject({
      rowsAffected: 3,
      checksum: expect.any(String),
    });
    const checks = updates.filter(
      (u): u is CheckUpdate => u.kind === 'check' && u.status !== undefined,
    );
    expect(checks.map((c) => c.status).sort()).toEqual(['fail', 'pass', 'pass', 'warn']);
    expect(checks.find((c) => c.status === 'fail')).toMatchObject({
      assetId: 'model.mini.customers',
      failures: 1,
    });
    // Nothing left to settle: run_results agrees and adds no second final state.
    const results = readRunResults(join(fixtures, 'run-results-mixed.json'));
    expect(tracker.finish(results, 'failed', new Date())).toEqual([]);
  });

  it('completes nodes whose events were missed from run_results.json and skips the never-started', () => {
    const tracker = new RunTracker(graph, new Set([...selected, 'model.mini.never_ran']));
    tracker.initial(new Date());
    const all = events();
    // Only the invocation and the first node start arrived before the tail stopped.
    for (const event of all.slice(0, 2)) tracker.apply(event);
    const results = readRunResults(join(fixtures, 'run-results-mixed.json'));
    const settled = finalAssets(tracker.finish(results, 'failed', new Date()));
    expect(settled.get('model.mini.broken')?.status).toBe('failed');
    expect(settled.get('model.mini.after_broken')?.status).toBe('skipped');
    // In the plan, absent from dbt's own results: dbt did not select it (a manifest older than the
    // project), which the user is told.
    expect(settled.get('model.mini.never_ran')).toEqual(
      expect.objectContaining({ status: 'skipped', message: NOT_SELECTED_BY_DBT }),
    );
  });

  it('ignores run_results.json of another invocation and fails what was running', () => {
    const tracker = new RunTracker(null, new Set(['model.mini.slow', 'model.mini.customers']));
    tracker.initial(new Date());
    for (const event of events().slice(0, 2)) tracker.apply(event); // slow is running
    const stale = readRunResults(join(fixtures, 'run-results-mixed.json'));
    if (stale === null) throw new Error('fixture missing');
    const settled = finalAssets(
      tracker.finish({ ...stale, invocationId: 'other' }, 'failed', new Date()),
    );
    expect(settled.get('model.mini.slow')).toMatchObject({
      status: 'failed',
      message: 'dbt ended before reporting a result for this node',
    });
    expect(settled.get('model.mini.customers')?.status).toBe('skipped');
  });

  it('marks running and queued assets canceled when the run was canceled', () => {
    const tracker = new RunTracker(null, new Set(['model.mini.slow', 'model.mini.customers']));
    tracker.initial(new Date());
    for (const event of events().slice(0, 2)) tracker.apply(event);
    const settled = finalAssets(tracker.finish(null, 'canceled', new Date()));
    expect(settled.get('model.mini.slow')).toMatchObject({
      status: 'canceled',
      message: 'canceled while running',
    });
    expect(settled.get('model.mini.customers')).toMatchObject({
      status: 'canceled',
      message: 'canceled before it started',
    });
  });

  it('after a cancel, the error dbt reports for the interrupted node means canceled, not failed', () => {
    const tracker = new RunTracker(graph, selected);
    tracker.initial(new Date());
    tracker.cancelRequested();
    // dbt reports an interrupted node (and test) with status "error" once Ctrl+C reaches it.
    // The fixture's tests pass or fail; make those that failed report an error, as interrupted ones do.
    const interrupted = events().map((event) =>
      event.type === 'node_finished' && event.resourceType === 'test' && event.status === 'fail'
        ? { ...event, status: 'error' }
        : event,
    );
    const updates = interrupted.flatMap((event) => tracker.apply(event));
    const broken = finalAssets(updates).get('model.mini.broken');
    expect(broken?.status).toBe('canceled');
    const checks = updates.filter(
      (u): u is CheckUpdate => u.kind === 'check' && u.status !== undefined,
    );
    const madeErrors = interrupted.flatMap((e) =>
      e.type === 'node_finished' && e.status === 'error' && e.resourceType === 'test'
        ? [e.nodeId]
        : [],
    );
    expect(madeErrors.length).toBeGreaterThan(0);
    for (const id of madeErrors)
      expect(checks.find((u) => u.nodeId === id)?.status, id).toBe('skipped');
    expect(checks.filter((u) => u.status === 'error')).toEqual([]);
    // Successes reported after the cancel stay successes.
    expect(finalAssets(updates).get('model.mini.stg_orders')?.status).toBe('success');
  });

  it('learns assets from dbt’s events when the selection is unknown', () => {
    const tracker = new RunTracker(null, null);
    expect(tracker.initial(new Date())).toEqual([]);
    const updates = events().flatMap((e) => tracker.apply(e));
    expect(finalAssets(updates).size).toBe(6);
  });
});
