// What the user looks at in the graph: selection, search query, focus, materialize scope.
import { create } from 'zustand';
import type { FocusSpec } from '../features/graph/graph-filter';
import type { MaterializeScope } from '../features/graph/selection';

export interface GraphState {
  /** Selected asset ids in selection order (the last one is shown in the asset panel). */
  selected: string[];
  query: string;
  focus: FocusSpec | null;
  scope: MaterializeScope;
  /** Bumped to ask the graph to fit its view (fit button, focus change). */
  fitRequest: number;
  select(ids: string[]): void;
  toggle(id: string): void;
  clearSelection(): void;
  setQuery(query: string): void;
  setFocus(focus: FocusSpec | null): void;
  setScope(scope: MaterializeScope): void;
  requestFit(): void;
  /** Drops selected ids that are no longer assets (after a reload); keeps the rest. */
  retainExisting(exists: (id: string) => boolean): void;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

export const useGraphStore = create<GraphState>()((set, get) => ({
  selected: [],
  query: '',
  focus: null,
  scope: 'only',
  fitRequest: 0,
  select(ids) {
    const unique = [...new Set(ids)];
    if (!sameList(unique, get().selected)) set({ selected: unique });
  },
  toggle(id) {
    const selected = get().selected;
    set({
      selected: selected.includes(id) ? selected.filter((x) => x !== id) : [...selected, id],
    });
  },
  clearSelection() {
    if (get().selected.length > 0) set({ selected: [] });
  },
  setQuery(query) {
    set({ query });
  },
  setFocus(focus) {
    set({ focus, fitRequest: get().fitRequest + 1 });
  },
  setScope(scope) {
    set({ scope });
  },
  requestFit() {
    set({ fitRequest: get().fitRequest + 1 });
  },
  retainExisting(exists) {
    const { selected, focus } = get();
    const kept = selected.filter(exists);
    const focusKept = focus && exists(focus.assetId) ? focus : null;
    if (kept.length !== selected.length || focusKept !== focus)
      set({ selected: kept, focus: focusKept });
  },
}));

export const selectSelected = (s: GraphState): string[] => s.selected;
export const selectQuery = (s: GraphState): string => s.query;
export const selectFocus = (s: GraphState): FocusSpec | null => s.focus;
export const selectScope = (s: GraphState): MaterializeScope => s.scope;
export const selectFitRequest = (s: GraphState): number => s.fitRequest;
export const selectPrimarySelection = (s: GraphState): string | null =>
  s.selected[s.selected.length - 1] ?? null;
