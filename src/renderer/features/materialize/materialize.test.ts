import { beforeEach, describe, expect, it } from 'vitest';
import { FloeApiError } from '../../../shared/api/api-error';
import { FakeApi } from '../../testing/fake-api';
import { resetStores } from '../../testing/reset-stores';
import { snapshotOf } from '../../testing/snapshot';
import { materialize } from './materialize';
import { cancelLiveRun, materializeSelection, rerun } from './actions';
import { useGraphStore } from '../../stores/graph-store';
import { useProjectStore } from '../../stores/project-store';
import { useRunsStore } from '../../stores/runs-store';
import { useLogsStore } from '../../stores/logs-store';
import { useUiStore } from '../../stores/ui-store';

beforeEach(resetStores);

/** Answers runs.materialize like an engine guarding `prod`. */
function engine(): FakeApi {
  return new FakeApi((channel, payload) => {
    if (channel === 'runs.cancel') return { canceled: true };
    const p = payload as { env?: string; confirmed?: boolean };
    if (p.env === 'prod' && !p.confirmed) {
      throw new FloeApiError({ code: 'confirmation_required', message: 'prod is protected' });
    }
    return { runId: 'run-1' };
  });
}

describe('materialize', () => {
  it('sends select and env, and no confirmation where none is needed', async () => {
    const fake = engine();
    const runId = await materialize(fake.api, { select: 'orders+', env: 'dev' }, () =>
      Promise.reject(new Error('must not ask')),
    );
    expect(runId).toBe('run-1');
    expect(fake.calls).toEqual([
      { channel: 'runs.materialize', payload: { select: 'orders+', env: 'dev' } },
    ]);
  });

  it('asks before a protected environment and retries with confirmed: true', async () => {
    const fake = engine();
    const asked: string[] = [];
    const runId = await materialize(fake.api, { select: 'orders', env: 'prod' }, (env) => {
      asked.push(env);
      return Promise.resolve(true);
    });
    expect(runId).toBe('run-1');
    expect(asked).toEqual(['prod']);
    expect(fake.calls.map((c) => c.payload)).toEqual([
      { select: 'orders', env: 'prod' },
      { select: 'orders', env: 'prod', confirmed: true },
    ]);
  });

  it('declining runs nothing; other errors propagate', async () => {
    const fake = engine();
    await expect(
      materialize(fake.api, { select: 'orders', env: 'prod' }, () => Promise.resolve(false)),
    ).resolves.toBeNull();
    expect(fake.calls).toHaveLength(1);
    const broken = new FakeApi(() => {
      throw new FloeApiError({ code: 'failed', message: 'dbt not found' });
    });
    await expect(
      materialize(broken.api, { select: 'a', env: null }, () => Promise.resolve(true)),
    ).rejects.toThrow('dbt not found');
  });
});

describe('actions', () => {
  it('materializes the selection with the scope, in the active env, then shows its log', async () => {
    const fake = engine();
    useProjectStore.getState().applySnapshot(snapshotOf());
    useGraphStore.getState().select(['model.shop.orders', 'source.shop.raw.orders']);
    useGraphStore.getState().setScope('upstream');
    useUiStore.getState().setTab('runs');
    await expect(materializeSelection(fake.api)).resolves.toBe('run-1');
    expect(fake.calls[0]?.payload).toEqual({ select: '+orders', env: 'dev' });
    expect(useLogsStore.getState().runId).toBe('run-1');
    expect(useUiStore.getState().tab).toBe('logs');
  });

  it('explains instead of sending when only sources are selected', async () => {
    const fake = engine();
    useProjectStore.getState().applySnapshot(snapshotOf());
    useGraphStore.getState().select(['source.shop.raw.orders']);
    await expect(materializeSelection(fake.api)).resolves.toBeNull();
    expect(fake.calls).toEqual([]);
    expect(useUiStore.getState().notice?.text).toContain('sources are not built');
  });

  it('shows the engine’s error as a notice', async () => {
    const broken = new FakeApi(() => {
      throw new FloeApiError({ code: 'failed', message: 'a run is already going' });
    });
    useProjectStore.getState().applySnapshot(snapshotOf());
    useGraphStore.getState().select(['model.shop.orders']);
    await materializeSelection(broken.api);
    expect(useUiStore.getState().notice).toEqual({
      kind: 'error',
      text: 'Materialize failed: a run is already going',
    });
  });

  it('re-runs with the run’s own selection and environment; cancels the live run', async () => {
    const fake = engine();
    await rerun(fake.api, {
      id: 'r0',
      status: 'failed',
      env: 'dev',
      selection: 'a b+',
      exclude: 'c',
      trigger: 'ui',
      startedAt: '2026-01-01T00:00:00Z',
      assets: {},
    });
    expect(fake.calls[0]?.payload).toEqual({ select: 'a b+', exclude: 'c', env: 'dev' });
    useRunsStore.getState().setRuns([
      {
        id: 'live',
        status: 'running',
        env: 'dev',
        selection: 'a',
        trigger: 'ui',
        startedAt: '2026-01-01T00:00:00Z',
        assets: {},
      },
    ]);
    await cancelLiveRun(fake.api);
    expect(fake.calls[1]).toEqual({ channel: 'runs.cancel', payload: { runId: 'live' } });
  });
});
