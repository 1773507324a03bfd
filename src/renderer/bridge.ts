// The one place pushed events become store actions, plus the initial load (and reload after the web
// socket reconnects). Returns a disposer.
import type { ApiHandle } from './api/connection';
import { requestInitialState, type InitialRequests } from './api/initial-requests';
import type { AssetStatusEvent } from '../shared/runs';
import type { ProjectSnapshot } from '../shared/api/contract';
import { useProjectStore } from './stores/project-store';
import { useGraphStore } from './stores/graph-store';
import { isLive, useRunsStore } from './stores/runs-store';
import { useLogsStore } from './stores/logs-store';
import { logBuffers } from './stores/log-buffers';

export interface BridgeOptions {
  /** Where load failures go (the app shows them in the status bar). */
  onError(message: string): void;
  /** Coalesces bursts of status events; requestAnimationFrame in the app. */
  schedule?: (flush: () => void) => void;
  /** The first load's requests when the entry already sent them (early-start.ts). */
  initial?: InitialRequests;
}

/** Applies a snapshot to every store that derives from it. */
export function applySnapshot(snapshot: ProjectSnapshot | null): void {
  const previous = useProjectStore.getState().snapshot;
  useProjectStore.getState().applySnapshot(snapshot);
  if (snapshot) {
    // `latest` is per environment: after a switch, the old environment's statuses no longer apply.
    const switched =
      previous !== null &&
      (previous.dir !== snapshot.dir || previous.activeEnvironment !== snapshot.activeEnvironment);
    if (switched) useRunsStore.getState().replaceLatest(snapshot.latest);
    else useRunsStore.getState().applyLatest(snapshot.latest);
  }
  const assets = useProjectStore.getState().assetsById;
  // Keep the selection across reloads, minus assets that are gone.
  if (snapshot?.graph) useGraphStore.getState().retainExisting((id) => assets.has(id));
}

export async function loadInitialState(
  handle: ApiHandle,
  requests: InitialRequests = requestInitialState(handle.api),
): Promise<void> {
  // Each applied as it arrives: the graph does not wait for the runs, nor the runs for the graph.
  const runs = requests.runs.then(({ runs: list }) => {
    useRunsStore.getState().setRuns(list);
    const logs = useLogsStore.getState();
    if (logs.runId === null) logs.show(useRunsStore.getState().order[0] ?? null);
  });
  const snapshot = requests.snapshot.then(applySnapshot);
  await Promise.all([runs, snapshot]);
}

export function connectBridge(handle: ApiHandle, options: BridgeOptions): () => void {
  const schedule = options.schedule ?? ((flush) => queueMicrotask(flush));
  let statusBatch: AssetStatusEvent[] = [];
  const flushStatuses = (): void => {
    const batch = statusBatch;
    statusBatch = [];
    useRunsStore.getState().applyAssetStatuses(batch);
  };
  let initial = options.initial;
  // Requests made before the link opened are sent when it opens: that open needs no load of its own.
  let openCovered = initial !== undefined && handle.state() !== 'open';
  const load = (): void => {
    const requests = initial ?? requestInitialState(handle.api);
    initial = undefined;
    loadInitialState(handle, requests).catch((error: unknown) => {
      // Sent, then the link dropped: the next open must load again.
      openCovered = false;
      options.onError(`Could not load the project: ${String(error)}`);
    });
  };
  const { api } = handle;
  const disposers = [
    api.on('project.changed', (snapshot) => applySnapshot(snapshot)),
    api.on('problems', (problems) => useProjectStore.getState().setProblems(problems)),
    api.on('asset.status', (event) => {
      statusBatch.push(event);
      if (statusBatch.length === 1) schedule(flushStatuses);
    }),
    api.on('check.result', (result) => useRunsStore.getState().applyCheckResult(result)),
    api.on('run.output', ({ runId, data }) => logBuffers.append(runId, data)),
    api.on('run.updated', (run) => {
      const known = useRunsStore.getState().runs[run.id] !== undefined;
      useRunsStore.getState().upsertRun(run);
      if (!known && run.status === 'queued') logBuffers.markComplete(run.id);
      // Follow a new live run unless the user is reading another live one.
      const logs = useLogsStore.getState();
      const shown = logs.runId === null ? undefined : useRunsStore.getState().runs[logs.runId];
      if (isLive(run) && logs.runId !== run.id && !isLive(shown)) logs.show(run.id);
    }),
    handle.onStateChange((state) => {
      if (state !== 'open') return;
      if (openCovered) openCovered = false;
      else load();
    }),
  ];
  if (handle.state() === 'open' || initial !== undefined) load();
  return () => {
    for (const dispose of disposers) dispose();
  };
}
