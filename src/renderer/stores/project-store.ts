// The open project: its snapshot (graph, environments, staleness) and its problems.
import { create } from 'zustand';
import type { AssetSummary } from '../../shared/assets';
import type { EnvironmentInfo, ProjectSnapshot, Staleness } from '../../shared/api/contract';
import type { Problem } from '../../shared/problems';
import { nextSeq } from './seq';

export interface ProjectState {
  snapshot: ProjectSnapshot | null;
  /** True once the engine answered whether a project is open. */
  loaded: boolean;
  /** seq of the snapshot that set `snapshot.stale`. */
  staleSeq: number;
  assetsById: ReadonlyMap<string, AssetSummary>;
  problems: Problem[];
  applySnapshot(snapshot: ProjectSnapshot | null): void;
  setProblems(problems: Problem[]): void;
}

const EMPTY_ASSETS: ReadonlyMap<string, AssetSummary> = new Map();

export const useProjectStore = create<ProjectState>()((set, get) => ({
  snapshot: null,
  loaded: false,
  staleSeq: 0,
  assetsById: EMPTY_ASSETS,
  problems: [],
  applySnapshot(snapshot) {
    const previous = get().snapshot;
    // Keep the map (and so every node's asset) when the graph object did not change.
    const assetsById =
      snapshot?.graph && snapshot.graph === previous?.graph
        ? get().assetsById
        : new Map((snapshot?.graph?.assets ?? []).map((asset) => [asset.id, asset]));
    set({
      snapshot,
      loaded: true,
      staleSeq: nextSeq(),
      assetsById,
      problems: snapshot?.problems ?? [],
    });
  },
  setProblems(problems) {
    set({ problems });
  },
}));

const NO_ENVIRONMENTS: EnvironmentInfo[] = [];
const NO_STALE: Record<string, Staleness> = {};

export const selectSnapshot = (s: ProjectState): ProjectSnapshot | null => s.snapshot;
export const selectLoaded = (s: ProjectState): boolean => s.loaded;
export const selectGraph = (s: ProjectState) => s.snapshot?.graph ?? null;
export const selectProjectName = (s: ProjectState): string | null =>
  s.snapshot ? (s.snapshot.name ?? s.snapshot.graph?.projectName ?? null) : null;
export const selectEnvironments = (s: ProjectState): EnvironmentInfo[] =>
  s.snapshot?.environments ?? NO_ENVIRONMENTS;
export const selectActiveEnvironment = (s: ProjectState): string | null =>
  s.snapshot?.activeEnvironment ?? null;
export const selectProblems = (s: ProjectState): Problem[] => s.problems;
export const selectStaleMap = (s: ProjectState): Record<string, Staleness> =>
  s.snapshot?.stale ?? NO_STALE;
export const selectStaleSeq = (s: ProjectState): number => s.staleSeq;
export const selectAssetsById = (s: ProjectState): ReadonlyMap<string, AssetSummary> =>
  s.assetsById;

export function activeEnvironmentInfo(s: ProjectState): EnvironmentInfo | undefined {
  const name = s.snapshot?.activeEnvironment;
  return s.snapshot?.environments.find((env) => env.name === name);
}
