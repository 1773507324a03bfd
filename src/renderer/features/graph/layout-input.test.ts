import { describe, expect, it } from 'vitest';
import { buildLayoutInput, hashText } from './layout-input';
import { asset, graphOf, shopGraph } from '../../testing/fixtures';

describe('buildLayoutInput', () => {
  it('FR-007/SC-003: edges are exactly the assets’ deps, dependency → dependent', () => {
    const graph = shopGraph();
    const input = buildLayoutInput(graph);
    const expected = graph.assets.flatMap((a) => a.deps.map((d) => `${d}>${a.id}`)).sort();
    expect(input.edges.map(([from, to]) => `${from}>${to}`).sort()).toEqual(expected);
    expect(input.nodes.map((n) => n.id).sort()).toEqual(graph.assets.map((a) => a.id).sort());
  });

  it('keeps only visible nodes and the edges between them', () => {
    const graph = shopGraph();
    const visible = new Set(['model.shop.stg_orders', 'model.shop.int_order_payments']);
    const input = buildLayoutInput(graph, visible);
    expect(input.nodes.map((n) => n.id)).toEqual([
      'model.shop.int_order_payments',
      'model.shop.stg_orders',
    ]);
    expect(input.edges).toEqual([['model.shop.stg_orders', 'model.shop.int_order_payments']]);
  });

  it('drops self loops, duplicate deps and deps on unknown ids', () => {
    const graph = graphOf([
      asset('a'),
      asset('b', ['model.shop.a', 'model.shop.a', 'model.shop.b', 'test.shop.x']),
    ]);
    expect(buildLayoutInput(graph).edges).toEqual([['model.shop.a', 'model.shop.b']]);
  });

  it('hash ignores manifest order but changes with structure and groups', () => {
    const graph = shopGraph();
    const reversed = graphOf([...graph.assets].reverse());
    const base = buildLayoutInput(graph).hash;
    expect(buildLayoutInput(reversed).hash).toBe(base);
    const [first, ...rest] = graph.assets;
    if (!first) throw new Error('fixture');
    expect(buildLayoutInput(graphOf([{ ...first, group: 'other' }, ...rest])).hash).not.toBe(base);
    expect(buildLayoutInput(graphOf(rest)).hash).not.toBe(base);
  });

  it('hash changes when an edge moves, even with the same nodes and edge count', () => {
    const graph = graphOf([asset('a'), asset('b'), asset('c', ['model.shop.a'])]);
    const moved = graphOf([asset('a'), asset('b'), asset('c', ['model.shop.b'])]);
    expect(buildLayoutInput(moved).hash).not.toBe(buildLayoutInput(graph).hash);
  });

  it('builds the whole graph’s input once per graph object; subsets are built fresh', () => {
    const graph = shopGraph();
    expect(buildLayoutInput(graph)).toBe(buildLayoutInput(graph, null));
    const visible = new Set(['model.shop.orders']);
    const part = buildLayoutInput(graph, visible);
    expect(part.nodes.map((n) => n.id)).toEqual(['model.shop.orders']);
    expect(buildLayoutInput(graph, visible)).not.toBe(part);
  });

  it('hashText is stable and 16 hex digits', () => {
    expect(hashText('abc')).toMatch(/^[0-9a-f]{16}$/);
    expect(hashText('abc')).toBe(hashText('abc'));
    expect(hashText('abc')).not.toBe(hashText('abd'));
  });
});
