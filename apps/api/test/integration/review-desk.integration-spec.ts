import { Queue, QueueEvents } from 'bullmq';
import { redisConnection } from '../../src/core/queue/queues';
import { aReturnContent, aTradeLine } from '../factories/returns';
import { submitted } from '../factories/review';
import { listQuery, startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';
import { startSmtpSink, waitForMail } from '../utils/smtp-sink';

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=) in a header, decoded. */
function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

/**
 * The reviewer's desk: inbox scoping and sorting, bulk approval, the overdue list, reminders by notification and
 * real SMTP (a local sink), and SLA escalation by the worker's maintenance job.
 */
describe('review desk', () => {
  let s: TestStack;
  let worker: Managed;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let mails: Awaited<ReturnType<typeof startSmtpSink>>['mails'];
  const ids: Record<string, string> = {};
  let filedQ3: { id: string; currentRevision: number };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    mails = smtp.mails;
    s = await startTestStack({
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'portal@commerce.example.cn',
        BULK_APPROVE_SAMPLE_PERCENT: '0',
      },
    });
    worker = await startWorker(s.config);
    const rows = await s.ds.query(
      `SELECT r.id, e.name_zh, r.period_code FROM statistical_return r JOIN enterprise e ON e.id = r.enterprise_id`,
    );
    for (const r of rows) ids[`${r.name_zh.slice(0, 4)} ${r.period_code}`] = r.id;
    // 西安云图 files 2026Q3 (late): it waits in the Xi'an inbox and is no longer owed.
    filedQ3 = await submitted(s, 'firm-xian-1', '2026Q3', (p) => aReturnContent(p));
  });
  afterAll(async () => {
    await worker?.stop();
    await s?.close();
    await smtp?.close();
  });

  const inbox = (as: string, q: Parameters<typeof listQuery>[0] = {}) =>
    s.call('GET', `/api/review/inbox${listQuery(q)}`, { as });

  it('shows each reviewer the returns waiting at their level in their territory, with firm, city and deadline', async () => {
    const xian = await inbox('xian');
    expect(xian.status).toBe(200);
    expect(xian.body.map((r: { id: string }) => r.id).sort()).toEqual(
      [ids['西安云图 2026Q2'], ids['西安丝路 2026Q2'], filedQ3.id].sort(),
    );
    expect(xian.headers.get('content-range')).toBe('review-inbox 0-2/3');
    const sentBack = xian.body.find((r: { status: string }) => r.status === 'SENT_BACK');
    expect(sentBack).toMatchObject({
      enterpriseName: '西安丝路工程设计有限公司',
      reviewUnitName: '西安市',
      periodCode: '2026Q2',
      dueDate: '2026-07-15',
      level: 'MUNICIPAL',
      late: true,
      // Sent back months ago in the demo calendar: far past the 5-day SLA.
      overSla: true,
      openFindings: 0,
    });
    expect(sentBack.ageDays).toBeGreaterThan(5);

    const xianyang = await inbox('xianyang');
    expect(xianyang.body.map((r: { enterpriseName: string; status: string }) => [r.enterpriseName, r.status])).toEqual([
      ['杨陵农科检测服务有限公司', 'SUBMITTED'],
    ]);
    const foreign = await inbox('xianyang', { filter: { reviewUnitCode: '610100' } });
    expect(foreign.body).toEqual([]);

    const province = await inbox('province');
    expect(province.body.map((r: { id: string; level: string }) => [r.id, r.level])).toEqual([
      [ids['西安秦岭 2026Q2'], 'PROVINCIAL'],
    ]);
  });

  it('computes a missing materiality: |Δ of offshore execution + services exports| / provincial total with it', async () => {
    const row = (await inbox('xian', { filter: { id: ids['西安云图 2026Q2'] } })).body[0];
    // 2026Q2: exports 1,250,000 + 320,000.50, offshore execution 200,000; approved 2026Q1: 840,000 + 172,000 and
    // 180,000, a change of 578,000.50. Nothing of 2026Q2 is approved in the province yet: the weight is taken
    // against the province's approved 2026Q1 (that one firm's 840,000 + 172,000 + 180,000), not against nothing —
    // which would make every return 100 % material and bulk approval useless early in the cycle.
    expect(row.materiality).toBeCloseTo(578_000.5 / (1_192_000 + 578_000.5), 6);
  });

  it('sorts by materiality and filters by period, lateness and text', async () => {
    await s.ds.query('UPDATE statistical_return SET materiality = 0.004 WHERE id = $1', [ids['西安云图 2026Q2']]);
    await s.ds.query('UPDATE statistical_return SET materiality = 0.3 WHERE id = $1', [ids['西安丝路 2026Q2']]);
    await s.ds.query('UPDATE statistical_return SET materiality = 0.001 WHERE id = $1', [filedQ3.id]);
    const desc = await inbox('xian', { sort: ['materiality', 'DESC'] });
    expect(desc.body.map((r: { materiality: number }) => r.materiality)).toEqual([0.3, 0.004, 0.001]);
    const asc = await inbox('xian', { sort: ['materiality', 'ASC'] });
    expect(asc.body.map((r: { materiality: number }) => r.materiality)).toEqual([0.001, 0.004, 0.3]);
    expect(
      (await inbox('xian', { filter: { late: true, periodCode: '2026Q2' } })).body.map((r: { id: string }) => r.id),
    ).toEqual([ids['西安丝路 2026Q2']]);
    expect((await inbox('xian', { filter: { q: '云图' }, sort: ['age', 'ASC'] })).body).toHaveLength(2);
    expect((await inbox('xian', { filter: { periodCode: '2026Q1' } })).body).toEqual([]);
    expect((await inbox('xian', { sort: ['shoeSize', 'ASC'] })).status).toBe(400);
  });

  it('bulk approval takes immaterial returns without open findings and refuses the rest with a reason', async () => {
    const [{ exists }] = await s.ds.query(`SELECT to_regclass('validation_finding') IS NOT NULL AS exists`);
    expect(exists).toBe(true);
    const firmB = filedQ3;
    await s.ds.query(
      `INSERT INTO validation_finding (return_id, revision, rule_id, severity, cells, message_zh, message_en, status)
       VALUES ($1, $2, 'R-T01', 'EXPLAIN', '[]', '环比增幅过大', 'large change', 'OPEN')`,
      [firmB.id, firmB.currentRevision],
    );
    const res = await s.call('POST', '/api/review/bulk-approve', {
      as: 'xian',
      body: { ids: [ids['西安云图 2026Q2'], ids['西安丝路 2026Q2'], firmB.id, ids['咸阳智汇 2025Q3']] },
    });
    expect(res.status).toBe(200);
    expect(res.body.approved).toEqual([ids['西安云图 2026Q2']]);
    expect(res.body.heldBack).toEqual([]);
    const refused = Object.fromEntries(res.body.refused.map((r: { id: string; reason: string }) => [r.id, r.reason]));
    expect(refused).toEqual({
      [ids['西安丝路 2026Q2']]: 'MATERIAL',
      [firmB.id]: 'OPEN_FINDINGS',
      [ids['咸阳智汇 2025Q3']]: 'NOT_FOUND',
    });
    // Each reason names the firm and its period and prints shares as percentages: no ids, no raw floats.
    const message = Object.fromEntries(
      res.body.refused.map((r: { id: string; message_zh: string; message_en: string }) => [r.id, r]),
    );
    expect(message[ids['西安丝路 2026Q2']].message_zh).toBe(
      '西安丝路工程设计有限公司（2026Q2）：影响度 30.0% 不低于批量审核上限 1.0%，请逐份审核',
    );
    expect(message[ids['西安丝路 2026Q2']].message_en).toBe(
      '西安丝路工程设计有限公司 (2026Q2): materiality 30.0% is not below the bulk limit 1.0%; review it individually',
    );
    expect(message[firmB.id].message_zh).toBe('西安云图软件科技有限公司（2026Q3）：有 1 条未处理的审核问题');
    expect(message[ids['咸阳智汇 2025Q3']].message_zh).toBe('报表 不存在或无权访问');
    expect(message[ids['咸阳智汇 2025Q3']].message_en).toBe('The return does not exist or is not accessible');
    const approved = (await s.call('GET', `/api/returns/${ids['西安云图 2026Q2']}`, { as: 'xian' })).body;
    expect(approved.status).toBe('MUNICIPAL_APPROVED');
  });

  it('holds back a sample for manual review (here all of it: BULK_APPROVE_SAMPLE_PERCENT = 100)', async () => {
    // The API reads the same config object the test stack was built with.
    s.config.BULK_APPROVE_SAMPLE_PERCENT = 100;
    try {
      await s.ds.query('UPDATE statistical_return SET materiality = 0.002 WHERE id = $1', [ids['西安秦岭 2026Q2']]);
      const res = await s.call('POST', '/api/review/bulk-approve', {
        as: 'province',
        body: { ids: [ids['西安秦岭 2026Q2']] },
      });
      expect(res.body).toEqual({ approved: [], heldBack: [ids['西安秦岭 2026Q2']], refused: [] });
      expect((await s.call('GET', `/api/returns/${ids['西安秦岭 2026Q2']}`, { as: 'province' })).body.status).toBe(
        'MUNICIPAL_APPROVED',
      );
    } finally {
      s.config.BULK_APPROVE_SAMPLE_PERCENT = 0;
    }
  });

  it('lists, per review unit, the firms that owe the period and have not filed (催报)', async () => {
    const res = await s.call('GET', '/api/review/overdue?periodCode=2026Q3', { as: 'province' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ periodCode: '2026Q3', dueDate: '2026-10-15', pastDue: true });
    const byUnit = Object.fromEntries(
      res.body.units.map((u: { reviewUnitCode: string; notFiled: { nameZh: string }[]; owing: number }) => [
        u.reviewUnitCode,
        [u.owing, u.notFiled.map((f) => f.nameZh).sort()],
      ]),
    );
    // 西安云图 filed 2026Q3 (beforeAll) and 杨陵农科 in the demo; the others still owe it.
    expect(byUnit['610100']).toEqual([3, ['西安丝路工程设计有限公司', '西安秦岭数据服务有限公司']]);
    expect(byUnit['610400']).toEqual([2, ['咸阳智汇信息技术有限公司']]);
    const city = await s.call('GET', '/api/review/overdue?periodCode=2026Q3', { as: 'xianyang' });
    expect(city.body.units.map((u: { reviewUnitCode: string }) => u.reviewUnitCode)).toEqual(['610400']);
    expect((await s.call('GET', '/api/review/overdue?periodCode=26Q3', { as: 'xianyang' })).status).toBe(400);
  });

  it('reminds a firm in the app and by e-mail, with a Chinese subject, to the firm user’s address', async () => {
    await s.ds.query(`UPDATE app_user SET email = 'tianbao@zhihui-xy.example.cn' WHERE username = 'firm-xianyang-1'`);
    const firm = (await s.call('GET', '/api/enterprises', { as: 'firm-xianyang-1' })).body[0].id;
    const res = await s.call('POST', '/api/review/reminders', {
      as: 'xianyang',
      body: { periodCode: '2026Q3', enterpriseIds: [firm, ids['西安云图 2026Q2']] },
    });
    expect(res.status).toBe(200);
    expect(res.body.notified).toEqual([
      { enterpriseId: firm, nameZh: '咸阳智汇信息技术有限公司', users: 1, mailTo: 1 },
    ]);
    expect(res.body.skipped).toEqual([{ enterpriseId: ids['西安云图 2026Q2'], reason: 'NOT_OWING' }]);

    const notes = await s.call('GET', `/api/notifications${listQuery({ filter: { unread: true } })}`, {
      as: 'firm-xianyang-1',
    });
    const reminder = notes.body.find((n: { kind: string }) => n.kind === 'REMINDER');
    expect(reminder.titleZh).toContain('催报');
    expect(reminder.body).toContain('已逾期');
    const read = await s.call('POST', `/api/notifications/${reminder.id}/read`, { as: 'firm-xianyang-1' });
    expect(read.status).toBe(200);
    expect((await s.call('POST', `/api/notifications/${reminder.id}/read`, { as: 'xianyang' })).status).toBe(404);

    await waitForMail(mails, () => true, 60_000);
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual(['tianbao@zhihui-xy.example.cn']);
    const subject = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(mails[0].raw)![1].replace(/\r\n[ \t]/g, ' ');
    expect(decodeHeader(subject)).toBe('【催报】请尽快报送 2026Q3 服务贸易统计报表');
  });

  it('escalates returns past their review SLA to the province once (maintenance job review.escalate)', async () => {
    const queue = new Queue('maintenance', {
      connection: redisConnection(s.config.REDIS_URL),
      prefix: s.config.QUEUE_PREFIX,
    });
    const events = new QueueEvents('maintenance', {
      connection: redisConnection(s.config.REDIS_URL),
      prefix: s.config.QUEUE_PREFIX,
    });
    try {
      await events.waitUntilReady();
      const run = async () => (await queue.add('review.escalate', {})).waitUntilFinished(events, 20_000);
      // The worker also runs the job when it starts (its hourly schedule): whatever was due is sent by now, once.
      await run();
      expect(await run()).toEqual({ escalated: 0 });
      const notes = await s.call(
        'GET',
        `/api/notifications${listQuery({ filter: { kind: 'ESCALATION' }, range: [0, 99] })}`,
        {
          as: 'province',
        },
      );
      const links = notes.body.map((n: { link: string }) => n.link);
      expect(links).toContain(`/returns/${ids['西安丝路 2026Q2']}`);
      expect(links).toContain(`/returns/${ids['西安秦岭 2026Q2']}`);
      expect(new Set(links).size).toBe(links.length);
      // Filed today: within the SLA, not escalated.
      expect(links).not.toContain(`/returns/${filedQ3.id}`);
      expect(
        (await s.call('GET', `/api/notifications${listQuery({ filter: { kind: 'ESCALATION' } })}`, { as: 'xian' }))
          .body,
      ).toEqual([]);
    } finally {
      await events.close();
      await queue.close();
    }
  });

  it('weighs a return against the approved figures of its province and period', async () => {
    // 西安云图's 2026Q3 (exports 125,000.50 USD and 8,800 CNY, offshore execution 120,000 USD) approved at both levels.
    const status = async () =>
      (await s.ds.query('SELECT status, version FROM statistical_return WHERE id = $1', [filedQ3.id]))[0];
    if ((await status()).status === 'SUBMITTED') {
      const city = await s.call('POST', `/api/returns/${filedQ3.id}/approve`, {
        as: 'xian',
        body: { version: (await status()).version },
      });
      expect(city.status).toBe(200);
    }
    const province = await s.call('POST', `/api/returns/${filedQ3.id}/approve`, {
      as: 'province',
      body: { version: (await status()).version },
    });
    expect(province.status).toBe(200);
    const [{ cny_per_usd: rate }] = await s.ds.query(
      `SELECT v.cny_per_usd FROM statistical_return r
         JOIN return_revision v ON v.return_id = r.id AND v.revision = r.approved_revision WHERE r.id = $1`,
      [filedQ3.id],
    );
    const provincial = 125_000.5 + Math.round((8800 / Number(rate)) * 100) / 100 + 120_000;
    // 咸阳 firm 1 has no approved 2026Q2: its change is all of its 2026Q3 headline, 125,000.50 + 120,000.
    const other = await submitted(s, 'firm-xianyang-1', '2026Q3', (p) =>
      aReturnContent(p, { servicesTrade: [aTradeLine()] }),
    );
    const [{ materiality }] = await s.ds.query('SELECT materiality FROM statistical_return WHERE id = $1', [other.id]);
    expect(Number(materiality)).toBeCloseTo(245_000.5 / (provincial + 245_000.5), 6);
  });
});
