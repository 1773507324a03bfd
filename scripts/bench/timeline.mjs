#!/usr/bin/env node
// Bench `timeline` (issue 6): the Traces tab drawing a run of 2,000 assets. A generated 2,000-model
// project gets one traced run stored through the real telemetry observer (4 worker lanes, 50–400 ms
// per model); `floe studio --web` serves it to headless Chromium. Figure: from the click on the
// Traces tab to the frame after the panel's data-ready="true" for that run (spans fetched, laid out,
// bars in the DOM, painted), median of 3 fresh pages; goal < 500 ms. Then frame times while scrolling
// the timeline with the mouse wheel for ~2 s ("smooth scrolling"): p50 / p95.
// When the Traces panel is still a placeholder it prints "not measured" and exits 0.
// Usage: node scripts/bench/timeline.mjs [--models 2000] [--opens 3]
/* global window, document, requestAnimationFrame -- the functions handed to page.evaluate run in the browser */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateBigProject } from './support/big-manifest.mjs';
import { ensureCliFresh } from './support/processes.mjs';
import { removeDir, tempDir } from './support/projects.mjs';
import { seedTrace } from './support/seed-trace.mjs';
import { emitResult, loadLine, median, ms, percentile } from './support/stats.mjs';
import { launchBrowser, rendererBuildNote, startStudio } from './support/studio.mjs';
import { repoRoot } from './support/ts-module.mjs';

const GOAL_MS = 500;
const args = process.argv.slice(2);
const arg = (name, fallback) =>
  args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback;
const MODELS = arg('--models', 2000);
const OPENS = arg('--opens', 3);
const PANEL = 'section[aria-label="Traces"]';

function tracesPanelBuilt() {
  const dir = join(repoRoot, 'src', 'renderer', 'features', 'traces');
  const sources = readdirSync(dir)
    .filter((name) => name.endsWith('.tsx'))
    .map((name) => readFileSync(join(dir, name), 'utf8'));
  return !(sources.length <= 1 && sources.every((text) => /placeholder/i.test(text)));
}

/** In the page: the click time on the Traces tab, and the frame after the panel is ready for `runId`. */
function watchTraces([panel, runId]) {
  const state = { clickedAt: null, readyAt: null, paintedAt: null, longest: 0 };
  Object.defineProperty(window, '__floeTraces', { value: state, configurable: true });
  document.addEventListener('click', (event) => (state.clickedAt ??= event.timeStamp), {
    capture: true,
    once: true,
  });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longest = Math.max(state.longest, entry.duration);
  }).observe({ type: 'longtask' });
  const frame = () => {
    const section = document.querySelector(panel);
    if (
      state.clickedAt !== null &&
      section?.dataset.ready === 'true' &&
      section.dataset.runId === runId
    ) {
      state.readyAt = performance.now();
      requestAnimationFrame(() => (state.paintedAt = performance.now()));
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function openTraces(browser, url, runId) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 90_000 });
  await page.evaluate(watchTraces, [PANEL, runId]);
  await page.getByRole('tab', { name: 'Traces' }).click();
  await page.waitForFunction(() => window.__floeTraces.paintedAt !== null, null, {
    timeout: 60_000,
    polling: 100,
  });
  const state = await page.evaluate(() => window.__floeTraces);
  const bars = await page.locator(`${PANEL} [data-span-id]`).count();
  return { context, page, state, bars };
}

/**
 * Zooms in to 32× (a run of 2,000 models is then ~30 screens wide; its rows are the few dbt thread
 * lanes, so the scrolling that matters is sideways) and wheel-scrolls the timeline sideways for ~2 s.
 * Returns requestAnimationFrame deltas meanwhile, how far it scrolled and the bars in the DOM.
 */
async function scroll(page) {
  const zoomIn = page.locator(`${PANEL} button[aria-label="Zoom in"]`);
  for (let i = 0; i < 5 && (await zoomIn.isEnabled()); i += 1) await zoomIn.click();
  const timeline = page.locator(`${PANEL} .timeline`).first();
  const box = await timeline.boundingBox();
  if (box === null) throw new Error('no timeline to scroll');
  await page.evaluate(() => {
    const state = { deltas: [], last: null, running: true };
    Object.defineProperty(window, '__floeScroll', { value: state, configurable: true });
    const frame = (t) => {
      if (state.last !== null) state.deltas.push(t - state.last);
      state.last = t;
      if (state.running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const start = performance.now();
  while (performance.now() - start < 2000) {
    await page.mouse.wheel(150, 0);
    await page.waitForTimeout(16);
  }
  const deltas = await page.evaluate(() => {
    window.__floeScroll.running = false;
    return window.__floeScroll.deltas;
  });
  const scrolled = await timeline.evaluate((element) => ({
    left: element.scrollLeft,
    width: element.scrollWidth,
  }));
  const bars = await page.locator(`${PANEL} [data-span-id]`).count();
  return { deltas, ...scrolled, bars };
}

if (!tracesPanelBuilt()) {
  console.log('not measured: Traces timeline not built yet');
  emitResult('timeline', [
    {
      figure: 'timeline render, run of 2,000 assets',
      goal: `< ${GOAL_MS} ms`,
      measured: 'not measured (not built yet)',
      met: null,
    },
  ]);
} else {
  const work = tempDir('timeline');
  let studio;
  let browser;
  try {
    ensureCliFresh();
    const project = join(work, 'project');
    generateBigProject(project, { models: MODELS, name: 'traces' });
    const seeded = await seedTrace(project);
    console.log(
      `stored run ${seeded.runId}: ${seeded.spans} spans (${MODELS} models, 4 lanes) via the telemetry observer`,
    );
    console.log(rendererBuildNote());
    studio = await startStudio(project);
    browser = await launchBrowser();
    const opens = [];
    let last = null;
    for (let i = 0; i < OPENS; i += 1) {
      const opened = await openTraces(browser, studio.url, seeded.runId);
      const { state, bars } = opened;
      const drawn = state.paintedAt - state.clickedAt;
      opens.push(drawn);
      console.log(
        `  open ${i + 1}: click → ready ${ms(state.readyAt - state.clickedAt)}, painted ${ms(drawn)}; ${bars} bars in the DOM; longest task ${ms(state.longest)}`,
      );
      if (last !== null) await last.context.close();
      last = opened;
    }
    const drawn = median(opens);
    const met = drawn < GOAL_MS;
    console.log(
      `Traces tab click → timeline of ${MODELS} assets painted, median of ${OPENS}: ${ms(drawn)} — goal < ${GOAL_MS} ms: ${met ? 'met' : 'NOT met'}`,
    );
    const scrolled = await scroll(last.page);
    await last.context.close();
    const p50 = percentile(scrolled.deltas, 50);
    const p95 = percentile(scrolled.deltas, 95);
    console.log(
      `zoomed in, wheel-scrolling sideways ~2 s (${Math.round(scrolled.left)} of ${Math.round(scrolled.width)} px; ${scrolled.bars} bars in the DOM then): ${scrolled.deltas.length} frames, frame time p50 ${ms(p50, 1)}, p95 ${ms(p95, 1)}, max ${ms(Math.max(...scrolled.deltas), 1)}`,
    );
    console.log(`(headless Chromium, software rendering; ${loadLine()})`);
    emitResult('timeline', [
      {
        figure: `Traces tab → timeline of ${MODELS} assets painted (median of ${OPENS})`,
        goal: `< ${GOAL_MS} ms`,
        measured: ms(drawn),
        met,
      },
      {
        figure: 'timeline scrolling: frame time p50 / p95',
        goal: '',
        measured: `${ms(p50, 1)} / ${ms(p95, 1)}`,
        met: null,
      },
    ]);
  } finally {
    await browser?.close();
    await studio?.stop();
    removeDir(work);
  }
}
