// The studio: top bar, asset graph with the asset panel beside it, bottom tabs, status line.
import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import type { ApiHandle } from './api/connection';
import { ApiContext } from './api/api-context';
import { selectGraph, selectLoaded, useProjectStore } from './stores/project-store';
import { selectNotice, useUiStore } from './stores/ui-store';
import { TopBar } from './features/top-bar/top-bar';
import { AssetGraph } from './features/graph/asset-graph';
import { AssetPanel } from './features/asset-panel/asset-panel';
import { ConfirmDialog } from './features/materialize/confirm-dialog';
import { BottomTabs } from './bottom-tabs';
import { useShortcuts } from './use-shortcuts';

/** Info notices ("Run started: …") clear themselves; errors stay until dismissed. */
const INFO_NOTICE_MS = 6000;

function StatusLine() {
  const notice = useUiStore(selectNotice);
  useEffect(() => {
    if (notice?.kind !== 'info') return;
    const timer = setTimeout(() => {
      if (useUiStore.getState().notice === notice) useUiStore.getState().notify(null);
    }, INFO_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  return (
    <footer className="status-line" role="status" data-kind={notice?.kind}>
      {notice ? (
        <>
          <span>{notice.text}</span>
          <button
            type="button"
            aria-label="Dismiss"
            onClick={() => useUiStore.getState().notify(null)}
          >
            ×
          </button>
        </>
      ) : null}
    </footer>
  );
}

function markReady(): void {
  document.body.dataset.ready = 'true';
}

/**
 * body[data-ready="true"] once the first snapshot is on screen with its layout (e2e waits on it). Set
 * directly, not through state: a re-render of the whole studio just to flip an attribute cost a frame.
 */
function useReadiness(): () => void {
  const loaded = useProjectStore(selectLoaded);
  const hasGraph = useProjectStore((s) => selectGraph(s) !== null);
  useEffect(() => {
    if (loaded && !hasGraph) markReady();
  }, [loaded, hasGraph]);
  // A layout is applied only once a snapshot with a graph is loaded.
  return markReady;
}

export function App({ handle }: { handle: ApiHandle }) {
  useShortcuts(handle.api);
  const onLayoutApplied = useReadiness();
  return (
    <ApiContext.Provider value={handle.api}>
      <ReactFlowProvider>
        <div className="app">
          <TopBar />
          <main className="app__main">
            <AssetGraph onLayoutApplied={onLayoutApplied} />
            <AssetPanel />
          </main>
          <BottomTabs />
          <StatusLine />
          <ConfirmDialog />
        </div>
      </ReactFlowProvider>
    </ApiContext.Provider>
  );
}
