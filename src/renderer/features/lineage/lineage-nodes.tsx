// React Flow node types of the lineage graph (module scope, memoized, no callbacks in data).
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps, type NodeTypes } from '@xyflow/react';
import type { LineageEventType } from '../../../shared/lineage';

export const LINEAGE_NODE_WIDTH = 180;

export interface LineageNodeData extends Record<string, unknown> {
  kind: 'dataset' | 'job';
  label: string;
  fullName: string;
  namespace: string;
  assetId?: string;
  badges: string[];
  lastEvent?: LineageEventType;
  root: boolean;
  expanded: boolean;
}

export type LineageFlowNode = Node<LineageNodeData, 'lineageNode'>;

function LineageNodeView({ data, selected }: NodeProps<LineageFlowNode>) {
  return (
    <div
      className="lineage-node"
      data-kind={data.kind}
      data-asset-id={data.assetId}
      data-pii={data.badges.includes('PII') ? 'true' : undefined}
      data-root={data.root ? 'true' : undefined}
      data-selected={selected ? 'true' : undefined}
      data-event={data.lastEvent}
      title={`${data.kind}: ${data.namespace}/${data.fullName}${data.expanded ? '' : '\nclick to expand'}`}
      style={{ width: LINEAGE_NODE_WIDTH }}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="lineage-node__kind">
        {data.kind === 'dataset' ? 'dataset' : 'job'}
        {data.lastEvent ? (
          <span className="lineage-event" data-type={data.lastEvent}>
            {data.lastEvent}
          </span>
        ) : null}
      </div>
      <div className="lineage-node__name">{data.label}</div>
      {data.badges.length > 0 ? (
        <div className="lineage-node__badges">
          {data.badges.map((badge) => (
            <span
              key={badge}
              className="lineage-badge"
              data-pii={badge === 'PII' ? 'true' : undefined}
            >
              {badge}
            </span>
          ))}
        </div>
      ) : null}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const LINEAGE_NODE_TYPES: NodeTypes = { lineageNode: memo(LineageNodeView) };
