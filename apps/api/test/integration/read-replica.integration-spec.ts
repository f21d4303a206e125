import { aReturnContent, aTradeLine } from '../factories/returns';
import { submitted } from '../factories/review';
import { startTestStack, type TestStack } from '../utils/app';
import { eventually } from '../utils/eventually';
import { startWorker, type Managed } from '../utils/processes';
import { startReplicatedPostgres, type ReplicatedPostgres } from '../utils/replicated-postgres';
import { runExport } from '../utils/exports';

/**
 * Read replicas for real (issue 19): the API and the worker run on a private primary with a streaming replica
 * (DATABASE_REPLICA_URLS). Replay on the replica is paused while the primary changes, so a read that shows the old
 * state ran on the replica and one that shows the new state ran on the primary.
 */
describe('read replica: official tables and exports read the replica, everything else the primary', () => {
  let pg: ReplicatedPostgres | undefined;
  let s: TestStack | undefined;
  let worker: Managed | undefined;
  const stack = () => s!;

  const table = async () => {
    const res = await stack().call('GET', '/api/official-tables/so_t01?period=2026Q3&territory=610000', {
      as: 'province',
    });
    expect(res.status).toBe(200);
    return res.body as { coverage: { approvedReturns: number }; snapshotHash: string };
  };

  /** Runs an export as the province to its end and answers its snapshot hash. */
  const exported = async (tableId: string, period: string) =>
    (await runExport(stack(), 'province', { tableId, period, territory: '610000' })).snapshotHash;

  /** Approved returns of the province in 2026Q3, as the primary holds them (the table's coverage count). */
  const approvedOnPrimary = async () => {
    const [{ n }] = await stack().ds.query(
      `SELECT COALESCE(SUM(returns), 0)::int AS n FROM agg_snapshot
        WHERE period_code = '2026Q3' AND level = 'P' AND region_code = '610000'`,
    );
    return n as number;
  };

  beforeAll(async () => {
    pg = await startReplicatedPostgres('portal');
    s = await startTestStack({
      databaseUrl: pg.primaryUrl('portal'),
      env: { DATABASE_REPLICA_URLS: pg.replicaUrl('portal') },
    });
    await s.ds.query(`UPDATE period SET due_date = '2099-12-31', lock_date = '2099-12-31' WHERE code = '2026Q3'`);
    worker = await startWorker(s.config);
  }, 240_000);

  afterAll(async () => {
    await worker?.stop();
    await s?.close();
    await pg?.stop();
  });

  it('an approval reaches the tables and the exports once the replica has replayed it', async () => {
    const r = await submitted(stack(), 'firm-xianyang-1', '2026Q3', (p) =>
      aReturnContent(p, { servicesTrade: [aTradeLine({ categoryCode: 'SJ', amount: 4321 })] }),
    );
    expect(r.status).toBe('SUBMITTED');
    const city = await stack().call('POST', `/api/returns/${r.id}/approve`, {
      as: 'xianyang',
      body: { version: r.version, note: '已核实' },
    });
    expect(city.status).toBe(200);

    await pg!.caughtUp();
    const before = await table();
    expect(before.coverage.approvedReturns).toBe(await approvedOnPrimary());
    const detailBefore = await exported('detail', '2026Q3');

    await pg!.pauseReplay();
    try {
      const province = await stack().call('POST', `/api/returns/${r.id}/approve`, {
        as: 'province',
        body: { version: city.body.version },
      });
      expect(province.status).toBe(200);
      expect(province.body.status).toBe('APPROVED');
      // The primary has the approval; the replica, paused, does not: every read below shows the old state.
      expect(await approvedOnPrimary()).toBe(before.coverage.approvedReturns + 1);
      const paused = await table();
      expect(paused.coverage.approvedReturns).toBe(before.coverage.approvedReturns);
      expect(paused.snapshotHash).toBe(before.snapshotHash);
      // A table export (the worker's official-table reads) and a detail export (its child process) likewise;
      // their jobs' own rows and file chunks are on the primary.
      expect(await exported('so_t01', '2026Q3')).toBe(before.snapshotHash);
      expect(await exported('detail', '2026Q3')).toBe(detailBefore);
    } finally {
      await pg!.resumeReplay();
    }

    const after = await eventually(
      'the approval replayed on the replica shows in the table',
      async () => {
        const t = await table();
        return t.coverage.approvedReturns === before.coverage.approvedReturns + 1 ? t : null;
      },
      60_000,
    );
    expect(after.snapshotHash).not.toBe(before.snapshotHash);
    expect(await exported('detail', '2026Q3')).not.toBe(detailBefore);
  });

  it('a firm reads its own save back from the primary while the replica lags', async () => {
    const opened = await stack().call('POST', '/api/returns', { as: 'firm-xian-1', body: { periodCode: '2026Q3' } });
    expect(opened.status).toBeLessThan(300);
    const content = aReturnContent(opened.body.content.profile, {
      servicesTrade: [aTradeLine({ categoryCode: 'SJ', amount: 8765 })],
    });
    await pg!.pauseReplay();
    try {
      const saved = await stack().call('PUT', `/api/returns/${opened.body.id}/draft`, {
        as: 'firm-xian-1',
        body: { content, version: opened.body.version },
      });
      expect(saved.status).toBe(200);
      const read = await stack().call('GET', `/api/returns/${opened.body.id}`, { as: 'firm-xian-1' });
      expect(read.status).toBe(200);
      expect(read.body.version).toBe(saved.body.version);
      expect(read.body.content.servicesTrade).toEqual([expect.objectContaining({ categoryCode: 'SJ', amount: 8765 })]);
    } finally {
      await pg!.resumeReplay();
    }
  });
});
