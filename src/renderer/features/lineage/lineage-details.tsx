// The side area of the lineage view: the chosen node, its classified columns, its event history
// (START/COMPLETE/FAIL/ABORT with times and dbt's errors) and a link to its asset in the graph.
import { useCallback, useMemo } from 'react';
import { useApi } from '../../api/api-context';
import type { LineageGraphNode } from '../../../shared/lineage';
import { useRunsStore } from '../../stores/runs-store';
import { selectFinishedRunsEpoch, useFetch } from '../traces/observability-hooks';
import { classifiedColumns, datasetBadges, eventHistory } from './lineage-layout';

const HISTORY_LIMIT = 50;

function formatTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : new Date(t).toLocaleString();
}

function EventHistory({ assetId }: { assetId: string }) {
  const api = useApi();
  const epoch = useRunsStore(selectFinishedRunsEpoch);
  const events = useFetch(
    `events|${assetId}|${epoch}`,
    useCallback(
      () =>
        api
          .request('lineage.events', { assetId, limit: HISTORY_LIMIT })
          .then(({ events: list }) => eventHistory(list)),
      [api, assetId],
    ),
  );
  if (events.error) return <p className="error">{events.error}</p>;
  if (!events.value) return <p className="muted">Loading events…</p>;
  if (events.value.length === 0) return <p className="empty">No events yet.</p>;
  return (
    <table className="lineage-history" aria-label="Event history">
      <tbody>
        {events.value.map((row) => (
          <tr key={row.eventId} data-type={row.type}>
            <td>
              <span className="lineage-event" data-type={row.type}>
                {row.type}
              </span>
            </td>
            <td>{formatTime(row.time)}</td>
            <td>
              {row.error ? (
                <span className="error" title={row.error}>
                  {row.error}
                </span>
              ) : (
                <span className="muted" title={`Floe run ${row.floeRunId}`}>
                  {row.jobName}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LineageDetails({
  node,
  canReveal,
  onReveal,
}: {
  node: LineageGraphNode | undefined;
  canReveal: boolean;
  onReveal(assetId: string): void;
}) {
  const columns = useMemo(() => (node ? classifiedColumns(node) : []), [node]);
  if (!node) return <p className="empty">Click a dataset or job.</p>;
  const badges = node.kind === 'dataset' ? datasetBadges(node) : [];
  const assetId = node.assetId;
  return (
    <div className="lineage-details" data-node-id={node.id}>
      <h3>
        <span className="muted">{node.kind}</span> {node.name}
      </h3>
      <p className="muted lineage-details__namespace">{node.namespace}</p>
      {badges.length > 0 ? (
        <p>
          {badges.map((badge) => (
            <span
              key={badge}
              className="lineage-badge"
              data-pii={badge === 'PII' ? 'true' : undefined}
            >
              {badge}
            </span>
          ))}
        </p>
      ) : null}
      {assetId !== undefined ? (
        <button
          type="button"
          disabled={!canReveal}
          title={canReveal ? assetId : `${assetId} is not in the asset graph`}
          onClick={() => onReveal(assetId)}
        >
          Show in asset graph
        </button>
      ) : null}
      {columns.length > 0 ? (
        <>
          <h4>Classified columns</h4>
          <table className="lineage-columns" aria-label="Classified columns">
            <tbody>
              {columns.map((column) => (
                <tr key={column.name} data-pii={column.pii ? 'true' : undefined}>
                  <td>
                    <code>{column.name}</code>
                  </td>
                  <td>
                    {column.pii ? (
                      <span className="lineage-badge" data-pii="true">
                        PII
                      </span>
                    ) : null}
                    {column.classification && column.classification.toLowerCase() !== 'pii'
                      ? column.classification
                      : null}
                  </td>
                  <td className="muted">
                    {[column.pii_type, column.sensitivity].filter(Boolean).join(' · ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h4>Events</h4>
      {assetId !== undefined ? (
        <EventHistory assetId={assetId} />
      ) : node.lastEvent ? (
        <p>
          <span className="lineage-event" data-type={node.lastEvent.eventType}>
            {node.lastEvent.eventType}
          </span>{' '}
          {formatTime(node.lastEvent.eventTime)}
          {node.lastEvent.errorMessage ? (
            <span className="error"> {node.lastEvent.errorMessage}</span>
          ) : null}
        </p>
      ) : (
        <p className="empty">No events for this node.</p>
      )}
    </div>
  );
}
