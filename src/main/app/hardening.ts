// Electron security checklist, applied to every web contents and to the default session: no new
// windows, no navigation away from the app, no <webview>, no permissions beyond clipboard writes,
// and the strict CSP on app content also when it comes from the dev server.
import { shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { buildContentSecurityPolicy } from '../api/content-security-policy';
import { isAllowedExternalUrl } from './security-policy';

/** Copying log text from the terminal view is the one capability the UI needs. */
const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Opens a link in the user's browser only when the allowlist accepts it. */
export async function openExternalSafely(url: string): Promise<boolean> {
  if (!isAllowedExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}

export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalSafely(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    void openExternalSafely(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenSession(session: Session, devServerUrl: string | undefined): void {
  session.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(ALLOWED_PERMISSIONS.has(permission)),
  );
  session.setPermissionCheckHandler((_contents, permission) => ALLOWED_PERMISSIONS.has(permission));
  if (devServerUrl === undefined) return;
  // Production content comes from the app protocol, which sets the CSP itself; the dev server does not.
  const csp = buildContentSecurityPolicy({ devServerOrigin: new URL(devServerUrl).origin });
  session.webRequest.onHeadersReceived(
    { urls: [`${new URL(devServerUrl).origin}/*`] },
    (details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] },
      });
    },
  );
}
