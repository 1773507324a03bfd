import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveStaticPath } from './static-files';

const root = '/srv/renderer';

describe('resolveStaticPath', () => {
  it('maps paths under the root, with / as index.html', () => {
    expect(resolveStaticPath(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app-1a2b.js')).toBe(
      path.join(root, 'assets/app-1a2b.js'),
    );
    expect(resolveStaticPath(root, '/assets/with%20space.css')).toBe(
      path.join(root, 'assets/with space.css'),
    );
    expect(resolveStaticPath(root, '/..hidden')).toBe(path.join(root, '..hidden'));
  });

  it('refuses traversal, encoded or not, NUL bytes, backslashes and bad escapes', () => {
    for (const attempt of [
      '/../etc/passwd',
      '/assets/../../etc/passwd',
      '/%2e%2e/etc/passwd',
      '/..%2f..%2fetc%2fpasswd',
      '/index.html%00.js',
      '/..\\..\\etc\\passwd',
      '/%E0%A4%A',
    ]) {
      expect(resolveStaticPath(root, attempt)).toBeNull();
    }
  });
});

describe('contentTypeFor', () => {
  it('names the types the renderer build produces', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('font.woff2')).toBe('font/woff2');
    expect(contentTypeFor('blob')).toBe('application/octet-stream');
  });
});
