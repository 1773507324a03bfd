import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { WsClient, webSocketUrl, type WebSocketLike } from './ws-client';
import { apiErrorCode } from '../../shared/api/api-error';
import type { WsRequestFrame, WsServerFrame } from '../../shared/api/ws-protocol';
import type { ConnectionState } from './connection';

// The `ws` package's client implements the browser WebSocket interface this client uses.
const createSocket = (url: string): WebSocketLike => new WebSocket(url) as unknown as WebSocketLike;

interface TestServer {
  wss: WebSocketServer;
  port: number;
  /** Every request frame received, with the socket it came on. */
  requests: { frame: WsRequestFrame; socket: WebSocket }[];
  tokens: string[];
  close(): Promise<void>;
}

function startServer(
  answer: (frame: WsRequestFrame, socket: WebSocket) => void,
  port = 0,
): Promise<TestServer> {
  return new Promise((resolve) => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port, path: '/api' });
    const server: TestServer = {
      wss,
      port: 0,
      requests: [],
      tokens: [],
      close: () =>
        new Promise((done) => {
          for (const client of wss.clients) client.terminate();
          wss.close(() => done());
        }),
    };
    wss.on('connection', (socket, request) => {
      server.tokens.push(new URL(request.url ?? '', 'http://x').searchParams.get('token') ?? '');
      socket.on('message', (data: RawData) => {
        const frame = JSON.parse(data.toString()) as WsRequestFrame;
        server.requests.push({ frame, socket });
        answer(frame, socket);
      });
    });
    wss.on('listening', () => {
      server.port = (wss.address() as { port: number }).port;
      resolve(server);
    });
  });
}

function send(socket: WebSocket, frame: WsServerFrame): void {
  socket.send(JSON.stringify(frame));
}

function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - started > timeoutMs) reject(new Error('timed out'));
      else setTimeout(tick, 10);
    };
    tick();
  });
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function client(port: number, options: Partial<ConstructorParameters<typeof WsClient>[0]> = {}) {
  const c = new WsClient({
    url: `ws://127.0.0.1:${port}/api?token=secret`,
    createSocket,
    initialBackoffMs: 20,
    maxBackoffMs: 100,
    onProtocolError: () => undefined,
    ...options,
  });
  cleanups.push(() => c.dispose());
  return c;
}

describe('webSocketUrl', () => {
  it('uses the page host, ws or wss, and the token from the query', () => {
    expect(
      webSocketUrl({ protocol: 'http:', host: '127.0.0.1:4173', search: '?token=a+b/c' }),
    ).toBe('ws://127.0.0.1:4173/api?token=a%20b%2Fc');
    expect(webSocketUrl({ protocol: 'https:', host: 'box:1', search: '' })).toBe(
      'wss://box:1/api?token=',
    );
  });
});

describe('WsClient against a real WebSocket server', () => {
  it('answers requests by id, even out of order, and carries the token', async () => {
    const server = await startServer((frame, socket) => {
      const delay = frame.channel === 'runs.list' ? 50 : 0;
      setTimeout(() => {
        send(socket, {
          type: 'response',
          id: frame.id,
          response: { ok: true, value: frame.channel === 'runs.list' ? { runs: [] } : null },
        });
      }, delay);
    });
    cleanups.push(() => server.close());
    const c = client(server.port);
    const [runs, current] = await Promise.all([
      c.api.request('runs.list', {}),
      c.api.request('project.current', {}),
    ]);
    expect(runs).toEqual({ runs: [] });
    expect(current).toBeNull();
    expect(server.tokens).toEqual(['secret']);
    expect(server.requests.map((r) => r.frame.channel).sort()).toEqual([
      'project.current',
      'runs.list',
    ]);
    expect(c.state()).toBe('open');
  });

  it('rejects with the API error code (confirmation_required survives)', async () => {
    const server = await startServer((frame, socket) =>
      send(socket, {
        type: 'response',
        id: frame.id,
        response: {
          ok: false,
          error: { code: 'confirmation_required', message: 'prod is protected' },
        },
      }),
    );
    cleanups.push(() => server.close());
    const c = client(server.port);
    const error: unknown = await c.api
      .request('runs.materialize', { select: 'a' })
      .catch((e: unknown) => e);
    expect(apiErrorCode(error)).toBe('confirmation_required');
    expect(String(error)).toContain('prod is protected');
  });

  it('delivers pushed events to the listeners of their channel until unsubscribed', async () => {
    let serverSocket: WebSocket | null = null;
    const server = await startServer(() => undefined);
    server.wss.on('connection', (socket) => (serverSocket = socket));
    cleanups.push(() => server.close());
    const c = client(server.port);
    const outputs: string[] = [];
    const problems: number[] = [];
    const off = c.api.on('run.output', (e) => outputs.push(e.data));
    c.api.on('problems', (p) => problems.push(p.length));
    await waitFor(() => serverSocket !== null && c.state() === 'open');
    const socket = serverSocket as unknown as WebSocket;
    send(socket, { type: 'event', channel: 'run.output', payload: { runId: 'r', data: 'one' } });
    send(socket, { type: 'event', channel: 'problems', payload: [] });
    await waitFor(() => outputs.length === 1 && problems.length === 1);
    off();
    send(socket, { type: 'event', channel: 'run.output', payload: { runId: 'r', data: 'two' } });
    send(socket, { type: 'event', channel: 'problems', payload: [] });
    await waitFor(() => problems.length === 2);
    expect(outputs).toEqual(['one']);
  });

  it('reports bad frames and ignores unknown event channels', async () => {
    const errors: string[] = [];
    const server = await startServer(() => undefined);
    server.wss.on('connection', (socket) => {
      socket.send('not json');
      socket.send(JSON.stringify({ type: 'event', channel: 'nope', payload: 1 }));
    });
    cleanups.push(() => server.close());
    client(server.port, { onProtocolError: (m) => errors.push(m) });
    await waitFor(() => errors.length === 2);
    expect(errors[0]).toContain('not JSON');
  });

  it('queues requests until connected, reconnects with backoff, and fails requests lost in flight', async () => {
    const states: ConnectionState[] = [];
    // Nothing listens yet: the client retries.
    const probe = await startServer(() => undefined);
    const port = probe.port;
    await probe.close();
    const c = client(port);
    c.onStateChange((s) => states.push(s));
    const early = c.api.request('project.current', {});
    await new Promise((r) => setTimeout(r, 120));
    expect(c.state()).toBe('reconnecting');

    // The server comes up: the queued request goes out and is answered.
    let swallow = false;
    const server = await startServer((frame, socket) => {
      if (swallow) return;
      send(socket, { type: 'response', id: frame.id, response: { ok: true, value: null } });
    }, port);
    cleanups.push(() => server.close());
    await expect(early).resolves.toBeNull();
    expect(c.state()).toBe('open');

    // A request in flight when the connection drops fails; the client reconnects.
    swallow = true;
    const lost = c.api.request('project.reload', {});
    await waitFor(() => server.requests.length === 2);
    for (const socket of server.wss.clients) socket.terminate();
    const error: unknown = await lost.catch((e: unknown) => e);
    expect(apiErrorCode(error)).toBe('failed');
    expect(String(error)).toContain('connection');
    await waitFor(() => c.state() === 'open');
    expect(states).toContain('reconnecting');
    expect(states.at(-1)).toBe('open');
    expect(server.tokens.length).toBe(2);
  });

  it('times requests out and rejects everything on dispose', async () => {
    const server = await startServer(() => undefined);
    cleanups.push(() => server.close());
    const c = client(server.port, { requestTimeoutMs: 50 });
    const timedOut: unknown = await c.api.request('project.current', {}).catch((e: unknown) => e);
    expect(String(timedOut)).toContain('within 50 ms');
    const c2 = client(server.port);
    const pending = c2.api.request('project.current', {});
    c2.dispose();
    await expect(pending).rejects.toThrow('closed');
    expect(c2.state()).toBe('closed');
    await expect(c2.api.request('project.current', {})).rejects.toThrow('closed');
  });
});
