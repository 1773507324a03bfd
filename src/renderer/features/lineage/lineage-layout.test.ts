import { describe, expect, it } from 'vitest';
import type {
  LineageGraph,
  LineageGraphNode,
  OpenLineageRunEvent,
  StoredLineageEvent,
} from '../../../shared/lineage';
import {
  classifiedColumns,
  datasetBadges,
  eventHistory,
  layoutLineage,
  mergeGraphs,
  runAssetIds,
  shortName,
} from './lineage-layout';

const NS = 'duckdb:///w.duckdb';
const ds = (name: string, extra: Partial<LineageGraphNode> = {}): LineageGraphNode => ({
  id: `dataset:${NS}/${name}`,
  kind: 'dataset',
  name,
  namespace: NS,
  ...extra,
});
const job = (name: string): LineageGraphNode => ({
  id: `job:shop/${name}`,
  kind: 'job',
  name,
  namespace: 'shop',
});

/** raw_customers → stg_customers job → stg_customers → customers job → customers (+ orders input). */
function graph(): LineageGraph {
  const nodes = [
    ds('main.raw_customers'),
    job('shop.stg_customers'),
    ds('main.stg_customers'),
    ds('main.orders'),
    job('shop.customers'),
    ds('main.customers', {
      classifications: {
        email: { classification: 'pii', pii_type: 'email', sensitivity: 'high' },
        customer_id: { classification: 'internal' },
        first_name: { pii_type: 'name' },
      },
    }),
  ];
  const id = (name: string) => nodes.find((n) => n.name === name)?.id ?? '';
  return {
    rootId: id('main.customers'),
    nodes,
    edges: [
      { from: id('main.raw_customers'), to: id('shop.stg_customers') },
      { from: id('shop.stg_customers'), to: id('main.stg_customers') },
      { from: id('main.stg_customers'), to: id('shop.customers') },
      { from: id('main.orders'), to: id('shop.customers') },
      { from: id('shop.customers'), to: id('main.customers') },
    ],
  };
}

describe('layoutLineage (issue 5 item 6)', () => {
  it('puts inputs left of their jobs and outputs right of them', () => {
    const g = graph();
    const positions = layoutLineage(g, { columnWidth: 100, rowHeight: 10 });
    const x = (name: string) => positions.get(g.nodes.find((n) => n.name === name)?.id ?? '')?.x;
    expect(x('main.raw_customers')).toBe(0);
    expect(x('shop.stg_customers')).toBe(100);
    expect(x('main.stg_customers')).toBe(200);
    expect(x('shop.customers')).toBe(300);
    expect(x('main.customers')).toBe(400);
    // A source read by a later job still sits left of it.
    expect(x('main.orders')).toBe(0);
    for (const edge of g.edges) {
      expect(positions.get(edge.from)?.x ?? 0).toBeLessThan(positions.get(edge.to)?.x ?? 0);
    }
  });

  it('centres each column and never stacks two nodes on one spot', () => {
    const positions = layoutLineage(graph(), { columnWidth: 100, rowHeight: 10 });
    const spots = [...positions.values()].map((p) => `${p.x},${p.y}`);
    expect(new Set(spots).size).toBe(spots.length);
    const first = [...positions.values()].filter((p) => p.x === 0).map((p) => p.y);
    expect(first.sort((a, b) => a - b)).toEqual([-5, 5]);
  });

  it('survives a cycle', () => {
    const a = ds('a');
    const b = job('b');
    const positions = layoutLineage({
      rootId: a.id,
      nodes: [a, b],
      edges: [
        { from: a.id, to: b.id },
        { from: b.id, to: a.id },
      ],
    });
    expect(positions.size).toBe(2);
  });
});

describe('mergeGraphs', () => {
  it('unions nodes and edges of several roots and expansions, keeping the first root', () => {
    const g = graph();
    const left: LineageGraph = {
      rootId: 'x',
      nodes: g.nodes.slice(0, 3),
      edges: g.edges.slice(0, 2),
    };
    const right: LineageGraph = { rootId: 'y', nodes: g.nodes.slice(2), edges: g.edges.slice(1) };
    const merged = mergeGraphs([left, right]);
    expect(merged.rootId).toBe('x');
    expect(merged.nodes).toHaveLength(6);
    expect(merged.edges).toHaveLength(5);
  });
});

describe('classification badges (FR-015)', () => {
  it('says PII when any column is, and lists the classified columns PII first', () => {
    const customers = graph().nodes[5];
    if (customers === undefined) throw new Error('fixture');
    expect(datasetBadges(customers)).toEqual(['PII', 'internal']);
    expect(classifiedColumns(customers).map((c) => [c.name, c.pii])).toEqual([
      ['email', true],
      ['first_name', true],
      ['customer_id', false],
    ]);
    expect(datasetBadges(ds('plain'))).toEqual([]);
  });

  it('shortens relation names', () => {
    expect(shortName('warehouse.main.customers')).toBe('customers');
    expect(shortName('customers')).toBe('customers');
    expect(shortName('/tmp/shop/dbt/seeds/raw_customers.csv')).toBe('raw_customers.csv');
  });
});

function stored(seq: number, eventType: StoredLineageEvent['eventType'], error?: string) {
  const event: OpenLineageRunEvent = {
    eventType,
    eventTime: `2025-01-01T00:00:0${seq}Z`,
    producer: 'p',
    schemaURL: 's',
    run: {
      runId: 'r',
      ...(error
        ? { facets: { errorMessage: { _producer: 'p', _schemaURL: 's', message: error } } }
        : {}),
    },
    job: { namespace: 'shop', name: 'shop.customers' },
    inputs: [],
    outputs: [],
  };
  return {
    seq,
    eventId: `e${seq}`,
    runId: 'r',
    floeRunId: 'f1',
    jobNamespace: 'shop',
    jobName: 'shop.customers',
    assetId: 'model.shop.customers',
    eventType,
    eventTime: event.eventTime,
    delivery: 'local',
    event,
  } satisfies StoredLineageEvent;
}

describe('eventHistory', () => {
  it('lists events newest first with the error of a FAIL', () => {
    const rows = eventHistory([
      stored(1, 'START'),
      stored(2, 'FAIL', 'syntax error'),
      stored(3, 'START'),
    ]);
    expect(rows.map((r) => r.type)).toEqual(['START', 'FAIL', 'START']);
    expect(rows[1]?.error).toBe('syntax error');
    expect(rows[0]?.error).toBeUndefined();
  });

  it('finds the assets of a run', () => {
    const a = stored(1, 'START');
    const parent = { ...stored(2, 'COMPLETE'), assetId: undefined };
    expect(runAssetIds([a, parent, stored(3, 'COMPLETE')])).toEqual(['model.shop.customers']);
  });
});
