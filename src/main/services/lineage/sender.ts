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
  /** The event being delivered, whose lease `close()` gives back. */
  private inFlight: number | undefined;

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
    if (this.inFlight !== undefined) {
      try {
        this.store.release(this.inFlight);
      } catch {
        // Store already closed: the lease simply expires.
      }
      this.inFlight = undefined;
    }
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
          if (!this.store.claim(row.seq, this.leaseMs())) {
            // Another sender is delivering it; sending what follows now would break the order.
            this.park(this.options.backoffMs);
            return;
          }
          this.inFlight = row.seq;
          const delivered = await this.deliver(row);
          this.inFlight = undefined;
          if (!delivered) {
            if (!this.closed) this.park();
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
      // Accepted even while closing: record it (if the store is still open) to avoid a redelivery.
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
      if (this.closed) return false;
    }
    this.store.markAttempt(row.seq);
    if (!this.reportedDown) {
      this.reportedDown = true;
      this.onError(`lineage endpoint down (${message}); events are spooled in the lineage store and will be redelivered`);
    }
    return false;
  }

  /** Long enough for every attempt at one event, so a live sender never loses its lease. */
  private leaseMs(): number {
    const { timeoutMs, retries, backoffMs, maxBackoffMs } = this.options;
    let waits = 0;
    for (let attempt = 1; attempt <= retries; attempt += 1) waits += Math.min(backoffMs * 2 ** (attempt - 1), maxBackoffMs);
    return (retries + 1) * timeoutMs + waits + 1000;
  }

  private park(fixedDelay?: number): void {
    this.state = 'down';
    const delay = fixedDelay ?? this.downDelay;
    if (fixedDelay === undefined) this.downDelay = Math.min(this.downDelay * 2, this.options.maxBackoffMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closed) return;
      this.state = 'idle';
      this.kick();
    }, delay);
    this.timer.unref();
  }
}
