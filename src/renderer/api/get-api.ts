// Chooses how the UI reaches the engine: the preload's `window.floe` in the desktop app, otherwise the
// web host's WebSocket at this page's origin with the page's `?token=`.
import type { FloeApi } from '../../shared/api/contract';
import { ipcHandle, type ApiHandle } from './connection';
import { WsClient, webSocketUrl } from './ws-client';

// No global `Window.floe` augmentation here: the preload may declare its own, and two would clash.
type MaybeDesktopWindow = Window & { floe?: unknown };

function isFloeApi(value: unknown): value is FloeApi {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { request?: unknown }).request === 'function' &&
    typeof (value as { on?: unknown }).on === 'function'
  );
}

export function getApi(win: MaybeDesktopWindow = window): ApiHandle {
  /** Injected by the preload (desktop app only). */
  const injected = win.floe;
  if (isFloeApi(injected)) return ipcHandle(injected);
  return new WsClient({ url: webSocketUrl(win.location) });
}
