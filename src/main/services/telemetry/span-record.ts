// ReadableSpan (OTel SDK) → SpanRecord (what the local store, the CLI and the timeline read).
import { SpanKind, SpanStatusCode, type Attributes, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import {
  ATTR,
  type SpanAttributeValue,
  type SpanAttributes,
  type SpanKindName,
  type SpanRecord,
  type SpanStatusName,
} from '../../../shared/traces';

/** Epoch milliseconds with microsecond precision (a double keeps ~15 digits: µs is exact). */
export function hrTimeToMs(time: HrTime): number {
  return time[0] * 1e3 + Math.round(time[1] / 1e3) / 1e3;
}

const KINDS: Record<SpanKind, SpanKindName> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

function statusName(code: SpanStatusCode): SpanStatusName {
  switch (code) {
    case SpanStatusCode.OK:
      return 'ok';
    case SpanStatusCode.ERROR:
      return 'error';
    case SpanStatusCode.UNSET:
      return 'unset';
  }
}

function isAttributeValue(value: unknown): value is SpanAttributeValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return true;
  // OTel allows homogeneous arrays with null holes; keep arrays whose items are all one primitive type.
  if (!Array.isArray(value)) return false;
  const first: unknown = value[0];
  return value.every(
    (item: unknown) => item !== null && item !== undefined && typeof item === typeof first,
  );
}

export function toPlainAttributes(attributes: Attributes): SpanAttributes {
  const plain: SpanAttributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (isAttributeValue(value)) plain[key] = value;
  }
  return plain;
}

export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const context = span.spanContext();
  const attributes = toPlainAttributes(span.attributes);
  const runId = attributes[ATTR.runId];
  const nodeId = attributes[ATTR.uniqueId];
  const record: SpanRecord = {
    traceId: context.traceId,
    spanId: context.spanId,
    name: span.name,
    kind: KINDS[span.kind],
    startMs: hrTimeToMs(span.startTime),
    endMs: hrTimeToMs(span.endTime),
    status: statusName(span.status.code),
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
