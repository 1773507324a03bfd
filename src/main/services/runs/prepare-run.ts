// Everything a run needs before dbt starts: compiled config for the environment, the generated
// profiles, the dbt executable, the asset graph and the selection resolved on it. The engine receives
// a PrepareRun function (constructor injection), so tests and other hosts can hand in their own; the
// real one is composed here from the config, profiles, manifest, selection and dbt-discovery services.
import { dirname, join } from 'node:path';
import type { AssetGraph } from '../../../shared/assets';
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import type { Problem } from '../../../shared/problems';
import type { RunRequest } from '../../../shared/runs';
import { withPropertiesChecksums } from '../dbt/properties-checksums';
import { graphCacheDir } from '../manifest/graph-cache';
import { isMaterializable } from './staleness';

export interface PreparedRun {
  env: string;
  artifacts: CompiledArtifacts;
  dbtPath: string;
  /** Folder holding dbt_project.yml (dbt's cwd and --project-dir). */
  dbtProjectDir: string;
  /** Folder holding the generated profiles.yml (--profiles-dir). */
  profilesDir: string;
  /** Variables the profile references; the only secrets passed to dbt. */
  profileEnvVars: readonly string[];
  graph: AssetGraph | null;
  /**
   * The graph with each asset's YAML entry fingerprinted (propertiesChecksum): parsing the YAML takes
   * tens of ms, so the run asks for it once dbt has started. Absent: `graph` already carries them.
   */
  graphWithYaml?: () => AssetGraph | null;
  /** Assets the selection covers; null when unknown (then learned from dbt's own events). */
  selectedAssetIds: ReadonlySet<string> | null;
  /** dbt's target folder (run_results.json); default `<dbtProjectDir>/target`. */
  targetDir?: string;
  /**
   * The rest of preparing, which dbt does not need to start: the graph, the selection on it and what
   * follows from them. Called once dbt was spawned, while it boots: reading a 10,000-model manifest
   * takes a second, and dbt then starts that much sooner. Never throws (no graph: null).
   */
  afterSpawn?: () => Pick<PreparedRun, 'graph' | 'selectedAssetIds' | 'graphWithYaml'>;
}

/** A request as the engine hands it to preparation. */
export interface PrepareRequest extends RunRequest {
  runId: string;
  /** Asset ids resolved by the caller; skips resolving the selection again. */
  assetIds?: readonly string[];
}

export type PrepareRun = (request: PrepareRequest) => Promise<PreparedRun>;

/** Preparation failed before dbt could start (bad config, no dbt, …): the run fails with these. */
export class RunPreparationError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = 'RunPreparationError';
  }
}

type Environ = Readonly<Record<string, string | undefined>>;

/** A successful compile; with `profilesPath` and `envVars` it also wrote the profiles. */
export interface CompiledProject {
  ok: true;
  artifacts: CompiledArtifacts;
  artifactsPath?: string;
  profilesPath?: string;
  envVars?: readonly string[];
  /** Compiled without reading the manifest: completeArtifacts fills in and writes the rest. */
  classificationsDeferred?: boolean;
}

/** The services' signatures from the module map, injected so this file compiles alone. */
export interface PrepareDeps {
  compileProject(
    projectDir: string,
    options: { env?: string; environ?: Environ; deferClassifications?: boolean },
  ):
    | CompiledProject
    | { ok: false; problems: Problem[] }
    | Promise<CompiledProject | { ok: false; problems: Problem[] }>;
  writeProfiles(artifacts: CompiledArtifacts): { path: string; envVars: readonly string[] };
  loadAssetGraph(manifestPath: string, options: { cacheDir?: string }): AssetGraph;
  /** A deferred compile's column classifications, from the graph, and its artifacts file written. */
  completeArtifacts?(compiled: CompiledProject, graph: AssetGraph | null): void;
  resolveSelection(graph: AssetGraph, select: string, exclude?: string): ReadonlySet<string>;
  findDbt(options: {
    projectExecutable?: string;
    environ: Environ;
    repoRoot?: string;
  }): { ok: true; path: string; source?: string } | { ok: false; tried: string[]; message: string };
}

export interface PrepareOptions {
  projectDir: string;
  environ: Environ;
  /** Where a bundled `.venv/bin/dbt` may live (the app's own checkout). */
  repoRoot?: string;
}

/** Materializable asset ids covered by `select`/`exclude` on the graph (everything when no select). */
export function selectedAssets(
  graph: AssetGraph,
  resolve: PrepareDeps['resolveSelection'],
  select: string | undefined,
  exclude: string | undefined,
): Set<string> {
  const hasSelect = select !== undefined && select.trim().length > 0;
  const ids = hasSelect
    ? resolve(graph, select, exclude)
    : exclude !== undefined && exclude.trim().length > 0
      ? resolve(graph, '*', exclude)
      : new Set(graph.assets.map((asset) => asset.id));
  const byId = new Map(graph.assets.map((asset) => [asset.id, asset]));
  const out = new Set<string>();
  for (const id of ids) {
    const asset = byId.get(id);
    if (asset !== undefined && isMaterializable(asset)) out.add(id);
  }
  return out;
}

export function createPrepareRun(deps: PrepareDeps, options: PrepareOptions): PrepareRun {
  return async (request) => {
    const compiled = await deps.compileProject(options.projectDir, {
      env: request.env,
      environ: options.environ,
      // The manifest is read once, after dbt was spawned (afterSpawn), not here and again there.
      deferClassifications: true,
    });
    if (!compiled.ok) {
      const first = compiled.problems[0]?.message ?? 'unknown problem';
      throw new RunPreparationError(`floe.yaml does not compile: ${first}`, compiled.problems);
    }
    const { artifacts } = compiled;
    // Compiling wrote the profiles already when it says where; else they are written here.
    const profiles =
      compiled.profilesPath !== undefined && compiled.profilesPath !== '' && compiled.envVars
        ? { path: compiled.profilesPath, envVars: compiled.envVars }
        : deps.writeProfiles(artifacts);
    const profilesDir = profiles.path.endsWith('.yml') ? dirname(profiles.path) : profiles.path;
    const transform = artifacts.transforms.find((t) => t.type === 'dbt');
    const dbt = deps.findDbt({
      projectExecutable: transform?.executable,
      environ: options.environ,
      repoRoot: options.repoRoot,
    });
    if (!dbt.ok) throw new RunPreparationError(dbt.message);
    const dbtProjectDir = artifacts.dbt_project_path;
    const manifestPath =
      artifacts.dbt_manifest_path ?? join(dbtProjectDir, 'target', 'manifest.json');
    const afterSpawn = (): Pick<PreparedRun, 'graph' | 'selectedAssetIds' | 'graphWithYaml'> => {
      let graph: AssetGraph | null;
      let selected: ReadonlySet<string> | null = null;
      try {
        graph = deps.loadAssetGraph(manifestPath, { cacheDir: graphCacheDir(options.projectDir) });
      } catch {
        // No manifest yet: dbt build parses the project itself; statuses then come from dbt's events.
        graph = null;
      }
      if (compiled.classificationsDeferred === true) deps.completeArtifacts?.(compiled, graph);
      if (request.assetIds !== undefined) selected = new Set(request.assetIds);
      else if (graph !== null) {
        try {
          selected = selectedAssets(graph, deps.resolveSelection, request.select, request.exclude);
        } catch {
          // A selection our resolver rejects still goes to dbt, whose own error then explains it.
          selected = null;
        }
      }
      if (graph === null) return { graph, selectedAssetIds: selected };
      return {
        graph,
        selectedAssetIds: selected,
        graphWithYaml: () =>
          withPropertiesChecksums(graph, dbtProjectDir, graphCacheDir(options.projectDir)),
      };
    };
    return {
      env: artifacts.environment,
      artifacts,
      dbtPath: dbt.path,
      dbtProjectDir,
      profilesDir,
      profileEnvVars: profiles.envVars,
      graph: null,
      selectedAssetIds: null,
      targetDir: dirname(manifestPath),
      afterSpawn,
    };
  };
}
