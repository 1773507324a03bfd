// What the run engine pushes to subscribers: the same channels and payloads as the api contract's
// pushed events, so the IPC and web layers forward them unchanged.
import type { PushedEvents } from '../../../shared/api/contract';

export type EngineChannel = 'asset.status' | 'check.result' | 'run.output' | 'run.updated';

export type EngineEvent = {
  [C in EngineChannel]: { channel: C; payload: PushedEvents[C] };
}[EngineChannel];

export type EngineListener = (event: EngineEvent) => void;

export interface Disposable {
  dispose(): void;
}
