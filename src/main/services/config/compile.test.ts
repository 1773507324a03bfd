import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CompiledArtifacts } from '../../../shared/config/compiled-artifacts';
import { loadAssetGraph } from '../manifest';
import { compileProject, completeArtifacts } from './compile';

const example = join(__dirname, '../../../../examples/shop');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-compile-'));
  cpSync(join(example, 'floe.yaml'), join(dir, 'floe.yaml'));
  cpSync(join(example, 'dbt', 'dbt_project.yml'), join(dir, 'dbt', 'dbt_project.yml'), {
    recursive: true,
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function readArtifacts(): CompiledArtifacts {
  return JSON.parse(
    readFileSync(join(dir, '.floe', 'compiled_artifacts.json'), 'utf8'),
  ) as CompiledArtifacts;
}

describe('compile (FR-001, FR-005)', () => {
  it('writes .floe/compiled_artifacts.json with the contract fields and profiles.yml', () => {
    const result = compileProject(dir, { environ: {}, now: new Date('2026-01-02T03:04:05Z') });
    expect(result.ok).toBe(true);
    const artifacts = readArtifacts();
    expect(artifacts).toMatchObject({
      version: '1.0.0',
      environment: 'dev',
      compute: { target: 'duckdb', properties: { path: 'warehouse/dev.duckdb', threads: 4 } },
      transforms: [{ type: 'dbt', path: 'dbt' }],
      governance: { classification_source: 'dbt_meta' },
      orchestration: null,
      dbt_project_path: join(dir, 'dbt'),
      dbt_profile_name: 'shop',
      dbt_manifest_path: null,
      dbt_profiles_path: join(dir, '.floe', 'profiles'),
      column_classifications: {},
    });
    expect(artifacts.metadata.compiled_at).toBe('2026-01-02T03:04:05.000Z');
    expect(artifacts.metadata.source_hash).toBe(
      createHash('sha256')
        .update(readFileSync(join(dir, 'floe.yaml')))
        .digest('hex'),
    );
    expect(artifacts.observability).toMatchObject({
      traces: true,
      lineage: true,
      otlp_endpoint: null,
      lineage_endpoint: null,
      lineage_namespace: 'shop',
      attributes: { 'service.name': 'shop', 'tenant.id': 'acme', 'deployment.environment': 'dev' },
    });
    expect(Object.keys(artifacts.environments)).toEqual(['dev', 'staging', 'prod']);
    const profiles = readFileSync(join(dir, '.floe', 'profiles', 'profiles.yml'), 'utf8');
    expect(profiles).toContain('target: dev');
  });

  it('resolves the named environment and overwrites on every compile', () => {
    expect(compileProject(dir, { environ: {} }).ok).toBe(true);
    const result = compileProject(dir, { env: 'staging', environ: {} });
    expect(result.ok && result.envVars).toEqual([
      'POSTGRES_STAGING_PASSWORD',
      'POSTGRES_STAGING_USER',
    ]);
    const artifacts = readArtifacts();
    expect(artifacts.environment).toBe('staging');
    expect(artifacts.compute).toEqual({
      target: 'postgres',
      properties: { host: '127.0.0.1', port: 5432, database: 'test', schema: 'shop_staging' },
    });
    expect(readFileSync(join(dir, '.floe', 'profiles', 'profiles.yml'), 'utf8')).toContain(
      'target: staging',
    );
  });

  it('rejects an unknown environment, listing the allowed ones', () => {
    const result = compileProject(dir, { env: 'qa', environ: {} });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.problems[0]?.message).toBe(
      'unknown environment "qa"; allowed: dev, staging, prod',
    );
  });

  /** jaffle-shop-v12's manifest, customers.customer_id classified, as the project's manifest. */
  function writeClassifiedManifest(): string {
    const manifest = JSON.parse(
      readFileSync(
        join(__dirname, '../../../../../shared/data/manifests/jaffle-shop-v12/manifest.json'),
        'utf8',
      ),
    ) as {
      nodes: Record<string, { columns?: Record<string, { meta?: Record<string, unknown> }> }>;
    };
    const node = manifest.nodes['model.jaffle_shop.customers'];
    const column = node?.columns?.customer_id;
    if (column)
      column.meta = { floe: { classification: 'pii', pii_type: 'id', sensitivity: 'high' } };
    const targetDir = join(dir, 'dbt', 'target');
    mkdirSync(targetDir, { recursive: true });
    writeFileSync(join(targetDir, 'manifest.json'), JSON.stringify(manifest));
    return join(targetDir, 'manifest.json');
  }

  it('reads column classifications from the manifest when one exists', () => {
    const manifestPath = writeClassifiedManifest();
    const result = compileProject(dir, { environ: {} });
    expect(result.ok).toBe(true);
    const artifacts = readArtifacts();
    expect(artifacts.dbt_manifest_path).toBe(manifestPath);
    expect(artifacts.column_classifications['model.jaffle_shop.customers']).toEqual({
      customer_id: { classification: 'pii', pii_type: 'id', sensitivity: 'high' },
    });
  });

  it('a run defers the classifications: profiles now, artifacts once its graph is read', () => {
    writeClassifiedManifest();
    const result = compileProject(dir, { environ: {}, deferClassifications: true });
    if (!result.ok) throw new Error('did not compile');
    expect(result.classificationsDeferred).toBe(true);
    expect(result.artifacts.column_classifications).toEqual({});
    expect(existsSync(result.profilesPath)).toBe(true);
    expect(existsSync(join(dir, '.floe', 'compiled_artifacts.json'))).toBe(false);
    const graph = loadAssetGraph(join(dir, 'dbt', 'target', 'manifest.json'));
    completeArtifacts(result, graph);
    const artifacts = readArtifacts();
    expect(artifacts.column_classifications['model.jaffle_shop.customers']).toEqual({
      customer_id: { classification: 'pii', pii_type: 'id', sensitivity: 'high' },
    });
    // The same artifacts as an ordinary compile, but for the time of compiling.
    const ordinary = compileProject(dir, { environ: {} });
    if (!ordinary.ok) throw new Error('did not compile');
    expect({ ...artifacts, metadata: null }).toEqual({ ...readArtifacts(), metadata: null });
  });

  it('turns a broken manifest into a warning, not a failed compile', () => {
    const targetDir = join(dir, 'dbt', 'target');
    mkdirSync(targetDir, { recursive: true });
    writeFileSync(join(targetDir, 'manifest.json'), '{"metadata": ');
    const result = compileProject(dir, { environ: {} });
    expect(result.ok).toBe(true);
    expect(result.ok && result.warnings[0]?.message).toContain('truncated');
    expect(existsSync(join(dir, '.floe', 'compiled_artifacts.json'))).toBe(true);
  });

  it('validates without writing when write is false', () => {
    expect(compileProject(dir, { environ: {}, write: false }).ok).toBe(true);
    expect(existsSync(join(dir, '.floe'))).toBe(false);
  });
});
