import { describe, expect, it } from 'vitest';
import type { AssetGraph } from './assets';
import { criticalPath, criticalPathDeps, type SpanRecord } from './traces';

function span(id: string, start: number, end: number, root = false): SpanRecord {
  const nodeId = root ? undefined : `model.p.${id}`;
  return {
    traceId: 't'.repeat(32),
    spanId: id,
    parentSpanId: root ? undefined : 'run',
    name: nodeId ?? 'floe.run',
    kind: 'internal',
    startMs: start,
    endMs: end,
    status: 'ok',
    attributes: {},
    events: [],
    runId: 'r1',
    nodeId,
  };
}

const run = span('run', 0, 100, true);

describe('criticalPath', () => {
  it('is empty without asset spans', () => {
    expect(criticalPath([])).toEqual([]);
    expect(criticalPath([run])).toEqual([]);
  });

  it('walks back by time without deps: latest span that ended before the current one started', () => {
    // a ─┬─ b (long) ──┬─ d
    //    └─ c (short) ─┘
    const spans = [run, span('a', 0, 10), span('b', 10, 50), span('c', 11, 20), span('d', 51, 60)];
    expect(criticalPath(spans)).toEqual(['a', 'b', 'd']);
  });

  it('follows the dependency that finished last when deps are given', () => {
    // d depends on c only: b ended later but d did not wait for it.
    const spans = [run, span('a', 0, 10), span('b', 10, 50), span('c', 11, 20), span('d', 51, 60)];
    const deps = {
      'model.p.d': ['model.p.c'],
      'model.p.c': ['model.p.a'],
      'model.p.b': ['model.p.a'],
    };
    expect(criticalPath(spans, deps)).toEqual(['a', 'c', 'd']);
  });

  it('ends at the latest-ending span and breaks ties deterministically', () => {
    const spans = [span('x', 0, 10), span('y', 0, 10)];
    expect(criticalPath(spans)).toEqual(['x']);
    const longer = [span('x', 5, 10), span('y', 0, 10)];
    expect(criticalPath(longer)).toEqual(['y']);
  });

  it('uses non-root spans when no span carries a node id', () => {
    const bare = (id: string, start: number, end: number): SpanRecord => ({
      ...span(id, start, end),
      nodeId: undefined,
    });
    const spans = [run, bare('a', 0, 5), bare('b', 6, 9)];
    expect(criticalPath(spans)).toEqual(['a', 'b']);
  });

  it('handles 10,000 spans quickly', () => {
    const spans = Array.from({ length: 10_000 }, (_, i) => span(`s${i}`, i, i + 1.5));
    const started = performance.now();
    const path = criticalPath(spans);
    expect(performance.now() - started).toBeLessThan(500);
    expect(path.at(-1)).toBe('s9999');
    expect(path.length).toBeGreaterThan(4000);
  });
});

describe('criticalPathDeps', () => {
  it('makes an asset wait for its parents and their tests, and a check for its assets', () => {
    const graph: AssetGraph = {
      projectName: 'p',
      dbtVersion: '1.11.0',
      manifestSchemaVersion: 12,
      assets: [
        { id: 'model.p.a', deps: [] },
        { id: 'model.p.b', deps: ['model.p.a'] },
      ].map((a) => ({
        ...a,
        name: a.id,
        resourceType: 'model' as const,
        packageName: 'p',
        group: 'g',
        tags: [],
        description: '',
        ephemeral: false,
        checks: [],
        columns: [],
      })),
      checks: [{ id: 'test.p.not_null_a', name: 'not_null_a', assetIds: ['model.p.a'] }],
    };
    expect(criticalPathDeps(graph)).toEqual({
      'model.p.a': [],
      'model.p.b': ['model.p.a', 'test.p.not_null_a'],
      'test.p.not_null_a': ['model.p.a'],
    });
  });
});
