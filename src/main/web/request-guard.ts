// Who may talk to the web host: only a page served by this host, addressed as 127.0.0.1 or localhost
// on our port (a foreign Host or Origin means DNS rebinding or a cross-site page: 403), carrying the
// random token in the query or in the cookie we set (otherwise 401). Pure functions, no sockets.
import { timingSafeEqual } from 'node:crypto';

export interface RequestFacts {
  /** Raw request target, e.g. `/assets/app.js?token=…`. */
  url: string | undefined;
  host: string | undefined;
  origin: string | undefined;
  cookie: string | undefined;
}

export type GuardVerdict =
  { ok: true; tokenFromQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

export function allowedHosts(port: number): string[] {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  // A browser omits the default port from Host; only matters if someone serves on port 80.
  return port === 80 ? [...hosts, '127.0.0.1', 'localhost'] : hosts;
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  return host !== undefined && allowedHosts(port).includes(host.toLowerCase());
}

/** Origin is optional (same-origin GETs omit it) but, when sent, must be this host itself. */
export function isAllowedOrigin(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`].includes(origin.toLowerCase());
}

/** Per-port name: cookies ignore ports, so two studios on one machine must not overwrite each other's. */
export function tokenCookieName(port: number): string {
  return `floe_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function tokensEqual(given: string | undefined | null, expected: string): boolean {
  if (given === undefined || given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function checkRequest(facts: RequestFacts, port: number, token: string): GuardVerdict {
  if (!isAllowedHost(facts.host, port)) {
    return { ok: false, status: 403, reason: 'Forbidden: unexpected Host header.' };
  }
  if (!isAllowedOrigin(facts.origin, port)) {
    return { ok: false, status: 403, reason: 'Forbidden: unexpected Origin.' };
  }
  const queryToken = queryParam(facts.url, 'token');
  if (tokensEqual(queryToken, token)) return { ok: true, tokenFromQuery: true };
  if (tokensEqual(readCookie(facts.cookie, tokenCookieName(port)), token)) {
    return { ok: true, tokenFromQuery: false };
  }
  return {
    ok: false,
    status: 401,
    reason: 'Unauthorized: open the URL with the token that floe studio printed.',
  };
}

export function requestPath(url: string | undefined): string {
  return parseRequestUrl(url)?.pathname ?? '/';
}

function queryParam(url: string | undefined, name: string): string | null {
  return parseRequestUrl(url)?.searchParams.get(name) ?? null;
}

function parseRequestUrl(url: string | undefined): URL | null {
  try {
    // The base is only there to parse a path-only request target; Host was checked separately.
    return new URL(url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}
