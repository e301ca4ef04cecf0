import { ROOM_ENV, startRoomServer } from './room-server';

/**
 * Starts one room server for the whole run and hands its ready info to the workers through
 * the environment (workers are forked after global setup, so they inherit it). The returned
 * function is Playwright's teardown: it stops the server and removes its data folder.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startRoomServer();
  process.env[ROOM_ENV] = JSON.stringify(server.info);
  return () => server.stop();
}
