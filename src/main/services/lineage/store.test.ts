import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { lineageDatasetNodeId, lineageJobNodeId } from '../../../shared/lineage';
import {
  buildAssetEventWithInputs,
  buildRunEvent,
  lineageRunSpec,
  type LineageRunSpec,
} from './events';
import { lineageGraph } from './graph';
import { LineageStore, type NewLineageEvent } from './store';
import { artifactsFor, runContext, shopGraph } from './testing/fixtures';
import { uuidv7 } from './uuid';

let dir: string;
let store: LineageStore;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-lineage-store-'));
  store = new LineageStore(join(dir, '.floe', 'lineage.db'));
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const NS = 'duckdb:///p/dev.duckdb';

function spec(floeRunId: string): LineageRunSpec {
  const artifacts = artifactsFor({ target: 'duckdb', properties: { path: '/p/dev.duckdb' } });
  return lineageRunSpec(runContext(artifacts, shopGraph(), { runId: floeRunId }), uuidv7());
}

/** Stores a whole run: START/end of the run and of each asset (the failing one FAILs). */
function storeRun(floeRunId: string, failing?: string, endpoint?: string): void {
  const s = spec(floeRunId);
  const at = new Date('2026-01-01T10:00:00Z');
  const rows: NewLineageEvent[] = [
    {
      eventId: uuidv7(),
      floeRunId,
      event: buildRunEvent(s, { eventType: 'START', at }),
      ...(endpoint ? { endpoint } : {}),
    },
  ];
  for (const id of [
    'seed.shop.raw_customers',
    'model.shop.stg_customers',
    'model.shop.customers',
    'snapshot.shop.customers_snapshot',
  ]) {
    const asset = s.assets.get(id);
    if (!asset) throw new Error(id);
    const runId = uuidv7();
    for (const eventType of ['START', id === failing ? 'FAIL' : 'COMPLETE'] as const) {
      const built = buildAssetEventWithInputs(s, {
        asset,
        runId,
        eventType,
        at,
        message: 'boom: column "nope"',
      });
      rows.push({
        eventId: uuidv7(),
        floeRunId,
        parentRunId: s.runId,
        assetId: id,
        inputAssetIds: built.inputAssetIds,
        event: built.event,
        ...(endpoint ? { endpoint } : {}),
      });
    }
  }
  rows.push({
    eventId: uuidv7(),
    floeRunId,
    event: buildRunEvent(s, { eventType: failing ? 'FAIL' : 'COMPLETE', at }),
    ...(endpoint ? { endpoint } : {}),
  });
  store.insert(rows);
}

describe('lineage store', () => {
  test('lists events by Floe run and by asset, in store order; limit keeps the newest', () => {
    storeRun('r1');
    storeRun('r2', 'model.shop.customers');
    expect(store.listEvents()).toHaveLength(20);
    const r2 = store.listEvents({ floeRunId: 'r2' });
    expect(r2).toHaveLength(10);
    expect(r2.map((e) => e.seq)).toEqual([...r2.map((e) => e.seq)].sort((a, b) => a - b));
    const customers = store.listEvents({ assetId: 'model.shop.customers' });
    expect(customers.map((e) => `${e.floeRunId} ${e.eventType}`)).toEqual([
      'r1 START',
      'r1 COMPLETE',
      'r2 START',
      'r2 FAIL',
    ]);
    expect(
      store.listEvents({ assetId: 'model.shop.customers', limit: 1 }).map((e) => e.eventType),
    ).toEqual(['FAIL']);
    expect(customers[0]?.event.job.name).toBe('dev.main.shop.customers');
  });

  test('an event stored twice (same event id) keeps one row', () => {
    const s = spec('r');
    const row: NewLineageEvent = {
      eventId: uuidv7(),
      floeRunId: 'r',
      event: buildRunEvent(s, { eventType: 'START', at: new Date() }),
    };
    const [first] = store.insert([row]);
    const [again] = store.insert([row]);
    expect(again).toBe(first);
    expect(store.listEvents()).toHaveLength(1);
  });

  test('delivery lease: one sender at a time, all or nothing, renewable, released or expired', () => {
    storeRun('r', undefined, 'http://x/api/v1/lineage');
    const seqs = store.pending('http://x/api/v1/lineage', 3).map((row) => row.seq);
    const [head] = seqs;
    if (head === undefined) throw new Error('nothing pending');
    expect(store.claim('a', seqs, 1000, 0)).toBe(true);
    expect(store.claim('b', [head], 1000, 500)).toBe(false);
    expect(store.claim('a', seqs, 1000, 500)).toBe(true); // renewal by the holder
    // All or nothing: b asks for a free row and a leased one, gets neither.
    const [, , third] = seqs;
    const next = store.pending('http://x/api/v1/lineage', 4)[3]?.seq;
    if (third === undefined || next === undefined) throw new Error('rows missing');
    expect(store.claim('b', [next, third], 1000, 600)).toBe(false);
    expect(store.claim('c', [next], 1000, 600)).toBe(true);
    expect(store.claim('b', [head], 1000, 1501)).toBe(true); // expired
    store.release('b', [head]);
    expect(store.claim('d', [head], 1000, 1502)).toBe(true);
    store.markDelivered([head], new Date());
    expect(store.claim('e', [head], 1000, 5000)).toBe(false);
    expect(store.pendingCount()).toBe(9);
  });
});

describe('lineageGraph', () => {
  test('depth 1 around an asset: its dataset, the job writing it and the jobs reading it', () => {
    storeRun('r1');
    const graph = lineageGraph(store, 'model.shop.customers', 1);
    const customers = lineageDatasetNodeId(NS, 'dev.main.customers');
    expect(graph.rootId).toBe(customers);
    expect(graph.nodes.map((n) => n.id).sort()).toEqual(
      [
        customers,
        lineageJobNodeId('shop', 'dev.main.shop.customers'),
        lineageJobNodeId('shop', 'dev.snapshots.shop.customers_snapshot.snapshot'),
      ].sort(),
    );
    expect(graph.edges).toContainEqual({
      from: lineageJobNodeId('shop', 'dev.main.shop.customers'),
      to: customers,
    });
    expect(graph.edges).toContainEqual({
      from: customers,
      to: lineageJobNodeId('shop', 'dev.snapshots.shop.customers_snapshot.snapshot'),
    });
    const root = graph.nodes.find((n) => n.id === customers);
    expect(root).toMatchObject({
      kind: 'dataset',
      name: 'dev.main.customers',
      namespace: NS,
      assetId: 'model.shop.customers',
    });
    expect(root?.classifications?.['full_name']).toEqual({
      classification: 'pii',
      pii_type: 'name',
      sensitivity: 'medium',
    });
    expect(root?.lastEvent).toMatchObject({ eventType: 'COMPLETE', floeRunId: 'r1' });
  });

  test('depth 2 reaches the upstream datasets (through the ephemeral model) and the snapshot', () => {
    storeRun('r1');
    const graph = lineageGraph(store, 'model.shop.customers', { depth: 2 });
    const names = graph.nodes
      .filter((n) => n.kind === 'dataset')
      .map((n) => n.name)
      .sort();
    expect(names).toEqual([
      'dev.main.app_events',
      'dev.main.customers',
      'dev.main.stg_customers',
      'dev.snapshots.customers_snapshot',
    ]);
    const stg = graph.nodes.find((n) => n.name === 'dev.main.stg_customers');
    expect(stg?.classifications?.['email']).toMatchObject({
      classification: 'pii',
      pii_type: 'email',
    });
    expect(stg?.assetId).toBe('model.shop.stg_customers');
  });

  test('the newest event wins: a FAIL shows on the job and the dataset it writes, with the error', () => {
    storeRun('r1');
    storeRun('r2', 'model.shop.customers');
    const graph = lineageGraph(store, 'dev.main.customers', 1);
    const job = graph.nodes.find(
      (n) => n.id === lineageJobNodeId('shop', 'dev.main.shop.customers'),
    );
    expect(job?.lastEvent).toMatchObject({
      eventType: 'FAIL',
      floeRunId: 'r2',
      errorMessage: 'boom: column "nope"',
    });
    expect(graph.nodes.find((n) => n.id === graph.rootId)?.lastEvent?.eventType).toBe('FAIL');
  });

  test('expands from a node id (click in the view); unknown keys give an empty graph', () => {
    storeRun('r1');
    const jobId = lineageJobNodeId('shop', 'dev.main.shop.stg_customers');
    const graph = lineageGraph(store, jobId, 1);
    expect(graph.rootId).toBe(jobId);
    expect(graph.nodes.map((n) => n.name).sort()).toEqual([
      'dev.main.raw_customers',
      'dev.main.shop.stg_customers',
      'dev.main.stg_customers',
    ]);
    expect(lineageGraph(store, 'model.shop.nope', 2)).toEqual({
      rootId: null,
      nodes: [],
      edges: [],
    });
    expect(lineageGraph(store, 'model.shop.customers', 0).nodes).toHaveLength(1);
  });
});
