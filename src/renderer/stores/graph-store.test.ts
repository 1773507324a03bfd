import { beforeEach, describe, expect, it } from 'vitest';
import { selectPrimarySelection, useGraphStore } from './graph-store';
import { resetStores } from '../testing/reset-stores';

beforeEach(resetStores);

describe('graph store', () => {
  it('selects without duplicates; the last selected is the primary one', () => {
    const store = useGraphStore.getState();
    store.select(['a', 'b', 'a']);
    expect(useGraphStore.getState().selected).toEqual(['a', 'b']);
    expect(selectPrimarySelection(useGraphStore.getState())).toBe('b');
    store.toggle('a');
    store.toggle('c');
    expect(useGraphStore.getState().selected).toEqual(['b', 'c']);
    store.clearSelection();
    expect(selectPrimarySelection(useGraphStore.getState())).toBeNull();
  });

  it('does not notify when the selection did not change', () => {
    useGraphStore.getState().select(['a']);
    let updates = 0;
    const off = useGraphStore.subscribe(() => updates++);
    useGraphStore.getState().select(['a']);
    off();
    expect(updates).toBe(0);
  });

  it('keeps the selection and focus across a reload, minus assets that are gone', () => {
    const store = useGraphStore.getState();
    store.select(['a', 'gone']);
    store.setFocus({ assetId: 'gone', depth: 2, direction: 'both' });
    store.retainExisting((id) => id === 'a');
    expect(useGraphStore.getState()).toMatchObject({ selected: ['a'], focus: null });
  });

  it('asks for a fit when the focus changes or on request', () => {
    const store = useGraphStore.getState();
    const before = useGraphStore.getState().fitRequest;
    store.setFocus({ assetId: 'a', depth: 1, direction: 'up' });
    store.requestFit();
    expect(useGraphStore.getState().fitRequest).toBe(before + 2);
  });
});
