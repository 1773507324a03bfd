// Messages of the web mode's WebSocket: the same contract as the desktop IPC, as JSON frames.
import type { ApiResponse, EventChannel, PushedEvents, RequestChannel } from './contract';

export interface WsRequestFrame {
  type: 'request';
  id: number;
  channel: RequestChannel;
  payload: unknown;
}

export interface WsResponseFrame {
  type: 'response';
  id: number;
  response: ApiResponse<unknown>;
}

export interface WsEventFrame<E extends EventChannel = EventChannel> {
  type: 'event';
  channel: E;
  payload: PushedEvents[E];
}

export type WsServerFrame = WsResponseFrame | WsEventFrame;

/** Path of the socket on the web host; the token travels as `?token=`. */
export const WS_PATH = '/api';
