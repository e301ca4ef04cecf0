// Preloaded into the room server child (node --import): the benchmark holds the child's stdin
// open; when the benchmark goes away for any reason (even SIGKILL), stdin ends and the child
// stops itself with SIGTERM, i.e. through its own graceful shutdown. Nothing else changes.
//
// Same as ../lifeline.mjs but only on the main thread: worker threads inherit --import, and a
// worker's process.stdin ends at once, so there it would SIGTERM the whole server as soon as
// the server starts its PDF-inspection worker (the first upload).
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();
}
