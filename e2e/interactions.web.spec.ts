// The studio's interactions (issue 4) in a real browser against `floe studio --web` on a temp copy of
// the example, clicking and typing like a person: search and filter, focus mode, fit view, minimap,
// click / shift-click / box selection, Materialize with its scopes, the run history (open, re-run,
// cancel), keyboard shortcuts, the protected-environment confirmation, the asset panel, dark theme.
// Expectations come from dbt's manifest, not from the studio. One studio serves the file: the tests
// run in order and later ones build on earlier runs (the warehouse starts empty).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page, type WebSocket } from '@playwright/test';
import { copyExample, startStudio, type StudioServer } from './support/studio-server';
import { parseProject } from './support/parse-project';
import { readManifestGraph, type ManifestGraph } from './support/manifest-graph';
import { InteractionsPage } from './support/interactions-page';

/** A model that runs until canceled: DuckDB counting a 10^14-row cross join. No refs, so no other
 * selection in this file builds it. */
const SLOW_MODEL =
  "{{ config(materialized='table') }}\n" +
  'select count(*) as n from range(100000) a(i) cross join range(1000000000) b(j)\n' +
  'where (a.i + b.j) % 7 = 3\n';
const SLOW = 'model.shop.zz_slow';
const CUSTOMERS = 'model.shop.customers';
const STG_CUSTOMERS = 'model.shop.stg_customers';
const STG_ORDERS = 'model.shop.stg_orders';
const RUN_TIMEOUT = { timeout: 120_000 };
/** For what is already decided when the run's row shows it ended. */
const SETTLED = { timeout: 10_000 };

let server: StudioServer;
let graph: ManifestGraph;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const dir = copyExample();
  writeFileSync(join(dir, 'dbt', 'models', 'marts', 'zz_slow.sql'), SLOW_MODEL);
  parseProject(dir);
  graph = readManifestGraph(dir);
  server = await startStudio(dir);
});
test.afterAll(async () => {
  await server?.stop();
});

async function openStudio(page: Page): Promise<InteractionsPage> {
  const studio = new InteractionsPage(page);
  await studio.open(server.url);
  await studio.waitForLayout();
  await expect.poll(async () => studio.graphNodes().count()).toBe(graph.ids.length);
  return studio;
}

/** Frames the page sent over the API web socket, parsed. */
function recordRequests(page: Page): { channel?: string; payload?: Record<string, unknown> }[] {
  const frames: { channel?: string; payload?: Record<string, unknown> }[] = [];
  page.on('websocket', (ws: WebSocket) =>
    ws.on('framesent', (frame) => {
      if (typeof frame.payload === 'string')
        frames.push(JSON.parse(frame.payload) as (typeof frames)[number]);
    }),
  );
  return frames;
}

test('search filters the graph by name, tag:, type: and group:; / and Ctrl+K focus it (issue 4)', async ({
  page,
}) => {
  const studio = await openStudio(page);

  // `/` from the graph focuses the search box; a tag shows exactly the tagged assets.
  await studio.asset(CUSTOMERS).click();
  await page.keyboard.press('/');
  await expect(studio.search).toBeFocused();
  await page.keyboard.type('tag:pii');
  await studio.expectShown(graph.tagged('pii'));
  await expect(
    page.getByText(`${graph.tagged('pii').length} of ${graph.ids.length} assets`),
  ).toBeVisible();
  await studio.screenshot('interactions-search-tag');

  // A word matches names.
  await studio.search.fill('stg_');
  await studio.expectShown(graph.ids.filter((id) => graph.nameOf(id).includes('stg_')));
  await studio.search.fill('type:seed');
  await studio.expectShown(graph.ofType('seed'));

  // Escape in the box clears it: everything is back.
  await studio.search.press('Escape');
  await expect(studio.search).toHaveValue('');
  await studio.expectShown(graph.ids);

  // The group legend filters by group (a person clicks `marts`).
  await page.getByRole('button', { name: 'marts', exact: true }).click();
  await expect(studio.search).toHaveValue('group:marts');
  await studio.expectShown(graph.inGroup('marts'));
  await expect(studio.asset(CUSTOMERS)).toBeVisible();

  // Ctrl+K focuses the box from anywhere, with its text selected to type over.
  await studio.asset(CUSTOMERS).click();
  await page.keyboard.press('Control+k');
  await expect(studio.search).toBeFocused();
  await page.keyboard.type('tag:finance');
  await expect(studio.search).toHaveValue('tag:finance');
  await studio.expectShown(graph.tagged('finance'));
});

test('focus mode shows the chosen asset’s neighbourhood to the chosen depth; fit view and minimap move the view (issue 4)', async ({
  page,
}) => {
  const studio = await openStudio(page);
  const fitted = await studio.viewportTransform();

  await studio.asset(CUSTOMERS).click();
  await studio.button('Focus').click();
  const depth = page.getByRole('spinbutton', { name: 'Focus depth' });
  await depth.fill('1');
  await studio.expectShown(graph.around(CUSTOMERS, 1));
  await studio.screenshot('interactions-focus-depth-1');
  await depth.fill('2');
  await studio.expectShown(graph.around(CUSTOMERS, 2));
  await page.getByRole('combobox', { name: 'Focus direction' }).selectOption({ label: 'upstream' });
  await studio.expectShown(graph.around(CUSTOMERS, 2, 'up'));
  await studio.button('Exit focus').click();
  await studio.expectShown(graph.ids);

  // Double-clicking a node focuses on it too (depth back to the default 2, both ways).
  await studio.asset(STG_ORDERS).dblclick();
  await expect(page.getByRole('group', { name: 'Focus' })).toContainText('stg_orders');
  await depth.fill('1');
  await studio.expectShown(graph.around(STG_ORDERS, 1));
  // Back on the graph (Escape inside the depth box stays there), Escape twice steps out.
  await studio.asset(STG_ORDERS).click();
  await page.keyboard.press('Escape'); // clears the selection
  await expect.poll(async () => studio.selectedNodeIds()).toEqual([]);
  await page.keyboard.press('Escape'); // leaves focus mode
  await studio.expectShown(graph.ids);

  // Zoom in with the control, then Fit view brings back the whole graph as first shown.
  await page.getByRole('button', { name: 'Zoom In' }).click();
  await expect.poll(async () => studio.viewportTransform()).not.toBe(fitted);
  await studio.button('Fit view').click();
  await expect.poll(async () => studio.viewportTransform()).toBe(fitted);

  // Dragging in the minimap pans the graph.
  const minimap = page.getByRole('img', { name: 'Minimap' });
  await expect(minimap).toBeVisible();
  const box = await minimap.boundingBox();
  expect(box).not.toBeNull();
  if (box) {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2 + 15, { steps: 5 });
    await page.mouse.up();
  }
  await expect.poll(async () => studio.viewportTransform()).not.toBe(fitted);
  await studio.screenshot('interactions-minimap-panned');
});

test('box-select the staging models, Ctrl+Enter with “+ upstream”: the run builds them and their upstream, nodes turn success (issue 4)', async ({
  page,
}) => {
  const studio = await openStudio(page);
  const staging = graph.tagged('staging');
  await studio.search.fill('tag:staging');
  await studio.expectShown(staging);
  await studio.boxSelectShown();
  await expect.poll(async () => studio.selectedNodeIds()).toEqual(staging);
  await expect(page.getByText(`${staging.length} selected`)).toBeVisible();

  await studio.scope.selectOption({ label: '+ upstream' });
  await page.keyboard.press('Control+Enter');
  await studio.runStarted();
  const run = await studio.lastRunEnded();
  expect(run.status).toBe('success');
  expect(run.env).toBe('dev');
  expect(InteractionsPage.tokens(run.selection)).toEqual(
    staging.map((id) => `+${graph.nameOf(id)}`).sort(),
  );
  await studio.search.fill('');
  for (const id of graph.built(staging, 'upstream')) {
    await expect(studio.nodeStatus(id)).toHaveAttribute('data-status', 'success');
  }
});

test('shift-click two models, Materialize “+ downstream”: the run records them plus downstream, its log and assets open from Runs (issue 4)', async ({
  page,
}) => {
  const studio = await openStudio(page);
  const picked = [STG_CUSTOMERS, STG_ORDERS];
  const expected = graph.built(picked, 'downstream');
  await studio.selectAssets(picked);
  await expect(studio.assetPanel).toContainText('2 assets selected');
  await studio.scope.selectOption({ label: '+ downstream' });
  await studio.recordStatuses();
  await studio.materialize.click();
  await studio.runStarted();

  // Live: the nodes show `running` while dbt builds them, then `success`.
  for (const id of expected) {
    await expect(studio.nodeStatus(id)).toHaveAttribute('data-status', 'success', RUN_TIMEOUT);
  }
  const seen = await Promise.all(expected.map(async (id) => studio.statusesSeen(id)));
  expect(seen.filter((statuses) => statuses.includes('running')).length).toBeGreaterThan(0);
  for (const statuses of seen) expect(statuses.at(-1)).toBe('success');
  // The run itself may fail: dbt also runs customer_daily_activity's relationship test against
  // customers, and customer_daily_activity was never built.
  const run = await studio.lastRunEnded();
  expect(InteractionsPage.tokens(run.selection)).toEqual(['stg_customers+', 'stg_orders+']);
  expect(run.env).toBe('dev');
  expect(run.duration).toMatch(/^\d+(\.\d)? s$|^\d+ m \d+ s$/);

  // Open it: its assets are exactly what the selection builds, each with its status.
  const row = studio.runRows().first();
  await row.getByRole('button', { name: 'Open', exact: true }).click();
  const detail = studio.runs.getByRole('region', { name: /^Run / });
  const items = detail.getByRole('listitem');
  await expect(items).toHaveCount(expected.length);
  for (const id of expected) {
    // `success customers — OK`: status, name, dbt's message.
    await expect(
      items.filter({ hasText: new RegExp(`^success ${graph.nameOf(id)}( —|$)`) }),
    ).toHaveCount(1);
  }
  await studio.screenshot('interactions-run-detail');
  const runId = ((await detail.getAttribute('aria-label')) ?? '').replace(/^Run /, '');
  await detail.getByRole('button', { name: 'Show log' }).click();
  await expect(page.getByRole('tab', { name: 'Logs' })).toHaveAttribute('aria-selected', 'true');
  // The log is that run's dbt output, to floe's closing line.
  await expect(studio.panel('Logs')).toContainText(`floe: run ${runId} ${run.status}`, {
    timeout: 30_000,
  });
});

test('the asset panel of customers: description, owner, tags, PII on email, checks’ results, materializations, SQL; why an asset is stale (issue 4)', async ({
  page,
}) => {
  const studio = await openStudio(page);
  await studio.asset(CUSTOMERS).click();
  const panel = studio.assetPanel;
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('customers');
  await expect(panel).toContainText('One row per customer with order counts and lifetime value.');
  await expect(
    panel.getByRole('definition').filter({ hasText: 'analytics@shop.example' }),
  ).toBeVisible();
  const tags = panel
    .getByRole('definition')
    .filter({ has: page.getByText('pii', { exact: true }) });
  for (const tag of ['pii', 'customer', 'marts']) {
    await expect(tags.getByText(tag, { exact: true })).toBeVisible();
  }

  const columns = panel.getByRole('table', { name: 'Columns' });
  await expect(columns.getByRole('row', { name: /email/ })).toContainText('PII: email');
  await expect(columns.getByRole('row', { name: /lifetime_value/ })).not.toContainText('PII');
  // PII stands out: its badge is coloured unlike an ordinary classification's.
  const badgeColours = async (text: string): Promise<string> =>
    columns
      .getByText(text, { exact: true })
      .first()
      .evaluate((el) => `${getComputedStyle(el).color} ${getComputedStyle(el).backgroundColor}`);
  expect(await badgeColours('PII: email')).not.toBe(await badgeColours('internal'));

  const checks = panel.getByRole('list', { name: 'Checks' });
  await expect(
    checks.getByRole('listitem').filter({ hasText: /^pass unique email$/ }),
  ).toBeVisible();
  await expect(
    checks.getByRole('listitem').filter({ hasText: /^pass not_null customer_id$/ }),
  ).toBeVisible();

  const materializations = panel.getByRole('list', { name: 'Last materializations' });
  await expect(materializations.getByRole('listitem').first()).toContainText('success dev');

  await panel.getByText('Raw SQL').click();
  await expect(panel.getByRole('group').filter({ hasText: 'Raw SQL' })).toContainText(
    "ref('orders')",
  );
  await panel.getByText('Compiled SQL').click();
  const compiled = panel.getByRole('group').filter({ hasText: 'Compiled SQL' });
  await expect(compiled).toContainText('orders');
  await expect(compiled).not.toContainText('{{');
  await studio.screenshot('interactions-asset-panel');

  // Never built: the panel says so.
  await studio.asset('model.shop.customer_daily_activity').click();
  await expect(panel.getByRole('note')).toContainText('Stale (never materialized)');

  // Rebuild stg_customers alone (click, Ctrl+Enter): customers is now behind its upstream.
  await studio.asset(STG_CUSTOMERS).click();
  await page.keyboard.press('Control+Enter');
  await studio.runStarted('stg_customers');
  const run = await studio.lastRunEnded();
  expect(run.selection).toBe('stg_customers');
  expect(run.status).toBe('success');
  await studio.asset(CUSTOMERS).click();
  await expect(panel.getByRole('note')).toContainText('Stale (upstream newer)');
  await studio.screenshot('interactions-stale');
});

test('prod is protected: Materialize asks first, and Cancel starts no run (issue 4)', async ({
  page,
}) => {
  const requests = recordRequests(page);
  const studio = await openStudio(page);
  await studio.showTab('Runs');
  const runsBefore = await studio.runRows().count();
  await expect(
    studio.environment.getByRole('option', { name: /^prod .*protected/ }),
  ).toBeAttached();
  await studio.environment.selectOption('prod');
  await expect(studio.environment).toHaveValue('prod');

  await studio.asset(STG_ORDERS).click();
  await studio.materialize.click();
  const dialog = page.getByRole('dialog', { name: 'Run in prod?' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('dbt build --select stg_orders');
  await studio.screenshot('interactions-protected-confirm');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  // Escape declines as well.
  await studio.asset(STG_ORDERS).click();
  await page.keyboard.press('Control+Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await studio.showTab('Runs');
  await expect(studio.runRows()).toHaveCount(runsBefore);
  const materializes = requests.filter((r) => r.channel === 'runs.materialize');
  expect(materializes.length).toBe(2);
  expect(materializes.every((r) => r.payload?.['confirmed'] !== true)).toBe(true);

  await studio.environment.selectOption('dev');
  await expect(studio.environment).toHaveValue('dev');
});

/** Relative luminance (0 black … 1 white) of a computed `rgb(…)` colour. */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** The colour a person sees behind the element: its own background or the nearest painted ancestor's. */
function effectiveBackground(el: Element): string {
  for (let node: Element | null = el; node; node = node.parentElement) {
    const color = getComputedStyle(node).backgroundColor;
    if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color;
  }
  return getComputedStyle(document.documentElement).backgroundColor;
}

test('light and dark themes follow the OS (issue 4)', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  const studio = await openStudio(page);
  await studio.asset(CUSTOMERS).click();
  /** Luminance of what a person sees: the surfaces behind the page, graph, a node, the panel; the text. */
  const measure = async (): Promise<{ surfaces: Record<string, number>; text: number }> => ({
    surfaces: {
      page: luminance(await page.locator('body').evaluate(effectiveBackground)),
      graph: luminance(await page.getByRole('application').evaluate(effectiveBackground)),
      node: luminance(await studio.nodeStatus(CUSTOMERS).evaluate(effectiveBackground)),
      panel: luminance(await studio.assetPanel.evaluate(effectiveBackground)),
    },
    text: luminance(await page.locator('body').evaluate((el) => getComputedStyle(el).color)),
  });
  const dark = await measure();
  for (const [surface, value] of Object.entries(dark.surfaces))
    expect(value, surface).toBeLessThan(0.25);
  expect(dark.text).toBeGreaterThan(0.6);
  await studio.screenshot('interactions-dark');

  await page.emulateMedia({ colorScheme: 'light' });
  const light = await measure();
  for (const [surface, value] of Object.entries(light.surfaces))
    expect(value, surface).toBeGreaterThan(0.8);
  expect(light.text).toBeLessThan(0.3);
  await studio.screenshot('interactions-light');
});

test('Ctrl+. cancels the running slow model; Re-run starts the same selection again, Cancel stops it (issue 4)', async ({
  page,
}) => {
  const studio = await openStudio(page);
  await studio.asset(SLOW).click();
  await page.keyboard.press('Control+Enter');
  await studio.runStarted('zz_slow');
  await expect(studio.nodeStatus(SLOW)).toHaveAttribute('data-status', 'running', RUN_TIMEOUT);
  await expect(studio.button('Cancel run')).toBeVisible();
  await page.keyboard.press('Control+.');
  const first = await studio.lastRunEnded();
  expect(first).toMatchObject({ status: 'canceled', selection: 'zz_slow', env: 'dev' });
  // The asset was canceled, not failed: the person stopped it (soft, so the rest still
  // runs; the run row already said canceled, so its asset statuses are in).
  await expect.soft(studio.nodeStatus(SLOW)).toHaveAttribute('data-status', 'canceled', SETTLED);
  await expect(studio.button('Cancel run')).toHaveCount(0);

  const before = await studio.runRows().count();
  await studio.runRows().first().getByRole('button', { name: 'Re-run' }).click();
  await studio.runStarted('zz_slow');
  await studio.showTab('Runs');
  await expect(studio.runRows()).toHaveCount(before + 1);
  const again = studio.runRows().first();
  await expect(again.getByRole('cell').nth(2)).toHaveText('zz_slow');
  await expect(studio.nodeStatus(SLOW)).toHaveAttribute('data-status', 'running', RUN_TIMEOUT);
  await again.getByRole('button', { name: 'Cancel', exact: true }).click();
  const second = await studio.lastRunEnded();
  expect(second).toMatchObject({ status: 'canceled', selection: 'zz_slow', env: 'dev' });
  await studio.runRows().first().getByRole('button', { name: 'Open', exact: true }).click();
  await expect
    .soft(studio.runs.getByRole('region', { name: /^Run / }).getByRole('listitem'))
    .toHaveText([/^canceled zz_slow/], SETTLED);
  await studio.screenshot('interactions-canceled');
});
