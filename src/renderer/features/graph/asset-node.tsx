// The graph's node: name, resource type, group band, status colour, ephemeral and stale markers.
// Memoized, declared at module scope, reads its own status from the stores by id (no callbacks in data).
import { memo } from 'react';
import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from '@xyflow/react';
import type { ResourceType } from '../../../shared/assets';
import type { AssetFlowNode } from './flow-elements';
import { useNodeStatus, useStaleness } from './use-node-status';

/** Below this zoom the text is unreadable anyway: draw a plain box (level of detail). */
const DETAIL_ZOOM = 0.45;
const selectZoomedOut = (s: ReactFlowState): boolean => s.transform[2] < DETAIL_ZOOM;

const TYPE_BADGE: Record<ResourceType, string> = {
  model: 'M',
  seed: 'S',
  snapshot: 'N',
  source: 'R',
  exposure: 'E',
};

function AssetNodeView({ id, data, selected }: NodeProps<AssetFlowNode>) {
  const status = useNodeStatus(id);
  const stale = useStaleness(id);
  const zoomedOut = useStore(selectZoomedOut);
  const band = { borderLeftColor: data.groupColor };
  if (zoomedOut) {
    return (
      <div
        className="asset-node asset-node--lite"
        data-status={status}
        data-selected={selected ? 'true' : undefined}
        style={band}
      >
        <Handle type="target" position={Position.Left} isConnectable={false} />
        <Handle type="source" position={Position.Right} isConnectable={false} />
      </div>
    );
  }
  return (
    <div
      className="asset-node"
      data-status={status}
      data-selected={selected ? 'true' : undefined}
      data-stale={stale ? 'true' : undefined}
      style={band}
      title={`${data.name} · ${data.resourceType} · ${data.group} · ${status}${stale ? ` · stale: ${stale.detail}` : ''}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <span className="asset-node__type" aria-label={data.resourceType}>
        {TYPE_BADGE[data.resourceType]}
      </span>
      <span className="asset-node__text">
        <span className="asset-node__name">{data.name}</span>
        <span className="asset-node__meta">
          {data.group}
          {data.ephemeral ? <span className="asset-node__ephemeral"> · ephemeral</span> : null}
        </span>
      </span>
      {stale ? (
        <span className="asset-node__stale" aria-label="stale">
          ●
        </span>
      ) : null}
      <span className="asset-node__status">{status}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const AssetNode = memo(AssetNodeView);
AssetNode.displayName = 'AssetNode';

export const NODE_TYPES = { asset: AssetNode };
