// Hooks shared by the Traces and Lineage tabs: a keyed fetch that keeps the last answer on screen
// while the next loads, a key that changes when a run ends, whether a tab is showing, and "show this
// asset in the asset graph".
import { useCallback, useEffect, useState } from 'react';
import { useReactFlow } from '@xyflow/react';
import { apiErrorMessage } from '../../../shared/api/api-error';
import { useGraphStore } from '../../stores/graph-store';
import { useProjectStore } from '../../stores/project-store';
import { isLive, type RunsState } from '../../stores/runs-store';
import { selectTab, useUiStore, type BottomTab } from '../../stores/ui-store';

/** Changes whenever a run ends (its spans and lineage events are stored by then). */
export const selectFinishedRunsEpoch = (s: RunsState): string => {
  const finished = s.order.filter((id) => !isLive(s.runs[id]));
  return `${finished.length}:${finished[0] ?? ''}`;
};

export function useTabVisible(tab: BottomTab): boolean {
  return useUiStore(selectTab) === tab;
}

export interface Fetched<T> {
  /** The newest answer, possibly for an earlier key. */
  value: T | undefined;
  /** True when `value` answers the current key. */
  current: boolean;
  error: string | undefined;
}

/**
 * Runs `fetcher` whenever `key` changes (null: do nothing). `fetcher` must be memoized on the same
 * inputs as `key`. Answers for a superseded key are dropped.
 */
export function useFetch<T>(key: string | null, fetcher: () => Promise<T>): Fetched<T> {
  const [state, setState] = useState<{ key: string; value?: T; error?: string } | null>(null);
  useEffect(() => {
    if (key === null) return;
    let alive = true;
    fetcher().then(
      (value) => {
        if (alive) setState({ key, value });
      },
      (error: unknown) => {
        if (alive) setState((old) => ({ ...old, key, error: apiErrorMessage(error) }));
      },
    );
    return () => {
      alive = false;
    };
  }, [key, fetcher]);
  return {
    value: state?.value,
    current: state !== null && state.key === key && state.error === undefined,
    error: state?.key === key ? state.error : undefined,
  };
}

/**
 * Selects an asset in the asset graph (the asset panel shows it) and brings it into view when the
 * graph draws it. Call it outside any nested ReactFlowProvider: it needs the asset graph's instance.
 */
export function useRevealAsset(): (assetId: string) => boolean {
  const flow = useReactFlow();
  return useCallback(
    (assetId: string) => {
      if (!useProjectStore.getState().assetsById.has(assetId)) return false;
      useGraphStore.getState().select([assetId]);
      // Absent when the graph is filtered or drawn as an overview; the selection still shows it.
      if (flow.getNode(assetId) !== undefined)
        void flow.fitView({ nodes: [{ id: assetId }], maxZoom: 1.2, duration: 250 });
      return true;
    },
    [flow],
  );
}
