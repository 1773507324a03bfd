import { describe, expect, it } from 'vitest';
import type { Asset, AssetGraph } from '../../../shared/assets';
import { computeStaleness } from './staleness';
import type { AssetSuccess } from './staleness';
import { testAsset } from '../../../shared/testing/test-asset';

function asset(id: string, deps: string[] = [], extra: Partial<Asset> = {}): Asset {
  const [type, , name] = id.split('.');
  return testAsset({
    id,
    name: name ?? id,
    resourceType: type === 'seed' ? 'seed' : type === 'source' ? 'source' : 'model',
    deps,
    checksum: `sum-${id}`,
    ...extra,
  });
}

function graph(assets: Asset[]): AssetGraph {
  return {
    projectName: 'shop',
    dbtVersion: '1.11.16',
    manifestSchemaVersion: 12,
    assets,
    checks: [],
  };
}

const T1 = '2026-01-01T10:00:00.000Z';
const T2 = '2026-01-01T11:00:00.000Z';
const T3 = '2026-01-01T12:00:00.000Z';

function ok(at: string, checksum?: string): AssetSuccess {
  return checksum === undefined ? { lastSuccessAt: at } : { lastSuccessAt: at, checksum };
}

describe('computeStaleness', () => {
  const seed = asset('seed.shop.raw_orders');
  const stg = asset('model.shop.stg_orders', ['seed.shop.raw_orders']);
  const orders = asset('model.shop.orders', ['model.shop.stg_orders', 'source.shop.app.events']);
  const source = asset('source.shop.app.events');

  it('is empty when everything was built in dependency order with the current code', () => {
    const successes = new Map([
      [seed.id, ok(T1, 'sum-seed.shop.raw_orders')],
      [stg.id, ok(T2, 'sum-model.shop.stg_orders')],
      [orders.id, ok(T3, 'sum-model.shop.orders')],
    ]);
    expect(computeStaleness(graph([seed, stg, orders, source]), successes)).toEqual({});
  });

  it('reports never-materialized assets but not sources', () => {
    const stale = computeStaleness(graph([seed, source]), new Map());
    expect(stale).toEqual({
      'seed.shop.raw_orders': {
        reason: 'never_materialized',
        detail: 'never materialized in this environment',
      },
    });
  });

  it('reports code changed since the last success, before any upstream reason', () => {
    const successes = new Map([
      [seed.id, ok(T3)],
      [stg.id, ok(T2, 'old-checksum')],
    ]);
    expect(computeStaleness(graph([seed, stg]), successes)[stg.id]).toEqual({
      reason: 'code_changed',
      detail: `code changed since last materialization at ${T2}`,
    });
  });

  it('reports its YAML entry changed since the last success, the .sql being the same', () => {
    const documented = { ...stg, patchPath: 'models/_stg.yml', propertiesChecksum: 'yaml-now' };
    const recorded = (propertiesChecksum: string): AssetSuccess => ({
      ...ok(T2, `sum-${stg.id}`),
      propertiesChecksum,
    });
    const stale = (at: AssetSuccess) =>
      computeStaleness(
        graph([seed, documented]),
        new Map([
          [seed.id, ok(T1)],
          [stg.id, at],
        ]),
      )[stg.id];
    expect(stale(recorded('yaml-then'))).toEqual({
      reason: 'code_changed',
      detail: `its YAML (models/_stg.yml) changed since last materialization at ${T2}`,
    });
    expect(stale(recorded('yaml-now'))).toBeUndefined();
    // Runs recorded before YAML fingerprints existed are not called stale for lack of one.
    expect(stale(ok(T2, `sum-${stg.id}`))).toBeUndefined();
  });

  it('reports the newest upstream materialized after the asset', () => {
    const successes = new Map([
      [seed.id, ok(T3)],
      [stg.id, ok(T2)],
      [orders.id, ok(T1)],
    ]);
    const stale = computeStaleness(graph([seed, stg, orders, source]), successes);
    expect(stale[stg.id]).toEqual({
      reason: 'upstream_newer',
      detail: `upstream seed.shop.raw_orders materialized at ${T3} after this asset (${T2})`,
    });
    expect(stale[orders.id]?.detail).toBe(
      `upstream model.shop.stg_orders materialized at ${T2} after this asset (${T1})`,
    );
  });

  it('looks through ephemeral models to the materialized upstream', () => {
    const eph = asset('model.shop.eph', [seed.id], {
      ephemeral: true,
      materialization: 'ephemeral',
    });
    const mart = asset('model.shop.mart', [eph.id]);
    const stale = computeStaleness(
      graph([seed, eph, mart]),
      new Map([
        [seed.id, ok(T2)],
        [mart.id, ok(T1)],
      ]),
    );
    expect(stale[eph.id]).toBeUndefined();
    expect(stale[mart.id]?.reason).toBe('upstream_newer');
  });
});
