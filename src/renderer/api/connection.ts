// The API plus the state of the link to the engine; the desktop link is always open.
import type { FloeApi } from '../../shared/api/contract';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface ApiHandle {
  readonly api: FloeApi;
  state(): ConnectionState;
  onStateChange(listener: (state: ConnectionState) => void): () => void;
  dispose(): void;
}

/** The desktop app: `window.floe` from the preload, connected for the window's lifetime. */
export function ipcHandle(api: FloeApi): ApiHandle {
  return {
    api,
    state: () => 'open',
    onStateChange: () => () => undefined,
    dispose: () => undefined,
  };
}
