// `floe studio --web`: the built renderer and the API contract over a WebSocket, on 127.0.0.1 only,
// behind a random token (see request-guard). Prints nothing: the CLI prints the URL.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { WS_PATH } from '../../shared/api/ws-protocol';
import { buildContentSecurityPolicy } from '../api/content-security-policy';
import type { Dispatcher, EventHub } from '../api/types';
import { checkRequest, requestPath, tokenCookie } from './request-guard';
import type { RequestFacts } from './request-guard';
import { serveStatic } from './static-files';
import { attachSocket } from './ws-session';

export const DEFAULT_WEB_PORT = 4173;
/** Requests are small JSON frames; anything near this size is a mistake or an attack. */
const MAX_FRAME_BYTES = 1024 * 1024;

export interface WebHostOptions {
  /** 0 = any free port; undefined = 4173, or any free port when 4173 is taken. */
  port?: number;
  /** The built renderer, normally `out/renderer`. */
  rendererDir: string;
  dispatcher: Dispatcher;
  events: EventHub;
  /** Defaults to 32 random bytes, base64url. */
  token?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  if (!existsSync(path.join(options.rendererDir, 'index.html'))) {
    throw new Error(
      `No built studio UI at ${options.rendererDir}/index.html: run "npm run build" first.`,
    );
  }
  const root = await realpath(options.rendererDir);
  const token = options.token ?? generateToken();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const sessions = new Set<() => void>();
  // The port is only known after listen(); handlers read it through this box.
  const state = { port: 0 };

  const server = createServer((req, res) => {
    void handleHttp(req, res, { root, token, port: state.port }).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error.');
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (requestPath(req.url) !== WS_PATH) return refuseUpgrade(socket, 404, 'Not Found');
    const verdict = checkRequest(facts(req), state.port, token);
    if (!verdict.ok)
      return refuseUpgrade(
        socket,
        verdict.status,
        verdict.status === 401 ? 'Unauthorized' : 'Forbidden',
      );
    wss.handleUpgrade(req, socket, head, (ws) => {
      const dispose = attachSocket(ws, { dispatcher: options.dispatcher, events: options.events });
      sessions.add(dispose);
      ws.on('close', () => sessions.delete(dispose));
    });
  });

  state.port = await listen(server, options.port);
  return {
    url: `http://127.0.0.1:${state.port}/?token=${token}`,
    port: state.port,
    token,
    async close() {
      for (const dispose of sessions) dispose();
      sessions.clear();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface HttpContext {
  root: string;
  token: string;
  port: number;
}

async function handleHttp(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: HttpContext,
): Promise<void> {
  const verdict = checkRequest(facts(req), ctx.port, ctx.token);
  if (!verdict.ok) return plain(res, verdict.status, verdict.reason);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return plain(res, 405, 'Method not allowed.');
  }
  const headers: Record<string, string> = {
    ...securityHeaders(ctx.port),
    ...(verdict.tokenFromQuery ? { 'Set-Cookie': tokenCookie(ctx.port, ctx.token) } : {}),
  };
  const result = await serveStatic(
    res,
    ctx.root,
    requestPath(req.url),
    headers,
    req.method === 'HEAD',
  );
  if (result === 'bad_path') return plain(res, 400, 'Bad path.');
  if (result === 'not_found') return plain(res, 404, 'Not found.');
}

export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': buildContentSecurityPolicy({
      connectSrc: [`ws://127.0.0.1:${port}`, `ws://localhost:${port}`],
    }),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}

function facts(req: IncomingMessage): RequestFacts {
  return {
    url: req.url,
    host: req.headers.host,
    origin: req.headers.origin,
    cookie: req.headers.cookie,
  };
}

function plain(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(message);
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

async function listen(server: Server, port: number | undefined): Promise<number> {
  try {
    return await listenOnce(server, port ?? DEFAULT_WEB_PORT);
  } catch (error) {
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    if (inUse && port === undefined) return listenOnce(server, 0);
    if (inUse) {
      throw new Error(
        `Port ${port} on 127.0.0.1 is in use: choose another with --port, or --port 0.`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

function listenOnce(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    // Loopback only: the studio can run dbt, so it must never be reachable from the network.
    server.listen(port, '127.0.0.1');
  });
}
