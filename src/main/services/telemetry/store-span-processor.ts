// A SpanProcessor that keeps every ended span in the local store, in batches (one transaction each),
// so the timeline works with no collector at all. Writes happen off the hot path (a short timer) or
// when a batch is full; `flushSync` is what the observer calls at the end of a run.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanRecord } from '../../../shared/traces';
import type { Logger } from './logger';
import { toSpanRecord } from './span-record';

export interface SpanSink {
  insert(records: readonly SpanRecord[]): void;
}

export interface StoreSpanProcessorOptions {
  /** Spans per transaction before writing at once (default 500). */
  maxBatch?: number;
  /** Longest a span waits in memory (default 250 ms). */
  delayMs?: number;
  logger?: Logger;
}

export class StoreSpanProcessor implements SpanProcessor {
  private buffer: SpanRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private warned = false;

  constructor(
    private readonly sink: SpanSink,
    private readonly options: StoreSpanProcessorOptions = {},
  ) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    this.buffer.push(toSpanRecord(span));
    if (this.buffer.length >= (this.options.maxBatch ?? 500)) this.flushSync();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flushSync(), this.options.delayMs ?? 250);
      // A pending write must not keep a finished CLI process alive; dispose() flushes it anyway.
      this.timer.unref();
    }
  }

  flushSync(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      this.sink.insert(batch);
    } catch (error) {
      // A full disk or a locked file must not fail the run: say it once.
      if (!this.warned) {
        this.warned = true;
        this.options.logger?.warn('cannot write spans to the local trace store', {
          error: String(error),
        });
      }
    }
  }

  async forceFlush(): Promise<void> {
    this.flushSync();
  }

  async shutdown(): Promise<void> {
    this.flushSync();
  }
}
