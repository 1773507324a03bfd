// Lineage and Traces in a real browser against `floe studio --web` on a temp copy of the example:
// materialize customers with its upstream through the UI, then read the run's lineage (datasets with
// the PII badge) and its trace (one bar per asset, rooted at the Materialize click).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type WebSocket } from '@playwright/test';
import { copyExample, startStudio, type StudioServer } from './support/studio-server';
import { parseProject } from './support/parse-project';
import { StudioPage } from './support/studio-page';
import { ObservabilityPage } from './support/observability-page';

const TARGET = 'model.shop.customers';
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

/** The asset and its upstream models, seeds and snapshots (sources are not built): what runs. */
function builtWithUpstream(projectDir: string, id: string): string[] {
  const manifest = JSON.parse(
    readFileSync(join(projectDir, 'dbt', 'target', 'manifest.json'), 'utf8'),
  ) as { nodes: Record<string, { resource_type: string; depends_on?: { nodes?: string[] } }> };
  const seen = new Set<string>();
  const visit = (nodeId: string): void => {
    const node = manifest.nodes[nodeId];
    if (seen.has(nodeId) || node === undefined) return;
    if (!['model', 'seed', 'snapshot'].includes(node.resource_type)) return;
    seen.add(nodeId);
    for (const parent of node.depends_on?.nodes ?? []) visit(parent);
  };
  visit(id);
  return [...seen].sort();
}

/** The traceparent the renderer sent with runs.materialize over the web socket. */
function materializeTraceparent(frames: readonly string[]): string | undefined {
  for (const frame of frames) {
    const parsed = JSON.parse(frame) as { channel?: string; payload?: { traceparent?: string } };
    if (parsed.channel === 'runs.materialize') return parsed.payload?.traceparent;
  }
  return undefined;
}

test('the Materialize click’s trace contains the run; Traces shows one bar per asset (issue 6 items 3 and 6, FR-016, SC-005)', async ({
  page,
}) => {
  const frames: string[] = [];
  page.on('websocket', (ws: WebSocket) =>
    ws.on('framesent', (frame) => {
      if (typeof frame.payload === 'string') frames.push(frame.payload);
    }),
  );
  const studio = new StudioPage(page);
  const obs = new ObservabilityPage(page);
  await studio.open(server.url);
  await studio.waitForLayout();
  await studio.node(TARGET).click();
  await page.getByRole('combobox', { name: 'Materialize scope' }).selectOption('upstream');
  await studio.materialize.click();
  await expect(studio.nodeStatus(TARGET)).toHaveAttribute('data-status', 'success', {
    timeout: 120_000,
  });
  // The run has ended (whatever its checks said): its spans are stored by then.
  await studio.showTab('Runs');
  await expect(studio.panel('Runs').locator('tbody tr').first().locator('.run-status')).toHaveText(
    /^(success|failed)$/,
  );

  const traceparent = materializeTraceparent(frames);
  expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  const [, traceId, clickSpanId] = (traceparent ?? '').split('-');

  await studio.showTab('Traces');
  await obs.waitForTraces();
  const expected = builtWithUpstream(server.projectDir, TARGET);
  await expect(obs.assetBars()).toHaveCount(expected.length);
  const shown = await obs
    .assetBars()
    .evaluateAll((bars) => bars.map((bar) => bar.getAttribute('data-node-id') ?? '').sort());
  expect(shown).toEqual(expected);
  // The run is a child of the click, in the click's trace; the click span itself was stored.
  await expect(obs.runBar).toHaveAttribute('data-trace-id', traceId ?? '');
  await expect(obs.runBar).toHaveAttribute('data-parent-span-id', clickSpanId ?? '');
  await expect(obs.clickBar).toHaveAttribute('data-span-id', clickSpanId ?? '');
  await expect(obs.clickBar).toHaveAttribute('data-trace-id', traceId ?? '');
  expect(await obs.criticalBars().count()).toBeGreaterThan(0);
  await expect(obs.bar(TARGET)).toHaveAttribute('title', /status: success[\s\S]*duration: /);
  await studio.screenshot('traces');

  // Click a bar: its asset is selected in the graph.
  await studio.page.keyboard.press('Escape');
  await obs.bar('model.shop.stg_customers').click();
  await expect(studio.node('model.shop.stg_customers')).toHaveClass(/selected/);
});

test('the Lineage tab shows the datasets of the materialized assets with the PII badge (issue 5 item 6, FR-015)', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  const obs = new ObservabilityPage(page);
  await studio.open(server.url);
  await studio.waitForLayout();
  // Nothing selected: the view shows the last run's assets.
  await studio.page.keyboard.press('Escape');
  await studio.showTab('Lineage');
  await obs.waitForLineage();
  for (const assetId of builtWithUpstream(server.projectDir, TARGET)) {
    await expect(obs.datasetNode(assetId)).toBeVisible();
  }
  const customers = obs.datasetNode(TARGET);
  await expect(customers).toHaveAttribute('data-pii', 'true');
  await expect(customers.locator('.lineage-badge[data-pii="true"]')).toHaveText('PII');
  await studio.screenshot('lineage');

  // The chosen dataset: its classified columns and its event history.
  await customers.click();
  await expect(obs.details.locator('tr[data-pii="true"]', { hasText: 'email' })).toBeVisible();
  await expect(obs.details.locator('.lineage-history tr[data-type="START"]').first()).toBeVisible();
  await expect(
    obs.details.locator('.lineage-history tr[data-type="COMPLETE"]').first(),
  ).toBeVisible();
  await studio.screenshot('lineage-details');

  // And its asset in the graph.
  await obs.details.getByRole('button', { name: 'Show in asset graph' }).click();
  await expect(studio.node(TARGET)).toHaveClass(/selected/);
});

test('a second run of the same selection compares per-asset durations (issue 6 item 6)', async ({
  page,
}) => {
  const studio = new StudioPage(page);
  const obs = new ObservabilityPage(page);
  await studio.open(server.url);
  await studio.waitForLayout();
  await studio.showTab('Runs');
  const runs = studio.panel('Runs').locator('tbody tr');
  await expect(runs).toHaveCount(1);
  await runs.first().getByRole('button', { name: 'Re-run' }).click();
  await studio.showTab('Runs');
  await expect(runs).toHaveCount(2);
  await expect(runs.first().locator('.run-status')).toHaveText(/^(success|failed)$/, {
    timeout: 120_000,
  });

  await studio.showTab('Traces');
  await obs.waitForTraces();
  const compareWith = page.getByRole('combobox', { name: 'Compare with' });
  await expect(compareWith.locator('option')).toHaveCount(2);
  await compareWith.selectOption({ index: 1 });
  const rows = obs.traces.getByRole('table', { name: 'Duration changes' }).locator('tbody tr');
  const expected = builtWithUpstream(server.projectDir, TARGET);
  await expect(rows).toHaveCount(expected.length);
  // Sorted by change, largest slowdown first.
  const deltas = await rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const text = tr.querySelector('.trace-compare__delta')?.textContent ?? '';
      const match = /([+−±])([\d.]+) (ms|s)/.exec(text);
      if (!match) return NaN;
      const value = Number(match[2]) * (match[3] === 's' ? 1000 : 1);
      return match[1] === '−' ? -value : value;
    }),
  );
  expect(deltas.every((d) => Number.isFinite(d))).toBe(true);
  expect([...deltas].sort((a, b) => b - a)).toEqual(deltas);
  await studio.screenshot('traces-compare');
});
