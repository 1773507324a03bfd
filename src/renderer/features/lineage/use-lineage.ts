// What the lineage view draws: the graph around the selected asset, or around the assets of the last
// finished run when nothing is selected, to a depth, plus the nodes the user expanded. Refetched when
// a run ends and whenever the tab is shown again.
import { useCallback, useMemo, useState } from 'react';
import type { FloeApi } from '../../../shared/api/contract';
import type { LineageGraph } from '../../../shared/lineage';
import { selectPrimarySelection, useGraphStore } from '../../stores/graph-store';
import { isLive, useRunsStore, type RunsState } from '../../stores/runs-store';
import { selectFinishedRunsEpoch, useFetch } from '../traces/observability-hooks';
import { mergeGraphs, runAssetIds } from './lineage-layout';

/** Roots drawn at once when showing a whole run; beyond it the view would be a hairball anyway. */
const MAX_RUN_ROOTS = 40;
/** Events read to find a run's assets (two per asset, plus the run's own). */
const RUN_EVENTS_LIMIT = 5000;
/** An expansion adds one dataset hop: node → job → dataset, or dataset → job → dataset. */
const EXPAND_DEPTH = 2;

const selectLastFinishedRun = (s: RunsState): string | null =>
  s.order.find((id) => !isLive(s.runs[id])) ?? null;

export interface LineageView {
  /** What the graph is centred on, for the toolbar. */
  source: { kind: 'asset'; assetId: string } | { kind: 'run'; runId: string } | { kind: 'none' };
  graph: LineageGraph | undefined;
  rootIds: string[];
  expanded: readonly string[];
  /** True once the graph answers the current roots, depth and expansions. */
  current: boolean;
  error: string | undefined;
  expand(nodeId: string): void;
  reset(): void;
}

export function useLineage(
  api: FloeApi,
  visible: boolean,
  depth: number,
  refresh: number,
): LineageView {
  const selected = useGraphStore(selectPrimarySelection);
  const lastRun = useRunsStore(selectLastFinishedRun);
  const epoch = useRunsStore(selectFinishedRunsEpoch);

  const runAssets = useFetch(
    visible && selected === null && lastRun !== null ? `run-assets|${lastRun}|${epoch}` : null,
    useCallback(
      () =>
        lastRun === null
          ? Promise.resolve([])
          : api
              .request('lineage.events', { runId: lastRun, limit: RUN_EVENTS_LIMIT })
              .then(({ events }) => runAssetIds(events).slice(0, MAX_RUN_ROOTS)),
      [api, lastRun],
    ),
  );

  const rootsKey =
    selected !== null
      ? selected
      : runAssets.current && runAssets.value
        ? runAssets.value.join('\n')
        : '';
  const roots = useMemo(() => (rootsKey === '' ? [] : rootsKey.split('\n')), [rootsKey]);

  // Expansions belong to the roots they were made on.
  const [expansion, setExpansion] = useState<{ rootsKey: string; ids: string[] }>({
    rootsKey: '',
    ids: [],
  });
  const expanded = useMemo(
    () => (expansion.rootsKey === rootsKey ? expansion.ids : []),
    [expansion, rootsKey],
  );

  const graph = useFetch(
    visible && roots.length > 0
      ? `graph|${rootsKey}|${depth}|${expanded.join('\n')}|${epoch}|${refresh}`
      : null,
    useCallback(async () => {
      const answers = await Promise.all([
        ...roots.map((key) => api.request('lineage.graph', { key, depth })),
        ...expanded.map((key) => api.request('lineage.graph', { key, depth: EXPAND_DEPTH })),
      ]);
      const rootIds = answers
        .slice(0, roots.length)
        .flatMap((answer) => (answer.rootId === null ? [] : [answer.rootId]));
      return { graph: mergeGraphs(answers), rootIds };
    }, [api, roots, depth, expanded]),
  );

  const expand = useCallback(
    (nodeId: string) =>
      setExpansion((old) => {
        const ids = old.rootsKey === rootsKey ? old.ids : [];
        return ids.includes(nodeId) ? old : { rootsKey, ids: [...ids, nodeId] };
      }),
    [rootsKey],
  );
  const reset = useCallback(() => setExpansion({ rootsKey: '', ids: [] }), []);

  const source: LineageView['source'] =
    selected !== null
      ? { kind: 'asset', assetId: selected }
      : lastRun !== null
        ? { kind: 'run', runId: lastRun }
        : { kind: 'none' };
  // Nothing to ask for counts as answered: the view can say so at once.
  const nothing =
    visible &&
    (source.kind === 'none' || (source.kind === 'run' && runAssets.current && roots.length === 0));
  return {
    source,
    graph: roots.length > 0 ? graph.value?.graph : undefined,
    rootIds: graph.value?.rootIds ?? [],
    expanded,
    current: nothing || (roots.length > 0 && graph.current),
    error: graph.error ?? runAssets.error,
    expand,
    reset,
  };
}
