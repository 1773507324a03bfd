// Temporary projects for the benches: a copy of examples/shop, and generated dbt projects on DuckDB.
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { repoRoot } from './ts-module.mjs';

export const dbtPath = join(repoRoot, '.venv', 'bin', 'dbt');

export function tempDir(label) {
  return mkdtempSync(join(tmpdir(), `floe-bench-${label}-`));
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Copies examples/shop (floe.yaml and its dbt project, without dbt's logs and build output; the
 * manifest is kept when asked, as `floe compile` reads column classifications from it) to `dest`.
 */
export function copyShop(dest, { manifest = true } = {}) {
  const src = join(repoRoot, 'examples', 'shop');
  mkdirSync(dest, { recursive: true });
  cpSync(join(src, 'floe.yaml'), join(dest, 'floe.yaml'));
  cpSync(join(src, 'dbt'), join(dest, 'dbt'), {
    recursive: true,
    filter: (path) => !/[/\\]dbt[/\\](logs|target|dbt_packages)([/\\]|$)/.test(path),
  });
  mkdirSync(join(dest, 'warehouse'), { recursive: true });
  const manifestPath = join(src, 'dbt', 'target', 'manifest.json');
  if (manifest && existsSync(manifestPath)) {
    mkdirSync(join(dest, 'dbt', 'target'), { recursive: true });
    cpSync(manifestPath, join(dest, 'dbt', 'target', 'manifest.json'));
  }
  return dest;
}

/** Sets keys of floe.yaml's `observability` block in place (comments and layout kept). */
export function setObservability(projectDir, values) {
  const file = join(projectDir, 'floe.yaml');
  const doc = parseDocument(readFileSync(file, 'utf8'));
  for (const [key, value] of Object.entries(values)) doc.setIn(['observability', key], value);
  writeFileSync(file, doc.toString());
}

/** A minimal floe.yaml for a generated dbt project in `<dir>/dbt` on DuckDB. */
export function writeFloeYaml(
  dir,
  name,
  { threads = 4, lineage = true, traces = true, executable } = {},
) {
  writeFileSync(
    join(dir, 'floe.yaml'),
    [
      `name: ${name}`,
      "version: '1.0.0'",
      'compute:',
      '  target: duckdb',
      `  properties: { path: warehouse/dev.duckdb, threads: ${threads} }`,
      'transforms:',
      '  - type: dbt',
      '    path: dbt',
      ...(executable === undefined ? [] : [`    executable: ${JSON.stringify(executable)}`]),
      'observability:',
      `  traces: ${traces}`,
      `  lineage: ${lineage}`,
      'environments:',
      '  dev: {}',
      'default_environment: dev',
      '',
    ].join('\n'),
  );
  mkdirSync(join(dir, 'warehouse'), { recursive: true });
}

export function writeDbtProjectYml(dbtDir, name) {
  mkdirSync(dbtDir, { recursive: true });
  writeFileSync(
    join(dbtDir, 'dbt_project.yml'),
    [
      `name: ${name}`,
      "version: '1.0.0'",
      'config-version: 2',
      `profile: ${name}`,
      "model-paths: ['models']",
      'models:',
      `  ${name}:`,
      '    +materialized: view',
      '',
    ].join('\n'),
  );
}

/**
 * A dbt project of `models` trivial DuckDB views in `chains` interleaved chains (model_i selects from
 * model_{i-chains}), so dbt's threads run `chains` nodes at a time and events come in bursts.
 */
export function generateChainProject(dir, { models = 200, chains = 4, name = 'chain' } = {}) {
  const dbtDir = join(dir, 'dbt');
  writeDbtProjectYml(dbtDir, name);
  const modelDir = join(dbtDir, 'models');
  mkdirSync(modelDir, { recursive: true });
  for (let i = 0; i < models; i += 1) {
    const sql =
      i < chains
        ? `select ${i} as x\n`
        : `select x + 1 as x from {{ ref('model_${i - chains}') }}\n`;
    writeFileSync(join(modelDir, `model_${i}.sql`), sql);
  }
  writeFloeYaml(dir, name, { threads: chains });
  return dir;
}
