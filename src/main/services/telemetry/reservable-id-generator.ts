// Span ids handed out before the span exists: a node's span is built when dbt reports its finish (so its
// start time is dbt's own), yet its id is needed from the node's start (TRACEPARENT, log lines, lineage).
import { RandomIdGenerator, type IdGenerator } from '@opentelemetry/sdk-trace-base';

export class ReservableIdGenerator implements IdGenerator {
  private readonly random = new RandomIdGenerator();
  private nextSpanId: string | undefined;
  private nextTraceId: string | undefined;

  generateTraceId(): string {
    const reserved = this.nextTraceId;
    if (reserved !== undefined) {
      this.nextTraceId = undefined;
      return reserved;
    }
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
    return this.withIds(undefined, spanId, start);
  }

  /**
   * As withSpanId; a root span also gets `traceId` (a child keeps its parent's). For the run span,
   * whose ids dbt gets in TRACEPARENT before the span exists (telemetry-observer.ts reserveRun).
   */
  withIds<T>(traceId: string | undefined, spanId: string, start: () => T): T {
    this.nextTraceId = traceId;
    this.nextSpanId = spanId;
    try {
      return start();
    } finally {
      this.nextTraceId = undefined;
      this.nextSpanId = undefined;
    }
  }
}
