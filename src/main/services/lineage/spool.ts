// One-shot delivery of the spool (events stored but not yet accepted by their endpoint), in order.
// `createLineageObserver` does the same in the background when it starts; the CLI can await this.
import { existsSync } from 'node:fs';
import { lineageEndpointUrl, redactUrl } from './naming';
import type { Environ } from './observer';
import { DEFAULT_DELIVERY, EndpointSender, type DeliveryOptions } from './sender';
import { defaultLineageDbPath, LineageStore } from './store';
import { HttpTransport } from './transports';

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
  const urls = new Map<string, string>();
  for (const raw of [...(options.endpoints ?? []), environ['OPENLINEAGE_URL'] ?? '']) {
    if (raw.trim() === '') continue;
    try {
      const url = lineageEndpointUrl(raw);
      urls.set(redactUrl(url), url);
    } catch {
      onError(`lineage endpoint is not a valid URL (${redactUrl(raw)})`);
    }
  }
  const senders: EndpointSender[] = [];
  try {
    for (const key of store.pendingEndpoints()) {
      const transport = new HttpTransport({
        url: urls.get(key) ?? key,
        apiKey: environ['OPENLINEAGE_API_KEY'] || undefined,
        timeoutMs: delivery.timeoutMs,
      });
      const sender = new EndpointSender(store, transport, delivery, onError);
      senders.push(sender);
      sender.kick();
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.timeoutMs ?? 30_000);
    });
    await Promise.race([Promise.all(senders.map((sender) => sender.settled())), deadline]);
    if (timer) clearTimeout(timer);
    return {
      delivered: senders.reduce((sum, sender) => sum + sender.delivered, 0),
      pending: store.pendingCount(),
    };
  } finally {
    for (const sender of senders) sender.close();
    if (options.store === undefined) store.close();
  }
}
