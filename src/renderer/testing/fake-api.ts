// An in-memory ApiHandle for bridge/action tests: requests answered by a handler, events emitted by hand.
import type {
  EventChannel,
  FloeApi,
  PushedEvents,
  RequestChannel,
  RequestPayload,
  RequestResults,
} from '../../shared/api/contract';
import type { ApiHandle, ConnectionState } from '../api/connection';

export type Handler = (channel: RequestChannel, payload: unknown) => unknown;

export class FakeApi implements ApiHandle {
  readonly calls: { channel: RequestChannel; payload: unknown }[] = [];
  private readonly listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private current: ConnectionState = 'open';
  readonly api: FloeApi;

  constructor(private readonly handler: Handler) {
    this.api = {
      request: <C extends RequestChannel>(channel: C, payload: RequestPayload<C>) => {
        this.calls.push({ channel, payload });
        try {
          return Promise.resolve(this.handler(channel, payload) as RequestResults[C]);
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
      on: <E extends EventChannel>(channel: E, listener: (event: PushedEvents[E]) => void) => {
        const set = this.listeners.get(channel) ?? new Set();
        const stored = listener as (payload: unknown) => void;
        set.add(stored);
        this.listeners.set(channel, set);
        return () => set.delete(stored);
      },
    };
  }

  emit<E extends EventChannel>(channel: E, payload: PushedEvents[E]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(payload);
  }

  listenerCount(): number {
    let count = 0;
    for (const set of this.listeners.values()) count += set.size;
    return count;
  }

  setState(state: ConnectionState): void {
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }

  state(): ConnectionState {
    return this.current;
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
