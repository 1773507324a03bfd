// The layout of the graph being shown, from the worker; the previous layout stays on screen until the
// new one arrives, and `current` tells whether what is shown matches the input.
import { useEffect, useState } from 'react';
import { sharedLayoutClient } from './layout-client';
import type { LayoutResult } from './layout';
import type { LayoutInput } from './layout-input';

export function useGraphLayout(input: LayoutInput | null): {
  result: LayoutResult | null;
  current: boolean;
} {
  const [result, setResult] = useState<LayoutResult | null>(null);
  useEffect(() => {
    if (!input) return;
    sharedLayoutClient().request(input, setResult);
  }, [input]);
  return { result, current: input !== null && result?.hash === input.hash };
}
