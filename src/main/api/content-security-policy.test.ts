import { describe, expect, it } from 'vitest';
import { buildContentSecurityPolicy } from './content-security-policy';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe('buildContentSecurityPolicy', () => {
  it('allows scripts only from the app: no inline script, no eval, no objects, no framing', () => {
    const csp = directives(buildContentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:4173'] }));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'", 'ws://127.0.0.1:4173']);
    expect(csp.get('worker-src')).toEqual(["'self'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it('lets only the dev server in, and its inline preamble, in development', () => {
    const csp = directives(
      buildContentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' }),
    );
    expect(csp.get('script-src')).toEqual(["'self'", "'unsafe-inline'", 'http://localhost:5173']);
    expect(csp.get('connect-src')).toEqual([
      "'self'",
      'http://localhost:5173',
      'ws://localhost:5173',
    ]);
  });
});
