// Preloaded into every server child (node --import): the benchmark holds the child's stdin
// open; when the benchmark goes away for any reason (even SIGKILL), stdin ends and the child
// stops itself with SIGTERM, i.e. through its own graceful shutdown. Nothing else changes.
// Worker threads inherit --import but have a stdin that ends at once: only the main thread
// may watch it, or the server would stop itself at its first PDF upload.
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();
}
