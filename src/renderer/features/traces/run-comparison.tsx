// Per-asset duration deltas between the shown run and a baseline run of the same selection.
import { memo } from 'react';
import { formatMs } from './timeline-layout';
import { formatDelta, type AssetDelta } from './run-compare';

/** Changes under this are noise on a shared machine; not flagged as slower. */
const NOISE_MS = 50;

export const RunComparison = memo(function RunComparison({
  rows,
  onAssetClick,
}: {
  rows: readonly AssetDelta[];
  onAssetClick(nodeId: string): void;
}) {
  if (rows.length === 0) return <p className="empty">Neither run has asset spans.</p>;
  return (
    <table className="trace-compare" aria-label="Duration changes">
      <thead>
        <tr>
          <th>Asset</th>
          <th>Before</th>
          <th>This run</th>
          <th>Change</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.nodeId}
            data-node-id={row.nodeId}
            data-slower={row.deltaMs !== undefined && row.deltaMs > NOISE_MS ? 'true' : undefined}
            data-faster={row.deltaMs !== undefined && row.deltaMs < -NOISE_MS ? 'true' : undefined}
            onClick={() => onAssetClick(row.nodeId)}
            title={row.nodeId}
          >
            <td>{row.name}</td>
            <td>{row.baseMs === undefined ? 'not run' : formatMs(row.baseMs)}</td>
            <td>{row.currentMs === undefined ? 'not run' : formatMs(row.currentMs)}</td>
            <td className="trace-compare__delta">
              {row.deltaMs === undefined ? '—' : formatDelta(row.deltaMs)}
              {row.ratio !== undefined && Number.isFinite(row.ratio)
                ? ` (${row.ratio >= 0 ? '+' : ''}${Math.round(row.ratio * 100)}%)`
                : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
});
