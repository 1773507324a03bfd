// Asks the worker for layouts: only the answer for the latest request's graph is delivered (others are
// only cached), results are cached per graph hash, a request for a graph already being laid out waits
// for that answer instead of asking again, and where no worker can start (e.g. a file:// page that may
// not load one) the layout is computed on this thread instead.
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
  private nextId = 0;
  /** Hash of the latest request's graph: the only answer handed to `callback`. */
  private wanted: string | null = null;
  private callback: LayoutCallback | null = null;
  /** Graphs sent to the worker and not answered yet, by hash; and their hash by request id. */
  private readonly inflight = new Map<string, LayoutInput>();
  private readonly hashById = new Map<number, string>();
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
      const waiting = this.wanted === null ? undefined : this.inflight.get(this.wanted);
      this.inflight.clear();
      this.hashById.clear();
      if (waiting) this.compute(waiting);
    });
  }

  /** Lays out `input`; `callback` runs once, unless a newer request supersedes this one. */
  request(input: LayoutInput, callback: LayoutCallback): void {
    this.wanted = input.hash;
    this.callback = callback;
    const cached = this.cache.get(input.hash);
    if (cached) {
      this.remember(cached);
      queueMicrotask(() => this.deliver(cached));
      return;
    }
    this.start(input);
  }

  /**
   * Starts laying out `input` with nobody waiting yet (the first snapshot, before the UI that will
   * ask for it has rendered): a later `request` for the same graph then waits for this answer.
   */
  prefetch(input: LayoutInput): void {
    if (!this.cache.has(input.hash)) this.start(input);
  }

  cached(hash: string): LayoutResult | undefined {
    return this.cache.get(hash);
  }

  dispose(): void {
    this.callback = null;
    this.worker?.terminate();
    this.worker = null;
  }

  private start(input: LayoutInput): void {
    if (this.inflight.has(input.hash)) return;
    if (this.worker) {
      const id = ++this.nextId;
      this.inflight.set(input.hash, input);
      this.hashById.set(id, input.hash);
      this.worker.postMessage({ id, input });
    } else this.compute(input);
  }

  private compute(input: LayoutInput): void {
    // Deferred so the caller sees the same asynchronous contract as with a worker.
    setTimeout(() => {
      // Laid out only while still wanted (a prefetch is: nothing else asked yet).
      if (this.wanted !== null && this.wanted !== input.hash) return;
      const result = this.cache.get(input.hash) ?? computeLayout(input);
      this.remember(result);
      this.deliver(result);
    }, 0);
  }

  private receive(response: LayoutResponse): void {
    const hash = this.hashById.get(response.id);
    this.hashById.delete(response.id);
    if (hash !== undefined) this.inflight.delete(hash);
    if (!response.ok) {
      console.error(`layout failed: ${response.message}`);
      return;
    }
    this.remember(response.result);
    this.deliver(response.result);
  }

  private deliver(result: LayoutResult): void {
    if (result.hash !== this.wanted) return;
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

let shared: LayoutClient | null = null;

/** The page's one layout client; its worker starts on first use. */
export function sharedLayoutClient(): LayoutClient {
  shared ??= new LayoutClient(createLayoutWorker);
  return shared;
}
