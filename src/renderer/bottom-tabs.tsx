// The bottom area: Logs, Runs, Problems, Lineage, Traces. Panels stay mounted (the terminal keeps its
// state and keeps receiving output) and are hidden when not selected.
import type { ReactNode } from 'react';
import { BOTTOM_TABS, selectTab, useUiStore, type BottomTab } from './stores/ui-store';
import { selectProblems, useProjectStore } from './stores/project-store';
import { LogsPanel } from './features/logs/logs-panel';
import { RunsPanel } from './features/runs/runs-panel';
import { ProblemsPanel } from './features/problems/problems-panel';
import { LineagePanel } from './features/lineage/lineage-panel';
import { TracesPanel } from './features/traces/traces-panel';

const TITLES: Record<BottomTab, string> = {
  logs: 'Logs',
  runs: 'Runs',
  problems: 'Problems',
  lineage: 'Lineage',
  traces: 'Traces',
};

const PANELS: Record<BottomTab, () => ReactNode> = {
  logs: () => <LogsPanel />,
  runs: () => <RunsPanel />,
  problems: () => <ProblemsPanel />,
  lineage: () => <LineagePanel />,
  traces: () => <TracesPanel />,
};

export function BottomTabs() {
  const tab = useUiStore(selectTab);
  const problems = useProjectStore(selectProblems);
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  return (
    <div className="bottom">
      <div role="tablist" aria-label="Panels" className="bottom__tabs">
        {BOTTOM_TABS.map((id) => (
          <button
            key={id}
            id={`tab-${id}`}
            role="tab"
            type="button"
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            onClick={() => useUiStore.getState().setTab(id)}
          >
            {TITLES[id]}
            {id === 'problems' && problems.length > 0 ? (
              <span className="tab-count" data-errors={errors > 0 ? 'true' : undefined}>
                {problems.length}
              </span>
            ) : null}
          </button>
        ))}
      </div>
      {BOTTOM_TABS.map((id) => (
        <div
          key={id}
          id={`panel-${id}`}
          role="tabpanel"
          aria-labelledby={`tab-${id}`}
          className="bottom__panel"
          hidden={tab !== id}
        >
          {PANELS[id]()}
        </div>
      ))}
    </div>
  );
}
