// Small statistics and reporting helpers shared by the benches. Each bench prints readable lines and,
// last, one `BENCH_RESULT {json}` line that scripts/bench.mjs turns into the summary table.
import { availableParallelism, loadavg } from 'node:os';

export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function ms(value, digits = 0) {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
}

export function ratio(value) {
  return Number.isFinite(value) ? value.toFixed(3) : 'n/a';
}

/** "load 12.3 / 11.0 / 9.8 on 2 cores": printed with every figure, the box is shared. */
export function loadLine() {
  const [one, five, fifteen] = loadavg();
  return `load average ${one.toFixed(1)} / ${five.toFixed(1)} / ${fifteen.toFixed(1)} on ${availableParallelism()} cores`;
}

/**
 * Prints the machine-readable result line. `rows`: [{ figure, goal, measured, met }] where `met` is
 * true, false or null (no goal, or not measured).
 */
export function emitResult(bench, rows) {
  console.log(`BENCH_RESULT ${JSON.stringify({ bench, rows, load: loadavg()[0] })}`);
}

export function sleep(msToWait) {
  return new Promise((resolve) => setTimeout(resolve, msToWait));
}
