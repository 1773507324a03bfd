// One place the engine pushes events to; the Electron IPC bridge and every web socket subscribe.
import type { EventChannel, PushedEvents } from '../../shared/api/contract';
import type { EventHub, HubEvent, HubListener } from './types';

export interface EventHubOptions {
  /** A listener that throws must not starve the others; it is reported here instead. */
  onListenerError?: (error: unknown) => void;
}

export function createEventHub(options: EventHubOptions = {}): EventHub {
  const listeners = new Set<HubListener>();
  return {
    emit<E extends EventChannel>(channel: E, payload: PushedEvents[E]) {
      // A mapped union cannot be built from a generic pair without this assertion; `channel` and
      // `payload` are tied together by the signature above.
      const event = { channel, payload } as HubEvent;
      // Copy so a listener that unsubscribes (or subscribes) while we iterate does not skew delivery.
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          options.onListenerError?.(error);
        }
      }
    },
    subscribe(listener) {
      // Wrap so the same function subscribed twice gets two independent subscriptions.
      const entry: HubListener = (event) => listener(event);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    listenerCount() {
      return listeners.size;
    },
  };
}
