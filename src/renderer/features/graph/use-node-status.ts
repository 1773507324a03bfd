// A node's status, subscribed by id: the node re-renders only when its own displayed status changes.
import { useProjectStore } from '../../stores/project-store';
import { useRunsStore } from '../../stores/runs-store';
import { displayStatus, type NodeStatus } from '../../stores/display-status';
import type { Staleness } from '../../../shared/api/contract';

export function useNodeStatus(id: string): NodeStatus {
  const entry = useRunsStore((s) => s.statuses[id]);
  return useProjectStore((s) => displayStatus(entry, s.snapshot?.stale[id], s.staleSeq));
}

export function useStaleness(id: string): Staleness | undefined {
  return useProjectStore((s) => s.snapshot?.stale[id]);
}
