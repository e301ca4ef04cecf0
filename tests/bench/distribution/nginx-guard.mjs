// Runs nginx in the foreground for the distribution benchmark and stops it when the
// benchmark's end of our stdin closes, even if the benchmark was killed with SIGKILL (nginx
// itself never notices its parent going away). Usage: node nginx-guard.mjs <nginx> <args…>
// Prints {"pid": <nginx master pid>} once nginx is started; exits with nginx's exit code.
import { spawn } from 'node:child_process';

const [bin, ...args] = process.argv.slice(2);
if (!bin) {
  process.stderr.write('usage: node nginx-guard.mjs <nginx binary> <args…>\n');
  process.exit(2);
}
const nginx = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const stop = () => {
  if (nginx.exitCode === null && nginx.signalCode === null) nginx.kill('SIGTERM');
};
nginx.once('spawn', () => process.stdout.write(`${JSON.stringify({ pid: nginx.pid })}\n`));
nginx.once('error', (err) => {
  process.stderr.write(`cannot start ${bin}: ${err.message}\n`);
  process.exit(127);
});
nginx.once('exit', (code, signal) => process.exit(code ?? (signal === 'SIGTERM' ? 0 : 1)));
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
