// One browser tab's socket: request frames go through the dispatcher, answers come back with the
// same id, and hub events are pushed in per-frame batches that wait while the socket's send buffer
// is full (see event-batcher for the cap on a slow client's output).
import type { WebSocket } from 'ws';
import type { WsRequestFrame, WsServerFrame } from '../../shared/api/ws-protocol';
import { createEventBatcher } from '../api/event-batcher';
import type { Dispatcher, EventHub } from '../api/types';

/** Above this many bytes queued in the socket, events wait in the batcher instead. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;
/** 1008 = policy violation: the client sent something that is not a request frame. */
const CLOSE_POLICY_VIOLATION = 1008;

export interface SocketSessionOptions {
  dispatcher: Dispatcher;
  events: EventHub;
}

export function attachSocket(socket: WebSocket, options: SocketSessionOptions): () => void {
  const send = (frame: WsServerFrame): void => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const batcher = createEventBatcher({
    canDeliver: () => socket.bufferedAmount < HIGH_WATER_BYTES,
    deliver: (events) => {
      for (const event of events)
        send({ type: 'event', channel: event.channel, payload: event.payload });
    },
  });
  const unsubscribe = options.events.subscribe((event) => batcher.push(event));

  socket.on('message', (data, isBinary) => {
    const frame = isBinary ? null : parseRequestFrame(data.toString());
    if (frame === null) {
      socket.close(CLOSE_POLICY_VIOLATION, 'Expected a JSON request frame.');
      return;
    }
    void options.dispatcher.handle(frame.channel, frame.payload).then((response) => {
      // Events the handler caused go out before its answer, so the client sees them in order.
      batcher.flush();
      send({ type: 'response', id: frame.id, response });
    });
  });

  const dispose = (): void => {
    unsubscribe();
    batcher.dispose();
  };
  socket.on('close', dispose);
  socket.on('error', dispose);
  return dispose;
}

/** The channel is left unchecked here on purpose: the dispatcher answers unknown ones. */
export function parseRequestFrame(
  text: string,
): (Pick<WsRequestFrame, 'id' | 'payload'> & { channel: unknown }) | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const id = record['id'];
  if (record['type'] !== 'request' || typeof id !== 'number' || !Number.isSafeInteger(id))
    return null;
  return { id, channel: record['channel'], payload: record['payload'] };
}
