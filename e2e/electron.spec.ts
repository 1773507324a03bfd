// The desktop app's smoke path through Playwright's Electron support: open the example, see the graph,
// click an asset, Materialize, see it succeed. Where the Electron binary was never downloaded
// (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, as on these machines) it reports itself skipped.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

const repoRoot = path.resolve(__dirname, '..');
const exampleDir = path.join(repoRoot, 'examples', 'shop');
const mainBundle = path.join(repoRoot, 'out', 'main', 'index.js');
/** A seed: building it needs nothing upstream, so a fresh DuckDB file is enough. */
const ASSET_ID = 'seed.shop.raw_customers';

type BinaryLookup = { ok: true; path: string } | { ok: false; reason: string };

function findElectronBinary(): BinaryLookup {
  try {
    // The electron package's main export is the binary's path; it throws when the download was skipped.
    const resolved: unknown = createRequire(path.join(repoRoot, 'package.json'))('electron');
    if (typeof resolved !== 'string')
      return { ok: false, reason: 'the electron package did not return a path' };
    if (!existsSync(resolved)) return { ok: false, reason: `no file at ${resolved}` };
    return { ok: true, path: resolved };
  } catch (error) {
    return {
      ok: false,
      reason: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
    };
  }
}

/** The few selectors this smoke path needs, in one place. */
class StudioWindow {
  constructor(readonly page: Page) {}
  ready = () => this.page.locator('body[data-ready="true"]');
  nodes = () => this.page.locator('.react-flow__node');
  node = (id: string) => this.page.locator(`.react-flow__node[data-id="${id}"]`);
  /** data-status sits on the React Flow node or on the custom node element inside it. */
  status = (id: string) =>
    this.page
      .locator(
        `.react-flow__node[data-id="${id}"][data-status], .react-flow__node[data-id="${id}"] [data-status]`,
      )
      .first();
  materialize = () => this.page.getByRole('button', { name: 'Materialize', exact: true });
  parseProject = () => this.page.getByRole('button', { name: /parse project/i });
}

const binary = findElectronBinary();

test.describe('desktop app (Electron)', () => {
  test.skip(
    !binary.ok,
    `Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): ${binary.ok ? '' : binary.reason}`,
  );

  let workDir = '';
  test.beforeEach(async () => {
    workDir = await mkdtemp(path.join(os.tmpdir(), 'floe-electron-e2e-'));
    await cp(exampleDir, path.join(workDir, 'shop'), {
      recursive: true,
      filter: (source) =>
        !/[/\\](\.floe|logs|target|dbt_packages)$/.test(source) && !source.endsWith('.duckdb'),
    });
  });
  test.afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  test('opens the example, renders its graph and materializes an asset', async () => {
    test.skip(!existsSync(mainBundle), 'out/main/index.js is missing: run `npm run build` first');
    if (!binary.ok) return;
    const app = await electron.launch({
      executablePath: binary.path,
      args: [mainBundle, path.join(workDir, 'shop')],
      cwd: repoRoot,
      env: {
        ...process.env,
        FLOE_USER_DATA_DIR: path.join(workDir, 'user-data'),
        DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
        DBT_VERSION_CHECK: 'false',
      },
    });
    try {
      const studio = new StudioWindow(await app.firstWindow());
      await expect(studio.ready()).toBeVisible();
      // A fresh copy has no manifest: the Problems panel offers `dbt parse`.
      if (await studio.parseProject().isVisible()) await studio.parseProject().click();
      await expect(studio.nodes().first()).toBeVisible();
      expect(await studio.nodes().count()).toBeGreaterThan(5);

      await studio.node(ASSET_ID).click();
      await studio.materialize().click();
      await expect(studio.status(ASSET_ID)).toHaveAttribute('data-status', 'success');
      await studio.page.screenshot({
        path: path.join(repoRoot, 'e2e', 'artifacts', 'electron-materialized.png'),
      });
    } finally {
      await app.close();
    }
  });
});
