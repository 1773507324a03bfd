// ReadableSpan (OTel SDK) → SpanRecord (what the local store, the CLI and the timeline read).
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  hrTimeToMs,
  SPAN_KIND_NAMES,
  spanStatusName,
  toPlainAttributes,
} from '../../../shared/otel-span';
import { ATTR, type SpanRecord } from '../../../shared/traces';

export { hrTimeToMs, toPlainAttributes };

export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const context = span.spanContext();
  const attributes = toPlainAttributes(span.attributes);
  const runId = attributes[ATTR.runId];
  const nodeId = attributes[ATTR.uniqueId];
  const record: SpanRecord = {
    traceId: context.traceId,
    spanId: context.spanId,
    name: span.name,
    kind: SPAN_KIND_NAMES[span.kind],
    startMs: hrTimeToMs(span.startTime),
    endMs: hrTimeToMs(span.endTime),
    status: spanStatusName(span.status.code),
    attributes,
    events: span.events.map((event) => ({
      name: event.name,
      timeMs: hrTimeToMs(event.time),
      attributes: toPlainAttributes(event.attributes ?? {}),
    })),
  };
  if (span.parentSpanContext !== undefined) record.parentSpanId = span.parentSpanContext.spanId;
  if (span.status.message !== undefined && span.status.message !== '')
    record.statusMessage = span.status.message;
  if (typeof runId === 'string') record.runId = runId;
  if (typeof nodeId === 'string') record.nodeId = nodeId;
  // The resource is the same for every span of a run: keep it once, on the run span.
  else record.resource = toPlainAttributes(span.resource.attributes);
  return record;
}
