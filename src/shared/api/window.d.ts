// `window.floe`, injected by the desktop preload; absent in web mode (the renderer then uses the
// WebSocket client).
import type { FloeApi } from './contract';

declare global {
  interface Window {
    readonly floe?: FloeApi;
  }
}

export {};
