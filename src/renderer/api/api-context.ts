// The FloeApi for components, provided once by App.
import { createContext, useContext } from 'react';
import type { FloeApi } from '../../shared/api/contract';

export const ApiContext = createContext<FloeApi | null>(null);

export function useApi(): FloeApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiContext.Provider>');
  return api;
}
