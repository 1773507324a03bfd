import { describe, expect, it } from 'vitest';
import { LayoutClient, type WorkerLike } from './layout-client';
import { computeLayout, type LayoutResult } from './layout';
import { buildLayoutInput } from './layout-input';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';
import { shopGraph } from '../../testing/fixtures';

/** Runs the real layout like the worker does, but answers only when told to. */
class ManualWorker implements WorkerLike {
  readonly inbox: LayoutRequest[] = [];
  private onMessage: ((event: MessageEvent<LayoutResponse>) => void) | null = null;
  private onError: ((event: Event) => void) | null = null;
  terminated = false;

  postMessage(message: LayoutRequest): void {
    this.inbox.push(message);
  }

  addEventListener(type: 'message' | 'error', listener: (event: never) => void): void {
    if (type === 'message') this.onMessage = listener as (e: MessageEvent<LayoutResponse>) => void;
    else this.onError = listener as (e: Event) => void;
  }

  answer(index: number): void {
    const request = this.inbox[index];
    if (!request) throw new Error('no such request');
    const response: LayoutResponse = {
      id: request.id,
      ok: true,
      result: computeLayout(request.input),
    };
    this.onMessage?.({ data: response } as MessageEvent<LayoutResponse>);
  }

  crash(): void {
    this.onError?.(new Event('error'));
  }

  terminate(): void {
    this.terminated = true;
  }
}

const graph = shopGraph();
const full = buildLayoutInput(graph);
const part = buildLayoutInput(graph, new Set(['model.shop.orders', 'model.shop.customers']));
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

describe('LayoutClient', () => {
  it('drops a stale answer and delivers only the latest request', () => {
    const worker = new ManualWorker();
    const client = new LayoutClient(() => worker);
    const got: string[] = [];
    client.request(full, (r) => got.push(`full:${r.hash}`));
    client.request(part, (r) => got.push(`part:${r.hash}`));
    worker.answer(0); // stale: superseded by `part`
    expect(got).toEqual([]);
    worker.answer(1);
    expect(got).toEqual([`part:${part.hash}`]);
    // The stale answer was still worth caching.
    expect(client.cached(full.hash)).toBeDefined();
  });

  it('answers from the cache per graph hash without asking the worker again', async () => {
    const worker = new ManualWorker();
    const client = new LayoutClient(() => worker);
    let first: LayoutResult | null = null;
    client.request(full, (r) => (first = r));
    worker.answer(0);
    let second: LayoutResult | null = null;
    client.request({ ...full, nodes: [...full.nodes] }, (r) => (second = r));
    await tick();
    expect(worker.inbox).toHaveLength(1);
    expect(second).toBe(first);
  });

  it('a prefetched graph is laid out once: the later request waits for that answer', () => {
    const worker = new ManualWorker();
    const client = new LayoutClient(() => worker);
    client.prefetch(full);
    const got: string[] = [];
    client.request(full, (r) => got.push(r.hash));
    expect(worker.inbox).toHaveLength(1);
    worker.answer(0);
    expect(got).toEqual([full.hash]);
  });

  it('a prefetch nobody asks for only fills the cache; the graph asked for is still delivered', () => {
    const worker = new ManualWorker();
    const client = new LayoutClient(() => worker);
    client.prefetch(full);
    const got: string[] = [];
    client.request(part, (r) => got.push(r.hash));
    worker.answer(0);
    expect(got).toEqual([]);
    expect(client.cached(full.hash)).toBeDefined();
    worker.answer(1);
    expect(got).toEqual([part.hash]);
  });

  it('asking again for a graph already being laid out sends nothing new (A → B → A)', () => {
    const worker = new ManualWorker();
    const client = new LayoutClient(() => worker);
    const got: string[] = [];
    client.request(full, (r) => got.push(`first:${r.hash}`));
    client.request(part, (r) => got.push(`part:${r.hash}`));
    client.request(full, (r) => got.push(`again:${r.hash}`));
    expect(worker.inbox).toHaveLength(2);
    worker.answer(1);
    worker.answer(0);
    expect(got).toEqual([`again:${full.hash}`]);
  });

  it('lays out on this thread when no worker can start or the worker breaks', async () => {
    const none = new LayoutClient(() => {
      throw new Error('workers blocked');
    });
    let result: LayoutResult | null = null;
    none.request(full, (r) => (result = r));
    await tick();
    expect(result).toEqual(computeLayout(full));

    const worker = new ManualWorker();
    const client = new LayoutClient(() => worker);
    let recovered: LayoutResult | null = null;
    client.request(part, (r) => (recovered = r));
    worker.crash();
    await tick();
    expect(worker.terminated).toBe(true);
    expect(recovered).toEqual(computeLayout(part));
  });
});
