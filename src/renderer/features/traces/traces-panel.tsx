// The Traces tab: a Gantt timeline of a run's spans (the latest traced run unless another is
// chosen), thread lanes, the critical path, hover for attributes, click to show the asset in the
// graph; and a comparison with an earlier run of the same selection. Loads only while showing.
import { useCallback, useMemo, useState } from 'react';
import { useApi } from '../../api/api-context';
import type { TracedRun } from '../../../shared/traces';
import { useRunsStore } from '../../stores/runs-store';
import { useUiStore } from '../../stores/ui-store';
import {
  selectFinishedRunsEpoch,
  useFetch,
  useRevealAsset,
  useTabVisible,
} from './observability-hooks';
import { comparableRuns, compareRuns } from './run-compare';
import { RunComparison } from './run-comparison';
import { Timeline } from './timeline';
import { formatMs, layoutTimeline, type TimelineLayout } from './timeline-layout';
import './traces.css';

const ZOOMS = [1, 2, 4, 8, 16, 32, 64];

function runLabel(run: TracedRun): string {
  const when = new Date(run.startMs).toLocaleString();
  return `${when} · ${run.selection || '(all)'} · ${run.runStatus ?? run.status}`;
}

export function TracesPanel() {
  const api = useApi();
  const visible = useTabVisible('traces');
  const epoch = useRunsStore(selectFinishedRunsEpoch);
  const reveal = useRevealAsset();
  const [refresh, setRefresh] = useState(0);
  /** '' follows the latest traced run. */
  const [chosen, setChosen] = useState('');
  const [compareWith, setCompareWith] = useState('');
  const [zoom, setZoom] = useState(1);
  const [drawn, setDrawn] = useState<TimelineLayout | null>(null);

  const runs = useFetch(
    visible ? `runs|${epoch}|${refresh}` : null,
    useCallback(() => api.request('traces.runs', { limit: 200 }), [api]),
  );
  const trace = useFetch(
    visible ? `trace|${chosen}|${epoch}|${refresh}` : null,
    useCallback(
      () => api.request('traces.run', chosen === '' ? {} : { runId: chosen }),
      [api, chosen],
    ),
  );
  const runList = useMemo(() => runs.value?.runs ?? [], [runs.value]);
  const shownRun = runList.find((run) => run.runId === trace.value?.runId);
  const comparable = useMemo(() => comparableRuns(runList, shownRun), [runList, shownRun]);
  const baseline = comparable.some((run) => run.runId === compareWith) ? compareWith : '';
  const compare = useFetch(
    visible && baseline !== '' ? `compare|${baseline}` : null,
    useCallback(() => api.request('traces.run', { runId: baseline }), [api, baseline]),
  );

  const layout = useMemo(
    () => (trace.value ? layoutTimeline(trace.value.spans, trace.value.criticalPath) : null),
    [trace.value],
  );
  const deltas = useMemo(
    () =>
      compare.value && trace.value && baseline !== ''
        ? compareRuns(compare.value.spans, trace.value.spans)
        : null,
    [compare.value, trace.value, baseline],
  );
  const onBarClick = useCallback(
    (nodeId: string) => {
      if (!reveal(nodeId))
        useUiStore
          .getState()
          .notify({ kind: 'info', text: `${nodeId} is not in the asset graph any more.` });
    },
    [reveal],
  );
  const onDrawn = useCallback((drawnLayout: TimelineLayout) => setDrawn(drawnLayout), []);

  const empty = layout !== null && layout.run === null && layout.barCount === 0;
  const ready = trace.current && layout !== null && (empty || drawn === layout);
  const criticalCount = trace.value?.criticalPath.length ?? 0;
  const zoomIndex = Math.max(0, ZOOMS.indexOf(zoom));

  return (
    <section
      aria-label="Traces"
      className="traces-panel"
      data-ready={ready ? 'true' : 'false'}
      data-run-id={trace.value?.runId ?? undefined}
    >
      <div className="traces-panel__toolbar">
        <label>
          Run{' '}
          <select aria-label="Run" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">Latest</option>
            {runList.map((run) => (
              <option key={run.runId} value={run.runId}>
                {runLabel(run)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Compare with{' '}
          <select
            aria-label="Compare with"
            value={baseline}
            disabled={comparable.length === 0}
            onChange={(e) => setCompareWith(e.target.value)}
          >
            <option value="">
              {comparable.length === 0 ? 'no other run of this selection' : 'none'}
            </option>
            {comparable.map((run) => (
              <option key={run.runId} value={run.runId}>
                {runLabel(run)}
              </option>
            ))}
          </select>
        </label>
        <span className="traces-panel__zoom">
          <button
            type="button"
            aria-label="Zoom out"
            disabled={zoomIndex === 0}
            onClick={() => setZoom(ZOOMS[zoomIndex - 1] ?? 1)}
          >
            −
          </button>
          <button type="button" onClick={() => setZoom(1)} disabled={zoom === 1}>
            Fit
          </button>
          <button
            type="button"
            aria-label="Zoom in"
            disabled={zoomIndex === ZOOMS.length - 1}
            onClick={() => setZoom(ZOOMS[zoomIndex + 1] ?? zoom)}
          >
            +
          </button>
        </span>
        <button type="button" onClick={() => setRefresh((n) => n + 1)}>
          Refresh
        </button>
        {layout && !empty ? (
          <span className="muted traces-panel__summary">
            {layout.barCount} spans · {formatMs(layout.durationMs)} · critical path {criticalCount}{' '}
            spans
          </span>
        ) : null}
        {(trace.error ?? runs.error) ? (
          <span className="error">{trace.error ?? runs.error}</span>
        ) : null}
      </div>
      <div className="traces-panel__body" data-comparing={deltas ? 'true' : undefined}>
        {empty ? (
          <p className="empty">
            No traced runs yet: materialize something and its timeline appears here.
          </p>
        ) : layout ? (
          <Timeline layout={layout} zoom={zoom} onBarClick={onBarClick} onDrawn={onDrawn} />
        ) : (
          <p className="empty">Loading…</p>
        )}
        {deltas ? (
          <aside className="traces-panel__compare" aria-label="Run comparison">
            <RunComparison rows={deltas} onAssetClick={onBarClick} />
          </aside>
        ) : null}
      </div>
    </section>
  );
}
