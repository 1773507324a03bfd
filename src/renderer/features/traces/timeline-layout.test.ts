import { describe, expect, it } from 'vitest';
import { ATTR, RUN_SPAN_NAME, criticalPath, type SpanRecord } from '../../../shared/traces';
import {
  barsInWindow,
  fitScale,
  layoutTimeline,
  niceTicks,
  packRows,
  visibleRows,
  type TimelineBar,
} from './timeline-layout';

const TRACE = 'f'.repeat(32);
let nextId = 0;
const id = (): string => (nextId += 1).toString(16).padStart(16, '0');

function span(partial: Partial<SpanRecord> & Pick<SpanRecord, 'name' | 'startMs' | 'endMs'>) {
  return {
    traceId: TRACE,
    spanId: id(),
    kind: 'internal',
    status: 'ok',
    attributes: {},
    events: [],
    ...partial,
  } satisfies SpanRecord;
}

function node(
  nodeId: string,
  startMs: number,
  endMs: number,
  thread: string | undefined,
  parent: string,
  extra: Partial<SpanRecord> = {},
): SpanRecord {
  const [type, , name] = nodeId.split('.');
  return span({
    name: nodeId,
    nodeId,
    runId: 'r1',
    parentSpanId: parent,
    startMs,
    endMs,
    ...extra,
    attributes: {
      [ATTR.assetName]: name ?? nodeId,
      [ATTR.nodeKind]: type === 'test' ? 'check' : 'asset',
      [ATTR.resourceType]: type ?? 'model',
      ...(thread === undefined ? {} : { [ATTR.thread]: thread }),
      ...extra.attributes,
    },
  });
}

function runTrace() {
  const click = span({ name: 'materialize', startMs: 990, endMs: 1005 });
  const run = span({
    name: RUN_SPAN_NAME,
    parentSpanId: click.spanId,
    runId: 'r1',
    startMs: 1000,
    endMs: 1600,
  });
  const spans = [
    click,
    run,
    node('seed.shop.raw', 1010, 1100, 'Thread-1', run.spanId),
    node('model.shop.a', 1100, 1300, 'Thread-1', run.spanId, {
      attributes: { [ATTR.rowsAffected]: 42 },
    }),
    node('model.shop.b', 1100, 1200, 'Thread-2', run.spanId),
    node('test.shop.not_null_a.x', 1300, 1320, 'Thread-10', run.spanId),
    node('model.shop.c', 1320, 1590, 'Thread-1', run.spanId, {
      status: 'error',
      statusMessage: 'syntax error at or near "and"',
    }),
  ];
  return { click, run, spans };
}

describe('layoutTimeline (issue 6 item 6)', () => {
  it('puts the click and the run on top and one bar per node into dbt thread lanes', () => {
    const { click, run, spans } = runTrace();
    const layout = layoutTimeline(spans, []);
    expect(layout.originMs).toBe(990);
    expect(layout.durationMs).toBe(610);
    expect(layout.action?.spanId).toBe(click.spanId);
    expect(layout.run).toMatchObject({ spanId: run.spanId, parentSpanId: click.spanId, start: 10 });
    expect(layout.barCount).toBe(5);
    // Natural order: Thread-2 before Thread-10.
    expect(layout.lanes.map((lane) => lane.label)).toEqual(['Thread-1', 'Thread-2', 'Thread-10']);
    expect(layout.lanes[0]?.bars.map((bar) => bar.nodeId)).toEqual([
      'seed.shop.raw',
      'model.shop.a',
      'model.shop.c',
    ]);
    expect(layout.lanes[2]?.bars[0]?.kind).toBe('check');
    expect(layout.lanes[0]?.bars[1]).toMatchObject({ kind: 'asset', label: 'a', start: 110 });
  });

  it('says name, status, duration, rows and error on hover', () => {
    const layout = layoutTimeline(runTrace().spans, []);
    const [raw, a, c] = layout.lanes[0]?.bars ?? [];
    expect(raw?.title).toContain('seed.shop.raw');
    expect(a?.title).toContain('duration: 200 ms');
    expect(a?.title).toContain('rows affected: 42');
    expect(c?.title).toContain('error: syntax error at or near "and"');
  });

  it('marks the critical path computed for the run', () => {
    const { spans } = runTrace();
    const path = criticalPath(spans);
    const layout = layoutTimeline(spans, path);
    const critical = layout.lanes
      .flatMap((lane) => lane.bars)
      .filter((bar) => bar.critical)
      .map((bar) => bar.nodeId);
    expect(critical.sort()).toEqual(
      ['seed.shop.raw', 'model.shop.a', 'test.shop.not_null_a.x', 'model.shop.c'].sort(),
    );
  });

  it('packs overlapping spans of one lane into extra rows, and spans without a thread apart', () => {
    const { run } = runTrace();
    const spans = [
      run,
      node('model.shop.x', 1000, 1100, 'Thread-1', run.spanId),
      node('model.shop.y', 1050, 1150, 'Thread-1', run.spanId),
      node('model.shop.z', 1000, 1010, undefined, run.spanId),
    ];
    const layout = layoutTimeline(spans, []);
    expect(layout.lanes.map((lane) => lane.label)).toEqual([
      'Thread-1',
      'Thread-1 (2)',
      'unassigned',
    ]);
  });

  it('is empty without spans', () => {
    expect(layoutTimeline([], [])).toMatchObject({ lanes: [], run: null, barCount: 0 });
  });

  it('lays out 2,000 spans quickly', () => {
    const { run } = runTrace();
    const spans: SpanRecord[] = [run];
    for (let i = 0; i < 2000; i += 1) {
      const start = 1000 + Math.floor(i / 8) * 10;
      spans.push(node(`model.p.m${i}`, start, start + 9, `Thread-${i % 8}`, run.spanId));
    }
    const began = performance.now();
    const layout = layoutTimeline(spans, criticalPath(spans));
    expect(performance.now() - began).toBeLessThan(100);
    expect(layout.barCount).toBe(2000);
    expect(layout.lanes).toHaveLength(8);
  });
});

describe('scales and windows', () => {
  it('fits the duration into the width', () => {
    expect(fitScale(2000, 1000)).toBe(0.5);
    expect(fitScale(0, 1000)).toBe(1000);
  });

  it('ticks at 1/2/5 steps no closer than the spacing', () => {
    expect(niceTicks(1000, 1, 90)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(niceTicks(10_000, 0.1, 90)).toEqual([
      0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000, 10_000,
    ]);
    expect(niceTicks(10_000, 0.05, 90)).toEqual([0, 2000, 4000, 6000, 8000, 10_000]);
    expect(niceTicks(0, 1)).toEqual([0]);
  });

  it('renders only the rows in view, with overscan', () => {
    expect(visibleRows(0, 100, 20, 1000, 2)).toEqual([0, 7]);
    expect(visibleRows(400, 100, 20, 1000, 2)).toEqual([18, 27]);
    expect(visibleRows(0, 100, 20, 3, 2)).toEqual([0, 3]);
  });

  it('finds the bars of a lane inside a time window', () => {
    const bars = packRows(
      [0, 10, 20, 30, 40].map((start): TimelineBar => ({
        spanId: String(start),
        traceId: TRACE,
        label: String(start),
        kind: 'asset',
        status: 'ok',
        start,
        end: start + 5,
        critical: false,
        title: '',
      })),
    )[0];
    expect(barsInWindow(bars ?? [], 16, 31).map((bar) => bar.start)).toEqual([20, 30]);
    expect(barsInWindow(bars ?? [], 12, 31).map((bar) => bar.start)).toEqual([10, 20, 30]);
    expect(barsInWindow(bars ?? [], 6, 9)).toEqual([]);
    expect(barsInWindow(bars ?? [], -100, 100)).toHaveLength(5);
  });
});
