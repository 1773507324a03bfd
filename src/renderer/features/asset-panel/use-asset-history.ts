// assets.history for one asset, refetched when a run ends (new materializations and check results).
import { useEffect, useState } from 'react';
import type { AssetHistory, FloeApi } from '../../../shared/api/contract';
import { apiErrorMessage } from '../../../shared/api/api-error';
import { isLive, useRunsStore, type RunsState } from '../../stores/runs-store';

/** Changes whenever a run starts or ends. */
const selectRunsEpoch = (s: RunsState): string =>
  `${s.order.length}:${s.order.filter((id) => !isLive(s.runs[id])).length}`;

export function useAssetHistory(
  api: FloeApi,
  assetId: string | null,
): { history: AssetHistory | null; error: string | null } {
  const epoch = useRunsStore(selectRunsEpoch);
  const [state, setState] = useState<{
    assetId: string | null;
    history: AssetHistory | null;
    error: string | null;
  }>({ assetId: null, history: null, error: null });
  useEffect(() => {
    if (assetId === null) return;
    let alive = true;
    api.request('assets.history', { assetId }).then(
      (history) => alive && setState({ assetId, history, error: null }),
      (e: unknown) => alive && setState({ assetId, history: null, error: apiErrorMessage(e) }),
    );
    return () => {
      alive = false;
    };
  }, [api, assetId, epoch]);
  // Never show another asset's history while the new one loads.
  return state.assetId === assetId ? state : { history: null, error: null };
}
