import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FloeApi } from '../shared/api/contract';
import { exportSpansSchema, type ExportedSpan } from '../shared/api/exported-span';
import {
  ACTION_ATTRIBUTE,
  connectTelemetry,
  formatTraceparent,
  startUserActionSpan,
  UI_SERVICE_NAME,
} from './telemetry';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

function recorder() {
  const batches: ExportedSpan[][] = [];
  const request = vi.fn((channel: string, payload: { spans: ExportedSpan[] }) => {
    expect(channel).toBe('telemetry.export');
    batches.push(payload.spans);
    return Promise.resolve({ stored: payload.spans.length });
  });
  return { batches, api: { request } as unknown as Pick<FloeApi, 'request'> };
}

let disconnect: (() => void) | undefined;
afterEach(() => {
  disconnect?.();
  disconnect = undefined;
});

describe('formatTraceparent', () => {
  it('writes the W3C header value with two hex digits of flags', () => {
    expect(formatTraceparent('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', 1)).toBe(
      '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    );
    expect(formatTraceparent('a'.repeat(32), 'b'.repeat(16), 0)).toBe(
      `00-${'a'.repeat(32)}-${'b'.repeat(16)}-00`,
    );
  });
});

describe('startUserActionSpan (issue 6 item 3, FR-016)', () => {
  it('gives a sampled traceparent and exports the ended span with the same ids', async () => {
    const { batches, api } = recorder();
    disconnect = connectTelemetry(api);
    const span = startUserActionSpan('materialize');
    const match = TRACEPARENT.exec(span.traceparent ?? '');
    expect(match).not.toBeNull();
    span.end();
    span.end(); // a second end is ignored
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    const exported = batches[0]?.[0];
    expect(exported).toMatchObject({
      traceId: match?.[1],
      spanId: match?.[2],
      name: 'materialize',
      status: 'ok',
      attributes: { [ACTION_ATTRIBUTE]: 'materialize' },
      resource: { 'service.name': UI_SERVICE_NAME },
    });
    expect(exported?.parentSpanId).toBeUndefined();
    expect(exported && exported.endMs >= exported.startMs).toBe(true);
    // What the engine will accept.
    expect(exportSpansSchema.safeParse({ spans: batches[0] }).success).toBe(true);
  });

  it('marks a failed action as an error with its message', async () => {
    const { batches, api } = recorder();
    disconnect = connectTelemetry(api);
    startUserActionSpan('materialize').end({ error: 'no project is open' });
    await vi.waitFor(() => expect(batches).toHaveLength(1));
    expect(batches[0]?.[0]).toMatchObject({ status: 'error', statusMessage: 'no project is open' });
  });

  it('is off until connected: no traceparent, nothing sent', () => {
    expect(startUserActionSpan('materialize').traceparent).toBeUndefined();
    const { batches, api } = recorder();
    connectTelemetry(api)();
    const span = startUserActionSpan('materialize');
    expect(span.traceparent).toBeUndefined();
    span.end();
    expect(batches).toHaveLength(0);
  });

  it('starts a new trace per action', () => {
    disconnect = connectTelemetry(recorder().api);
    const a = TRACEPARENT.exec(startUserActionSpan('a').traceparent ?? '');
    const b = TRACEPARENT.exec(startUserActionSpan('b').traceparent ?? '');
    expect(a?.[1]).not.toBe(b?.[1]);
  });
});
