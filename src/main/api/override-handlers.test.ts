import { describe, expect, it } from 'vitest';
import { REQUEST_CHANNELS } from '../../shared/api/contract';
import { createEventHub } from './event-hub';
import { overrideHandlers } from './override-handlers';
import { createInMemoryHandlers } from './test-support/in-memory-handlers';
import type { ApiHandlers } from './types';

describe('overrideHandlers', () => {
  it('keeps every channel of a prototype-based service, with `this`, and applies overrides', async () => {
    const prototype = {
      ...createInMemoryHandlers(createEventHub()),
      opened: 0,
      async 'project.recent'(this: { opened: number }) {
        return { dirs: [`opened ${this.opened}`] };
      },
    };
    // Methods on the prototype, like a class instance: a plain spread would lose them all.
    const service = Object.create(prototype) as ApiHandlers & { opened: number };
    service.opened = 3;
    expect(Object.keys({ ...service })).toEqual(['opened']);

    const handlers = overrideHandlers(service, {
      'shell.openExternal': async () => ({ opened: true }),
    });
    expect(Object.keys(handlers).sort()).toEqual([...REQUEST_CHANNELS].sort());
    expect(await handlers['project.recent']({})).toEqual({ dirs: ['opened 3'] });
    expect(await handlers['shell.openExternal']({ url: 'https://docs.getdbt.com/' })).toEqual({
      opened: true,
    });
    expect(await handlers['runs.log']({ runId: 'x' })).toEqual({ runId: 'x', text: '' });
  });
});
