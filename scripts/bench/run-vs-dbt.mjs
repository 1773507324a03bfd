#!/usr/bin/env node
// Bench `run-vs-dbt` (issue 3): `node bin/floe.cjs run <shop copy>` versus a bare `dbt build` with the
// arguments and environment the run engine uses, in mirrored rounds, on a temp copy of examples/shop
// (DuckDB, lineage and traces on as the example ships, no endpoints). Goal: wall-time ratio ≤ 1.05.
// The floe side pays for node's start-up and the saved run plan before dbt starts (from its second
// run on: the first run has no plan and compiles first), then compile, profiles, the manifest, the
// run store and the observers while dbt runs; both sides pay for dbt. CPU time (process tree) is
// printed too: steadier on a busy box.
// Usage: node scripts/bench/run-vs-dbt.mjs [--budget-s 200] [--min-rounds 3] [--max-rounds 6]
import { join } from 'node:path';
import { ensureCliFresh } from './support/processes.mjs';
import { copyShop, removeDir, tempDir } from './support/projects.mjs';
import { medians, ratios, runRounds } from './support/rounds.mjs';
import { shopRunArgs } from './support/run-args.mjs';
import { prepareRuns } from './support/shop-runs.mjs';
import { emitResult, loadLine, median, ms, ratio } from './support/stats.mjs';

const GOAL = 1.05;
// Mirrored rounds (bare, floe, floe, bare, then the mirror of that): four dbt builds a round.
const options = shopRunArgs(process.argv.slice(2), { budgetS: 200, minRounds: 3, maxRounds: 6 });
const work = tempDir('run-vs-dbt');
let runs;
try {
  ensureCliFresh();
  const project = copyShop(join(work, 'shop'));
  runs = await prepareRuns(project);
  console.log(`bare side: dbt ${runs.dbtArgs.join(' ')}`);
  console.log(
    'floe side: node bin/floe.cjs run <dir>   (mirrored rounds: A B B A, a round counts the mean of each side’s two runs)',
  );
  const { rounds, results } = await runRounds(
    [
      { name: 'bare dbt build', run: runs.bareDbt },
      { name: 'floe run', run: runs.floeRun },
    ],
    {
      budgetMs: options.budgetS * 1000,
      minRounds: options.minRounds,
      maxRounds: options.maxRounds,
      mirrored: true,
    },
  );
  const bare = results['bare dbt build'];
  const floe = results['floe run'];
  const wall = ratios(floe, bare, 'wallMs');
  const cpu = ratios(floe, bare, 'cpuMs');
  const b = medians(bare);
  const f = medians(floe);
  console.log(
    `  ${rounds} rounds. medians: bare dbt ${(b.wallMs / 1000).toFixed(2)} s wall / ${(b.cpuMs / 1000).toFixed(2)} s CPU; floe run ${(f.wallMs / 1000).toFixed(2)} s wall / ${(f.cpuMs / 1000).toFixed(2)} s CPU`,
  );
  console.log(
    `  wall ratio floe/dbt: ${ratio(wall.paired)} (median of per-round ratios, the headline: each round ran A B B A, so drift cancels), ${ratio(wall.ofMedians)} (ratio of medians) — goal ≤ ${GOAL}: ${wall.paired <= GOAL ? 'met' : 'NOT met'}`,
  );
  // The spread says how far one bench run's headline can be trusted on this box.
  const perRound = floe.map((r, i) => r.wallMs / bare[i].wallMs).sort((x, y) => x - y);
  console.log(`  per-round wall ratios, sorted: ${perRound.map(ratio).join(' ')}`);
  console.log(
    `  CPU ratio floe/dbt:  ${ratio(cpu.ofMedians)} (ratio of medians), ${ratio(cpu.paired)} (paired); floe's extra CPU ≈ ${((f.cpuMs - b.cpuMs) / 1000).toFixed(2)} s per run`,
  );
  const before = median(floe.map((r) => r.beforeDbtMs));
  const after = median(floe.map((r) => r.afterDbtMs));
  console.log(
    `  floe's own wall time around dbt (medians): ${ms(before)} from process start to dbt's spawn (node start-up and the saved run plan; a project's first run, with no plan yet, also loads the bundle, compiles and writes profiles first), ${ms(after)} from dbt's exit to process exit (settling, observers' flush)`,
  );
  console.log(`  ${loadLine()} — wall times on this box swing by tens of percent between runs`);
  emitResult('run-vs-dbt', [
    {
      figure: `floe run / bare dbt build, wall (median of ${rounds} mirrored rounds)`,
      goal: `≤ ${GOAL}`,
      measured: `${ratio(wall.paired)} (CPU ${ratio(cpu.paired)})`,
      met: wall.paired <= GOAL,
    },
  ]);
} finally {
  runs?.dispose();
  removeDir(work);
}
