import { describe, expect, it } from 'vitest';
import { apiErrorCode } from '../shared/api/api-error';
import type { RequestChannel } from '../shared/api/contract';
import { createDispatcher } from '../main/api/dispatcher';
import { createEventHub } from '../main/api/event-hub';
import { createInMemoryHandlers } from '../main/api/test-support/in-memory-handlers';
import { createFloeApi } from './floe-api';

/** The preload's API wired straight to a real dispatcher and hub, as IPC would carry them. */
function setup() {
  const hub = createEventHub();
  const dispatcher = createDispatcher(createInMemoryHandlers(hub));
  const sent: string[] = [];
  const errors: unknown[] = [];
  const api = createFloeApi({
    invoke: (channel, payload) => {
      sent.push(channel);
      return dispatcher.handle(channel, payload);
    },
    onEvent: (listener) => {
      hub.subscribe((event) => listener(event.channel, event.payload));
    },
    reportListenerError: (_channel, error) => errors.push(error),
  });
  return { api, hub, sent, errors };
}

describe('createFloeApi (the preload’s window.floe)', () => {
  it('resolves with the value of an ok response', async () => {
    const { api } = setup();
    const snapshot = await api.request('project.open', { dir: '/tmp/shop' });
    expect(snapshot.dir).toBe('/tmp/shop');
  });

  it('refuses unknown channels without sending anything', async () => {
    const { api, sent } = setup();
    const bogus = 'fs.readFile' as RequestChannel;
    await expect(api.request(bogus, {} as never)).rejects.toThrow('[unknown_channel]');
    expect(() => api.on('nope' as 'problems', () => undefined)).toThrow('[unknown_channel]');
    expect(sent).toEqual([]);
  });

  it('rejects with the ApiError code and message of a failed response', async () => {
    const { api } = setup();
    const error: unknown = await api.request('project.reload', {}).catch((e: unknown) => e);
    expect(apiErrorCode(error)).toBe('no_project');
    expect(String(error)).toContain('No project is open.');
    const invalid: unknown = await api
      .request('runs.cancel', { runId: '' })
      .catch((e: unknown) => e);
    expect(apiErrorCode(invalid)).toBe('invalid_payload');
  });

  it('delivers events per channel until unsubscribed, isolating a throwing listener', async () => {
    const { api, hub, errors } = setup();
    const outputs: string[] = [];
    api.on('run.output', () => {
      throw new Error('broken view');
    });
    const off = api.on('run.output', (event) => outputs.push(event.data));
    const problems: number[] = [];
    api.on('problems', (list) => problems.push(list.length));
    hub.emit('run.output', { runId: 'r', data: 'one' });
    hub.emit('problems', []);
    off();
    hub.emit('run.output', { runId: 'r', data: 'two' });
    expect(outputs).toEqual(['one']);
    expect(problems).toEqual([0]);
    expect(errors).toHaveLength(2);
  });
});
