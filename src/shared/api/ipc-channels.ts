// The two Electron IPC channels carrying the API contract between preload and main.
/** invoke(channel, payload) → ApiResponse */
export const IPC_REQUEST_CHANNEL = 'floe:request';
/** send(eventChannel, payload) from main to the window */
export const IPC_EVENT_CHANNEL = 'floe:event';
