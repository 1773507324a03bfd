#!/usr/bin/env node
// Lineage numbers (issue 5): delay from the engine telling the observer about a node event to that
// event reaching an OpenLineage endpoint (a local HTTP receiver in a child process, so its work is not
// counted here), p50/p99 over ~1,000 node events; the observer's cost per call (what the run engine
// pays: it calls observers synchronously) and its CPU per event (building, storing, sending; the same
// replay with lineage off is subtracted); and the same against a hanging endpoint and with none.
// Sources are bundled with esbuild first.
// Usage: node scripts/bench/lineage.mjs [--assets 500] [--json]
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import esbuild from 'esbuild';

const here = fileURLToPath(import.meta.url);
const root = join(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const epoch = () => performance.timeOrigin + performance.now();

if (args[0] === '--receiver') {
  // Child: the endpoint. `hang` never answers; otherwise 201 and the arrival time to the parent.
  const hang = args[1] === 'hang';
  const server = http.createServer((request, response) => {
    const at = epoch();
    const chunks = [];
    request.on('data', (c) => chunks.push(c));
    request.on('end', () => {
      if (hang) return;
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(201).end();
      process.send?.({ job: event.job.name, type: event.eventType, at });
    });
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}

async function loadModules(work) {
  await esbuild.build({
    entryPoints: { lineage: join(root, 'src/main/services/lineage/index.ts') },
    outdir: work,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    logLevel: 'error',
  });
  return import(pathToFileURL(join(work, 'lineage.mjs')).href);
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function graphOf(count) {
  const assets = [];
  for (let i = 0; i < count; i += 1) {
    assets.push({
      id: `model.bench.model_${i}`,
      name: `model_${i}`,
      resourceType: 'model',
      packageName: 'bench',
      group: 'default',
      tags: ['bench'],
      owner: 'data@bench.example',
      description: `Model ${i}.`,
      materialization: 'table',
      ephemeral: false,
      deps: [i - 1, i - 2].filter((d) => d >= 0).map((d) => `model.bench.model_${d}`),
      checks: [],
      columns: [
        { name: 'id', dataType: 'integer', description: 'Key.' },
        {
          name: 'email',
          dataType: 'varchar',
          description: 'Email.',
          classification: 'pii',
          pii_type: 'email',
          sensitivity: 'high',
        },
        { name: 'amount', dataType: 'double', description: 'Amount.' },
        { name: 'created_at', dataType: 'timestamp', description: 'When.' },
        { name: 'status', dataType: 'varchar', description: 'State.' },
      ],
      database: 'dev',
      schema: 'main',
      relationName: `"dev"."main"."model_${i}"`,
      compiledSql: `select * from "dev"."main"."model_${Math.max(0, i - 1)}" where amount > ${i}`,
    });
  }
  return {
    projectName: 'bench',
    dbtVersion: '1.11.16',
    manifestSchemaVersion: 12,
    assets,
    checks: [],
  };
}

function artifactsFor(endpoint, dbtProjectPath) {
  const compute = { target: 'duckdb', properties: { path: 'warehouse/dev.duckdb' } };
  const observability = {
    traces: false,
    lineage: true,
    otlp_endpoint: null,
    lineage_endpoint: endpoint,
    lineage_namespace: 'bench',
    attributes: {},
  };
  return {
    version: '1.0.0',
    metadata: {
      compiled_at: new Date().toISOString(),
      floe_version: '0.1.0',
      source_hash: 'x',
      source_path: 'floe.yaml',
    },
    name: 'bench',
    project_version: '1.0.0',
    environment: 'dev',
    environments: { dev: { name: 'dev', protected: false, compute, observability } },
    compute,
    transforms: [{ type: 'dbt', path: 'dbt' }],
    governance: { classification_source: 'dbt_meta', policies: {} },
    observability,
    orchestration: null,
    dbt_project_path: dbtProjectPath,
    dbt_profile_name: 'bench',
    dbt_manifest_path: null,
    dbt_profiles_path: '.floe/profiles',
    column_classifications: {},
  };
}

function startChild(mode) {
  return new Promise((resolve) => {
    const child = fork(here, ['--receiver', mode], { stdio: 'inherit' });
    const arrivals = new Map();
    child.on('message', (message) => {
      if (message.port) resolve({ child, url: `http://127.0.0.1:${message.port}`, arrivals });
      else arrivals.set(`${message.job} ${message.type}`, message.at);
    });
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Replays a run of `graph` through the observer. `gapMs` > 0 paces node events like dbt (one every
 * gapMs); 0 sends them all in one burst. Returns per-call costs, enqueue times and CPU per event.
 */
async function replay(lineage, dir, graph, endpoint, gapMs, off = false) {
  const noop = () => undefined;
  const observer = off
    ? {
        runStarted: noop,
        nodeStarted: noop,
        nodeFinished: noop,
        runFinished: noop,
        flush: async () => {},
        dispose: async () => {},
      }
    : lineage.createLineageObserver({
        projectDir: dir,
        environ: {},
        delivery: { timeoutMs: 1000, retries: 0, backoffMs: 100, maxBackoffMs: 1000 },
      });
  const runId = `bench-${gapMs}-${Date.now()}`;
  const calls = [];
  const told = new Map();
  const timed = (key, fn) => {
    const t0 = performance.now();
    const e0 = epoch();
    fn();
    calls.push(performance.now() - t0);
    if (key) told.set(key, e0);
  };
  const cpu0 = process.cpuUsage();
  timed(undefined, () =>
    observer.runStarted({
      runId,
      projectDir: dir,
      env: 'dev',
      selection: 'bench',
      trigger: 'cli',
      startedAt: new Date(),
      artifacts: artifactsFor(endpoint, join(dir, 'dbt')),
      graph,
    }),
  );
  for (const asset of graph.assets) {
    const job = `dev.main.bench.${asset.name}`;
    timed(`${job} START`, () =>
      observer.nodeStarted({ runId, nodeId: asset.id, kind: 'asset', at: new Date() }),
    );
    if (gapMs > 0) await sleep(gapMs);
    timed(`${job} COMPLETE`, () =>
      observer.nodeFinished({
        runId,
        nodeId: asset.id,
        kind: 'asset',
        at: new Date(),
        status: 'success',
        rowsAffected: 10,
      }),
    );
    if (gapMs > 0) await sleep(gapMs);
  }
  timed(undefined, () => observer.runFinished({ runId, at: new Date(), status: 'success' }));
  await observer.flush(60_000);
  const cpu = process.cpuUsage(cpu0);
  await observer.dispose();
  const events = graph.assets.length * 2 + 2;
  return { calls, told, cpuPerEventUs: (cpu.user + cpu.system) / events, events };
}

function delays(told, arrivals) {
  const out = [];
  for (const [key, at] of told) {
    const arrived = arrivals.get(key);
    if (arrived !== undefined) out.push(arrived - at);
  }
  return out;
}

async function main() {
  const assetsArg = args.indexOf('--assets');
  const count = assetsArg >= 0 ? Number(args[assetsArg + 1]) : 500;
  const asJson = args.includes('--json');
  const work = mkdtempSync(join(tmpdir(), 'floe-bench-lineage-'));
  // The bundle lives under node_modules so its external imports (better-sqlite3) resolve.
  const cache = join(root, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const bundleDir = mkdtempSync(join(cache, 'floe-bench-lineage-'));
  const lineage = await loadModules(bundleDir);
  const graph = graphOf(count);
  const results = {};
  try {
    const up = await startChild('ok');
    // Warm-up: JIT, SQLite pages, keep-alive connection.
    await replay(lineage, join(work, 'warm'), graphOf(20), up.url, 0);
    up.arrivals.clear();

    // dbt-like: 100 node events a second (4 threads of quick models), already far above real runs.
    const dbtLike = await replay(lineage, join(work, 'dbtlike'), graph, up.url, 10);
    await sleep(200);
    const dbtLikeDelays = delays(dbtLike.told, up.arrivals);
    up.arrivals.clear();
    // Stress: one node event per millisecond.
    const paced = await replay(lineage, join(work, 'paced'), graph, up.url, 1);
    await sleep(200);
    const pacedDelays = delays(paced.told, up.arrivals);
    up.arrivals.clear();
    const burst = await replay(lineage, join(work, 'burst'), graph, up.url, 0);
    await sleep(200);
    const burstDelays = delays(burst.told, up.arrivals);
    up.child.disconnect();

    const hang = await startChild('hang');
    const hanging = await replay(lineage, join(work, 'hang'), graph, hang.url, 1);
    hang.child.disconnect();
    const none = await replay(lineage, join(work, 'none'), graph, null, 1);
    // Baselines: the same replays with lineage off, to subtract the replay loop's own CPU.
    const offDbtLike = await replay(lineage, join(work, 'off10'), graph, null, 10, true);
    const off1 = await replay(lineage, join(work, 'off1'), graph, null, 1, true);
    const off0 = await replay(lineage, join(work, 'off0'), graph, null, 0, true);

    const row = (delay, run, base) => ({
      events: run.events,
      delivered: delay.length,
      delayP50Ms: +percentile(delay, 50).toFixed(2),
      delayP99Ms: +percentile(delay, 99).toFixed(2),
      delayMaxMs: +Math.max(...delay).toFixed(2),
      callP50Us: +(percentile(run.calls, 50) * 1000).toFixed(1),
      callP99Us: +(percentile(run.calls, 99) * 1000).toFixed(1),
      cpuPerEventUs: +(run.cpuPerEventUs - base.cpuPerEventUs).toFixed(0),
    });
    results.dbtLike = row(dbtLikeDelays, dbtLike, offDbtLike);
    results.stress1ms = row(pacedDelays, paced, off1);
    results.burst = row(burstDelays, burst, off0);
    const undelivered = { delivered: 0, delayP50Ms: null, delayP99Ms: null, delayMaxMs: null };
    results.hanging = { ...row([], hanging, off1), ...undelivered };
    results.noEndpoint = { ...row([], none, off1), ...undelivered };
    // What a real run pays: CPU per event × 2 events per asset over a typical dbt node (≥ 200 ms of
    // dbt's own work per model on DuckDB; far more on a warehouse).
    results.estimatedRunTimeRatio = +(1 + (2 * results.dbtLike.cpuPerEventUs) / 1000 / 200).toFixed(
      4,
    );
    results.loadAverage = (await import('node:os')).loadavg()[0];
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(bundleDir, { recursive: true, force: true });
  }
  if (asJson) {
    console.log(JSON.stringify(results, null, 2));
    return;
  }
  console.log(
    `lineage bench: ${count} assets → ${count * 2 + 2} events per run (local receiver in a child process)`,
  );
  for (const [name, r] of Object.entries(results)) {
    if (typeof r !== 'object' || r === null) continue;
    const delay =
      r.delayP50Ms === null
        ? 'n/a (nothing delivered)'
        : `p50 ${r.delayP50Ms} ms, p99 ${r.delayP99Ms} ms, max ${r.delayMaxMs} ms`;
    console.log(
      `  ${name.padEnd(10)} enqueue→endpoint ${delay}; observer call p50 ${r.callP50Us} µs, p99 ${r.callP99Us} µs; CPU ${r.cpuPerEventUs} µs/event`,
    );
  }
  console.log(
    `  run-time ratio bound (every lineage CPU µs counted against dbt, 200 ms per model): ${results.estimatedRunTimeRatio}`,
  );
  console.log(
    `  (1-min load average during the bench: ${results.loadAverage.toFixed(1)} on ${(await import('node:os')).cpus().length} cores)`,
  );
}
