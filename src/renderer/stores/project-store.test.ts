import { beforeEach, describe, expect, it } from 'vitest';
import {
  activeEnvironmentInfo,
  selectEnvironments,
  selectProjectName,
  useProjectStore,
} from './project-store';
import { resetStores } from '../testing/reset-stores';
import { snapshotOf } from '../testing/snapshot';

beforeEach(resetStores);

describe('project store', () => {
  it('starts unloaded and empty', () => {
    const s = useProjectStore.getState();
    expect(s.loaded).toBe(false);
    expect(selectEnvironments(s)).toEqual([]);
    expect(selectProjectName(s)).toBeNull();
  });

  it('applies a snapshot: assets by id, problems, environments, active env (FR-010 metadata kept)', () => {
    const snapshot = snapshotOf({
      activeEnvironment: 'prod',
      problems: [{ severity: 'error', source: 'config', message: 'bad' }],
    });
    useProjectStore.getState().applySnapshot(snapshot);
    const s = useProjectStore.getState();
    expect(s.loaded).toBe(true);
    expect(s.assetsById.get('model.shop.customers')?.tags).toEqual(['pii']);
    expect(s.assetsById.size).toBe(snapshot.graph?.assets.length);
    expect(s.problems).toHaveLength(1);
    expect(activeEnvironmentInfo(s)).toEqual({
      name: 'prod',
      target: 'snowflake',
      protected: true,
    });
    expect(selectProjectName(s)).toBe('shop');
  });

  it('keeps the asset map when the graph object is unchanged, rebuilds it otherwise', () => {
    const snapshot = snapshotOf();
    const store = useProjectStore.getState();
    store.applySnapshot(snapshot);
    const first = useProjectStore.getState().assetsById;
    const seq = useProjectStore.getState().staleSeq;
    store.applySnapshot({ ...snapshot, stale: {} });
    expect(useProjectStore.getState().assetsById).toBe(first);
    expect(useProjectStore.getState().staleSeq).toBeGreaterThan(seq);
    store.applySnapshot(snapshotOf());
    expect(useProjectStore.getState().assetsById).not.toBe(first);
  });

  it('a null snapshot (no project open) still counts as loaded', () => {
    useProjectStore.getState().applySnapshot(null);
    expect(useProjectStore.getState()).toMatchObject({
      loaded: true,
      snapshot: null,
      problems: [],
    });
  });

  it('problems pushed on their own replace the list', () => {
    useProjectStore.getState().applySnapshot(snapshotOf());
    useProjectStore
      .getState()
      .setProblems([
        { severity: 'warning', source: 'manifest', message: 'no manifest', fix: 'parse' },
      ]);
    expect(useProjectStore.getState().problems[0]?.fix).toBe('parse');
  });
});
