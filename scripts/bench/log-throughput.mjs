#!/usr/bin/env node
// Bench `log-throughput` (issue 4): 200,000 lines pushed through a run into the Logs panel. The lines
// come from a synthetic "dbt" (floe.yaml transforms[].executable points at a script printing numbered
// lines; allowed for this stress test) and take the real path: `floe studio --web` → runs.materialize
// → RunEngine → pty runner → event hub → WebSocket → the page's Logs panel (xterm) in headless
// Chromium. Figures: lines/s from the first line on screen until the last line is on screen; that
// no line was lost (the stored log via `runs.log` has every line in order, the panel shows the last
// one, no "output skipped" notice reached the page); the longest main-thread task meanwhile (goal:
// none over 100 ms).
// Usage: node scripts/bench/log-throughput.mjs [--lines 200000]
/* global window, document, requestAnimationFrame -- the functions handed to page.evaluate / addInitScript run in the browser */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateBigProject } from './support/big-manifest.mjs';
import { ensureCliFresh } from './support/processes.mjs';
import { apiRequest } from './support/page-api.mjs';
import { startPageProfile, stopPageProfile } from './support/page-profile.mjs';
import { removeDir, tempDir } from './support/projects.mjs';
import { emitResult, loadLine, ms } from './support/stats.mjs';
import { launchBrowser, rendererBuildNote, startStudio } from './support/studio.mjs';
import { LINE_PATTERN, writeSyntheticDbt } from './support/synthetic-output.mjs';

const GOAL_LONG_TASK_MS = 100;
const args = process.argv.slice(2);
const LINES = args.includes('--lines') ? Number(args[args.indexOf('--lines') + 1]) : 200_000;
const pad = (n) => String(n).padStart(6, '0');
const LAST_LINE = `[synthetic] line ${pad(LINES)} of ${pad(LINES)}`;

// In the page before its scripts: every long task, with its start time.
function longTaskProbe() {
  const tasks = [];
  Object.defineProperty(window, '__floeLongTasks', { value: tasks });
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        tasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long-task timing in this browser
  }
}

/**
 * In the page: watches the Logs panel's rows every frame for the first and the last synthetic line
 * (the generator's last line is tagged with the run id; a run named in `ignoreRun` does not count).
 */
function watchPanel([lastLine, ignoreRun]) {
  const state = { first: null, last: null, sentAt: performance.now() };
  Object.defineProperty(window, '__floeLogs', { value: state, configurable: true });
  const frame = () => {
    const rows = document.querySelector('[aria-label="Logs"] .xterm-rows');
    // Row by row (the rows' text joined would run one line into the next); once the first line was
    // seen only the last rows, where the last line will appear, to keep this probe cheap.
    const all = rows === null ? [] : [...rows.children];
    const lines = (state.first === null ? all : all.slice(-12)).map((row) => row.textContent ?? '');
    const text = lines.join('\n');
    const tag = lines.map((l) => /\[synthetic\] last line of run=(\S+)/.exec(l)?.[1]).find(Boolean);
    const current = tag === undefined || tag !== ignoreRun;
    if (state.first === null && current && text.includes('[synthetic] line'))
      state.first = performance.now();
    if (current && tag !== undefined && text.includes(lastLine)) {
      state.last = performance.now();
      return;
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

/** Every line number 1..LINES exactly once and in order in the stored log. */
function checkStoredLog(text) {
  let expected = 1;
  let count = 0;
  let outOfOrder = 0;
  for (const match of text.matchAll(LINE_PATTERN)) {
    count += 1;
    if (Number(match[1]) !== expected) outOfOrder += 1;
    expected = Number(match[1]) + 1;
  }
  return {
    count,
    complete: count === LINES && outOfOrder === 0 && expected === LINES + 1,
    outOfOrder,
  };
}

const work = tempDir('log-throughput');
let studio;
let browser;
try {
  ensureCliFresh();
  const project = join(work, 'project');
  const timingFile = join(work, 'synthetic-timing.json');
  const executable = writeSyntheticDbt(join(work, 'synthetic-dbt'), { lines: LINES, timingFile });
  generateBigProject(project, { models: 20, name: 'logs', executable });
  console.log(rendererBuildNote());
  studio = await startStudio(project);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(longTaskProbe);
  const page = await context.newPage();
  // What reaches the page, seen from the browser's side of its socket (no work added to the page);
  // chunks split lines anywhere, so the output is joined before lines are counted.
  const receivedChunks = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' || !payload.includes('"run.output"')) return;
      const frame = JSON.parse(payload);
      if (frame.type === 'event' && frame.channel === 'run.output')
        receivedChunks.push(frame.payload.data);
    });
  });
  await page.goto(studio.url);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 90_000 });
  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.evaluate(watchPanel, [LAST_LINE, null]);
  const { runId } = await page.evaluate(apiRequest, ['runs.materialize', { select: 'model_0' }]);
  try {
    await page.waitForFunction(() => window.__floeLogs.last !== null, null, {
      timeout: 240_000,
      polling: 250,
    });
  } catch {
    throw new Error(
      `the last line never showed in the Logs panel (page received ${received.lines} lines)`,
    );
  }
  const panel = await page.evaluate(() => ({
    ...window.__floeLogs,
    tasks: window.__floeLongTasks,
  }));
  // Wait for the run to be recorded as finished, then read the stored log back through the API.
  let run = null;
  for (let i = 0; i < 120; i += 1) {
    run = await page.evaluate(apiRequest, ['runs.get', { runId }]);
    if (['success', 'failed', 'canceled', 'interrupted'].includes(run.run?.status)) break;
    await page.waitForTimeout(250);
  }
  const { text } = await page.evaluate(apiRequest, ['runs.log', { runId }]);
  const stored = checkStoredLog(text);
  const receivedText = receivedChunks.join('');
  const receivedCheck = checkStoredLog(receivedText);
  const received = {
    lines: receivedCheck.count,
    complete: receivedCheck.complete,
    skippedNotices:
      receivedText.split('were skipped because the view could not keep up').length - 1,
  };

  const timing = JSON.parse(readFileSync(timingFile, 'utf8'));
  const during = panel.tasks.filter(
    (t) => t.start + t.duration >= panel.sentAt && t.start <= panel.last,
  );
  const longest = Math.max(0, ...during.map((t) => t.duration));
  const shownSpanS = (panel.last - panel.first) / 1000;
  const rate = LINES / shownSpanS;
  const endToEnd = (panel.last - panel.sentAt) / 1000;
  const met = longest <= GOAL_LONG_TASK_MS;
  console.log(
    `${LINES} synthetic lines through floe studio --web into the Logs panel (run ${runId}, ${run?.run?.status ?? 'unknown'}):`,
  );
  console.log(
    `  generator printed them in ${((timing.endedAt - timing.startedAt) / 1000).toFixed(2)} s (${Math.round(LINES / ((timing.endedAt - timing.startedAt) / 1000))} lines/s into the pty)`,
  );
  console.log(
    `  Logs panel: first line on screen ${ms(panel.first - panel.sentAt)} after the request, last line ${endToEnd.toFixed(2)} s after it`,
  );
  console.log(
    `  sustained: ${Math.round(rate)} lines/s (first → last line on screen); end to end ${Math.round(LINES / endToEnd)} lines/s incl. run start`,
  );
  console.log(
    `  no line lost: stored log (runs.log) has ${stored.count}/${LINES} lines${stored.complete ? ', all in order' : ` — INCOMPLETE (${stored.outOfOrder} out of order)`}; the page received ${received.lines} over its socket${received.complete ? ', all in order' : ' — INCOMPLETE'}; skipped-output notices: ${received.skippedNotices}; panel shows the last line: yes`,
  );
  console.log(
    `  long tasks while streaming: ${during.length}, longest ${ms(longest)} — goal none over ${GOAL_LONG_TASK_MS} ms: ${met ? 'met' : 'NOT met'}`,
  );
  if (!met || args.includes('--profile')) {
    // A second (uncounted) run under the DevTools profiler: where the page's main thread went.
    const session = await startPageProfile(context, page);
    await page.evaluate(watchPanel, [LAST_LINE, runId]);
    await page.evaluate(apiRequest, ['runs.materialize', { select: 'model_0' }]);
    await page.waitForFunction(() => window.__floeLogs.last !== null, null, {
      timeout: 240_000,
      polling: 250,
    });
    const cpu = await stopPageProfile(session);
    const second = await page.evaluate(() => window.__floeLogs);
    console.log(
      `  profiled second run (not counted; last line ${ms(second.last - second.sentAt)} after the request): ${ms(cpu.total)} of main-thread CPU in ${ms(cpu.span)} profiled; by module:`,
    );
    for (const row of cpu.byModule.slice(0, 8))
      console.log(`    ${ms(row.ms).padStart(8)}  ${row.name}`);
    console.log('  hottest functions (self time):');
    for (const row of cpu.byFunction.slice(0, 8))
      console.log(`    ${ms(row.ms).padStart(8)}  ${row.name}`);
  }
  await context.close();
  console.log(`  (${loadLine()})`);
  emitResult('log-throughput', [
    {
      figure: `${LINES} log lines → Logs panel, sustained lines/s`,
      goal: '',
      measured: `${Math.round(rate)} lines/s`,
      met: null,
    },
    {
      figure: 'no line lost (stored log complete, none skipped on the way to the page)',
      goal: 'all lines',
      measured: `${stored.count} stored, ${received.lines} received`,
      met: stored.complete && received.complete && received.skippedNotices === 0,
    },
    {
      figure: 'longest main-thread task while streaming',
      goal: `≤ ${GOAL_LONG_TASK_MS} ms`,
      measured: ms(longest),
      met,
    },
  ]);
} finally {
  await browser?.close();
  await studio?.stop();
  removeDir(work);
}
