import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../utils/db';
import { freePort, ROOT } from '../utils/processes';

/**
 * `npm start` (scripts/start.mjs) keeps the stack up when a child crashes (issue 13, "Also"): the worker killed
 * with SIGKILL is started again after a logged back-off, ends up ready again, and the API kept answering.
 */
describe('npm start supervises the API and the worker', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataDir: string;
  let start: ChildProcess;
  let out = '';
  let apiUrl: string;

  const waitForOutput = (pattern: RegExp, what: string, timeoutMs = 120_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.match(pattern);
        if (m) {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(m);
        }
      };
      const poll = setInterval(check, 100);
      const timer = setTimeout(() => {
        clearInterval(poll);
        reject(new Error(`${what} did not happen in ${timeoutMs} ms:\n${out.slice(-5000)}`));
      }, timeoutMs);
      check();
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'portal-start-'));
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    start = spawn(process.execPath, ['scripts/start.mjs', '--no-web'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        DATABASE_URL: db.url,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        QUEUE_PREFIX: `test-start-${randomBytes(4).toString('hex')}`,
        JWT_SECRET: randomBytes(32).toString('hex'),
        PORT: String(port),
        DEMO: 'false',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (d) => (out += d));
    start.stderr?.on('data', (d) => (out += d));
    await waitForOutput(/is running/, 'npm start');
  }, 180_000);

  afterAll(async () => {
    if (start && start.exitCode === null) {
      const exited = new Promise((r) => start.once('exit', r));
      start.kill('SIGTERM');
      await exited;
    }
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts a killed worker after a logged back-off of 1 s, and the worker is ready again', async () => {
    const [, pid] = await waitForOutput(/\[portal\] worker running \(pid (\d+)\)/, 'the worker pid line');
    const readyBefore = out.match(/worker ready/g)?.length ?? 0;
    expect(readyBefore).toBe(1);
    process.kill(Number(pid), 'SIGKILL');
    await waitForOutput(/\[portal\] worker exited \(SIGKILL\); restarting in 1 s \(restart 1\)/, 'the restart notice');
    const [, newPid] = await waitForOutput(/\[portal\] worker restarted \(pid (\d+)\)/, 'the restart');
    expect(newPid).not.toBe(pid);
    await waitForOutput(/worker ready[\s\S]*worker ready/, 'the restarted worker ready');
    // The API was not taken down with the worker, and npm start is still running.
    const health = await fetch(`${apiUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(start.exitCode).toBeNull();
  }, 180_000);
});
