// Runs one command in a pseudo-terminal (so dbt prints colours and progress as in a terminal) the way
// VS Code's TerminalProcess does: check cwd and executable first, allow-listed env from the caller,
// output batched about once a frame, appended to a log file, trailing output collected before exit is
// reported, cancel = SIGINT to the process group then SIGKILL after a grace period.
import { accessSync, closeSync, constants, openSync, statSync, writeSync } from 'node:fs';
import { spawn as spawnPty } from 'node-pty';
import type { IPty } from 'node-pty';

export interface PtyRunOptions {
  file: string;
  args: readonly string[];
  cwd: string;
  /** Complete environment of the child (already allow-listed by the caller). */
  env: Readonly<Record<string, string>>;
  /** Appended with every batch of output, as the terminal received it (ANSI kept). */
  logFile?: string;
  onOutput?: (data: string) => void;
  /** Flush interval; 16 ms ≈ one frame. */
  batchMs?: number;
  /** Flush early once this many characters are pending. */
  maxBatchChars?: number;
  cols?: number;
  rows?: number;
}

export interface PtyExit {
  exitCode: number;
  /** Signal number that ended the process, when one did. */
  signal?: number;
  /** True when cancel() was called before the process ended. */
  canceled: boolean;
  /** True when the grace period ran out and the group was killed. */
  killed: boolean;
}

export interface PtyRun {
  readonly pid: number;
  /** Resolves once the process ended and all its output was delivered and written. */
  readonly exited: Promise<PtyExit>;
  /** SIGINT to the process group, SIGKILL after `graceMs`. Resolves with the exit. */
  cancel(graceMs?: number): Promise<PtyExit>;
}

export class PtySpawnError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PtySpawnError';
  }
}

const DEFAULT_GRACE_MS = 5_000;

function checkSpawnable(file: string, cwd: string): void {
  let cwdIsDir: boolean;
  try {
    cwdIsDir = statSync(cwd).isDirectory();
  } catch {
    cwdIsDir = false;
  }
  if (!cwdIsDir) throw new PtySpawnError(`working directory does not exist: ${cwd}`);
  try {
    if (!statSync(file).isFile()) throw new PtySpawnError(`not a file: ${file}`);
    accessSync(file, constants.X_OK);
  } catch (error) {
    if (error instanceof PtySpawnError) throw error;
    throw new PtySpawnError(`executable not found or not executable: ${file}`);
  }
}

/** Sends a signal to the whole process group (forkpty makes the child a session leader). */
function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/**
 * Keeps our own handle on the pty's slave side. On Linux, when the last slave handle closes (the child
 * exited) the master read fails with EIO and output still in the kernel's buffer is lost (node-pty
 * issues #72, #726: the last few KB of a run vanish at random). While we hold the slave, the master
 * never sees EIO. We let go of it once the child is gone and its output has gone quiet (see
 * releaseWhenDone); otherwise node-pty ends the stream 200 ms after the exit, which every run paid.
 */
function holdSlave(pty: IPty): number | null {
  // `ptsName` (e.g. /dev/pts/3) exists on node-pty's Unix terminal but is missing from its typings.
  const ptsName: unknown = Reflect.get(pty, 'ptsName');
  if (typeof ptsName !== 'string') return null;
  try {
    return openSync(ptsName, constants.O_RDWR | constants.O_NOCTTY);
  } catch {
    return null; // the child already ended; nothing left to protect
  }
}

/** Whether `pid` still exists (a reaped child no longer does). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPERM';
  }
}

/** How often the child's end is looked for, and how long its output must be quiet after it. */
const EXIT_POLL_MS = 20;
const QUIET_AFTER_EXIT_MS = 20;

/** Starts `file args` in a pty. Throws PtySpawnError when the cwd or executable is missing. */
export function runInPty(options: PtyRunOptions): PtyRun {
  checkSpawnable(options.file, options.cwd);
  const batchMs = options.batchMs ?? 16;
  const maxBatchChars = options.maxBatchChars ?? 64 * 1024;
  const logFd = options.logFile === undefined ? null : openSync(options.logFile, 'a');
  let pending: string[] = [];
  let pendingChars = 0;
  let timer: NodeJS.Timeout | null = null;
  let canceled = false;
  let killed = false;
  let exitedFlag = false;
  let killTimer: NodeJS.Timeout | null = null;

  const flush = (): void => {
    if (timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
    if (pendingChars === 0) return;
    const data = pending.join('');
    pending = [];
    pendingChars = 0;
    if (logFd !== null) writeSync(logFd, data);
    try {
      options.onOutput?.(data);
    } catch {
      // A failing subscriber must not stop the run; the log file still has everything.
    }
  };

  let pty: IPty;
  try {
    pty = spawnPty(options.file, [...options.args], {
      name: 'xterm-256color',
      cols: options.cols ?? 160,
      rows: options.rows ?? 40,
      cwd: options.cwd,
      env: { ...options.env },
    });
  } catch (error) {
    if (logFd !== null) closeSync(logFd);
    throw new PtySpawnError(`could not start ${options.file}: ${String(error)}`);
  }
  const pid = pty.pid;
  let slaveFd = holdSlave(pty);
  let lastDataAt = Date.now();
  const releaseSlave = (): void => {
    if (slaveFd !== null) closeSync(slaveFd);
    slaveFd = null;
  };
  // The child gone (node-pty's own thread reaps it at once) and no output for a moment: every byte it
  // wrote has been read, so the slave can go and node-pty sees the end now instead of 200 ms later.
  const releaseWhenDone =
    slaveFd === null
      ? null
      : setInterval(() => {
          if (processExists(pid) || Date.now() - lastDataAt < QUIET_AFTER_EXIT_MS) return;
          if (releaseWhenDone !== null) clearInterval(releaseWhenDone);
          releaseSlave();
        }, EXIT_POLL_MS);

  pty.onData((data) => {
    lastDataAt = Date.now();
    pending.push(data);
    pendingChars += data.length;
    if (pendingChars >= maxBatchChars) flush();
    else timer ??= setTimeout(flush, batchMs);
  });

  const exited = new Promise<PtyExit>((resolve) => {
    // node-pty emits exit only after the pty socket closed, so every byte has been through onData.
    pty.onExit(({ exitCode, signal }) => {
      exitedFlag = true;
      if (killTimer !== null) clearTimeout(killTimer);
      if (releaseWhenDone !== null) clearInterval(releaseWhenDone);
      flush();
      releaseSlave();
      if (logFd !== null) closeSync(logFd);
      // A canceled dbt may leave children in its group (adapters that fork): end them too.
      if (canceled) signalGroup(pid, 'SIGKILL');
      const result: PtyExit = { exitCode, canceled, killed };
      if (signal !== undefined && signal !== 0) result.signal = signal;
      resolve(result);
    });
  });

  const cancel = (graceMs = DEFAULT_GRACE_MS): Promise<PtyExit> => {
    if (!exitedFlag && !canceled) {
      canceled = true;
      // Like Ctrl-C in a terminal: dbt catches it, cancels open queries and exits.
      signalGroup(pid, 'SIGINT');
      killTimer = setTimeout(() => {
        killed = true;
        signalGroup(pid, 'SIGKILL');
      }, graceMs);
    }
    return exited;
  };

  return { pid, exited, cancel };
}
