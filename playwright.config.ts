// Browser tests: the studio served by `floe studio --web` in Debian's Chromium (Playwright's own
// browser download is unreachable here), and the desktop app through Playwright's Electron support
// where the Electron binary exists (the spec reports itself skipped otherwise).
import { defineConfig } from '@playwright/test';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'e2e',
  // Failure screenshots and traces land next to the specs' own screenshots.
  outputDir: 'e2e/artifacts/results',
  // Real dbt runs on 2 shared cores: one test at a time, generous limits, no retries hiding flakes.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 60_000 },
  reporter: [['list']],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'web',
      testMatch: /.*\.web\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
          args: chromiumArgs,
        },
      },
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts$/,
    },
  ],
});
