// The one place the renderer traces user actions (PRODUCT.md F): a span per action made with
// @opentelemetry/sdk-trace-web, whose W3C traceparent travels with the request the action makes (the
// run's span becomes its child), and which is handed to the engine when it ends so that the stored
// trace of the run starts at the click. A provider of our own, never registered globally.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  SimpleSpanProcessor,
  WebTracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-web';
import type { FloeApi } from '../shared/api/contract';
import type { ExportedSpan } from '../shared/api/exported-span';
import { MAX_EXPORTED_SPANS } from '../shared/api/exported-span-limits';
import {
  hrTimeToMs,
  SPAN_KIND_NAMES,
  spanStatusName,
  toPlainAttributes,
} from '../shared/otel-span';

export interface UserActionSpan {
  /** W3C traceparent to send with the request the action makes; undefined while tracing is off. */
  readonly traceparent: string | undefined;
  end(outcome?: { error?: string }): void;
}

export const UI_SERVICE_NAME = 'floe-studio-ui';
export const ACTION_ATTRIBUTE = 'floe.ui.action';

/** `00-<traceId>-<spanId>-<flags>`: the W3C trace-context header value. */
export function formatTraceparent(traceId: string, spanId: string, traceFlags: number): string {
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The engine's schema bounds attribute counts; keep the first 64, as OTel's own limit would. */
const MAX_ATTRIBUTES = 64;

/** An SDK span as the `telemetry.export` channel takes it. */
export function toExportedSpan(span: ReadableSpan): ExportedSpan {
  const context = span.spanContext();
  const record: ExportedSpan = {
    traceId: context.traceId,
    spanId: context.spanId,
    name: span.name,
    kind: SPAN_KIND_NAMES[span.kind],
    startMs: hrTimeToMs(span.startTime),
    endMs: Math.max(hrTimeToMs(span.endTime), hrTimeToMs(span.startTime)),
    status: spanStatusName(span.status.code),
    attributes: toPlainAttributes(span.attributes, MAX_ATTRIBUTES),
    events: span.events.slice(0, 32).map((event) => ({
      name: event.name,
      timeMs: hrTimeToMs(event.time),
      attributes: toPlainAttributes(event.attributes ?? {}, MAX_ATTRIBUTES),
    })),
    resource: toPlainAttributes(span.resource.attributes, MAX_ATTRIBUTES),
  };
  if (span.parentSpanContext !== undefined) record.parentSpanId = span.parentSpanContext.spanId;
  if (span.status.message) record.statusMessage = span.status.message.slice(0, 2000);
  return record;
}

type Send = (spans: ExportedSpan[]) => Promise<unknown>;

/** Hands ended spans to the engine (the `telemetry.export` channel). */
export class ApiSpanExporter implements SpanExporter {
  constructor(private readonly send: Send) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    // Telemetry never surfaces as an error to the user: a failed export is simply not stored.
    this.send(spans.slice(0, MAX_EXPORTED_SPANS).map(toExportedSpan)).then(
      () => resultCallback({ code: ExportResultCode.SUCCESS }),
      (error: unknown) =>
        resultCallback({
          code: ExportResultCode.FAILED,
          error: error instanceof Error ? error : new Error(String(error)),
        }),
    );
  }

  async shutdown(): Promise<void> {}

  async forceFlush(): Promise<void> {}
}

/** Set while connected; without it tracing is off and actions carry no traceparent. */
let provider: WebTracerProvider | null = null;

/**
 * Turns user-action tracing on: ended spans go to the engine's trace store through `api`.
 * Returns the disconnect (tracing off again).
 */
export function connectTelemetry(api: Pick<FloeApi, 'request'>): () => void {
  const own = new WebTracerProvider({
    resource: resourceFromAttributes({ 'service.name': UI_SERVICE_NAME }),
    spanProcessors: [
      new SimpleSpanProcessor(
        new ApiSpanExporter((spans) => api.request('telemetry.export', { spans })),
      ),
    ],
  });
  provider = own;
  return () => {
    if (provider === own) provider = null;
    // Spans still open end without being exported.
    void own.shutdown();
  };
}

const OFF: UserActionSpan = { traceparent: undefined, end: () => undefined };

export function startUserActionSpan(name: string): UserActionSpan {
  if (provider === null) return OFF;
  const span = provider.getTracer('floe-studio-ui').startSpan(name, {
    kind: SpanKind.INTERNAL,
    attributes: { [ACTION_ATTRIBUTE]: name },
  });
  const { traceId, spanId, traceFlags } = span.spanContext();
  let ended = false;
  return {
    traceparent: formatTraceparent(traceId, spanId, traceFlags),
    end(outcome) {
      if (ended) return;
      ended = true;
      if (outcome?.error !== undefined)
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.error });
      else span.setStatus({ code: SpanStatusCode.OK });
      span.end();
    },
  };
}
