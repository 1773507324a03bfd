import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hrTimeToMs } from './span-record';
import { listRunSpans, listTracedRuns } from './span-store';
import { createTelemetryObserver, type TelemetryObserver } from './telemetry-observer';
import { at, fixtureArtifacts, fixtureContext } from './test-fixtures';

const NO_ENV = {};

function byName(spans: ReadableSpan[], name: string): ReadableSpan {
  const span = spans.find((s) => s.name === name);
  if (span === undefined)
    throw new Error(`no span ${name} in ${spans.map((s) => s.name).join(', ')}`);
  return span;
}

/** seed ok, stg ok, customers failed, one check skipped. */
function driveRun(observer: TelemetryObserver, runId = 'run-1'): void {
  observer.nodeStarted({ runId, nodeId: 'seed.shop.raw_customers', kind: 'asset', at: at(100) });
  observer.nodeFinished({
    runId,
    nodeId: 'seed.shop.raw_customers',
    kind: 'asset',
    at: at(350),
    startedAt: at(100),
    status: 'success',
    rowsAffected: 3,
    executionTime: 0.25,
    thread: 'Thread-1 (worker)',
  });
  observer.nodeStarted({ runId, nodeId: 'model.shop.stg_customers', kind: 'asset', at: at(400) });
  observer.nodeFinished({
    runId,
    nodeId: 'model.shop.stg_customers',
    kind: 'asset',
    at: at(500),
    startedAt: at(401),
    status: 'success',
  });
  observer.nodeStarted({ runId, nodeId: 'model.shop.customers', kind: 'asset', at: at(510) });
  observer.nodeFinished({
    runId,
    nodeId: 'model.shop.customers',
    kind: 'asset',
    at: at(700),
    startedAt: at(510),
    status: 'failed',
    message: 'Binder Error: column "nope" not found',
  });
  observer.runFinished({
    runId,
    at: at(800),
    status: 'failed',
    exitCode: 1,
    dbtVersion: '1.11.16',
  });
}

describe('telemetry observer spans (FR-016, FR-017)', () => {
  let exporter: InMemorySpanExporter;
  let observer: TelemetryObserver;

  beforeEach(() => {
    exporter = new InMemorySpanExporter();
    observer = createTelemetryObserver({
      projectDir: '/nonexistent',
      environ: NO_ENV,
      exporter,
      store: false,
    });
  });
  afterEach(async () => observer.dispose());

  it('makes one run span and one child per executed node, timed by dbt', async () => {
    observer.runStarted(fixtureContext());
    driveRun(observer);
    await observer.flush();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(
      [
        'floe.run',
        'model.shop.customers',
        'model.shop.stg_customers',
        'seed.shop.raw_customers',
      ].sort(),
    );
    const run = byName(spans, 'floe.run');
    expect(run.parentSpanContext).toBeUndefined();
    for (const child of spans.filter((s) => s !== run)) {
      expect(child.parentSpanContext?.spanId).toBe(run.spanContext().spanId);
      expect(child.spanContext().traceId).toBe(run.spanContext().traceId);
    }
    const stg = byName(spans, 'model.shop.stg_customers');
    // dbt's own start (startedAt) wins over the engine's node-start time.
    expect(hrTimeToMs(stg.startTime)).toBe(at(401).getTime());
    expect(hrTimeToMs(stg.endTime)).toBe(at(500).getTime());
    expect(hrTimeToMs(run.startTime)).toBe(at(0).getTime());
    expect(hrTimeToMs(run.endTime)).toBe(at(800).getTime());
  });

  it('sets the run and asset attributes', async () => {
    observer.runStarted(fixtureContext({ trigger: 'ui', exclude: 'tag:slow' }));
    driveRun(observer);
    await observer.flush();
    const spans = exporter.getFinishedSpans();
    expect(byName(spans, 'floe.run').attributes).toMatchObject({
      'floe.run.id': 'run-1',
      'floe.environment': 'dev',
      'floe.selection': 'customers+',
      'floe.exclude': 'tag:slow',
      'floe.trigger': 'ui',
      'floe.compute.target': 'duckdb',
      'dbt.version': '1.11.16',
      'floe.run.status': 'failed',
      'floe.run.exit_code': 1,
    });
    expect(byName(spans, 'seed.shop.raw_customers').attributes).toMatchObject({
      'floe.asset.name': 'raw_customers',
      'dbt.unique_id': 'seed.shop.raw_customers',
      'dbt.resource_type': 'seed',
      'dbt.materialization': 'seed',
      'floe.asset.status': 'success',
      'dbt.rows_affected': 3,
      'dbt.execution_time': 0.25,
      'dbt.thread': 'Thread-1 (worker)',
      'floe.run.id': 'run-1',
      'floe.compute.target': 'duckdb',
    });
    expect(byName(spans, 'model.shop.stg_customers').status.code).toBe(SpanStatusCode.OK);
  });

  it('marks a failed model ERROR with dbt message and an exception event', async () => {
    observer.runStarted(fixtureContext());
    driveRun(observer);
    await observer.flush();
    const spans = exporter.getFinishedSpans();
    const failed = byName(spans, 'model.shop.customers');
    expect(failed.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: 'Binder Error: column "nope" not found',
    });
    expect(failed.attributes['floe.asset.status']).toBe('failed');
    expect(failed.events).toHaveLength(1);
    expect(failed.events[0]?.name).toBe('exception');
    expect(failed.events[0]?.attributes?.['exception.message']).toBe(
      'Binder Error: column "nope" not found',
    );
    expect(byName(spans, 'floe.run').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('puts tenant context on the resource, and non-standard keys on every span too (FR-018)', async () => {
    const artifacts = fixtureArtifacts({
      attributes: {
        'service.name': 'shop-pipelines',
        'deployment.region': 'eu',
        'tenant.id': 'acme',
        team: 'data',
        tier: 2,
      },
    });
    observer.runStarted(fixtureContext({ artifacts }));
    driveRun(observer);
    await observer.flush();
    const spans = exporter.getFinishedSpans();
    for (const span of spans) {
      expect(span.resource.attributes).toMatchObject({
        'service.name': 'shop-pipelines',
        'deployment.region': 'eu',
        'deployment.environment.name': 'dev',
        'tenant.id': 'acme',
        team: 'data',
        tier: 2,
        'floe.project': 'shop',
      });
      expect(span.attributes).toMatchObject({ 'tenant.id': 'acme', team: 'data', tier: 2 });
      expect(span.attributes['service.name']).toBeUndefined();
      expect(span.attributes['deployment.region']).toBeUndefined();
    }
  });

  it('honours OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES below floe.yaml attributes', async () => {
    const env = {
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_RESOURCE_ATTRIBUTES: 'host.name=box,team=env-team',
    };
    const withEnv = createTelemetryObserver({
      projectDir: '/x',
      environ: env,
      exporter,
      store: false,
    });
    withEnv.runStarted(
      fixtureContext({ artifacts: fixtureArtifacts({ attributes: { team: 'data' } }) }),
    );
    withEnv.runFinished({ runId: 'run-1', at: at(10), status: 'success' });
    await withEnv.flush();
    const run = byName(exporter.getFinishedSpans(), 'floe.run');
    expect(run.resource.attributes).toMatchObject({
      'service.name': 'from-env',
      'host.name': 'box',
      team: 'data',
    });
    await withEnv.dispose();
  });

  it('makes the run span a child of the traceparent from the UI click', async () => {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const clickSpan = 'b7ad6b7169203331';
    observer.runStarted(fixtureContext({ traceparent: `00-${traceId}-${clickSpan}-01` }));
    const traceparent = observer.traceparentFor('run-1');
    driveRun(observer);
    await observer.flush();
    const spans = exporter.getFinishedSpans();
    const run = byName(spans, 'floe.run');
    expect(run.spanContext().traceId).toBe(traceId);
    expect(run.parentSpanContext?.spanId).toBe(clickSpan);
    expect(traceparent).toBe(`00-${traceId}-${run.spanContext().spanId}-01`);
    expect(spans.every((s) => s.spanContext().traceId === traceId)).toBe(true);
  });

  it('reserves the run span ids before the run starts (dbt is spawned first); the span gets them', async () => {
    const click = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
    for (const parent of [
      undefined,
      `00-${click.traceId}-${click.spanId}-01`,
      'not-a-traceparent',
    ]) {
      exporter.reset();
      const reserved = observer.reserveRun('run-1', {
        traces: true,
        ...(parent === undefined ? {} : { parent }),
      });
      expect(reserved, String(parent)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(observer.traceparentFor('run-1')).toBe(reserved);
      observer.runStarted(fixtureContext(parent === undefined ? {} : { traceparent: parent }));
      expect(observer.traceparentFor('run-1')).toBe(reserved);
      driveRun(observer);
      await observer.flush();
      const run = byName(exporter.getFinishedSpans(), 'floe.run');
      const { traceId, spanId } = run.spanContext();
      expect(`00-${traceId}-${spanId}-01`, String(parent)).toBe(reserved);
      if (parent?.startsWith('00-') === true) {
        expect(traceId).toBe(click.traceId);
        expect(run.parentSpanContext?.spanId).toBe(click.spanId);
      } else expect(run.parentSpanContext).toBeUndefined();
    }
  });

  it('keeps ids dbt already got (floe run’s early dbt): the run span gets exactly those', async () => {
    const ids = { traceId: 'a'.repeat(31) + '1', spanId: 'b'.repeat(15) + '2' };
    const reserved = observer.reserveRun('run-1', { traces: true, ids });
    expect(reserved).toBe(`00-${ids.traceId}-${ids.spanId}-01`);
    observer.runStarted(fixtureContext());
    driveRun(observer);
    await observer.flush();
    const run = byName(exporter.getFinishedSpans(), 'floe.run');
    expect(run.spanContext()).toMatchObject(ids);
    expect(run.parentSpanContext).toBeUndefined();
    expect(observer.reserveRun('run-2', { traces: false, ids })).toBeUndefined();
  });

  it('reserves nothing for a run that records no traces', () => {
    expect(observer.reserveRun('run-1', { traces: false })).toBeUndefined();
    expect(observer.traceparentFor('run-1')).toBeUndefined();
  });

  it('gives TRACEPARENT right after runStarted and node ids before the span exists', async () => {
    observer.runStarted(fixtureContext());
    expect(observer.traceparentFor('run-1')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    // A lineage observer called before us asks for the node's ids first: the span gets those ids.
    const early = observer.spanContextFor('run-1', 'model.shop.customers');
    observer.nodeStarted({
      runId: 'run-1',
      nodeId: 'model.shop.customers',
      kind: 'asset',
      at: at(1),
    });
    const open = observer.spanContextFor('run-1', 'model.shop.customers');
    observer.nodeFinished({
      runId: 'run-1',
      nodeId: 'model.shop.customers',
      kind: 'asset',
      at: at(2),
      status: 'success',
    });
    observer.runFinished({ runId: 'run-1', at: at(3), status: 'success' });
    await observer.flush();
    const span = byName(exporter.getFinishedSpans(), 'model.shop.customers');
    expect(early).toEqual(open);
    expect(open).toEqual({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
    });
    // Still answered after the run, for lineage events emitted late.
    expect(observer.spanContextFor('run-1', 'model.shop.customers')).toEqual(open);
    expect(observer.spanContextFor('run-1')?.spanId).toBe(
      byName(exporter.getFinishedSpans(), 'floe.run').spanContext().spanId,
    );
  });

  it('makes exactly one span per node even with a missing start or duplicate events (SC-005)', async () => {
    observer.runStarted(fixtureContext());
    observer.nodeFinished({
      runId: 'run-1',
      nodeId: 'model.shop.stg_customers',
      kind: 'asset',
      at: at(50),
      startedAt: at(20),
      status: 'success',
    });
    observer.nodeFinished({
      runId: 'run-1',
      nodeId: 'model.shop.stg_customers',
      kind: 'asset',
      at: at(60),
      status: 'success',
    });
    observer.nodeStarted({
      runId: 'run-1',
      nodeId: 'test.shop.not_null_customers_id.abc',
      kind: 'check',
      at: at(70),
    });
    observer.nodeStarted({
      runId: 'run-1',
      nodeId: 'test.shop.not_null_customers_id.abc',
      kind: 'check',
      at: at(71),
    });
    observer.nodeStarted({
      runId: 'run-1',
      nodeId: 'model.shop.customers',
      kind: 'asset',
      at: at(72),
    });
    observer.runFinished({ runId: 'run-1', at: at(90), status: 'canceled' });
    await observer.flush();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(
      [
        'floe.run',
        'model.shop.customers',
        'model.shop.stg_customers',
        'test.shop.not_null_customers_id.abc',
      ].sort(),
    );
    const stg = byName(spans, 'model.shop.stg_customers');
    expect(hrTimeToMs(stg.startTime)).toBe(at(20).getTime());
    const check = byName(spans, 'test.shop.not_null_customers_id.abc');
    expect(check.attributes).toMatchObject({
      'floe.asset.status': 'canceled',
      'dbt.resource_type': 'test',
      'floe.node.kind': 'check',
      'floe.check.asset_ids': ['model.shop.customers'],
    });
    expect(hrTimeToMs(check.startTime)).toBe(at(70).getTime());
    expect(hrTimeToMs(check.endTime)).toBe(at(90).getTime());
    expect(byName(spans, 'floe.run').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('makes no spans at all with traces: false', async () => {
    observer.runStarted(fixtureContext({ artifacts: fixtureArtifacts({ traces: false }) }));
    expect(observer.traceparentFor('run-1')).toBeUndefined();
    driveRun(observer);
    expect(observer.spanContextFor('run-1', 'model.shop.customers')).toBeUndefined();
    await observer.flush();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('never throws into the run engine, even for unknown runs or odd times', () => {
    expect(() => {
      observer.nodeStarted({ runId: 'nope', nodeId: 'x', kind: 'asset', at: at(0) });
      observer.runFinished({ runId: 'nope', at: at(0), status: 'success' });
      observer.runStarted(fixtureContext());
      // dbt clock behind ours: the span must not end before it starts.
      observer.nodeFinished({
        runId: 'run-1',
        nodeId: 'model.shop.customers',
        kind: 'asset',
        at: at(5),
        startedAt: at(9),
        status: 'success',
      });
    }).not.toThrow();
  });
});

describe('telemetry observer store and network (FR-022)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-telemetry-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps spans in .floe/traces.db and opens no connection without an endpoint', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    try {
      const observer = createTelemetryObserver({ projectDir: dir, environ: NO_ENV });
      observer.runStarted(fixtureContext({ projectDir: dir }));
      driveRun(observer);
      // Written at run end, before any flush: the timeline can read it at once.
      const spans = listRunSpans(dir, 'run-1');
      expect(spans.map((s) => s.name)).toEqual([
        'floe.run',
        'seed.shop.raw_customers',
        'model.shop.stg_customers',
        'model.shop.customers',
      ]);
      const failed = spans[3];
      expect(failed?.status).toBe('error');
      expect(failed?.statusMessage).toBe('Binder Error: column "nope" not found');
      expect(failed?.nodeId).toBe('model.shop.customers');
      expect(failed?.parentSpanId).toBe(spans[0]?.spanId);
      expect(failed?.startMs).toBe(at(510).getTime());
      expect(spans[0]?.resource?.['service.name']).toBe('floe');
      await observer.dispose();
      expect(connect).not.toHaveBeenCalled();
      expect(listRunSpans(dir)).toHaveLength(4);
      const runs = listTracedRuns(dir);
      expect(runs).toHaveLength(1);
      expect(runs[0]).toMatchObject({
        runId: 'run-1',
        runStatus: 'failed',
        status: 'error',
        spanCount: 4,
        environment: 'dev',
      });
    } finally {
      connect.mockRestore();
    }
  });

  it('returns no spans for a project without a store', () => {
    expect(listRunSpans(dir)).toEqual([]);
    expect(listTracedRuns(dir)).toEqual([]);
  });
});
