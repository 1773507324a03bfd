// The Content-Security-Policy served with the studio UI, by the Electron shell and by the web host
// alike. Scripts only from the app itself (no inline, no eval); styles allow inline because React Flow
// and xterm set style attributes and inject <style> elements at run time.
export interface CspOptions {
  /** Extra `connect-src` sources, e.g. the web host's own `ws://127.0.0.1:<port>`. */
  connectSrc?: readonly string[];
  /**
   * Vite's dev server injects an inline module preamble and talks to its HMR socket; only the
   * Electron shell in `electron-vite dev` passes this.
   */
  devServerOrigin?: string;
}

export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServerOrigin;
  const devSocket = dev === undefined ? [] : [dev.replace(/^http/, 'ws')];
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'", ...(dev === undefined ? [] : ["'unsafe-inline'", dev])]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'", 'data:']],
    [
      'connect-src',
      ["'self'", ...(options.connectSrc ?? []), ...(dev === undefined ? [] : [dev]), ...devSocket],
    ],
    ['worker-src', ["'self'", ...(dev === undefined ? [] : [dev])]],
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
