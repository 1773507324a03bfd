// An exporter whose implementation is loaded on its first use. The OTLP/HTTP exporter and its
// protobuf and transport modules take about 20 ms to initialise; a run without a collector never
// needs them, and `floe run` should not pay for them before dbt starts.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

export class DeferredExporter implements SpanExporter {
  private inner: Promise<SpanExporter> | undefined;

  constructor(private readonly load: () => Promise<SpanExporter>) {}

  private exporter(): Promise<SpanExporter> {
    this.inner ??= this.load();
    return this.inner;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    this.exporter().then(
      (exporter) => exporter.export(spans, resultCallback),
      (error: unknown) =>
        resultCallback({
          code: ExportResultCode.FAILED,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
  }

  async forceFlush(): Promise<void> {
    if (this.inner === undefined) return;
    await (await this.inner).forceFlush?.();
  }

  async shutdown(): Promise<void> {
    if (this.inner === undefined) return;
    await (await this.inner).shutdown();
  }
}
