// A generated dbt project for the UI benches: `<dir>/dbt/target/manifest.json` in the v12 shape dbt
// 1.11 writes (each node copied from a real node of the jaffle-shop v12 fixture, then renamed and
// rewired), plus dbt_project.yml and floe.yaml. No SQL files: the studio reads only the manifest.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDbtProjectYml, writeFloeYaml } from './projects.mjs';
import { repoRoot } from './ts-module.mjs';

const FIXTURE = join(
  repoRoot,
  '..',
  'shared',
  'data',
  'manifests',
  'jaffle-shop-v12',
  'manifest.json',
);
const FOLDERS = [
  'staging/crm',
  'staging/erp',
  'staging/web',
  'intermediate/finance',
  'intermediate/sales',
  'marts/core',
  'marts/finance',
  'marts/marketing',
];

/**
 * `models` models in layers of `layerSize`, each reading 1–3 models of earlier layers (the first
 * layer reads sources), one not_null test per model. Deterministic. `executable` goes to floe.yaml's
 * transforms[].executable (the "dbt" runs use). Returns the manifest's path.
 */
export function generateBigProject(
  dir,
  { models = 5000, layerSize = 250, name = 'big', executable } = {},
) {
  const template = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const modelT = Object.values(template.nodes).find((n) => n.resource_type === 'model');
  const testT = Object.values(template.nodes).find(
    (n) => n.resource_type === 'test' && n.test_metadata,
  );
  const sourceT = Object.values(template.sources)[0];
  let seed = 7; // LCG: the same DAG every time
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const sources = {};
  const sourceIds = [];
  for (let i = 0; i < 100; i += 1) {
    const id = `source.${name}.raw.table_${i}`;
    sourceIds.push(id);
    sources[id] = {
      ...sourceT,
      unique_id: id,
      name: `table_${i}`,
      source_name: 'raw',
      package_name: name,
      fqn: [name, 'raw', `table_${i}`],
    };
  }
  const nodes = {};
  const ids = [];
  const parentMap = {};
  const childMap = Object.fromEntries(sourceIds.map((id) => [id, []]));
  for (let i = 0; i < models; i += 1) {
    const layer = Math.floor(i / layerSize);
    const folder =
      FOLDERS[
        Math.min(
          FOLDERS.length - 1,
          Math.floor((layer * FOLDERS.length) / Math.ceil(models / layerSize)),
        )
      ];
    const model = `model_${i}`;
    const id = `model.${name}.${model}`;
    const deps = new Set();
    if (layer === 0) deps.add(sourceIds[i % sourceIds.length]);
    else {
      const count = 1 + rand(3);
      // Mostly the previous layer, sometimes further back: long edges as in real projects.
      while (deps.size < count) {
        const back = rand(4) === 0 ? layer * layerSize : layerSize;
        deps.add(ids[layer * layerSize - 1 - rand(back)]);
      }
    }
    const fqn = [name, ...folder.split('/'), model];
    nodes[id] = {
      ...modelT,
      database: 'dev',
      schema: 'main',
      name: model,
      package_name: name,
      path: `${folder}/${model}.sql`,
      original_file_path: `models/${folder}/${model}.sql`,
      unique_id: id,
      fqn,
      alias: model,
      tags: [folder.split('/')[0]],
      config: {
        ...modelT.config,
        materialized: layer === 0 ? 'view' : 'table',
        tags: [folder.split('/')[0]],
        meta: { floe: { owner: `team-${layer % 4}@example.com` } },
      },
      description: `Model ${i} of the generated bench project.`,
      relation_name: `"dev"."main"."${model}"`,
      raw_code: `select * from ${[...deps].map((d) => (d.startsWith('source.') ? `{{ source('raw', '${d.split('.').at(-1)}') }}` : `{{ ref('${d.split('.').at(-1)}') }}`)).join(' join ')}`,
      refs: [...deps]
        .filter((d) => d.startsWith('model.'))
        .map((d) => ({ name: d.split('.').at(-1), package: null, version: null })),
      sources: [...deps]
        .filter((d) => d.startsWith('source.'))
        .map((d) => ['raw', d.split('.').at(-1)]),
      depends_on: { macros: [], nodes: [...deps] },
      created_at: 1773294454.97,
    };
    ids.push(id);
    parentMap[id] = [...deps];
    childMap[id] = [];
    for (const dep of deps) childMap[dep].push(id);
    const testId = `test.${name}.not_null_${model}_id.${((i * 2654435761) % 2 ** 32).toString(16).padStart(8, '0').slice(0, 10)}`;
    nodes[testId] = {
      ...testT,
      database: 'dev',
      schema: 'main_dbt_test__audit',
      name: `not_null_${model}_id`,
      package_name: name,
      unique_id: testId,
      fqn: [name, ...folder.split('/'), `not_null_${model}_id`],
      alias: `not_null_${model}_id`,
      attached_node: id,
      column_name: 'id',
      file_key_name: `models.${model}`,
      test_metadata: {
        name: 'not_null',
        kwargs: { column_name: 'id', model: `{{ get_where_subquery(ref('${model}')) }}` },
        namespace: null,
      },
      refs: [{ name: model, package: null, version: null }],
      depends_on: { macros: ['macro.dbt.test_not_null'], nodes: [id] },
    };
    parentMap[testId] = [id];
    childMap[id].push(testId);
    childMap[testId] = [];
  }
  const manifest = {
    ...template,
    metadata: { ...template.metadata, project_name: name, generated_at: new Date().toISOString() },
    nodes,
    sources,
    exposures: {},
    metrics: {},
    groups: {},
    saved_queries: {},
    semantic_models: {},
    unit_tests: {},
    disabled: {},
    parent_map: parentMap,
    child_map: childMap,
    group_map: {},
  };
  const dbtDir = join(dir, 'dbt');
  writeDbtProjectYml(dbtDir, name);
  mkdirSync(join(dbtDir, 'models'), { recursive: true });
  mkdirSync(join(dbtDir, 'target'), { recursive: true });
  const manifestPath = join(dbtDir, 'target', 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify(manifest));
  writeFloeYaml(dir, name, { executable });
  return manifestPath;
}
