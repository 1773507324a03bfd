// Runs and their per-asset statuses, shared by engine, CLI and UI.

export const RUN_STATUSES = [
  'queued',
  'running',
  'success',
  'failed',
  'canceled',
  'interrupted',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const ASSET_RUN_STATUSES = [
  'queued',
  'running',
  'success',
  'failed',
  'skipped',
  'warned',
  'canceled',
] as const;
export type AssetRunStatus = (typeof ASSET_RUN_STATUSES)[number];

export type RunTrigger = 'cli' | 'ui' | 'schedule' | 'sensor' | 'backfill';

export interface RunRequest {
  select?: string;
  exclude?: string;
  env?: string;
  vars?: Record<string, unknown>;
  fullRefresh?: boolean;
  trigger?: RunTrigger;
  /** W3C traceparent of the user action that started the run (renderer span). */
  traceparent?: string;
}

export interface RunSummary {
  id: string;
  status: RunStatus;
  env: string;
  selection: string;
  exclude?: string;
  trigger: RunTrigger;
  startedAt: string;
  finishedAt?: string;
  dbtVersion?: string;
  exitCode?: number;
  /** Why the run did not succeed: Floe's own reason, else the first failed asset's dbt error. */
  message?: string;
  assets: Record<string, AssetRunStatus>;
}

export interface AssetStatusEvent {
  runId: string;
  assetId: string;
  status: AssetRunStatus;
  at: string;
  message?: string;
  /** Thread name dbt reported, e.g. `Thread-1 (worker)`. */
  thread?: string;
  executionTime?: number;
  rowsAffected?: number;
}

export interface CheckResult {
  runId: string;
  checkId: string;
  status: 'pass' | 'fail' | 'warn' | 'error' | 'skipped';
  message?: string;
  failures?: number;
}
