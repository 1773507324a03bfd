import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, redactString, type LogLine } from './logger';
import { createTelemetryObserver, type TelemetryObserver } from './telemetry-observer';
import { at, fixtureContext } from './test-fixtures';

function readLines(path: string): LogLine[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as LogLine);
}

describe('structured logger (FR-019)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-logs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes JSON lines to floe-YYYY-MM-DD.jsonl with the fixed keys first', async () => {
    const logger = createLogger({ dir, now: () => new Date('2026-05-01T23:59:59.500Z') });
    logger.info('hello', {
      run_id: 'r1',
      asset: 'model.shop.a',
      trace_id: 'a'.repeat(32),
      span_id: 'b'.repeat(16),
      rows: 3,
    });
    logger.debug('not written at the default level');
    await logger.flush();
    expect(readdirSync(dir)).toEqual(['floe-2026-05-01.jsonl']);
    const [line] = readLines(join(dir, 'floe-2026-05-01.jsonl'));
    expect(Object.keys(line ?? {})).toEqual([
      'time',
      'level',
      'message',
      'run_id',
      'asset',
      'trace_id',
      'span_id',
      'rows',
    ]);
    expect(line).toMatchObject({
      time: '2026-05-01T23:59:59.500Z',
      level: 'info',
      message: 'hello',
      rows: 3,
    });
  });

  it('copies lines to stderr as JSON or text', () => {
    const out: string[] = [];
    const stream = { write: (chunk: string) => out.push(chunk) };
    createLogger({ dir, stderr: true, format: 'json', stderrStream: stream }).warn('careful', {
      run_id: 'r1',
    });
    createLogger({ dir, stderr: true, format: 'text', stderrStream: stream }).error('broken', {
      run_id: 'r1',
    });
    createLogger({ dir, stderrStream: stream }).error('file only');
    expect(out).toHaveLength(2);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({
      level: 'warn',
      message: 'careful',
      run_id: 'r1',
    });
    expect(out[1]).toMatch(/^\S+Z ERROR broken run_id=r1\n$/);
  });

  it('never writes secrets', async () => {
    const logger = createLogger({ dir });
    logger.info('export to https://user:hunter2@collector:4318/v1/traces', {
      password: 'hunter2',
      OTEL_EXPORTER_OTLP_HEADERS: 'x',
      api_key: 'k',
      headers: { Authorization: 'Bearer t' },
      endpoint: 'https://me:pw@host/',
    });
    await logger.flush();
    const text = readFileSync(logger.filePath(), 'utf8');
    expect(text).not.toMatch(/hunter2|Bearer|"pw@/);
    expect(JSON.parse(text)).toMatchObject({
      password: '[redacted]',
      api_key: '[redacted]',
      headers: '[redacted]',
    });
    expect(redactString('postgres://u:p@db:5432/x')).toBe('postgres://***@db:5432/x');
  });

  it('fills trace_id and span_id from the correlator', () => {
    const out: string[] = [];
    const logger = createLogger({
      dir,
      stderr: true,
      format: 'json',
      stderrStream: { write: (chunk: string) => out.push(chunk) },
      correlate: (runId, asset) => ({
        traceId: `trace-${runId}`,
        spanId: `span-${asset ?? 'run'}`,
      }),
    });
    logger.info('run level', { run_id: 'r1' });
    logger.info('asset level', { run_id: 'r1', asset: 'model.shop.a' });
    logger.info('no run');
    const lines = out.map((line) => JSON.parse(line) as LogLine);
    expect(lines[0]).toMatchObject({ trace_id: 'trace-r1', span_id: 'span-run' });
    expect(lines[1]).toMatchObject({ trace_id: 'trace-r1', span_id: 'span-model.shop.a' });
    expect(lines[2]?.trace_id).toBeUndefined();
  });
});

describe('log lines carry the span ids of what they are about (FR-019, SC-008)', () => {
  let dir: string;
  let observer: TelemetryObserver | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'floe-logs-'));
  });
  afterEach(async () => {
    await observer?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('node lines carry the node span, run lines the run span, engine lines too', async () => {
    const exporter = new InMemorySpanExporter();
    // No correlator given: the observer adds its own to the logger it is handed.
    const logger = createLogger({ dir });
    observer = createTelemetryObserver({
      projectDir: dir,
      environ: {},
      exporter,
      store: false,
      logger,
    });
    observer.runStarted(fixtureContext());
    observer.nodeStarted({
      runId: 'run-1',
      nodeId: 'model.shop.customers',
      kind: 'asset',
      at: at(10),
    });
    // A line the run engine writes while the asset runs.
    logger.info('dbt output for customers', { run_id: 'run-1', asset: 'model.shop.customers' });
    observer.nodeFinished({
      runId: 'run-1',
      nodeId: 'model.shop.customers',
      kind: 'asset',
      at: at(20),
      status: 'failed',
      message: 'boom',
    });
    logger.info('dbt exited', { run_id: 'run-1' });
    observer.runFinished({ runId: 'run-1', at: at(30), status: 'failed', exitCode: 1 });
    await observer.flush();

    const spans = exporter.getFinishedSpans();
    const ids = (name: string) => {
      const ctx = spans.find((s) => s.name === name)?.spanContext();
      return { trace_id: ctx?.traceId, span_id: ctx?.spanId };
    };
    const lines = readLines(logger.filePath());
    expect(lines.map((l) => l.message)).toEqual([
      'run run-1 started',
      'model.shop.customers started',
      'dbt output for customers',
      'model.shop.customers failed',
      'dbt exited',
      'run run-1 failed',
    ]);
    const asset = ids('model.shop.customers');
    const run = ids('floe.run');
    expect(asset.span_id).toMatch(/^[0-9a-f]{16}$/);
    for (const line of lines.slice(1, 4))
      expect(line).toMatchObject({ ...asset, asset: 'model.shop.customers' });
    for (const line of [lines[0], lines[4], lines[5]]) expect(line).toMatchObject(run);
    expect(lines[3]).toMatchObject({ level: 'error', status: 'failed', error: 'boom' });
  });
});
