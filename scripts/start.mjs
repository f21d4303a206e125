// `npm start`: the portal with demo data on an embedded default. See scripts/stack.mjs.
// `npm start -- --no-web` leaves the web app out (the API and worker only).
import { startStack, superviseChildren } from './stack.mjs';

const colours = { api: 36, worker: 35, web: 32, migrate: 33, seed: 34 };
const output = (name, chunk) => {
  for (const line of String(chunk).split('\n')) {
    if (line.trim()) process.stdout.write(`\x1b[${colours[name] ?? 37}m[${name}]\x1b[0m ${line}\n`);
  }
};

const log = (m) => console.log(`[portal] ${m}`);
const web = !process.argv.includes('--no-web');
const stack = await startStack({ output, log, web }).catch((e) => {
  console.error(`\n${e.message}`);
  process.exit(1);
});
const demo = stack.env.DEMO === 'true';
const password = process.env.DEMO_PASSWORD ?? 'Demo@2026';
console.log(`
  服务贸易与服务外包统计直报平台 is running
${stack.webUrl ? `    web  ${stack.webUrl}\n` : ''}    api  ${stack.apiUrl}/api   (OpenAPI: ${stack.apiUrl}/api/docs)
${
  demo
    ? `  Demo logins 演示账号 (password 密码: ${password}):
    admin            系统管理员 administrator
    province         省级审核员 + 省级统计人员 provincial reviewer and statistician
    xian, xianyang   市级审核员 municipal reviewers
    firm-xian-1, firm-xianyang-1   企业填报人 firm users
`
    : ''
}  Ctrl+C stops everything.
`);
// A crashed API or worker is started again with back-off (scripts/stack.mjs superviseChildren); the web server
// and Redis are not, and their exit stops everything.
const cancelRestarts = superviseChildren(stack, log);
for (const c of stack.children) log(`${c.name} running (pid ${c.proc.pid})`);
let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  cancelRestarts();
  await stack.stop();
  process.exit(code);
};
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => stop(0));
for (const c of stack.children) {
  if (c.name === 'api' || c.name === 'worker') continue;
  c.proc.once('exit', (code) => {
    if (stopping) return;
    console.error(`[portal] ${c.name} exited (${code}); stopping`);
    void stop(1);
  });
}
