import { beforeEach, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../shared/runs';
import { selectActiveRun, selectLiveRunId, useRunsStore } from './runs-store';
import { resetStores } from '../testing/reset-stores';

beforeEach(resetStores);

function run(id: string, startedAt: string, status: RunSummary['status'] = 'success'): RunSummary {
  return { id, status, env: 'dev', selection: 'a', trigger: 'ui', startedAt, assets: {} };
}

describe('runs store', () => {
  it('orders runs newest first and updates them in place', () => {
    const store = useRunsStore.getState();
    store.setRuns([run('r1', '2026-01-01T10:00:00Z'), run('r3', '2026-01-01T12:00:00Z')]);
    store.upsertRun(run('r2', '2026-01-01T11:00:00Z', 'running'));
    expect(useRunsStore.getState().order).toEqual(['r3', 'r2', 'r1']);
    store.upsertRun(run('r2', '2026-01-01T11:00:00Z', 'failed'));
    expect(useRunsStore.getState().runs.r2?.status).toBe('failed');
    expect(useRunsStore.getState().order).toEqual(['r3', 'r2', 'r1']);
  });

  it('knows the newest live run (what Ctrl+. cancels) and the active run', () => {
    const store = useRunsStore.getState();
    store.setRuns([
      run('old', '2026-01-01T10:00:00Z', 'running'),
      run('new', '2026-01-01T11:00:00Z', 'queued'),
      run('done', '2026-01-01T12:00:00Z'),
    ]);
    expect(selectLiveRunId(useRunsStore.getState())).toBe('new');
    store.setActiveRun('done');
    expect(selectActiveRun(useRunsStore.getState())?.id).toBe('done');
  });

  it('FR-009: applies asset status events in order, a batch in one update', () => {
    const store = useRunsStore.getState();
    let updates = 0;
    const off = useRunsStore.subscribe(() => updates++);
    store.applyAssetStatuses([
      { runId: 'r1', assetId: 'a', status: 'queued', at: '2026-01-01T10:00:00Z' },
      { runId: 'r1', assetId: 'a', status: 'running', at: '2026-01-01T10:00:01Z' },
      { runId: 'r1', assetId: 'b', status: 'failed', at: '2026-01-01T10:00:02Z', message: 'boom' },
    ]);
    off();
    expect(updates).toBe(1);
    const { statuses } = useRunsStore.getState();
    expect(statuses.a?.status).toBe('running');
    expect(statuses.b).toMatchObject({ status: 'failed', message: 'boom', runId: 'r1' });
    expect((statuses.b?.seq ?? 0) > (statuses.a?.seq ?? 0)).toBe(true);
  });

  it('a late event of an older run does not overwrite a newer run’s status', () => {
    const store = useRunsStore.getState();
    store.applyAssetStatus({
      runId: 'r2',
      assetId: 'a',
      status: 'success',
      at: '2026-01-01T11:00:00Z',
    });
    store.applyAssetStatus({
      runId: 'r1',
      assetId: 'a',
      status: 'failed',
      at: '2026-01-01T10:00:00Z',
    });
    expect(useRunsStore.getState().statuses.a?.runId).toBe('r2');
  });

  it('the snapshot’s latest statuses fill in but never override something newer', () => {
    const store = useRunsStore.getState();
    store.applyAssetStatus({
      runId: 'r2',
      assetId: 'a',
      status: 'running',
      at: '2026-01-01T11:00:00Z',
    });
    store.applyLatest({
      a: { status: 'success', runId: 'r1', at: '2026-01-01T10:00:00Z' },
      b: { status: 'failed', runId: 'r1', at: '2026-01-01T10:00:00Z' },
    });
    const { statuses } = useRunsStore.getState();
    expect(statuses.a?.status).toBe('running');
    expect(statuses.b?.status).toBe('failed');
  });

  it('keeps the last result per check', () => {
    const store = useRunsStore.getState();
    store.applyCheckResult({ runId: 'r1', checkId: 't1', status: 'fail', failures: 3 });
    store.applyCheckResult({ runId: 'r2', checkId: 't1', status: 'pass' });
    expect(useRunsStore.getState().checkResults.t1?.status).toBe('pass');
  });
});
