// The pty runner with real processes (sh, sleep): exit codes, output batching and the log file,
// trailing output, spawn checks and cancel escalation. dbt itself is exercised in the integration tests.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PtySpawnError, runInPty } from './pty-runner';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'floe-pty-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const env = { PATH: '/usr/bin:/bin', TERM: 'xterm-256color' };

function processesMatching(marker: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', marker], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

describe('runInPty', () => {
  it('reports the exit code after delivering all output, also to the log file', async () => {
    const chunks: string[] = [];
    const logFile = join(dir, 'output.log');
    const run = runInPty({
      file: '/bin/sh',
      args: [
        '-c',
        'i=0; while [ $i -lt 20000 ]; do echo "line $i"; i=$((i+1)); done; printf tail; exit 3',
      ],
      cwd: dir,
      env,
      logFile,
      onOutput: (data) => chunks.push(data),
    });
    const exit = await run.exited;
    expect(exit).toMatchObject({ exitCode: 3, canceled: false, killed: false });
    const text = chunks.join('');
    expect(text).toContain('line 19999\r\ntail');
    expect(text.endsWith('tail')).toBe(true);
    expect(readFileSync(logFile, 'utf8')).toBe(text);
    // Batched: far fewer deliveries than lines, none above the batch limit (plus one pty read).
    expect(chunks.length).toBeLessThan(2_000);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(64 * 1024 + 70_000);
  });

  it('runs in a terminal: colours on, TERM set, only the given environment', async () => {
    const chunks: string[] = [];
    const run = runInPty({
      file: '/bin/sh',
      args: ['-c', 'test -t 1 && echo "tty:$TERM:${HOME:-nohome}"'],
      cwd: dir,
      env,
      onOutput: (data) => chunks.push(data),
    });
    expect((await run.exited).exitCode).toBe(0);
    expect(chunks.join('')).toContain('tty:xterm-256color:nohome');
  });

  it('refuses a missing working directory or executable before spawning', () => {
    expect(() => runInPty({ file: '/bin/sh', args: [], cwd: join(dir, 'missing'), env })).toThrow(
      PtySpawnError,
    );
    expect(() => runInPty({ file: join(dir, 'no-dbt'), args: [], cwd: dir, env })).toThrow(
      /executable not found/,
    );
    writeFileSync(join(dir, 'plain.txt'), 'not executable', { mode: 0o644 });
    expect(() => runInPty({ file: join(dir, 'plain.txt'), args: [], cwd: dir, env })).toThrow(
      PtySpawnError,
    );
  });

  // Scripts live in the per-test temp dir, so `pgrep -f <dir>` finds exactly their processes.
  function script(name: string, body: string): string {
    const path = join(dir, name);
    writeFileSync(path, body, { mode: 0o755 });
    return path;
  }

  it('cancel interrupts with SIGINT and leaves no child behind', async () => {
    const child = script('child.sh', 'sleep 30\n');
    const main = script('main.sh', `/bin/sh ${child} &\nsleep 31\n`);
    const run = runInPty({ file: '/bin/sh', args: [main], cwd: dir, env });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(processesMatching(dir).length).toBeGreaterThanOrEqual(2);
    const started = Date.now();
    const exit = await run.cancel(5_000);
    expect(exit.canceled).toBe(true);
    expect(exit.killed).toBe(false);
    expect(Date.now() - started).toBeLessThan(4_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processesMatching(dir)).toEqual([]);
  });

  it('escalates to SIGKILL of the group when SIGINT is ignored', async () => {
    const main = script('stubborn.sh', 'trap "" INT\nsleep 30\necho done\n');
    const run = runInPty({ file: '/bin/sh', args: [main], cwd: dir, env });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const exit = await run.cancel(300);
    expect(exit).toMatchObject({ canceled: true, killed: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processesMatching(dir)).toEqual([]);
  });
});
