#!/usr/bin/env node
// Bench `compile` (issue 2): median wall time of the whole process `node bin/floe.cjs compile <shop>`
// over 10 runs (goal < 300 ms), on a temp copy of examples/shop. The CLI bundle is made fresh first
// and FLOE_NO_REBUILD=1 set, so rebuilding is never counted. Also: node's own start-up and the time to
// load the bundle, and — when the goal is missed — a CPU profile of one run, attributed through the
// bundle's source map to the packages and source folders it spends its time in.
// Usage: node scripts/bench/compile.mjs [--runs 10] [--profile]
import { join } from 'node:path';
import { outfile as cliBundle } from '../cli-bundle.cjs';
import esbuild from 'esbuild';
import { bundleBytesByOrigin, onlyProfileIn, selfTimeByOrigin } from './support/cpu-profile.mjs';
import { childEnv, ensureCliFresh, floeBin, timedFloe, timedRun } from './support/processes.mjs';
import { copyShop, removeDir, tempDir } from './support/projects.mjs';
import { emitResult, loadLine, median, ms } from './support/stats.mjs';

const GOAL_MS = 300;
const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(args[runsArg + 1]) : 10;
const forceProfile = args.includes('--profile');

const work = tempDir('compile');
try {
  ensureCliFresh();
  const project = copyShop(join(work, 'shop'));
  const warm = await timedFloe(['compile', project]);
  if (warm.code !== 0) throw new Error(`floe compile failed:\n${warm.stdout}${warm.stderr}`);

  // Interleaved so load drifts hit all three alike.
  const compile = [];
  const compileCpu = [];
  const bare = [];
  const load = [];
  const requireBundle = `const t=performance.now();require(${JSON.stringify(cliBundle)});process.stdout.write(String(performance.now()-t))`;
  for (let i = 0; i < RUNS; i += 1) {
    const run = await timedFloe(['compile', project]);
    if (run.code !== 0) throw new Error(`floe compile failed:\n${run.stderr}`);
    compile.push(run.wallMs);
    compileCpu.push(run.cpuMs);
    if (i % 2 === 0) {
      bare.push((await timedRun(process.execPath, ['-e', '0'])).wallMs);
      const loaded = await timedRun(process.execPath, ['-e', requireBundle]);
      load.push(Number(loaded.stdout));
    }
  }
  const medianMs = median(compile);
  const met = medianMs < GOAL_MS;
  console.log(`floe compile examples/shop (temp copy), whole process, ${RUNS} runs:`);
  console.log(
    `  median ${ms(medianMs)} (min ${ms(Math.min(...compile))}, max ${ms(Math.max(...compile))}); CPU median ${ms(median(compileCpu))} — goal < ${GOAL_MS} ms: ${met ? 'met' : 'NOT met'}`,
  );
  console.log(`  of which: \`node -e 0\` alone ${ms(median(bare))} (median of ${bare.length})`);
  console.log(
    `            require(out/cli/floe.cjs) ${ms(median(load))} (module evaluation, median of ${load.length})`,
  );
  console.log(
    `            the compile itself ≈ ${ms(medianMs - median(bare) - median(load))} (the rest)`,
  );
  console.log(`  ${loadLine()}`);

  if (!met || forceProfile) {
    // Three profiled runs, averaged: one 1 ms-sampled run on a busy machine is too noisy alone.
    const PROFILES = 3;
    const sums = new Map();
    let profiles = 0;
    for (let i = 0; i < PROFILES; i += 1) {
      const profDir = join(work, `prof-${i}`);
      const profiled = await timedRun(
        process.execPath,
        ['--cpu-prof', `--cpu-prof-dir=${profDir}`, floeBin, 'compile', project],
        { env: childEnv() },
      );
      const profile = onlyProfileIn(profDir);
      if (profiled.code !== 0 || profile === undefined) continue;
      profiles += 1;
      for (const row of selfTimeByOrigin(profile, cliBundle))
        sums.set(row.origin, (sums.get(row.origin) ?? 0) + row.ms);
    }
    if (profiles > 0) {
      const byOrigin = [...sums]
        .map(([origin, total]) => ({ origin, ms: total / profiles }))
        .sort((a, b) => b.ms - a.ms);
      const total = byOrigin.reduce((sum, row) => sum + row.ms, 0);
      console.log(
        `  CPU profile (mean of ${profiles} runs, ${ms(total)} sampled per run), self time by origin:`,
      );
      for (const row of byOrigin.slice(0, 14)) {
        console.log(
          `    ${ms(row.ms).padStart(8)}  ${((row.ms / total) * 100).toFixed(0).padStart(3)}%  ${row.origin}`,
        );
      }
    }
    await printBundleBytes();
  }
  emitResult('compile', [
    {
      figure: `floe compile, whole process (median of ${RUNS})`,
      goal: `< ${GOAL_MS} ms`,
      measured: `${ms(medianMs)} (CPU ${ms(median(compileCpu))})`,
      met,
    },
  ]);
} finally {
  removeDir(work);
}

/** What the bundle V8 must parse at every start is made of (same options as scripts/cli-bundle.cjs). */
async function printBundleBytes() {
  const rows = await bundleBytesByOrigin(esbuild, {
    entryPoints: [join(import.meta.dirname, '..', '..', 'src', 'main', 'cli.ts')],
    outfile: join(work, 'meta', 'floe.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['node-pty', 'better-sqlite3', 'electron', 'bufferutil', 'utf-8-validate'],
    logLevel: 'error',
  });
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  const otel = rows
    .filter((r) => r.origin.startsWith('@opentelemetry/'))
    .reduce((s, r) => s + r.bytes, 0);
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`;
  console.log(
    `  bundle out/cli/floe.cjs: ${kb(total)} of JavaScript parsed at every start; largest parts:`,
  );
  for (const row of rows.slice(0, 10))
    console.log(`    ${kb(row.bytes).padStart(8)}  ${row.origin}`);
  console.log(`    (all @opentelemetry/* together: ${kb(otel)})`);
}
