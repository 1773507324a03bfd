// Renderer entry: pick the API (preload IPC or web socket), start the bridge, render the studio.
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import '@xterm/xterm/css/xterm.css';
import './styles/theme.css';
import './styles/app.css';
import { getApi } from './api/get-api';
import { connectBridge } from './bridge';
import { connectTelemetry } from './telemetry';
import { useUiStore } from './stores/ui-store';
import { App } from './app';

const handle = getApi();
// User-action spans (the Materialize click) go to the engine's trace store.
connectTelemetry(handle.api);
const ui = useUiStore.getState();
ui.setConnection(handle.state());
handle.onStateChange((state) => useUiStore.getState().setConnection(state));
connectBridge(handle, {
  onError: (text) => useUiStore.getState().notify({ kind: 'error', text }),
  schedule: (flush) => requestAnimationFrame(flush),
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// As a transition, the first render yields every few ms instead of blocking for ~200 ms: the API
// socket's `open` is handled meanwhile, so the first snapshot is requested (and computed by the
// engine) while the UI is still being built.
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <App handle={handle} />
    </StrictMode>,
  );
});
