#!/usr/bin/env node
// `npm run bench`: the performance figures the issues ask for. Runs each bench in scripts/bench/ as a
// child process, one after the other, prints its figures under a header, then a summary table of
// goal versus measured. It reports, it does not gate: exit 0 even when a goal is missed, 1 when a
// bench crashed (or timed out), 2 on an unknown bench name.
// Usage: node scripts/bench.mjs [name...] [--list]
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCHES } from './bench/support/catalog.mjs';

const here = import.meta.dirname;
const args = process.argv.slice(2);

if (args.includes('--list') || args.includes('--help')) {
  console.log('node scripts/bench.mjs [name...]   benches, in the order they run:');
  for (const bench of BENCHES) console.log(`  ${bench.name.padEnd(18)} ${bench.title}`);
  process.exit(0);
}
const unknown = args.filter((name) => !BENCHES.some((bench) => bench.name === name));
if (unknown.length > 0) {
  console.error(
    `unknown bench ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`,
  );
  process.exit(2);
}
const selected = args.length === 0 ? BENCHES : BENCHES.filter((bench) => args.includes(bench.name));

/** The bench running now: its own process group does not get the terminal's Ctrl-C, so pass it on. */
let current = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current !== null && current.exitCode === null) {
      try {
        process.kill(-current.pid, signal);
      } catch {
        current.kill(signal);
      }
    }
    process.exit(130);
  });
}

/** Runs one bench, echoing its output as it comes, minus the BENCH_RESULT line it ends with. */
function runBench(bench) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [join(here, 'bench', bench.file), ...(bench.args ?? [])],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        // Its own process group, so a timed-out bench is ended with everything it started (studio,
        // Chromium, dbt) rather than leaving them orphaned.
        detached: true,
      },
    );
    current = child;
    let output = '';
    let partial = '';
    let result = null;
    child.stdout.on('data', (chunk) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('BENCH_RESULT ')) {
          try {
            result = JSON.parse(line.slice('BENCH_RESULT '.length));
          } catch {
            result = null;
          }
          continue;
        }
        output += `${line}\n`;
        process.stdout.write(`${line}\n`);
      }
    });
    // A bench stuck on something (a hung browser, a dbt that never ends) must not hang the whole run.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, bench.timeoutS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (partial.length > 0 && !partial.startsWith('BENCH_RESULT ')) {
        output += partial;
        process.stdout.write(`${partial}\n`);
      }
      resolve({
        code,
        signal,
        timedOut,
        output,
        result,
        seconds: (performance.now() - started) / 1000,
      });
    });
  });
}

const loadAtStart = loadavg()[0];
const summary = [];
const crashed = [];
for (const bench of selected) {
  console.log(`\n=== ${bench.name}: ${bench.title} ===`);
  const outcome = await runBench(bench);
  const ok = outcome.code === 0;
  console.log(
    `--- ${bench.name}: ${ok ? 'done' : outcome.timedOut ? `KILLED after ${bench.timeoutS} s` : `CRASHED (exit ${outcome.code ?? outcome.signal})`} in ${outcome.seconds.toFixed(0)} s`,
  );
  if (!ok) {
    crashed.push(bench.name);
    summary.push({
      bench: bench.name,
      figure: '(bench crashed; see its output)',
      goal: '',
      measured: '',
      met: false,
    });
    continue;
  }
  const rows = outcome.result?.rows ?? bench.parse?.(outcome.output) ?? [];
  if (rows.length === 0)
    summary.push({
      bench: bench.name,
      figure: '(no figures found in its output)',
      goal: '',
      measured: '',
      met: null,
    });
  for (const row of rows) summary.push({ bench: bench.name, ...row });
}

printSummary(summary);
console.log(
  `\nAll figures are medians / ratios / percentiles from this one run on a shared 2-core machine (1-min load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end): wall times here swing by tens of percent from run to run, so a missed goal near its bound may be noise; where a bench prints CPU time, that is the steadier figure.`,
);
if (crashed.length > 0) {
  console.log(`Crashed: ${crashed.join(', ')}`);
  process.exitCode = 1;
}

function printSummary(rows) {
  const verdict = (met) => (met === true ? 'met' : met === false ? 'MISSED' : '—');
  const table = [
    ['bench', 'figure', 'goal', 'measured', 'goal met'],
    ...rows.map((r) => [r.bench, r.figure, r.goal || '—', r.measured || '—', verdict(r.met)]),
  ];
  const widths = table[0].map((_, col) => Math.max(...table.map((row) => String(row[col]).length)));
  console.log('\n=== summary: goal vs measured ===');
  for (const [index, row] of table.entries()) {
    console.log(
      row
        .map((cell, col) => String(cell).padEnd(widths[col]))
        .join('  ')
        .trimEnd(),
    );
    if (index === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
}
