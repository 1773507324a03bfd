// Delivers the store's pending events to one endpoint, strictly in store order (so in order per run).
// A failed event is retried with exponential backoff; when the endpoint stays down the sender parks
// and probes again later (backoff up to a cap), leaving every event spooled in the store meanwhile.
import type { LineageStore, PendingLineageEvent } from './store';
import type { HttpTransport } from './transports';

export interface DeliveryOptions {
  /** Per request. */
  timeoutMs: number;
  /** Extra attempts for one event before the endpoint is considered down. */
  retries: number;
  /** First backoff; doubles per attempt, and per failed probe while down. */
  backoffMs: number;
  /** Cap of the backoff while the endpoint is down. */
  maxBackoffMs: number;
  /** Rows read from the store per query. */
  batchSize: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  timeoutMs: 5000,
  retries: 2,
  backoffMs: 250,
  maxBackoffMs: 30_000,
  batchSize: 200,
};

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export class EndpointSender {
  readonly transport: HttpTransport;
  /** Events this sender got accepted. */
  delivered = 0;
  private state: 'idle' | 'sending' | 'down' = 'idle';
  private downDelay: number;
  private timer: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];
  private closed = false;
  private reportedDown = false;

  constructor(
    private readonly store: LineageStore,
    transport: HttpTransport,
    private readonly options: DeliveryOptions,
    private readonly onError: (message: string) => void,
  ) {
    this.transport = transport;
    this.downDelay = options.backoffMs;
  }

  get isDown(): boolean {
    return this.state === 'down';
  }

  /** Starts draining unless already sending or parked after a failure. */
  kick(): void {
    if (this.closed || this.state !== 'idle') return;
    this.state = 'sending';
    void this.drain();
  }

  /** Resolves once the sender is idle (nothing pending) or parked (endpoint down), or closed. */
  settled(): Promise<void> {
    if (this.state !== 'sending' || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.transport.close();
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.closed) return;
        const batch = this.store.pending(this.transport.redactedUrl, this.options.batchSize);
        if (batch.length === 0) break;
        for (const row of batch) {
          if (this.closed) return;
          if (!(await this.deliver(row))) {
            this.park();
            return;
          }
        }
      }
      if (this.reportedDown) this.onError(`lineage endpoint ${this.transport.redactedUrl} is back; spooled events delivered`);
      this.reportedDown = false;
      this.downDelay = this.options.backoffMs;
      this.state = 'idle';
    } catch (error) {
      // The store was closed under us (shutdown) or failed: park; events stay spooled.
      if (!this.closed) {
        this.onError(`lineage delivery stopped: ${error instanceof Error ? error.message : String(error)}`);
        this.park();
      }
    } finally {
      if (this.state !== 'sending' || this.closed) this.notify();
    }
  }

  private async deliver(row: PendingLineageEvent): Promise<boolean> {
    let message = '';
    for (let attempt = 0; attempt <= this.options.retries; attempt += 1) {
      if (attempt > 0) await sleep(Math.min(this.options.backoffMs * 2 ** (attempt - 1), this.options.maxBackoffMs));
      if (this.closed) return false;
      const result = await this.transport.send(row.json, row.eventId);
      if (this.closed) return false;
      if (result.ok) {
        this.store.markDelivered(row.seq, new Date());
        this.delivered += 1;
        return true;
      }
      if (result.kind === 'reject') {
        this.store.markRejected(row.seq);
        this.onError(`${result.message} (event ${row.eventId}, kept in the local store)`);
        return true;
      }
      message = result.message;
    }
    this.store.markAttempt(row.seq);
    if (!this.reportedDown) {
      this.reportedDown = true;
      this.onError(`lineage endpoint down (${message}); events are spooled in the lineage store and will be redelivered`);
    }
    return false;
  }

  private park(): void {
    this.state = 'down';
    const delay = this.downDelay;
    this.downDelay = Math.min(this.downDelay * 2, this.options.maxBackoffMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closed) return;
      this.state = 'idle';
      this.kick();
    }, delay);
    this.timer.unref();
  }
}
