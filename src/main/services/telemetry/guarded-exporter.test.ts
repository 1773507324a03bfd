import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { GuardedExporter } from './guarded-exporter';
import type { LogFields, Logger, LogLevel } from './logger';

function recordingLogger(
  lines: { level: LogLevel; message: string; fields?: LogFields }[],
): Logger {
  const log = (level: LogLevel, message: string, fields?: LogFields) =>
    lines.push({ level, message, fields });
  return {
    log,
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    filePath: () => '',
    flushSync: () => undefined,
    flush: async () => undefined,
    close: async () => undefined,
    addCorrelator: () => () => undefined,
  };
}

class ScriptedExporter implements SpanExporter {
  calls = 0;
  constructor(private readonly results: ExportResult[]) {}
  export(_spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const result = this.results[this.calls] ?? { code: ExportResultCode.SUCCESS };
    this.calls += 1;
    done(result);
  }
  async shutdown(): Promise<void> {}
}

const exportOnce = (exporter: SpanExporter): Promise<ExportResult> =>
  new Promise((resolve) => exporter.export([], resolve));

describe('GuardedExporter', () => {
  it('warns once per outage, skips exports while cooling down, and notes recovery', async () => {
    const lines: { level: LogLevel; message: string; fields?: LogFields }[] = [];
    let now = 0;
    const failed = {
      code: ExportResultCode.FAILED,
      error: new Error('connect ECONNREFUSED 127.0.0.1:9'),
    };
    const inner = new ScriptedExporter([failed, failed]);
    const guarded = new GuardedExporter(inner, {
      url: 'http://user:pw@127.0.0.1:9/v1/traces',
      logger: recordingLogger(lines),
      coolDownMs: 1000,
      now: () => now,
    });
    expect((await exportOnce(guarded)).code).toBe(ExportResultCode.FAILED);
    now = 500;
    expect((await exportOnce(guarded)).code).toBe(ExportResultCode.FAILED);
    expect(inner.calls).toBe(1);
    now = 1600;
    await exportOnce(guarded);
    now = 3000;
    expect((await exportOnce(guarded)).code).toBe(ExportResultCode.SUCCESS);
    expect(inner.calls).toBe(3);
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'OTLP trace export failed; spans are kept in the local store'],
      ['info', 'OTLP trace export recovered'],
    ]);
    expect(lines[0]?.fields).toMatchObject({
      endpoint: 'http://***@127.0.0.1:9/v1/traces',
      error: 'connect ECONNREFUSED 127.0.0.1:9',
    });
  });
});
