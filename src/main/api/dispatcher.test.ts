import { describe, expect, it } from 'vitest';
import { createDispatcher, toApiError } from './dispatcher';
import { createEventHub } from './event-hub';
import { CodedError, createInMemoryHandlers } from './test-support/in-memory-handlers';
import type { ApiHandlers } from './types';

function setup(overrides: Partial<ApiHandlers> = {}) {
  const events = createEventHub();
  const calls: string[] = [];
  const base = createInMemoryHandlers(events);
  const handlers: ApiHandlers = { ...base, ...overrides };
  const traced: ApiHandlers = {
    ...handlers,
    'project.open': async (payload) => {
      calls.push(`open ${payload.dir}`);
      return handlers['project.open'](payload);
    },
  };
  const errors: unknown[] = [];
  const dispatcher = createDispatcher(traced, {
    onHandlerError: (_channel, error) => errors.push(error),
  });
  return { dispatcher, calls, errors, events };
}

describe('createDispatcher', () => {
  it('runs the handler with the parsed payload and wraps the result', async () => {
    const { dispatcher, calls } = setup();
    const response = await dispatcher.handle('project.open', { dir: '/tmp/shop' });
    expect(response).toMatchObject({
      ok: true,
      value: { dir: '/tmp/shop', activeEnvironment: 'dev' },
    });
    expect(calls).toEqual(['open /tmp/shop']);
  });

  it('rejects unknown channels before any handler runs', async () => {
    const { dispatcher, calls } = setup();
    for (const channel of ['project.delete', '__proto__', 'constructor', 42, null, undefined]) {
      const response = await dispatcher.handle(channel, { dir: '/x' });
      expect(response.ok).toBe(false);
      if (!response.ok) expect(response.error.code).toBe('unknown_channel');
    }
    expect(calls).toEqual([]);
  });

  it('rejects invalid payloads with a readable message listing every issue, before the handler runs', async () => {
    const { dispatcher, calls } = setup();
    const response = await dispatcher.handle('project.open', { dir: '', extra: true });
    expect(response.ok).toBe(false);
    if (response.ok) return;
    expect(response.error.code).toBe('invalid_payload');
    expect(response.error.message).toContain('Invalid payload for "project.open"');
    expect(response.error.message).toMatch(/dir: .*>=1 characters/);
    expect(response.error.message).toMatch(/Unrecognized key.*extra/);
    expect(calls).toEqual([]);

    const missing = await dispatcher.handle('runs.cancel', undefined);
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    if (!missing.ok) expect(missing.error.message).toContain('(payload)');

    const nested = await dispatcher.handle('runs.list', { limit: -3 });
    expect(nested).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    if (!nested.ok) expect(nested.error.message).toContain('limit:');
  });

  it('turns handler errors into failed responses without a stack trace', async () => {
    const { dispatcher, errors } = setup({
      'runs.get': async () => {
        throw new Error('No run run-9.');
      },
    });
    const response = await dispatcher.handle('runs.get', { runId: 'run-9' });
    expect(response).toEqual({ ok: false, error: { code: 'failed', message: 'No run run-9.' } });
    expect(JSON.stringify(response)).not.toContain(' at ');
    expect(errors).toHaveLength(1);
  });

  it('keeps an ApiError-like code from the handler error', async () => {
    const { dispatcher } = setup();
    const noProject = await dispatcher.handle('project.reload', {});
    expect(noProject).toEqual({
      ok: false,
      error: { code: 'no_project', message: 'No project is open.' },
    });
    await dispatcher.handle('project.open', { dir: '/p' });
    const protectedRun = await dispatcher.handle('runs.materialize', {
      select: 'orders',
      env: 'prod',
    });
    expect(protectedRun).toMatchObject({ ok: false, error: { code: 'confirmation_required' } });
    const confirmed = await dispatcher.handle('runs.materialize', {
      select: 'orders',
      env: 'prod',
      confirmed: true,
    });
    expect(confirmed).toEqual({ ok: true, value: { runId: 'run-1' } });
  });
});

describe('toApiError', () => {
  it('maps unknown codes and odd throwables to failed with a message', () => {
    expect(toApiError(new CodedError('ENOENT', 'missing'))).toEqual({
      code: 'failed',
      message: 'missing',
    });
    expect(toApiError('boom')).toEqual({ code: 'failed', message: 'boom' });
    expect(toApiError({ message: 'plain object' })).toEqual({
      code: 'failed',
      message: 'plain object',
    });
    expect(toApiError(undefined)).toEqual({ code: 'failed', message: 'The request failed.' });
  });
});
