// Live updates (issue 4) in a real browser against `floe studio --web` on a temp copy of the example:
// with a node selected and the graph panned and zoomed, edit floe.yaml, a model's SQL and the
// manifest on disk as an editor or dbt would, and watch Problems, staleness and the graph follow
// without a reload while the selection and the viewport stay as the person left them.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { copyExample, startStudio, type StudioServer } from './support/studio-server';
import { parseProject } from './support/parse-project';
import { StudioPage } from './support/studio-page';

/** Long enough for a noisy shared machine; the 300 ms goal is measured by `bench live-update`. */
const LIVE = { timeout: 10_000 };

let server: StudioServer;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const dir = copyExample();
  parseProject(dir);
  server = await startStudio(dir);
});
test.afterAll(async () => {
  await server?.stop();
});

function projectFile(...parts: string[]): string {
  return join(server.projectDir, ...parts);
}

test('breaking floe.yaml shows the problem at file:line:col, fixing it clears it; selection and viewport stay (issue 4)', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.open(server.url);
  await studio.waitForLayout();
  await studio.showTab('Problems');
  const view = await studio.arrangeView('model.shop.stg_orders');
  await expect(studio.assetPanel.getByRole('heading', { level: 2 })).toContainText('stg_orders');

  const floeYaml = projectFile('floe.yaml');
  const original = readFileSync(floeYaml, 'utf8');
  expect(original).toContain('  target: duckdb #');
  writeFileSync(floeYaml, original.replace('  target: duckdb #', '  target: duckdbx #'));
  const problem = studio.panel('Problems').locator('.problem', { hasText: 'duckdbx' });
  await expect(problem).toBeVisible(LIVE);
  await expect(problem.locator('.problem__where')).toHaveText(/floe\.yaml:6:11$/);
  await expect(problem.locator('.problem__key')).toHaveText('compute.target');
  await studio.screenshot('live-config-broken');
  await studio.expectViewKept(view);
  await expect(studio.assetPanel.getByRole('heading', { level: 2 })).toContainText('stg_orders');

  writeFileSync(floeYaml, original);
  await expect(problem).toHaveCount(0, LIVE);
  await studio.expectViewKept(view);
  await expect(studio.assetPanel.getByRole('heading', { level: 2 })).toContainText('stg_orders');
  await studio.screenshot('live-config-fixed');
});

test('editing a materialized model’s SQL or its YAML entry marks it stale, undoing the edit clears it; selection and viewport stay (issue 4)', async ({
  page,
}) => {
  const id = 'model.shop.stg_customers';
  const studio = new StudioPage(page);
  await studio.open(server.url);
  await studio.waitForLayout();
  await studio.materializeAsset(id, '+ upstream');
  await expect(studio.nodeStatus(id)).toHaveAttribute('data-status', 'success', {
    timeout: 120_000,
  });
  const view = await studio.arrangeView(id);
  const staleNote = studio.assetPanel.getByRole('note');
  await expect(staleNote).toHaveCount(0);

  const sqlFile = projectFile('dbt', 'models', 'staging', 'stg_customers.sql');
  const original = readFileSync(sqlFile, 'utf8');
  writeFileSync(sqlFile, `${original.trimEnd()}\nwhere customer_id is not null\n`);
  await expect(studio.nodeStatus(id)).toHaveAttribute('data-status', 'stale', LIVE);
  await expect(staleNote).toContainText('Stale');
  await expect(staleNote).toContainText('code changed');
  await studio.screenshot('live-code-stale');
  await studio.expectViewKept(view);

  // An editor's undo writes the file back as it was: the same code dbt built, so no longer stale.
  writeFileSync(sqlFile, original);
  await expect(studio.nodeStatus(id)).toHaveAttribute('data-status', 'success', LIVE);
  await expect(staleNote).toHaveCount(0);
  await studio.expectViewKept(view);

  // Its YAML is its code too: its own entry in _staging.yml changed → stale; other models are not.
  const yamlFile = projectFile('dbt', 'models', 'staging', '_staging.yml');
  const yaml = readFileSync(yamlFile, 'utf8');
  const described = 'One row per customer; names and email are personal data.';
  expect(yaml).toContain(described);
  const ordersBefore = await studio.nodeStatus('model.shop.stg_orders').getAttribute('data-status');
  writeFileSync(yamlFile, yaml.replace(described, 'One row per customer, described anew.'));
  await expect(studio.nodeStatus(id)).toHaveAttribute('data-status', 'stale', LIVE);
  await expect(staleNote).toContainText('its YAML (models/staging/_staging.yml) changed');
  // stg_orders' entry is in the same file and did not change: its state is as it was.
  expect(await studio.nodeStatus('model.shop.stg_orders').getAttribute('data-status')).toBe(
    ordersBefore,
  );
  await studio.screenshot('live-yaml-stale');
  writeFileSync(yamlFile, yaml);
  await expect(studio.nodeStatus(id)).toHaveAttribute('data-status', 'success', LIVE);
  await studio.expectViewKept(view);
});

test('a new model parsed by dbt appears in the graph without a reload; selection and viewport stay (issue 4)', async ({
  page,
}) => {
  const added = 'model.shop.live_added';
  const studio = new StudioPage(page);
  await studio.open(server.url);
  await studio.waitForLayout();
  await studio.showTab('Problems');
  const view = await studio.arrangeView('model.shop.customers');
  const before = await studio.graphNodes().count();
  await expect(studio.node(added)).toHaveCount(0);

  writeFileSync(
    projectFile('dbt', 'models', 'marts', 'live_added.sql'),
    "select customer_id from {{ ref('stg_customers') }}\n",
  );
  // The real dbt rewrites target/manifest.json in place while the studio watches it.
  parseProject(server.projectDir);
  await expect(studio.node(added)).toBeVisible(LIVE);
  await expect(studio.graphNodes()).toHaveCount(before + 1);
  // dbt was still writing the manifest when the studio first read it: nothing about that may stay.
  const manifestProblems = studio
    .panel('Problems')
    .locator('.problem', { has: page.locator('.problem__source', { hasText: 'manifest' }) });
  await expect(manifestProblems).toHaveCount(0, LIVE);
  await studio.screenshot('live-manifest-added-model');
  await studio.expectViewKept(view);
});

test('deleting the manifest shows the missing-manifest problem and the Parse project button (issue 4)', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.open(server.url);
  await studio.waitForLayout();
  await studio.showTab('Problems');
  await expect(studio.panel('Problems').getByRole('button', { name: 'Parse project' })).toHaveCount(
    0,
  );

  rmSync(projectFile('dbt', 'target', 'manifest.json'));
  const problem = studio.panel('Problems').locator('.problem', { hasText: 'No dbt manifest' });
  await expect(problem).toBeVisible(LIVE);
  await expect(problem.locator('.problem__source')).toHaveText('manifest');
  await expect(
    studio.panel('Problems').getByRole('button', { name: 'Parse project' }),
  ).toBeVisible();
  await studio.screenshot('live-manifest-deleted');
});
