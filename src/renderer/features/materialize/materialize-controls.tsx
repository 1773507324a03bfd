// Top bar: the Materialize button, its scope choice, and cancel for the live run.
import { useApi } from '../../api/api-context';
import { selectScope, selectSelected, useGraphStore } from '../../stores/graph-store';
import { selectLiveRunId, useRunsStore } from '../../stores/runs-store';
import type { MaterializeScope } from '../graph/selection';
import { cancelRun, materializeSelection } from './actions';

export function MaterializeControls() {
  const api = useApi();
  const selected = useGraphStore(selectSelected);
  const scope = useGraphStore(selectScope);
  const liveRunId = useRunsStore(selectLiveRunId);
  return (
    <div className="materialize" role="group" aria-label="Run controls">
      <button
        type="button"
        className="materialize__button"
        disabled={selected.length === 0}
        onClick={() => void materializeSelection(api)}
        title="dbt build the selected assets (Ctrl+Enter)"
      >
        Materialize
      </button>
      <select
        aria-label="Materialize scope"
        value={scope}
        onChange={(e) => useGraphStore.getState().setScope(e.target.value as MaterializeScope)}
      >
        <option value="only">selected only</option>
        <option value="downstream">+ downstream</option>
        <option value="upstream">+ upstream</option>
      </select>
      <span className="materialize__count" aria-live="polite">
        {selected.length === 0 ? 'nothing selected' : `${selected.length} selected`}
      </span>
      {liveRunId ? (
        <button
          type="button"
          className="materialize__cancel"
          onClick={() => void cancelRun(api, liveRunId)}
          title="Cancel the running run (Ctrl+.)"
        >
          Cancel run
        </button>
      ) : null}
    </div>
  );
}
