import { aReturnContent, aTradeLine } from '../factories/returns';
import { resubmitted, submitted } from '../factories/review';
import type { Managed } from '../utils/processes';
import { startWorker } from '../utils/processes';
import { listQuery, startTestStack, type TestStack } from '../utils/app';

/**
 * Two-level review (DOMAIN.md §4, issue 5): the firm files, the city returns or approves, the province approves,
 * returns or sends back; corrections of approved returns; proposed corrections; concurrency.
 */
/** The firm's submission and the validation job's answer (one or more rounds before a return is SUBMITTED). */
const SUBMISSION_STEPS = ['submit', 'validation-passed', 'validation-failed'];

describe('review workflow', () => {
  let s: TestStack;
  let worker: Managed;
  const get = (as: string, id: string) => s.call('GET', `/api/returns/${id}`, { as });
  const act = (as: string, id: string, action: string, body: Record<string, unknown>) =>
    s.call('POST', `/api/returns/${id}/${action}`, { as, body });
  const versionOf = async (id: string) =>
    (await s.ds.query('SELECT version FROM statistical_return WHERE id = $1', [id]))[0].version;

  beforeAll(async () => {
    s = await startTestStack();
    // Submission may go through the validation job in the worker; the tests wait for SUBMITTED either way.
    worker = await startWorker(s.config);
    await s.ds.query(
      `UPDATE period SET due_date = '2099-12-31', lock_date = '2099-12-31' WHERE code IN ('2025Q4', '2026Q3')`,
    );
  });
  afterAll(async () => {
    await worker?.stop();
    await s?.close();
  });

  describe('returned with a comment on a cell, fixed, approved at both levels', () => {
    let id: string;
    let content: ReturnType<typeof aReturnContent>;

    it('the firm submits', async () => {
      const r = await submitted(s, 'firm-xianyang-1', '2026Q3', (p) => (content = aReturnContent(p)));
      expect(r.status).toBe('SUBMITTED');
      id = r.id;
    });

    it('a return needs a reason: 400 in Chinese and English, nothing changes', async () => {
      const version = await versionOf(id);
      const res = await act('xianyang', id, 'return', { version, reason: '  ' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('REASON_REQUIRED');
      expect(res.body.message_zh).toContain('原因');
      expect(res.body.message_en).toMatch(/reason/);
      expect((await get('firm-xianyang-1', id)).body).toMatchObject({ status: 'SUBMITTED', version });
    });

    it('a comment must point at a cell of the revision', async () => {
      const res = await act('xianyang', id, 'return', {
        version: await versionOf(id),
        reason: '请核实',
        comments: [{ path: 'servicesTrade[9].amount', text: '?' }],
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('CELL_PATH_INVALID');
    });

    it('the city returns it with a comment pinned to a cell; the firm is notified', async () => {
      const res = await act('xianyang', id, 'return', {
        version: await versionOf(id),
        reason: '服务出口金额与合同不符',
        comments: [{ path: 'servicesTrade[1].amount', text: '港币与美元混填，请核对金额' }],
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('RETURNED');
      const note = await s.call('GET', '/api/notifications', { as: 'firm-xianyang-1' });
      expect(note.body.map((n: { kind: string }) => n.kind)).toContain('RETURNED');
    });

    it('the firm sees the comment next to the field, with who wrote it and on which revision', async () => {
      const res = await s.call('GET', `/api/returns/${id}/comments`, { as: 'firm-xianyang-1' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        expect.objectContaining({
          path: 'servicesTrade[1].amount',
          text: '港币与美元混填，请核对金额',
          authorRole: 'MUNICIPAL_REVIEWER',
          revision: 1,
          response: null,
        }),
      ]);
    });

    it('the firm fixes the cell and resubmits; the reviewer sees exactly that cell in the diff', async () => {
      const fixed = structuredClone(content);
      fixed.servicesTrade[1].amount = 1130;
      const r = await resubmitted(s, 'firm-xianyang-1', id, fixed);
      expect(r).toMatchObject({ status: 'SUBMITTED', currentRevision: 2 });
      const diff = await s.call('GET', `/api/returns/${id}/diff`, { as: 'xianyang' });
      expect(diff.status).toBe(200);
      expect(diff.body).toEqual({
        from: 1,
        to: 2,
        changes: [
          {
            path: 'servicesTrade[1].amount',
            section: 'servicesTrade',
            key: 'SJ|HK|EXPORT',
            before: 8800,
            after: 1130,
            kind: 'changed',
          },
        ],
      });
    });

    it('the city approves, then the province; the return is locked with the approved revision', async () => {
      const city = await act('xianyang', id, 'approve', { version: await versionOf(id), note: '已核实' });
      expect(city.status).toBe(200);
      expect(city.body.status).toBe('MUNICIPAL_APPROVED');
      expect(city.body.approvedRevision).toBeNull();
      const province = await act('province', id, 'approve', { version: city.body.version });
      expect(province.status).toBe(200);
      expect(province.body).toMatchObject({ status: 'APPROVED', approvedRevision: 2, currentRevision: 2 });

      const edit = await s.call('PUT', `/api/returns/${id}/draft`, {
        as: 'firm-xianyang-1',
        body: { content, version: province.body.version },
      });
      expect(edit.status).toBe(409);
      expect(edit.body.code).toBe('RETURN_STATE');
      const again = await act('xianyang', id, 'return', { version: province.body.version, reason: 'x' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('RETURN_STATE');
    });

    it('records every transition with who, from, to and why, and audits each in the chain', async () => {
      const t = await s.call('GET', `/api/returns/${id}/transitions`, { as: 'firm-xianyang-1' });
      // Every state change, the firm's and the validation job's too (the return lifecycle records them all); a
      // submission held for an explain-or-fix finding may or may not pass through the job first, so the review
      // steps are compared in order and each round of submission by its last step.
      type Row = { action: string; fromStatus: string; toStatus: string; actorUsername: string };
      expect(t.body[0]).toMatchObject({ action: 'submit', fromStatus: 'DRAFT', actorUsername: 'firm-xianyang-1' });
      expect(
        t.body
          .filter((x: Row) => x.action === 'validation-passed')
          .map((x: Row) => [x.fromStatus, x.toStatus, x.actorUsername]),
      ).toEqual([
        ['VALIDATING', 'SUBMITTED', 'system'],
        ['VALIDATING', 'SUBMITTED', 'system'],
      ]);
      const review = t.body.filter((x: Row) => !SUBMISSION_STEPS.includes(x.action));
      expect(review.map((x: Row) => [x.action, x.fromStatus, x.toStatus, x.actorUsername])).toEqual([
        ['municipal-return', 'SUBMITTED', 'RETURNED', 'xianyang'],
        ['reopen', 'RETURNED', 'DRAFT', 'firm-xianyang-1'],
        ['municipal-approve', 'SUBMITTED', 'MUNICIPAL_APPROVED', 'xianyang'],
        ['provincial-approve', 'MUNICIPAL_APPROVED', 'APPROVED', 'province'],
      ]);
      expect(review[0]).toMatchObject({ reason: '服务出口金额与合同不符', revision: 1 });
      expect(review[1]).toMatchObject({ revision: 1 });
      const audit = await s.call('GET', `/api/audit${listQuery({ filter: { entityId: id }, range: [0, 99] })}`, {
        as: 'admin',
      });
      const actions = audit.body.map((a: { action: string }) => a.action);
      expect(actions).toEqual(
        expect.arrayContaining(['returns.municipal-return', 'returns.municipal-approve', 'returns.provincial-approve']),
      );
      // The reviewer opened the detail: who saw what.
      await get('province', id);
      const views = await s.call(
        'GET',
        `/api/audit${listQuery({ filter: { entityId: id, action: 'returns.view' } })}`,
        {
          as: 'admin',
        },
      );
      expect(views.body.map((a: { actorUsername: string }) => a.actorUsername)).toContain('province');
      expect((await s.call('GET', '/api/audit/verify', { as: 'admin' })).body.ok).toBe(true);
    });

    it('a correction keeps the approved revision in place until the corrected one is approved', async () => {
      const noReason = await act('firm-xianyang-1', id, 'correction-request', { version: await versionOf(id) });
      expect(noReason.status).toBe(400);
      expect(noReason.body.code).toBe('REASON_REQUIRED');
      const req = await act('firm-xianyang-1', id, 'correction-request', {
        version: await versionOf(id),
        reason: '审计后发现漏记一笔出口',
      });
      expect(req.status).toBe(200);
      expect(req.body).toMatchObject({ status: 'CORRECTION_REQUESTED', currentRevision: 3, approvedRevision: 2 });
      const corrected = structuredClone(req.body.content);
      corrected.servicesTrade.push(aTradeLine({ categoryCode: 'SJ', partnerCode: 'SG', amount: 5000 }));
      const r = await resubmitted(s, 'firm-xianyang-1', id, corrected);
      expect(r).toMatchObject({ status: 'SUBMITTED', approvedRevision: 2, currentRevision: 3 });
      const diff = await s.call('GET', `/api/returns/${id}/diff`, { as: 'province' });
      expect(diff.body).toMatchObject({ from: 2, to: 3 });
      expect(diff.body.changes).toEqual([
        expect.objectContaining({ kind: 'added', section: 'servicesTrade', key: 'SJ|SG|EXPORT' }),
      ]);
      const city = await act('xianyang', id, 'approve', { version: await versionOf(id) });
      expect(city.body).toMatchObject({ status: 'MUNICIPAL_APPROVED', approvedRevision: 2 });
      const province = await act('province', id, 'approve', { version: city.body.version });
      expect(province.body).toMatchObject({ status: 'APPROVED', approvedRevision: 3 });
    });
  });

  it('send-back: the province returns a municipally approved return to the city, which reviews it again', async () => {
    const r = await submitted(s, 'firm-xian-1', '2025Q4', (p) => aReturnContent(p, { contracts: [], executions: [] }));
    const city = await act('xian', r.id, 'approve', { version: await versionOf(r.id) });
    expect(city.body.status).toBe('MUNICIPAL_APPROVED');
    expect((await act('province', r.id, 'send-back', { version: city.body.version })).body.code).toBe(
      'REASON_REQUIRED',
    );
    const back = await act('province', r.id, 'send-back', { version: city.body.version, reason: '请市局核实增幅' });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('SENT_BACK');
    const inbox = await s.call('GET', `/api/review/inbox${listQuery({ filter: { status: 'SENT_BACK' } })}`, {
      as: 'xian',
    });
    expect(inbox.body.map((x: { id: string }) => x.id)).toContain(r.id);
    const again = await act('xian', r.id, 'approve', { version: back.body.version });
    expect(again.body.status).toBe('MUNICIPAL_APPROVED');
    const toFirm = await act('province', r.id, 'return', { version: again.body.version, reason: '请企业补充说明' });
    expect(toFirm.body.status).toBe('RETURNED');
    const t = await s.call('GET', `/api/returns/${r.id}/transitions`, { as: 'xian' });
    const actions: string[] = t.body.map((x: { action: string }) => x.action);
    expect(actions.filter((a) => !SUBMISSION_STEPS.includes(a))).toEqual([
      'municipal-approve',
      'send-back',
      'municipal-approve',
      'provincial-return',
    ]);
  });

  describe('proposed corrections: the reviewer proposes, the firm decides', () => {
    let id: string;
    let comments: { id: string; path: string }[];
    let returnedRevision: number;

    beforeAll(async () => {
      const r = await submitted(s, 'firm-xian-1', '2026Q3', (p) =>
        aReturnContent(p, { contracts: [], executions: [], servicesTrade: [aTradeLine()] }),
      );
      id = r.id;
      returnedRevision = r.currentRevision;
      const res = await act('xian', id, 'return', {
        version: await versionOf(r.id),
        reason: '人数与金额需核实',
        comments: [
          { path: 'workforce.bachelor', text: '本科人数与社保缴纳人数不符', proposedValue: 42 },
          { path: 'servicesTrade[0].amount', text: '建议按合同金额填报', proposedValue: 130000 },
          { path: 'servicesTrade[0].partnerCode', text: '请说明客户所在地' },
        ],
      });
      expect(res.status).toBe(200);
      comments = (await s.call('GET', `/api/returns/${id}/comments`, { as: 'firm-xian-1' })).body;
    });
    const comment = (path: string) => comments.find((c) => c.path === path)!.id;
    const respond = (as: string, path: string, body: Record<string, unknown>) =>
      s.call('POST', `/api/returns/${id}/comments/${comment(path)}/respond`, { as, body });

    it('a reviewer cannot answer for the firm', async () => {
      expect((await respond('xian', 'workforce.bachelor', { accept: true })).status).toBe(403);
    });

    it('accepting writes the value into the firm’s draft as the firm’s own edit', async () => {
      const res = await respond('firm-xian-1', 'workforce.bachelor', { accept: true });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ response: 'ACCEPTED', proposedValue: 42 });
      const r = (await get('firm-xian-1', id)).body;
      expect(r).toMatchObject({ status: 'DRAFT', currentRevision: returnedRevision + 1 });
      expect(r.content.workforce.bachelor).toBe(42);
      const firmUser = (await s.ds.query(`SELECT id FROM app_user WHERE username = 'firm-xian-1'`))[0].id;
      const rev = (
        await s.ds.query('SELECT created_by FROM return_revision WHERE return_id = $1 AND revision = $2', [
          id,
          returnedRevision + 1,
        ])
      )[0];
      expect(rev.created_by).toBe(firmUser);
      expect((await respond('firm-xian-1', 'workforce.bachelor', { accept: false, reason: 'x' })).body.code).toBe(
        'COMMENT_ANSWERED',
      );
    });

    it('rejecting needs a reason and leaves the figures as they are', async () => {
      const bare = await respond('firm-xian-1', 'servicesTrade[0].amount', { accept: false });
      expect(bare.status).toBe(400);
      expect(bare.body.code).toBe('REASON_REQUIRED');
      const res = await respond('firm-xian-1', 'servicesTrade[0].amount', {
        accept: false,
        reason: '金额以银行收汇为准',
      });
      expect(res.body).toMatchObject({ response: 'REJECTED', responseReason: '金额以银行收汇为准' });
      expect((await get('firm-xian-1', id)).body.content.servicesTrade[0].amount).toBe(125000.5);
      expect((await respond('firm-xian-1', 'servicesTrade[0].partnerCode', { accept: true })).body.code).toBe(
        'COMMENT_NO_PROPOSAL',
      );
    });
  });

  it('a locked period refuses the actions only the firm could continue, until the province grants an extension', async () => {
    const demoReturn = async (period: string, status: string) =>
      (
        await s.ds.query(
          `SELECT r.id, r.enterprise_id FROM statistical_return r WHERE r.period_code = $1 AND r.status = $2
            AND r.review_unit_code = '610100' LIMIT 1`,
          [period, status],
        )
      )[0] as { id: string; enterprise_id: string };
    // The demo's approved 2026Q1 return of 西安云图: the period locked months ago and the firm holds no extension.
    const approved = await demoReturn('2026Q1', 'APPROVED');
    const correction = await act('firm-xian-1', approved.id, 'correction-request', {
      version: await versionOf(approved.id),
      reason: '审计后发现漏记一笔出口',
    });
    expect(correction.status).toBe(409);
    expect(correction.body.code).toBe('PERIOD_LOCKED_ACTION');
    expect(correction.body.message_zh).toContain('延期');
    expect(correction.body.message_en).toContain('opened for correction');
    expect((await get('firm-xian-1', approved.id)).body.status).toBe('APPROVED');

    // Returning a return to the firm after the lock the same (a Xi'an return approved by the city in 2026Q2).
    const waiting = await demoReturn('2026Q2', 'MUNICIPAL_APPROVED');
    const toFirm = await act('province', waiting.id, 'return', {
      version: await versionOf(waiting.id),
      reason: '请企业核实',
    });
    expect(toFirm.status).toBe(409);
    expect(toFirm.body.code).toBe('PERIOD_LOCKED_ACTION');
    expect(toFirm.body.message_en).toContain('returned to the firm');
    expect((await get('province', waiting.id)).body.status).toBe('MUNICIPAL_APPROVED');

    // With an extension the firm can go on: the correction is opened, and its draft saved.
    const granted = await s.call('POST', '/api/periods/2026Q1/extensions', {
      as: 'province',
      body: { enterpriseId: approved.enterprise_id, until: '2099-12-31', reason: '更正已锁定季度的数据' },
    });
    expect(granted.status).toBe(201);
    const opened = await act('firm-xian-1', approved.id, 'correction-request', {
      version: await versionOf(approved.id),
      reason: '审计后发现漏记一笔出口',
    });
    expect(opened.body.status).toBe('CORRECTION_REQUESTED');
    const saved = await s.call('PUT', `/api/returns/${approved.id}/draft`, {
      as: 'firm-xian-1',
      body: { version: opened.body.version, content: opened.body.content },
    });
    expect(saved.status).toBe(200);
  });

  it('of two parallel approvals exactly one wins; the other gets 409 CONFLICT in Chinese and English', async () => {
    const r = await submitted(s, 'firm-xianyang-1', '2025Q4', (p) =>
      aReturnContent(p, { contracts: [], executions: [] }),
    );
    const version = await versionOf(r.id);
    const results = await Promise.all([
      act('xianyang', r.id, 'approve', { version }),
      act('xianyang', r.id, 'return', { version, reason: '并发' }),
    ]);
    expect(results.map((x) => x.status).sort()).toEqual([200, 409]);
    const loser = results.find((x) => x.status === 409)!;
    expect(loser.body.code).toBe('CONFLICT');
    expect(loser.body.message_zh).toMatch(/[\u4e00-\u9fff]/);
    expect(loser.body.message_en).toMatch(/changed/);
    const t = await s.call('GET', `/api/returns/${r.id}/transitions`, { as: 'xianyang' });
    const actions: string[] = t.body.map((x: { action: string }) => x.action);
    expect(actions.filter((a) => !SUBMISSION_STEPS.includes(a))).toHaveLength(1);
  });
});
