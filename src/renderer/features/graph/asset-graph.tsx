// The asset graph: filtered / focused view of the manifest's assets, laid out in a worker, drawn by
// React Flow. The graph store's selection is the single truth; React Flow's select changes update it.
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Edge,
  type Node,
  type NodeChange,
} from '@xyflow/react';
import { selectAssetsById, selectGraph, useProjectStore } from '../../stores/project-store';
import {
  selectFitRequest,
  selectFocus,
  selectQuery,
  selectSelected,
  useGraphStore,
} from '../../stores/graph-store';
import { visibleAssetIds } from './graph-filter';
import { buildLayoutInput } from './layout-input';
import { useGraphLayout } from './use-graph-layout';
import { applySelectChanges, FlowElementsCache, type AssetFlowNode } from './flow-elements';
import { NODE_TYPES } from './asset-node';
import { GraphToolbar } from './graph-toolbar';

const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const PRO_OPTIONS = { hideAttribution: true };
const FIT_OPTIONS = { padding: 0.1, maxZoom: 1.2, duration: 0 };

/** Minimap colour: the group band (statuses change too often to repaint thousands of minimap nodes). */
function miniMapColor(node: AssetFlowNode): string {
  return node.data.groupColor;
}

export interface AssetGraphProps {
  /** Called once the current layout has been handed to React Flow and painted. */
  onLayoutApplied?: () => void;
}

export function AssetGraph({ onLayoutApplied }: AssetGraphProps) {
  const graph = useProjectStore(selectGraph);
  const assets = useProjectStore(selectAssetsById);
  const query = useDeferredValue(useGraphStore(selectQuery));
  const focus = useGraphStore(selectFocus);
  const selected = useGraphStore(selectSelected);
  const fitRequest = useGraphStore(selectFitRequest);
  const flow = useReactFlow<AssetFlowNode, Edge>();
  const [flowReady, setFlowReady] = useState(false);

  const visible = useMemo(
    () => (graph ? visibleAssetIds(graph, query, focus) : null),
    [graph, query, focus],
  );
  const input = useMemo(() => (graph ? buildLayoutInput(graph, visible) : null), [graph, visible]);
  const { result, current } = useGraphLayout(input);

  // A memo cache, not state: it only lets unchanged node objects be reused between builds.
  const [cache] = useState(() => new FlowElementsCache());
  const selectedSet = useMemo(() => new Set(selected), [selected]);
  const nodes = useMemo(() => {
    if (!graph) {
      cache.clear();
      return [];
    }
    return cache.nodes(assets, current ? result : null, selectedSet);
  }, [cache, graph, assets, result, current, selectedSet]);
  const edges = useMemo(
    () => (input ? cache.edges(current ? input.edges : null) : []),
    [cache, input, current],
  );

  const onNodesChange = useCallback((changes: NodeChange<AssetFlowNode>[]) => {
    const selects = changes.flatMap((change) =>
      change.type === 'select' ? [{ id: change.id, selected: change.selected }] : [],
    );
    if (selects.length === 0) return;
    const store = useGraphStore.getState();
    store.select(applySelectChanges(store.selected, selects));
  }, []);

  const onNodeDoubleClick = useCallback((_event: unknown, node: Node) => {
    const store = useGraphStore.getState();
    store.setFocus({
      assetId: node.id,
      depth: store.focus?.depth ?? 2,
      direction: store.focus?.direction ?? 'both',
    });
  }, []);

  // Fit the view on the first layout, when asked, and when the filter or focus changes — never because
  // the project reloaded (the viewport survives live updates).
  const fitKey = `${fitRequest}|${query}`;
  const fittedKey = useRef<string | null>(null);
  const appliedHash = useRef<string | null>(null);
  useEffect(() => {
    if (!flowReady || !current || !result) return;
    const needsFit = fittedKey.current !== fitKey;
    const frame = requestAnimationFrame(() => {
      if (needsFit) {
        fittedKey.current = fitKey;
        void flow.fitView(FIT_OPTIONS);
      }
      if (appliedHash.current !== result.hash) {
        appliedHash.current = result.hash;
        onLayoutApplied?.();
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [flowReady, current, result, fitKey, flow, onLayoutApplied]);

  const total = graph?.assets.length ?? 0;
  return (
    <div
      className="asset-graph"
      data-layout={graph === null || (current && flowReady) ? 'done' : 'pending'}
      aria-label="Asset graph"
      role="region"
    >
      <GraphToolbar shown={visible ? visible.size : total} total={total} />
      {graph === null ? (
        <p className="asset-graph__empty">No asset graph yet — see Problems.</p>
      ) : null}
      <ReactFlow<AssetFlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onNodeDoubleClick={onNodeDoubleClick}
        onInit={() => setFlowReady(true)}
        onlyRenderVisibleElements
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        deleteKeyCode={null}
        // d3-zoom would swallow double clicks on (non-draggable) nodes; double click means "focus" here.
        zoomOnDoubleClick={false}
        minZoom={0.02}
        maxZoom={2}
        proOptions={PRO_OPTIONS}
      >
        <Background gap={24} />
        <MiniMap pannable zoomable nodeColor={miniMapColor} ariaLabel="Minimap" />
        <Controls showInteractive={false} fitViewOptions={FIT_OPTIONS} />
      </ReactFlow>
    </div>
  );
}
