// Pure: React Flow nodes and edges from the asset graph and a layout. Objects are reused when nothing
// about them changed, so React Flow keeps its internal nodes and memoized node components stay put.
import { Position, type Edge, type Node } from '@xyflow/react';
import type { AssetSummary, ResourceType } from '../../../shared/assets';
import { DEFAULT_LAYOUT_OPTIONS, type LayoutResult } from './layout';
import { groupColor } from './group-colors';

export const NODE_WIDTH = DEFAULT_LAYOUT_OPTIONS.nodeWidth;
export const NODE_HEIGHT = DEFAULT_LAYOUT_OPTIONS.nodeHeight;

export interface AssetNodeData extends Record<string, unknown> {
  name: string;
  resourceType: ResourceType;
  group: string;
  groupColor: string;
  ephemeral: boolean;
}

export type AssetFlowNode = Node<AssetNodeData, 'asset'>;

// Handles are declared, not measured: every node has the same size, so edges can be drawn at once.
const HANDLES: NonNullable<AssetFlowNode['handles']> = [
  { type: 'target', position: Position.Left, x: 0, y: NODE_HEIGHT / 2 - 1, width: 2, height: 2 },
  {
    type: 'source',
    position: Position.Right,
    x: NODE_WIDTH - 2,
    y: NODE_HEIGHT / 2 - 1,
    width: 2,
    height: 2,
  },
];

function sameData(a: AssetNodeData, asset: AssetSummary): boolean {
  return (
    a.name === asset.name &&
    a.resourceType === asset.resourceType &&
    a.group === asset.group &&
    a.ephemeral === asset.ephemeral
  );
}

export function buildFlowNodes(
  assets: ReadonlyMap<string, AssetSummary>,
  layout: LayoutResult,
  selected: ReadonlySet<string>,
  previous: ReadonlyMap<string, AssetFlowNode>,
): AssetFlowNode[] {
  const nodes: AssetFlowNode[] = [];
  for (const [id, position] of Object.entries(layout.positions)) {
    const asset = assets.get(id);
    if (!asset) continue;
    const isSelected = selected.has(id);
    const old = previous.get(id);
    if (
      old &&
      old.position.x === position.x &&
      old.position.y === position.y &&
      old.selected === isSelected &&
      sameData(old.data, asset)
    ) {
      nodes.push(old);
      continue;
    }
    nodes.push({
      id,
      type: 'asset',
      position,
      selected: isSelected,
      ariaLabel: `${asset.resourceType} ${asset.name}`,
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      measured: { width: NODE_WIDTH, height: NODE_HEIGHT },
      handles: HANDLES,
      data:
        old && sameData(old.data, asset)
          ? old.data
          : {
              name: asset.name,
              resourceType: asset.resourceType,
              group: asset.group,
              groupColor: groupColor(asset.group),
              ephemeral: asset.ephemeral,
            },
    });
  }
  return nodes;
}

export function buildFlowEdges(
  edges: readonly [string, string][],
  previous: ReadonlyMap<string, Edge>,
): Edge[] {
  return edges.map(([source, target]) => {
    const id = `${source}->${target}`;
    return previous.get(id) ?? { id, source, target, focusable: false, selectable: false };
  });
}

/** The selection after React Flow's select/unselect changes, in the order things were selected. */
export function applySelectChanges(
  current: readonly string[],
  changes: readonly { id: string; selected: boolean }[],
): string[] {
  const add: string[] = [];
  const remove = new Set<string>();
  for (const change of changes) {
    if (change.selected) {
      remove.delete(change.id);
      if (!current.includes(change.id) && !add.includes(change.id)) add.push(change.id);
    } else {
      remove.add(change.id);
    }
  }
  return [...current.filter((id) => !remove.has(id)), ...add.filter((id) => !remove.has(id))];
}

/**
 * Remembers the last nodes and edges so unchanged ones are reused between builds, and so the previous
 * drawing stays while a new layout is computed. Lives as long as the graph component.
 */
export class FlowElementsCache {
  private nodeMap = new Map<string, AssetFlowNode>();
  private edgeMap = new Map<string, Edge>();
  private lastNodes: AssetFlowNode[] = [];
  private lastEdges: Edge[] = [];

  nodes(
    assets: ReadonlyMap<string, AssetSummary>,
    layout: LayoutResult | null,
    selected: ReadonlySet<string>,
  ): AssetFlowNode[] {
    if (!layout) return this.lastNodes;
    this.lastNodes = buildFlowNodes(assets, layout, selected, this.nodeMap);
    this.nodeMap = new Map(this.lastNodes.map((node) => [node.id, node]));
    return this.lastNodes;
  }

  edges(edges: readonly [string, string][] | null): Edge[] {
    if (!edges) return this.lastEdges;
    this.lastEdges = buildFlowEdges(edges, this.edgeMap);
    this.edgeMap = new Map(this.lastEdges.map((edge) => [edge.id, edge]));
    return this.lastEdges;
  }

  clear(): void {
    this.nodeMap.clear();
    this.edgeMap.clear();
    this.lastNodes = [];
    this.lastEdges = [];
  }
}
