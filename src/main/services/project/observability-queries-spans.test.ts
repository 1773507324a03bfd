// telemetry.export's side of the engine: renderer spans land in the trace store and come back with
// the run they started, without hiding the run's id.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportedSpan } from '../../../shared/api/exported-span';
import { ATTR, RUN_SPAN_NAME } from '../../../shared/traces';
import { SpanStore, tracesDbPath } from '../telemetry';
import { ObservabilityQueries } from './observability-queries';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const CLICK = 'b7ad6b7169203331';
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ObservabilityQueries.storeExternalSpans (issue 6 item 3)', () => {
  it('keeps the click span, returns it with the run, and still names the run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'floe-obsq-'));
    dirs.push(dir);
    const queries = new ObservabilityQueries(dir);
    const click: ExportedSpan = {
      traceId: TRACE,
      spanId: CLICK,
      name: 'materialize',
      kind: 'internal',
      startMs: 1000,
      endMs: 1020,
      status: 'ok',
      attributes: { 'floe.ui.action': 'materialize' },
      events: [],
      resource: { 'service.name': 'floe-studio-ui' },
    };
    expect(queries.storeExternalSpans([click])).toBe(1);
    expect(queries.storeExternalSpans([click])).toBe(0);
    const store = new SpanStore(tracesDbPath(dir));
    store.insert([
      {
        traceId: TRACE,
        spanId: '1'.repeat(16),
        parentSpanId: CLICK,
        name: RUN_SPAN_NAME,
        kind: 'internal',
        startMs: 1010,
        endMs: 2000,
        status: 'ok',
        attributes: { [ATTR.runId]: 'run-1' },
        events: [],
        runId: 'run-1',
      },
    ]);
    store.close();
    const trace = queries.runTrace(undefined);
    expect(trace.runId).toBe('run-1');
    expect(trace.spans.map((span) => [span.name, span.parentSpanId])).toEqual([
      ['materialize', undefined],
      [RUN_SPAN_NAME, CLICK],
    ]);
  });
});
