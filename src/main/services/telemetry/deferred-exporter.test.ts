import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { DeferredExporter } from './deferred-exporter';

class CountingExporter implements SpanExporter {
  exported = 0;
  flushed = 0;
  shutDown = 0;
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.exported += spans.length + 1;
    done({ code: ExportResultCode.SUCCESS });
  }
  async forceFlush(): Promise<void> {
    this.flushed += 1;
  }
  async shutdown(): Promise<void> {
    this.shutDown += 1;
  }
}

const exportOnce = (exporter: SpanExporter): Promise<ExportResult> =>
  new Promise((resolve) => exporter.export([], resolve));

describe('DeferredExporter', () => {
  it('loads its exporter on the first export only, and hands every export to it', async () => {
    const inner = new CountingExporter();
    let loads = 0;
    const deferred = new DeferredExporter(async () => {
      loads += 1;
      return inner;
    });
    expect(loads).toBe(0);
    const results = await Promise.all([exportOnce(deferred), exportOnce(deferred)]);
    expect(results.map((r) => r.code)).toEqual([
      ExportResultCode.SUCCESS,
      ExportResultCode.SUCCESS,
    ]);
    expect(loads).toBe(1);
    expect(inner.exported).toBe(2);
    await deferred.forceFlush();
    await deferred.shutdown();
    expect([inner.flushed, inner.shutDown]).toEqual([1, 1]);
  });

  it('a run with nothing exported never loads it: flush and shutdown are no-ops', async () => {
    let loads = 0;
    const deferred = new DeferredExporter(async () => {
      loads += 1;
      return new CountingExporter();
    });
    await deferred.forceFlush();
    await deferred.shutdown();
    expect(loads).toBe(0);
  });

  it('an exporter that cannot be loaded fails the export (spans stay in the local store)', async () => {
    const deferred = new DeferredExporter(async () => {
      throw new Error('module not found');
    });
    const result = await exportOnce(deferred);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toBe('module not found');
  });
});
