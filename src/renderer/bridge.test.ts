import { beforeEach, describe, expect, it } from 'vitest';
import { connectBridge } from './bridge';
import { requestInitialState } from './api/initial-requests';
import { FakeApi } from './testing/fake-api';
import { resetStores } from './testing/reset-stores';
import { snapshotOf } from './testing/snapshot';
import { useProjectStore } from './stores/project-store';
import { useRunsStore } from './stores/runs-store';
import { useLogsStore } from './stores/logs-store';
import { useGraphStore } from './stores/graph-store';
import { logBuffers } from './stores/log-buffers';
import type { RunSummary } from '../shared/runs';

beforeEach(resetStores);

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function run(
  id: string,
  status: RunSummary['status'],
  startedAt = '2026-01-01T10:00:00Z',
): RunSummary {
  return { id, status, env: 'dev', selection: 'orders', trigger: 'ui', startedAt, assets: {} };
}

function fakeEngine(): FakeApi {
  return new FakeApi((channel) => {
    if (channel === 'project.current') {
      return snapshotOf({
        latest: {
          'model.shop.orders': { status: 'success', runId: 'r0', at: '2026-01-01T09:00:00Z' },
        },
      });
    }
    if (channel === 'runs.list') return { runs: [run('r0', 'success', '2026-01-01T09:00:00Z')] };
    throw new Error(`unexpected ${channel}`);
  });
}

describe('bridge', () => {
  it('loads the project and runs on connect; shows the newest run’s log', async () => {
    const fake = fakeEngine();
    connectBridge(fake, { onError: (m) => expect.fail(m) });
    await flush();
    expect(useProjectStore.getState().snapshot?.name).toBe('shop');
    expect(useRunsStore.getState().statuses['model.shop.orders']?.status).toBe('success');
    expect(useRunsStore.getState().order).toEqual(['r0']);
    expect(useLogsStore.getState().runId).toBe('r0');
  });

  it('turns pushed events into store updates (FR-009)', async () => {
    const fake = fakeEngine();
    connectBridge(fake, { onError: (m) => expect.fail(m), schedule: (f) => f() });
    await flush();
    fake.emit('asset.status', {
      runId: 'r1',
      assetId: 'model.shop.orders',
      status: 'running',
      at: '2026-01-01T10:00:01Z',
    });
    fake.emit('check.result', { runId: 'r1', checkId: 'test.shop.t', status: 'pass' });
    fake.emit('problems', [{ severity: 'error', source: 'config', message: 'broken' }]);
    fake.emit('run.output', { runId: 'r1', data: 'hello\r\n' });
    fake.emit('project.changed', snapshotOf({ activeEnvironment: 'prod' }));
    expect(useRunsStore.getState().statuses['model.shop.orders']?.status).toBe('running');
    expect(useRunsStore.getState().checkResults['test.shop.t']?.status).toBe('pass');
    expect(useProjectStore.getState().problems).toEqual([]); // the later snapshot carried none
    expect(useProjectStore.getState().snapshot?.activeEnvironment).toBe('prod');
    expect(logBuffers.get('r1')?.text()).toBe('hello\r\n');
  });

  it('follows a new live run in the Logs panel unless another live one is shown', async () => {
    const fake = fakeEngine();
    connectBridge(fake, { onError: (m) => expect.fail(m) });
    await flush();
    fake.emit('run.updated', run('f1', 'queued', '2026-01-01T11:00:00Z'));
    expect(useLogsStore.getState().runId).toBe('f1');
    expect(logBuffers.get('f1')?.complete).toBe(true);
    fake.emit('run.updated', run('f2', 'queued', '2026-01-01T11:00:01Z'));
    expect(useLogsStore.getState().runId).toBe('f1');
    fake.emit('run.updated', run('f1', 'success', '2026-01-01T11:00:00Z'));
    fake.emit('run.updated', run('f2', 'running', '2026-01-01T11:00:01Z'));
    expect(useLogsStore.getState().runId).toBe('f2');
    expect(useRunsStore.getState().order).toEqual(['f2', 'f1', 'r0']);
  });

  it('G: switching environment replaces the statuses with that environment’s latest', async () => {
    const fake = fakeEngine();
    connectBridge(fake, { onError: (m) => expect.fail(m) });
    await flush();
    expect(useRunsStore.getState().statuses['model.shop.orders']?.status).toBe('success');
    fake.emit('project.changed', snapshotOf({ activeEnvironment: 'prod', latest: {} }));
    expect(useRunsStore.getState().statuses['model.shop.orders']).toBeUndefined();
  });

  it('keeps the selection across a project change, dropping vanished assets', async () => {
    const fake = fakeEngine();
    connectBridge(fake, { onError: (m) => expect.fail(m) });
    await flush();
    useGraphStore.getState().select(['model.shop.orders', 'model.shop.gone']);
    fake.emit('project.changed', snapshotOf());
    expect(useGraphStore.getState().selected).toEqual(['model.shop.orders']);
  });

  it('uses requests sent before the link opened for the first load, and loads again only after a drop', async () => {
    const fake = fakeEngine();
    fake.setState('connecting');
    const initial = requestInitialState(fake.api);
    connectBridge(fake, { onError: (m) => expect.fail(m), initial });
    await flush();
    expect(useProjectStore.getState().snapshot?.name).toBe('shop');
    expect(useRunsStore.getState().order).toEqual(['r0']);
    // The socket opens: the early requests go out then; nothing is asked twice.
    fake.setState('open');
    await flush();
    expect(fake.calls.map((c) => c.channel)).toEqual(['runs.list', 'project.current']);
    fake.setState('reconnecting');
    fake.setState('open');
    await flush();
    expect(fake.calls.filter((c) => c.channel === 'project.current')).toHaveLength(2);
  });

  it('applies the snapshot without waiting for the runs list', async () => {
    let answerRuns: (value: { runs: RunSummary[] }) => void = () => undefined;
    const runs = new Promise<{ runs: RunSummary[] }>((resolve) => (answerRuns = resolve));
    const fake = new FakeApi((channel) => (channel === 'project.current' ? snapshotOf() : runs));
    connectBridge(fake, { onError: (m) => expect.fail(m) });
    await flush();
    expect(useProjectStore.getState().snapshot?.name).toBe('shop');
    expect(useRunsStore.getState().order).toEqual([]);
    answerRuns({ runs: [run('r0', 'success')] });
    await flush();
    expect(useRunsStore.getState().order).toEqual(['r0']);
  });

  it('reloads after a reconnect, reports load failures, and unsubscribes on dispose', async () => {
    let fail = false;
    const fake = new FakeApi((channel) => {
      if (fail) throw new Error('engine down');
      return channel === 'project.current' ? snapshotOf() : { runs: [] };
    });
    const errors: string[] = [];
    const dispose = connectBridge(fake, { onError: (m) => errors.push(m) });
    await flush();
    expect(fake.calls.filter((c) => c.channel === 'project.current')).toHaveLength(1);
    fake.setState('reconnecting');
    fail = true;
    fake.setState('open');
    await flush();
    expect(fake.calls.filter((c) => c.channel === 'project.current')).toHaveLength(2);
    expect(errors[0]).toContain('engine down');
    dispose();
    expect(fake.listenerCount()).toBe(0);
  });
});
