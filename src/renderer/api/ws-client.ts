// FloeApi over the web host's WebSocket (ws-protocol.ts): requests answered by id, events pushed.
// Reconnects with exponential backoff; requests made while disconnected wait for the socket (up to
// their timeout); requests in flight when it drops fail, since the engine may or may not have run them.
import type {
  ApiResponse,
  EventChannel,
  FloeApi,
  PushedEvents,
  RequestChannel,
  RequestPayload,
  RequestResults,
} from '../../shared/api/contract';
import { isEventChannel } from '../../shared/api/event-channels';
import { FloeApiError } from '../../shared/api/api-error';
import { WS_PATH, type WsRequestFrame } from '../../shared/api/ws-protocol';
import type { ApiHandle, ConnectionState } from './connection';

/** The part of the browser's WebSocket this client uses (the `ws` package's class fits too). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export interface WsClientOptions {
  url: string;
  createSocket?: WebSocketFactory;
  /** First reconnect delay; doubles per failure up to maxBackoffMs. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  requestTimeoutMs?: number;
  /** Frames that are not valid protocol messages (a bug on the other side). */
  onProtocolError?: (message: string) => void;
}

const OPEN = 1;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
  frame: string;
  sent: boolean;
}

/** `ws(s)://<host>/api?token=<token>` for the page at `location`. */
export function webSocketUrl(location: { protocol: string; host: string; search: string }): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${WS_PATH}?token=${encodeURIComponent(token)}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export class WsClient implements ApiHandle {
  readonly api: FloeApi;
  private socket: WebSocketLike | null = null;
  private current: ConnectionState = 'connecting';
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly eventListeners = new Map<EventChannel, Set<(payload: never) => void>>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failures = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;
  private readonly createSocket: WebSocketFactory;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly requestTimeoutMs: number;
  private readonly onProtocolError: (message: string) => void;

  constructor(private readonly options: WsClientOptions) {
    this.createSocket =
      options.createSocket ?? ((url) => new WebSocket(url) as unknown as WebSocketLike);
    this.initialBackoffMs = options.initialBackoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 5000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 120_000;
    this.onProtocolError =
      options.onProtocolError ?? ((message) => console.error(`floe api: ${message}`));
    this.api = {
      request: (channel, payload) => this.request(channel, payload),
      on: (channel, listener) => this.on(channel, listener),
    };
    this.connect();
  }

  state(): ConnectionState {
    return this.current;
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  dispose(): void {
    this.disposed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.close(1000, 'disposed');
    this.socket = null;
    for (const [id, pending] of this.pending) this.fail(id, pending, 'the client was closed');
    this.setState('closed');
  }

  private request<C extends RequestChannel>(
    channel: C,
    payload: RequestPayload<C>,
  ): Promise<RequestResults[C]> {
    if (this.disposed) {
      return Promise.reject(new FloeApiError({ code: 'failed', message: 'the client was closed' }));
    }
    const id = this.nextId++;
    const frame: WsRequestFrame = { type: 'request', id, channel, payload };
    return new Promise<RequestResults[C]>((resolve, reject) => {
      const timer = setTimeout(() => {
        const pending = this.pending.get(id);
        if (pending)
          this.fail(id, pending, `no answer to ${channel} within ${this.requestTimeoutMs} ms`);
      }, this.requestTimeoutMs);
      const pending: Pending = {
        resolve: (value) => resolve(value as RequestResults[C]),
        reject,
        timer,
        frame: JSON.stringify(frame),
        sent: false,
      };
      this.pending.set(id, pending);
      this.flush();
    });
  }

  private on<E extends EventChannel>(
    channel: E,
    listener: (event: PushedEvents[E]) => void,
  ): () => void {
    let set = this.eventListeners.get(channel);
    if (!set) {
      set = new Set();
      this.eventListeners.set(channel, set);
    }
    // The map is keyed by channel, so each set only ever holds listeners of that channel's payload.
    const stored = listener as (payload: never) => void;
    set.add(stored);
    return () => set.delete(stored);
  }

  private connect(): void {
    if (this.disposed) return;
    let socket: WebSocketLike;
    try {
      socket = this.createSocket(this.options.url);
    } catch (error) {
      this.onProtocolError(`cannot open ${this.options.url}: ${String(error)}`);
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (socket !== this.socket) return;
      this.failures = 0;
      this.setState('open');
      this.flush();
    });
    socket.addEventListener('message', (event) => {
      if (socket === this.socket) this.receive(event.data);
    });
    socket.addEventListener('close', () => {
      if (socket !== this.socket) return;
      this.socket = null;
      for (const [id, pending] of this.pending) {
        if (pending.sent) this.fail(id, pending, 'the connection to Floe Studio was lost');
      }
      this.scheduleReconnect();
    });
    // 'error' is always followed by 'close', which does the work.
    socket.addEventListener('error', () => undefined);
  }

  private scheduleReconnect(): void {
    if (this.disposed) return;
    this.setState('reconnecting');
    const delay = Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** this.failures);
    this.failures++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delay);
  }

  private flush(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== OPEN) return;
    for (const pending of this.pending.values()) {
      if (pending.sent) continue;
      socket.send(pending.frame);
      pending.sent = true;
    }
  }

  private receive(data: unknown): void {
    let frame: unknown;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      this.onProtocolError('a frame that is not JSON');
      return;
    }
    if (!isObject(frame)) {
      this.onProtocolError('a frame that is not an object');
      return;
    }
    if (frame.type === 'response' && typeof frame.id === 'number' && isObject(frame.response)) {
      this.settle(frame.id, frame.response as ApiResponse<unknown>);
    } else if (frame.type === 'event' && isEventChannel(frame.channel)) {
      for (const listener of this.eventListeners.get(frame.channel) ?? []) {
        (listener as (payload: unknown) => void)(frame.payload);
      }
    } else {
      this.onProtocolError(`an unknown frame (type ${String(frame.type)})`);
    }
  }

  private settle(id: number, response: ApiResponse<unknown>): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    clearTimeout(pending.timer);
    if (response.ok) pending.resolve(response.value);
    else pending.reject(new FloeApiError(response.error));
  }

  private fail(id: number, pending: Pending, message: string): void {
    this.pending.delete(id);
    clearTimeout(pending.timer);
    pending.reject(new FloeApiError({ code: 'failed', message }));
  }

  private setState(state: ConnectionState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
