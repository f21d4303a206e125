// PostgreSQL and Redis for `npm test`: the configured ones when something listens at their address (CI, a
// developer's machine; a TCP connect, milliseconds), otherwise an embedded PostgreSQL and a private redis-server on
// free ports for this run, stopped afterwards. The tests find them through the environment variables returned.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureRuntimeDir, preparePostgresParent, startEmbeddedPostgres } from './embedded-postgres.mjs';
import { DEFAULT_ADMIN_DATABASE_URL, DEFAULT_REDIS_URL, hostPort, planTestServices } from './local-services.mjs';
import { freePort, listening, ROOT } from './stack.mjs';

async function startRedisServer(port) {
  const proc = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  await new Promise((resolve, reject) => {
    const onData = (d) => {
      out += d;
      if (/Ready to accept connections/.test(out)) resolve();
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${out}`)));
  });
  return () =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
}

/**
 * @param {object} o
 * @param {NodeJS.ProcessEnv} o.env the environment the tests will run with
 * @param {(line: string) => void} o.log
 * @returns {Promise<{ env: Record<string, string>, stop: () => Promise<void> }>} variables to add for the tests
 */
export async function startTestServices({ env, log }) {
  const adminUrl = env.TEST_ADMIN_DATABASE_URL ?? DEFAULT_ADMIN_DATABASE_URL;
  const redisUrl = env.REDIS_URL ?? DEFAULT_REDIS_URL;
  const pgAt = hostPort(adminUrl);
  const redisAt = hostPort(redisUrl);
  const [pgUp, redisUp] = await Promise.all([listening(pgAt.host, pgAt.port), listening(redisAt.host, redisAt.port)]);
  const plan = planTestServices({
    postgres: { url: adminUrl, reachable: pgUp },
    redis: {
      url: redisUrl,
      reachable: redisUp,
      serverOnPath: redisUp || spawnSync('sh', ['-c', 'command -v redis-server']).status === 0,
    },
  });
  if (plan.error) throw new Error(plan.error);

  const added = {};
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    if (plan.redis === 'spawn') {
      const port = await freePort();
      log(`Redis is not reachable at ${redisUrl}; starting redis-server on port ${port} for this run`);
      stops.push(await startRedisServer(port));
      added.REDIS_URL = `redis://127.0.0.1:${port}`;
    }
    if (plan.postgres === 'embedded') {
      const port = await freePort();
      log(`PostgreSQL is not reachable at ${pgAt.host}:${pgAt.port}; starting an embedded PostgreSQL on port ${port}`);
      const parent = mkdtempSync(join(ensureRuntimeDir(), 'test-pg-'));
      stops.push(async () => rmSync(parent, { recursive: true, force: true }));
      preparePostgresParent(parent);
      const pg = await startEmbeddedPostgres({ root: ROOT, dataDir: join(parent, 'pg'), port, persistent: false });
      stops.push(pg.stop);
      const admin = pg.url('postgres');
      // Every tier that opens server-level connections: integration, browser and benchmark tests.
      Object.assign(added, {
        TEST_ADMIN_DATABASE_URL: admin,
        E2E_ADMIN_DATABASE_URL: admin,
        BENCH_ADMIN_DATABASE_URL: admin,
      });
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { env: added, stop };
}
