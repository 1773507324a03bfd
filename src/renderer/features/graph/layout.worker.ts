// Web Worker: computes layouts off the UI thread.
import { computeLayout } from './layout';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';

self.addEventListener('message', (event: MessageEvent<LayoutRequest>) => {
  const { id, input } = event.data;
  let response: LayoutResponse;
  try {
    response = { id, ok: true, result: computeLayout(input) };
  } catch (error) {
    response = { id, ok: false, message: String(error) };
  }
  self.postMessage(response);
});
