// floe.yaml → .floe/compiled_artifacts.json (+ profiles.yml). The one entry point every caller uses.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  ARTIFACTS_VERSION,
  type CompiledArtifacts,
  type CompiledEnvironment,
} from '../../../shared/config/compiled-artifacts';
import type { Environ } from '../../../shared/config/interpolate';
import {
  defaultEnvironmentName,
  resolveEnvironment,
} from '../../../shared/config/resolve-environment';
import type { Problem } from '../../../shared/problems';
import { FLOE_VERSION } from '../../../shared/version';
import { readDbtProject } from './dbt-project';
import { loadFloeSpec, type LoadResult } from './load-config';
import { locate } from './yaml-document';
import type { AssetGraph } from '../../../shared/assets';
import { columnClassifications } from '../manifest/column-classifications';
import { graphCacheDir } from '../manifest/graph-cache';
import { readColumnClassifications } from './classifications';
import { profileProblems, writeProfilesFor } from './profiles-step';

export const FLOE_DIR = '.floe';
export const ARTIFACTS_FILE = 'compiled_artifacts.json';

export interface CompileOptions {
  env?: string;
  environ?: Environ;
  /** Write artifacts and profiles (default true); false only validates. */
  write?: boolean;
  now?: Date;
  /**
   * Leave column_classifications empty and the artifacts file unwritten (profiles are written):
   * a run reads the manifest once dbt has started, then completes them (completeArtifacts).
   */
  deferClassifications?: boolean;
}

export type CompileResult =
  | {
      ok: true;
      artifacts: CompiledArtifacts;
      artifactsPath: string;
      profilesPath: string;
      /** Env vars the generated profile references (passed to dbt by the runner). */
      envVars: string[];
      warnings: Problem[];
      /** column_classifications not read yet, artifacts file not written (deferClassifications). */
      classificationsDeferred?: boolean;
    }
  | { ok: false; problems: Problem[] };

export function compileProject(projectDir: string, options: CompileOptions = {}): CompileResult {
  const environ = options.environ ?? process.env;
  const loaded = loadFloeSpec(projectDir, environ);
  if (!loaded.ok) return { ok: false, problems: loaded.problems };
  return compileLoaded(loaded, options);
}

export function compileLoaded(
  loaded: Extract<LoadResult, { ok: true }>,
  options: CompileOptions,
): CompileResult {
  const { spec, file, located } = loaded;
  const projectRoot = dirname(file);
  const envNames = Object.keys(spec.environments);
  const env = options.env ?? defaultEnvironmentName(spec);
  if (!envNames.includes(env)) {
    return {
      ok: false,
      problems: [
        {
          severity: 'error',
          source: 'config',
          file,
          ...locate(located, ['environments']),
          keyPath: 'environments',
          message: `unknown environment "${env}"; allowed: ${envNames.join(', ')}`,
        },
      ],
    };
  }

  const transform = spec.transforms[0];
  const dbtProjectPath = resolve(projectRoot, transform?.path ?? 'dbt');
  const dbtProject = readDbtProject(dbtProjectPath);
  if ('error' in dbtProject) {
    return {
      ok: false,
      problems: [
        {
          severity: 'error',
          source: 'config',
          file,
          ...locate(located, ['transforms', 0, 'path']),
          keyPath: 'transforms.0.path',
          message: dbtProject.error,
        },
      ],
    };
  }

  const environments: Record<string, CompiledEnvironment> = {};
  for (const name of envNames) environments[name] = resolveEnvironment(spec, name);
  const active = resolveEnvironment(spec, env);
  const manifestPath = join(dbtProject.targetPath, 'manifest.json');
  const warnings: Problem[] = [];
  const deferred = options.deferClassifications === true;
  const classifications =
    !deferred && spec.governance.classification_source === 'dbt_meta' && existsSync(manifestPath)
      ? readColumnClassifications(manifestPath, warnings, graphCacheDir(projectRoot))
      : {};

  const artifacts: CompiledArtifacts = {
    version: ARTIFACTS_VERSION,
    metadata: {
      compiled_at: (options.now ?? new Date()).toISOString(),
      floe_version: FLOE_VERSION,
      source_hash: createHash('sha256').update(loaded.source).digest('hex'),
      source_path: file,
    },
    name: spec.name,
    project_version: spec.version,
    environment: env,
    environments,
    compute: active.compute,
    transforms: spec.transforms.map((t) => ({ ...t })),
    governance: { ...spec.governance },
    observability: active.observability,
    orchestration: spec.orchestration ?? null,
    dbt_project_path: dbtProjectPath,
    dbt_profile_name: dbtProject.profile,
    dbt_manifest_path: existsSync(manifestPath) ? manifestPath : null,
    dbt_profiles_path: join(projectRoot, FLOE_DIR, 'profiles'),
    column_classifications: classifications,
  };

  const profileErrors = profileProblems(artifacts, located);
  if (profileErrors.length > 0) return { ok: false, problems: profileErrors };

  const artifactsPath = join(projectRoot, FLOE_DIR, ARTIFACTS_FILE);
  if (options.write === false) {
    return { ok: true, artifacts, artifactsPath, profilesPath: '', envVars: [], warnings };
  }
  const profiles = writeProfilesFor(artifacts);
  if (!deferred) writeArtifactsFile(artifactsPath, artifacts);
  return {
    ok: true,
    artifacts,
    artifactsPath,
    profilesPath: profiles.path,
    envVars: profiles.envVars,
    warnings,
    ...(deferred ? { classificationsDeferred: true } : {}),
  };
}

function writeArtifactsFile(path: string, artifacts: CompiledArtifacts): void {
  writeFileAtomic(path, `${JSON.stringify(artifacts, null, 2)}\n`);
}

/**
 * A deferred compile completed from the graph the run read (null: no manifest, no classifications,
 * as compiling would have found): column_classifications filled in, the artifacts file written.
 */
export function completeArtifacts(
  compiled: { artifacts: CompiledArtifacts; artifactsPath?: string },
  graph: AssetGraph | null,
): void {
  const { artifacts } = compiled;
  if (graph !== null && artifacts.governance.classification_source === 'dbt_meta')
    artifacts.column_classifications = columnClassifications(graph);
  if (compiled.artifactsPath === undefined) return;
  try {
    writeArtifactsFile(compiled.artifactsPath, artifacts);
  } catch {
    // A read-only project folder: the run goes on; `floe compile` reports the problem.
  }
}

/** Write-then-rename so a crash never leaves half a file behind. */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, content);
  renameSync(temp, path);
}
