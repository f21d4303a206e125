import { listQuery, startTestStack, type TestStack } from '../utils/app';

/**
 * The deadline cycle of a quarter (issue 15): the province edits a period, holidays move a deadline, extensions and
 * exemptions are granted and revoked with a reason the firm is told, a firm asks for an extension and the province
 * answers, drafts and unfiled firms are late by the calendar, and reminders keep a history and an interval.
 *
 * The demo's 2026Q3 was due on 2026-10-15 and locks on 2026-12-31; its draft of 西安云图 (firm-xian-1) is
 * therefore late whenever this suite runs after 2026-10-15 (the demo data assumes late 2026).
 */
describe('deadline cycle', () => {
  let s: TestStack;
  let firms: { id: string; nameZh: string }[];
  const firm = (name: string) => firms.find((f) => f.nameZh === name)!.id;
  const YT = '西安云图软件科技有限公司';
  const QINLING = '西安秦岭数据服务有限公司';

  const myDraft = async () => {
    const list = await s.call('GET', `/api/returns${listQuery({ filter: { periodCode: '2026Q3' } })}`, {
      as: 'firm-xian-1',
    });
    expect(list.status).toBe(200);
    return list.body[0];
  };
  const notifications = async (as: string) =>
    (await s.call('GET', `/api/notifications${listQuery({ filter: { kind: 'DEADLINE' } })}`, { as })).body as {
      titleZh: string;
      body: string;
      link: string;
    }[];

  /** The quality annex's cell for a city of the province, 2026Q3 (逾期未报: `overdue`, 逾期报送: `late`). */
  const annex = async (city: string, col: 'overdue' | 'late' | 'expected' | 'reported') => {
    const res = await s.call('GET', '/api/official-tables/qa_reporting?period=2026Q3&territory=610000', {
      as: 'province',
    });
    expect(res.status).toBe(200);
    const view = res.body as { columns: { key: string }[]; rows: { key: string; cells: { text: string }[] }[] };
    return Number(view.rows.find((r) => r.key === city)!.cells[view.columns.findIndex((c) => c.key === col)].text);
  };

  beforeAll(async () => {
    s = await startTestStack();
    firms = (await s.call('GET', `/api/enterprises${listQuery({ range: [0, 99] })}`, { as: 'admin' })).body;
  });
  afterAll(() => s.close());

  it('flags a draft past its deadline as late on the list, the page and the late filter', async () => {
    const draft = await myDraft();
    expect(draft).toMatchObject({ status: 'DRAFT', dueDate: '2026-10-15', late: true, extensionUntil: null });
    // At least the days from 2026-10-16 to 2026-12-07 (the day this suite was written): 53.
    expect(draft.daysLate).toBeGreaterThanOrEqual(53);
    const page = await s.call('GET', `/api/returns/${draft.id}`, { as: 'firm-xian-1' });
    expect(page.body).toMatchObject({ late: true, daysLate: draft.daysLate });
    const late = await s.call('GET', `/api/returns${listQuery({ filter: { late: true, periodCode: '2026Q3' } })}`, {
      as: 'xian',
    });
    expect(late.body.map((r: { id: string }) => r.id)).toContain(draft.id);
    const standing = await s.call('GET', '/api/periods/2026Q3/standing', { as: 'firm-xian-1' });
    expect(standing.body).toMatchObject({
      dueDate: '2026-10-15',
      late: true,
      extension: null,
      exemption: null,
      request: null,
      // The end of 2026-10-15 in Beijing time.
      deadline: '2026-10-15T16:00:00.000Z',
    });
    // The quality annex counts the unfiled firms past the deadline as the reviewers' overdue list names them.
    const overdue = await s.call('GET', '/api/review/overdue?periodCode=2026Q3', { as: 'province' });
    const xian = overdue.body.units.find((u: { reviewUnitCode: string }) => u.reviewUnitCode === '610100');
    expect(xian.notFiled.map((f: { nameZh: string }) => f.nameZh)).toContain(YT);
    expect(await annex('610100', 'overdue')).toBe(xian.notFiled.length);
    expect(await annex('610100', 'overdue')).toBe(
      (await annex('610100', 'expected')) - (await annex('610100', 'reported')),
    );
  });

  it('lets the province edit a period: a due date on a weekend rolls forward, a lock before it is refused', async () => {
    expect(
      (await s.call('PATCH', '/api/periods/2026Q4', { as: 'xian', body: { dueDate: '2027-01-20', reason: '调整' } }))
        .status,
    ).toBe(403);
    // 2027-01-16 is a Saturday: the next working day is Monday 2027-01-18.
    const res = await s.call('PATCH', '/api/periods/2026Q4', {
      as: 'province',
      body: { dueDate: '2027-01-16', lockDate: '2027-02-26', cnyPerUsd: 7.05, reason: '春节前统一截止' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: '2026Q4', dueDate: '2027-01-18', lockDate: '2027-02-26', cnyPerUsd: 7.05 });
    const bad = await s.call('PATCH', '/api/periods/2026Q4', {
      as: 'province',
      body: { lockDate: '2027-01-17', reason: '误操作' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'PERIOD_CALENDAR',
      message_zh: '报告期 2026Q4 的日期不合理：锁定日期 2027-01-17 早于截止日期 2027-01-18',
      message_en: 'The dates of period 2026Q4 do not fit: the lock date 2027-01-17 is before the due date 2027-01-18',
    });
    const audit = await s.call('GET', `/api/audit${listQuery({ filter: { action: 'periods.update' } })}`, {
      as: 'admin',
    });
    expect(audit.body[0]).toMatchObject({
      entityId: '2026Q4',
      details: {
        reason: '春节前统一截止',
        before: { dueDate: '2027-01-15', lockDate: '2027-02-14', cnyPerUsd: 7 },
        after: { dueDate: '2027-01-18', lockDate: '2027-02-26', cnyPerUsd: 7.05 },
      },
    });
  });

  it('moves a coming deadline that falls on a new holiday to the next working day', async () => {
    const res = await s.call('POST', '/api/holidays', {
      as: 'admin',
      body: { date: '2027-01-18', nameZh: '测试调休' },
    });
    expect(res.status).toBe(201);
    expect(res.body.shifted).toEqual([{ code: '2026Q4', from: '2027-01-18', to: '2027-01-19' }]);
    expect((await s.call('GET', '/api/periods/2026Q4', { as: 'firm-xian-1' })).body.dueDate).toBe('2027-01-19');
  });

  it('takes a firm request for an extension to the province, who grants it: the draft is no longer late', async () => {
    const bad = await s.call('POST', '/api/periods/2026Q3/extension-requests', {
      as: 'firm-xian-1',
      body: { until: '2026-10-01', reason: '财务人员变动' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('PERIOD_CALENDAR');
    const res = await s.call('POST', '/api/periods/2026Q3/extension-requests', {
      as: 'firm-xian-1',
      body: { until: '2027-01-10', reason: '财务人员变动，需重新核对合同' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'PENDING', requestedUntil: '2027-01-10' });
    const again = await s.call('POST', '/api/periods/2026Q3/extension-requests', {
      as: 'firm-xian-1',
      body: { until: '2027-01-12', reason: '再次申请' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EXTENSION_REQUEST_PENDING');
    expect((await notifications('province'))[0]).toMatchObject({
      titleZh: `【延期申请】${YT} 申请 2026Q3 报表延期至 2027-01-10`,
      link: '/extension-requests',
    });
    // Only the province's territory and the firm itself see the request.
    expect((await s.call('GET', '/api/extension-requests', { as: 'xianyang' })).body).toEqual([]);
    const mine = await s.call('GET', '/api/extension-requests', { as: 'firm-xian-1' });
    expect(mine.body).toEqual([expect.objectContaining({ id: res.body.id, nameZh: YT, status: 'PENDING' })]);

    const overdueBefore = await annex('610100', 'overdue');
    const decision = { grant: true, note: '同意延期' };
    const url = `/api/extension-requests/${res.body.id}/decision`;
    expect((await s.call('POST', url, { as: 'xian', body: decision })).status).toBe(403);
    expect((await s.call('POST', url, { as: 'firm-xian-1', body: decision })).status).toBe(403);
    const granted = await s.call('POST', url, { as: 'province', body: decision });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ status: 'GRANTED', decisionNote: '同意延期' });
    const twice = await s.call('POST', url, { as: 'province', body: decision });
    expect(twice.status).toBe(409);
    expect(twice.body.message_zh).toBe('该延期申请当前为“已批准”，不能再答复');

    // With its extension running, the firm is no longer counted 逾期未报 in the quality annex.
    expect(await annex('610100', 'overdue')).toBe(overdueBefore - 1);
    const draft = await myDraft();
    // The end of 2027-01-10 in Beijing time.
    expect(draft).toMatchObject({ late: false, daysLate: 0, extensionUntil: '2027-01-10T16:00:00.000Z' });
    expect((await notifications('firm-xian-1'))[0]).toMatchObject({
      titleZh: '【延期】2026Q3 报表已延期至 2027-01-11 00:00（北京时间）',
      link: `/returns/${draft.id}`,
    });
    const standing = (await s.call('GET', '/api/periods/2026Q3/standing', { as: 'firm-xian-1' })).body;
    expect(standing).toMatchObject({
      late: false,
      request: { status: 'GRANTED', decisionNote: '同意延期' },
      extension: { until: '2027-01-10T16:00:00.000Z' },
      deadline: '2027-01-10T16:00:00.000Z',
    });
    // Staff read a firm's standing within their territory only.
    const id = firm(YT);
    expect((await s.call('GET', `/api/periods/2026Q3/standing?enterpriseId=${id}`, { as: 'xian' })).status).toBe(200);
    expect((await s.call('GET', `/api/periods/2026Q3/standing?enterpriseId=${id}`, { as: 'xianyang' })).status).toBe(
      404,
    );
  });

  it('revokes the extension with a reason the firm is told, once', async () => {
    const extensions = (await s.call('GET', '/api/periods/2026Q3/extensions', { as: 'province' })).body;
    const live = extensions.find((x: { nameZh: string; revokedAt: string | null }) => x.nameZh === YT && !x.revokedAt);
    const url = `/api/periods/2026Q3/extensions/${live.id}/revoke`;
    expect((await s.call('POST', url, { as: 'xian', body: { reason: '不符合条件' } })).status).toBe(403);
    const res = await s.call('POST', url, { as: 'province', body: { reason: '延期理由不成立' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ revokeReason: '延期理由不成立' });
    expect((await myDraft()).late).toBe(true);
    expect((await notifications('firm-xian-1'))[0]).toMatchObject({
      titleZh: '【延期撤销】2026Q3 报表的延期已撤销',
      body: `${YT}：省商务厅撤销了 2026Q3 报表的延期。原因：延期理由不成立`,
    });
    const twice = await s.call('POST', url, { as: 'province', body: { reason: '重复' } });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('EXCEPTION_REVOKED');
    const audit = await s.call('GET', `/api/audit${listQuery({ filter: { action: 'periods.extension-revoke' } })}`, {
      as: 'admin',
    });
    expect(audit.body[0].details).toMatchObject({ periodCode: '2026Q3', reason: '延期理由不成立' });
  });

  it('revokes an exemption: the firm owes the period again and can be exempted anew', async () => {
    const id = firm(QINLING);
    const granted = await s.call('POST', '/api/periods/2026Q3/exemptions', {
      as: 'province',
      body: { enterpriseId: id, reason: '本季度无业务' },
    });
    expect(granted.status).toBe(201);
    const owes = async () =>
      (await s.call('GET', `/api/periods/2026Q3/obligations${listQuery({ filter: { id } })}`, { as: 'xian' })).body[0];
    expect(await owes()).toMatchObject({ owes: false, exemptionReason: '本季度无业务', late: false });
    const revoked = await s.call('POST', `/api/periods/2026Q3/exemptions/${granted.body.id}/revoke`, {
      as: 'province',
      body: { reason: '核实有业务发生' },
    });
    expect(revoked.status).toBe(201);
    expect(await owes()).toMatchObject({ owes: true, exemptionReason: null, late: true });
    const listed = (await s.call('GET', '/api/periods/2026Q3/exemptions', { as: 'xian' })).body;
    expect(listed).toEqual([expect.objectContaining({ nameZh: QINLING, revokeReason: '核实有业务发生' })]);
    const anew = await s.call('POST', '/api/periods/2026Q3/exemptions', {
      as: 'province',
      body: { enterpriseId: id, reason: '再次核实无业务' },
    });
    expect(anew.status).toBe(201);
  });

  it('reminds a firm once within the interval and keeps who was reminded when', async () => {
    const id = firm(YT);
    const first = await s.call('POST', '/api/review/reminders', {
      as: 'xian',
      body: { periodCode: '2026Q3', enterpriseIds: [id] },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ notified: [{ enterpriseId: id, nameZh: YT }], skipped: [], intervalHours: 24 });
    const second = await s.call('POST', '/api/review/reminders', {
      as: 'province',
      body: { periodCode: '2026Q3', enterpriseIds: [id] },
    });
    expect(second.body.notified).toEqual([]);
    expect(second.body.skipped).toEqual([expect.objectContaining({ enterpriseId: id, reason: 'RECENTLY_REMINDED' })]);
    const history = await s.call('GET', '/api/review/reminders?periodCode=2026Q3', { as: 'xian' });
    expect(history.body).toEqual([expect.objectContaining({ enterpriseId: id, nameZh: YT, sentByUsername: 'xian' })]);
    expect((await s.call('GET', '/api/review/reminders?periodCode=2026Q3', { as: 'xianyang' })).body).toEqual([]);
    const report = await s.call('GET', '/api/review/overdue?periodCode=2026Q3', { as: 'xian' });
    const yt = report.body.units.flatMap((u: { notFiled: { enterpriseId: string }[] }) => u.notFiled);
    expect(yt.find((f: { enterpriseId: string }) => f.enterpriseId === id)).toMatchObject({
      reminders: 1,
      lastRemindedAt: history.body[0].sentAt,
    });
  });
});
