// The studio in a real browser against `floe studio --web` on a temp copy of the example, clicking
// like a person: parse, see the graph, materialize, read the log, break a model, switch environment.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { copyExample, startStudio, type StudioServer } from './support/studio-server';
import { StudioPage } from './support/studio-page';

let server: StudioServer;

test.beforeAll(async () => {
  server = await startStudio(copyExample());
});
test.afterAll(async () => {
  await server.stop();
});

/** Enabled models, seeds, snapshots and sources of the manifest: what the graph must show. */
function manifestAssetIds(projectDir: string): string[] {
  const manifest = JSON.parse(
    readFileSync(join(projectDir, 'dbt', 'target', 'manifest.json'), 'utf8'),
  ) as {
    nodes: Record<string, { resource_type: string }>;
    sources: Record<string, unknown>;
  };
  const nodes = Object.entries(manifest.nodes)
    .filter(([, node]) => ['model', 'seed', 'snapshot'].includes(node.resource_type))
    .map(([id]) => id);
  return [...nodes, ...Object.keys(manifest.sources)].sort();
}

test('the graph shows exactly the manifest assets after Parse project (FR-006, FR-007)', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.open(server.url);
  await studio.showTab('Problems');
  await page.getByRole('button', { name: 'Parse project' }).click();
  await studio.waitForLayout();
  await expect(studio.node('model.shop.customers')).toBeVisible();
  const expected = manifestAssetIds(server.projectDir);
  await expect.poll(async () => studio.graphNodes().count()).toBe(expected.length);
  const shown = await studio
    .graphNodes()
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-id') ?? '').sort());
  expect(shown).toEqual(expected);
  await studio.screenshot('graph');
});

test('click a model, Materialize: it turns success and Logs shows dbt finishing (FR-009)', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.open(server.url);
  await studio.waitForLayout();
  await studio.materializeAsset('model.shop.stg_customers', '+ upstream');
  await expect(studio.nodeStatus('model.shop.stg_customers')).toHaveAttribute(
    'data-status',
    'success',
    { timeout: 120_000 },
  );
  await expect(studio.nodeStatus('seed.shop.raw_customers')).toHaveAttribute(
    'data-status',
    'success',
  );
  await studio.showTab('Logs');
  await expect(studio.panel('Logs')).toContainText('Completed successfully', { timeout: 30_000 });
  await studio.screenshot('materialized');
});

test('a broken model fails with dbt’s error in Logs (user story 1, scenario 4)', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.open(server.url);
  await studio.waitForLayout();
  const sqlFile = join(server.projectDir, 'dbt', 'models', 'staging', 'stg_orders.sql');
  writeFileSync(sqlFile, 'select * from {{ ref("raw_orders") }} where and\n');
  await studio.materializeAsset('model.shop.stg_orders', '+ upstream');
  await expect(studio.nodeStatus('model.shop.stg_orders')).toHaveAttribute(
    'data-status',
    'failed',
    { timeout: 120_000 },
  );
  await studio.showTab('Logs');
  await expect(studio.panel('Logs')).toContainText(/Error in model stg_orders|syntax error/i, {
    timeout: 30_000,
  });
  await studio.screenshot('failed');
});

test('switching Environment to staging runs the next build on PostgreSQL (user story 5)', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  await studio.open(server.url);
  await studio.waitForLayout();
  execFileSync('psql', [
    '-h',
    '127.0.0.1',
    '-U',
    'postgres',
    '-d',
    'test',
    '-c',
    'drop schema if exists shop_staging cascade',
  ]);
  await studio.environment.selectOption('staging');
  await expect(studio.environment).toHaveValue('staging');
  await studio.materializeAsset('model.shop.stg_customers', '+ upstream');
  await expect(studio.nodeStatus('model.shop.stg_customers')).toHaveAttribute(
    'data-status',
    'success',
    { timeout: 120_000 },
  );
  await studio.showTab('Runs');
  await expect(studio.panel('Runs')).toContainText('staging');
  const count = execFileSync(
    'psql',
    [
      '-h',
      '127.0.0.1',
      '-U',
      'postgres',
      '-d',
      'test',
      '-tAc',
      'select count(*) from shop_staging.stg_customers',
    ],
    { encoding: 'utf8' },
  );
  expect(Number(count.trim())).toBeGreaterThan(0);
  await studio.screenshot('staging');
});

function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('the web server refuses requests without the token, or from another host', async () => {
  const port = new URL(server.url).port;
  expect(await status(`${server.origin}/`)).toBe(401);
  expect(await status(server.url)).toBe(200);
  expect(await status(server.url, { Host: `evil.example:${port}` })).toBe(403);
  expect(await status(server.url, { Origin: 'http://evil.example' })).toBe(403);
});
