#!/usr/bin/env node
// Bench `run-observability` (issues 5 and 6): `floe run` on a temp copy of examples/shop with lineage
// and tracing off, versus lineage on sending to a local endpoint that answers, lineage on with an
// endpoint that never answers (a hung backend must not slow the run), and tracing on exporting to a
// local OTLP collector. Interleaved rounds; goal: each ratio to "off" ≤ 1.02.
// Usage: node scripts/bench/run-observability.mjs [--budget-s 150] [--min-rounds 1] [--max-rounds 4]
import { join } from 'node:path';
import { ensureCliFresh } from './support/processes.mjs';
import { copyShop, removeDir, setObservability, tempDir } from './support/projects.mjs';
import { startReceiver } from './support/receivers.mjs';
import { medians, ratios, runRounds } from './support/rounds.mjs';
import { shopRunArgs } from './support/run-args.mjs';
import { prepareRuns } from './support/shop-runs.mjs';
import { emitResult, loadLine, median, ms, ratio } from './support/stats.mjs';

const GOAL = 1.02;

/** floe's own wall time before dbt's spawn and after its exit (medians): where observers could add. */
function aroundDbt(runs) {
  const before = median(runs.map((r) => r.beforeDbtMs));
  const after = median(runs.map((r) => r.afterDbtMs));
  return `before dbt ${ms(before)}, after dbt ${ms(after)}`;
}
const options = shopRunArgs(process.argv.slice(2), { budgetS: 150, minRounds: 1, maxRounds: 4 });
// The configured endpoints must be the only ones: no OPENLINEAGE_URL / OTEL_* from the caller.
for (const key of Object.keys(process.env))
  if (key.startsWith('OPENLINEAGE_') || key.startsWith('OTEL_'))
    Reflect.deleteProperty(process.env, key);

const work = tempDir('run-observability');
const receivers = [];
let runs;
try {
  ensureCliFresh();
  const lineageUp = await startReceiver('ok');
  const lineageHung = await startReceiver('hang');
  const collector = await startReceiver('ok');
  receivers.push(lineageUp, lineageHung, collector);
  const project = copyShop(join(work, 'shop'));
  setObservability(project, {
    lineage: false,
    traces: false,
    lineage_endpoint: null,
    otlp_endpoint: null,
  });
  runs = await prepareRuns(project);
  const floeWith = (observability) => async () => {
    setObservability(project, {
      lineage: false,
      traces: false,
      lineage_endpoint: null,
      otlp_endpoint: null,
      ...observability,
    });
    return runs.floeRun();
  };
  const variants = [
    { name: 'off', run: floeWith({}) },
    {
      name: 'lineage → endpoint up',
      run: floeWith({ lineage: true, lineage_endpoint: lineageUp.url }),
    },
    {
      name: 'lineage → endpoint hanging',
      run: floeWith({ lineage: true, lineage_endpoint: lineageHung.url }),
    },
    {
      name: 'traces → OTLP collector',
      run: floeWith({ traces: true, otlp_endpoint: collector.url }),
    },
  ];
  console.log(
    'floe run on examples/shop (temp copy), observability toggled in floe.yaml between runs:',
  );
  const { rounds, results } = await runRounds(variants, {
    budgetMs: options.budgetS * 1000,
    minRounds: options.minRounds,
    maxRounds: options.maxRounds,
  });
  const off = results.off;
  const rows = [];
  for (const variant of variants.slice(1)) {
    const wall = ratios(results[variant.name], off, 'wallMs');
    const cpu = ratios(results[variant.name], off, 'cpuMs');
    const m = medians(results[variant.name]);
    const edges = aroundDbt(results[variant.name]);
    console.log(
      `  ${variant.name.padEnd(28)} median ${(m.wallMs / 1000).toFixed(2)} s (${edges}); ratio to off: wall ${ratio(wall.paired)} paired (${ratio(wall.ofMedians)} of medians), CPU ${ratio(cpu.paired)} — goal ≤ ${GOAL}: ${wall.paired <= GOAL ? 'met' : 'NOT met'}`,
    );
    rows.push({
      figure: `run time, ${variant.name} / off (median of ${rounds} paired rounds)`,
      goal: `≤ ${GOAL}`,
      measured: `${ratio(wall.paired)} (CPU ${ratio(cpu.paired)})`,
      met: wall.paired <= GOAL,
    });
  }
  const offM = medians(off);
  console.log(
    `  off: median ${(offM.wallMs / 1000).toFixed(2)} s wall, ${(offM.cpuMs / 1000).toFixed(2)} s CPU (${aroundDbt(off)}) over ${rounds} rounds`,
  );
  console.log(
    `  requests received: lineage endpoint ${lineageUp.requests()}, hung endpoint ${lineageHung.requests()}, OTLP collector ${collector.requests()}`,
  );
  console.log(`  ${loadLine()} — with few rounds on a loaded box, ratios within ±10% are noise`);
  emitResult('run-observability', rows);
} finally {
  runs?.dispose();
  for (const receiver of receivers) await receiver.close();
  removeDir(work);
}
