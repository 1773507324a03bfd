// The lineage graph drawn by React Flow in its own provider (the app's provider belongs to the asset
// graph), laid out left to right by layoutLineage, refitted when the node set changes.
import { useEffect, useMemo } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
  type Edge,
} from '@xyflow/react';
import type { LineageGraph } from '../../../shared/lineage';
import { datasetBadges, layoutLineage, shortName } from './lineage-layout';
import { LINEAGE_NODE_TYPES, type LineageFlowNode } from './lineage-nodes';

const PRO_OPTIONS = { hideAttribution: true };
const FIT_OPTIONS = { padding: 0.15, maxZoom: 1.1 };

/** Fits the view once the nodes of a new node set are measured. */
function FitOnChange({ nodeSetKey }: { nodeSetKey: string }) {
  const flow = useReactFlow();
  const initialized = useNodesInitialized();
  useEffect(() => {
    if (initialized) void flow.fitView(FIT_OPTIONS);
  }, [initialized, nodeSetKey, flow]);
  return null;
}

export interface LineageFlowProps {
  graph: LineageGraph;
  rootIds: readonly string[];
  expanded: readonly string[];
  focusId: string | null;
  onNodeClick(nodeId: string): void;
}

function Flow({ graph, rootIds, expanded, focusId, onNodeClick }: LineageFlowProps) {
  const positions = useMemo(() => layoutLineage(graph), [graph]);
  const nodes = useMemo(
    () =>
      graph.nodes.map((node): LineageFlowNode => ({
        id: node.id,
        type: 'lineageNode',
        position: positions.get(node.id) ?? { x: 0, y: 0 },
        selected: node.id === focusId,
        data: {
          kind: node.kind,
          label: shortName(node.name),
          fullName: node.name,
          namespace: node.namespace,
          ...(node.assetId === undefined ? {} : { assetId: node.assetId }),
          badges: node.kind === 'dataset' ? datasetBadges(node) : [],
          ...(node.lastEvent ? { lastEvent: node.lastEvent.eventType } : {}),
          root: rootIds.includes(node.id),
          expanded: expanded.includes(node.id),
        },
      })),
    [graph, positions, focusId, rootIds, expanded],
  );
  const edges = useMemo(
    () =>
      graph.edges.map((edge): Edge => ({
        id: `${edge.from}->${edge.to}`,
        source: edge.from,
        target: edge.to,
        markerEnd: { type: MarkerType.ArrowClosed },
      })),
    [graph],
  );
  const nodeSetKey = useMemo(
    () =>
      graph.nodes
        .map((node) => node.id)
        .sort()
        .join('\n'),
    [graph],
  );
  return (
    <ReactFlow<LineageFlowNode, Edge>
      nodes={nodes}
      edges={edges}
      nodeTypes={LINEAGE_NODE_TYPES}
      onNodeClick={(_event, node) => onNodeClick(node.id)}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      deleteKeyCode={null}
      minZoom={0.1}
      maxZoom={2}
      fitView
      fitViewOptions={FIT_OPTIONS}
      proOptions={PRO_OPTIONS}
    >
      <Background gap={24} />
      <Controls showInteractive={false} />
      <FitOnChange nodeSetKey={nodeSetKey} />
    </ReactFlow>
  );
}

export function LineageFlow(props: LineageFlowProps) {
  return (
    <ReactFlowProvider>
      <Flow {...props} />
    </ReactFlowProvider>
  );
}
