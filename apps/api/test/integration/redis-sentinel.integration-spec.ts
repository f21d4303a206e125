import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QUEUES } from '../../src/core/queue/queues';
import { VALIDATE_JOB, validationJobId } from '../../src/modules/validation/validation.service';
import { LOAD_PASSWORD, seedFirms, type SeededFirm } from '../factories/load';
import { startTestStack, type TestStack } from '../utils/app';
import { eventually } from '../utils/eventually';
import { freePort, startRedisProcess, startWorker, type Managed } from '../utils/processes';

const MASTER = 'portal';
const FIRMS = 240;
/** Submissions in flight at once during the burst. */
const IN_FLIGHT = 8;
/** The primary is killed once this many submissions were answered. */
const KILL_AFTER = 60;
/**
 * Jobs of returns validated before the failover delivered once more, as a failover delivers a job whose end the
 * new primary never received (the old one had not passed it on): whether a run shows such a case is chance.
 */
const DELIVERED_AGAIN = 20;

/**
 * Redis under Sentinel (issue 19): a primary, a replica and three Sentinels on loopback ports; the API and the real
 * worker process find the primary through the Sentinels. In the middle of a burst of submissions the primary is
 * killed (SIGKILL); in a second burst, with the old primary back as a replica, the Sentinels are told to fail over
 * (`SENTINEL FAILOVER`: the primary is demoted while it runs). Each time every submission is answered, every return
 * is validated, and none twice (a job delivered again after the failover finds its revision checked and changes
 * nothing; one lost is queued again by the worker's sweep).
 */
describe('Redis Sentinel: a failover during a burst of submissions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portal-sentinel-'));
  const redis: Managed[] = [];
  let primary: Managed;
  let primaryPort: number;
  let replicaPort: number;
  let sentinelPorts: number[];
  let s: TestStack | undefined;
  let worker: Managed | undefined;
  let firms: SeededFirm[];
  let secondFirms: SeededFirm[];
  const tokens = new Map<string, string>();
  const clients: Redis[] = [];
  const client = (port: number) => {
    const c = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, lazyConnect: true });
    c.on('error', () => undefined);
    clients.push(c);
    return c;
  };

  /** The arguments of a primary or replica on `port`, its files in the suite's directory. */
  const server = (port: number, name: string) => [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--dbfilename',
    `${name}.rdb`,
    '--save',
    '',
    '--appendonly',
    'no',
  ];

  beforeAll(async () => {
    primaryPort = await freePort();
    replicaPort = await freePort();
    sentinelPorts = [await freePort(), await freePort(), await freePort()];
    primary = await startRedisProcess(server(primaryPort, 'primary'));
    redis.push(primary);
    redis.push(
      await startRedisProcess([...server(replicaPort, 'replica'), '--replicaof', '127.0.0.1', String(primaryPort)]),
    );
    for (const [i, port] of sentinelPorts.entries()) {
      const conf = join(dir, `sentinel-${i}.conf`);
      // Sentinels rewrite their file (what they learn of the others): one writable file each.
      writeFileSync(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${dir}`,
          `sentinel monitor ${MASTER} 127.0.0.1 ${primaryPort} 2`,
          `sentinel down-after-milliseconds ${MASTER} 1000`,
          `sentinel failover-timeout ${MASTER} 10000`,
          `sentinel parallel-syncs ${MASTER} 1`,
          '',
        ].join('\n'),
      );
      redis.push(await startRedisProcess([conf, '--sentinel'], /\+monitor master/));
    }
    // Ready for a failover: the replica in sync, and every Sentinel knowing the replica and the two other Sentinels.
    const replica = client(replicaPort);
    await eventually(
      'replica in sync',
      async () => /master_link_status:up/.test(await replica.info('replication')),
      30_000,
    );
    for (const port of sentinelPorts) {
      const sentinel = client(port);
      await eventually(
        `Sentinel ${port} sees the replica and the other Sentinels`,
        async () => {
          const replicas = (await sentinel.call('SENTINEL', 'REPLICAS', MASTER)) as unknown[];
          const others = (await sentinel.call('SENTINEL', 'SENTINELS', MASTER)) as unknown[];
          return replicas.length === 1 && others.length === 2;
        },
        60_000,
      );
    }

    s = await startTestStack({
      env: {
        REDIS_SENTINELS: sentinelPorts.map((p) => `127.0.0.1:${p}`).join(','),
        REDIS_SENTINEL_NAME: MASTER,
        // The plain URL still names the database; its host is not used with Sentinels (a closed port proves it).
        REDIS_URL: `redis://127.0.0.1:${await freePort()}/0`,
        THROTTLE_LOGIN_PER_MINUTE: '10000',
        JOB_SWEEP_SECONDS: '2',
        WORKER_CONCURRENCY: '4',
      },
    });
    firms = await seedFirms(s.ds, FIRMS, { tag: 'RDFL' });
    secondFirms = await seedFirms(s.ds, FIRMS, { tag: 'RDFM' });
    const everyone = [...firms, ...secondFirms];
    for (let i = 0; i < everyone.length; i += 40) {
      await Promise.all(
        everyone
          .slice(i, i + 40)
          .map(async (f) => tokens.set(f.username, (await s!.login(f.username, LOAD_PASSWORD)).accessToken)),
      );
    }
    worker = await startWorker(s.config);
  }, 300_000);

  afterAll(async () => {
    // Everything this suite started goes, also when a step above failed.
    await worker?.stop('SIGKILL');
    await s?.close().catch(() => undefined);
    for (const c of clients) c.disconnect();
    await Promise.all(redis.map((r) => r.stop('SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /**
   * A burst of the firms' submissions, `disrupt` called once KILL_AFTER were answered; then every return validated
   * once and the Sentinels naming `newPrimary`. Prints the figures of docs/scaling.md.
   */
  async function burst(label: string, group: SeededFirm[], disrupt: () => Promise<void>, newPrimary: number) {
    const stack = s!;
    const ids = group.map((f) => f.returnId);
    const versions = new Map<string, number>(
      (await stack.ds.query(`SELECT id, version FROM statistical_return WHERE id = ANY($1)`, [ids])).map(
        (r: { id: string; version: number }) => [r.id, r.version],
      ),
    );
    // The Sentinels' word of the failover, as it happens.
    const watcher = client(sentinelPorts[0]);
    const switched = new Promise<number>((resolve) => {
      watcher.on('message', (channel) => channel === '+switch-master' && resolve(Date.now()));
    });
    await watcher.subscribe('+switch-master');

    const latencies: { at: number; ms: number }[] = [];
    const failures: string[] = [];
    let answered = 0;
    let disruptedAt = 0;
    const submit = async (f: SeededFirm): Promise<void> => {
      const t = Date.now();
      const r = await stack.call('POST', `/api/returns/${f.returnId}/submit`, {
        token: tokens.get(f.username),
        body: { version: versions.get(f.returnId) },
      });
      latencies.push({ at: t, ms: Date.now() - t });
      if (r.status >= 300 || r.body.status !== 'VALIDATING') failures.push(`${r.status} ${r.text.slice(0, 200)}`);
      answered += 1;
      if (answered === KILL_AFTER) {
        disruptedAt = Date.now();
        await disrupt();
      }
    };
    const logFrom = worker!.output().length;
    const queue = [...group];
    const started = Date.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let f = queue.shift(); f; f = queue.shift()) await submit(f);
      }),
    );
    const burstMs = Date.now() - started;
    expect(failures).toEqual([]);
    expect(disruptedAt).toBeGreaterThan(0);
    let timer: NodeJS.Timeout | undefined;
    const switchedAt = await Promise.race([
      switched,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no +switch-master within 60 s of the kill')), 60_000);
      }),
    ]).finally(() => clearTimeout(timer));
    // The replica is the primary now.
    expect(await client(sentinelPorts[1]).call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', MASTER)).toEqual([
      '127.0.0.1',
      String(newPrimary),
    ]);

    // Every return validated: none left waiting (a job lost with the primary's last writes is queued again by the
    // worker's sweep).
    await eventually(
      'every submission validated',
      async () =>
        (
          await stack.ds.query(
            `SELECT count(*)::int AS n FROM statistical_return WHERE id = ANY($1) AND status = 'VALIDATING'`,
            [ids],
          )
        )[0].n === 0,
      180_000,
    );
    const drainedAt = Date.now();
    // The jobs of the first returns validated, delivered again through the real worker: each changes nothing.
    const validationQueue = stack.app.get<Queue>(getQueueToken(QUEUES.validation));
    const again: { return_id: string }[] = await stack.ds.query(
      `SELECT return_id FROM validation_run WHERE return_id = ANY($1) AND revision = 1 ORDER BY finished_at LIMIT $2`,
      [ids, DELIVERED_AGAIN],
    );
    for (const { return_id: returnId } of again) {
      const jobId = validationJobId(returnId, 1);
      await validationQueue.remove(jobId);
      await validationQueue.add(VALIDATE_JOB, { returnId, revision: 1 }, { jobId });
    }
    await eventually(
      'the jobs delivered again are done',
      async () =>
        (await Promise.all(again.map(({ return_id: r }) => validationQueue.getJobState(validationJobId(r, 1))))).every(
          (state) => state === 'completed',
        ),
      60_000,
    );
    // Exactly one stored run of the submitted revision and one decision (audit entry) per return.
    const perReturn: { id: string; status: string; runs: number; run_status: string; decisions: number }[] =
      await stack.ds.query(
        `SELECT r.id, r.status, v.runs, v.status AS run_status,
                (SELECT count(*)::int FROM audit_log a
                  WHERE a.entity_id = r.id::text AND a.action LIKE '%validation-%') AS decisions
           FROM statistical_return r JOIN validation_run v ON v.return_id = r.id AND v.revision = 1
          WHERE r.id = ANY($1)`,
        [ids],
      );
    expect(perReturn).toHaveLength(FIRMS);
    const wrong = perReturn.filter(
      (r) => r.runs !== 1 || r.run_status !== 'DONE' || r.decisions !== 1 || r.status !== 'SUBMITTED',
    );
    expect(wrong).toEqual([]);
    const doubled = await stack.ds.query(
      `SELECT return_id, rule_id, cells FROM validation_finding WHERE return_id = ANY($1)
        GROUP BY return_id, revision, rule_id, cells HAVING count(*) > 1`,
      [ids],
    );
    expect(doubled).toEqual([]);

    // The figures of docs/scaling.md: the longest pause between two validations finishing (the workers' wait for the
    // new primary), the answers after the failover began, the jobs delivered again and those the sweep queued again.
    const [{ pause_ms: pauseMs }] = await stack.ds.query(
      `SELECT round(max(gap))::int AS pause_ms FROM (
         SELECT extract(epoch FROM finished_at - lag(finished_at) OVER (ORDER BY finished_at)) * 1000 AS gap
           FROM validation_run WHERE return_id = ANY($1) AND revision = 1) g`,
      [ids],
    );
    const after = latencies
      .filter((l) => l.at + l.ms >= disruptedAt)
      .map((l) => l.ms)
      .sort((a, b) => a - b);
    const logged = () =>
      worker!
        .output()
        .slice(logFrom)
        .split('\n')
        .flatMap((line) => {
          try {
            return [JSON.parse(line) as { msg?: string; validations?: { requeued: number } }];
          } catch {
            return [];
          }
        });
    const skipped = () => logged().filter((l) => l.msg === 'validation already done').length;
    // Each job delivered again logged that it found its revision checked (the lines may trail the job's end).
    await eventually('the worker logs each job delivered again', async () => skipped() >= DELIVERED_AGAIN, 30_000);
    const redelivered = skipped();
    const requeued = logged().reduce((n, l) => n + (l.validations?.requeued ?? 0), 0);
    process.stdout.write(
      `sentinel failover (${label}): ${FIRMS} submissions in ${burstMs} ms, failover begun after ${KILL_AFTER} ` +
        `answers; +switch-master ${switchedAt - disruptedAt} ms after that; answers after it: ${after.length}, ` +
        `p95 ${after[Math.ceil(after.length * 0.95) - 1]} ms, max ${after[after.length - 1]} ms; longest pause ` +
        `between two validations ${pauseMs} ms; all validated ${drainedAt - disruptedAt} ms after it; jobs ` +
        `delivered again that changed nothing: ${redelivered} (${DELIVERED_AGAIN} of them by the test); validations queued again by the sweep: ${requeued}\n`,
    );
  }

  it('kills the primary during the burst: every submission answered and validated once, none lost', async () => {
    await burst('primary killed', firms, () => primary.stop('SIGKILL'), replicaPort);
  }, 400_000);

  it('fails over on command during the next burst, the old primary back as a replica: the same', async () => {
    // The old primary returns, empty, as a replica of the new one; ready when it is in sync and every Sentinel sees
    // it as a healthy replica (a failover needs one).
    redis.push(
      await startRedisProcess([
        ...server(primaryPort, 'primary-again'),
        '--replicaof',
        '127.0.0.1',
        String(replicaPort),
      ]),
    );
    const back = client(primaryPort);
    await eventually(
      'old primary in sync',
      async () => /master_link_status:up/.test(await back.info('replication')),
      30_000,
    );
    for (const port of sentinelPorts) {
      const sentinel = client(port);
      await eventually(
        `Sentinel ${port} sees the old primary as a healthy replica`,
        async () => {
          const replicas = (await sentinel.call('SENTINEL', 'REPLICAS', MASTER)) as string[][];
          return replicas.some((r) => {
            const info = Object.fromEntries(r.flatMap((v, i) => (i % 2 ? [] : [[v, r[i + 1]]])));
            return info.port === String(primaryPort) && info.flags === 'slave' && info['master-link-status'] === 'ok';
          });
        },
        60_000,
      );
    }
    await burst(
      'SENTINEL FAILOVER',
      secondFirms,
      async () => {
        expect(await client(sentinelPorts[2]).call('SENTINEL', 'FAILOVER', MASTER)).toBe('OK');
      },
      primaryPort,
    );
  }, 400_000);
});
