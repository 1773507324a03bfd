// Where spans are exported, resolved from floe.yaml and the standard OTEL_* variables. Pure: the
// environment is passed in (compression and certificates are read by the exporter itself).
// No endpoint → undefined → no exporter is built and no connection is made (FR-022).
import type { CompiledObservability } from '../../../shared/config/compiled-artifacts';
import { redactString } from './logger';

export type Environ = Readonly<Record<string, string | undefined>>;

export interface OtlpConfig {
  /** Full traces URL, e.g. `http://collector:4318/v1/traces`. */
  url: string;
  headers: Record<string, string>;
  timeoutMillis: number;
  /** Requested protocol; only `http/json` is sent (see `protocolNote`). */
  protocol: string;
  /** Set when OTEL_EXPORTER_OTLP_PROTOCOL asks for something other than http/json. */
  protocolNote?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const TRACES_PATH = 'v1/traces';

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function withTracesPath(base: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}${TRACES_PATH}`;
}

/** `k1=v1,k2=v2` with percent-encoded values, as OTEL_EXPORTER_OTLP_HEADERS is written. */
export function parseOtelHeaders(raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    if (!key) continue;
    try {
      headers[key] = decodeURIComponent(value);
    } catch {
      headers[key] = value;
    }
  }
  return headers;
}

function positiveNumber(raw: string | undefined): number | undefined {
  const value = Number(nonEmpty(raw));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The traces endpoint, in this order: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is), then
 * OTEL_EXPORTER_OTLP_ENDPOINT, then `observability.otlp_endpoint` (both as base URLs: `/v1/traces` is
 * appended unless the URL already ends with it). The variables win so that pointing them at a collector
 * (CI, a dev box) works whatever floe.yaml says.
 */
export function resolveOtlpConfig(
  observability: Pick<CompiledObservability, 'otlp_endpoint'>,
  environ: Environ,
): OtlpConfig | undefined {
  const specific = nonEmpty(environ.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  const base =
    nonEmpty(environ.OTEL_EXPORTER_OTLP_ENDPOINT) ??
    nonEmpty(observability.otlp_endpoint ?? undefined);
  let url: string | undefined = specific;
  if (url === undefined && base !== undefined)
    url = /\/v1\/traces\/?$/.test(base) ? base : withTracesPath(base);
  if (url === undefined) return undefined;

  const headers = {
    ...parseOtelHeaders(environ.OTEL_EXPORTER_OTLP_HEADERS),
    ...parseOtelHeaders(environ.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
  };
  const timeoutMillis =
    positiveNumber(environ.OTEL_EXPORTER_OTLP_TRACES_TIMEOUT) ??
    positiveNumber(environ.OTEL_EXPORTER_OTLP_TIMEOUT) ??
    DEFAULT_TIMEOUT_MS;
  const protocol =
    nonEmpty(environ.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL) ??
    nonEmpty(environ.OTEL_EXPORTER_OTLP_PROTOCOL) ??
    'http/json';
  const config: OtlpConfig = { url, headers, timeoutMillis, protocol };
  if (protocol !== 'http/json') {
    // Only the OTLP/HTTP JSON exporter ships with the app; collectors accept JSON on the same port.
    config.protocolNote = `OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not available; sending OTLP/HTTP JSON to ${redactString(url)}`;
  }
  return config;
}
