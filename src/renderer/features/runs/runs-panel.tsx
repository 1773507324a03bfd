// Run history: status, environment, selection, start, duration; open, re-run, cancel.
import { useApi } from '../../api/api-context';
import {
  isLive,
  selectActiveRun,
  selectRunOrder,
  selectRuns,
  useRunsStore,
} from '../../stores/runs-store';
import { useLogsStore } from '../../stores/logs-store';
import { cancelRun, rerun } from '../materialize/actions';
import { formatStarted, runDuration } from './format';
import { RunDetail } from './run-detail';
import { useNow } from './use-now';

/** Rows drawn; the engine keeps more (runs.list limit). */
const MAX_ROWS = 200;

export function RunsPanel() {
  const api = useApi();
  const runs = useRunsStore(selectRuns);
  const order = useRunsStore(selectRunOrder);
  const active = useRunsStore(selectActiveRun);
  const anyLive = order.some((id) => isLive(runs[id]));
  const now = useNow(anyLive);
  const open = (runId: string): void => {
    useRunsStore.getState().setActiveRun(runId);
    useLogsStore.getState().show(runId);
  };
  return (
    <section aria-label="Runs" className="runs-panel">
      {order.length === 0 ? <p className="empty">No runs yet.</p> : null}
      <div className="runs-panel__body">
        <table className="runs-table">
          <thead>
            <tr>
              <th>Status</th>
              <th>Environment</th>
              <th>Selection</th>
              <th>Started</th>
              <th>Duration</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {order.slice(0, MAX_ROWS).map((id) => {
              const run = runs[id];
              if (!run) return null;
              return (
                <tr
                  key={id}
                  data-run-id={id}
                  data-selected={active?.id === id ? 'true' : undefined}
                  onClick={() => open(id)}
                >
                  <td>
                    <span className="run-status" data-status={run.status}>
                      {run.status}
                    </span>
                  </td>
                  <td>{run.env}</td>
                  <td>
                    <code>{run.selection || '(all)'}</code>
                  </td>
                  <td>{formatStarted(run.startedAt, now)}</td>
                  <td>{runDuration(run.startedAt, run.finishedAt, now)}</td>
                  <td className="runs-table__actions" onClick={(e) => e.stopPropagation()}>
                    <button type="button" onClick={() => open(id)}>
                      Open
                    </button>
                    <button type="button" onClick={() => void rerun(api, run)}>
                      Re-run
                    </button>
                    {isLive(run) ? (
                      <button type="button" onClick={() => void cancelRun(api, id)}>
                        Cancel
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {active ? <RunDetail run={active} /> : null}
      </div>
    </section>
  );
}
