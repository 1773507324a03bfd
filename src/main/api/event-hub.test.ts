import { describe, expect, it } from 'vitest';
import { createEventHub } from './event-hub';
import type { HubEvent } from './types';

describe('createEventHub', () => {
  it('delivers to every subscriber until it unsubscribes', () => {
    const hub = createEventHub();
    const a: HubEvent[] = [];
    const b: HubEvent[] = [];
    const offA = hub.subscribe((event) => a.push(event));
    const offB = hub.subscribe((event) => b.push(event));
    hub.emit('run.output', { runId: 'r1', data: 'x' });
    offA();
    hub.emit('problems', []);
    offB();
    expect(a).toEqual([{ channel: 'run.output', payload: { runId: 'r1', data: 'x' } }]);
    expect(b.map((event) => event.channel)).toEqual(['run.output', 'problems']);
    expect(hub.listenerCount()).toBe(0);
  });

  it('keeps delivering when a listener throws, and reports the error', () => {
    const errors: unknown[] = [];
    const hub = createEventHub({ onListenerError: (error) => errors.push(error) });
    const seen: string[] = [];
    hub.subscribe(() => {
      throw new Error('bad listener');
    });
    hub.subscribe((event) => seen.push(event.channel));
    hub.emit('problems', []);
    expect(seen).toEqual(['problems']);
    expect(errors).toHaveLength(1);
  });
});
