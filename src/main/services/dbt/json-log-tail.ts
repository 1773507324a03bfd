// Tails a growing line-oriented file (dbt's JSON `dbt.log`): fs.watch for low latency plus polling as a
// fallback (watchers miss events on some filesystems), reading only appended bytes, holding back a
// partial last line, and following a rotation (new inode) or truncation.
import { closeSync, fstatSync, openSync, readSync, statSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { parseDbtLogLine } from './dbt-log-events';
import type { DbtLogEvent } from './dbt-log-events';

export interface LineTailOptions {
  /** Polling interval; fs.watch usually fires first. */
  pollMs?: number;
  /** Called with every batch of complete lines read at once (one batch per read). */
  onLines: (lines: string[]) => void;
  /** Called when onLines throws; the tail keeps going. */
  onError?: (error: unknown) => void;
}

const READ_CHUNK = 256 * 1024;
const MIN_READ_INTERVAL_MS = 20;

export class LineTail {
  private fd: number | null = null;
  private ino = -1;
  private offset = 0;
  private partial = '';
  private decoder = new StringDecoder('utf8');
  private watcher: FSWatcher | null = null;
  private timer: NodeJS.Timeout | null = null;
  /** Cancels the read scheduled after watcher events, if one is pending. */
  private cancelScheduledRead: (() => void) | null = null;
  private lastReadAt = 0;
  private stopped = false;
  // One read buffer for the tail's life. A fresh 256 KB buffer per poll (dbt's writes fire the watcher
  // hundreds of times a second) made V8 collect garbage for about 0.25 s of CPU per run.
  private buffer: Buffer | null = null;

  constructor(
    readonly path: string,
    private readonly options: LineTailOptions,
  ) {}

  start(): void {
    try {
      // Watch the folder: the file usually does not exist yet when the tail starts.
      const name = basename(this.path);
      this.watcher = watch(dirname(this.path), (event, file) => {
        if (file !== null && file !== name) return;
        // A rename may be a rotation: look at the path now. Appends ("change") need only a read.
        if (event === 'rename') this.poll();
        else this.scheduleRead();
      });
      this.watcher.on('error', () => this.closeWatcher());
    } catch {
      this.watcher = null; // polling alone still works
    }
    this.timer = setInterval(() => this.poll(), this.options.pollMs ?? 50);
    this.poll();
  }

  /** Reads everything written so far (including a last line without newline) and stops. */
  stop(): void {
    if (this.stopped) return;
    this.poll();
    this.stopped = true;
    this.closeWatcher();
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    const rest = (this.partial + this.decoder.end()).trim();
    this.partial = '';
    if (rest.length > 0) this.emit([rest]);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Reads what was appended since the last call. Safe to call at any time. */
  poll(): void {
    if (!this.readAppended()) return;
    // Rotation: the path now names another file. The old fd was drained above; continue on the new one.
    let pathIno: number;
    let pathSize: number;
    try {
      const st = statSync(this.path);
      pathIno = st.ino;
      pathSize = st.size;
    } catch {
      return;
    }
    if (pathIno !== this.ino) {
      this.reopen();
      this.drain();
    } else if (pathSize < this.offset) {
      // Truncated in place: start over.
      this.offset = 0;
      this.drain();
    }
  }

  /**
   * One read for a burst of writes: dbt flushes its log line by line, and a read per watcher event
   * meant hundreds of reads (and store transactions) a second competing with dbt for the CPU. Reads
   * come at most every MIN_READ_INTERVAL_MS, which a node status reaching the UI can spare.
   */
  private scheduleRead(): void {
    if (this.cancelScheduledRead !== null) return;
    const wait = this.lastReadAt + MIN_READ_INTERVAL_MS - Date.now();
    if (wait > 0) {
      const timer = setTimeout(() => this.readAppended(), wait);
      this.cancelScheduledRead = () => clearTimeout(timer);
    } else {
      const immediate = setImmediate(() => this.readAppended());
      this.cancelScheduledRead = () => clearImmediate(immediate);
    }
  }

  /** Reads what the open file got appended; false when stopped or there is no file yet. */
  private readAppended(): boolean {
    this.cancelScheduledRead?.();
    this.cancelScheduledRead = null;
    if (this.stopped) return false;
    this.lastReadAt = Date.now();
    if (this.fd === null && !this.open()) return false;
    this.drain();
    return true;
  }

  private open(): boolean {
    try {
      this.fd = openSync(this.path, 'r');
      this.ino = fstatSync(this.fd).ino;
      this.offset = 0;
      return true;
    } catch {
      this.fd = null;
      return false;
    }
  }

  private reopen(): void {
    const rest = (this.partial + this.decoder.end()).trim();
    this.partial = '';
    this.decoder = new StringDecoder('utf8');
    if (rest.length > 0) this.emit([rest]);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.open();
  }

  private drain(): void {
    const fd = this.fd;
    if (fd === null) return;
    const buffer = (this.buffer ??= Buffer.allocUnsafe(READ_CHUNK));
    for (;;) {
      const read = readSync(fd, buffer, 0, READ_CHUNK, this.offset);
      if (read <= 0) return;
      this.offset += read;
      this.consume(this.decoder.write(buffer.subarray(0, read)));
      if (read < READ_CHUNK) return;
    }
  }

  /** Splits decoded text into complete lines, keeping an unfinished last line for later. */
  private consume(text: string): void {
    if (text.length === 0) return;
    const combined = this.partial + text;
    const lastNewline = combined.lastIndexOf('\n');
    if (lastNewline < 0) {
      this.partial = combined;
      return;
    }
    this.partial = combined.slice(lastNewline + 1);
    const lines = combined
      .slice(0, lastNewline)
      .split('\n')
      .filter((line) => line.trim().length > 0);
    if (lines.length > 0) this.emit(lines);
  }

  private emit(lines: string[]): void {
    try {
      this.options.onLines(lines);
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  private closeWatcher(): void {
    this.watcher?.close();
    this.watcher = null;
  }
}

export interface JsonLogTailOptions {
  pollMs?: number;
  /** Every batch of mapped events (lines the engine ignores are dropped). */
  onEvents: (events: DbtLogEvent[]) => void;
  onError?: (error: unknown) => void;
}

/** Tails dbt's `dbt.log` (JSON lines) and hands over mapped events in batches. */
export function tailDbtJsonLog(path: string, options: JsonLogTailOptions): LineTail {
  const tail = new LineTail(path, {
    pollMs: options.pollMs,
    onError: options.onError,
    onLines: (lines) => {
      const events: DbtLogEvent[] = [];
      for (const line of lines) {
        const event = parseDbtLogLine(line);
        if (event !== null) events.push(event);
      }
      if (events.length > 0) options.onEvents(events);
    },
  });
  tail.start();
  return tail;
}
