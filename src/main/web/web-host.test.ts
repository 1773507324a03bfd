import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WsServerFrame } from '../../shared/api/ws-protocol';
import { WS_PATH } from '../../shared/api/ws-protocol';
import { createDispatcher } from '../api/dispatcher';
import { createEventHub } from '../api/event-hub';
import { createInMemoryHandlers } from '../api/test-support/in-memory-handlers';
import type { EventHub } from '../api/types';
import { startWebHost } from './web-host';
import type { WebHost } from './web-host';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function rawGet(
  port: number,
  target: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // http.request sends the path exactly as given, so traversal attempts reach the server unchanged.
    const req = request({ host: '127.0.0.1', port, path: target, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Resolves with the HTTP status the server refused the upgrade with, or 101 when it opened. */
function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => {
      resolve(101);
      ws.close();
    });
    ws.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

class Client {
  private nextId = 1;
  readonly frames: WsServerFrame[] = [];
  private waiters: Array<() => void> = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as WsServerFrame);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const client = new Client(ws);
      ws.once('open', () => resolve(client));
      ws.once('error', reject);
    });
  }

  async request(channel: string, payload: unknown): Promise<WsServerFrame> {
    const id = this.nextId++;
    this.ws.send(JSON.stringify({ type: 'request', id, channel, payload }));
    return this.waitFor((frame) => frame.type === 'response' && frame.id === id);
  }

  async waitFor(match: (frame: WsServerFrame) => boolean): Promise<WsServerFrame> {
    for (;;) {
      const found = this.frames.find(match);
      if (found !== undefined) return found;
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }
}

let rendererDir: string;
let outside: string;
let host: WebHost;
let events: EventHub;
const clients: WebSocket[] = [];

beforeEach(async () => {
  const base = await mkdtemp(path.join(os.tmpdir(), 'floe-web-'));
  rendererDir = path.join(base, 'renderer');
  outside = path.join(base, 'secret.txt');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Floe</title>');
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1);');
  await writeFile(path.join(rendererDir, 'assets', 'app.css'), 'body{}');
  await writeFile(outside, 'TOP SECRET');
  await symlink(outside, path.join(rendererDir, 'assets', 'link.txt'));
  events = createEventHub();
  host = await startWebHost({
    port: 0,
    rendererDir,
    dispatcher: createDispatcher(createInMemoryHandlers(events)),
    events,
  });
});

afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate();
  await host.close();
  await rm(path.dirname(rendererDir), { recursive: true, force: true });
});

const wsUrl = (query = `?token=${host.token}`): string =>
  `ws://127.0.0.1:${host.port}${WS_PATH}${query}`;
const origin = (): Record<string, string> => ({ Origin: `http://127.0.0.1:${host.port}` });

describe('startWebHost (loopback only, token, DNS-rebinding defence)', () => {
  it('binds 127.0.0.1, reports a URL with a 32-byte base64url token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 to HTTP requests without the token and 200 with it, then trusts the cookie', async () => {
    expect((await rawGet(host.port, '/')).status).toBe(401);
    expect((await rawGet(host.port, '/assets/app.js')).status).toBe(401);

    const page = await rawGet(host.port, `/?token=${host.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Floe</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain(`ws://127.0.0.1:${host.port}`);
    expect(page.headers['cache-control']).toBe('no-store');
    const [setCookie] = page.headers['set-cookie'] ?? [];
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);

    const cookie = (setCookie ?? '').split(';')[0] ?? '';
    const script = await rawGet(host.port, '/assets/app.js', { Cookie: cookie });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(
      (await rawGet(host.port, '/assets/app.css', { Cookie: cookie })).headers['content-type'],
    ).toBe('text/css; charset=utf-8');
    expect((await rawGet(host.port, '/missing.js', { Cookie: cookie })).status).toBe(404);
  });

  it('answers 403 to a foreign Host or Origin, even with the token', async () => {
    const withToken = `/?token=${host.token}`;
    expect((await rawGet(host.port, withToken, { Host: `evil.example:${host.port}` })).status).toBe(
      403,
    );
    expect((await rawGet(host.port, withToken, { Origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect((await rawGet(host.port, withToken, { Host: `localhost:${host.port}` })).status).toBe(
      200,
    );
  });

  it('refuses directory traversal and symlinks leaving the UI folder', async () => {
    const auth = `token=${host.token}`;
    for (const target of [
      `/../secret.txt?${auth}`,
      `/assets/../../secret.txt?${auth}`,
      `/..%2fsecret.txt?${auth}`,
      `/%2e%2e%2fsecret.txt?${auth}`,
      `/assets/link.txt?${auth}`,
    ]) {
      const response = await rawGet(host.port, target);
      expect(response.status, target).not.toBe(200);
      expect(response.body).not.toContain('TOP SECRET');
    }
  });

  it('refuses sockets without the token (401) or from a foreign Origin/Host (403)', async () => {
    expect(await upgradeStatus(wsUrl(''), origin())).toBe(401);
    expect(await upgradeStatus(wsUrl('?token=wrong'), origin())).toBe(401);
    expect(await upgradeStatus(wsUrl(), { Origin: 'http://evil.example' })).toBe(403);
    expect(await upgradeStatus(wsUrl(), { Host: `rebind.example:${host.port}` })).toBe(403);
    expect(
      await upgradeStatus(`ws://127.0.0.1:${host.port}/other?token=${host.token}`, origin()),
    ).toBe(404);
    expect(await upgradeStatus(wsUrl(), origin())).toBe(101);
    const cookie = `floe_token_${host.port}=${host.token}`;
    expect(await upgradeStatus(wsUrl(''), { ...origin(), Cookie: cookie })).toBe(101);
  });

  it('round-trips requests through the dispatcher, with validation errors as responses', async () => {
    const client = await Client.open(wsUrl(), origin());
    clients.push(client.ws);

    const opened = await client.request('project.open', { dir: '/tmp/shop' });
    expect(opened).toMatchObject({
      type: 'response',
      response: { ok: true, value: { dir: '/tmp/shop' } },
    });

    const invalid = await client.request('runs.cancel', { runId: 7 });
    expect(invalid).toMatchObject({ response: { ok: false, error: { code: 'invalid_payload' } } });
    if (invalid.type === 'response' && !invalid.response.ok) {
      expect(invalid.response.error.message).toContain('runId');
    }
    const unknown = await client.request('fs.readFile', { path: '/etc/passwd' });
    expect(unknown).toMatchObject({ response: { ok: false, error: { code: 'unknown_channel' } } });
  });

  it('pushes events, batched, and before the answer of the request that caused them', async () => {
    const client = await Client.open(wsUrl(), origin());
    clients.push(client.ws);
    await client.request('project.open', { dir: '/tmp/shop' });
    const answer = await client.request('runs.materialize', { select: 'model.shop.orders' });
    expect(answer).toMatchObject({ response: { ok: true, value: { runId: 'run-1' } } });

    const answerIndex = client.frames.indexOf(answer);
    const before = client.frames.slice(0, answerIndex).filter((frame) => frame.type === 'event');
    expect(before.map((frame) => frame.type === 'event' && frame.channel)).toEqual([
      'project.changed',
      'asset.status',
      'run.output',
      'asset.status',
      'run.updated',
    ]);
    // The two output chunks the handler emitted arrive as one frame.
    const output = before.find((frame) => frame.type === 'event' && frame.channel === 'run.output');
    expect(output).toMatchObject({
      payload: { runId: 'run-1', data: 'building model.shop.orders\r\nCompleted successfully\r\n' },
    });

    // Events emitted outside any request reach the socket too.
    events.emit('problems', [{ severity: 'error', source: 'config', message: 'bad key' }]);
    const problems = await client.waitFor(
      (frame) => frame.type === 'event' && frame.channel === 'problems',
    );
    expect(problems).toMatchObject({ payload: [{ message: 'bad key' }] });
  });

  it('closes a socket that sends something other than a request frame', async () => {
    const client = await Client.open(wsUrl(), origin());
    clients.push(client.ws);
    const closed = new Promise<number>((resolve) =>
      client.ws.once('close', (code) => resolve(code)),
    );
    client.ws.send('not json');
    expect(await closed).toBe(1008);
  });

  it('leaves no subscription or listener behind when closed', async () => {
    const client = await Client.open(wsUrl(), origin());
    clients.push(client.ws);
    expect(events.listenerCount()).toBe(1);
    await host.close();
    expect(events.listenerCount()).toBe(0);
    await expect(rawGet(host.port, '/')).rejects.toThrow(/ECONNREFUSED/);
    // afterEach closes again: close must be idempotent enough not to throw.
    host = { ...host, close: async () => undefined };
  });
});

describe('startWebHost ports and inputs', () => {
  it('fails clearly when an explicit port is taken, and falls back when the default is', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const taken = typeof address === 'object' && address !== null ? address.port : 0;
    const dispatcher = createDispatcher(createInMemoryHandlers(events));
    await expect(startWebHost({ port: taken, rendererDir, dispatcher, events })).rejects.toThrow(
      `Port ${taken} on 127.0.0.1 is in use`,
    );
    await new Promise<void>((resolve) => blocker.close(() => resolve()));

    const defaultBlocker = createServer();
    await new Promise<void>((resolve) => {
      defaultBlocker.once('error', () => resolve()); // someone else already holds 4173: fine too
      defaultBlocker.listen(4173, '127.0.0.1', resolve);
    });
    const fallback = await startWebHost({ rendererDir, dispatcher, events });
    expect(fallback.port).not.toBe(4173);
    await fallback.close();
    await new Promise<void>((resolve) =>
      defaultBlocker.listening ? defaultBlocker.close(() => resolve()) : resolve(),
    );
  });

  it('refuses to start without a built UI', async () => {
    const dispatcher = createDispatcher(createInMemoryHandlers(events));
    await expect(
      startWebHost({ port: 0, rendererDir: path.join(rendererDir, 'nope'), dispatcher, events }),
    ).rejects.toThrow(/npm run build/);
  });
});
