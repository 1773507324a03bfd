// Stores a traced run of every model of a project in `<project>/.floe/traces.db` through the real
// telemetry observer (the RunObserver the run engine calls), with dbt-like timing: `threads` worker
// lanes, each model taking 50–400 ms, so the Traces tab has a realistic 2,000-bar Gantt to draw.
import { join } from 'node:path';
import { loadTsModules } from './ts-module.mjs';

/** Resolves { runId, spans } once the spans are stored. */
export async function seedTrace(projectDir, { threads = 4 } = {}) {
  const { mod, dispose } = await loadTsModules(
    [
      'src/main/services/config/compile.ts',
      'src/main/services/manifest/index.ts',
      'src/main/services/telemetry/index.ts',
      'src/main/services/runs/run-id.ts',
    ],
    'seed-trace',
  );
  try {
    const compiled = await mod.compileProject(projectDir, { environ: {} });
    if (!compiled.ok)
      throw new Error(`floe.yaml does not compile: ${JSON.stringify(compiled.problems[0])}`);
    const graph = mod.loadAssetGraph(join(projectDir, 'dbt', 'target', 'manifest.json'));
    const models = graph.assets.filter((asset) => asset.resourceType === 'model');
    const observer = mod.createTelemetryObserver({ projectDir, environ: {} });
    const base = Date.now() - 3_600_000; // an hour ago: a finished run
    const runId = mod.newRunId(new Date(base));
    observer.runStarted({
      runId,
      projectDir,
      env: compiled.artifacts.environment,
      selection: '',
      trigger: 'cli',
      startedAt: new Date(base),
      artifacts: compiled.artifacts,
      graph,
    });
    let seed = 11;
    const rand = (n) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const laneEnd = Array.from({ length: threads }, () => base + 500);
    for (const [index, asset] of models.entries()) {
      const lane = laneEnd.indexOf(Math.min(...laneEnd));
      const start = laneEnd[lane] + 5;
      const end = start + 50 + rand(350);
      laneEnd[lane] = end;
      const thread = `Thread-${lane + 1} (worker)`;
      observer.nodeStarted({ runId, nodeId: asset.id, kind: 'asset', at: new Date(start), thread });
      observer.nodeFinished({
        runId,
        nodeId: asset.id,
        kind: 'asset',
        at: new Date(end),
        startedAt: new Date(start),
        status: 'success',
        rowsAffected: index,
        executionTime: (end - start) / 1000,
        thread,
      });
      // Let the store's timers run now and then, as in a real run.
      if (index % 500 === 499) await new Promise((resolve) => setImmediate(resolve));
    }
    observer.runFinished({
      runId,
      at: new Date(Math.max(...laneEnd) + 200),
      status: 'success',
      exitCode: 0,
    });
    await observer.flush();
    await observer.dispose();
    return { runId, spans: mod.listRunSpans(projectDir, runId).length };
  } finally {
    dispose();
  }
}
