// The Lineage tab: datasets and jobs from the stored OpenLineage events around the selected asset
// (or the last run's assets), to a depth, expanded on click, with classification/PII badges, the
// chosen node's classified columns and event history, and a link to its asset in the graph.
import { useCallback, useState } from 'react';
import { useApi } from '../../api/api-context';
import { selectAssetsById, useProjectStore } from '../../stores/project-store';
import { useUiStore } from '../../stores/ui-store';
import { useRevealAsset, useTabVisible } from '../traces/observability-hooks';
import { LineageDetails } from './lineage-details';
import { LineageFlow } from './lineage-flow';
import { useLineage, type LineageView } from './use-lineage';
import './lineage.css';

const DEFAULT_DEPTH = 2;
const MAX_DEPTH = 10;

function sourceLabel(source: LineageView['source']): string {
  switch (source.kind) {
    case 'asset':
      return `Lineage around ${source.assetId}`;
    case 'run':
      return `Lineage of the last run’s assets (${source.runId}); select an asset to centre on it`;
    case 'none':
      return 'No runs yet';
  }
}

export function LineagePanel() {
  const api = useApi();
  const visible = useTabVisible('lineage');
  const assets = useProjectStore(selectAssetsById);
  const reveal = useRevealAsset();
  const [depth, setDepth] = useState(DEFAULT_DEPTH);
  const [refresh, setRefresh] = useState(0);
  const [focus, setFocus] = useState<string | null>(null);
  const view = useLineage(api, visible, depth, refresh);
  const { graph, expand } = view;

  const focusNode =
    graph?.nodes.find((node) => node.id === focus) ??
    graph?.nodes.find((node) => node.id === view.rootIds[0]);
  const onNodeClick = useCallback(
    (nodeId: string) => {
      setFocus(nodeId);
      expand(nodeId);
    },
    [expand],
  );
  const onReveal = useCallback(
    (assetId: string) => {
      if (reveal(assetId)) return;
      useUiStore.getState().notify({ kind: 'info', text: `${assetId} is not in the asset graph.` });
    },
    [reveal],
  );

  const empty = view.current && (graph === undefined || graph.nodes.length === 0);
  return (
    <section
      aria-label="Lineage"
      className="lineage-panel"
      data-ready={view.current ? 'true' : 'false'}
      data-node-count={graph?.nodes.length ?? 0}
    >
      <div className="lineage-panel__toolbar">
        <span className="muted lineage-panel__source">{sourceLabel(view.source)}</span>
        <label>
          Depth{' '}
          <input
            type="number"
            aria-label="Depth"
            min={0}
            max={MAX_DEPTH}
            value={depth}
            onChange={(e) => {
              const next = Number.parseInt(e.target.value, 10);
              if (Number.isFinite(next)) setDepth(Math.min(MAX_DEPTH, Math.max(0, next)));
            }}
          />
        </label>
        <button type="button" onClick={() => setRefresh((n) => n + 1)}>
          Refresh
        </button>
        <button type="button" onClick={view.reset} disabled={view.expanded.length === 0}>
          Collapse
        </button>
        {view.error ? <span className="error">{view.error}</span> : null}
      </div>
      <div className="lineage-panel__body">
        <div className="lineage-panel__graph">
          {empty ? (
            <p className="empty">
              {view.source.kind === 'none'
                ? 'No lineage yet: materialize something and its datasets and jobs appear here.'
                : 'No lineage events for this yet: materialize it to record some.'}
            </p>
          ) : graph && visible ? (
            <LineageFlow
              graph={graph}
              rootIds={view.rootIds}
              expanded={view.expanded}
              focusId={focusNode?.id ?? null}
              onNodeClick={onNodeClick}
            />
          ) : (
            <p className="empty">Loading lineage…</p>
          )}
        </div>
        <aside className="lineage-panel__side" aria-label="Lineage details">
          <LineageDetails
            node={focusNode}
            canReveal={focusNode?.assetId !== undefined && assets.has(focusNode.assetId)}
            onReveal={onReveal}
          />
        </aside>
      </div>
    </section>
  );
}
