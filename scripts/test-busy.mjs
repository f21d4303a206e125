// `node scripts/test-busy.mjs [tier…]`: `npm test` (or the tiers named, as `npm test -- <tier>` takes them) while a
// busy loop runs on every core, to prove the suite waits on conditions and not on time (issue 19). The hogs run at
// normal priority in worker threads of this process and stop with it.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const cores = availableParallelism();
const hogs = Array.from({ length: cores }, () => new Worker('for (;;) Math.sqrt(Math.random());', { eval: true }));
console.log(`[test-busy] ${cores} busy loops running beside the suite`);

const test = spawn('npm', ['test', '--', ...process.argv.slice(2)], { stdio: 'inherit' });
const stop = (code) => {
  for (const h of hogs) void h.terminate();
  process.exit(code);
};
test.on('exit', (code, signal) => stop(code ?? (signal ? 1 : 0)));
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => test.kill(s));
