// Telemetry overhead: time spent inside the observer's calls (what the run engine pays, since it calls
// observers synchronously) for a synthetic run of 10,000 nodes, without and with an OTLP endpoint (a
// local receiver on 127.0.0.1), with the local SQLite store on. Usage: node scripts/bench/telemetry.mjs [nodes]
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import esbuild from 'esbuild';

const root = join(import.meta.dirname, '..', '..');
const NODES = Number(process.argv[2] ?? 10_000);

async function loadModules() {
  const outdir = mkdtempSync(join(tmpdir(), 'floe-bench-telemetry-'));
  await esbuild.build({
    entryPoints: {
      telemetry: join(root, 'src/main/services/telemetry/index.ts'),
      fixtures: join(root, 'src/main/services/telemetry/test-fixtures.ts'),
    },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  // Bundled ESM resolves packages from the repo's node_modules only when it sits in the repo; the
  // externals are CommonJS, so load them through createRequire-friendly paths by symlinking node_modules.
  const { symlinkSync } = await import('node:fs');
  symlinkSync(join(root, 'node_modules'), join(outdir, 'node_modules'));
  const telemetry = await import(pathToFileURL(join(outdir, 'telemetry.mjs')).href);
  const fixtures = await import(pathToFileURL(join(outdir, 'fixtures.mjs')).href);
  return { telemetry, fixtures, outdir };
}

async function startReceiver() {
  let spans = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      spans += (body.match(/"spanId"/g) ?? []).length;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${server.address().port}`, count: () => spans };
}

async function runOnce({ telemetry, fixtures }, label, endpoint) {
  const dir = mkdtempSync(join(tmpdir(), 'floe-bench-project-'));
  const ids = Array.from({ length: NODES }, (_, i) => `model.shop.m${i}`);
  const assets = ids.map((id, i) => fixtures.fixtureAsset(id, i > 0 ? [ids[i - 1]] : []));
  const artifacts = fixtures.fixtureArtifacts({
    otlp_endpoint: endpoint ?? null,
    attributes: { 'tenant.id': 'acme' },
  });
  const observer = telemetry.createTelemetryObserver({ projectDir: dir, environ: {} });
  const base = Date.now();
  let inCalls = 0n;
  let cpuUs = 0;
  // Wall time and CPU time: on a loaded machine the wall figure includes time the process was descheduled.
  const timed = (fn) => {
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    fn();
    inCalls += process.hrtime.bigint() - t0;
    const c = process.cpuUsage(c0);
    cpuUs += c.user + c.system;
  };
  timed(() =>
    observer.runStarted(
      fixtures.fixtureContext({
        runId: label,
        projectDir: dir,
        artifacts,
        graph: fixtures.fixtureGraph(assets),
      }),
    ),
  );
  for (let i = 0; i < NODES; i += 1) {
    const nodeId = ids[i];
    timed(() =>
      observer.nodeStarted({ runId: label, nodeId, kind: 'asset', at: new Date(base + i * 10) }),
    );
    timed(() =>
      observer.nodeFinished({
        runId: label,
        nodeId,
        kind: 'asset',
        at: new Date(base + i * 10 + 8),
        startedAt: new Date(base + i * 10),
        status: 'success',
        rowsAffected: i,
        executionTime: 0.008,
        thread: 'Thread-1 (worker)',
      }),
    );
    // Give timers (batch export, store writes) a turn now and then, as a real run's event loop would.
    if (i % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
  }
  const before = inCalls;
  timed(() =>
    observer.runFinished({
      runId: label,
      at: new Date(base + NODES * 10),
      status: 'success',
      exitCode: 0,
    }),
  );
  const runFinishedMs = Number(inCalls - before) / 1e6;
  const f0 = performance.now();
  await observer.flush();
  const flushMs = performance.now() - f0;
  await observer.dispose();
  const stored = telemetry.listRunSpans(dir, label).length;
  rmSync(dir, { recursive: true, force: true });
  return {
    label,
    perNodeUs: Number(inCalls) / 1e3 / NODES,
    perNodeCpuUs: cpuUs / NODES,
    runFinishedMs,
    flushMs,
    stored,
  };
}

const modules = await loadModules();
const receiver = await startReceiver();
// Warm-up (JIT, SQLite page cache) so both measured runs start equal.
await runOnce(modules, 'warmup', undefined);
const results = [
  await runOnce(modules, 'no-endpoint', undefined),
  await runOnce(modules, 'otlp-endpoint', receiver.url),
];
receiver.server.close();
rmSync(modules.outdir, { recursive: true, force: true });
console.log(`telemetry observer, ${NODES} nodes (store on):`);
for (const r of results) {
  console.log(
    `  ${r.label.padEnd(14)} ${r.perNodeUs.toFixed(1).padStart(6)} µs wall, ${r.perNodeCpuUs.toFixed(1).padStart(6)} µs CPU per node (start+finish, incl. run end)` +
      ` | runFinished ${r.runFinishedMs.toFixed(1)} ms | flush ${r.flushMs.toFixed(1)} ms | stored ${r.stored} spans`,
  );
}
console.log(`  spans received by the local collector: ${receiver.count()}`);
console.log(
  JSON.stringify({ bench: 'telemetry', nodes: NODES, results, received: receiver.count() }),
);
