// What the Logs panel shows: which run, filtered to which asset.
import { create } from 'zustand';

export interface LogsState {
  /** The run whose output the Logs panel shows. */
  runId: string | null;
  /** Show only lines that mention this asset (by name). */
  filterAssetId: string | null;
  show(runId: string | null): void;
  setFilter(assetId: string | null): void;
}

export const useLogsStore = create<LogsState>()((set, get) => ({
  runId: null,
  filterAssetId: null,
  show(runId) {
    if (runId !== get().runId) set({ runId });
  },
  setFilter(filterAssetId) {
    set({ filterAssetId });
  },
}));

export const selectLogRunId = (s: LogsState): string | null => s.runId;
export const selectLogFilter = (s: LogsState): string | null => s.filterAssetId;
