#!/usr/bin/env node
// Bench `status-latency` (issue 3): the delay from dbt writing a node event to the asset's status
// reaching a subscriber of the RunEngine (composed as the CLI and the app compose it). A generated
// project of 200 trivial DuckDB views in 4 chains (threads 4) is built once through the engine; each
// `asset.status` event's arrival is compared with `info.ts` of the matching NodeStart / NodeFinished
// line in `.floe/runs/<run id>/dbt.log`. That ts is taken by dbt when it creates the event, just before
// it writes the line, so the figure is a slight over-estimate. Goal: p99 < 100 ms.
// Usage: node scripts/bench/status-latency.mjs [--models 200]
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { childEnv } from './support/processes.mjs';
import { generateChainProject, removeDir, tempDir } from './support/projects.mjs';
import { prepareRuns } from './support/shop-runs.mjs';
import { emitResult, loadLine, ms, percentile } from './support/stats.mjs';
import { loadTsModules, repoRoot } from './support/ts-module.mjs';

const GOAL_P99_MS = 100;
const args = process.argv.slice(2);
const modelsArg = args.indexOf('--models');
const MODELS = modelsArg >= 0 ? Number(args[modelsArg + 1]) : 200;
const now = () => performance.timeOrigin + performance.now();

/** `${unique_id} start|finish` → epoch ms of dbt's event, from the run's JSON log. */
function dbtEventTimes(logFile) {
  const times = new Map();
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes('"NodeStart"') && !line.includes('"NodeFinished"')) continue;
    let parsed;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    const name = parsed.info?.name;
    const id = parsed.data?.node_info?.unique_id;
    if (typeof id !== 'string' || (name !== 'NodeStart' && name !== 'NodeFinished')) continue;
    const ts = String(parsed.info.ts);
    times.set(
      `${id} ${name === 'NodeStart' ? 'start' : 'finish'}`,
      Date.parse(/Z$/.test(ts) ? ts : `${ts}Z`),
    );
  }
  return times;
}

const work = tempDir('status-latency');
let prepared;
let modules;
let engine;
let watcher;
try {
  const project = generateChainProject(join(work, 'project'), {
    models: MODELS,
    chains: 4,
    name: 'latency',
  });
  // compile + profiles + one dbt parse, so the engine starts with a manifest (an asset graph).
  prepared = await prepareRuns(project);
  modules = await loadTsModules(['src/main/services/project/create-engine.ts'], 'status-latency');
  engine = modules.mod.createProjectEngine({ projectDir: project, environ: childEnv(), repoRoot });
  const arrivals = [];
  const subscription = engine.subscribe((event) => {
    if (event.channel !== 'asset.status') return;
    const { assetId, status } = event.payload;
    if (status === 'queued') return;
    arrivals.push({ key: `${assetId} ${status === 'running' ? 'start' : 'finish'}`, at: now() });
  });
  watcher = fork(join(import.meta.dirname, 'support', 'log-watcher.mjs'), { stdio: 'inherit' });
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  const started = now();
  const { runId } = await engine.materialize({ trigger: 'cli' });
  watcher.send({ file: join(project, '.floe', 'runs', runId, 'dbt.log') });
  const summary = await engine.waitForRun(runId);
  const runMs = now() - started;
  loopDelay.disable();
  subscription.dispose();
  const seen = await new Promise((resolve) => {
    watcher.once('message', (message) => resolve(message.seen));
    watcher.send('stop');
  });
  if (summary?.status !== 'success')
    throw new Error(`the run ended ${summary?.status}: ${summary?.message ?? ''}`);
  const dbtTimes = dbtEventTimes(join(project, '.floe', 'runs', runId, 'dbt.log'));
  const delays = [];
  const dbtPart = [];
  const floePart = [];
  for (const { key, at } of arrivals) {
    const written = dbtTimes.get(key);
    if (written !== undefined) delays.push(at - written);
    const readable = seen[key];
    if (written !== undefined && readable !== undefined) {
      dbtPart.push(readable - written);
      floePart.push(at - readable);
    }
  }
  const spread = (values) =>
    `p50 ${ms(percentile(values, 50), 1)}, p99 ${ms(percentile(values, 99), 1)}, max ${ms(Math.max(...values), 1)}`;
  const p50 = percentile(delays, 50);
  const p99 = percentile(delays, 99);
  const met = p99 < GOAL_P99_MS;
  console.log(
    `status latency: ${MODELS} chained DuckDB views through RunEngine (run took ${(runMs / 1000).toFixed(1)} s)`,
  );
  console.log(
    `  ${delays.length} asset.status events matched to dbt.log lines (of ${arrivals.length} received, ${dbtTimes.size} node events logged)`,
  );
  console.log(
    `  dbt event ts → subscriber: p50 ${ms(p50, 1)}, p90 ${ms(percentile(delays, 90), 1)}, p99 ${ms(p99, 1)}, max ${ms(Math.max(...delays), 1)} — goal p99 < ${GOAL_P99_MS} ms: ${met ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  split by a separate process watching dbt.log (2 ms polling), ${dbtPart.length} events:`,
  );
  console.log(`    dbt's ts → line readable in dbt.log (dbt's own part): ${spread(dbtPart)}`);
  console.log(`    line readable → subscriber (floe's part):          ${spread(floePart)}`);
  console.log(
    `  engine process event-loop delay during the run: p99 ${ms(loopDelay.percentile(99) / 1e6, 1)}, max ${ms(loopDelay.max / 1e6, 1)}`,
  );
  console.log(
    `  (the engine's tail polls every 50 ms and also listens to fs.watch; ${loadLine()})`,
  );
  emitResult('status-latency', [
    {
      figure: 'dbt node event → RunEngine subscriber, p50',
      goal: '',
      measured: ms(p50, 1),
      met: null,
    },
    {
      figure: 'dbt node event → RunEngine subscriber, p99',
      goal: `< ${GOAL_P99_MS} ms`,
      measured: ms(p99, 1),
      met,
    },
    {
      figure: "  of which floe's part (line readable → subscriber), p99",
      goal: '',
      measured: ms(percentile(floePart, 99), 1),
      met: null,
    },
  ]);
} finally {
  if (watcher !== undefined && watcher.exitCode === null) watcher.kill();
  await engine?.dispose();
  modules?.dispose();
  prepared?.dispose();
  removeDir(work);
}
