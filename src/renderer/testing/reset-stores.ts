// Puts every store back to its initial state between tests.
import { useGraphStore } from '../stores/graph-store';
import { useLogsStore } from '../stores/logs-store';
import { useProjectStore } from '../stores/project-store';
import { useRunsStore } from '../stores/runs-store';
import { useUiStore } from '../stores/ui-store';

const initial = {
  graph: useGraphStore.getState(),
  logs: useLogsStore.getState(),
  project: useProjectStore.getState(),
  runs: useRunsStore.getState(),
  ui: useUiStore.getState(),
};

export function resetStores(): void {
  useGraphStore.setState(initial.graph, true);
  useLogsStore.setState(initial.logs, true);
  useProjectStore.setState(initial.project, true);
  useRunsStore.setState(initial.runs, true);
  useUiStore.setState(initial.ui, true);
}
