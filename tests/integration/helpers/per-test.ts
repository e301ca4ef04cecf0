/**
 * What a test opens — room servers, stock clients, raw sockets — closed after each test
 * (registers the `afterEach`), so a failing test never leaves a server or socket behind.
 */
import { afterEach } from 'vitest';
import type WebSocket from 'ws';
import type * as Y from 'yjs';
import { connectClient, startTestRoom, type TestRoom } from './test-room';

export type StockClient = ReturnType<typeof connectClient>;

export function closedAfterEachTest(defaults: Parameters<typeof startTestRoom>[0] = {}) {
  const rooms: TestRoom[] = [];
  const clients: StockClient[] = [];
  const sockets: WebSocket[] = [];
  afterEach(async () => {
    for (const ws of sockets.splice(0)) ws.terminate();
    for (const c of clients.splice(0)) c.provider.destroy();
    for (const r of rooms.splice(0)) await r.destroy();
  });
  return {
    /** A room server on a random loopback port (on `dataDir` to restart one on the same data). */
    async room(opts: Parameters<typeof startTestRoom>[0] = defaults, dataDir?: string): Promise<TestRoom> {
      const r = await startTestRoom(opts, dataDir);
      rooms.push(r);
      return r;
    },
    /** A stock `WebsocketProvider` on `docName`. */
    client(r: TestRoom, docName: string, token: string, doc?: Y.Doc): StockClient {
      const c = connectClient(r, docName, token, doc);
      clients.push(c);
      return c;
    },
    /** A raw socket, terminated after the test. */
    socket<T extends WebSocket>(ws: T): T {
      sockets.push(ws);
      return ws;
    },
  };
}
