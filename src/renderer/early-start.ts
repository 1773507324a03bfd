// Runs first, from the page's tiny entry (boot.ts): connects to the engine, asks for the runs and the
// project, and starts the layout worker before the UI bundle (React, React Flow, the studio) is even
// fetched. The engine computes the snapshot, the socket receives it and the worker loads while that
// bundle loads, evaluates and renders. When the snapshot arrives, its graph's layout starts at once
// in the worker, while the stores and React process the snapshot here. (The CSP allows no inline
// script, so this cannot start from index.html itself.)
import { getApi } from './api/get-api';
import { requestInitialState } from './api/initial-requests';
import { sharedLayoutClient } from './features/graph/layout-client';
import { buildLayoutInput } from './features/graph/layout-input';

export const handle = getApi();
export const initialRequests = requestInitialState(handle.api);

const layout = sharedLayoutClient();
initialRequests.snapshot.then(
  (snapshot) => {
    // The graph view starts unfiltered and unfocused: this is the input it will ask to be laid out.
    if (snapshot?.graph) layout.prefetch(buildLayoutInput(snapshot.graph));
  },
  // The bridge reports a failed load.
  () => undefined,
);
