// Traces end to end with real dbt (DuckDB): dbt's JSON log file drives the telemetry observer the way
// the run engine does, and a local OTLP/HTTP (JSON) receiver on 127.0.0.1 stands in for a collector.
import { assetStatusOf } from '../../src/main/services/runs/run-tracker';
import { runDbt } from './support/dbt-process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AssetGraph } from '../../src/shared/assets';
import type { DbtLogEvent } from '../../src/main/services/dbt/dbt-log-events';
import { tailDbtJsonLog } from '../../src/main/services/dbt/json-log-tail';
import { loadAssetGraph } from '../../src/main/services/manifest';
import {
  createLogger,
  createTelemetryObserver,
  listRunSpans,
  type LogLine,
  type TelemetryObserver,
} from '../../src/main/services/telemetry';
import { fixtureArtifacts } from '../../src/main/services/telemetry/test-fixtures';

const DBT = join(__dirname, '..', '..', '.venv', 'bin', 'dbt');
const FAILURE = 'Referenced column "nonexistent_col" not found';

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: OtlpValue }[];
  status?: { code?: number; message?: string };
  events?: { name: string }[];
}
interface Received {
  headers: IncomingHttpHeaders;
  resource: Record<string, unknown>;
  spans: OtlpSpan[];
}

function value(v: OtlpValue): unknown {
  if (v.intValue !== undefined) return Number(v.intValue);
  return v.stringValue ?? v.doubleValue ?? v.boolValue;
}
const attrs = (list: { key: string; value: OtlpValue }[]): Record<string, unknown> =>
  Object.fromEntries(list.map((a) => [a.key, value(a.value)]));

/** A minimal OTLP/HTTP JSON receiver. */
async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const parsed = JSON.parse(body) as {
        resourceSpans: { resource: { attributes: [] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const rs of parsed.resourceSpans) {
        received.push({
          headers: req.headers,
          resource: attrs(rs.resource.attributes),
          spans: rs.scopeSpans.flatMap((s) => s.spans),
        });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

function writeProject(dir: string): void {
  mkdirSync(join(dir, 'models'), { recursive: true });
  writeFileSync(
    join(dir, 'dbt_project.yml'),
    'name: tiny\nversion: "1.0"\nprofile: tiny\nmodels:\n  tiny:\n    +materialized: table\n',
  );
  writeFileSync(
    join(dir, 'profiles.yml'),
    `tiny:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${join(dir, 'w.duckdb')}\n      threads: 2\n`,
  );
  writeFileSync(join(dir, 'models', 'base.sql'), 'select 1 as id union all select 2 as id');
  writeFileSync(join(dir, 'models', 'good.sql'), "select * from {{ ref('base') }}");
  writeFileSync(
    join(dir, 'models', 'bad.sql'),
    "select * from {{ ref('base') }} where nonexistent_col = 1",
  );
  writeFileSync(join(dir, 'models', 'after_bad.sql'), "select * from {{ ref('bad') }}");
  writeFileSync(
    join(dir, 'models', 'schema.yml'),
    'version: 2\nmodels:\n  - name: good\n    columns:\n      - name: id\n        data_tests: [not_null, unique]\n',
  );
}

function dbtEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DBT_VERSION_CHECK: 'false',
    ...extra,
  };
}

interface DrivenRun {
  runId: string;
  exitCode: number;
  wallMs: number;
  /** Time inside runStarted: one-time setup (tracer provider, exporter, SQLite store). */
  setupMs: number;
  /** Time inside the node and run-end calls (the engine calls them synchronously). */
  observerMs: number;
  started: string[];
}

/** What the run engine does: runStarted, tail dbt's JSON log into node events, runFinished. */
async function drive(
  observer: TelemetryObserver,
  dir: string,
  graph: AssetGraph,
  opts: {
    runId: string;
    select: string[];
    artifacts: ReturnType<typeof fixtureArtifacts>;
    traceparent?: string;
  },
): Promise<DrivenRun> {
  const logDir = join(dir, 'logs', opts.runId);
  const timed = (fn: () => void): void => {
    const t0 = performance.now();
    fn();
    result.observerMs += performance.now() - t0;
  };
  const result: DrivenRun = {
    runId: opts.runId,
    exitCode: -1,
    wallMs: 0,
    setupMs: 0,
    observerMs: 0,
    started: [],
  };
  const startedAt = new Date();
  const setupStart = performance.now();
  observer.runStarted({
    runId: opts.runId,
    projectDir: dir,
    env: 'dev',
    selection: opts.select.join(' '),
    trigger: 'ui',
    startedAt,
    artifacts: opts.artifacts,
    graph,
    ...(opts.traceparent ? { traceparent: opts.traceparent } : {}),
  });
  result.setupMs = performance.now() - setupStart;
  const traceparent = observer.traceparentFor(opts.runId);
  let dbtVersion: string | undefined;
  const onEvent = (event: DbtLogEvent): void => {
    const kind =
      event.type !== 'invocation' &&
      event.type !== 'command_completed' &&
      event.resourceType === 'test'
        ? 'check'
        : 'asset';
    if (event.type === 'invocation') dbtVersion = event.version;
    else if (event.type === 'node_started') {
      result.started.push(event.nodeId);
      timed(() =>
        observer.nodeStarted({
          runId: opts.runId,
          nodeId: event.nodeId,
          kind,
          at: event.at,
          thread: event.thread,
        }),
      );
    } else if (event.type === 'node_finished') {
      timed(() =>
        observer.nodeFinished({
          runId: opts.runId,
          nodeId: event.nodeId,
          kind,
          at: event.finishedAt ?? event.at,
          status: assetStatusOf(event.status),
          ...(event.startedAt ? { startedAt: event.startedAt } : {}),
          ...(event.message ? { message: event.message } : {}),
          ...(event.rowsAffected !== undefined ? { rowsAffected: event.rowsAffected } : {}),
          ...(event.executionTime !== undefined ? { executionTime: event.executionTime } : {}),
          ...(event.thread ? { thread: event.thread } : {}),
        }),
      );
    }
  };
  const tail = tailDbtJsonLog(join(logDir, 'dbt.log'), {
    onEvents: (events) => events.forEach(onEvent),
  });
  const env = dbtEnv(traceparent ? { TRACEPARENT: traceparent } : {});
  const args = [
    'build',
    '--select',
    ...opts.select,
    '--log-format-file',
    'json',
    '--log-path',
    logDir,
    '--target-path',
    join(dir, 'target', opts.runId),
  ];
  result.exitCode = await runDbt(DBT, { projectDir: dir, profilesDir: dir, env }, args);
  tail.stop();
  timed(() =>
    observer.runFinished({
      runId: opts.runId,
      at: new Date(),
      status: result.exitCode === 0 ? 'success' : 'failed',
      exitCode: result.exitCode,
      ...(dbtVersion ? { dbtVersion } : {}),
    }),
  );
  result.wallMs = Date.now() - startedAt.getTime();
  return result;
}

describe('telemetry with real dbt and an OTLP/HTTP receiver', () => {
  let dir: string;
  let graph: AssetGraph;
  let localRunMs = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'floe-telemetry-it-'));
    writeProject(dir);
    expect(
      await runDbt(DBT, { projectDir: dir, profilesDir: dir, env: dbtEnv() }, [
        'parse',
        '--target-path',
        join(dir, 'target', 'parse'),
      ]),
    ).toBe(0);
    graph = loadAssetGraph(join(dir, 'target', 'parse', 'manifest.json'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports exactly one span per executed node plus the run span, parented and attributed (SC-005, FR-016..FR-020)', async () => {
    const receiver = await startReceiver();
    const logger = createLogger({ dir: join(dir, '.floe', 'logs') });
    const artifacts = fixtureArtifacts({
      otlp_endpoint: receiver.url,
      attributes: { 'tenant.id': 'acme', 'service.name': 'tiny-pipelines' },
    });
    const observer = createTelemetryObserver({
      projectDir: dir,
      environ: { OTEL_EXPORTER_OTLP_HEADERS: 'x-floe-test=yes' },
      logger,
    });
    const click = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };
    try {
      const run = await drive(observer, dir, graph, {
        runId: 'run-otlp',
        select: ['base', 'good', 'bad', 'after_bad'],
        artifacts,
        traceparent: `00-${click.traceId}-${click.spanId}-01`,
      });
      await observer.flush();
      expect(run.exitCode).toBe(1);

      const spans = receiver.received.flatMap((r) => r.spans);
      expect(receiver.received.every((r) => r.headers['x-floe-test'] === 'yes')).toBe(true);
      expect(receiver.received[0]?.resource).toMatchObject({
        'service.name': 'tiny-pipelines',
        'tenant.id': 'acme',
        'deployment.environment.name': 'dev',
      });
      const runSpan = spans.find((s) => s.name === 'floe.run');
      expect(runSpan?.traceId).toBe(click.traceId);
      expect(runSpan?.parentSpanId).toBe(click.spanId);
      expect(attrs(runSpan?.attributes ?? [])).toMatchObject({
        'floe.run.id': 'run-otlp',
        'floe.environment': 'dev',
        'floe.trigger': 'ui',
        'floe.compute.target': 'duckdb',
        'floe.run.status': 'failed',
        'dbt.version': '1.11.16',
        'tenant.id': 'acme',
      });

      const nodeSpans = spans.filter((s) => s !== runSpan);
      const started = [...new Set(run.started)].sort();
      expect(started).toEqual([
        'model.tiny.after_bad',
        'model.tiny.bad',
        'model.tiny.base',
        'model.tiny.good',
        expect.stringMatching(/^test\.tiny\.not_null_good_id/),
        expect.stringMatching(/^test\.tiny\.unique_good_id/),
      ]);
      expect(nodeSpans.map((s) => s.name).sort()).toEqual(started);
      for (const span of nodeSpans) {
        expect(span.traceId).toBe(click.traceId);
        expect(span.parentSpanId).toBe(runSpan?.spanId);
      }
      const byName = (name: string) =>
        attrs(nodeSpans.find((s) => s.name === name)?.attributes ?? []);
      expect(byName('model.tiny.good')).toMatchObject({
        'floe.asset.name': 'good',
        'dbt.unique_id': 'model.tiny.good',
        'dbt.resource_type': 'model',
        'dbt.materialization': 'table',
        'floe.asset.status': 'success',
        'floe.run.id': 'run-otlp',
        'tenant.id': 'acme',
      });
      expect(byName('model.tiny.after_bad')['floe.asset.status']).toBe('skipped');
      const bad = nodeSpans.find((s) => s.name === 'model.tiny.bad');
      expect(bad?.status?.code).toBe(2); // STATUS_CODE_ERROR
      expect(bad?.status?.message).toContain(FAILURE);
      expect(bad?.events?.map((e) => e.name)).toEqual(['exception']);

      // The local store holds the same spans, with no collector needed to read them.
      const stored = listRunSpans(dir, 'run-otlp');
      expect(stored.map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanId).sort());

      // Every line about a node carries that node's span ids (FR-019, SC-008).
      await logger.flush();
      const lines = readFileSync(logger.filePath(), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as LogLine);
      const nodeLines = lines.filter((l) => l.run_id === 'run-otlp' && typeof l.asset === 'string');
      expect(nodeLines).toHaveLength(started.length * 2);
      for (const line of nodeLines) {
        const span = nodeSpans.find((s) => s.name === line.asset);
        expect(line).toMatchObject({ trace_id: span?.traceId, span_id: span?.spanId });
      }
      const failedLine = nodeLines.find((l) => l.message === 'model.tiny.bad failed');
      expect(String(failedLine?.error)).toContain(FAILURE);
    } finally {
      await observer.dispose();
      receiver.server.close();
    }
  });

  it('with no endpoint, opens no connection and keeps spans locally (FR-022)', async () => {
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const observer = createTelemetryObserver({ projectDir: dir, environ: {} });
    try {
      const run = await drive(observer, dir, graph, {
        runId: 'run-local',
        select: ['base', 'good'],
        artifacts: fixtureArtifacts(),
      });
      await observer.flush();
      expect(run.exitCode).toBe(0);
      expect(connect).not.toHaveBeenCalled();
      localRunMs = run.wallMs;
      const stored = listRunSpans(dir, 'run-local');
      expect(stored.map((s) => s.name).sort()).toEqual(
        ['floe.run', ...new Set(run.started)].sort(),
      );
    } finally {
      connect.mockRestore();
      await observer.dispose();
    }
  });
  it('an unreachable endpoint neither slows nor fails the run; flush is bounded and warns once', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const logger = createLogger({ dir: join(dir, '.floe', 'logs-down') });
    // A 1 s export budget (OTEL_EXPORTER_OTLP_TIMEOUT) so the exporter gives up, and says so, within the flush.
    const environ = { OTEL_EXPORTER_OTLP_TIMEOUT: '1000' };
    const observer = createTelemetryObserver({
      projectDir: dir,
      environ,
      logger,
      flushTimeoutMs: 3000,
      batch: { scheduledDelayMillis: 100 },
    });
    const artifacts = fixtureArtifacts({ otlp_endpoint: `http://127.0.0.1:${port}` });
    try {
      const run = await drive(observer, dir, graph, {
        runId: 'run-down',
        select: ['base', 'good'],
        artifacts,
      });
      expect(run.exitCode).toBe(0);
      // The engine calls observers synchronously: this is all the time tracing can add to a run.
      const timing = `setup ${run.setupMs.toFixed(1)} ms, calls ${run.observerMs.toFixed(1)} ms`;
      expect(run.observerMs, timing).toBeLessThan(100);
      expect(run.setupMs, timing).toBeLessThan(2000);
      // Same dbt work as the no-endpoint run; only a pathological stall could break this loose bound.
      expect(run.wallMs).toBeLessThan(localRunMs * 2 + 10_000);
      const t0 = Date.now();
      await observer.flush();
      expect(Date.now() - t0).toBeLessThan(4000);
      expect(listRunSpans(dir, 'run-down').length).toBe(run.started.length + 1);
      await logger.flush();
      const warnings = readFileSync(logger.filePath(), 'utf8')
        .split('\n')
        .filter((l) => l.includes('OTLP trace export failed'));
      expect(warnings).toHaveLength(1);
    } finally {
      await observer.dispose();
    }
  });
});
