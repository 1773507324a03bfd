// An asset's columns with their classification badges; PII stands out.
import type { AssetColumn } from '../../../shared/assets';

export function ClassificationBadges({ column }: { column: AssetColumn }) {
  const isPii = column.classification?.toLowerCase() === 'pii' || column.pii_type !== undefined;
  return (
    <>
      {isPii ? (
        <span className="badge badge--pii" title="Personally identifiable information">
          PII{column.pii_type ? `: ${column.pii_type}` : ''}
        </span>
      ) : null}
      {column.classification && column.classification.toLowerCase() !== 'pii' ? (
        <span className="badge">{column.classification}</span>
      ) : null}
      {column.sensitivity ? (
        <span className="badge badge--sensitivity">{column.sensitivity}</span>
      ) : null}
    </>
  );
}

export function ColumnsTable({ columns }: { columns: AssetColumn[] }) {
  if (columns.length === 0) return <p className="muted">No documented columns.</p>;
  return (
    <table className="columns-table" aria-label="Columns">
      <thead>
        <tr>
          <th>Column</th>
          <th>Type</th>
          <th>Classification</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((column) => (
          <tr
            key={column.name}
            data-pii={
              column.pii_type || column.classification?.toLowerCase() === 'pii' ? 'true' : undefined
            }
          >
            <td title={column.description}>
              <code>{column.name}</code>
            </td>
            <td>{column.dataType ?? ''}</td>
            <td>
              <ClassificationBadges column={column} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
