// Decisions about the services `npm start` and `npm test` run on one machine, kept free of side effects so unit
// tests can cover them (scripts/local-services.spec.ts). The code acting on them: scripts/stack.mjs,
// scripts/embedded-postgres.mjs and scripts/test-services.mjs.
import { dirname, join, resolve } from 'node:path';

export const APP = 'service-trade-portal';
export const DEFAULT_ADMIN_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * Host and port of a postgres:// or redis:// URL, with the scheme's default port.
 * @param {string} url
 */
export function hostPort(url) {
  const u = new URL(url);
  const fallback = u.protocol.startsWith('redis') ? 6379 : 5432;
  return { host: u.hostname, port: Number(u.port || fallback) };
}

/**
 * The per-user runtime folder under the system's temporary folder (TMPDIR), e.g. /tmp/service-trade-portal-0.
 * @param {{ tmpdir: string, uid: number }} o
 */
export function runtimeDir({ tmpdir, uid }) {
  return join(tmpdir, `${APP}-${uid}`);
}

/**
 * Whether the user `who` ({ uid, gid }) can walk down to `path`: every folder from / to `path` grants it search
 * (x) permission, by owner, group or others bits. `statMode(dir)` returns { mode, uid, gid } of a folder.
 * Supplementary groups and ACLs are not considered; a folder they would open counts as closed.
 * @param {string} path
 * @param {{ uid: number, gid: number }} who
 * @param {(dir: string) => { mode: number, uid: number, gid: number } | null} statMode
 */
export function reachable(path, who, statMode) {
  const dirs = [];
  for (let d = resolve(path); ; d = dirname(d)) {
    dirs.push(d);
    if (dirname(d) === d) break;
  }
  return dirs.every((d) => {
    const st = statMode(d);
    if (!st) return true; // not created yet: its creator decides, the folders above it are checked
    if (st.uid === who.uid) return (st.mode & 0o100) !== 0;
    if (st.gid === who.gid) return (st.mode & 0o010) !== 0;
    return (st.mode & 0o001) !== 0;
  });
}

/**
 * Where the embedded PostgreSQL and the generated JWT secret of `npm start` live. DATA_DIR wins; otherwise
 * `<checkout>/.data`, unless the process runs as root and the `postgres` user (who runs initdb and postgres for
 * root, see embedded-postgres) cannot reach the checkout, as in a clone under /root or a `mktemp -d` folder
 * (mode 0700): then `data` in the runtime folder, which everybody can reach.
 * @param {{ configured?: string, checkout: string, uid: number, postgresCanReachCheckout: boolean, tmpdir: string }} o
 * @returns {{ dir: string, reason: 'DATA_DIR' | 'checkout' | 'runtime' }}
 */
export function embeddedDataDir({ configured, checkout, uid, postgresCanReachCheckout, tmpdir }) {
  if (configured) return { dir: resolve(checkout, configured), reason: 'DATA_DIR' };
  if (uid !== 0 || postgresCanReachCheckout) return { dir: join(checkout, '.data'), reason: 'checkout' };
  return { dir: join(runtimeDir({ tmpdir, uid }), 'data'), reason: 'runtime' };
}

/**
 * Where embedded-postgres is loaded from: the installed package, or (as root, when the `postgres` user cannot
 * reach node_modules) a copy in the runtime folder, as initdb and postgres are executed as that user.
 * @param {{ uid: number, postgresCanReachPackage: boolean, runtime: string, version: string }} o
 * @returns {{ copy: boolean, dir?: string }}
 */
export function embeddedBinaries({ uid, postgresCanReachPackage, runtime, version }) {
  if (uid !== 0 || postgresCanReachPackage) return { copy: false };
  return { copy: true, dir: join(runtime, `embedded-postgres-${version}`) };
}

/**
 * What `npm test` does for PostgreSQL and Redis: use the configured ones when something answers at their
 * address (CI, a developer's machine), otherwise start its own for the run. Redis needs `redis-server` on PATH.
 * @param {{ postgres: { url: string, reachable: boolean },
 *   redis: { url: string, reachable: boolean, serverOnPath: boolean } }} o
 * @returns {{ postgres: 'use' | 'embedded', redis: 'use' | 'spawn', error?: string }}
 */
export function planTestServices({ postgres, redis }) {
  /** @type {{ postgres: 'use' | 'embedded', redis: 'use' | 'spawn', error?: string }} */
  const plan = {
    postgres: postgres.reachable ? 'use' : 'embedded',
    redis: redis.reachable ? 'use' : 'spawn',
  };
  if (!redis.reachable && !redis.serverOnPath) {
    plan.error =
      `Redis is not reachable at ${redis.url} and redis-server is not on PATH: start Redis, set REDIS_URL, or ` +
      `install it (Debian/Ubuntu: apt-get install -y redis-server) / ` +
      `无法连接 Redis，且找不到 redis-server：请启动 Redis、设置 REDIS_URL 或安装 redis-server`;
  }
  return plan;
}

/**
 * The one line the browser tests stop with when Chromium is not at `path` (CHROMIUM_PATH or Debian's); null when
 * it is there.
 * @param {string} path
 * @param {boolean} exists
 */
export function chromiumProblem(path, exists) {
  if (exists) return null;
  return (
    `Chromium not found at ${path}: install it with \`apt-get install -y chromium\` (Debian/Ubuntu) or set ` +
    `CHROMIUM_PATH / 浏览器测试需要 Chromium：请运行 apt-get install -y chromium 或设置 CHROMIUM_PATH`
  );
}
