import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapDbtLogLine, parseDbtLogLine, parseDbtTime } from './dbt-log-events';
import type { DbtLogEvent, DbtNodeFinished } from './dbt-log-events';

// Real dbt 1.11.16 `dbt build --log-format-file json` output: a small project with a broken model,
// its skipped child, passing/failing/warning tests (mixed) and the example shop project (all green).
function fixture(name: string): DbtLogEvent[] {
  const text = readFileSync(join(__dirname, 'fixtures', name), 'utf8');
  return text
    .split('\n')
    .map((line) => parseDbtLogLine(line))
    .filter((event): event is DbtLogEvent => event !== null);
}

function finished(events: DbtLogEvent[], nodeId: string): DbtNodeFinished {
  const event = events.find(
    (e): e is DbtNodeFinished => e.type === 'node_finished' && e.nodeId === nodeId,
  );
  if (event === undefined) throw new Error(`no NodeFinished for ${nodeId}`);
  return event;
}

describe('parseDbtLogLine skips the lines it does not map, unparsed', () => {
  it('gives what a full parse gives, for every line of the real logs', () => {
    const dir = join(__dirname, 'fixtures');
    let mapped = 0;
    for (const name of ['dbt-build-mixed.jsonl', 'dbt-build-shop.jsonl']) {
      for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        const full = mapDbtLogLine(JSON.parse(line) as unknown);
        expect(parseDbtLogLine(line), line.slice(0, 120)).toEqual(full);
        if (full !== null) mapped += 1;
      }
    }
    expect(mapped).toBeGreaterThan(50);
  });
});

describe('mapDbtLogLine on real dbt logs (FR-009)', () => {
  const mixed = fixture('dbt-build-mixed.jsonl');

  it('reads the invocation id and dbt version from MainReportVersion', () => {
    expect(mixed[0]).toMatchObject({
      type: 'invocation',
      invocationId: 'd774572e-6a20-4a0a-8ab9-af7702a43ab8',
      version: '1.11.16',
    });
  });

  it('maps every NodeStart and NodeFinished, ignoring the other events', () => {
    const started = mixed.filter((e) => e.type === 'node_started');
    const done = mixed.filter((e) => e.type === 'node_finished');
    expect(started).toHaveLength(10);
    expect(done).toHaveLength(10);
    expect(mixed.filter((e) => e.type === 'command_completed')).toEqual([
      expect.objectContaining({ type: 'command_completed', success: false }),
    ]);
  });

  it('carries thread, checksum and start time of a started node', () => {
    const start = mixed.find((e) => e.type === 'node_started' && e.nodeId === 'model.mini.slow');
    expect(start).toMatchObject({
      resourceType: 'model',
      thread: 'Thread-1 (worker)',
      checksum: '9e600f980d1497aff7055171f70053f27ddd68fd9b8317c37b2246ea89f189a7',
    });
    expect(start?.at.toISOString()).toBe('2026-11-22T00:26:30.075Z');
  });

  it('gives a failed model dbt’s own error text', () => {
    const broken = finished(mixed, 'model.mini.broken');
    expect(broken.status).toBe('error');
    expect(broken.message).toContain('Runtime Error in model broken (models/broken.sql)');
    expect(broken.message).toContain('Referenced column "nonexistent_col" not found');
    expect(broken.startedAt?.toISOString()).toBe('2026-11-22T00:26:30.747Z');
    expect(broken.finishedAt?.toISOString()).toBe('2026-11-22T00:26:30.840Z');
  });

  it('maps skipped children, seeds with row counts and test results with failures', () => {
    expect(finished(mixed, 'model.mini.after_broken').status).toBe('skipped');
    expect(finished(mixed, 'seed.mini.raw_orders')).toMatchObject({
      status: 'success',
      rowsAffected: 3,
    });
    const failedTest = finished(
      mixed,
      'test.mini.accepted_values_customers_customer_id__1.f9403cf571',
    );
    expect(failedTest).toMatchObject({ resourceType: 'test', status: 'fail', failures: 1 });
    expect(failedTest.message).toBe('Got 1 result, configured to fail if != 0');
    expect(
      finished(mixed, 'test.mini.accepted_values_customers_total__1.3e1d4cf832'),
    ).toMatchObject({
      status: 'warn',
      failures: 2,
    });
    expect(finished(mixed, 'model.mini.customers').executionTime).toBeCloseTo(0.0934, 3);
  });

  it('maps the example project’s seeds, snapshot and source tests', () => {
    const shop = fixture('dbt-build-shop.jsonl');
    const done = shop.filter((e): e is DbtNodeFinished => e.type === 'node_finished');
    expect(done.length).toBe(48);
    expect(done.every((e) => e.status === 'success' || e.status === 'pass')).toBe(true);
    expect(finished(shop, 'snapshot.shop.orders_snapshot').resourceType).toBe('snapshot');
    expect(finished(shop, 'seed.shop.raw_orders').rowsAffected).toBe(80);
  });
});

describe('defensive parsing', () => {
  it('returns null for malformed, partial or unrelated lines', () => {
    expect(parseDbtLogLine('{"data": {"node_info"')).toBeNull();
    expect(parseDbtLogLine('plain text')).toBeNull();
    expect(
      mapDbtLogLine({ info: { name: 'SQLQuery', ts: '2026-01-01T00:00:00Z' }, data: {} }),
    ).toBeNull();
    expect(mapDbtLogLine({ info: { name: 'NodeStart' }, data: { node_info: {} } })).toBeNull();
    expect(mapDbtLogLine(null)).toBeNull();
  });

  it('falls back to node_info.node_status when NodeFinished has no run_result (older dbt)', () => {
    const event = mapDbtLogLine({
      info: { name: 'NodeFinished', ts: '2023-05-01T10:00:00.5Z' },
      data: {
        node_info: { unique_id: 'model.a.b', resource_type: 'model', node_status: 'success' },
      },
    });
    expect(event).toMatchObject({ type: 'node_finished', status: 'success', nodeId: 'model.a.b' });
  });

  it('reads dbt’s zone-less node timestamps as UTC', () => {
    expect(parseDbtTime('2026-11-22T00:26:30.074914')?.toISOString()).toBe(
      '2026-11-22T00:26:30.074Z',
    );
    expect(parseDbtTime('2026-11-22T00:26:30Z')?.toISOString()).toBe('2026-11-22T00:26:30.000Z');
    expect(parseDbtTime('')).toBeUndefined();
    expect(parseDbtTime('not a date')).toBeUndefined();
  });
});
