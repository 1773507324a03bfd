// Converting OpenTelemetry SDK span fields to plain records: shared by the engine's span store and
// the renderer's click-span exporter (both turn SDK spans into SpanRecord-shaped data).
import { SpanKind, SpanStatusCode, type Attributes, type HrTime } from '@opentelemetry/api';
import type { SpanAttributeValue, SpanAttributes, SpanKindName, SpanStatusName } from './traces';

/** Epoch milliseconds with microsecond precision (a double keeps ~15 digits: µs is exact). */
export function hrTimeToMs(time: HrTime): number {
  return time[0] * 1e3 + Math.round(time[1] / 1e3) / 1e3;
}

export const SPAN_KIND_NAMES: Record<SpanKind, SpanKindName> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

export function spanStatusName(code: SpanStatusCode): SpanStatusName {
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
  if (!Array.isArray(value) || value.length === 0) return false;
  const first: unknown = value[0];
  return value.every(
    (item: unknown) => item !== null && item !== undefined && typeof item === typeof first,
  );
}

/** Plain attributes (primitive values and homogeneous arrays), at most `limit` of them. */
export function toPlainAttributes(attributes: Attributes, limit = Infinity): SpanAttributes {
  const plain: SpanAttributes = {};
  let count = 0;
  for (const [key, value] of Object.entries(attributes)) {
    if (count >= limit) break;
    if (isAttributeValue(value)) {
      plain[key] = value;
      count += 1;
    }
  }
  return plain;
}
