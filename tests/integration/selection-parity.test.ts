// Selection parity: for each expression, resolveSelection on our asset graph must pick exactly
// the models, seeds, snapshots and sources that real `dbt ls --select … --exclude …` lists.
// Project: a temp copy of examples/shop/dbt plus a few files that exercise what the example
// lacks (dbt groups, access, an exposure, nested folders, an ephemeral model, a relationships
// test between two otherwise unrelated models, which `@` reaches through in dbt).
// dbt's CLI takes ~20 s per call on this 2-core machine, so all expressions go through dbt's own
// programmatic runner (dbt.cli.main.dbtRunner, the same `ls` command) in one Python process;
// one expression is also run through the `dbt ls` command line to show the two agree.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssetGraph } from '../../src/main/services/manifest';
import type { AssetGraph } from '../../src/shared/assets';
import { resolveSelection } from '../../src/shared/selection';

const repoRoot = resolve(__dirname, '../..');
const venv = process.env.FLOE_VENV ?? join(repoRoot, '.venv');
const RESOURCE_TYPES = ['model', 'seed', 'snapshot', 'source'];

interface Case {
  select?: string;
  exclude?: string;
}

const CASES: Case[] = [
  { select: 'orders' },
  { select: '+orders' },
  { select: 'orders+' },
  { select: '1+orders' },
  { select: 'orders+1' },
  { select: '2+customers' },
  { select: '+customers+' },
  { select: '@stg_orders' },
  { select: '@orders' },
  { select: '+orders,+customers' },
  { select: '0+customers+1' },
  { select: 'source:shop_app.*+1' },
  { select: 'tag:pii,tag:customer' },
  { select: '@floe_sel_d' },
  { select: 'tag:staging' },
  { select: 'tag:marts' },
  { select: 'tag:raw+' },
  { select: 'tag:*a*' },
  { select: 'path:models/staging' },
  { select: 'models/marts' },
  { select: 'path:models/staging/stg_orders.sql' },
  { select: 'path:models/floe_extra/deep/*.sql' },
  { select: 'path:models/**/deep' },
  { select: 'stg_orders.sql' },
  { select: 'file:stg_*' },
  { select: 'resource_type:seed' },
  { select: 'resource_type:source+1' },
  { select: 'resource_type:snapshot' },
  { select: 'source:shop_app' },
  { select: 'source:shop_app.events+' },
  { select: 'shop.staging.*' },
  { select: 'staging.stg_orders' },
  { select: 'stg_*' },
  { select: 'shop' },
  { select: 'package:this' },
  { select: 'config.materialized:view' },
  { select: 'config.materialized:ephemeral+' },
  { select: 'tag:staging,+orders' },
  { select: 'resource_type:model,tag:marts config.materialized:table,2+customers' },
  { select: 'tag:staging tag:marts' },
  { select: '+customers', exclude: 'tag:staging' },
  { select: '*', exclude: 'resource_type:seed source:*' },
  { select: 'orders+', exclude: 'customers+' },
  { select: 'group:finance+' },
  { select: 'access:public' },
  { select: '+exposure:floe_sel_dashboard' },
  { select: 'fqn:shop.floe_extra.deep.*' },
  { select: '+test_type:singular' },
  { select: '+test_name:relationships' },
  { select: 'orders_snapshot+' },
  { exclude: 'tag:marts' },
];

const EXTRA_FILES: Record<string, string> = {
  'models/floe_extra/floe_sel_a.sql':
    "{{ config(materialized='view', group='finance', tags=['extra']) }}\nselect 1 as id\n",
  'models/floe_extra/deep/floe_sel_b.sql':
    "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('floe_sel_a') }}\n",
  'models/floe_extra/floe_sel_c.sql': 'select 1 as id\n',
  'models/floe_extra/deep/floe_sel_d.sql':
    "{{ config(materialized='table', access='public', group='finance') }}\nselect 1 as id\n",
  'models/floe_extra/_floe_extra.yml': `version: 2
groups:
  - name: finance
    owner: {name: Finance, email: finance@example.com}
models:
  - name: floe_sel_d
    config: {tags: ["dtag"]}
    columns:
      - name: id
        data_tests:
          - relationships: {arguments: {to: "ref('floe_sel_c')", field: id}}
exposures:
  - name: floe_sel_dashboard
    type: dashboard
    owner: {name: BI, email: bi@example.com}
    depends_on: ["ref('floe_sel_b')", "ref('floe_sel_c')"]
`,
};

// Runs every expression through dbt's programmatic runner in one process; writes {key: ids|error}.
const LS_SCRIPT = `
import json, sys
from dbt.cli.main import dbtRunner
req = json.load(open(sys.argv[1]))
runner = dbtRunner()
out = {}
for key, case in enumerate(req["cases"]):
    args = ["ls", "--project-dir", req["project_dir"], "--profiles-dir", req["profiles_dir"], "--quiet",
            "--resource-type", *req["resource_types"], "--output", "json", "--output-keys", "unique_id"]
    if case.get("select"): args += ["--select", case["select"]]
    if case.get("exclude"): args += ["--exclude", case["exclude"]]
    res = runner.invoke(args)
    out[str(key)] = {"ids": sorted(json.loads(l)["unique_id"] for l in (res.result or []))} if res.success else {"error": str(res.exception)}
json.dump(out, open(sys.argv[2], "w"))
`;

const dbtEnv = (): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  HOME: process.env.HOME ?? tmpdir(),
  DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
  DBT_VERSION_CHECK: 'false',
});

let work = '';
let project = '';
let graph: AssetGraph;
let dbtResults: Record<string, { ids?: string[]; error?: string }> = {};

function ours(c: Case): string[] {
  const byId = new Map(graph.assets.map((a) => [a.id, a]));
  return [...resolveSelection(graph, c.select, c.exclude)]
    .filter((id) => RESOURCE_TYPES.includes(byId.get(id)?.resourceType ?? ''))
    .sort();
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'floe-selection-parity-'));
  project = join(work, 'dbt');
  cpSync(join(repoRoot, 'examples/shop/dbt'), project, {
    recursive: true,
    filter: (src) => !/[\\/](target|logs|dbt_packages)$/.test(src),
  });
  for (const [file, content] of Object.entries(EXTRA_FILES)) {
    mkdirSync(join(project, file, '..'), { recursive: true });
    writeFileSync(join(project, file), content);
  }
  const profile = `shop:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: ${JSON.stringify(join(work, 'w.duckdb'))}, threads: 1}\n`;
  writeFileSync(join(work, 'profiles.yml'), profile);
  execFileSync(
    join(venv, 'bin/dbt'),
    ['parse', '--project-dir', project, '--profiles-dir', work, '--quiet'],
    {
      env: dbtEnv(),
      stdio: 'pipe',
    },
  );
  graph = loadAssetGraph(join(project, 'target/manifest.json'));
  const request = {
    project_dir: project,
    profiles_dir: work,
    resource_types: RESOURCE_TYPES,
    cases: CASES,
  };
  writeFileSync(join(work, 'request.json'), JSON.stringify(request));
  writeFileSync(join(work, 'ls.py'), LS_SCRIPT);
  execFileSync(
    join(venv, 'bin/python'),
    [join(work, 'ls.py'), join(work, 'request.json'), join(work, 'result.json')],
    {
      env: dbtEnv(),
      stdio: 'pipe',
    },
  );
  dbtResults = JSON.parse(readFileSync(join(work, 'result.json'), 'utf8')) as typeof dbtResults;
});

afterAll(() => {
  if (work !== '') rmSync(work, { recursive: true, force: true });
});

describe('selection parity with dbt ls on examples/shop', () => {
  it(`covers at least 30 expressions, each selecting something in dbt`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
    for (const [key, c] of CASES.entries()) {
      expect(dbtResults[String(key)]?.error, JSON.stringify(c)).toBeUndefined();
      expect(dbtResults[String(key)]?.ids?.length ?? 0, JSON.stringify(c)).toBeGreaterThan(0);
    }
  });

  it.each(
    CASES.map((c, key) => ({
      key,
      label: `--select ${c.select ?? '(none)'} --exclude ${c.exclude ?? '(none)'}`,
      c,
    })),
  )('resolveSelection agrees with dbt ls: $label', ({ key, c }) => {
    expect(ours(c)).toEqual(dbtResults[String(key)]?.ids);
  });

  it('the dbt ls command line lists the same as the runner used above', () => {
    const c: Case = { select: '@floe_sel_d tag:raw+', exclude: 'customers' };
    const out = execFileSync(
      join(venv, 'bin/dbt'),
      [
        'ls',
        '--project-dir',
        project,
        '--profiles-dir',
        work,
        '--quiet',
        '--resource-type',
        ...RESOURCE_TYPES,
        '--output',
        'json',
        '--output-keys',
        'unique_id',
        '--select',
        c.select ?? '',
        '--exclude',
        c.exclude ?? '',
      ],
      { env: dbtEnv(), encoding: 'utf8' },
    );
    const ids = out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => (JSON.parse(line) as { unique_id: string }).unique_id)
      .sort();
    expect(ids.length).toBeGreaterThan(0);
    expect(ours(c)).toEqual(ids);
  });
});
