import { describe, expect, it } from 'vitest';
import { applySelectChanges, FlowElementsCache, NODE_HEIGHT, NODE_WIDTH } from './flow-elements';
import { computeLayout } from './layout';
import { buildLayoutInput } from './layout-input';
import { shopGraph } from '../../testing/fixtures';

const graph = shopGraph();
const assets = new Map(graph.assets.map((a) => [a.id, a]));
const input = buildLayoutInput(graph);
const layout = computeLayout(input);

describe('FlowElementsCache', () => {
  it('makes one node per laid-out asset, id = unique_id, measured and with declared handles', () => {
    const nodes = new FlowElementsCache().nodes(assets, layout, new Set(['model.shop.orders']));
    expect(nodes.map((n) => n.id).sort()).toEqual(graph.assets.map((a) => a.id).sort());
    const orders = nodes.find((n) => n.id === 'model.shop.orders');
    expect(orders).toMatchObject({
      type: 'asset',
      selected: true,
      measured: { width: NODE_WIDTH, height: NODE_HEIGHT },
      data: { name: 'orders', resourceType: 'model', group: 'marts' },
    });
    expect(orders?.handles?.map((h) => h.type)).toEqual(['target', 'source']);
  });

  it('reuses unchanged node objects and rebuilds only the ones whose selection changed', () => {
    const cache = new FlowElementsCache();
    const first = cache.nodes(assets, layout, new Set());
    const second = cache.nodes(assets, layout, new Set(['model.shop.orders']));
    const changed = second.filter((node, i) => node !== first[i]).map((n) => n.id);
    expect(changed).toEqual(['model.shop.orders']);
    // No layout yet (worker busy): the previous drawing stays.
    expect(cache.nodes(assets, null, new Set())).toBe(second);
  });

  it('edges are the deps, with stable ids and objects', () => {
    const cache = new FlowElementsCache();
    const edges = cache.edges(input.edges);
    expect(edges).toHaveLength(input.edges.length);
    expect(edges[0]?.id).toBe(`${edges[0]?.source}->${edges[0]?.target}`);
    expect(cache.edges(input.edges)[0]).toBe(edges[0]);
  });
});

describe('applySelectChanges', () => {
  it('keeps selection order, appends new ones, removes unselected', () => {
    expect(
      applySelectChanges(
        ['a', 'b'],
        [
          { id: 'a', selected: false },
          { id: 'c', selected: true },
        ],
      ),
    ).toEqual(['b', 'c']);
    expect(applySelectChanges([], [{ id: 'x', selected: true }])).toEqual(['x']);
  });
});
