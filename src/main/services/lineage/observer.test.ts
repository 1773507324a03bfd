import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { AssetRunStatus } from '../../../shared/runs';
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import {
  createLineageObserver,
  type LineageObserver,
  type LineageObserverOptions,
} from './observer';
import { drainSpool } from './spool';
import { defaultLineageDbPath, LineageStore } from './store';
import { artifactsFor, runContext, shopGraph, withObservability } from './testing/fixtures';
import { startReceiver, type Receiver } from './testing/receiver';

const FAST = { timeoutMs: 300, retries: 1, backoffMs: 20, maxBackoffMs: 100 };
const ASSETS = ['seed.shop.raw_customers', 'model.shop.stg_customers', 'model.shop.customers'];

let dir: string;
let receiver: Receiver;
const observers: LineageObserver[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'floe-lineage-'));
  receiver = await startReceiver();
});

afterEach(async () => {
  for (const observer of observers.splice(0)) await observer.dispose();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

function duckdb(change: Partial<CompiledArtifacts['observability']> = {}): CompiledArtifacts {
  return withObservability(
    artifactsFor({ target: 'duckdb', properties: { path: 'dev.duckdb' } }),
    change,
  );
}

function observe(options: Partial<LineageObserverOptions> = {}): LineageObserver {
  const observer = createLineageObserver({
    projectDir: dir,
    environ: {},
    delivery: FAST,
    ...options,
  });
  observers.push(observer);
  return observer;
}

/** Drives one run as the engine would: run start, each asset start/finish, run finish. */
function run(
  observer: LineageObserver,
  artifacts: CompiledArtifacts,
  opts: { runId?: string; fail?: string; statuses?: Partial<Record<string, AssetRunStatus>> } = {},
): void {
  const runId = opts.runId ?? 'run-1';
  const t0 = Date.parse('2026-01-01T10:00:00Z');
  observer.runStarted(
    runContext(artifacts, shopGraph(), { runId, projectDir: dir, startedAt: new Date(t0) }),
  );
  ASSETS.forEach((nodeId, i) => {
    observer.nodeStarted({ runId, nodeId, kind: 'asset', at: new Date(t0 + 1000 * i + 1) });
    const status = opts.statuses?.[nodeId] ?? (opts.fail === nodeId ? 'failed' : 'success');
    observer.nodeFinished({
      runId,
      nodeId,
      kind: 'asset',
      at: new Date(t0 + 1000 * i + 500),
      status,
      ...(status === 'failed'
        ? { message: 'Database Error in model customers\n  column "nope" does not exist' }
        : {}),
    });
  });
  observer.nodeFinished({
    runId,
    nodeId: 'test.shop.unique_customers_customer_id.abc',
    kind: 'check',
    at: new Date(t0 + 5000),
    status: 'success',
  });
  observer.runFinished({
    runId,
    at: new Date(t0 + 6000),
    status: opts.fail ? 'failed' : 'success',
    ...(opts.fail ? { exitCode: 1 } : {}),
  });
}

function types(events: { eventType: string; job: { name: string } }[]): string[] {
  return events.map((e) => `${e.eventType} ${e.job.name}`);
}

const EXPECTED_ORDER = [
  'START dbt-run-shop',
  'START dev.main.seed.shop.raw_customers',
  'COMPLETE dev.main.seed.shop.raw_customers',
  'START dev.main.shop.stg_customers',
  'COMPLETE dev.main.shop.stg_customers',
  'START dev.main.shop.customers',
  'COMPLETE dev.main.shop.customers',
  'COMPLETE dbt-run-shop',
];

describe('lineage observer', () => {
  test('lineage: false → nothing at all: no store, no file, no connection', async () => {
    const file = join(dir, 'events.jsonl');
    const observer = observe({ filePath: file, environ: { OPENLINEAGE_URL: receiver.url } });
    run(observer, duckdb({ lineage: false, lineage_endpoint: receiver.url }));
    await observer.flush();
    expect(existsSync(defaultLineageDbPath(dir))).toBe(false);
    expect(existsSync(file)).toBe(false);
    expect(receiver.connections).toBe(0);
  });

  test('FR-021: no endpoint configured → no connection attempted, the store still has every event', async () => {
    const observer = observe();
    run(observer, duckdb());
    await observer.flush();
    expect(receiver.connections).toBe(0);
    const store = new LineageStore(defaultLineageDbPath(dir));
    const events = store.listEvents({ floeRunId: 'run-1' });
    expect(types(events.map((e) => e.event))).toEqual(EXPECTED_ORDER);
    expect(new Set(events.map((e) => e.delivery))).toEqual(new Set(['local']));
    store.close();
  });

  test('delivers one START and one COMPLETE per asset plus the run, in order, with bearer token and event ids', async () => {
    const observer = observe({
      environ: { OPENLINEAGE_URL: `${receiver.url}/`, OPENLINEAGE_API_KEY: 'k-123' },
    });
    run(observer, duckdb());
    await observer.flush();
    expect(types(receiver.events)).toEqual(EXPECTED_ORDER);
    for (const request of receiver.requests) {
      expect(request.path).toBe('/api/v1/lineage');
      expect(request.headers['authorization']).toBe('Bearer k-123');
      expect(request.headers['content-type']).toBe('application/json');
    }
    const store = new LineageStore(defaultLineageDbPath(dir));
    const stored = store.listEvents();
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual(
      stored.map((e) => e.eventId),
    );
    expect(new Set(stored.map((e) => e.delivery))).toEqual(new Set(['delivered']));
    // Parent links: every asset run points at the run's run id.
    const runEvent = stored[0];
    for (const event of stored.slice(1, -1)) {
      expect(event.parentRunId).toBe(runEvent?.runId);
      expect(event.event.run.facets?.['parent']?.['run']).toEqual({ runId: runEvent?.runId });
    }
    // START and COMPLETE of one asset share its run id; different assets differ.
    expect(stored[1]?.runId).toBe(stored[2]?.runId);
    expect(stored[1]?.runId).not.toBe(stored[3]?.runId);
    // The test result rides on the run's COMPLETE.
    expect(
      stored.at(-1)?.event.inputs[0]?.inputFacets?.['dataQualityAssertions']?.['assertions'],
    ).toEqual([
      expect.objectContaining({ assertion: 'unique', success: true, column: 'customer_id' }),
    ]);
    // Secrets never land in the store.
    store.close();
    expect(readFileSync(defaultLineageDbPath(dir)).includes('k-123')).toBe(false);
  });

  test("FR-013: a failed model gives FAIL with dbt's error text; the run FAILs", async () => {
    const observer = observe({ environ: { OPENLINEAGE_URL: receiver.url } });
    run(observer, duckdb(), { fail: 'model.shop.customers' });
    await observer.flush();
    const fail = receiver.events.find(
      (e) => e.eventType === 'FAIL' && e.job.name === 'dev.main.shop.customers',
    );
    expect(fail?.run.facets?.['errorMessage']?.['message']).toContain(
      'column "nope" does not exist',
    );
    expect(receiver.events.at(-1)).toMatchObject({
      eventType: 'FAIL',
      job: { name: 'dbt-run-shop' },
    });
    expect(receiver.events.at(-1)?.run.facets?.['errorMessage']?.['message']).toBe(
      'dbt exited with code 1',
    );
  });

  test('cancel: assets still running get ABORT, then the run ABORTs', async () => {
    const observer = observe({ environ: { OPENLINEAGE_URL: receiver.url } });
    const artifacts = duckdb();
    observer.runStarted(runContext(artifacts, shopGraph(), { runId: 'r', projectDir: dir }));
    observer.nodeStarted({
      runId: 'r',
      nodeId: 'model.shop.stg_customers',
      kind: 'asset',
      at: new Date(),
    });
    observer.nodeFinished({
      runId: 'r',
      nodeId: 'model.shop.customers',
      kind: 'asset',
      at: new Date(),
      status: 'skipped',
    });
    observer.runFinished({ runId: 'r', at: new Date(), status: 'canceled' });
    await observer.flush();
    expect(types(receiver.events)).toEqual([
      'START dbt-run-shop',
      'START dev.main.shop.stg_customers',
      'ABORT dev.main.shop.stg_customers',
      'ABORT dbt-run-shop',
    ]);
  });

  test('trace and span ids from telemetry become the floe_trace run facet (SC-008)', async () => {
    const observer = observe({
      traceIds: (runId, nodeId) => ({
        traceId: 'a'.repeat(32),
        spanId: (nodeId === '' ? 'b' : 'c').repeat(16),
      }),
    });
    run(observer, duckdb());
    await observer.flush();
    const store = new LineageStore(defaultLineageDbPath(dir));
    const events = store.listEvents();
    expect(events[0]?.event.run.facets?.['floe_trace']).toMatchObject({
      traceId: 'a'.repeat(32),
      spanId: 'b'.repeat(16),
    });
    expect(events[1]?.event.run.facets?.['floe_trace']).toMatchObject({ spanId: 'c'.repeat(16) });
    store.close();
  });

  test('file and console transports get every event as one JSON line, in order', async () => {
    const file = join(dir, 'out', 'events.jsonl');
    const lines: string[] = [];
    const observer = observe({ filePath: file, console: (line) => lines.push(line) });
    run(observer, duckdb());
    await observer.flush();
    const written = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(written).toEqual(lines);
    expect(
      types(
        written.map((line) => JSON.parse(line) as { eventType: string; job: { name: string } }),
      ),
    ).toEqual(EXPECTED_ORDER);
  });

  test('endpoint down for the first part, then up: every event arrives once, in order', async () => {
    await receiver.down();
    const observer = observe({ environ: { OPENLINEAGE_URL: receiver.url } });
    run(observer, duckdb(), { runId: 'a' });
    await observer.flush(); // fails fast (refused) and parks: the events are spooled
    expect(receiver.events).toHaveLength(0);
    await receiver.up();
    run(observer, duckdb(), { runId: 'b' });
    await receiver.waitFor(16);
    await observer.flush();
    expect(types(receiver.events)).toEqual([...EXPECTED_ORDER, ...EXPECTED_ORDER]);
    expect(new Set(receiver.events.map((e) => e.eventTime + e.run.runId + e.eventType)).size).toBe(
      16,
    );
  });

  test('a failing (503) then healthy endpoint: retried until accepted, nothing lost', async () => {
    receiver.mode = 'fail';
    const observer = observe({ environ: { OPENLINEAGE_URL: receiver.url } });
    run(observer, duckdb());
    await observer.flush();
    receiver.mode = 'ok';
    await receiver.waitFor(8);
    expect(types(receiver.events)).toEqual(EXPECTED_ORDER);
  });

  test('a hanging endpoint never slows the observer: calls return at once, events spooled', async () => {
    receiver.mode = 'hang';
    const observer = observe({ environ: { OPENLINEAGE_URL: receiver.url } });
    // Time only what the engine would pay: the observer's own calls.
    let spent = 0;
    const timed =
      <A extends unknown[]>(fn: (...args: A) => void) =>
      (...args: A): void => {
        const t0 = performance.now();
        fn(...args);
        spent += performance.now() - t0;
      };
    const measured: LineageObserver = {
      ...observer,
      runStarted: timed(observer.runStarted),
      nodeStarted: timed(observer.nodeStarted),
      nodeFinished: timed(observer.nodeFinished),
      runFinished: timed(observer.runFinished),
    };
    const artifacts = duckdb();
    for (let i = 0; i < 50; i += 1) run(measured, artifacts, { runId: `h${i}` });
    // 50 runs × 9 calls: the calls only enqueue (a few µs each; generous bound for a loaded machine).
    expect(spent).toBeLessThan(100);
    await observer.flush(3000);
    const store = new LineageStore(defaultLineageDbPath(dir));
    expect(store.pendingCount()).toBe(400);
    store.close();
  });

  test('endpoint dead for the whole run → delivered after the next start (createLineageObserver and drainSpool)', async () => {
    await receiver.down();
    const first = observe({ environ: { OPENLINEAGE_URL: receiver.url } });
    run(first, duckdb(), { runId: 'x' });
    await first.dispose();
    expect(receiver.events).toHaveLength(0);
    await receiver.up();
    // Next start: the observer drains the spool on its own, in order.
    const second = observe({ environ: { OPENLINEAGE_URL: receiver.url } });
    await receiver.waitFor(8);
    await second.flush();
    expect(types(receiver.events)).toEqual(EXPECTED_ORDER);
    // Nothing left: drainSpool finds no work.
    const again = await drainSpool({ projectDir: dir, environ: { OPENLINEAGE_URL: receiver.url } });
    expect(again).toEqual({ delivered: 0, pending: 0 });
  });

  test('exit waits for this run’s endpoint only: an old spool for a hanging endpoint stays spooled', async () => {
    receiver.mode = 'hang';
    const first = observe({ environ: { OPENLINEAGE_URL: receiver.url } });
    run(first, duckdb(), { runId: 'old' });
    await first.dispose();
    const other = await startReceiver();
    try {
      // Requests time out after 5 s here: a sender stuck on the hanging endpoint stays busy past exit.
      const second = observe({
        environ: { OPENLINEAGE_URL: other.url },
        delivery: { ...FAST, timeoutMs: 5000 },
      });
      run(second, duckdb(), { runId: 'new' });
      await other.waitFor(8);
      const asked = performance.now();
      await second.dispose();
      // dispose's own bound is 2 s; waiting on the hanging endpoint's old spool would use all of it.
      expect(performance.now() - asked).toBeLessThan(1500);
      expect(types(other.events)).toEqual(EXPECTED_ORDER);
      const store = new LineageStore(defaultLineageDbPath(dir));
      expect(store.pendingCount()).toBe(8); // the old run's events, kept for when that endpoint is back
      store.close();
    } finally {
      await other.close();
    }
  });

  test('exit does not wait on an endpoint that never answered (hanging): its events stay spooled', async () => {
    receiver.mode = 'hang';
    // Requests time out after 5 s here: waiting for them would hold the exit for dispose's whole 2 s.
    const first = observe({
      environ: { OPENLINEAGE_URL: receiver.url },
      delivery: { ...FAST, timeoutMs: 5000 },
    });
    run(first, duckdb(), { runId: 'hung' });
    const asked = performance.now();
    await first.dispose();
    // The wait for a silent endpoint is 20 ms; the bound leaves room for a loaded machine.
    expect(performance.now() - asked).toBeLessThan(1000);
    const store = new LineageStore(defaultLineageDbPath(dir));
    expect(store.pendingCount()).toBe(8);
    store.close();
    // Nothing is lost: the next start delivers them, in order.
    receiver.mode = 'ok';
    observe({ environ: { OPENLINEAGE_URL: receiver.url } });
    await receiver.waitFor(8);
    expect(types(receiver.events)).toEqual(EXPECTED_ORDER);
  });

  test('exit still waits for an endpoint that answers, slowly, until this run’s events are in', async () => {
    const observer = observe({
      environ: { OPENLINEAGE_URL: receiver.url },
      delivery: { ...FAST, timeoutMs: 5000 },
    });
    run(observer, duckdb(), { runId: 'first' });
    await receiver.waitFor(8);
    // The endpoint has answered; now each answer takes 100 ms: 8 events, 0.8 s, within the 2 s.
    receiver.delayMs = 100;
    run(observer, duckdb(), { runId: 'second' });
    await observer.dispose();
    expect(receiver.events).toHaveLength(16);
    const store = new LineageStore(defaultLineageDbPath(dir));
    expect(store.pendingCount()).toBe(0);
    store.close();
  });

  test('drainSpool delivers a spool in order and reports what is left', async () => {
    await receiver.down();
    const first = observe({ environ: { OPENLINEAGE_URL: receiver.url } });
    run(first, duckdb(), { runId: 'y' });
    await first.dispose();
    const stillDown = await drainSpool({
      projectDir: dir,
      environ: {},
      delivery: FAST,
      timeoutMs: 2000,
    });
    expect(stillDown).toEqual({ delivered: 0, pending: 8 });
    await receiver.up();
    const result = await drainSpool({ projectDir: dir, environ: {}, delivery: FAST });
    expect(result).toEqual({ delivered: 8, pending: 0 });
    expect(types(receiver.events)).toEqual(EXPECTED_ORDER);
  });

  test('two senders on one spool (studio and CLI): each event delivered once, in order', async () => {
    await receiver.down();
    const first = observe({ environ: { OPENLINEAGE_URL: receiver.url } });
    for (const runId of ['p', 'q', 'r']) run(first, duckdb(), { runId });
    await first.dispose();
    await receiver.up();
    const second = observe({ environ: { OPENLINEAGE_URL: receiver.url } }); // drains on start
    const drained = drainSpool({
      projectDir: dir,
      environ: { OPENLINEAGE_URL: receiver.url },
      delivery: FAST,
    });
    await receiver.waitFor(24);
    await drained;
    await second.flush();
    expect(receiver.requests).toHaveLength(24);
    expect(types(receiver.events)).toEqual([
      ...EXPECTED_ORDER,
      ...EXPECTED_ORDER,
      ...EXPECTED_ORDER,
    ]);
  });
});
