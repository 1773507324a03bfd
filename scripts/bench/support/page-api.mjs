// The studio's WebSocket API from inside the page (page.evaluate(apiRequest, [channel, payload])):
// one request over a second socket, authenticated with the page's own token.
/* global location -- apiRequest runs in the browser */

export function apiRequest([channel, payload]) {
  return new Promise((resolve, reject) => {
    const token = new URLSearchParams(location.search).get('token') ?? '';
    const socket = new WebSocket(`ws://${location.host}/api?token=${encodeURIComponent(token)}`);
    socket.onopen = () => socket.send(JSON.stringify({ type: 'request', id: 1, channel, payload }));
    socket.onmessage = (message) => {
      const frame = JSON.parse(message.data);
      if (frame.type !== 'response' || frame.id !== 1) return;
      socket.close();
      if (frame.response.ok) resolve(frame.response.value);
      else reject(new Error(JSON.stringify(frame.response)));
    };
    socket.onerror = () => reject(new Error(`socket error on ${channel}`));
  });
}
