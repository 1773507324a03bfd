// User commands that talk to the engine and then update stores (never from inside a store).
import type { FloeApi } from '../../../shared/api/contract';
import { apiErrorMessage } from '../../../shared/api/api-error';
import type { RunSummary } from '../../../shared/runs';
import { useGraphStore } from '../../stores/graph-store';
import { useProjectStore } from '../../stores/project-store';
import { useRunsStore, selectLiveRunId } from '../../stores/runs-store';
import { useLogsStore } from '../../stores/logs-store';
import { useUiStore } from '../../stores/ui-store';
import { logBuffers } from '../../stores/log-buffers';
import { applySnapshot } from '../../bridge';
import { buildSelection } from '../graph/selection';
import { materialize, type MaterializeArgs } from './materialize';

const confirmRun = (env: string, select: string): Promise<boolean> =>
  useUiStore.getState().askConfirm(env, select);

function fail(what: string, error: unknown): void {
  useUiStore.getState().notify({ kind: 'error', text: `${what}: ${apiErrorMessage(error)}` });
}

async function start(api: FloeApi, args: MaterializeArgs): Promise<string | null> {
  const ui = useUiStore.getState();
  try {
    const runId = await materialize(api, args, confirmRun);
    if (runId === null) return null;
    logBuffers.markComplete(runId);
    useLogsStore.getState().show(runId);
    useRunsStore.getState().setActiveRun(runId);
    ui.setTab('logs');
    ui.notify({ kind: 'info', text: `Run started: dbt build --select ${args.select}` });
    return runId;
  } catch (error) {
    fail('Materialize failed', error);
    return null;
  }
}

/** The current selection (graph store) with the chosen scope, in the active environment. */
export function materializeSelection(api: FloeApi): Promise<string | null> {
  const { selected, scope } = useGraphStore.getState();
  const project = useProjectStore.getState();
  const assets = selected.flatMap((id) => {
    const asset = project.assetsById.get(id);
    return asset ? [asset] : [];
  });
  const select = buildSelection(assets, scope);
  if (select === '') {
    useUiStore.getState().notify({
      kind: 'error',
      text: 'Nothing to materialize: select a model, seed or snapshot (sources are not built).',
    });
    return Promise.resolve(null);
  }
  return start(api, { select, env: project.snapshot?.activeEnvironment ?? null });
}

export function rerun(api: FloeApi, run: RunSummary): Promise<string | null> {
  return start(api, {
    select: run.selection,
    env: run.env,
    ...(run.exclude ? { exclude: run.exclude } : {}),
  });
}

export async function cancelRun(api: FloeApi, runId: string): Promise<void> {
  try {
    const { canceled } = await api.request('runs.cancel', { runId });
    if (!canceled)
      useUiStore.getState().notify({ kind: 'info', text: 'The run had already ended.' });
  } catch (error) {
    fail('Cancel failed', error);
  }
}

export function cancelLiveRun(api: FloeApi): Promise<void> {
  const runId = selectLiveRunId(useRunsStore.getState());
  return runId ? cancelRun(api, runId) : Promise.resolve();
}

export async function setEnvironment(api: FloeApi, name: string): Promise<void> {
  try {
    const snapshot = await api.request('env.set', { name });
    applySnapshot(snapshot);
  } catch (error) {
    fail(`Could not switch to ${name}`, error);
  }
}
