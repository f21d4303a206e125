import { writeBundle } from '@portal/exchange';
import { withUsccCheck } from '@portal/shared';
import { EnterprisesService } from '../../src/modules/enterprises/enterprises.service';
import { historicalFirm, historicalTradeData } from '../factories/exchange';
import { eventually } from '../factories/load';
import { aReturnContent } from '../factories/returns';
import { resubmitted } from '../factories/review';
import { listQuery, startTestStack, type ApiResponse, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';
import { shanghaiDate } from '../../src/modules/periods/calendar';

/**
 * Every workflow works with a database pool of ONE connection, in the API and in the worker (issue 13). A request
 * or job that took a second connection while its transaction holds the first would wait for itself: after
 * DATABASE_ACQUIRE_TIMEOUT_MS it answers 503 SERVICE_BUSY (or the job fails), and the step below fails. With a
 * pool of 20 the same mistake froze the API once 20 such requests arrived together.
 */
describe('one pool connection is enough: no transaction takes a second connection', () => {
  let s: TestStack;
  let worker: Managed;

  const ok = (res: ApiResponse, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text.slice(0, 300)}`);
    return res.body;
  };
  const versionOf = async (id: string): Promise<number> =>
    (await s.ds.query('SELECT version FROM statistical_return WHERE id = $1', [id]))[0].version;
  const act = async (as: string, id: string, action: string, body: Record<string, unknown> = {}) =>
    ok(
      await s.call('POST', `/api/returns/${id}/${action}`, { as, body: { version: await versionOf(id), ...body } }),
      `${action} by ${as}`,
    );
  const upload = async (as: string, name: string, data: Buffer, fields: Record<string, string> = {}) => {
    const created = ok(await s.upload(as, name, data, fields), `upload ${name}`);
    return eventually(
      `import ${name} finished`,
      async () => {
        const job = (await s.call('GET', `/api/imports/${created.id}`, { as })).body;
        return ['SUCCEEDED', 'FAILED'].includes(job.status) ? job : null;
      },
      90_000,
    );
  };

  beforeAll(async () => {
    // Generous: a step that waited for a second connection fails after this; one that did not never waits long.
    s = await startTestStack({ env: { DATABASE_POOL_SIZE: '1', DATABASE_ACQUIRE_TIMEOUT_MS: '10000' } });
    await s.ds.query(
      `UPDATE period SET due_date = '2099-12-31', lock_date = '2099-12-31' WHERE code IN ('2026Q2', '2026Q3')`,
    );
    worker = await startWorker(s.config);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await s?.close();
  });

  it('filing: open, save, copy last quarter, zero return, submit', async () => {
    const opened = ok(
      await s.call('POST', '/api/returns', { as: 'firm-xian-1', body: { periodCode: '2026Q3' } }),
      'open',
    );
    const id = opened.id;
    const copied = ok(
      await s.call('POST', `/api/returns/${id}/copy-previous`, {
        as: 'firm-xian-1',
        body: { version: opened.version },
      }),
      'copy previous',
    );
    expect(copied.content.servicesTrade.length).toBeGreaterThan(0);
    ok(
      await s.call('PUT', `/api/returns/${id}/draft`, {
        as: 'firm-xian-1',
        body: { version: copied.version, content: aReturnContent(copied.content.profile) },
      }),
      'save',
    );
    const submitted = await resubmitted(s, 'firm-xian-1', id, aReturnContent(copied.content.profile));
    expect(submitted.status).toBe('SUBMITTED');

    const zeroOpened = ok(
      await s.call('POST', '/api/returns', { as: 'firm-xianyang-1', body: { periodCode: '2026Q2' } }),
      'open',
    );
    const zero = ok(
      await s.call('POST', `/api/returns/${zeroOpened.id}/zero`, {
        as: 'firm-xianyang-1',
        body: { version: zeroOpened.version },
      }),
      'zero return',
    );
    expect(zero.content.zeroReturn).toBe(true);

    // A RETURNED return is reopened as a new revision by the firm's save.
    const [{ id: returnedId }] = await s.ds.query(
      `SELECT r.id FROM statistical_return r JOIN enterprise e ON e.id = r.enterprise_id
        WHERE r.period_code = '2025Q3' AND r.status = 'RETURNED' AND e.name_zh = '咸阳智汇信息技术有限公司'`,
    );
    const returned = ok(await s.call('GET', `/api/returns/${returnedId}`, { as: 'firm-xianyang-1' }), 'read');
    const reopened = ok(
      await s.call('PUT', `/api/returns/${returnedId}/draft`, {
        as: 'firm-xianyang-1',
        body: { version: returned.version, content: returned.content },
      }),
      'save a returned return',
    );
    expect(reopened).toMatchObject({ status: 'DRAFT', currentRevision: returned.currentRevision + 1 });
  }, 180_000);

  it('review: return with a proposed value, the firm accepts it, both approvals, a correction request', async () => {
    const [{ id }] = await s.ds.query(
      `SELECT r.id FROM statistical_return r JOIN enterprise e ON e.id = r.enterprise_id
        WHERE r.period_code = '2026Q3' AND e.name_zh = '西安云图软件科技有限公司'`,
    );
    await act('xian', id, 'return', {
      reason: '请核对金额',
      comments: [{ path: 'servicesTrade[0].amount', text: '应为 130000', proposedValue: 130000 }],
    });
    const [comment] = ok(await s.call('GET', `/api/returns/${id}/comments`, { as: 'firm-xian-1' }), 'comments');
    ok(
      await s.call('POST', `/api/returns/${id}/comments/${comment.id}/respond`, {
        as: 'firm-xian-1',
        body: { accept: true },
      }),
      'accept the proposal',
    );
    const content = ok(await s.call('GET', `/api/returns/${id}`, { as: 'firm-xian-1' }), 'read').content;
    expect(content.servicesTrade[0].amount).toBe(130000);
    expect((await resubmitted(s, 'firm-xian-1', id, content)).status).toBe('SUBMITTED');
    await act('xian', id, 'approve');
    expect((await act('province', id, 'approve')).status).toBe('APPROVED');
    await act('firm-xian-1', id, 'correction-request', { reason: '审计后发现漏记收入，申请更正' });
    const corrected = ok(
      await s.call('PUT', `/api/returns/${id}/draft`, {
        as: 'firm-xian-1',
        body: { version: await versionOf(id), content },
      }),
      'save the correction',
    );
    expect(corrected.status).toBe('CORRECTION_REQUESTED');
  }, 180_000);

  it('firm profile change, imports (firm and historical) and an export', async () => {
    const firms = ok(await s.call('GET', `/api/enterprises${listQuery({ range: [0, 99] })}`, { as: 'admin' }), 'firms');
    const xianyang = firms.find((e: { nameZh: string }) => e.nameZh === '咸阳智汇信息技术有限公司');
    ok(
      await s.call('POST', `/api/enterprises/${xianyang.id}/profile`, {
        as: 'firm-xianyang-1',
        // Today in Beijing, the portal's calendar (after 16:00 UTC the UTC date is already yesterday there).
        body: { advancedTech: true, validFrom: shanghaiDate() },
      }),
      'profile change',
    );
    // A backdated change waits for the firm's city, which confirms it in one transaction.
    const { from } = await s.app.get(EnterprisesService).validFromBounds();
    const pending = ok(
      await s.call('POST', `/api/enterprises/${xianyang.id}/profile`, {
        as: 'firm-xianyang-1',
        body: { keyEnterprise: false, validFrom: from },
      }),
      'backdated profile change',
    );
    expect(pending.status).toBe('PENDING');
    ok(await s.call('POST', `/api/profile-changes/${pending.id}/confirm`, { as: 'xianyang' }), 'confirm the change');

    const uscc = withUsccCheck('91610102MA6U00098');
    const history = await writeBundle(historicalTradeData(uscc, [historicalFirm(uscc, '西安单连接测试有限公司')]));
    const historical = await upload('admin', 'history.zip', history.zip, { kind: 'HISTORICAL', sourceNote: '旧系统' });
    expect(historical).toMatchObject({ status: 'SUCCEEDED', errorCount: 0 });

    const firmBundle = await writeBundle({
      enterprises: [],
      servicesTrade: [
        {
          uscc: xianyang.uscc,
          period: '2026Q3',
          categoryCode: 'SI',
          partnerCode: 'US',
          direction: 'EXPORT',
          amount: 1000,
          currency: 'USD',
        },
      ],
      contracts: [],
      executions: [],
      workforce: [],
    });
    expect(await upload('firm-xianyang-1', 'firm.zip', firmBundle.zip)).toMatchObject({
      status: 'SUCCEEDED',
      errorCount: 0,
    });

    const created = ok(
      await s.call('POST', '/api/exports', {
        as: 'province',
        body: { tableId: 'so_t01', period: '2021', territory: '610000' },
      }),
      'export',
    );
    const done = await eventually(
      'export finished',
      async () => {
        const job = (await s.call('GET', `/api/exports/${created.id}`, { as: 'province' })).body;
        return ['SUCCEEDED', 'FAILED'].includes(job.status) ? job : null;
      },
      90_000,
    );
    expect(done).toMatchObject({ status: 'SUCCEEDED' });
  }, 240_000);

  it('a pool with no free connection answers 503 SERVICE_BUSY with Retry-After, then serves again', async () => {
    const [{ id }] = await s.ds.query(
      `SELECT r.id FROM statistical_return r JOIN enterprise e ON e.id = r.enterprise_id
        WHERE r.period_code = '2026Q3' AND e.name_zh = '咸阳智汇信息技术有限公司'`,
    );
    const detail = ok(await s.call('GET', `/api/returns/${id}`, { as: 'firm-xianyang-1' }), 'read');
    // The test holds the return's row lock: the API's save waits inside its transaction, on the only connection.
    const blocker = s.ds.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    let saving: Promise<ApiResponse> | undefined;
    try {
      await blocker.query('SELECT id FROM statistical_return WHERE id = $1 FOR UPDATE', [id]);
      saving = s.call('PUT', `/api/returns/${id}/draft`, {
        as: 'firm-xianyang-1',
        body: { version: detail.version, content: detail.content },
      });
      await eventually(
        'the save waits for the lock',
        async () =>
          (
            await s.ds.query(
              `SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND wait_event_type = 'Lock'`,
            )
          )[0].n > 0,
        30_000,
      );
      const busy = await s.call('GET', '/api/periods', { as: 'firm-xianyang-1' });
      expect(busy.status).toBe(503);
      expect(busy.body).toMatchObject({ code: 'SERVICE_BUSY' });
      expect(busy.body.message_zh).toContain('系统繁忙');
      expect(busy.body.message_en).toMatch(/busy/);
      expect(Number(busy.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    expect((await saving!).status).toBe(200);
    expect((await s.call('GET', '/api/periods', { as: 'firm-xianyang-1' })).status).toBe(200);
    expect((await s.call('GET', '/api/health')).status).toBe(200);
  }, 120_000);
});
