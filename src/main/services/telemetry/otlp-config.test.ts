import { describe, expect, it } from 'vitest';
import { parseOtelHeaders, resolveOtlpConfig } from './otlp-config';

const none = { otlp_endpoint: null };

describe('resolveOtlpConfig (FR-020, FR-022)', () => {
  it('is undefined without any endpoint, so nothing is exported', () => {
    expect(resolveOtlpConfig(none, {})).toBeUndefined();
    expect(
      resolveOtlpConfig({ otlp_endpoint: '  ' }, { OTEL_EXPORTER_OTLP_ENDPOINT: '' }),
    ).toBeUndefined();
  });

  it('appends /v1/traces to base URLs and uses the per-signal URL as is', () => {
    expect(resolveOtlpConfig({ otlp_endpoint: 'http://c:4318' }, {})?.url).toBe(
      'http://c:4318/v1/traces',
    );
    expect(resolveOtlpConfig({ otlp_endpoint: 'http://c:4318/v1/traces' }, {})?.url).toBe(
      'http://c:4318/v1/traces',
    );
    expect(resolveOtlpConfig(none, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://e:4318/' })?.url).toBe(
      'http://e:4318/v1/traces',
    );
    expect(
      resolveOtlpConfig(none, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t:9/custom' })?.url,
    ).toBe('http://t:9/custom');
  });

  it('lets the OTEL variables override floe.yaml, the per-signal one first', () => {
    const yaml = { otlp_endpoint: 'http://yaml:4318' };
    expect(resolveOtlpConfig(yaml, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318' })?.url).toBe(
      'http://env:4318/v1/traces',
    );
    expect(
      resolveOtlpConfig(yaml, {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t/v1/traces',
      })?.url,
    ).toBe('http://t/v1/traces');
  });

  it('reads headers and timeout, the per-signal variables winning', () => {
    const config = resolveOtlpConfig(none, {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
      OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%20b,x-tenant=acme',
      OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'x-tenant=beta',
      OTEL_EXPORTER_OTLP_TIMEOUT: '2500',
      OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: 'nonsense',
    });
    expect(config).toMatchObject({
      headers: { 'api-key': 'a b', 'x-tenant': 'beta' },
      timeoutMillis: 2500,
      protocol: 'http/json',
    });
    expect(config?.protocolNote).toBeUndefined();
    expect(resolveOtlpConfig({ otlp_endpoint: 'http://c' }, {})?.timeoutMillis).toBe(10_000);
  });

  it('explains that a protobuf or gRPC request is sent as JSON, without credentials', () => {
    const config = resolveOtlpConfig(
      { otlp_endpoint: 'https://u:secret@c:4318' },
      { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' },
    );
    expect(config?.protocolNote).toMatch(/http\/protobuf.*OTLP\/HTTP JSON/);
    expect(config?.protocolNote).not.toContain('secret');
  });

  it('parses key=value lists leniently', () => {
    expect(parseOtelHeaders('a=1, b = 2 ,bad,=x,c=%E0%A4%A')).toEqual({
      a: '1',
      b: '2',
      c: '%E0%A4%A',
    });
    expect(parseOtelHeaders(undefined)).toEqual({});
  });
});
