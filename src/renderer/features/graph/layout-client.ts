// Asks the worker for layouts: only the latest request's answer is delivered (stale ones are dropped),
// results are cached per graph hash, and where no worker can start (e.g. a file:// page that may not
// load one) the layout is computed on this thread instead.
import { computeLayout, type LayoutResult } from './layout';
import type { LayoutInput } from './layout-input';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';

/** The part of Worker this client uses. */
export interface WorkerLike {
  postMessage(message: LayoutRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<LayoutResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

/** Layouts kept per hash: the full graph plus a few filtered / focused views. */
const CACHE_SIZE = 8;

export type LayoutCallback = (result: LayoutResult) => void;

export class LayoutClient {
  private worker: WorkerLike | null;
  private latest = 0;
  private callback: LayoutCallback | null = null;
  private inflight: LayoutInput | null = null;
  private readonly cache = new Map<string, LayoutResult>();

  constructor(createWorker: () => WorkerLike | null) {
    let worker: WorkerLike | null = null;
    try {
      worker = createWorker();
    } catch (error) {
      console.error(`layout worker unavailable, laying out on the UI thread: ${String(error)}`);
    }
    this.worker = worker;
    worker?.addEventListener('message', (event) => this.receive(event.data));
    worker?.addEventListener('error', (event) => {
      console.error('layout worker failed, laying out on the UI thread', event);
      this.worker?.terminate();
      this.worker = null;
      // Redo the request that was waiting for the broken worker.
      if (this.inflight) this.compute(this.latest, this.inflight);
    });
  }

  /** Lays out `input`; `callback` runs once, unless a newer request supersedes this one. */
  request(input: LayoutInput, callback: LayoutCallback): void {
    const id = ++this.latest;
    this.callback = callback;
    const cached = this.cache.get(input.hash);
    if (cached) {
      this.inflight = null;
      this.remember(cached);
      queueMicrotask(() => this.deliver(id, cached));
      return;
    }
    this.inflight = input;
    if (this.worker) this.worker.postMessage({ id, input });
    else this.compute(id, input);
  }

  cached(hash: string): LayoutResult | undefined {
    return this.cache.get(hash);
  }

  dispose(): void {
    this.callback = null;
    this.worker?.terminate();
    this.worker = null;
  }

  private compute(id: number, input: LayoutInput): void {
    // Deferred so the caller sees the same asynchronous contract as with a worker.
    setTimeout(() => {
      if (id !== this.latest) return;
      const result = computeLayout(input);
      this.remember(result);
      this.deliver(id, result);
    }, 0);
  }

  private receive(response: LayoutResponse): void {
    if (!response.ok) {
      console.error(`layout failed: ${response.message}`);
      return;
    }
    this.remember(response.result);
    this.deliver(response.id, response.result);
  }

  private deliver(id: number, result: LayoutResult): void {
    if (id !== this.latest) return;
    this.inflight = null;
    const callback = this.callback;
    this.callback = null;
    callback?.(result);
  }

  private remember(result: LayoutResult): void {
    this.cache.delete(result.hash);
    this.cache.set(result.hash, result);
    for (const hash of this.cache.keys()) {
      if (this.cache.size <= CACHE_SIZE) break;
      this.cache.delete(hash);
    }
  }
}

export function createLayoutWorker(): WorkerLike {
  return new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
}
