// Keyboard: / or Ctrl+K search, Ctrl+Enter materialize, Ctrl+. cancel the live run, Escape back out.
import { useEffect } from 'react';
import type { FloeApi } from '../shared/api/contract';
import { useGraphStore } from './stores/graph-store';
import { useUiStore } from './stores/ui-store';
import { cancelLiveRun, materializeSelection } from './features/materialize/actions';
import { SEARCH_INPUT_ID } from './features/top-bar/search-box';

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

export function useShortcuts(api: FloeApi): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (useUiStore.getState().confirm) return; // the dialog owns the keyboard
      const mod = event.ctrlKey || event.metaKey;
      if ((event.key === '/' && !mod && !isEditable(event.target)) || (mod && event.key === 'k')) {
        event.preventDefault();
        const input = document.getElementById(SEARCH_INPUT_ID);
        if (input instanceof HTMLInputElement) {
          input.focus();
          input.select();
        }
      } else if (mod && event.key === 'Enter') {
        // Before React Flow sees it: Ctrl+Enter on a focused node would toggle its selection off.
        event.preventDefault();
        event.stopPropagation();
        void materializeSelection(api);
      } else if (mod && event.key === '.') {
        event.preventDefault();
        void cancelLiveRun(api);
      } else if (event.key === 'Escape' && !isEditable(event.target)) {
        // Not to React Flow as well: on a focused node it would select that node again right after.
        event.stopPropagation();
        const graph = useGraphStore.getState();
        if (graph.selected.length > 0) graph.clearSelection();
        else if (graph.focus) graph.setFocus(null);
      }
    };
    // Capture phase: shortcuts win over handlers inside the page (React Flow's node keys).
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [api]);
}
