// Transports: HTTP to an OpenLineage backend (one attempt per call; the sender retries), a JSONL
// file, and the console. Nothing here is called from the run's thread of control directly.
import { appendFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { dirname } from 'node:path';
import { redactUrl } from './naming';

export type SendResult =
  | { ok: true }
  /** `retry`: the endpoint is down or refused us; `reject`: it will never take this event. */
  | { ok: false; kind: 'retry' | 'reject'; message: string };

export interface HttpTransportOptions {
  /** Full URL of the lineage endpoint (…/api/v1/lineage). */
  url: string;
  /** Sent as `Authorization: Bearer …`; never logged. */
  apiKey?: string;
  /** Per request, connect to response. Default 5000 ms. */
  timeoutMs?: number;
}

// 4xx answers that say "not now" or "not you", not "never this event": keep the event spooled.
const RETRYABLE_STATUS = new Set([401, 403, 404, 407, 408, 409, 425, 429]);

export class HttpTransport {
  readonly redactedUrl: string;
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: HttpTransportOptions) {
    this.url = new URL(options.url);
    this.redactedUrl = redactUrl(options.url);
    const secure = this.url.protocol === 'https:';
    if (!secure && this.url.protocol !== 'http:')
      throw new Error(`unsupported protocol ${this.url.protocol}`);
    // Keep-alive: one connection serves the whole run instead of a handshake per event.
    this.agent = secure
      ? new https.Agent({ keepAlive: true, maxSockets: 1 })
      : new http.Agent({ keepAlive: true, maxSockets: 1 });
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.headers = { 'content-type': 'application/json' };
    if (options.apiKey) this.headers['authorization'] = `Bearer ${options.apiKey}`;
    if (this.url.username || this.url.password) {
      const user = decodeURIComponent(this.url.username);
      const password = decodeURIComponent(this.url.password);
      this.headers['authorization'] ??=
        `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    }
  }

  send(body: string, eventId: string): Promise<SendResult> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (result: SendResult): void => {
        if (settled) return;
        settled = true;
        resolve(result);
      };
      const request = (this.url.protocol === 'https:' ? https : http).request(
        {
          protocol: this.url.protocol,
          hostname: this.url.hostname.replace(/^\[|\]$/g, ''),
          port: this.url.port || undefined,
          path: `${this.url.pathname}${this.url.search}`,
          method: 'POST',
          agent: this.agent,
          headers: {
            ...this.headers,
            'content-length': Buffer.byteLength(body),
            // Stable per event: a backend that dedups can recognise a redelivery.
            'idempotency-key': eventId,
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) done({ ok: true });
            else if (status >= 400 && status < 500 && !RETRYABLE_STATUS.has(status)) {
              done({
                ok: false,
                kind: 'reject',
                message: `${this.redactedUrl} rejected the event: HTTP ${status}`,
              });
            } else
              done({
                ok: false,
                kind: 'retry',
                message: `${this.redactedUrl} answered HTTP ${status}`,
              });
          });
          response.on('error', (error) =>
            done({ ok: false, kind: 'retry', message: `${this.redactedUrl}: ${error.message}` }),
          );
        },
      );
      request.setTimeout(this.timeoutMs, () => {
        done({
          ok: false,
          kind: 'retry',
          message: `${this.redactedUrl} did not answer within ${this.timeoutMs} ms`,
        });
        request.destroy();
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        done({
          ok: false,
          kind: 'retry',
          message: `${this.redactedUrl} unreachable: ${error.code ?? error.message}`,
        });
      });
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Appends one JSON document per line; writes are chained so lines keep the store's order. */
export class FileTransport {
  readonly path: string;
  private chain: Promise<void> = Promise.resolve();
  private ready = false;

  constructor(path: string) {
    this.path = path;
  }

  write(lines: string[], onError: (message: string) => void): void {
    if (lines.length === 0) return;
    const text = `${lines.join('\n')}\n`;
    this.chain = this.chain.then(async () => {
      try {
        if (!this.ready) {
          await mkdir(dirname(this.path), { recursive: true });
          this.ready = true;
        }
        await appendFile(this.path, text, 'utf8');
      } catch (error) {
        onError(
          `lineage file ${this.path}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
  }

  settled(): Promise<void> {
    return this.chain;
  }
}

/** Prints each event as one JSON line (OpenLineage's console transport). */
export class ConsoleTransport {
  private readonly sink: (line: string) => void;

  constructor(sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {
    this.sink = sink;
  }

  write(lines: string[]): void {
    for (const line of lines) this.sink(line);
  }
}
