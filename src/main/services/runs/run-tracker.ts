// The per-run state machine (pure): dbt log events in, asset and check updates out. Assets go
// queued → running → success / failed / skipped / warned (or canceled); checks (dbt tests) end as
// pass / fail / warn / error / skipped. Each node reaches one final state exactly once.
import type { AssetGraph } from '../../../shared/assets';
import type { AssetRunStatus, CheckResult } from '../../../shared/runs';
import type { DbtLogEvent, DbtNodeFinished } from '../dbt/dbt-log-events';
import type { RunResults } from '../dbt/run-results';

export interface AssetUpdate {
  kind: 'asset';
  nodeId: string;
  status: AssetRunStatus;
  at: Date;
  startedAt?: Date;
  message?: string;
  thread?: string;
  rowsAffected?: number;
  executionTime?: number;
  checksum?: string;
}

export interface CheckUpdate {
  kind: 'check';
  nodeId: string;
  /** Absent while the check runs. */
  status?: CheckResult['status'];
  assetId?: string;
  at: Date;
  startedAt?: Date;
  message?: string;
  thread?: string;
  executionTime?: number;
  failures?: number;
}

export type TrackerUpdate = AssetUpdate | CheckUpdate;

const ASSET_TYPES = new Set(['model', 'seed', 'snapshot']);
const CHECK_TYPES = new Set(['test', 'unit_test']);

const ASSET_STATUS: Record<string, AssetRunStatus> = {
  success: 'success',
  pass: 'success',
  'no-op': 'success',
  error: 'failed',
  fail: 'failed',
  'runtime error': 'failed',
  skipped: 'skipped',
  warn: 'warned',
  'partial success': 'warned',
};

const CHECK_STATUS: Record<string, CheckResult['status']> = {
  pass: 'pass',
  success: 'pass',
  fail: 'fail',
  warn: 'warn',
  error: 'error',
  'runtime error': 'error',
  skipped: 'skipped',
};

/** dbt's node status (run_result.status) as an asset status; anything unknown counts as failed. */
export function assetStatusOf(dbtStatus: string): AssetRunStatus {
  return ASSET_STATUS[dbtStatus] ?? 'failed';
}

/** A check's status as an AssetRunStatus (what RunObserver.nodeFinished carries). */
export function checkToNodeStatus(status: CheckResult['status']): AssetRunStatus {
  switch (status) {
    case 'pass':
      return 'success';
    case 'fail':
    case 'error':
      return 'failed';
    case 'warn':
      return 'warned';
    case 'skipped':
      return 'skipped';
  }
}

function kindOf(resourceType: string): 'asset' | 'check' | null {
  if (ASSET_TYPES.has(resourceType)) return 'asset';
  if (CHECK_TYPES.has(resourceType)) return 'check';
  return null;
}

function assign<T extends object>(target: T, extra: Partial<T>): T {
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
  return target;
}

export type RunOutcome = 'success' | 'failed' | 'canceled';

export class RunTracker {
  private readonly state = new Map<string, 'queued' | 'running' | 'final'>();
  private readonly started = new Map<string, Date>();
  private readonly checkAsset = new Map<string, string>();
  invocationId: string | undefined;
  dbtVersion: string | undefined;
  private canceling = false;

  /** `selected`: asset ids the selection covers (null: unknown, learned from dbt's events). */
  constructor(
    graph: AssetGraph | null,
    private readonly selected: ReadonlySet<string> | null,
  ) {
    for (const check of graph?.checks ?? []) {
      const assetId = check.assetIds[0];
      if (assetId !== undefined) this.checkAsset.set(check.id, assetId);
    }
  }

  /**
   * The user asked to cancel: dbt, interrupted, reports the node it was running as an error
   * ("Interrupted!"); that node was canceled, it did not fail.
   */
  cancelRequested(): void {
    this.canceling = true;
  }

  /** Every selected asset starts `queued`. */
  initial(at: Date): AssetUpdate[] {
    const out: AssetUpdate[] = [];
    for (const id of this.selected ?? []) {
      this.state.set(id, 'queued');
      out.push({ kind: 'asset', nodeId: id, status: 'queued', at });
    }
    return out;
  }

  apply(event: DbtLogEvent): TrackerUpdate[] {
    switch (event.type) {
      case 'invocation':
        this.invocationId = event.invocationId;
        this.dbtVersion ??= event.version;
        return [];
      case 'command_completed':
        return [];
      case 'node_started': {
        const kind = kindOf(event.resourceType);
        if (kind === null || this.state.get(event.nodeId) === 'final') return [];
        this.state.set(event.nodeId, 'running');
        this.started.set(event.nodeId, event.at);
        if (kind === 'asset') {
          return [
            assign<AssetUpdate>(
              { kind, nodeId: event.nodeId, status: 'running', at: event.at },
              { thread: event.thread },
            ),
          ];
        }
        return [this.checkBase(event.nodeId, event.at, { thread: event.thread })];
      }
      case 'node_finished':
        return this.finishNode(event);
    }
  }

  private checkBase(nodeId: string, at: Date, extra: Partial<CheckUpdate>): CheckUpdate {
    return assign<CheckUpdate>(
      { kind: 'check', nodeId, at },
      { assetId: this.checkAsset.get(nodeId), ...extra },
    );
  }

  private finishNode(event: Omit<DbtNodeFinished, 'type'>): TrackerUpdate[] {
    const kind = kindOf(event.resourceType);
    if (kind === null || this.state.get(event.nodeId) === 'final') return [];
    this.state.set(event.nodeId, 'final');
    const startedAt = event.startedAt ?? this.started.get(event.nodeId);
    const common = {
      startedAt,
      message: event.message,
      thread: event.thread,
      executionTime: event.executionTime,
    };
    if (kind === 'asset') {
      const reported = assetStatusOf(event.status);
      const status = this.canceling && reported === 'failed' ? 'canceled' : reported;
      return [
        assign<AssetUpdate>(
          { kind, nodeId: event.nodeId, status, at: event.at },
          { ...common, rowsAffected: event.rowsAffected, checksum: event.checksum },
        ),
      ];
    }
    const reported = CHECK_STATUS[event.status] ?? 'error';
    // Like an asset: a test interrupted by a cancel did not find a problem in the data.
    const status = this.canceling && reported === 'error' ? 'skipped' : reported;
    return [
      this.checkBase(event.nodeId, event.at, { ...common, status, failures: event.failures }),
    ];
  }

  /**
   * After dbt exited: complete nodes from run_results.json (when it belongs to this invocation), then
   * give every selected asset that never finished a final state.
   */
  finish(results: RunResults | null, outcome: RunOutcome, at: Date): TrackerUpdate[] {
    const out: TrackerUpdate[] = [];
    // run_results.json may be an earlier invocation's (dbt died before writing its own): only ours counts.
    const ours =
      results !== null &&
      this.invocationId !== undefined &&
      results.invocationId === this.invocationId;
    if (ours) {
      for (const r of results.results) {
        const resourceType = r.uniqueId.split('.')[0] ?? '';
        out.push(
          ...this.finishNode(
            assign<Omit<DbtNodeFinished, 'type'>>(
              { nodeId: r.uniqueId, resourceType, status: r.status, at: r.finishedAt ?? at },
              {
                startedAt: r.startedAt,
                message: r.message,
                thread: r.thread,
                executionTime: r.executionTime,
                rowsAffected: r.rowsAffected,
                failures: r.failures,
              },
            ),
          ),
        );
      }
    }
    for (const [nodeId, state] of this.state) {
      if (state === 'final') continue;
      this.state.set(nodeId, 'final');
      const isCheck = nodeId.startsWith('test.') || nodeId.startsWith('unit_test.');
      if (isCheck) {
        const status = outcome === 'canceled' ? 'skipped' : 'error';
        out.push(
          this.checkBase(nodeId, at, { status, message: unfinishedMessage(outcome, state, false) }),
        );
        continue;
      }
      let status: AssetRunStatus;
      if (outcome === 'canceled') status = 'canceled';
      else status = state === 'running' ? 'failed' : 'skipped';
      const update: AssetUpdate = { kind: 'asset', nodeId, status, at };
      const message = unfinishedMessage(outcome, state, ours);
      if (message !== undefined) update.message = message;
      out.push(update);
    }
    return out;
  }
}

/**
 * Why a node that never finished got its final state; `reported`: dbt's results of this run were
 * read and leave this asset out.
 */
function unfinishedMessage(
  outcome: RunOutcome,
  state: 'queued' | 'running',
  reported: boolean,
): string | undefined {
  if (outcome === 'canceled')
    return state === 'running' ? 'canceled while running' : 'canceled before it started';
  if (state === 'running') return 'dbt ended before reporting a result for this node';
  // dbt lists every node it selected in run_results.json, skipped ones included. One of ours it
  // left out was not selected by dbt: the project changed after the manifest Floe selected from.
  if (reported) return NOT_SELECTED_BY_DBT;
  return undefined;
}

export const NOT_SELECTED_BY_DBT =
  'dbt did not select it: the project changed since the manifest this run was planned from';
