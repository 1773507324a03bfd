// Serves the built renderer: a file under the root or nothing. Paths are decoded once, and any `..`
// segment, NUL byte, backslash or symlink leading outside the root is refused.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Maps a URL path to a file path under `root`, or null when it would leave the root. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((segment) => segment === '..')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const resolved = path.resolve(root, relative);
  return isInside(root, resolved) ? resolved : null;
}

export type StaticResult = 'served' | 'not_found' | 'bad_path';

/** Streams the file with its content type and the given headers; the caller answers the misses. */
export async function serveStatic(
  res: ServerResponse,
  realRoot: string,
  urlPath: string,
  headers: Record<string, string>,
  headOnly: boolean,
): Promise<StaticResult> {
  const filePath = resolveStaticPath(realRoot, urlPath);
  if (filePath === null) return 'bad_path';
  let real: string;
  try {
    real = await realpath(filePath);
    if (!isInside(realRoot, real)) return 'bad_path';
    const info = await stat(real);
    if (!info.isFile()) return 'not_found';
    res.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeFor(real),
      'Content-Length': String(info.size),
      // index.html names the hashed bundles, so it must never be cached; the bundles may be.
      'Cache-Control': path.basename(real) === 'index.html' ? 'no-store' : 'private, max-age=3600',
    });
  } catch {
    return 'not_found';
  }
  if (headOnly) {
    res.end();
    return 'served';
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(real);
    stream.on('error', () => {
      res.destroy();
      resolve();
    });
    stream.on('end', () => resolve());
    stream.pipe(res);
  });
  return 'served';
}

/** True when `candidate` is strictly below `root` (both absolute, already resolved). */
export function isInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}
