// Run output kept outside React state: appending a chunk must not re-render anything; the terminal
// subscribes to the buffer of the run it shows and writes new text once a frame.
export type LogListener = (event: { kind: 'append'; data: string } | { kind: 'reset' }) => void;

/** Per-run cap: about 100k lines of dbt output; older text is dropped at a line boundary. */
export const MAX_LOG_CHARS = 8_000_000;
/** Buffers kept for runs other than the viewed one. */
const MAX_BUFFERS = 12;

export class LogBuffer {
  private chunks: string[] = [];
  private length = 0;
  /** False until the text is known from the start (live since queued, or loaded via runs.log). */
  complete = false;
  truncated = false;

  append(data: string): void {
    this.chunks.push(data);
    this.length += data.length;
    if (this.length > MAX_LOG_CHARS * 1.25) this.trim();
  }

  replace(text: string): void {
    this.chunks = [text];
    this.length = text.length;
    if (this.length > MAX_LOG_CHARS) this.trim();
  }

  text(): string {
    if (this.chunks.length > 1) this.chunks = [this.chunks.join('')];
    return this.chunks[0] ?? '';
  }

  get size(): number {
    return this.length;
  }

  /** Drops whole chunks from the front (cheap at any rate of output), then the partial first line. */
  private trim(): void {
    let dropped = 0;
    while (this.chunks.length > 1 && this.length - (this.chunks[0]?.length ?? 0) >= MAX_LOG_CHARS) {
      this.length -= this.chunks[0]?.length ?? 0;
      this.chunks.shift();
      dropped++;
    }
    let first = this.chunks[0] ?? '';
    if (this.length > MAX_LOG_CHARS) {
      // One huge chunk (e.g. a replaced log): cut it to size.
      first = first.slice(this.length - MAX_LOG_CHARS);
      dropped++;
    }
    if (dropped > 0) {
      const newline = first.indexOf('\n');
      if (newline !== -1) first = first.slice(newline + 1);
      this.length += first.length - (this.chunks[0]?.length ?? 0);
      this.chunks[0] = first;
      this.truncated = true;
    }
  }
}

/**
 * Joins a log fetched with runs.log and the chunks pushed while it was being fetched: the longest
 * prefix of the pushed text that the log already ends with is not repeated.
 */
export function mergeLogTail(log: string, pushed: string): string {
  if (pushed === '') return log;
  if (log.endsWith(pushed)) return log;
  for (let k = Math.min(pushed.length - 1, log.length); k > 0; k--) {
    if (log.endsWith(pushed.slice(0, k))) return log + pushed.slice(k);
  }
  return log + pushed;
}

export class LogBuffers {
  private readonly buffers = new Map<string, LogBuffer>();
  private readonly listeners = new Map<string, Set<LogListener>>();
  private readonly loading = new Map<string, string[]>();

  get(runId: string): LogBuffer | undefined {
    return this.buffers.get(runId);
  }

  /** A chunk of `run.output`. */
  append(runId: string, data: string): void {
    const pending = this.loading.get(runId);
    if (pending) {
      pending.push(data);
      return;
    }
    this.ensure(runId).append(data);
    this.emit(runId, { kind: 'append', data });
  }

  /** A run seen from its start (queued in this session): its buffer holds the whole log. */
  markComplete(runId: string): void {
    const buffer = this.ensure(runId);
    if (buffer.size === 0) buffer.complete = true;
  }

  /** Chunks pushed from now until `finishLoad` are held back and merged with the fetched log. */
  startLoad(runId: string): void {
    if (!this.loading.has(runId)) this.loading.set(runId, []);
  }

  finishLoad(runId: string, log: string | null): void {
    const pending = (this.loading.get(runId) ?? []).join('');
    this.loading.delete(runId);
    const buffer = this.ensure(runId);
    if (log === null) {
      if (pending) buffer.append(pending);
    } else {
      buffer.replace(mergeLogTail(log, pending));
      buffer.complete = true;
    }
    this.emit(runId, { kind: 'reset' });
  }

  isLoading(runId: string): boolean {
    return this.loading.has(runId);
  }

  subscribe(runId: string, listener: LogListener): () => void {
    let set = this.listeners.get(runId);
    if (!set) {
      set = new Set();
      this.listeners.set(runId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(runId);
    };
  }

  private ensure(runId: string): LogBuffer {
    let buffer = this.buffers.get(runId);
    if (buffer) {
      // Map order doubles as recency for eviction.
      this.buffers.delete(runId);
      this.buffers.set(runId, buffer);
      return buffer;
    }
    buffer = new LogBuffer();
    this.buffers.set(runId, buffer);
    this.evict();
    return buffer;
  }

  private evict(): void {
    for (const runId of this.buffers.keys()) {
      if (this.buffers.size <= MAX_BUFFERS) return;
      if (this.listeners.has(runId) || this.loading.has(runId)) continue;
      this.buffers.delete(runId);
    }
  }

  private emit(runId: string, event: Parameters<LogListener>[0]): void {
    for (const listener of this.listeners.get(runId) ?? []) listener(event);
  }
}

/** The app's buffers; tests make their own LogBuffers. */
export const logBuffers = new LogBuffers();
