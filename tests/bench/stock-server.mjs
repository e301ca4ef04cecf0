// The stock y-websocket server, as the benchmark's baseline: what
// node_modules/@y/websocket-server/src/server.js does, minus the env-var configuration.
// One difference, on purpose: it uses the project's ws 8 (the one our room server uses),
// not the ws 6 that @y/websocket-server bundles for its own bin, so both servers run the
// same WebSocket implementation. No persistence (YPERSISTENCE is not set).
//
// Prints one JSON line {"port": N} on stdout once listening. Stops on SIGTERM/SIGINT (the
// benchmark preloads lifeline.mjs, which sends SIGTERM when the benchmark goes away).
import http from 'node:http';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);

const server = http.createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' });
  response.end('okay');
});

server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => {
    wss.emit('connection', ws, request);
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

// process.exit (not a bare kill) so that --cpu-prof can write its profile.
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
