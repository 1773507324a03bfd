// What the studio shows for a project folder, recomputed from disk: compile → profiles, manifest →
// graph, dbt discovery, and the problems found on the way. Cheap enough to redo on every change.
import { join } from 'node:path';
import type { AssetGraph } from '../../../shared/assets';
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import type { Environ } from '../../../shared/config/interpolate';
import type { EnvironmentInfo } from '../../../shared/api/contract';
import type { Problem } from '../../../shared/problems';
import { compileProject } from '../config/compile';
import { findDbt } from '../dbt/find-dbt';
import { withPropertiesChecksums } from '../dbt/properties-checksums';
import { graphCacheDir, loadAssetGraph, ManifestError, PARSE_HINT } from '../manifest';

export interface ProjectState {
  /** The manifest could not be read as JSON: probably mid-write; worth reading again shortly. */
  manifestBusy?: boolean;
  dir: string;
  artifacts: CompiledArtifacts | null;
  /** Env vars the generated profile references (passed to dbt). */
  envVars: string[];
  /** The profiles.yml compiling wrote. */
  profilesPath?: string;
  /** Where the compiled artifacts are (or, with classificationsDeferred, will be) written. */
  artifactsPath?: string;
  /** Compiled without reading the manifest (withGraph false): the run completes the artifacts. */
  classificationsDeferred?: boolean;
  graph: AssetGraph | null;
  problems: Problem[];
  environments: EnvironmentInfo[];
  dbtPath: string | null;
}

export interface LoadStateOptions {
  dir: string;
  env?: string;
  environ: Environ;
  repoRoot: string;
  /** Reuse the previous graph when only floe.yaml changed (the manifest did not). */
  previousGraph?: AssetGraph | null;
  /** Shown while dbt is half-way through rewriting the manifest (it does not write atomically). */
  lastGoodGraph?: AssetGraph | null;
  /**
   * False: compile and find dbt only (`floe run` leaves the graph to the run's own preparation, and
   * with it the manifest's column classifications: see compile's deferClassifications).
   */
  withGraph?: boolean;
}

export function loadProjectState(options: LoadStateOptions): ProjectState {
  const { dir, environ, repoRoot } = options;
  const compiled = compileProject(dir, {
    env: options.env,
    environ,
    deferClassifications: options.withGraph === false,
  });
  if (!compiled.ok) {
    return {
      dir,
      artifacts: null,
      envVars: [],
      graph: null,
      problems: compiled.problems,
      environments: [],
      dbtPath: null,
    };
  }
  const artifacts = compiled.artifacts;
  const problems: Problem[] = [...compiled.warnings];
  const environments = Object.values(artifacts.environments).map((env) => ({
    name: env.name,
    target: env.compute.target,
    protected: env.protected,
  }));

  let graph: AssetGraph | null = options.previousGraph ?? null;
  let manifestBusy = false;
  if (graph === null && options.withGraph !== false) {
    const manifestPath =
      artifacts.dbt_manifest_path ?? join(artifacts.dbt_project_path, 'target', 'manifest.json');
    try {
      graph = loadAssetGraph(manifestPath, { cacheDir: graphCacheDir(dir) });
      // Compiling read this manifest a moment earlier (column classifications). If that read failed
      // and this one did not, dbt was still writing it then: drop that warning and read again shortly,
      // rather than leave a warning about a file that is fine.
      const racedRead = problems.findIndex(
        (problem) => problem.source === 'manifest' && problem.file === manifestPath,
      );
      if (racedRead >= 0) {
        manifestBusy = true;
        problems.splice(racedRead, 1);
      }
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      manifestBusy = error.code === 'invalid_json';
      if (manifestBusy && options.lastGoodGraph) graph = options.lastGoodGraph;
      else problems.push(error.toProblem());
    }
  }

  // The YAML side of "code changed" (dbt's manifest checksum covers the .sql only).
  if (graph !== null)
    graph = withPropertiesChecksums(graph, artifacts.dbt_project_path, graphCacheDir(dir));

  const dbt = findDbt({
    projectExecutable: artifacts.transforms[0]?.executable,
    cwd: dir,
    environ,
    repoRoot,
  });
  if (!dbt.ok) problems.push({ severity: 'error', source: 'dbt', message: dbt.message });

  return {
    dir,
    artifacts,
    envVars: compiled.envVars,
    profilesPath: compiled.profilesPath,
    artifactsPath: compiled.artifactsPath,
    ...(compiled.classificationsDeferred === true ? { classificationsDeferred: true } : {}),
    graph,
    problems,
    environments,
    dbtPath: dbt.ok ? dbt.path : null,
    manifestBusy,
  };
}

export const NO_MANIFEST_HINT = PARSE_HINT;

/**
 * The state to show after a reload. A floe.yaml that stopped compiling (a typo, a half-done edit)
 * keeps the last good graph and environments on screen beside its problems, so the graph, the
 * selection and the viewport survive until it is fixed; it reads no manifest meanwhile.
 */
export function keepLastGoodWhileConfigBroken(
  previous: ProjectState,
  next: ProjectState,
): ProjectState {
  if (next.artifacts !== null || previous.graph === null) return next;
  return { ...next, graph: previous.graph, environments: previous.environments };
}
