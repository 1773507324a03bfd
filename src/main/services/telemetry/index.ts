// Telemetry: OpenTelemetry spans for runs (RunObserver), OTLP export, the local span store and the
// engine's structured JSON log.
export { createTelemetryObserver } from './telemetry-observer';
export type { TelemetryObserver, TelemetryObserverOptions } from './telemetry-observer';
export { createLogger, buildLogLine, formatTextLine, redactString } from './logger';
export type {
  Correlator,
  Logger,
  LoggerOptions,
  LogFields,
  LogFormat,
  LogLevel,
  LogLine,
  SpanIds,
} from './logger';
export { listRunSpans, listTracedRuns, tracesDbPath, SpanStore } from './span-store';
export { resolveOtlpConfig } from './otlp-config';
export type { OtlpConfig, Environ } from './otlp-config';
