// The Logs panel: one run's pty output as a terminal, live, optionally filtered to one asset's lines.
import { useCallback } from 'react';
import { useApi } from '../../api/api-context';
import { apiErrorMessage } from '../../../shared/api/api-error';
import { logBuffers } from '../../stores/log-buffers';
import { selectLogFilter, selectLogRunId, useLogsStore } from '../../stores/logs-store';
import { selectPrimarySelection, useGraphStore } from '../../stores/graph-store';
import { selectAssetsById, useProjectStore } from '../../stores/project-store';
import { selectRunOrder, selectRuns, useRunsStore } from '../../stores/runs-store';
import { useUiStore } from '../../stores/ui-store';
import { TerminalView } from './terminal-view';

/** Runs offered in the run picker. */
const PICKER_RUNS = 30;

export function LogsPanel() {
  const api = useApi();
  const runId = useLogsStore(selectLogRunId);
  const filterId = useLogsStore(selectLogFilter);
  const assets = useProjectStore(selectAssetsById);
  const primary = useGraphStore(selectPrimarySelection);
  const runs = useRunsStore(selectRuns);
  const order = useRunsStore(selectRunOrder);
  const filterName = filterId === null ? null : (assets.get(filterId)?.name ?? null);
  const primaryName = primary === null ? null : (assets.get(primary)?.name ?? null);
  const run = runId === null ? undefined : runs[runId];

  const loadLog = useCallback(
    (id: string) => {
      logBuffers.startLoad(id);
      api.request('runs.log', { runId: id }).then(
        ({ text }) => logBuffers.finishLoad(id, text),
        (error: unknown) => {
          logBuffers.finishLoad(id, null);
          useUiStore
            .getState()
            .notify({ kind: 'error', text: `Could not load the log: ${apiErrorMessage(error)}` });
        },
      );
    },
    [api],
  );

  const { show, setFilter } = useLogsStore.getState();
  return (
    <section aria-label="Logs" className="logs-panel">
      <div className="logs-panel__toolbar">
        <select
          aria-label="Run shown in the log"
          value={runId ?? ''}
          onChange={(e) => show(e.target.value || null)}
        >
          {runId === null ? <option value="">no run yet</option> : null}
          {runId !== null && !order.includes(runId) ? <option value={runId}>{runId}</option> : null}
          {order.slice(0, PICKER_RUNS).map((id) => {
            const r = runs[id];
            return (
              <option key={id} value={id}>
                {r
                  ? `${r.status} · ${r.env} · ${r.selection || 'all'} · ${new Date(r.startedAt).toLocaleTimeString()}`
                  : id}
              </option>
            );
          })}
        </select>
        {run ? (
          <span className="run-status" data-status={run.status}>
            {run.status}
          </span>
        ) : null}
        {filterName ? (
          <span className="logs-panel__filter">
            lines mentioning <strong>{filterName}</strong>
            <button type="button" onClick={() => setFilter(null)}>
              Show all lines
            </button>
          </span>
        ) : primary !== null && primaryName !== null ? (
          <button type="button" onClick={() => setFilter(primary)}>
            Only {primaryName}
          </button>
        ) : null}
      </div>
      <TerminalView runId={runId} filter={filterName} loadLog={loadLog} />
    </section>
  );
}
