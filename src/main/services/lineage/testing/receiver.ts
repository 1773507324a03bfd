// Test support: a local OpenLineage receiver on 127.0.0.1 that records what reaches it and can be
// down (connection refused), failing (HTTP 503), hanging (never answers) or slow on demand.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { OpenLineageRunEvent } from '../../../../shared/lineage';

export interface ReceivedRequest {
  at: number;
  path: string;
  headers: http.IncomingHttpHeaders;
  event: OpenLineageRunEvent;
}

export type ReceiverMode = 'ok' | 'fail' | 'hang';

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly requests: ReceivedRequest[];
  /** Accepted events, in arrival order (2xx only). */
  readonly events: OpenLineageRunEvent[];
  connections: number;
  mode: ReceiverMode;
  /** Each answer is sent this long after the request arrived (0: at once). */
  delayMs: number;
  /** Stops listening (clients get ECONNREFUSED) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
  /** Resolves when `count` events have been accepted, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const sockets = new Set<Socket>();
  const waiters: { count: number; resolve: () => void }[] = [];
  const state = {
    requests: [] as ReceivedRequest[],
    events: [] as OpenLineageRunEvent[],
    connections: 0,
    mode: 'ok' as ReceiverMode,
    delayMs: 0,
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (state.mode === 'hang') return;
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OpenLineageRunEvent;
      state.requests.push({
        at: performance.now(),
        path: request.url ?? '',
        headers: request.headers,
        event,
      });
      const answer = (): void => {
        if (state.mode === 'fail') {
          response.writeHead(503).end();
          return;
        }
        state.events.push(event);
        response.writeHead(201, { 'content-type': 'application/json' }).end('{}');
        for (const waiter of [...waiters]) {
          if (state.events.length >= waiter.count) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
      };
      if (state.delayMs > 0) setTimeout(answer, state.delayMs);
      else answer();
    });
  });
  server.on('connection', (socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (p: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (!server.listening) resolve();
      else server.close(() => resolve());
    });
  const actualPort = await listen(port);
  return {
    url: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests: state.requests,
    events: state.events,
    get connections() {
      return state.connections;
    },
    set connections(value: number) {
      state.connections = value;
    },
    get mode() {
      return state.mode;
    },
    set mode(value: ReceiverMode) {
      state.mode = value;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value: number) {
      state.delayMs = value;
    },
    down: stop,
    up: async () => {
      await listen(actualPort);
    },
    close: stop,
    waitFor(count: number, timeoutMs = 20_000): Promise<void> {
      if (state.events.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `receiver got ${state.events.length} of ${count} events in ${timeoutMs} ms`,
              ),
            ),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
  };
}
