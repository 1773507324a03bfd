// Types shared by both transports (Electron IPC and the web host) and by whoever implements the
// handlers (the project service). No electron, no sockets: plain data and functions.
import type {
  ApiResponse,
  EventChannel,
  ParsedPayload,
  PushedEvents,
  RequestChannel,
  RequestResults,
} from '../../shared/api/contract';

/** One handler per request channel; each receives the payload already parsed by its zod schema. */
export type ApiHandlers = {
  [C in RequestChannel]: (payload: ParsedPayload<C>) => Promise<RequestResults[C]>;
};

export interface Dispatcher {
  /** Never rejects: every failure becomes `{ ok: false, error }` with a message and no stack. */
  handle(channel: unknown, payload: unknown): Promise<ApiResponse<unknown>>;
}

/** A pushed event as a discriminated union, so `switch (event.channel)` narrows the payload. */
export type HubEvent = {
  [E in EventChannel]: { channel: E; payload: PushedEvents[E] };
}[EventChannel];

export type HubListener = (event: HubEvent) => void;

export interface EventHub {
  emit<E extends EventChannel>(channel: E, payload: PushedEvents[E]): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: HubListener): () => void;
  /** Number of live subscriptions (tests check nothing is left behind). */
  listenerCount(): number;
}
