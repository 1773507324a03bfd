// The only bridge between the sandboxed renderer and main: `window.floe` and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_REQUEST_CHANNEL } from '../shared/api/ipc-channels';
import { createFloeApi } from './floe-api';

const floe = createFloeApi({
  invoke: (channel, payload) => ipcRenderer.invoke(IPC_REQUEST_CHANNEL, channel, payload),
  onEvent: (listener) => {
    ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, channel: unknown, payload: unknown) =>
      listener(channel, payload),
    );
  },
  reportListenerError: (channel, error) =>
    console.error(`floe: a listener for ${channel} failed`, error),
});

contextBridge.exposeInMainWorld('floe', floe);
