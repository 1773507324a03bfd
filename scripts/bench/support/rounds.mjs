// Interleaved rounds of several variants of a slow command (a dbt build): every round runs each
// variant once, in an order rotated per round, so drifting load on the shared machine hits all
// variants alike. Stops when the time budget would be exceeded (after at least `minRounds`).
import { median } from './stats.mjs';

/** The mean of each numeric field of a variant's runs within one round (mirrored rounds). */
function meanOf(runs) {
  const out = {};
  for (const key of Object.keys(runs[0]))
    out[key] = runs.reduce((sum, run) => sum + run[key], 0) / runs.length;
  return out;
}

/**
 * variants: [{ name, run: async () => ({ wallMs, cpuMs }) }]. Returns { rounds, results: { name →
 * [{ wallMs, cpuMs }] } }. Logs one line per measured run through `log`.
 * `mirrored`: each round runs the order and then its mirror (A B B A), and each variant's result for
 * the round is the mean of its two runs. The machine's speed drifts by tens of percent within a
 * minute here; a drift that is even roughly linear over a round then hits every variant alike, so
 * the per-round ratios stop alternating with the order.
 */
export async function runRounds(
  variants,
  { budgetMs, minRounds = 2, maxRounds = 5, log = console.log, mirrored = false },
) {
  const results = Object.fromEntries(variants.map((v) => [v.name, []]));
  const start = performance.now();
  let rounds = 0;
  while (rounds < maxRounds) {
    const elapsed = performance.now() - start;
    const perRound = rounds === 0 ? 0 : elapsed / rounds;
    if (rounds >= minRounds && elapsed + perRound > budgetMs) break;
    const order = variants.map((_, i) => variants[(i + rounds) % variants.length]);
    const runs = Object.fromEntries(variants.map((v) => [v.name, []]));
    for (const variant of mirrored ? [...order, ...[...order].reverse()] : order) {
      const result = await variant.run();
      runs[variant.name].push(result);
      log(
        `    round ${rounds + 1} ${variant.name.padEnd(28)} wall ${(result.wallMs / 1000).toFixed(2)} s, CPU ${(result.cpuMs / 1000).toFixed(2)} s`,
      );
    }
    for (const variant of variants) results[variant.name].push(meanOf(runs[variant.name]));
    rounds += 1;
  }
  return { rounds, results };
}

/** Medians of wall and CPU time of one variant's runs. */
export function medians(runs) {
  return { wallMs: median(runs.map((r) => r.wallMs)), cpuMs: median(runs.map((r) => r.cpuMs)) };
}

/**
 * Ratio of medians, and the median of per-round ratios (each round's runs ran back to back, so the
 * paired ratio cancels slow drifts of the machine's load).
 */
export function ratios(runs, baseline, key) {
  const ofMedians = median(runs.map((r) => r[key])) / median(baseline.map((r) => r[key]));
  const paired = median(
    runs.map((r, i) => r[key] / (baseline[i]?.[key] ?? NaN)).filter(Number.isFinite),
  );
  return { ofMedians, paired };
}
