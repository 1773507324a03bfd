// The API contract over Electron IPC: one invoke channel for requests (answered only for our own
// top-level app frame) and one push channel for events, batched about once a frame.
import { ipcMain } from 'electron';
import type { WebContents } from 'electron';
import type { ApiResponse } from '../../shared/api/contract';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../../shared/api/ipc-channels';
import { createEventBatcher } from '../api/event-batcher';
import type { Dispatcher, EventHub } from '../api/types';
import { isTrustedSender } from './sender-check';

export interface IpcBridgeOptions {
  dispatcher: Dispatcher;
  events: EventHub;
  /** Whether a frame at this URL is the studio UI (see security-policy isTrustedAppUrl). */
  isTrustedUrl: (url: string) => boolean;
  /** The windows that receive pushed events. */
  targets: () => WebContents[];
}

const FORBIDDEN: ApiResponse<never> = {
  ok: false,
  error: {
    code: 'failed',
    message: 'Refused: the request did not come from the Floe Studio window.',
  },
};

export function registerIpcBridge(options: IpcBridgeOptions): () => void {
  const batcher = createEventBatcher({
    deliver: (events) => {
      for (const contents of options.targets()) {
        if (contents.isDestroyed() || !options.isTrustedUrl(contents.getURL())) continue;
        for (const event of events) contents.send(IPC_EVENT_CHANNEL, event.channel, event.payload);
      }
    },
  });
  const unsubscribe = options.events.subscribe((event) => batcher.push(event));

  ipcMain.handle(IPC_REQUEST_CHANNEL, async (event, channel: unknown, payload: unknown) => {
    // Only the window's own top-level page, showing our UI, may use the API (not an iframe or a page
    // the window was somehow navigated to).
    if (!isTrustedSender(event.senderFrame, options.isTrustedUrl)) return FORBIDDEN;
    const response = await options.dispatcher.handle(channel, payload);
    // Events the request caused reach the window before its answer.
    batcher.flush();
    return response;
  });

  return () => {
    ipcMain.removeHandler(IPC_REQUEST_CHANNEL);
    unsubscribe();
    batcher.dispose();
  };
}
