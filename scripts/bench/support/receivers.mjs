// Local HTTP endpoints standing in for an OpenLineage backend or an OTLP collector: one that answers
// at once (counting requests), and one that accepts requests and never answers (a hung backend).
import { createServer } from 'node:http';

/** mode 'ok' answers 200 with `{}`; 'hang' never answers. Resolves { url, requests(), close() }. */
export async function startReceiver(mode) {
  let requests = 0;
  const sockets = new Set();
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      if (mode === 'ok') response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
