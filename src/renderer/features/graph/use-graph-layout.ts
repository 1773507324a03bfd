// The layout of the graph being shown, from the worker; the previous layout stays on screen until the
// new one arrives, and `current` tells whether what is shown matches the input.
import { useEffect, useState } from 'react';
import { createLayoutWorker, LayoutClient } from './layout-client';
import type { LayoutResult } from './layout';
import type { LayoutInput } from './layout-input';

let client: LayoutClient | null = null;

function layoutClient(): LayoutClient {
  client ??= new LayoutClient(createLayoutWorker);
  return client;
}

export function useGraphLayout(input: LayoutInput | null): {
  result: LayoutResult | null;
  current: boolean;
} {
  const [result, setResult] = useState<LayoutResult | null>(null);
  // Start the worker at mount: its script loads while the first snapshot is still on its way.
  useEffect(() => {
    layoutClient();
  }, []);
  useEffect(() => {
    if (!input) return;
    layoutClient().request(input, setResult);
  }, [input]);
  return { result, current: input !== null && result?.hash === input.hash };
}
