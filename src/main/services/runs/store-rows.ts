// Row shapes of runs.db and their mapping to the shared types.
import type { Materialization } from '../../../shared/api/contract';
import type { AssetRunStatus, RunStatus, RunSummary, RunTrigger } from '../../../shared/runs';

export interface RunRow {
  id: string;
  env: string;
  selection: string;
  exclude: string | null;
  trigger: RunTrigger;
  status: RunStatus;
  vars: string | null;
  full_refresh: number;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  dbt_version: string | null;
  exit_code: number | null;
  pid: number | null;
  owner_pid: number;
  owner_start: string | null;
  traceparent: string | null;
  invocation_id: string | null;
  message: string | null;
}

export interface MaterializationRow {
  run_id: string;
  asset_id: string;
  env: string;
  status: AssetRunStatus;
  started_at: string | null;
  finished_at: string | null;
  message: string | null;
  rows_affected: number | null;
  execution_time: number | null;
  checksum: string | null;
}

export function rowToSummary(
  row: RunRow,
  assets: Record<string, AssetRunStatus>,
  firstFailure?: { assetId: string; message: string },
): RunSummary {
  const summary: RunSummary = {
    id: row.id,
    status: row.status,
    env: row.env,
    selection: row.selection,
    trigger: row.trigger,
    // A queued run has not started: its creation time stands in until dbt starts.
    startedAt: row.started_at ?? row.created_at,
    assets,
  };
  if (row.exclude !== null) summary.exclude = row.exclude;
  if (row.finished_at !== null) summary.finishedAt = row.finished_at;
  if (row.dbt_version !== null) summary.dbtVersion = row.dbt_version;
  if (row.exit_code !== null) summary.exitCode = row.exit_code;
  if (row.message !== null) summary.message = row.message;
  else if (firstFailure !== undefined && row.status !== 'success')
    summary.message = `${firstFailure.assetId}: ${firstFailure.message}`;
  return summary;
}

export function materializationFrom(row: MaterializationRow): Materialization {
  const m: Materialization = { runId: row.run_id, status: row.status, env: row.env };
  if (row.started_at !== null) m.startedAt = row.started_at;
  if (row.finished_at !== null) m.finishedAt = row.finished_at;
  if (row.message !== null) m.message = row.message;
  return m;
}
