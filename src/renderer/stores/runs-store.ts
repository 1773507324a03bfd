// Runs: history, the run the user is looking at, the last status of every asset, the last check results.
import { create } from 'zustand';
import type { AssetState } from '../../shared/api/contract';
import type { AssetStatusEvent, CheckResult, RunSummary } from '../../shared/runs';
import type { StatusEntry } from './display-status';
import { nextSeq } from './seq';

export interface RunsState {
  runs: Record<string, RunSummary>;
  /** Run ids, newest first. */
  order: string[];
  activeRunId: string | null;
  statuses: Record<string, StatusEntry>;
  checkResults: Record<string, CheckResult>;
  setRuns(runs: RunSummary[]): void;
  upsertRun(run: RunSummary): void;
  setActiveRun(runId: string | null): void;
  applyAssetStatus(event: AssetStatusEvent): void;
  /** Many events in one store update (the bridge batches them per frame). */
  applyAssetStatuses(events: readonly AssetStatusEvent[]): void;
  /** The snapshot's last known status per asset; never overrides something newer. */
  applyLatest(latest: Record<string, AssetState>): void;
  /** Another environment became active: its latest statuses replace all but live ones. */
  replaceLatest(latest: Record<string, AssetState>): void;
  applyCheckResult(result: CheckResult): void;
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

function sortOrder(runs: Record<string, RunSummary>): string[] {
  return Object.values(runs)
    .sort((a, b) => time(b.startedAt) - time(a.startedAt) || (a.id < b.id ? 1 : -1))
    .map((run) => run.id);
}

export function isLive(run: RunSummary | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}

export const useRunsStore = create<RunsState>()((set, get) => ({
  runs: {},
  order: [],
  activeRunId: null,
  statuses: {},
  checkResults: {},
  setRuns(list) {
    const runs = { ...get().runs };
    for (const run of list) runs[run.id] = run;
    set({ runs, order: sortOrder(runs) });
  },
  upsertRun(run) {
    const runs = { ...get().runs, [run.id]: run };
    const known = get().runs[run.id] !== undefined;
    set({ runs, order: known ? get().order : sortOrder(runs) });
  },
  setActiveRun(activeRunId) {
    set({ activeRunId });
  },
  applyAssetStatus(event) {
    get().applyAssetStatuses([event]);
  },
  applyAssetStatuses(events) {
    let statuses: Record<string, StatusEntry> | null = null;
    for (const event of events) {
      const current = (statuses ?? get().statuses)[event.assetId];
      // Within one run events arrive in order; an older run's late event must not win.
      if (current && current.runId !== event.runId && time(current.at) > time(event.at)) continue;
      statuses ??= { ...get().statuses };
      statuses[event.assetId] = {
        status: event.status,
        runId: event.runId,
        at: event.at,
        seq: nextSeq(),
        ...(event.message === undefined ? {} : { message: event.message }),
      };
    }
    if (statuses) set({ statuses });
  },
  applyLatest(latest) {
    const statuses = { ...get().statuses };
    let changed = false;
    const seq = nextSeq();
    for (const [assetId, state] of Object.entries(latest)) {
      const current = statuses[assetId];
      if (current && time(current.at) >= time(state.at)) continue;
      statuses[assetId] = { status: state.status, runId: state.runId, at: state.at, seq };
      changed = true;
    }
    if (changed) set({ statuses });
  },
  replaceLatest(latest) {
    const seq = nextSeq();
    const statuses: Record<string, StatusEntry> = {};
    for (const [assetId, entry] of Object.entries(get().statuses)) {
      if (entry.status === 'queued' || entry.status === 'running') statuses[assetId] = entry;
    }
    for (const [assetId, state] of Object.entries(latest)) {
      if (statuses[assetId]) continue;
      statuses[assetId] = { status: state.status, runId: state.runId, at: state.at, seq };
    }
    set({ statuses });
  },
  applyCheckResult(result) {
    set({ checkResults: { ...get().checkResults, [result.checkId]: result } });
  },
}));

export const selectRuns = (s: RunsState): Record<string, RunSummary> => s.runs;
export const selectRunOrder = (s: RunsState): string[] => s.order;
export const selectActiveRunId = (s: RunsState): string | null => s.activeRunId;
export const selectActiveRun = (s: RunsState): RunSummary | undefined =>
  s.activeRunId === null ? undefined : s.runs[s.activeRunId];
export const selectCheckResults = (s: RunsState): Record<string, CheckResult> => s.checkResults;
/** The newest run still queued or running, the one Ctrl+. cancels. */
export const selectLiveRunId = (s: RunsState): string | null =>
  s.order.find((id) => isLive(s.runs[id])) ?? null;
