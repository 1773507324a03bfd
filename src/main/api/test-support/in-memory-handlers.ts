// Small real handlers for the transport tests: an in-memory "engine" that remembers the opened
// folder and its runs and pushes events through the hub like the project service does.
import type { ProjectSnapshot } from '../../../shared/api/contract';
import type { RunSummary } from '../../../shared/runs';
import type { ApiHandlers, EventHub } from '../types';

export class CodedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function createInMemoryHandlers(events: EventHub): ApiHandlers {
  let project: ProjectSnapshot | null = null;
  const runs = new Map<string, RunSummary>();
  const logs = new Map<string, string>();

  const requireProject = (): ProjectSnapshot => {
    if (project === null) throw new CodedError('no_project', 'No project is open.');
    return project;
  };

  return {
    async 'project.open'({ dir }) {
      project = {
        dir,
        name: dir.split('/').pop() ?? dir,
        environments: [{ name: 'dev', target: 'duckdb', protected: false }],
        activeEnvironment: 'dev',
        graph: null,
        problems: [],
        latest: {},
        stale: {},
      };
      events.emit('project.changed', project);
      return project;
    },
    async 'project.current'() {
      return project;
    },
    async 'project.reload'() {
      return requireProject();
    },
    async 'project.parse'() {
      requireProject();
      return { ok: true, output: 'parsed' };
    },
    async 'project.recent'() {
      return { dirs: project === null ? [] : [project.dir] };
    },
    async 'env.set'({ name }) {
      const current = requireProject();
      if (!current.environments.some((env) => env.name === name)) {
        throw new Error(`Unknown environment "${name}".`);
      }
      project = { ...current, activeEnvironment: name };
      return project;
    },
    async 'assets.history'({ assetId }) {
      return { assetId, materializations: [], checks: [] };
    },
    async 'assets.detail'({ assetId }) {
      requireProject();
      throw new CodedError('failed', `No asset ${assetId}.`);
    },
    async 'assets.sql'({ assetId }) {
      requireProject();
      return { assetId };
    },
    async 'assets.checks'({ assetId }) {
      requireProject();
      return { assetId, checks: [] };
    },
    async 'runs.materialize'({ select, env, confirmed }) {
      const current = requireProject();
      const runEnv = env ?? current.activeEnvironment ?? 'dev';
      if (runEnv === 'prod' && confirmed !== true) {
        throw new CodedError('confirmation_required', 'prod is protected: confirm the run.');
      }
      const id = `run-${runs.size + 1}`;
      const run: RunSummary = {
        id,
        status: 'success',
        env: runEnv,
        selection: select,
        trigger: 'ui',
        startedAt: new Date(0).toISOString(),
        assets: { [select]: 'success' },
      };
      runs.set(id, run);
      logs.set(id, `building ${select}\r\nCompleted successfully\r\n`);
      events.emit('asset.status', {
        runId: id,
        assetId: select,
        status: 'running',
        at: run.startedAt,
      });
      events.emit('run.output', { runId: id, data: `building ${select}\r\n` });
      events.emit('run.output', { runId: id, data: 'Completed successfully\r\n' });
      events.emit('asset.status', {
        runId: id,
        assetId: select,
        status: 'success',
        at: run.startedAt,
      });
      events.emit('run.updated', run);
      return { runId: id };
    },
    async 'runs.cancel'({ runId }) {
      return { canceled: runs.has(runId) };
    },
    async 'runs.list'({ limit }) {
      return { runs: [...runs.values()].slice(0, limit ?? 100) };
    },
    async 'runs.get'({ runId }) {
      const run = runs.get(runId);
      if (run === undefined) throw new Error(`No run ${runId}.`);
      return { run, events: [] };
    },
    async 'runs.log'({ runId }) {
      return { runId, text: logs.get(runId) ?? '' };
    },
    async 'shell.openExternal'() {
      return { opened: false };
    },
    async 'lineage.graph'() {
      return { rootId: null, nodes: [], edges: [] };
    },
    async 'lineage.events'() {
      return { events: [] };
    },
    async 'traces.runs'() {
      return { runs: [] };
    },
    async 'traces.run'({ runId }) {
      return { runId: runId ?? null, spans: [], criticalPath: [] };
    },
    async 'telemetry.export'({ spans }) {
      return { stored: spans.length };
    },
  };
}
