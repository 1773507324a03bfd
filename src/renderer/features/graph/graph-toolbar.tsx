// Over the graph: focus mode (neighbourhood of the selected asset, depth, direction), fit view, legend.
import { useMemo } from 'react';
import { useProjectStore, selectGraph } from '../../stores/project-store';
import { useGraphStore, selectFocus, selectPrimarySelection } from '../../stores/graph-store';
import type { FocusDirection } from './graph-filter';
import { groupColor } from './group-colors';

/** Beyond this many assets the legend would be a wall; the node bands still show groups. */
const MAX_LEGEND_GROUPS = 24;

export function GraphToolbar({ shown, total }: { shown: number; total: number }) {
  const focus = useGraphStore(selectFocus);
  const primary = useGraphStore(selectPrimarySelection);
  const graph = useProjectStore(selectGraph);
  const groups = useMemo(
    () => [...new Set((graph?.assets ?? []).map((asset) => asset.group))].sort(),
    [graph],
  );
  const { setFocus, requestFit, setQuery } = useGraphStore.getState();
  const focusOn = (assetId: string): void =>
    setFocus({ assetId, depth: focus?.depth ?? 2, direction: focus?.direction ?? 'both' });

  return (
    <div className="graph-toolbar">
      <span className="graph-toolbar__count">
        {shown === total ? `${total} assets` : `${shown} of ${total} assets`}
      </span>
      {focus ? (
        <span className="graph-toolbar__focus" role="group" aria-label="Focus">
          <span>Focus: {focus.assetId.split('.').pop()}</span>
          <label>
            depth{' '}
            <input
              type="number"
              min={0}
              max={50}
              value={focus.depth}
              aria-label="Focus depth"
              onChange={(e) =>
                setFocus({
                  ...focus,
                  depth: Math.max(0, Math.min(50, Number(e.target.value) || 0)),
                })
              }
            />
          </label>
          <select
            aria-label="Focus direction"
            value={focus.direction}
            onChange={(e) => setFocus({ ...focus, direction: e.target.value as FocusDirection })}
          >
            <option value="both">up & down</option>
            <option value="up">upstream</option>
            <option value="down">downstream</option>
          </select>
          <button type="button" onClick={() => setFocus(null)}>
            Exit focus
          </button>
        </span>
      ) : (
        <button
          type="button"
          disabled={primary === null}
          onClick={() => primary && focusOn(primary)}
          title="Show only the selected asset's neighbourhood (double-click a node does the same)"
        >
          Focus
        </button>
      )}
      <button type="button" onClick={requestFit}>
        Fit view
      </button>
      {groups.length > 1 && groups.length <= MAX_LEGEND_GROUPS ? (
        <span className="graph-legend" aria-label="Groups">
          {groups.map((group) => (
            <button
              key={group}
              type="button"
              className="graph-legend__group"
              title={`Show only group ${group}`}
              onClick={() => setQuery(`group:${group}`)}
            >
              <span className="graph-legend__swatch" style={{ background: groupColor(group) }} />
              {group}
            </button>
          ))}
        </span>
      ) : null}
    </div>
  );
}
