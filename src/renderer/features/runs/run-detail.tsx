// One run opened from history: its assets with their statuses and messages.
import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context';
import { apiErrorMessage } from '../../../shared/api/api-error';
import type { RunDetail as RunDetailData } from '../../../shared/api/contract';
import type { RunSummary } from '../../../shared/runs';
import { selectAssetsById, useProjectStore } from '../../stores/project-store';
import { useLogsStore } from '../../stores/logs-store';
import { useUiStore } from '../../stores/ui-store';

export function RunDetail({ run }: { run: RunSummary }) {
  const api = useApi();
  const assets = useProjectStore(selectAssetsById);
  const [detail, setDetail] = useState<RunDetailData | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Refetch when the run's summary changes (statuses arrive while it runs).
  useEffect(() => {
    let alive = true;
    api.request('runs.get', { runId: run.id }).then(
      (value) => alive && setDetail(value),
      (e: unknown) => alive && setError(apiErrorMessage(e)),
    );
    return () => {
      alive = false;
    };
  }, [api, run]);

  const messages = new Map<string, string>();
  for (const event of detail?.events ?? []) {
    if (event.message) messages.set(event.assetId, event.message);
  }
  const entries = Object.entries(run.assets);
  return (
    <div className="run-detail" aria-label={`Run ${run.id}`} role="region">
      <div className="run-detail__head">
        <strong>Run {run.id}</strong> · <code>dbt build --select {run.selection || '(all)'}</code>
        {run.exclude ? <code> --exclude {run.exclude}</code> : null} · {run.env} · {run.trigger}
        {run.exitCode === undefined ? null : ` · exit ${run.exitCode}`}
        <button
          type="button"
          onClick={() => {
            useLogsStore.getState().show(run.id);
            useUiStore.getState().setTab('logs');
          }}
        >
          Show log
        </button>
      </div>
      {run.message ? <p className="run-detail__message">{run.message}</p> : null}
      {error ? <p className="error">{error}</p> : null}
      {entries.length === 0 ? <p className="muted">No asset events yet.</p> : null}
      <ul className="run-detail__assets">
        {entries.map(([assetId, status]) => (
          <li key={assetId}>
            <span className="run-status" data-status={status}>
              {status}
            </span>{' '}
            {assets.get(assetId)?.name ?? assetId}
            {messages.get(assetId) ? (
              <span className="muted"> — {messages.get(assetId)}</span>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
