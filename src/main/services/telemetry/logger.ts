// The engine's own structured log (FR-019): JSON lines in `<dir>/floe-YYYY-MM-DD.jsonl` (UTC date) and,
// when asked, on stderr as JSON (`--log-format json`) or text. Lines about a run or an asset carry the
// trace_id/span_id of its span (from `correlate`), so logs, traces and lineage join on shared ids (SC-008).
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'text';

export interface SpanIds {
  traceId: string;
  spanId: string;
}

export interface LogFields {
  run_id?: string;
  /** dbt unique_id of the asset or check the line is about. */
  asset?: string;
  trace_id?: string;
  span_id?: string;
  [key: string]: unknown;
}

export type Correlator = (runId: string, asset?: string) => SpanIds | undefined;

export interface LoggerOptions {
  /** Folder of the daily files, usually `<project>/.floe/logs`. */
  dir: string;
  /** Also write each line to stderr. */
  stderr?: boolean;
  /** Format of the stderr copy; the file is always JSON lines. */
  format?: LogFormat;
  /** Lowest level written (default `info`). */
  level?: LogLevel;
  /** Span ids for a run (and asset): how lines get their trace_id/span_id when not given. */
  correlate?: Correlator;
  now?: () => Date;
  /** Where the stderr copy goes (default `process.stderr`); for tests. */
  stderrStream?: { write(chunk: string): unknown };
}

export interface Logger {
  log(level: LogLevel, message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** The file today's lines go to. */
  filePath(): string;
  /** Write buffered lines now. */
  flushSync(): void;
  flush(): Promise<void>;
  /** Flushes; lines logged afterwards are written at once (no timer keeps the process alive). */
  close(): Promise<void>;
  /**
   * Adds a source of span ids (the telemetry observer adds its own when given this logger, so the
   * engine's lines about a run or asset get its trace_id/span_id). Returns a function that removes it.
   */
  addCorrelator(correlator: Correlator): () => void;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
// Field names whose values are never written (FR-019 lines must not leak credentials).
const SECRET_KEY =
  /pass(word|wd)?$|secret|token|api[_-]?key|authorization|credential|private[_-]?key|^headers?$/i;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+(:[^/\s@]*)?@/gi;
// Lines are buffered and written together, so a burst of node events costs one write.
const MAX_BUFFERED = 200;

/** Removes credentials from a string: `https://user:pw@host` → `https://***@host`. */
export function redactString(value: string): string {
  return value.replace(URL_USERINFO, '$1***@');
}

function redactValue(key: string, value: unknown): unknown {
  if (SECRET_KEY.test(key)) return '[redacted]';
  if (typeof value === 'string') return redactString(value);
  if (value instanceof Error) return redactString(value.message);
  return value;
}

export interface LogLine {
  time: string;
  level: LogLevel;
  message: string;
  [key: string]: unknown;
}

/** The JSON object written for one line: fixed keys first, then the extra fields, secrets removed. */
export function buildLogLine(
  time: Date,
  level: LogLevel,
  message: string,
  fields: LogFields,
  correlate?: Correlator,
): LogLine {
  const line: LogLine = { time: time.toISOString(), level, message: redactString(message) };
  const { run_id, asset, trace_id, span_id, ...extra } = fields;
  if (run_id !== undefined) line.run_id = run_id;
  if (asset !== undefined) line.asset = asset;
  let ids =
    trace_id !== undefined && span_id !== undefined
      ? { traceId: trace_id, spanId: span_id }
      : undefined;
  if (ids === undefined && run_id !== undefined && correlate !== undefined)
    ids = correlate(run_id, asset);
  if (ids !== undefined) {
    line.trace_id = ids.traceId;
    line.span_id = ids.spanId;
  }
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined && !(key in line)) line[key] = redactValue(key, value);
  }
  return line;
}

/** One human-readable line for a terminal. */
export function formatTextLine(line: LogLine): string {
  const { time, level, message, ...rest } = line;
  const extras = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${time} ${level.toUpperCase().padEnd(5)} ${message}${extras ? ` ${extras}` : ''}`;
}

export function createLogger(options: LoggerOptions): Logger {
  const now = options.now ?? (() => new Date());
  const minLevel = LEVELS[options.level ?? 'info'];
  const stderr = options.stderr === true ? (options.stderrStream ?? process.stderr) : undefined;
  const format = options.format ?? 'text';
  let buffer: { file: string; text: string }[] = [];
  let scheduled = false;
  let dirReady = false;
  let closed = false;
  const correlators: Correlator[] = options.correlate ? [options.correlate] : [];
  const correlate: Correlator = (runId, asset) => {
    for (const source of correlators) {
      const ids = source(runId, asset);
      if (ids !== undefined) return ids;
    }
    return undefined;
  };

  const fileFor = (time: Date): string =>
    join(options.dir, `floe-${time.toISOString().slice(0, 10)}.jsonl`);

  const flushSync = (): void => {
    scheduled = false;
    if (buffer.length === 0) return;
    const pending = buffer;
    buffer = [];
    try {
      if (!dirReady) {
        mkdirSync(options.dir, { recursive: true });
        dirReady = true;
      }
      // Group consecutive lines by file (a batch spans two files only at midnight UTC).
      let i = 0;
      while (i < pending.length) {
        const file = pending[i]?.file ?? '';
        let text = '';
        while (i < pending.length && pending[i]?.file === file) {
          text += pending[i]?.text ?? '';
          i += 1;
        }
        appendFileSync(file, text);
      }
    } catch (error) {
      // The log must never fail a run; say so once on stderr and carry on.
      process.stderr.write(`floe: cannot write log in ${options.dir}: ${String(error)}\n`);
    }
  };

  const log = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    if (LEVELS[level] < minLevel) return;
    const time = now();
    const line = buildLogLine(time, level, message, fields, correlate);
    const json = JSON.stringify(line);
    buffer.push({ file: fileFor(time), text: `${json}\n` });
    if (stderr !== undefined) stderr.write(`${format === 'json' ? json : formatTextLine(line)}\n`);
    if (closed || buffer.length >= MAX_BUFFERED) flushSync();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flushSync);
    }
  };

  return {
    log,
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    filePath: () => fileFor(now()),
    flushSync,
    flush: async () => flushSync(),
    close: async () => {
      closed = true;
      flushSync();
    },
    addCorrelator(correlator) {
      correlators.push(correlator);
      return () => {
        const at = correlators.indexOf(correlator);
        if (at >= 0) correlators.splice(at, 1);
      };
    },
  };
}
