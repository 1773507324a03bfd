// The selected asset: metadata, staleness, columns with classifications, checks, materializations, SQL.
// The snapshot's summary shows at once; description, columns, paths and SQL follow from assets.detail.
import type { ReactNode } from 'react';
import { useApi } from '../../api/api-context';
import type { AssetSummary } from '../../../shared/assets';
import { selectAssetsById, useProjectStore } from '../../stores/project-store';
import { selectPrimarySelection, selectSelected, useGraphStore } from '../../stores/graph-store';
import { useLogsStore } from '../../stores/logs-store';
import { useUiStore } from '../../stores/ui-store';
import { useNodeStatus, useStaleness } from '../graph/use-node-status';
import { ColumnsTable } from './columns-table';
import { AssetChecks } from './asset-checks';
import { useAssetHistory } from './use-asset-history';
import { useAssetExtras, type AssetExtras } from './use-asset-extras';
import { formatStarted } from '../runs/format';
import { useNow } from '../runs/use-now';

/** Materializations listed; the engine may return more. */
const MAX_MATERIALIZATIONS = 10;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function SqlBlock({ title, sql }: { title: string; sql: string | undefined }) {
  if (!sql) return null;
  return (
    <details className="sql-block">
      <summary>{title}</summary>
      <pre>{sql}</pre>
    </details>
  );
}

function Description({ extras }: { extras: AssetExtras }) {
  if (extras.detailError !== null)
    return <p className="muted">Details unavailable: {extras.detailError}</p>;
  if (extras.detail === null) return <p className="muted">Loading details…</p>;
  if (!extras.detail.description) return <p className="muted">No description.</p>;
  return <p className="asset-details__description">{extras.detail.description}</p>;
}

function AssetDetails({ asset }: { asset: AssetSummary }) {
  const api = useApi();
  const status = useNodeStatus(asset.id);
  const stale = useStaleness(asset.id);
  const { history, error } = useAssetHistory(api, asset.id);
  const extras = useAssetExtras(api, asset.id);
  const { detail } = extras;
  const now = useNow(false);
  return (
    <div className="asset-details">
      <h2>
        {asset.name} <span className="asset-details__type">{asset.resourceType}</span>
      </h2>
      <p>
        <span className="run-status" data-status={status}>
          {status}
        </span>
        <button
          type="button"
          onClick={() => {
            useLogsStore.getState().setFilter(asset.id);
            useUiStore.getState().setTab('logs');
          }}
        >
          Its log lines
        </button>
      </p>
      <Description extras={extras} />
      {stale ? (
        <div className="stale-note" role="note">
          <strong>Stale</strong> ({stale.reason.replaceAll('_', ' ')}): {stale.detail}
        </div>
      ) : null}
      <dl className="asset-details__fields">
        <Field label="Owner">{asset.owner ?? '—'}</Field>
        <Field label="Group">{asset.group}</Field>
        <Field label="Tags">
          {asset.tags.length === 0
            ? '—'
            : asset.tags.map((tag) => (
                <span key={tag} className="badge">
                  {tag}
                </span>
              ))}
        </Field>
        <Field label="Materialization">
          {asset.materialization ?? '—'}
          {asset.ephemeral ? ' (ephemeral)' : ''}
        </Field>
        {detail?.relationName ? (
          <Field label="Relation">
            <code>{detail.relationName}</code>
          </Field>
        ) : null}
        {detail?.filePath ? (
          <Field label="File">
            <code>{detail.filePath}</code>
          </Field>
        ) : null}
        <Field label="Id">
          <code>{asset.id}</code>
        </Field>
      </dl>
      <h3>Columns</h3>
      {detail ? <ColumnsTable columns={detail.columns} /> : null}
      <h3>Checks</h3>
      <AssetChecks checks={extras.checks ?? []} history={history?.checks ?? []} />
      <h3>Last materializations</h3>
      {error ? <p className="error">{error}</p> : null}
      {history && history.materializations.length === 0 ? (
        <p className="muted">Never materialized.</p>
      ) : null}
      <ul className="materializations" aria-label="Last materializations">
        {(history?.materializations ?? []).slice(0, MAX_MATERIALIZATIONS).map((m) => (
          <li key={`${m.runId}-${m.startedAt ?? ''}`}>
            <span className="run-status" data-status={m.status}>
              {m.status}
            </span>{' '}
            {m.env} · {m.startedAt ? formatStarted(m.startedAt, now) : '—'}
            {m.message ? <div className="muted">{m.message}</div> : null}
          </li>
        ))}
      </ul>
      <SqlBlock title="Raw SQL" sql={detail?.rawSql} />
      <SqlBlock title="Compiled SQL" sql={detail?.compiledSql} />
    </div>
  );
}

export function AssetPanel() {
  const primary = useGraphStore(selectPrimarySelection);
  const selected = useGraphStore(selectSelected);
  const assets = useProjectStore(selectAssetsById);
  const asset = primary === null ? undefined : assets.get(primary);
  return (
    <aside className="asset-panel" aria-label="Asset details">
      {selected.length > 1 ? (
        <p className="asset-panel__multi">
          {selected.length} assets selected:{' '}
          {selected.map((id) => assets.get(id)?.name ?? id).join(', ')}
        </p>
      ) : null}
      {asset ? (
        <AssetDetails asset={asset} />
      ) : (
        <p className="muted">
          Select an asset to see its details. Shift-click or Shift-drag selects several.
        </p>
      )}
    </aside>
  );
}
