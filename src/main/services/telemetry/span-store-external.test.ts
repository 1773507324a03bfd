// Spans written from outside the engine (the renderer's click span): kept without overwriting, and
// returned with the run whose trace they root.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ATTR, RUN_SPAN_NAME, type SpanRecord } from '../../../shared/traces';
import { SpanStore } from './span-store';

const TRACE = 'a'.repeat(32);
const OTHER_TRACE = 'b'.repeat(32);

function span(overrides: Partial<SpanRecord> & Pick<SpanRecord, 'spanId'>): SpanRecord {
  return {
    traceId: TRACE,
    name: 'x',
    kind: 'internal',
    startMs: 1000,
    endMs: 2000,
    status: 'ok',
    attributes: {},
    events: [],
    ...overrides,
  };
}

const dirs: string[] = [];
function store(): SpanStore {
  const dir = mkdtempSync(join(tmpdir(), 'floe-spans-'));
  dirs.push(dir);
  return new SpanStore(join(dir, 'traces.db'));
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('SpanStore external spans (issue 6 item 3)', () => {
  it('returns the click span with the run it started, and not with other runs', () => {
    const db = store();
    const click = span({ spanId: '1'.repeat(16), name: 'materialize', startMs: 900, endMs: 950 });
    expect(db.insertExternal([click])).toBe(1);
    db.insert([
      span({
        spanId: '2'.repeat(16),
        parentSpanId: click.spanId,
        name: RUN_SPAN_NAME,
        runId: 'r1',
        attributes: { [ATTR.runId]: 'r1' },
      }),
      span({
        spanId: '3'.repeat(16),
        parentSpanId: '2'.repeat(16),
        name: 'model.shop.a',
        runId: 'r1',
        nodeId: 'model.shop.a',
        startMs: 1100,
      }),
      span({ traceId: OTHER_TRACE, spanId: '4'.repeat(16), name: RUN_SPAN_NAME, runId: 'r2' }),
    ]);
    const r1 = db.runSpans('r1');
    expect(r1.map((s) => s.name)).toEqual(['materialize', RUN_SPAN_NAME, 'model.shop.a']);
    expect(r1[1]?.parentSpanId).toBe(click.spanId);
    expect(db.runSpans('r2').map((s) => s.spanId)).toEqual(['4'.repeat(16)]);
    // Counting the run's spans is unchanged: the click belongs to the trace, not to the run.
    expect(db.tracedRuns().find((run) => run.runId === 'r1')?.spanCount).toBe(2);
    db.close();
  });

  it('never overwrites a stored span', () => {
    const db = store();
    db.insert([span({ spanId: '5'.repeat(16), name: RUN_SPAN_NAME, runId: 'r1' })]);
    expect(db.insertExternal([span({ spanId: '5'.repeat(16), name: 'forged' })])).toBe(0);
    expect(db.runSpans('r1')[0]?.name).toBe(RUN_SPAN_NAME);
    db.close();
  });
});
