// The engine behind the studio's API: one open project at a time, its compiled state, its run
// engine, its watcher, and every request handler. Transports (IPC, WebSocket) only forward to it.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApiHandlers, EventHub } from '../../api/types';
import type { ProjectSnapshot } from '../../../shared/api/contract';
import type { Environ } from '../../../shared/config/interpolate';
import { ApiFailure } from './api-failure';
import { OpenProject } from './open-project';
import { createRecentProjects, type RecentProjects } from './recent-projects';

export interface ProjectServiceOptions {
  repoRoot: string;
  environ: Environ;
  events: EventHub;
  /** Where the recent-projects list lives (Electron's userData; default ~/.floe). */
  stateDir?: string;
  /** Opens http(s) links (desktop only); the web host has none and reports `opened: false`. */
  openExternal?: (url: string) => Promise<boolean>;
}

export interface ProjectService {
  handlers: ApiHandlers;
  open(dir: string): Promise<ProjectSnapshot>;
  current(): OpenProject | null;
  recent: RecentProjects;
  dispose(): Promise<void>;
}

export function createProjectService(options: ProjectServiceOptions): ProjectService {
  const recent = createRecentProjects(options.stateDir ?? join(homedir(), '.floe'));
  let project: OpenProject | null = null;

  const open = async (dir: string): Promise<ProjectSnapshot> => {
    const absolute = resolve(dir);
    if (!existsSync(absolute)) throw new ApiFailure('failed', `folder ${absolute} does not exist`);
    const previous = project;
    project = null;
    await previous?.dispose();
    const next = new OpenProject({
      dir: absolute,
      environ: options.environ,
      repoRoot: options.repoRoot,
      events: options.events,
    });
    project = next;
    recent.add(absolute);
    const snapshot = next.snapshot();
    options.events.emit('project.changed', snapshot);
    return snapshot;
  };

  const need = (): OpenProject => {
    if (project === null)
      throw new ApiFailure('no_project', 'no project is open: open a folder with a floe.yaml');
    return project;
  };

  const handlers: ApiHandlers = {
    'project.open': ({ dir }) => open(dir),
    'project.current': async () => project?.snapshot() ?? null,
    'project.reload': async () => need().reload(),
    'project.parse': async () => need().parse(),
    'project.recent': async () => ({ dirs: recent.list() }),
    'env.set': async ({ name }) => need().setEnvironment(name),
    'assets.history': async ({ assetId }) => need().assetHistory(assetId),
    'assets.detail': async ({ assetId }) => need().assetDetail(assetId),
    'assets.sql': async ({ assetId }) => need().assetSql(assetId),
    'assets.checks': async ({ assetId }) => ({ assetId, checks: need().assetChecks(assetId) }),
    'runs.materialize': async (payload) => need().materialize(payload),
    'runs.cancel': async ({ runId }) => ({ canceled: await need().engine.cancel(runId) }),
    'runs.list': async ({ limit }) => ({ runs: need().engine.listRuns(limit ?? 100) }),
    'runs.get': async ({ runId }) => {
      const detail = need().engine.getRun(runId);
      if (detail === null) throw new ApiFailure('failed', `no run ${runId}`);
      return detail;
    },
    'runs.log': async ({ runId }) => {
      const text = need().engine.runLog(runId);
      if (text === null) throw new ApiFailure('failed', `no run ${runId}`);
      return { runId, text };
    },
    'shell.openExternal': async ({ url }) => ({
      opened: options.openExternal ? await options.openExternal(url) : false,
    }),
    'lineage.graph': async ({ key, depth }) => need().observability.lineageGraph(key, depth ?? 2),
    'lineage.events': async ({ runId, assetId, limit }) => ({
      // The API says `runId` for the Floe run; the store calls it floeRunId.
      events: need().observability.lineageEvents({
        ...(runId === undefined ? {} : { floeRunId: runId }),
        ...(assetId === undefined ? {} : { assetId }),
        ...(limit === undefined ? {} : { limit }),
      }),
    }),
    'traces.runs': async ({ limit }) => ({ runs: need().observability.tracedRuns(limit ?? 50) }),
    'traces.run': async ({ runId }) => need().observability.runTrace(runId),
    'telemetry.export': async ({ spans }) => ({
      stored: need().observability.storeExternalSpans(spans),
    }),
  };

  return {
    handlers,
    open,
    current: () => project,
    recent,
    async dispose() {
      const previous = project;
      project = null;
      await previous?.dispose();
    },
  };
}
