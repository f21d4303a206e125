import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { eventually } from './eventually';
import { freePort } from './processes';

/** The PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup); PG_BIN_DIR overrides Debian's place. */
const BIN = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const execFileP = promisify(execFile);

/** PostgreSQL refuses to run as root: as root, its binaries run as the `postgres` user, who owns the folder. */
const asRoot = userInfo().uid === 0;

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const u = id('-u');
  const g = id('-g');
  if (u.status !== 0 || g.status !== 0) throw new Error('running as root needs a `postgres` user to run PostgreSQL');
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

async function pgBin(bin: string, args: string[]): Promise<void> {
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, bin), ...args]] : [join(BIN, bin), args];
  try {
    await execFileP(cmd, argv, { timeout: 120_000 });
  } catch (e) {
    const err = e as Error & { stdout?: string; stderr?: string };
    throw new Error(`${bin} ${args.join(' ')} failed: ${err.message}\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

export interface ReplicatedPostgres {
  /** postgres:// URL of a database on the primary, and of the same database on the streaming replica. */
  primaryUrl: (db: string) => string;
  replicaUrl: (db: string) => string;
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp: () => Promise<void>;
  /** Stops (resumes) applying the primary's changes on the replica: reads there keep seeing the old state. */
  pauseReplay: () => Promise<void>;
  resumeReplay: () => Promise<void>;
  /** Stops both servers and removes their folder (safe to call twice, and after a failed start). */
  stop: () => Promise<void>;
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * A private primary (wal_level=replica, replication admitted from 127.0.0.1) and a hot-standby streaming replica
 * made from it with `pg_basebackup -R`, each on a free loopback port, in one temporary folder. The machine's own
 * server admits no replication connections, hence a primary of the test's own. Made for the database `db` (created
 * on the primary; the replica follows the whole server).
 */
export async function startReplicatedPostgres(db: string): Promise<ReplicatedPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'portal-replica-'));
  if (asRoot) {
    const { uid, gid } = postgresIds();
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  const started: string[] = [];
  const stop = async () => {
    for (const data of started.splice(0).reverse()) {
      await pgBin('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const primaryPort = await freePort();
    const replicaPort = await freePort();
    const url = (port: number) => (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;
    const primaryUrl = url(primaryPort);
    const replicaUrl = url(replicaPort);
    const start = async (data: string, port: number) => {
      // fsync off: a throwaway cluster of one test run. The socket goes into the test's folder, not /var/run.
      const opts = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c wal_level=replica -c fsync=off`;
      started.push(data);
      await pgBin('pg_ctl', ['-D', data, '-l', `${data}.log`, '-o', opts, '-w', '-t', '90', 'start']);
    };

    await pgBin('initdb', ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    writeFileSync(
      join(primaryDir, 'pg_hba.conf'),
      ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust', ''].join(
        '\n',
      ),
    );
    await start(primaryDir, primaryPort);
    await withClient(primaryUrl('postgres'), (c) => c.query(`CREATE DATABASE ${db}`));
    // -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica of the primary.
    await pgBin('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
    ]);
    await start(replicaDir, replicaPort);

    const caughtUp = async () => {
      const [{ lsn }] = (await withClient(primaryUrl('postgres'), (c) => c.query(`SELECT pg_current_wal_lsn() AS lsn`)))
        .rows;
      await eventually(
        `replica replayed up to ${lsn}`,
        () =>
          withClient(replicaUrl('postgres'), async (c) => {
            const r = await c.query(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done`, [lsn]);
            return r.rows[0].done as boolean;
          }),
        60_000,
      );
    };
    await caughtUp();
    return {
      primaryUrl,
      replicaUrl,
      caughtUp,
      pauseReplay: () =>
        withClient(replicaUrl('postgres'), (c) => c.query('SELECT pg_wal_replay_pause()')).then(() => undefined),
      resumeReplay: () =>
        withClient(replicaUrl('postgres'), (c) => c.query('SELECT pg_wal_replay_resume()')).then(() => undefined),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
