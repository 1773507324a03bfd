// Pure: the status a node shows, from its last known run status and the snapshot's staleness.
import type { Staleness } from '../../shared/api/contract';
import type { AssetRunStatus } from '../../shared/runs';

export const NODE_STATUSES = [
  'idle',
  'queued',
  'running',
  'success',
  'failed',
  'skipped',
  'warned',
  'stale',
  'canceled',
] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

export interface StatusEntry {
  status: AssetRunStatus;
  runId: string;
  at: string;
  message?: string;
  /** When the UI learned it (see seq.ts). */
  seq: number;
}

/**
 * Queued/running always show. Otherwise a staleness the UI learned no earlier than the status wins
 * (`stale`), except "never materialized", which is the plain `idle` state (the node still shows a
 * stale marker). A status learned after the snapshot wins over the snapshot's staleness.
 */
export function displayStatus(
  entry: StatusEntry | undefined,
  stale: Staleness | undefined,
  staleSeq: number,
): NodeStatus {
  if (entry && (entry.status === 'queued' || entry.status === 'running')) return entry.status;
  if (stale && stale.reason !== 'never_materialized' && (!entry || entry.seq <= staleSeq)) {
    return 'stale';
  }
  return entry ? entry.status : 'idle';
}
