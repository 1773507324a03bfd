// Running the floe CLI and dbt as child processes, timed: wall time, and CPU time (user + system of
// the process and every descendant it waited for, via /usr/bin/time) — on a shared machine the CPU
// figure is the steadier one, since wall time includes time spent waiting for a core.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './ts-module.mjs';

export const floeBin = join(repoRoot, 'bin', 'floe.cjs');
const timeBin = '/usr/bin/time';

/** The environment for children: dbt quiet about telemetry and versions; no CLI rebuild. */
export function childEnv(extra = {}) {
  return {
    ...process.env,
    DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
    DBT_VERSION_CHECK: 'false',
    FLOE_NO_REBUILD: '1',
    ...extra,
  };
}

/** Runs `floe --version` once, which rebuilds out/cli/floe.cjs when a source is newer (not timed). */
export function ensureCliFresh() {
  const result = spawnSync(process.execPath, [floeBin, '--version'], {
    cwd: repoRoot,
    env: { ...process.env, FLOE_NO_REBUILD: '0' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`floe --version failed: ${result.stderr}`);
}

/**
 * Runs a command to completion. Resolves { code, wallMs, cpuMs (NaN without /usr/bin/time), stdout,
 * stderr, marks }. Output is collected (and so drained, as a terminal would) but not printed.
 * `marks`: { name: RegExp } — marks[name] is when stdout first matched (ms after the spawn).
 */
export function timedRun(
  file,
  args,
  { cwd = repoRoot, env = childEnv(), timeoutMs = 600_000, marks: patterns = {} } = {},
) {
  const useTime = existsSync(timeBin);
  const dir = useTime ? mkdtempSync(join(tmpdir(), 'floe-bench-time-')) : '';
  const timeFile = join(dir, 'rusage');
  const [cmd, argv] = useTime
    ? [timeBin, ['-f', '%U %S', '-o', timeFile, file, ...args]]
    : [file, args];
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(cmd, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    const marks = {};
    let seen = '';
    child.stdout.on('data', (c) => {
      out.push(c);
      const pending = Object.entries(patterns).filter(([name]) => marks[name] === undefined);
      if (pending.length === 0) return;
      // Keep a short tail so a pattern split across two chunks still matches.
      seen = (seen + c.toString('utf8')).slice(-4096);
      for (const [name, pattern] of pending)
        if (pattern.test(seen)) marks[name] = performance.now() - start;
    });
    child.stderr.on('data', (c) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      if (useTime) rmSync(dir, { recursive: true, force: true });
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - start;
      let cpuMs = NaN;
      if (useTime) {
        try {
          const [user, sys] = readFileSync(timeFile, 'utf8')
            .trim()
            .split(/\s+/)
            .slice(-2)
            .map(Number);
          cpuMs = (user + sys) * 1000;
        } catch {
          // no rusage written (killed): leave NaN
        }
        rmSync(dir, { recursive: true, force: true });
      }
      resolve({
        code,
        marks,
        wallMs,
        cpuMs,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

/** `node bin/floe.cjs <args>` timed. */
export function timedFloe(args, options = {}) {
  return timedRun(process.execPath, [floeBin, ...args], options);
}
