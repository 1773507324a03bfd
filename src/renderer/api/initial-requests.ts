// The requests a (re)load of the UI starts with. Kept free of stores and React so the entry can send
// them before the rest of the bundle evaluates (see early-start.ts).
import type { FloeApi, ProjectSnapshot, RequestResults } from '../../shared/api/contract';

export interface InitialRequests {
  runs: Promise<RequestResults['runs.list']>;
  snapshot: Promise<ProjectSnapshot | null>;
}

export function requestInitialState(api: FloeApi): InitialRequests {
  // The runs first: a short answer that would otherwise queue behind the (large) snapshot.
  const runs = api.request('runs.list', { limit: 200 });
  const snapshot = api.request('project.current', {});
  return { runs, snapshot };
}
