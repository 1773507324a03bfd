// One open project folder: its compiled state, run engine and watcher, kept current as files change
// and pushed to the UI as snapshots.
import { join } from 'node:path';
import type { EventHub } from '../../api/types';
import type {
  AssetHistory,
  AssetSql,
  ProjectSnapshot,
  RequestPayload,
} from '../../../shared/api/contract';
import {
  summarizeAsset,
  type Asset,
  type AssetCheck,
  type AssetGraph,
  type AssetGraphSummary,
} from '../../../shared/assets';
import type { Environ } from '../../../shared/config/interpolate';
import { runDbtParse } from '../dbt/dbt-parse';
import { withPropertiesChecksums } from '../dbt/properties-checksums';
import { graphCacheDir } from '../manifest';
import type { RunEngine } from '../runs/run-engine';
import { watchProject, type Disposable, type ProjectChange } from '../watch/project-watcher';
import { ApiFailure } from './api-failure';
import { createProjectEngine } from './create-engine';
import { ObservabilityQueries } from './observability-queries';
import { withFreshChecksums } from './fresh-checksums';
import {
  keepLastGoodWhileConfigBroken,
  loadProjectState,
  type ProjectState,
} from './project-state';

export interface OpenProjectOptions {
  dir: string;
  environ: Environ;
  repoRoot: string;
  events: EventHub;
}

const FINISHED = new Set(['success', 'failed', 'canceled', 'interrupted']);
/** How soon to read a half-written manifest again. */
const MANIFEST_RETRY_MS = 200;
/** A manifest still unreadable after this many tries (~5 s) is broken, not being written. */
const MANIFEST_RETRIES = 25;

export class OpenProject {
  readonly dir: string;
  readonly engine: RunEngine;
  readonly observability: ObservabilityQueries;
  private state: ProjectState;
  private env: string | undefined;
  private watcher: Disposable | null = null;
  private watchedDbtDir: string | null = null;
  private readonly unsubscribe: () => void;
  private retry: NodeJS.Timeout | null = null;
  private disposed = false;
  private busyReads = 0;
  /**
   * Code files saved while the studio watched. A manifest read afterwards may predate the save (dbt
   * finishing a run writes the manifest it parsed before the edit): their checksums are taken from
   * disk again after every read, or the edit's staleness would be lost until the next parse.
   */
  private readonly editedFiles = new Set<string>();

  constructor(private readonly options: OpenProjectOptions) {
    this.dir = options.dir;
    this.observability = new ObservabilityQueries(this.dir);
    this.state = loadProjectState({
      dir: this.dir,
      environ: options.environ,
      repoRoot: options.repoRoot,
    });
    this.env = this.state.artifacts?.environment;
    this.engine = createProjectEngine({
      projectDir: this.dir,
      environ: options.environ,
      repoRoot: options.repoRoot,
      defaultEnv: this.env,
      ...(this.state.artifacts === null ? {} : { artifacts: this.state.artifacts }),
    });
    const subscription = this.engine.subscribe((event) => {
      options.events.emit(event.channel, event.payload);
      // A finished run changes latest states and staleness; a run also re-parses the manifest.
      if (event.channel === 'run.updated' && FINISHED.has(event.payload.status))
        this.refresh({ manifest: true });
    });
    this.unsubscribe = () => subscription.dispose();
    this.restartWatcher();
  }

  snapshot(): ProjectSnapshot {
    const { artifacts, graph } = this.state;
    const env = this.env ?? null;
    return {
      dir: this.dir,
      name: artifacts?.name ?? null,
      environments: this.state.environments,
      activeEnvironment: env,
      graph: graph === null ? null : snapshotGraph(graph),
      problems: this.state.problems,
      latest: env === null ? {} : this.engine.latestStates(env),
      stale: env === null || graph === null ? {} : this.engine.staleness(graph, env),
    };
  }

  reload(): ProjectSnapshot {
    this.refresh({ manifest: true });
    return this.snapshot();
  }

  setEnvironment(name: string): ProjectSnapshot {
    const known = this.state.environments.map((e) => e.name);
    if (!known.includes(name)) {
      throw new ApiFailure('failed', `unknown environment "${name}"; allowed: ${known.join(', ')}`);
    }
    this.env = name;
    this.refresh({ manifest: false });
    return this.snapshot();
  }

  async materialize(payload: RequestPayload<'runs.materialize'>): Promise<{ runId: string }> {
    const env = payload.env ?? this.env;
    const info = this.state.environments.find((e) => e.name === env);
    if (info?.protected === true && payload.confirmed !== true) {
      throw new ApiFailure(
        'confirmation_required',
        `"${info.name}" is a protected environment (${info.target}): confirm to run there`,
      );
    }
    return this.engine.materialize({
      select: payload.select,
      exclude: payload.exclude,
      env,
      vars: payload.vars,
      fullRefresh: payload.fullRefresh,
      trigger: 'ui',
      traceparent: payload.traceparent,
    });
  }

  async parse(): Promise<{ ok: boolean; output: string }> {
    const { artifacts, dbtPath } = this.state;
    if (artifacts === null) throw new ApiFailure('failed', 'fix floe.yaml first (see Problems)');
    if (dbtPath === null) throw new ApiFailure('failed', 'dbt was not found (see Problems)');
    const result = await runDbtParse({
      dbtPath,
      projectDir: this.dir,
      artifacts,
      profileEnvVars: this.state.envVars,
      environ: this.options.environ,
    });
    this.refresh({ manifest: true });
    return result;
  }

  assetHistory(assetId: string): AssetHistory {
    const asset = this.state.graph?.assets.find((a) => a.id === assetId);
    return this.engine.assetHistory(assetId, { env: this.env, checkIds: asset?.checks ?? [] });
  }

  assetDetail(assetId: string): Asset {
    const asset = this.state.graph?.assets.find((a) => a.id === assetId);
    if (asset === undefined) throw new ApiFailure('failed', `no asset ${assetId}`);
    return asset;
  }

  assetSql(assetId: string): AssetSql {
    const asset = this.assetDetail(assetId);
    return { assetId, rawSql: asset.rawSql, compiledSql: asset.compiledSql };
  }

  assetChecks(assetId: string): AssetCheck[] {
    return (this.state.graph?.checks ?? []).filter((check) => check.assetIds.includes(assetId));
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.retry !== null) clearTimeout(this.retry);
    this.unsubscribe();
    await this.watcher?.dispose();
    await this.engine.dispose();
  }

  private refresh(what: { manifest: boolean }): void {
    if (this.retry !== null) clearTimeout(this.retry);
    this.retry = null;
    const next = loadProjectState({
      dir: this.dir,
      env: this.env,
      environ: this.options.environ,
      repoRoot: this.options.repoRoot,
      previousGraph: what.manifest ? null : this.state.graph,
      lastGoodGraph: this.state.graph,
    });
    this.state = this.withEditedFiles(keepLastGoodWhileConfigBroken(this.state, next));
    // dbt rewrites manifest.json in place: a read mid-write keeps the last graph and tries again.
    this.busyReads = this.state.manifestBusy === true ? this.busyReads + 1 : 0;
    if (this.busyReads > 0 && this.busyReads <= MANIFEST_RETRIES && !this.disposed) {
      this.retry = setTimeout(() => this.refresh({ manifest: true }), MANIFEST_RETRY_MS);
    }
    // A floe.yaml that no longer names the active environment falls back to its default.
    if (this.state.artifacts !== null) this.env = this.state.artifacts.environment;
    this.restartWatcher();
    this.push();
  }

  private push(): void {
    const snapshot = this.snapshot();
    this.options.events.emit('project.changed', snapshot);
    this.options.events.emit('problems', snapshot.problems);
  }

  private onChange(change: ProjectChange): void {
    if (change.kinds.has('config') || change.kinds.has('manifest')) {
      this.refresh({ manifest: change.kinds.has('manifest') || change.kinds.has('config') });
      return;
    }
    // A model's SQL or YAML changed: dbt's checksum is the sha256 of the .sql file's stripped text,
    // and the YAML entry is fingerprinted here, so staleness is known now, without waiting for a parse.
    for (const path of change.paths) this.editedFiles.add(path);
    if (this.state.graph !== null) {
      this.state = {
        ...this.state,
        graph: withPropertiesChecksums(
          withFreshChecksums(this.state.graph, this.dbtDir(), change.paths),
          this.dbtDir(),
          graphCacheDir(this.dir),
        ),
      };
    }
    this.push();
  }

  private withEditedFiles(state: ProjectState): ProjectState {
    if (state.graph === null || this.editedFiles.size === 0) return state;
    return {
      ...state,
      graph: withFreshChecksums(state.graph, this.dbtDir(), [...this.editedFiles]),
    };
  }

  private dbtDir(): string {
    // While floe.yaml does not compile, keep watching the dbt project it named last.
    return this.state.artifacts?.dbt_project_path ?? this.watchedDbtDir ?? join(this.dir, 'dbt');
  }

  private restartWatcher(): void {
    const dbtDir = this.dbtDir();
    if (this.watcher !== null && this.watchedDbtDir === dbtDir) return;
    void this.watcher?.dispose();
    this.watchedDbtDir = dbtDir;
    this.watcher = watchProject({
      projectDir: this.dir,
      dbtDir,
      onChange: (change) => this.onChange(change),
    });
  }
}

/** Snapshots of one graph share its summary (graphs are replaced, never mutated). */
const summaries = new WeakMap<AssetGraph, AssetGraphSummary>();

/**
 * The graph as snapshots carry it: asset summaries and no checks. Descriptions, columns, paths, SQL
 * and checks were most of a large project's snapshot (5,000 models: 4.4 MB, 1.7 MB without them; a
 * browser takes ~100 ms per MB just to receive one over its WebSocket), and only the asset panel
 * shows them, for one asset: it asks `assets.detail` / `assets.checks`.
 */
const byId = (x: { id: string }, y: { id: string }): number =>
  x.id < y.id ? -1 : x.id > y.id ? 1 : 0;

export function snapshotGraph(graph: AssetGraph): AssetGraphSummary {
  const cached = summaries.get(graph);
  if (cached !== undefined) return cached;
  const summary: AssetGraphSummary = {
    projectName: graph.projectName,
    dbtVersion: graph.dbtVersion,
    manifestSchemaVersion: graph.manifestSchemaVersion,
    // Sorted by id, the order the UI lays out in: its own sort is then a single pass (~5 ms less of
    // the first open's main thread for 5,000 assets).
    assets: graph.assets.map(summarizeAsset).sort(byId),
  };
  summaries.set(graph, summary);
  return summary;
}
