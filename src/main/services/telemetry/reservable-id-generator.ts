// Span ids handed out before the span exists: a node's span is built when dbt reports its finish (so its
// start time is dbt's own), yet its id is needed from the node's start (TRACEPARENT, log lines, lineage).
import { RandomIdGenerator, type IdGenerator } from '@opentelemetry/sdk-trace-base';

export class ReservableIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  private nextSpanId: string | undefined;

  generateTraceId(): string {
    return this.random.generateTraceId();
  }

  generateSpanId(): string {
    const reserved = this.nextSpanId;
    if (reserved !== undefined) {
      this.nextSpanId = undefined;
      return reserved;
    }
    return this.random.generateSpanId();
  }

  /** A fresh span id, for `withSpanId` later. */
  reserve(): string {
    return this.random.generateSpanId();
  }

  /** Runs `start` (which must create exactly one span, synchronously) so that span gets `spanId`. */
  withSpanId<T>(spanId: string, start: () => T): T {
    this.nextSpanId = spanId;
    try {
      return start();
    } finally {
      this.nextSpanId = undefined;
    }
  }
}
