// The composition root of a project's run engine: real preparation (compile, profiles, manifest,
// selection, dbt discovery) plus the telemetry and lineage observers. Used by the CLI and the app.
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import type { Environ } from '../../../shared/config/interpolate';
import { resolveSelection } from '../../../shared/selection';
import { compileProject, completeArtifacts } from '../config/compile';
import { findDbt } from '../dbt/find-dbt';
import { createLineageObserver } from '../lineage';
import { localTransportsFromEnv } from '../lineage/local-transports';
import { loadAssetGraph } from '../manifest';
import { writeProfiles } from '../profiles';
import { createPrepareRun } from '../runs/prepare-run';
import { RunEngine } from '../runs/run-engine';
import type { SpawnedPlan } from '../runs/run-execution';
import { createTelemetryObserver, type Logger } from '../telemetry';

export interface EngineOptions {
  projectDir: string;
  environ: Environ;
  repoRoot: string;
  defaultEnv?: string;
  logger?: Logger;
  /**
   * The project as compiled when the engine starts: with it, lineage spooled by an earlier process is
   * not re-sent (and waited for at exit) when the project has lineage turned off.
   */
  artifacts?: CompiledArtifacts;
  /**
   * The caller's compile of `artifacts.environment`, profiles written (`floe run` compiled a moment
   * ago to report problems): the first run of that environment uses it instead of compiling again.
   */
  compiled?: {
    profilesPath: string;
    envVars: readonly string[];
    artifactsPath?: string;
    classificationsDeferred?: boolean;
  };
  /** Told what each run started dbt with (`floe run` saves it: run-plan.ts). */
  onSpawned?: (plan: SpawnedPlan) => void;
}

export function createProjectEngine(options: EngineOptions): RunEngine {
  const { projectDir, environ, repoRoot } = options;
  const telemetry = createTelemetryObserver({ projectDir, environ, logger: options.logger });
  const lineage = createLineageObserver({
    projectDir,
    ...(options.artifacts === undefined ? {} : { artifacts: options.artifacts }),
    environ,
    ...localTransportsFromEnv(environ, projectDir),
    traceIds: (runId, nodeId) =>
      telemetry.spanContextFor(runId, nodeId === '' ? undefined : nodeId),
    onError: (message) => options.logger?.warn(message),
  });
  let reusable =
    options.artifacts !== undefined && options.compiled !== undefined
      ? { ok: true as const, artifacts: options.artifacts, ...options.compiled }
      : undefined;
  const prepare = createPrepareRun(
    {
      compileProject: (dir, compileOptions) => {
        const env = compileOptions.env ?? reusable?.artifacts.environment;
        const compiled = reusable;
        reusable = undefined;
        if (compiled !== undefined && env === compiled.artifacts.environment) return compiled;
        return compileProject(dir, compileOptions);
      },
      writeProfiles,
      loadAssetGraph,
      completeArtifacts,
      resolveSelection,
      findDbt: (findOptions) => findDbt({ ...findOptions, cwd: projectDir, repoRoot }),
    },
    { projectDir, environ, repoRoot },
  );
  // Telemetry first: lineage reads the span ids telemetry reserves for each node.
  return new RunEngine({
    projectDir,
    prepare,
    observers: [telemetry, lineage],
    environ,
    defaultEnv: options.defaultEnv,
    traceparentFor: (runId, plan) => telemetry.reserveRun(runId, plan),
    onSpawned: options.onSpawned,
    onObserverError: (error) =>
      options.logger?.warn(
        `observer failed: ${error instanceof Error ? error.message : String(error)}`,
      ),
  });
}
