import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEventBatcher, skippedNotice } from './event-batcher';
import type { HubEvent } from './types';

const output = (runId: string, data: string): HubEvent => ({
  channel: 'run.output',
  payload: { runId, data },
});
const status: HubEvent = {
  channel: 'asset.status',
  payload: { runId: 'r1', assetId: 'model.a', status: 'success', at: '2020-01-01T00:00:00Z' },
};

afterEach(() => {
  vi.useRealTimers();
});

describe('createEventBatcher', () => {
  it('merges consecutive output of the same run and keeps event order', () => {
    const batches: HubEvent[][] = [];
    const batcher = createEventBatcher({ deliver: (events) => batches.push(events) });
    batcher.push(output('r1', 'a\n'));
    batcher.push(output('r1', 'b\n'));
    batcher.push(status);
    batcher.push(output('r1', 'c\n'));
    batcher.push(output('r2', 'z\n'));
    batcher.flush();
    expect(batches).toEqual([
      [output('r1', 'a\nb\n'), status, output('r1', 'c\n'), output('r2', 'z\n')],
    ]);
    batcher.dispose();
  });

  it('keeps merged output events small, so no socket frame is huge', () => {
    const batches: HubEvent[][] = [];
    const batcher = createEventBatcher({
      deliver: (events) => batches.push(events),
      maxChunkChars: 10,
    });
    for (const piece of ['aaaa', 'bbbb', 'cccc', 'dddddddddddd', 'e'])
      batcher.push(output('r1', piece));
    batcher.flush();
    expect(batches).toEqual([
      [
        output('r1', 'aaaabbbb'),
        output('r1', 'cccc'),
        output('r1', 'dddddddddddd'),
        output('r1', 'e'),
      ],
    ]);
    batcher.dispose();
  });

  it('delivers about once a frame on its own', () => {
    vi.useFakeTimers();
    const batches: HubEvent[][] = [];
    const batcher = createEventBatcher({
      deliver: (events) => batches.push(events),
      intervalMs: 16,
    });
    for (let i = 0; i < 1000; i += 1) batcher.push(output('r1', `line ${i}\n`));
    expect(batches).toHaveLength(0);
    vi.advanceTimersByTime(16);
    expect(batches).toHaveLength(1);
    const [first] = batches;
    expect(first).toHaveLength(1);
    const event = first?.[0];
    expect(event?.channel === 'run.output' && event.payload.data.split('\n').length).toBe(1001);
    batcher.dispose();
  });

  it('holds events while the client is busy and caps the output it keeps, with a notice', () => {
    vi.useFakeTimers();
    let busy = true;
    const batches: HubEvent[][] = [];
    const batcher = createEventBatcher({
      deliver: (events) => batches.push(events),
      canDeliver: () => !busy,
      maxPendingOutputChars: 100,
    });
    batcher.push(output('r1', 'x'.repeat(60)));
    batcher.push(status);
    batcher.push(output('r1', 'y'.repeat(60)));
    vi.advanceTimersByTime(100);
    expect(batches).toHaveLength(0);
    busy = false;
    vi.advanceTimersByTime(16);
    expect(batches).toEqual([
      [output('r1', skippedNotice(60)), status, output('r1', 'y'.repeat(60))],
    ]);
    batcher.dispose();
    batcher.push(status);
    expect(batcher.pendingCount()).toBe(0);
  });
});
