import { describe, expect, it } from 'vitest';
import { ATTR, type SpanRecord, type TracedRun } from '../../../shared/traces';
import { comparableRuns, compareRuns, formatDelta } from './run-compare';

function asset(nodeId: string, ms: number, kind: 'asset' | 'check' = 'asset'): SpanRecord {
  return {
    traceId: 't',
    spanId: `${nodeId}-${ms}`,
    name: nodeId,
    nodeId,
    kind: 'internal',
    startMs: 1000,
    endMs: 1000 + ms,
    status: 'ok',
    attributes: { [ATTR.assetName]: nodeId.split('.')[2] ?? nodeId, [ATTR.nodeKind]: kind },
    events: [],
  };
}

function traced(runId: string, selection: string): TracedRun {
  return {
    runId,
    traceId: runId,
    spanId: runId,
    startMs: 0,
    endMs: 1,
    status: 'ok',
    selection,
    spanCount: 1,
  };
}

describe('compareRuns (issue 6 item 6: which assets got slower)', () => {
  it('sorts assets of both runs by slowdown, then new ones, then dropped ones; checks left out', () => {
    const base = [
      asset('model.p.a', 100),
      asset('model.p.b', 300),
      asset('model.p.c', 50),
      asset('model.p.gone', 10),
      asset('test.p.t', 5, 'check'),
    ];
    const current = [
      asset('model.p.a', 400),
      asset('model.p.b', 200),
      asset('model.p.c', 60),
      asset('model.p.new', 20),
      asset('test.p.t', 500, 'check'),
    ];
    const rows = compareRuns(base, current);
    expect(rows.map((row) => [row.name, row.deltaMs])).toEqual([
      ['a', 300],
      ['c', 10],
      ['b', -100],
      ['new', undefined],
      ['gone', undefined],
    ]);
    expect(rows[0]).toMatchObject({ baseMs: 100, currentMs: 400, ratio: 3 });
    expect(rows[3]).toMatchObject({ currentMs: 20 });
    expect(rows[3]?.baseMs).toBeUndefined();
    expect(rows[4]).toMatchObject({ baseMs: 10 });
  });

  it('offers only other runs of the same selection', () => {
    const runs = [traced('r3', '+customers'), traced('r2', 'orders'), traced('r1', '+customers')];
    expect(comparableRuns(runs, runs[0]).map((run) => run.runId)).toEqual(['r1']);
    expect(comparableRuns(runs, undefined)).toEqual([]);
  });

  it('formats deltas with a sign', () => {
    expect(formatDelta(1500)).toBe('+1.50 s');
    expect(formatDelta(-20)).toBe('−20 ms');
    expect(formatDelta(0)).toBe('±0 ms');
  });
});
