// Delivers the store's pending events to one endpoint, strictly in store order (so in order per run).
// A failed event is retried with exponential backoff; when the endpoint stays down the sender parks
// and probes again later (backoff up to a cap), leaving every event spooled in the store meanwhile.
// Rows are leased before sending, so two senders on one store (the CLI and the studio, or a spool
// drain) never interleave; acknowledgements are written in batches to keep SQLite commits rare.
import type { LineageStore, PendingLineageEvent } from './store';
import type { HttpTransport } from './transports';
import { uuidv7 } from './uuid';

export interface DeliveryOptions {
  /** Per request. */
  timeoutMs: number;
  /** Extra attempts for one event before the endpoint is considered down. */
  retries: number;
  /** First backoff; doubles per attempt, and per failed probe while down. */
  backoffMs: number;
  /** Cap of the backoff while the endpoint is down. */
  maxBackoffMs: number;
  /** Rows read (and leased) from the store at a time. */
  batchSize: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = {
  timeoutMs: 5000,
  retries: 2,
  backoffMs: 250,
  maxBackoffMs: 30_000,
  batchSize: 200,
};

/** Acknowledgements written per commit at most; a crash can only cause this many redeliveries. */
const ACK_BATCH = 50;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export class EndpointSender {
  readonly transport: HttpTransport;
  /** Events this sender got accepted. */
  delivered = 0;
  private readonly owner = uuidv7();
  private state: 'idle' | 'sending' | 'down' = 'idle';
  private downDelay: number;
  private timer: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];
  private closed = false;
  private reportedDown = false;
  /** Accepted by the endpoint, not yet marked in the store. */
  private acked: number[] = [];
  /** Whether the endpoint has taken or refused an event of this sender's: it answers. */
  private answered = false;
  /** Leased by this sender and not yet settled. */
  private leased: number[] = [];

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

  /** Whether the endpoint has answered (taken or refused an event) since this sender started. */
  get hasAnswered(): boolean {
    return this.answered;
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
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    try {
      this.flushAcks();
      this.store.release(this.owner, this.leased);
    } catch {
      // Store already closed: leases simply expire; unmarked events are redelivered (same ids).
    }
    this.leased = [];
    this.transport.close();
    this.notify();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }

  private flushAcks(): void {
    if (this.acked.length === 0) return;
    const seqs = this.acked;
    this.acked = [];
    this.store.markDelivered(seqs, new Date());
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.closed) return;
        const batch = this.store.pending(this.transport.redactedUrl, this.options.batchSize);
        if (batch.length === 0) break;
        if (!(await this.sendBatch(batch))) return;
      }
      if (this.reportedDown)
        this.onError(
          `lineage endpoint ${this.transport.redactedUrl} is back; spooled events delivered`,
        );
      this.reportedDown = false;
      this.downDelay = this.options.backoffMs;
      this.state = 'idle';
    } catch (error) {
      // The store was closed under us (shutdown) or failed: park; events stay spooled.
      if (!this.closed) {
        this.onError(
          `lineage delivery stopped: ${error instanceof Error ? error.message : String(error)}`,
        );
        this.park();
      }
    } finally {
      if (this.state !== 'sending' || this.closed) this.notify();
    }
  }

  /** Sends a batch in order; false when the sender parked or closed on the way. */
  private async sendBatch(batch: PendingLineageEvent[]): Promise<boolean> {
    const lease = this.leaseMs();
    const seqs = batch.map((row) => row.seq);
    if (!this.store.claim(this.owner, seqs, lease)) {
      // Another sender is delivering some of them; sending what follows now would break the order.
      this.park(this.options.backoffMs);
      return false;
    }
    this.leased = seqs;
    let leasedAt = Date.now();
    for (let i = 0; i < batch.length; i += 1) {
      const row = batch[i];
      if (row === undefined || this.closed) return false;
      if (Date.now() - leasedAt > lease / 2) {
        this.flushAcks();
        if (!this.store.claim(this.owner, seqs.slice(i), lease)) {
          this.leased = [];
          this.park(this.options.backoffMs);
          return false;
        }
        leasedAt = Date.now();
      }
      const outcome = await this.deliver(row);
      if (outcome === 'failed') {
        if (this.closed) return false;
        this.flushAcks();
        this.store.release(this.owner, seqs.slice(i));
        this.leased = [];
        this.park();
        return false;
      }
      if (outcome === 'delivered') {
        this.acked.push(row.seq);
        if (this.acked.length >= ACK_BATCH) this.flushAcks();
      }
    }
    this.flushAcks();
    this.leased = [];
    return true;
  }

  private async deliver(row: PendingLineageEvent): Promise<'delivered' | 'rejected' | 'failed'> {
    let message = '';
    for (let attempt = 0; attempt <= this.options.retries; attempt += 1) {
      if (attempt > 0)
        await sleep(
          Math.min(this.options.backoffMs * 2 ** (attempt - 1), this.options.maxBackoffMs),
        );
      if (this.closed) return 'failed';
      const result = await this.transport.send(row.json, row.eventId);
      if (result.ok) {
        this.answered = true;
        this.delivered += 1;
        return 'delivered';
      }
      if (result.kind === 'reject') {
        this.answered = true;
        this.store.markRejected(row.seq);
        this.onError(`${result.message} (event ${row.eventId}, kept in the local store)`);
        return 'rejected';
      }
      message = result.message;
      if (this.closed) return 'failed';
    }
    this.store.markAttempt(row.seq);
    if (!this.reportedDown) {
      this.reportedDown = true;
      this.onError(
        `lineage endpoint down (${message}); events are spooled in the lineage store and will be redelivered`,
      );
    }
    return 'failed';
  }

  /** Twice what one event's attempts can take, so a live sender renews its lease in time. */
  private leaseMs(): number {
    const { timeoutMs, retries, backoffMs, maxBackoffMs } = this.options;
    let waits = 0;
    for (let attempt = 1; attempt <= retries; attempt += 1)
      waits += Math.min(backoffMs * 2 ** (attempt - 1), maxBackoffMs);
    return 2 * ((retries + 1) * timeoutMs + waits) + 1000;
  }

  private park(fixedDelay?: number): void {
    this.state = 'down';
    const delay = fixedDelay ?? this.downDelay;
    if (fixedDelay === undefined)
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
