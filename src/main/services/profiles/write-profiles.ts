// Writes `<dbt_profiles_path>/profiles.yml` (FR-005), overwriting it whenever its content differs: it is
// a generated file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import { generateProfilesYaml } from './generate';

export const PROFILES_FILE = 'profiles.yml';

export interface WrittenProfiles {
  path: string;
  envVars: string[];
}

function sameText(path: string, text: string): boolean {
  try {
    return readFileSync(path, 'utf8') === text;
  } catch {
    return false;
  }
}

export function writeProfiles(artifacts: CompiledArtifacts): WrittenProfiles {
  const generated = generateProfilesYaml(artifacts);
  const projectDir = dirname(artifacts.metadata.source_path);
  const dir = resolve(projectDir, artifacts.dbt_profiles_path);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, PROFILES_FILE);
  // Unchanged profiles stay untouched: a dbt `floe run` started early from its saved plan is kept
  // only while the profiles.yml it started with is still in place (runs/run-plan.ts).
  if (!sameText(path, generated.yaml)) {
    // Write-then-rename: dbt never reads half a profile.
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, generated.yaml, { mode: 0o600 });
    renameSync(temp, path);
  }
  const active = generated.activeOutput;
  if (active.type === 'duckdb') {
    // DuckDB will not create the folder of its database file.
    const database = String(active.path);
    if (isAbsolute(database)) mkdirSync(dirname(database), { recursive: true });
  }
  return { path, envVars: generated.envVars };
}
