import { describe, expect, it } from 'vitest';
import { exportSpansSchema, MAX_EXPORTED_SPANS } from './exported-span';

const span = {
  traceId: 'a'.repeat(32),
  spanId: 'b'.repeat(16),
  name: 'materialize',
  kind: 'internal',
  startMs: 1,
  endMs: 2,
  status: 'ok',
  attributes: { 'floe.ui.action': 'materialize' },
  events: [],
};

describe('telemetry.export payload (bounded, validated at the boundary)', () => {
  it('accepts a renderer span', () => {
    expect(exportSpansSchema.safeParse({ spans: [span] }).success).toBe(true);
  });

  it.each([
    ['no spans', { spans: [] }],
    ['too many spans', { spans: Array.from({ length: MAX_EXPORTED_SPANS + 1 }, () => span) }],
    ['a bad trace id', { spans: [{ ...span, traceId: 'xyz' }] }],
    ['an end before the start', { spans: [{ ...span, endMs: 0 }] }],
    ['a run id smuggled in', { spans: [{ ...span, runId: 'r1' }] }],
    [
      'too many attributes',
      {
        spans: [
          {
            ...span,
            attributes: Object.fromEntries([...Array(65).keys()].map((i) => [`k${i}`, i])),
          },
        ],
      },
    ],
    ['a huge attribute', { spans: [{ ...span, attributes: { big: 'x'.repeat(5000) } }] }],
  ])('rejects %s', (_what, payload) => {
    expect(exportSpansSchema.safeParse(payload).success).toBe(false);
  });
});
