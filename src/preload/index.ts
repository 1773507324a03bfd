// The only bridge between the sandboxed renderer and main: `window.floe`, built from the contract's
// channel lists. Requests go out on one IPC channel and come back as ApiResponse; events come in on
// another. Unknown channels are refused here too, before anything crosses the process boundary.
import { contextBridge, ipcRenderer } from 'electron';
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
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../shared/api/ipc-channels';

type Listener = (payload: unknown) => void;
const listeners = new Map<EventChannel, Set<Listener>>();

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, channel: unknown, payload: unknown) => {
  if (!isEventChannel(channel)) return;
  for (const listener of [...(listeners.get(channel) ?? [])]) {
    try {
      listener(payload);
    } catch (error) {
      // One broken subscriber must not starve the others; the renderer's console shows it.
      console.error(`floe: listener for ${channel} failed`, error);
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
  const response = (await ipcRenderer.invoke(IPC_REQUEST_CHANNEL, channel, payload)) as ApiResponse<
    RequestResults[C]
  >;
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
  // Payloads on this channel were sent by main for exactly this event channel.
  const entry: Listener = (payload) => listener(payload as PushedEvents[E]);
  const set = listeners.get(channel) ?? new Set<Listener>();
  set.add(entry);
  listeners.set(channel, set);
  return () => {
    set.delete(entry);
  };
}

const floe: FloeApi = { request, on };
contextBridge.exposeInMainWorld('floe', floe);
