// One-shot delivery of the spool (events stored but not yet accepted by their endpoint), in order.
// `createLineageObserver` does the same in the background when it starts; the CLI can await this.
import { existsSync } from 'node:fs';
import { EndpointSenders, knownEndpoints, type Environ } from './endpoints';
import { DEFAULT_DELIVERY, type DeliveryOptions } from './sender';
import { defaultLineageDbPath, LineageStore } from './store';

export interface DrainSpoolOptions {
  /** The store, or the project whose `.floe/lineage.db` to open. */
  store?: LineageStore;
  projectDir?: string;
  /** Endpoint URLs as configured (credentials included) to match spooled events against. */
  endpoints?: string[];
  /** `OPENLINEAGE_URL` counts as configured; `OPENLINEAGE_API_KEY` is sent. Default `process.env`. */
  environ?: Environ;
  delivery?: Partial<DeliveryOptions>;
  onError?: (message: string) => void;
  /** Give up waiting after this long (events stay spooled). Default 30 s. */
  timeoutMs?: number;
}

export interface DrainSpoolResult {
  delivered: number;
  /** Still spooled afterwards. */
  pending: number;
}

export async function drainSpool(options: DrainSpoolOptions): Promise<DrainSpoolResult> {
  const environ = options.environ ?? process.env;
  const onError = options.onError ?? ((): void => undefined);
  let store = options.store;
  if (store === undefined) {
    if (options.projectDir === undefined)
      throw new Error('drainSpool needs a store or a projectDir');
    const path = defaultLineageDbPath(options.projectDir);
    if (!existsSync(path)) return { delivered: 0, pending: 0 };
    store = new LineageStore(path);
  }
  const delivery: DeliveryOptions = { ...DEFAULT_DELIVERY, ...options.delivery };
  const opened = store;
  const senders = new EndpointSenders(() => opened, environ, delivery, onError);
  for (const raw of [...(options.endpoints ?? []), ...knownEndpoints(undefined, environ)])
    senders.remember(raw);
  try {
    for (const key of opened.pendingEndpoints()) senders.kick(key);
    await senders.settled(options.timeoutMs ?? 30_000);
    return { delivered: senders.delivered(), pending: opened.pendingCount() };
  } finally {
    senders.close();
    if (options.store === undefined) opened.close();
  }
}
