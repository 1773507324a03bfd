import { beforeEach, describe, expect, it } from 'vitest';
import { useUiStore } from './ui-store';
import { resetStores } from '../testing/reset-stores';

beforeEach(resetStores);

describe('ui store', () => {
  it('resolves a confirmation with the user’s answer', async () => {
    const answer = useUiStore.getState().askConfirm('prod', 'orders');
    expect(useUiStore.getState().confirm).toMatchObject({ env: 'prod', select: 'orders' });
    useUiStore.getState().answerConfirm(true);
    await expect(answer).resolves.toBe(true);
    expect(useUiStore.getState().confirm).toBeNull();
  });

  it('a second confirmation declines the first', async () => {
    const first = useUiStore.getState().askConfirm('prod', 'a');
    const second = useUiStore.getState().askConfirm('prod', 'b');
    await expect(first).resolves.toBe(false);
    useUiStore.getState().answerConfirm(false);
    await expect(second).resolves.toBe(false);
  });
});
