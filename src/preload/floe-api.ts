// `window.floe` built from the contract's channel lists, over any invoke/subscribe pair (Electron IPC
// in index.ts; plain functions in the unit test). Unknown channels are refused before anything is
// sent; failed responses reject with FloeApiError (whose message carries the code, since Electron's
// contextBridge copies only an Error's message).
import { FloeApiError } from '../shared/api/api-error';
import { isEventChannel, isRequestChannel } from '../shared/api/contract';
import type {
  ApiResponse,
  EventChannel,
  FloeApi,
  PushedEvents,
  RequestChannel,
  RequestResults,
} from '../shared/api/contract';

export interface FloeTransport {
  invoke(channel: RequestChannel, payload: unknown): Promise<unknown>;
  /** Registers the single listener for every pushed event. */
  onEvent(listener: (channel: unknown, payload: unknown) => void): void;
  /** Where a subscriber's exception is reported (it must not starve the others). */
  reportListenerError?: (channel: EventChannel, error: unknown) => void;
}

type Listener = (payload: unknown) => void;

export function createFloeApi(transport: FloeTransport): FloeApi {
  const listeners = new Map<EventChannel, Set<Listener>>();

  transport.onEvent((channel, payload) => {
    if (!isEventChannel(channel)) return;
    for (const listener of [...(listeners.get(channel) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        transport.reportListenerError?.(channel, error);
      }
    }
  });

  async function request<C extends RequestChannel>(
    channel: C,
    payload: unknown,
  ): Promise<RequestResults[C]> {
    if (!isRequestChannel(channel)) {
      throw new FloeApiError({
        code: 'unknown_channel',
        message: `Unknown channel ${JSON.stringify(String(channel))}.`,
      });
    }
    // Main answers every request with an ApiResponse (see ipc-bridge); the value's type is the channel's.
    const response = (await transport.invoke(channel, payload)) as ApiResponse<RequestResults[C]>;
    if (!response.ok) throw new FloeApiError(response.error);
    return response.value;
  }

  function on<E extends EventChannel>(
    channel: E,
    listener: (event: PushedEvents[E]) => void,
  ): () => void {
    if (!isEventChannel(channel) || typeof listener !== 'function') {
      throw new FloeApiError({
        code: 'unknown_channel',
        message: `Unknown event channel ${JSON.stringify(String(channel))}.`,
      });
    }
    // Payloads are delivered per channel, so this one's payload is PushedEvents[E].
    const entry: Listener = (payload) => listener(payload as PushedEvents[E]);
    const set = listeners.get(channel) ?? new Set<Listener>();
    set.add(entry);
    listeners.set(channel, set);
    return () => {
      set.delete(entry);
    };
  }

  return { request, on };
}
