// Batches pushed events for one client (a window or a socket) about once a frame. Consecutive
// `run.output` chunks of the same run are merged, so a chatty dbt run costs a few messages per frame
// instead of one per line. When the client cannot keep up (`canDeliver` false), events wait here; the
// output kept for a slow client is capped and the oldest chunks are replaced by a visible notice, so
// memory stays bounded while the full log remains in the run store (`runs.log`).
import type { HubEvent } from './types';

export interface EventBatcherOptions {
  deliver: (events: HubEvent[]) => void;
  /** False while the client's own buffer is full (e.g. a WebSocket's bufferedAmount is high). */
  canDeliver?: () => boolean;
  /** About one frame at 60 Hz. */
  intervalMs?: number;
  /** Output characters kept for a client that cannot keep up before the oldest are skipped. */
  maxPendingOutputChars?: number;
  /** Merged output per event at most (a larger chunk from the pty still goes out whole). */
  maxChunkChars?: number;
}

export interface EventBatcher {
  push(event: HubEvent): void;
  /** Delivers what is pending now (if the client can take it). */
  flush(): void;
  dispose(): void;
  pendingCount(): number;
}

const DEFAULT_INTERVAL_MS = 16;
const DEFAULT_MAX_PENDING_OUTPUT_CHARS = 16 * 1024 * 1024;
/**
 * A client that fell behind gets its backlog in events of about this size rather than one event of
 * megabytes: each event is its own socket frame, and a browser receives and parses a frame in one
 * main-thread task (a 5 MB frame blocked the page for ~150 ms).
 */
const DEFAULT_MAX_CHUNK_CHARS = 256 * 1024;

export function createEventBatcher(options: EventBatcherOptions): EventBatcher {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const maxOutput = options.maxPendingOutputChars ?? DEFAULT_MAX_PENDING_OUTPUT_CHARS;
  const maxChunk = options.maxChunkChars ?? DEFAULT_MAX_CHUNK_CHARS;
  let queue: HubEvent[] = [];
  let pendingOutputChars = 0;
  const skippedByRun = new Map<string, number>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  const schedule = (): void => {
    if (timer !== undefined || disposed) return;
    timer = setTimeout(() => {
      timer = undefined;
      flush();
    }, intervalMs);
  };

  const dropOldestOutput = (): void => {
    while (pendingOutputChars > maxOutput) {
      const index = queue.findIndex((event) => event.channel === 'run.output');
      const oldest = queue[index];
      if (oldest === undefined || oldest.channel !== 'run.output') return;
      queue.splice(index, 1);
      pendingOutputChars -= oldest.payload.data.length;
      const runId = oldest.payload.runId;
      skippedByRun.set(runId, (skippedByRun.get(runId) ?? 0) + oldest.payload.data.length);
    }
  };

  const flush = (): void => {
    if (disposed || queue.length === 0) return;
    if (options.canDeliver !== undefined && !options.canDeliver()) {
      schedule();
      return;
    }
    const notices: HubEvent[] = [...skippedByRun].map(([runId, chars]) => ({
      channel: 'run.output',
      payload: { runId, data: skippedNotice(chars) },
    }));
    const batch = [...notices, ...queue];
    queue = [];
    pendingOutputChars = 0;
    skippedByRun.clear();
    options.deliver(batch);
  };

  return {
    push(event) {
      if (disposed) return;
      const last = queue[queue.length - 1];
      if (event.channel === 'run.output') {
        pendingOutputChars += event.payload.data.length;
        if (
          last?.channel === 'run.output' &&
          last.payload.runId === event.payload.runId &&
          last.payload.data.length + event.payload.data.length <= maxChunk
        ) {
          queue[queue.length - 1] = {
            channel: 'run.output',
            payload: { runId: last.payload.runId, data: last.payload.data + event.payload.data },
          };
        } else {
          queue.push(event);
        }
        dropOldestOutput();
      } else {
        queue.push(event);
      }
      schedule();
    },
    flush,
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      queue = [];
      skippedByRun.clear();
    },
    pendingCount() {
      return queue.length;
    },
  };
}

export function skippedNotice(chars: number): string {
  return `\r\n[floe] ${chars} characters of output were skipped because the view could not keep up; the run's full log is in its history.\r\n`;
}
