import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/modules/audit/audit.service';
import { aContract, anExecution, aReturnContent, aTradeLine, aWorkforce } from '../factories/returns';
import { waitForReturn } from '../factories/review';
import { explainAll } from '../factories/validation';
import { listQuery, startTestStack, type TestStack } from '../utils/app';
import { pdfLines } from '../utils/pdf';
import { startWorker, type Managed } from '../utils/processes';

/**
 * The quarterly return (DOMAIN.md §2–3). Demo calendar: today's open quarter is 2026Q3 (due 2026-10-15, lock
 * 2026-12-31); 西安云图 has a submitted 2026Q2 return and a 2026Q3 draft. Tests move deadlines in the database
 * where they are about time.
 */
describe('returns: open, save, submit, receipt', () => {
  let s: TestStack;
  let worker: Managed;
  let xianyangFirm: string;

  const open = (as: string, periodCode: string) => s.call('POST', '/api/returns', { as, body: { periodCode } });
  const save = (as: string, id: string, content: unknown, version: number) =>
    s.call('PUT', `/api/returns/${id}/draft`, { as, body: { content, version } });
  const revisionRow = async (id: string, revision: number) =>
    (
      await s.ds.query('SELECT content, frozen FROM return_revision WHERE return_id = $1 AND revision = $2', [
        id,
        revision,
      ])
    )[0];

  beforeAll(async () => {
    s = await startTestStack();
    const firms = await s.call('GET', `/api/enterprises${listQuery({ range: [0, 99] })}`, { as: 'admin' });
    xianyangFirm = firms.body.find((e: { nameZh: string }) => e.nameZh === '咸阳智汇信息技术有限公司').id;
    // The main journey files on time.
    await s.ds.query(`UPDATE period SET due_date = '2099-12-31', lock_date = '2099-12-31' WHERE code = '2026Q3'`);
    // Submission is decided by the validation job in the worker.
    worker = await startWorker(s.config);
  });
  afterAll(async () => {
    await worker.stop();
    await s.close();
  });

  describe('a full return from opening to receipt', () => {
    let id: string;
    let content: ReturnType<typeof aReturnContent>;

    it('opens the return once (idempotent) with the profile of the quarter, unconfirmed', async () => {
      const first = await open('firm-xianyang-1', '2026Q3');
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        status: 'DRAFT',
        currentRevision: 1,
        enterpriseName: '咸阳智汇信息技术有限公司',
      });
      expect(first.body.content.profile).toMatchObject({
        confirmed: false,
        regionCode: '610400',
        natureCode: 'DOM-PRI',
      });
      const again = await open('firm-xianyang-1', '2026Q3');
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      id = first.body.id;
      content = aReturnContent(first.body.content.profile);
    });

    it('saves the draft, keeps the contract register in sync and bumps the version', async () => {
      const before = (await s.call('GET', `/api/returns/${id}`, { as: 'firm-xianyang-1' })).body;
      const res = await save('firm-xianyang-1', id, content, before.version);
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(before.version + 1);
      expect(res.body.content).toEqual(content);
      const register = await s.ds.query(
        'SELECT contract_no, period_code, offshore, amount_usd FROM contract WHERE return_id = $1',
        [id],
      );
      expect(register).toEqual([
        { contract_no: 'C-001', period_code: '2026Q3', offshore: true, amount_usd: '500000.00' },
      ]);
      const stale = await save('firm-xianyang-1', id, content, before.version);
      expect(stale.status).toBe(409);
      expect(stale.body.code).toBe('CONFLICT');
    });

    it('submits: received (VALIDATING), then SUBMITTED by the validation job; on time, revision frozen, receipt hash = SHA-256 of the canonical content', async () => {
      const { version } = (await s.call('GET', `/api/returns/${id}`, { as: 'firm-xianyang-1' })).body;
      const res = await s.call('POST', `/api/returns/${id}/submit`, { as: 'firm-xianyang-1', body: { version } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'VALIDATING', late: false });
      expect(res.body).toHaveProperty('queuePosition');
      const done = await waitForReturn(s, 'firm-xianyang-1', id, (b) => b.status !== 'VALIDATING');
      expect(done).toMatchObject({ status: 'SUBMITTED', late: false, currentRevision: 1 });
      const uscc = res.body.uscc;
      const rev = done.revisions[0];
      const expectedHash = createHash('sha256').update(canonicalJson(content)).digest('hex');
      expect(rev).toMatchObject({
        revision: 1,
        frozen: true,
        contentHash: expectedHash,
        receiptNo: `R-2026Q3-${uscc}-1`,
      });

      const receipt = await s.call('GET', `/api/returns/${id}/receipt`, { as: 'firm-xianyang-1' });
      expect(receipt.status).toBe(200);
      expect(receipt.headers.get('content-type')).toBe('application/pdf');
      expect(receipt.headers.get('content-disposition')).toBe(
        `attachment; filename="receipt-R-2026Q3-${uscc}-1.pdf"; ` +
          `filename*=UTF-8''%E5%9B%9E%E6%89%A7-R-2026Q3-${uscc}-1.pdf`,
      );
      expect(receipt.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The time of receipt as stored, read in Beijing by the platform's own calendar (not the portal's formatting).
      const [{ submitted_at: submittedAt }] = await s.ds.query(
        'SELECT submitted_at FROM return_revision WHERE return_id = $1 AND revision = 1',
        [id],
      );
      const beijing = new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Asia/Shanghai',
        dateStyle: 'short',
        timeStyle: 'medium',
      }).format(submittedAt);
      expect(pdfLines(receipt.bytes)).toEqual([
        '服务贸易与服务外包统计直报平台 报表上报回执',
        `回执编号 R-2026Q3-${uscc}-1`,
        '企业名称 咸阳智汇信息技术有限公司',
        `统一社会信用代码 ${uscc}`,
        '报告期 2026Q3',
        '版本 第 1 版',
        `上报时间 ${beijing}（北京时间）`,
        `内容摘要（SHA-256） ${expectedHash}`,
        '内容摘要为上报内容（规范化 JSON）的 SHA-256 值，可用于核对上报数据未被改动。',
      ]);
      // The same hash again from the stored revision: stable across the jsonb round trip.
      const stored = await s.call('GET', `/api/returns/${id}/revisions/1`, { as: 'xianyang' });
      expect(createHash('sha256').update(canonicalJson(stored.body.content)).digest('hex')).toBe(expectedHash);

      const audit = await s.call(
        'GET',
        `/api/audit${listQuery({ filter: { action: 'returns.submit', entityId: id } })}`,
        { as: 'admin' },
      );
      expect(audit.body).toHaveLength(1);
      expect(audit.body[0].details).toMatchObject({ contentHash: expectedHash, revision: 1 });
    });

    it('refuses changes to the submitted return with a clear 409, leaving the frozen revision as it was', async () => {
      const { version } = (await s.call('GET', `/api/returns/${id}`, { as: 'firm-xianyang-1' })).body;
      const res = await save('firm-xianyang-1', id, { ...content, servicesTrade: [] }, version);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('RETURN_STATE');
      expect(res.body.message_zh).toContain('已上报');
      expect((await revisionRow(id, 1)).content).toEqual(content);
      const again = await s.call('POST', `/api/returns/${id}/submit`, { as: 'firm-xianyang-1', body: { version } });
      expect(again.status).toBe(409);
    });

    it('makes a returned return a draft again with a new revision; the reviewed one stays frozen', async () => {
      await s.ds.query(`UPDATE statistical_return SET status = 'RETURNED' WHERE id = $1`, [id]);
      const { version } = (await s.call('GET', `/api/returns/${id}`, { as: 'firm-xianyang-1' })).body;
      const changed = { ...content, servicesTrade: [aTradeLine({ amount: 1 })] };
      const res = await save('firm-xianyang-1', id, changed, version);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'DRAFT', currentRevision: 2 });
      expect(res.body.revisions.map((r: { revision: number; frozen: boolean }) => [r.revision, r.frozen])).toEqual([
        [1, true],
        [2, false],
      ]);
      expect((await revisionRow(id, 1)).content).toEqual(content);
      expect((await revisionRow(id, 2)).content).toEqual(changed);
    });
  });

  describe('incomplete or wrong content is kept as typed in the draft, flagged with its path in Chinese and English, and left out of the figures', () => {
    let id: string;
    let base: ReturnType<typeof aReturnContent>;
    beforeAll(async () => {
      const r = await open('firm-xian-1', '2026Q3');
      id = r.body.id;
      base = aReturnContent(r.body.content.profile, {
        contracts: [aContract({ contractNo: 'Q3-001' })],
        executions: [],
      });
    });

    const cases: [string, (c: ReturnType<typeof aReturnContent>) => void, string, RegExp][] = [
      [
        'a service category outside the provincial list',
        (c) => (c.servicesTrade[0].categoryCode = 'SL'),
        'servicesTrade[0].categoryCode',
        /SL/,
      ],
      [
        'an unknown partner economy',
        (c) => (c.servicesTrade[0].partnerCode = 'XX'),
        'servicesTrade[0].partnerCode',
        /XX/,
      ],
      [
        'the mainland as services-trade partner',
        (c) => (c.servicesTrade[1].partnerCode = 'CN'),
        'servicesTrade[1].partnerCode',
        /CN/,
      ],
      ['a negative amount', (c) => (c.contracts[0].amount = -5), 'contracts[0].amount', /0/],
      ['three decimals', (c) => (c.servicesTrade[0].amount = 1.005), 'servicesTrade[0].amount', /两位小数/],
      [
        'an execution of an unknown contract',
        (c) => c.executions.push(anExecution({ contractNo: 'NOPE-9' })),
        'executions[0].contractNo',
        /NOPE-9/,
      ],
      [
        'a contract number registered in another quarter',
        (c) => (c.contracts[0].contractNo = 'YT-2026-001'),
        'contracts[0].contractNo',
        /2026Q2/,
      ],
      [
        'a contract number twice in the return',
        (c) => c.contracts.push(aContract({ contractNo: 'Q3-001' })),
        'contracts[1].contractNo',
        /Q3-001/,
      ],
      [
        'a contract signed outside the quarter',
        (c) => (c.contracts[0].signedDate = '2026-06-30'),
        'contracts[0].signedDate',
        /2026-06-30/,
      ],
      [
        'an offshore flag that contradicts the client economy',
        (c) => (c.contracts[0].clientPartnerCode = 'CN'),
        'contracts[0].offshore',
        /在岸/,
      ],
      [
        'a level-2 outsourcing category',
        (c) => (c.contracts[0].businessCode = 'ITO-RD'),
        'contracts[0].businessCode',
        /ITO-RD/,
      ],
      [
        'more graduate hires than hires',
        (c) => (c.workforce!.newHiresGraduates = 99),
        'workforce.newHiresGraduates',
        /新增/,
      ],
      ['a fractional headcount', (c) => (c.workforce!.bachelor = 1.5), 'workforce.bachelor', /整数/],
    ];

    it.each(cases)('%s', async (_what, spoil, path, zh) => {
      const before = (await s.call('GET', `/api/returns/${id}`, { as: 'firm-xian-1' })).body;
      const bad = structuredClone(base);
      spoil(bad);
      const res = await save('firm-xian-1', id, bad, before.version);
      expect(res.status).toBe(200);
      const issue = res.body.contentIssues.find((d: { path: string }) => d.path === path);
      expect(issue).toBeDefined();
      expect(issue.field).toBe(
        path
          .split('.')
          .pop()!
          .replace(/\[\d+\]$/, ''),
      );
      expect(issue.message_zh).toMatch(zh);
      expect(issue.message_en).toMatch(/[a-z]/);
      const after = (await s.call('GET', `/api/returns/${id}`, { as: 'firm-xian-1' })).body;
      expect(after.version).toBe(before.version + 1);
      expect(after.draft).toEqual(bad);
      expect(after.contentIssues).toEqual(res.body.contentIssues);
      // The flagged row (or section) is draft content only: not in the figures, not in the contract register.
      const [, section, row] = /^(\w+)(?:\[(\d+)\])?/.exec(path)!;
      const flagged = (bad as unknown as Record<string, unknown[]>)[section];
      expect(after.content[section]).toEqual(row === undefined ? null : flagged.filter((_, i) => i !== Number(row)));
      const register = await s.ds.query('SELECT contract_no FROM contract WHERE return_id = $1 ORDER BY 1', [id]);
      expect(register.map((c: { contract_no: string }) => c.contract_no)).toEqual(
        after.content.contracts.map((c: { contractNo: string }) => c.contractNo).sort(),
      );
    });

    it('refuses what no one can type (a misspelt field) with 400, its path, and nothing written', async () => {
      const before = (await s.call('GET', `/api/returns/${id}`, { as: 'firm-xian-1' })).body;
      const bad = structuredClone(base);
      Object.assign(bad.servicesTrade[0], { amout: 3 });
      const res = await save('firm-xian-1', id, bad, before.version);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('RETURN_CONTENT_INVALID');
      expect(res.body.details).toContainEqual(
        expect.objectContaining({ path: 'servicesTrade[0].amout', message_zh: expect.stringMatching(/amout/) }),
      );
      const after = (await s.call('GET', `/api/returns/${id}`, { as: 'firm-xian-1' })).body;
      expect(after.version).toBe(before.version);
      expect([after.content, after.draft]).toEqual([before.content, before.draft]);
    });

    it('accepts the unspoilt content, including an execution of last quarter’s contract', async () => {
      const { version } = (await s.call('GET', `/api/returns/${id}`, { as: 'firm-xian-1' })).body;
      const ok = {
        ...base,
        executions: [anExecution({ contractNo: 'YT-2026-001' }), anExecution({ contractNo: 'Q3-001' })],
      };
      const res = await save('firm-xian-1', id, ok, version);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ content: ok, draft: null, contentIssues: [] });
    });
  });

  it('copies last quarter: trade lines at 0, headcounts kept, no contracts, running contracts at 0', async () => {
    const r = (await open('firm-xian-1', '2026Q3')).body;
    const res = await s.call('POST', `/api/returns/${r.id}/copy-previous`, {
      as: 'firm-xian-1',
      body: { version: r.version },
    });
    expect(res.status).toBe(200);
    const c = res.body.content;
    expect(
      c.servicesTrade.map((l: { categoryCode: string; partnerCode: string; amount: number }) => [
        l.categoryCode,
        l.partnerCode,
        l.amount,
      ]),
    ).toEqual([
      ['SI', 'US', 0],
      ['SJ', 'HK', 0],
      ['SH', 'JP', 0],
    ]);
    expect(c.contracts).toEqual([]);
    expect(c.executions).toEqual([{ contractNo: 'YT-2026-001', amount: 0, currency: 'USD' }]);
    expect(c.workforce).toMatchObject({ bachelor: 85, master: 23, newHires: null, newHiresGraduates: null });
    expect(await s.ds.query('SELECT contract_no FROM contract WHERE return_id = $1', [r.id])).toEqual([]);
  });

  it('lets exactly one of two concurrent submits win', async () => {
    const r = (await open('firm-xian-1', '2026Q3')).body;
    const saved = await save(
      'firm-xian-1',
      r.id,
      { ...r.content, profile: { ...r.content.profile, confirmed: true }, workforce: aWorkforce() },
      r.version,
    );
    expect(saved.status).toBe(200);
    // Findings the firm must explain would refuse both submits before the race (pre-check): explain them first.
    await explainAll(s, 'firm-xian-1', r.id);
    const submit = () =>
      s.call('POST', `/api/returns/${r.id}/submit`, { as: 'firm-xian-1', body: { version: saved.body.version } });
    const results = await Promise.all([submit(), submit()]);
    expect(results.map((x) => x.status).sort()).toEqual([200, 409]);
    // The loser waited for the winner's row lock, then found the version it read already used.
    expect(results.find((x) => x.status === 409)!.body.code).toBe('CONFLICT');
    const audit = await s.call(
      'GET',
      `/api/audit${listQuery({ filter: { action: 'returns.submit', entityId: r.id } })}`,
      { as: 'admin' },
    );
    expect(audit.body).toHaveLength(1);
  });

  it('files a zero return in one step, marked late after the due date; maker-checker keeps filers out', async () => {
    await s.ds.query(`UPDATE period SET lock_date = '2099-12-31' WHERE code = '2026Q1'`);
    const r = (await open('firm-xianyang-1', '2026Q1')).body;
    await s.call('POST', `/api/enterprises/${xianyangFirm}/users`, {
      as: 'firm-xianyang-1',
      body: {
        username: 'xianyang-filer',
        displayName: '填报员',
        password: 'Filer#2026ok',
        roles: ['ENTERPRISE_FILER'],
      },
    });
    await s.login('xianyang-filer', 'Filer#2026ok');
    const settings = await s.call('PUT', `/api/enterprises/${xianyangFirm}/settings`, {
      as: 'firm-xianyang-1',
      body: { makerChecker: true },
    });
    expect(settings.body.makerChecker).toBe(true);
    const byFiler = await s.call('POST', `/api/returns/${r.id}/zero`, {
      as: 'xianyang-filer',
      body: { version: r.version },
    });
    expect(byFiler.status).toBe(403);
    expect(byFiler.body.code).toBe('MAKER_CHECKER');
    expect((await s.call('GET', `/api/returns/${r.id}`, { as: 'firm-xianyang-1' })).body).toMatchObject({
      status: 'DRAFT',
      version: r.version,
    });

    const res = await s.call('POST', `/api/returns/${r.id}/zero`, {
      as: 'firm-xianyang-1',
      body: { version: r.version },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'VALIDATING', late: true });
    expect(res.body.content).toMatchObject({ zeroReturn: true, servicesTrade: [], contracts: [], executions: [] });
    expect(res.body.content.profile.confirmed).toBe(true);
    const late = await s.call('GET', `/api/returns${listQuery({ filter: { late: true } })}`, { as: 'xianyang' });
    expect(late.body.map((x: { id: string }) => x.id)).toEqual([r.id]);
    // 咸阳智汇 is a key enterprise: a zero return needs an explanation (R-ZERO-002), so the job sends it back.
    const decided = await waitForReturn(s, 'firm-xianyang-1', r.id, (b) => b.status !== 'VALIDATING');
    expect(decided).toMatchObject({ status: 'DRAFT', late: true, currentRevision: 2 });
    // What was received keeps its receipt: revision 1, a zero return.
    const receipt = await s.call('GET', `/api/returns/${r.id}/receipt`, { as: 'firm-xianyang-1' });
    expect(receipt.status).toBe(200);
    expect(pdfLines(receipt.bytes)).toContain('版本 第 1 版（零申报）');
  });

  it('refuses a period that is not open yet, and a locked one unless the firm holds an unexpired extension', async () => {
    const notOpen = await open('firm-xianyang-1', '2026Q4');
    expect(notOpen.status).toBe(409);
    expect(notOpen.body).toMatchObject({ code: 'PERIOD_NOT_OPEN' });
    expect(notOpen.body.message_zh).toContain('2027-01-01');

    const locked = await open('firm-xianyang-1', '2025Q4');
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('PERIOD_LOCKED');
    const grant = (until: string) =>
      s.call('POST', '/api/periods/2025Q4/extensions', {
        as: 'province',
        body: { enterpriseId: xianyangFirm, until, reason: '系统故障补报' },
      });
    expect((await grant('2026-01-31')).status).toBe(201);
    expect((await open('firm-xianyang-1', '2025Q4')).status).toBe(409);
    expect((await grant(new Date(Date.now() + 86400_000).toISOString())).status).toBe(201);
    const opened = await open('firm-xianyang-1', '2025Q4');
    expect(opened.status).toBe(201);
    const zero = await s.call('POST', `/api/returns/${opened.body.id}/zero`, {
      as: 'firm-xianyang-1',
      body: { version: opened.body.version },
    });
    expect(zero.status).toBe(200);
    // Other firms stay locked out.
    expect((await open('firm-xian-1', '2025Q4')).status).toBe(409);
  });

  describe('territory', () => {
    let xianReturn: string;
    beforeAll(async () => {
      xianReturn = (await open('firm-xian-1', '2026Q3')).body.id;
    });

    it('answers 404 to a firm reading or writing another firm’s return', async () => {
      expect((await s.call('GET', `/api/returns/${xianReturn}`, { as: 'firm-xianyang-1' })).status).toBe(404);
      expect((await s.call('GET', `/api/returns/${xianReturn}/receipt`, { as: 'firm-xianyang-1' })).status).toBe(404);
      expect((await save('firm-xianyang-1', xianReturn, {}, 1)).status).toBe(404);
    });

    it('lets the Xi’an reviewer read a Xi’an return and answers 404 to the Xianyang reviewer', async () => {
      expect((await s.call('GET', `/api/returns/${xianReturn}`, { as: 'xian' })).status).toBe(200);
      expect((await s.call('GET', `/api/returns/${xianReturn}`, { as: 'xianyang' })).status).toBe(404);
      expect((await s.call('GET', `/api/returns/${xianReturn}/revisions/1`, { as: 'xianyang' })).status).toBe(404);
      const list = await s.call('GET', `/api/returns${listQuery({ range: [0, 99] })}`, { as: 'xianyang' });
      expect(list.body.length).toBeGreaterThan(0);
      expect(list.body.every((r: { reviewUnitCode: string }) => r.reviewUnitCode === '610400')).toBe(true);
    });

    it('lists with firm name and due date, filtered by period, status and firm name', async () => {
      const res = await s.call('GET', `/api/returns${listQuery({ filter: { periodCode: '2026Q2', q: '云图' } })}`, {
        as: 'province',
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-range')).toBe('returns 0-0/1');
      expect(res.body[0]).toMatchObject({
        enterpriseName: '西安云图软件科技有限公司',
        dueDate: '2026-07-15',
        status: 'SUBMITTED',
      });
    });

    it('keeps reviewers and administrators from writing a firm’s figures', async () => {
      expect((await save('xian', xianReturn, {}, 1)).status).toBe(403);
      expect((await save('admin', xianReturn, {}, 1)).status).toBe(403);
    });
  });
});
