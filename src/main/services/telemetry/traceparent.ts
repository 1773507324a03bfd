// The W3C traceparent dbt gets for a run span. Its own small module: the early dbt spawn of
// `floe run` (cli/early-run.ts) formats it without loading OpenTelemetry.
import type { SpanIds } from './logger';

/** W3C traceparent of a sampled span (every span here is: AlwaysOnSampler). */
export function traceparentOf(ids: SpanIds): string {
  return `00-${ids.traceId}-${ids.spanId}-01`;
}
