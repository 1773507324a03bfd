// The UI, loaded by boot.ts once early-start has sent the first requests: telemetry, the bridge from
// pushed events to the stores (its first load is early-start's), then the studio.
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { handle, initialRequests } from './early-start';
import { connectBridge } from './bridge';
import { connectTelemetry } from './telemetry';
import { useUiStore } from './stores/ui-store';
import { App } from './app';

// User-action spans (the Materialize click) go to the engine's trace store.
connectTelemetry(handle.api);
const ui = useUiStore.getState();
ui.setConnection(handle.state());
handle.onStateChange((state) => useUiStore.getState().setConnection(state));
connectBridge(handle, {
  onError: (text) => useUiStore.getState().notify({ kind: 'error', text }),
  schedule: (flush) => requestAnimationFrame(flush),
  initial: initialRequests,
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// As a transition, the first render yields every few ms instead of blocking for ~200 ms: the answers
// to early-start's requests are received meanwhile.
startTransition(() => {
  createRoot(root).render(
    <StrictMode>
      <App handle={handle} />
    </StrictMode>,
  );
});
