// Spans the renderer records (a user's click on Materialize…) and hands to the engine, which keeps
// them in the project's trace store next to the run they started. Bounded: a renderer is never
// trusted with an unbounded write.
import { z } from 'zod';
import { MAX_EXPORTED_SPANS } from './exported-span-limits';

const MAX_ATTRIBUTES = 64;
const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));
const epochMs = z.number().finite().nonnegative();

const attributeValue = z.union([
  z.string().max(4000),
  z.number().finite(),
  z.boolean(),
  z.array(z.string().max(1000)).max(100),
  z.array(z.number().finite()).max(100),
  z.array(z.boolean()).max(100),
]);

const attributes = z
  .record(z.string().min(1).max(200), attributeValue)
  .refine((value) => Object.keys(value).length <= MAX_ATTRIBUTES, {
    message: `at most ${MAX_ATTRIBUTES} attributes`,
  });

export const exportedSpanSchema = z
  .strictObject({
    traceId: hex(32),
    spanId: hex(16),
    parentSpanId: hex(16).optional(),
    name: z.string().min(1).max(200),
    kind: z.enum(['internal', 'server', 'client', 'producer', 'consumer']),
    startMs: epochMs,
    endMs: epochMs,
    status: z.enum(['unset', 'ok', 'error']),
    statusMessage: z.string().max(2000).optional(),
    attributes,
    events: z
      .array(z.strictObject({ name: z.string().min(1).max(200), timeMs: epochMs, attributes }))
      .max(32),
    resource: attributes.optional(),
  })
  .refine((span) => span.endMs >= span.startMs, { message: 'endMs before startMs' });

export { MAX_EXPORTED_SPANS };

export const exportSpansSchema = z.strictObject({
  spans: z.array(exportedSpanSchema).min(1).max(MAX_EXPORTED_SPANS),
});

export type ExportedSpan = z.output<typeof exportedSpanSchema>;
