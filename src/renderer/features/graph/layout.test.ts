import { describe, expect, it } from 'vitest';
import { computeLayout, DEFAULT_LAYOUT_OPTIONS, placeRow } from './layout';
import { buildLayoutInput, type LayoutInput } from './layout-input';
import { shopGraph, syntheticGraph } from '../../testing/fixtures';

const STEP = DEFAULT_LAYOUT_OPTIONS.nodeHeight + DEFAULT_LAYOUT_OPTIONS.rowGap;

function crossings(
  input: LayoutInput,
  positions: Record<string, { x: number; y: number }>,
): number {
  const segments = input.edges.map(([a, b]) => {
    const pa = positions[a];
    const pb = positions[b];
    if (!pa || !pb) throw new Error('missing position');
    return { x1: pa.x, y1: pa.y, x2: pb.x, y2: pb.y };
  });
  let count = 0;
  for (let i = 0; i < segments.length; i++) {
    for (let j = i + 1; j < segments.length; j++) {
      const s = segments[i];
      const t = segments[j];
      if (!s || !t || s.x1 !== t.x1 || s.x2 !== t.x2) continue;
      if ((s.y1 - t.y1) * (s.y2 - t.y2) < 0) count++;
    }
  }
  return count;
}

function assertNoOverlap(positions: Record<string, { x: number; y: number }>): void {
  const byColumn = new Map<number, number[]>();
  for (const { x, y } of Object.values(positions)) {
    byColumn.set(x, [...(byColumn.get(x) ?? []), y]);
  }
  let tightest = Number.POSITIVE_INFINITY;
  for (const ys of byColumn.values()) {
    ys.sort((a, b) => a - b);
    for (let i = 1; i < ys.length; i++)
      tightest = Math.min(tightest, (ys[i] ?? 0) - (ys[i - 1] ?? 0));
  }
  // Rounding to whole pixels may take up to one pixel off the spacing.
  expect(tightest).toBeGreaterThanOrEqual(STEP - 1);
}

describe('computeLayout', () => {
  it('FR-007: every dependency is left of its dependent', () => {
    const input = buildLayoutInput(shopGraph());
    const { positions, layers } = computeLayout(input);
    for (const [from, to] of input.edges) {
      expect(positions[from]?.x ?? 0).toBeLessThan(positions[to]?.x ?? 0);
    }
    expect(layers).toBe(4);
    assertNoOverlap(positions);
  });

  it('puts a source right before its consumer, not in the first column', () => {
    const input: LayoutInput = {
      nodes: ['a', 'b', 'c', 's'].map((id) => ({ id, name: id, group: 'g' })),
      edges: [
        ['a', 'b'],
        ['b', 'c'],
        ['s', 'c'],
      ],
      hash: 'h',
    };
    const { positions } = computeLayout(input);
    expect(positions.s?.x).toBe(positions.b?.x);
  });

  it('barycenter sweeps remove crossings the initial (name) order has', () => {
    // Name order puts a1 above b1 but their children the other way round.
    const input: LayoutInput = {
      nodes: [
        { id: 'a0', name: 'a0', group: 'g' },
        { id: 'b0', name: 'b0', group: 'g' },
        { id: 'a1', name: 'z1', group: 'g' },
        { id: 'b1', name: 'y1', group: 'g' },
        { id: 'a2', name: 'a2', group: 'g' },
        { id: 'b2', name: 'b2', group: 'g' },
      ],
      edges: [
        ['a0', 'a1'],
        ['b0', 'b1'],
        ['a1', 'a2'],
        ['b1', 'b2'],
      ],
      hash: 'h',
    };
    expect(crossings(input, computeLayout(input, { sweeps: 0 }).positions)).toBeGreaterThan(0);
    expect(crossings(input, computeLayout(input).positions)).toBe(0);
  });

  it('is deterministic and handles empty input and cycles without hanging', () => {
    const input = buildLayoutInput(shopGraph());
    expect(computeLayout(input)).toEqual(computeLayout(input));
    expect(computeLayout({ nodes: [], edges: [], hash: 'e' })).toMatchObject({
      positions: {},
      layers: 0,
    });
    const cyclic: LayoutInput = {
      nodes: ['a', 'b', 'c'].map((id) => ({ id, name: id, group: 'g' })),
      edges: [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
      ],
      hash: 'c',
    };
    expect(Object.keys(computeLayout(cyclic).positions)).toHaveLength(3);
  });

  it('lays out 5,000 models / ~10,000 edges quickly and without overlaps', () => {
    const input = buildLayoutInput(syntheticGraph(5000));
    expect(input.edges.length).toBeGreaterThan(9000);
    const started = performance.now();
    const result = computeLayout(input);
    const elapsed = performance.now() - started;
    expect(Object.keys(result.positions)).toHaveLength(5000);
    const backwards = input.edges.filter(
      ([from, to]) => (result.positions[from]?.x ?? 0) >= (result.positions[to]?.x ?? 0),
    );
    expect(backwards).toEqual([]);
    assertNoOverlap(result.positions);
    // ~100 ms of CPU; the bound is wall time on a shared, heavily loaded 2-core machine.
    expect(elapsed).toBeLessThan(5000);
  }, 30_000);
});

describe('placeRow', () => {
  it('keeps order and spacing, and stays as close to the wishes as it can', () => {
    expect(placeRow([0, 0, 0], 10)).toEqual([-10, 0, 10]);
    expect(placeRow([0, 100], 10)).toEqual([0, 100]);
    const placed = placeRow([5, 3, 50, 49], 10);
    for (let i = 1; i < placed.length; i++) {
      expect((placed[i] ?? 0) - (placed[i - 1] ?? 0)).toBeGreaterThanOrEqual(10);
    }
  });
});
