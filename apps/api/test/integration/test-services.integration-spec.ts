import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Redis from 'ioredis';
import { Client } from 'pg';
import { eventually } from '../factories/load';
import { freePort, ROOT } from '../utils/processes';

/**
 * `npm test` on a machine without PostgreSQL or Redis (issue 18, 6): scripts/test-services.mjs finds nothing at the
 * configured addresses, starts an embedded PostgreSQL and a redis-server on free ports, hands their addresses to
 * the tests, and stops both afterwards. Where both answer (this machine, CI) it starts nothing.
 */
describe('npm test: its own PostgreSQL and Redis when none answer', () => {
  const listening = (port: number) =>
    new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port });
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });

  /** Runs startTestServices in a child (it is an ES module) with `env`; prints the variables it adds as JSON. */
  const services = (env: Record<string, string>) => {
    const module = pathToFileURL(join(ROOT, 'scripts/test-services.mjs')).href;
    const script = `
      import { startTestServices } from ${JSON.stringify(module)};
      const s = await startTestServices({ env: ${JSON.stringify(env)}, log: (m) => console.log(m) });
      console.log('ENV ' + JSON.stringify(s.env));
      process.stdin.once('data', async () => { await s.stop(); console.log('stopped'); process.exit(0); });
    `;
    const proc = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    proc.stdout?.on('data', (d) => (out += d));
    proc.stderr?.on('data', (d) => (out += d));
    const line = (pattern: RegExp) =>
      eventually(
        `"${pattern.source}" from test-services`,
        async () => {
          if (proc.exitCode !== null && !pattern.test(out)) throw new Error(`exited ${proc.exitCode}:\n${out}`);
          return pattern.exec(out);
        },
        120_000,
      );
    return { proc, line, output: () => out };
  };

  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('starts an embedded PostgreSQL and a redis-server on other ports, and stops them after the run', async () => {
    const [pgPort, redisPort] = [await freePort(), await freePort()];
    const s = services({
      TEST_ADMIN_DATABASE_URL: `postgres://postgres@127.0.0.1:${pgPort}/postgres`,
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
    });
    child = s.proc;
    const [, json] = await s.line(/^ENV (.*)$/m);
    const env = JSON.parse(json) as Record<string, string>;
    expect(s.output()).toContain(`PostgreSQL is not reachable at 127.0.0.1:${pgPort}; starting an embedded PostgreSQL`);
    expect(s.output()).toContain(`Redis is not reachable at redis://127.0.0.1:${redisPort}; starting redis-server`);
    expect(env.E2E_ADMIN_DATABASE_URL).toBe(env.TEST_ADMIN_DATABASE_URL);

    const db = new Client({ connectionString: env.TEST_ADMIN_DATABASE_URL });
    await db.connect();
    const { rows } = await db.query<{ port: string }>(`SELECT current_setting('port') AS port`);
    await db.end();
    const ownPgPort = Number(new URL(env.TEST_ADMIN_DATABASE_URL).port);
    expect(Number(rows[0].port)).toBe(ownPgPort);
    expect(ownPgPort).not.toBe(pgPort);

    const redis = new Redis(env.REDIS_URL, { maxRetriesPerRequest: 1 });
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
    const ownRedisPort = Number(new URL(env.REDIS_URL).port);
    expect(ownRedisPort).not.toBe(redisPort);

    s.proc.stdin?.write('stop\n');
    await s.line(/^stopped$/m);
    expect(await listening(ownPgPort)).toBe(false);
    expect(await listening(ownRedisPort)).toBe(false);
  }, 180_000);

  it('starts nothing where PostgreSQL and Redis answer at the configured addresses', async () => {
    const s = services({
      TEST_ADMIN_DATABASE_URL: process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    });
    child = s.proc;
    const [, json] = await s.line(/^ENV (.*)$/m);
    expect(JSON.parse(json)).toEqual({});
    expect(s.output()).not.toContain('starting');
    s.proc.stdin?.write('stop\n');
    await s.line(/^stopped$/m);
  }, 60_000);
});
