// Wraps the OTLP exporter so a collector that is down or slow never slows or fails a run: the first
// failure is logged once as a warning, then exports are skipped for a cool-down (spans stay in the local
// store) instead of piling up retries; the next success after an outage is logged once.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { redactString, type Logger } from './logger';

export interface GuardedExporterOptions {
  url: string;
  logger?: Logger;
  /** How long exports are skipped after a failure (default 30 s). */
  coolDownMs?: number;
  now?: () => number;
}

const DEFAULT_COOL_DOWN_MS = 30_000;

export class GuardedExporter implements SpanExporter {
  private failingSince: number | undefined;
  private skipped = 0;

  constructor(
    private readonly inner: SpanExporter,
    private readonly options: GuardedExporterOptions,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const now = this.options.now ?? Date.now;
    const coolDown = this.options.coolDownMs ?? DEFAULT_COOL_DOWN_MS;
    if (this.failingSince !== undefined && now() - this.failingSince < coolDown) {
      this.skipped += spans.length;
      resultCallback({
        code: ExportResultCode.FAILED,
        error: new Error('OTLP endpoint unavailable (cooling down)'),
      });
      return;
    }
    try {
      this.inner.export(spans, (result) => {
        if (result.code === ExportResultCode.SUCCESS) this.recovered();
        else this.failed(result.error);
        resultCallback(result);
      });
    } catch (error) {
      this.failed(error instanceof Error ? error : new Error(String(error)));
      resultCallback({
        code: ExportResultCode.FAILED,
        error: error instanceof Error ? error : undefined,
      });
    }
  }

  private failed(error: Error | undefined): void {
    const firstFailure = this.failingSince === undefined;
    this.failingSince = (this.options.now ?? Date.now)();
    if (!firstFailure) return;
    this.options.logger?.warn('OTLP trace export failed; spans are kept in the local store', {
      endpoint: redactString(this.options.url),
      error: error?.message ?? 'export failed',
    });
  }

  private recovered(): void {
    if (this.failingSince === undefined) return;
    this.failingSince = undefined;
    this.options.logger?.info('OTLP trace export recovered', {
      endpoint: redactString(this.options.url),
      skipped_spans: this.skipped,
    });
    this.skipped = 0;
  }

  async forceFlush(): Promise<void> {
    await this.inner.forceFlush?.();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}
