import { describe, expect, it } from 'vitest';
import { neighbourhood, parseQuery, visibleAssetIds } from './graph-filter';
import { shopGraph } from '../../testing/fixtures';

describe('parseQuery', () => {
  it('splits prefixes from name words, case-insensitively', () => {
    expect(parseQuery(' Tag:PII group:marts type:model Cust  ')).toEqual({
      words: ['cust'],
      tags: ['pii'],
      groups: ['marts'],
      types: ['model'],
    });
  });
});

describe('visibleAssetIds', () => {
  const graph = shopGraph();

  it('is null (everything) without query or focus', () => {
    expect(visibleAssetIds(graph, '  ', null)).toBeNull();
  });

  it('filters by name, tag, group and type', () => {
    expect([...(visibleAssetIds(graph, 'stg_', null) ?? [])].sort()).toEqual([
      'model.shop.stg_customers',
      'model.shop.stg_orders',
      'model.shop.stg_payments',
    ]);
    expect([...(visibleAssetIds(graph, 'tag:pii', null) ?? [])]).toEqual(['model.shop.customers']);
    expect(visibleAssetIds(graph, 'group:marts', null)?.size).toBe(2);
    expect(visibleAssetIds(graph, 'type:source', null)?.size).toBe(3);
    expect(visibleAssetIds(graph, 'group:marts orders', null)?.size).toBe(1);
  });

  it('intersects the query with the focus and keeps the focused asset', () => {
    const focus = {
      assetId: 'model.shop.int_order_payments',
      depth: 1,
      direction: 'both' as const,
    };
    expect([...(visibleAssetIds(graph, 'stg', focus) ?? [])].sort()).toEqual([
      'model.shop.int_order_payments',
      'model.shop.stg_orders',
      'model.shop.stg_payments',
    ]);
  });
});

describe('neighbourhood', () => {
  const graph = shopGraph();
  const id = 'model.shop.int_order_payments';

  it('walks upstream, downstream or both to the given depth', () => {
    expect([...neighbourhood(graph, { assetId: id, depth: 1, direction: 'up' })].sort()).toEqual([
      id,
      'model.shop.stg_orders',
      'model.shop.stg_payments',
    ]);
    expect([...neighbourhood(graph, { assetId: id, depth: 1, direction: 'down' })].sort()).toEqual([
      'model.shop.customers',
      id,
      'model.shop.orders',
    ]);
    expect(neighbourhood(graph, { assetId: id, depth: 2, direction: 'up' }).size).toBe(5);
    expect(neighbourhood(graph, { assetId: id, depth: 9, direction: 'both' }).size).toBe(7);
    expect(neighbourhood(graph, { assetId: id, depth: 0, direction: 'both' }).size).toBe(1);
  });

  it('is empty for an unknown asset', () => {
    expect(neighbourhood(graph, { assetId: 'nope', depth: 3, direction: 'both' }).size).toBe(0);
  });
});
