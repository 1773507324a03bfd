// The asset graph: filtered / focused view of the manifest's assets, laid out in a worker, drawn by
// React Flow. The graph store's selection is the single truth; React Flow's select changes update it.
import {
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
} from 'react';
import {
  Background,
  Controls,
  getViewportForBounds,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  useStoreApi,
  type Edge,
  type Node,
  type NodeChange,
  type ReactFlowState,
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
import {
  applySelectChanges,
  FlowElementsCache,
  NODE_HEIGHT,
  NODE_WIDTH,
  type AssetFlowNode,
} from './flow-elements';
import { NODE_TYPES } from './asset-node';
import { GraphToolbar } from './graph-toolbar';
import { OverviewCanvas } from './overview-canvas';
import { CanvasMiniMap } from './canvas-minimap';
import {
  nodeAt,
  nodesInRect,
  screenRectToFlow,
  screenToFlow,
  type Rect,
} from './overview-geometry';

const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const PRO_OPTIONS = { hideAttribution: true };
const FIT_PADDING = 0.1;
const FIT_MAX_ZOOM = 1.2;
const MIN_ZOOM = 0.02;
const MAX_ZOOM = 2;
const NO_NODES: AssetFlowNode[] = [];
const NO_EDGES: Edge[] = [];
/**
 * Below this zoom a graph of more than OVERVIEW_MIN_NODES is drawn by the overview canvas instead of
 * React Flow nodes: thousands of DOM nodes at once cost seconds (measured: 5,000 nodes ≈ 7 s to first
 * paint on the shared 2-core box), while above it only a few hundred are ever on screen.
 */
const OVERVIEW_ZOOM = 0.4;
const OVERVIEW_MIN_NODES = 400;
const selectBelowOverviewZoom = (s: ReactFlowState): boolean => s.transform[2] < OVERVIEW_ZOOM;

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
  // Until the first fit, React Flow would draw the nodes at zoom 1 just to move away from them.
  const [firstFitDone, setFirstFitDone] = useState(false);

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
  // the project reloaded (the viewport survives live updates). Fits the layout's bounds, not React
  // Flow's nodes, which are absent in overview mode.
  const flowStore = useStoreApi();
  const fitKey = `${fitRequest}|${query}`;
  const fittedKey = useRef<string | null>(null);
  const appliedHash = useRef<string | null>(null);
  useEffect(() => {
    if (!flowReady || !current || !result) return;
    const needsFit = fittedKey.current !== fitKey;
    const frame = requestAnimationFrame(() => {
      if (needsFit) {
        fittedKey.current = fitKey;
        const { width, height } = flowStore.getState();
        const bounds = { x: 0, y: 0, width: result.width, height: result.height };
        void flow.setViewport(
          getViewportForBounds(bounds, width, height, MIN_ZOOM, FIT_MAX_ZOOM, FIT_PADDING),
        );
        setFirstFitDone(true);
      }
      if (appliedHash.current !== result.hash) {
        appliedHash.current = result.hash;
        onLayoutApplied?.();
      }
    });
    return () => cancelAnimationFrame(frame);
  }, [flowReady, current, result, fitKey, flow, flowStore, onLayoutApplied]);

  // Overview mode: clicks and Shift-drag boxes select by hit-testing the layout.
  const belowOverviewZoom = useStore(selectBelowOverviewZoom);
  const large = nodes.length > OVERVIEW_MIN_NODES;
  const overview = large && (belowOverviewZoom || !firstFitDone) && current && result !== null;
  const groups = useMemo(
    () => new Map((graph?.assets ?? []).map((asset) => [asset.id, asset.group])),
    [graph],
  );
  const lastBox = useRef<Rect | null>(null);
  useEffect(
    () =>
      flowStore.subscribe((s) => {
        if (s.userSelectionRect && s.userSelectionRect.width + s.userSelectionRect.height > 0) {
          lastBox.current = s.userSelectionRect;
        }
      }),
    [flowStore],
  );
  const onPaneClick = useCallback(
    (event: MouseEvent) => {
      if (!overview || !result) return;
      const { domNode, transform } = flowStore.getState();
      const bounds = domNode?.getBoundingClientRect();
      if (!bounds) return;
      const point = screenToFlow(
        { x: event.clientX - bounds.left, y: event.clientY - bounds.top },
        transform,
      );
      const id = nodeAt(result.positions, point, NODE_WIDTH, NODE_HEIGHT);
      const store = useGraphStore.getState();
      if (id && event.shiftKey) store.toggle(id);
      else store.select(id ? [id] : []);
    },
    [overview, result, flowStore],
  );
  const onSelectionEnd = useCallback(() => {
    const box = lastBox.current;
    lastBox.current = null;
    if (!overview || !result || !box) return;
    const rect = screenRectToFlow(box, flowStore.getState().transform);
    const inside = nodesInRect(result.positions, rect, NODE_WIDTH, NODE_HEIGHT);
    const store = useGraphStore.getState();
    store.select([...store.selected, ...inside]);
  }, [overview, result, flowStore]);

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
      {overview && result && input ? (
        <OverviewCanvas layout={result} edges={input.edges} selected={selectedSet} />
      ) : null}
      {large && result && current ? <CanvasMiniMap layout={result} groups={groups} /> : null}
      <ReactFlow<AssetFlowNode, Edge>
        nodes={overview ? NO_NODES : nodes}
        edges={overview ? NO_EDGES : edges}
        onPaneClick={onPaneClick}
        onSelectionEnd={onSelectionEnd}
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
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
        proOptions={PRO_OPTIONS}
      >
        <Background gap={24} />
        {large ? null : <MiniMap pannable zoomable nodeColor={miniMapColor} ariaLabel="Minimap" />}
        <Controls showInteractive={false} showFitView={false} />
      </ReactFlow>
    </div>
  );
}
