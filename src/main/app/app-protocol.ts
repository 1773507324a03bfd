// Serves the built renderer from `floe-studio://app/…` instead of file://, so the UI has a real origin
// (scripts, module workers and `'self'` in the CSP behave as on the web) and every response carries
// the strict CSP. Only files under the renderer folder are served (same resolver as the web host).
import { readFile, realpath, stat } from 'node:fs/promises';
import { protocol } from 'electron';
import { buildContentSecurityPolicy } from '../api/content-security-policy';
import { contentTypeFor, isInside, resolveStaticPath } from '../web/static-files';
import { APP_HOST, APP_SCHEME } from './security-policy';

/** Must run before the app is ready (Electron requirement for privileged schemes). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

export function serveAppProtocol(rendererDir: string): void {
  const csp = buildContentSecurityPolicy();
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const file = await readRendererFile(rendererDir, url.pathname);
    if (file === null) return new Response('Not found', { status: 404 });
    return new Response(new Uint8Array(file.body), {
      status: 200,
      headers: {
        'Content-Type': contentTypeFor(file.path),
        'Content-Security-Policy': csp,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      },
    });
  });
}

async function readRendererFile(
  rendererDir: string,
  pathname: string,
): Promise<{ path: string; body: Buffer } | null> {
  try {
    const root = await realpath(rendererDir);
    const candidate = resolveStaticPath(root, pathname);
    if (candidate === null) return null;
    const real = await realpath(candidate);
    // A symlink inside the folder must not lead outside it.
    if (!isInside(root, real)) return null;
    if (!(await stat(real)).isFile()) return null;
    return { path: real, body: await readFile(real) };
  } catch {
    return null;
  }
}
