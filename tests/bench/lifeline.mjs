// Preloaded into every server child (node --import): the benchmark holds the child's stdin
// open; when the benchmark goes away for any reason (even SIGKILL), stdin ends and the child
// stops itself with SIGTERM, i.e. through its own graceful shutdown. Nothing else changes.
process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
