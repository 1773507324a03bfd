// Which URLs the desktop shell trusts: the app's own pages (to answer IPC) and a short allowlist of
// documentation sites (to open in the user's browser). Pure: unit-tested without Electron.

/** The studio UI is served from this privileged scheme in the packaged/built app. */
export const APP_SCHEME = 'floe-studio';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** Hosts the app may open in the external browser (exact match; no subdomain wildcards). */
export const EXTERNAL_URL_HOSTS: readonly string[] = [
  'docs.getdbt.com',
  'www.getdbt.com',
  'github.com',
  'openlineage.io',
  'opentelemetry.io',
  'docs.dagster.io',
  'duckdb.org',
  'www.postgresql.org',
];

export const DOCUMENTATION_URL = 'https://docs.getdbt.com/docs/introduction';

/** http(s) only, no credentials, no odd ports, and a host on the allowlist. */
export function isAllowedExternalUrl(raw: string): boolean {
  const url = parseUrl(raw);
  if (url === null) return false;
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (url.username !== '' || url.password !== '') return false;
  if (url.port !== '') return false;
  return EXTERNAL_URL_HOSTS.includes(url.hostname.toLowerCase());
}

/**
 * Whether a frame showing `raw` is our UI: the app scheme, or in `electron-vite dev` the dev server's
 * origin. Used to refuse IPC from anything else (a navigated or injected frame).
 */
export function isTrustedAppUrl(raw: string, devServerUrl?: string): boolean {
  const url = parseUrl(raw);
  if (url === null) return false;
  if (url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST) return true;
  if (devServerUrl === undefined) return false;
  const dev = parseUrl(devServerUrl);
  return dev !== null && url.origin === dev.origin;
}

function parseUrl(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}
