import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  CompiledArtifacts,
  CompiledEnvironment,
} from '../../../shared/config/compiled-artifacts';
import type { ComputeTarget } from '../../../shared/config/floe-schema';
import { generateProfilesYaml } from './generate';
import { ProfileError } from './profile-error';
import { PROFILES_FILE, writeProfiles } from './write-profiles';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function env(
  name: string,
  target: ComputeTarget,
  properties: Record<string, unknown>,
): CompiledEnvironment {
  const observability = {
    traces: true,
    lineage: true,
    otlp_endpoint: null,
    lineage_endpoint: null,
    lineage_namespace: 'shop',
    attributes: {},
  };
  return { name, protected: false, compute: { target, properties }, observability };
}

function project(
  environments: CompiledEnvironment[],
  active: string,
  profilesPath?: string,
): CompiledArtifacts {
  const dir = mkdtempSync(join(tmpdir(), 'floe-profiles-'));
  dirs.push(dir);
  const first = environments[0] ?? env('dev', 'duckdb', {});
  return {
    version: '1.0.0',
    metadata: {
      compiled_at: '',
      floe_version: '0.1.0',
      source_hash: '',
      source_path: join(dir, 'floe.yaml'),
    },
    name: 'shop',
    project_version: '1.0.0',
    environment: active,
    environments: Object.fromEntries(environments.map((e) => [e.name, e])),
    compute: first.compute,
    transforms: [{ type: 'dbt', path: 'dbt' }],
    governance: { classification_source: 'dbt_meta', policies: {} },
    observability: first.observability,
    orchestration: null,
    dbt_project_path: join(dir, 'dbt'),
    dbt_profile_name: 'shop',
    dbt_manifest_path: null,
    dbt_profiles_path: profilesPath ?? join(dir, '.floe', 'profiles'),
    column_classifications: {},
  };
}

describe('writeProfiles (FR-005)', () => {
  it('FR-005: writes <dbt_profiles_path>/profiles.yml, creating the folder, and returns the env vars', () => {
    const artifacts = project(
      [env('staging', 'postgres', { host: 'h', database: 'd' })],
      'staging',
    );
    const written = writeProfiles(artifacts);
    expect(written.path).toBe(join(artifacts.dbt_profiles_path, PROFILES_FILE));
    expect(readFileSync(written.path, 'utf8')).toBe(generateProfilesYaml(artifacts).yaml);
    expect(written.envVars).toEqual(['POSTGRES_STAGING_PASSWORD', 'POSTGRES_STAGING_USER']);
    expect(statSync(written.path).mode & 0o777).toBe(0o600);
  });

  it('FR-005: overwrites an existing profiles.yml (it is generated, not user-managed)', () => {
    const artifacts = project([env('dev', 'duckdb', { path: ':memory:' })], 'dev');
    const first = writeProfiles(artifacts);
    writeFileSync(first.path, 'hand edits\n');
    writeProfiles(artifacts);
    expect(readFileSync(first.path, 'utf8')).not.toContain('hand edits');
    expect(readFileSync(first.path, 'utf8')).toContain(':memory:');
  });

  it('leaves an unchanged profiles.yml untouched (floe run’s early dbt relies on it)', () => {
    const artifacts = project([env('dev', 'duckdb', { path: ':memory:' })], 'dev');
    const { path } = writeProfiles(artifacts);
    const before = statSync(path);
    writeProfiles(artifacts);
    const after = statSync(path);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    const changed = env('dev', 'duckdb', { path: 'other.duckdb' });
    writeProfiles({ ...artifacts, environments: { dev: changed }, compute: changed.compute });
    expect(statSync(path).ino).not.toBe(before.ino);
    expect(readFileSync(path, 'utf8')).toContain('other.duckdb');
  });

  it('FR-005: a relative dbt_profiles_path is taken from floe.yaml’s folder', () => {
    const artifacts = project([env('dev', 'duckdb', { path: ':memory:' })], 'dev', 'out/profiles');
    const written = writeProfiles(artifacts);
    expect(written.path).toBe(
      join(artifacts.metadata.source_path, '..', 'out', 'profiles', PROFILES_FILE),
    );
    expect(existsSync(written.path)).toBe(true);
  });

  it('FR-005: creates the folder of the active DuckDB database file (DuckDB will not)', () => {
    const artifacts = project([env('dev', 'duckdb', { path: 'warehouse/dev.duckdb' })], 'dev');
    writeProfiles(artifacts);
    expect(existsSync(join(artifacts.metadata.source_path, '..', 'warehouse'))).toBe(true);
  });

  it('SC-007: refuses to write a profile with a literal secret, leaving no file', () => {
    const artifacts = project(
      [env('prod', 'databricks', { host: 'h', http_path: 'p', token: 'dapi-x' })],
      'prod',
    );
    expect(() => writeProfiles(artifacts)).toThrow(ProfileError);
    expect(existsSync(join(artifacts.dbt_profiles_path, PROFILES_FILE))).toBe(false);
  });
});
