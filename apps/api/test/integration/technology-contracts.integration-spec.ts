import { createHash } from 'node:crypto';
import { listQuery, startTestStack, type ApiResponse, type TestStack } from '../utils/app';
import { pdfLines } from '../utils/pdf';
import { startWorker, type Managed } from '../utils/processes';
import { eventually } from '../factories/load';

/**
 * Technology contract registration (DOMAIN.md §8, issue 16) through the real API, queue and worker: the firm's draft,
 * autosave and filing, the R-TEC checks refusing a 禁止类 contract and an amount that does not add up, the city's
 * return and registration with the certificate, the province's send-back, changes and cancellation as versions — and
 * every endpoint limited to its role and territory.
 */
describe('technology contracts: registration, checks, review, territory', () => {
  let s: TestStack;
  let worker: Managed;
  let id: string;

  // Signed on 2026-10-12, in 2026Q4 (open for registration from 2026-10-01 until its lock date).
  const doc = (o: Record<string, unknown> = {}) => ({
    contractNo: 'TE-2026-001',
    direction: 'EXPORT',
    signedDate: '2026-10-12',
    modeCode: 'TT4',
    foreignParty: 'Contoso Ltd.',
    partnerCode: 'US',
    techFee: 180000,
    equipmentFee: 0,
    contractAmount: 180000,
    currency: 'USD',
    category: 'FREE',
    licenceNo: null,
    ...o,
  });
  const get = (as: string, cid = id) => s.call('GET', `/api/technology-contracts/${cid}`, { as });
  const rowVersion = async (as = 'firm-xian-1', cid = id) => (await get(as, cid)).body.rowVersion as number;
  const post = async (as: string, action: string, body: Record<string, unknown> = {}, cid = id) =>
    s.call('POST', `/api/technology-contracts/${cid}/${action}`, {
      as,
      body: { version: await rowVersion(as === 'firm-xian-1' ? as : 'admin', cid), ...body },
    });
  const save = async (content: unknown, cid = id) =>
    s.call('PUT', `/api/technology-contracts/${cid}/draft`, {
      as: 'firm-xian-1',
      body: { version: await rowVersion('firm-xian-1', cid), content },
    });
  async function waitFor(done: (b: ApiResponse['body']) => boolean, cid = id) {
    return eventually(
      `contract ${cid} checked`,
      async () => {
        const r = await get('firm-xian-1', cid);
        return done(r.body) ? r.body : null;
      },
      20_000,
    );
  }

  beforeAll(async () => {
    s = await startTestStack();
    // Today is after the signing date; 2026Q4 must not be locked whenever the suite runs.
    await s.ds.query(`UPDATE period SET lock_date = '2099-12-31' WHERE code = '2026Q4'`);
    worker = await startWorker(s.config);
  }, 60_000);
  afterAll(async () => {
    await worker.stop();
    await s.close();
  });

  it('lets the firm create a draft and autosave it with an optimistic lock; malformed fields are named', async () => {
    const created = await s.call('POST', '/api/technology-contracts', { as: 'firm-xian-1', body: { content: doc() } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'DRAFT',
      version: 1,
      versionKind: 'REGISTRATION',
      registrationNo: null,
    });
    id = created.body.id;
    const stale = await s.call('PUT', `/api/technology-contracts/${id}/draft`, {
      as: 'firm-xian-1',
      body: { version: created.body.rowVersion + 5, content: doc() },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('CONFLICT');
    const bad = await save(doc({ techFee: 'abc' }));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('CONTRACT_CONTENT_INVALID');
    expect(bad.body.details).toEqual([
      expect.objectContaining({ field: 'techFee', message_zh: '技术费须为金额（数字）' }),
    ]);
    const dup = await s.call('POST', '/api/technology-contracts', { as: 'firm-xian-1', body: { content: doc() } });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('DUPLICATE');
  });

  it('refuses to file an amount that does not add up, naming the field in Chinese and English', async () => {
    expect(
      (await save(doc({ techFee: 180000, equipmentFee: 20000, contractAmount: 180000, modeCode: 'TT7' }))).status,
    ).toBe(200);
    const res = await post('firm-xian-1', 'submit');
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('VALIDATION_BLOCKING');
    const sum = res.body.details.find((f: { ruleId: string }) => f.ruleId === 'R-TEC-003');
    expect(sum.cells).toEqual(['contractAmount', 'techFee', 'equipmentFee']);
    expect(sum.message_zh).toBe(
      '技术进出口合同 TE-2026-001 合同金额 180,000.00 不等于技术费 180,000.00 + 设备费 20,000.00 = 200,000.00（相差 -20,000.00）',
    );
    expect(sum.message_en).toContain('the contract value 180,000.00 is not technology fee');
    expect((await get('firm-xian-1')).body.status).toBe('DRAFT');
  });

  it('refuses to file a 禁止类 contract', async () => {
    expect((await save(doc({ category: 'PROHIBITED' }))).status).toBe(200);
    const res = await post('firm-xian-1', 'submit');
    expect(res.status).toBe(409);
    const [prohibited] = res.body.details;
    expect(prohibited).toMatchObject({ ruleId: 'R-TEC-007', severity: 'BLOCKING', cells: ['category'] });
    expect(prohibited.message_zh).toContain('禁止类');
    expect(prohibited.message_en).toContain('prohibited');
  });

  it('files a clean contract; the worker checks it and it waits for the city', async () => {
    expect((await save(doc())).status).toBe(200);
    const filed = await post('firm-xian-1', 'submit');
    expect(filed.status).toBe(200);
    expect(['VALIDATING', 'SUBMITTED']).toContain(filed.body.status);
    const done = await waitFor((b) => b.status !== 'VALIDATING');
    expect(done).toMatchObject({ status: 'SUBMITTED', frozen: true, check: { status: 'DONE', current: true } });
    expect(done.check.counts).toEqual({ blocking: 0, explain: 0, unexplained: 0, info: 0 });
    // Only registered contracts of the province count; this is the first of 2026Q4: its whole weight.
    expect(done.materiality).toBe(1);
  });

  it('keeps every endpoint within role and territory', async () => {
    // Another firm and another city do not see it at all.
    expect((await get('firm-xianyang-1')).status).toBe(404);
    expect((await get('xianyang')).status).toBe(404);
    const v = await rowVersion();
    const as = (who: string, action: string, body: Record<string, unknown> = {}) =>
      s.call('POST', `/api/technology-contracts/${id}/${action}`, { as: who, body: { version: v, ...body } });
    expect((await as('xianyang', 'register')).status).toBe(404);
    expect((await as('firm-xianyang-1', 'submit')).status).toBe(404);
    expect(
      (
        await s.call('PUT', `/api/technology-contracts/${id}/draft`, {
          as: 'firm-xianyang-1',
          body: { version: v, content: doc() },
        })
      ).status,
    ).toBe(404);
    // The province sees it but does not register (a city's step); the firm does not register its own contract.
    expect((await get('province')).status).toBe(200);
    expect((await as('province', 'register')).status).toBe(403);
    expect((await as('firm-xian-1', 'register')).status).toBe(403);
    expect((await as('admin', 'register')).status).toBe(403);
    // Reviewers never change a firm's data.
    expect((await as('xian', 'submit')).status).toBe(403);
    // Lists are cut to the territory.
    const list = (who: string) =>
      s.call('GET', `/api/technology-contracts${listQuery({ range: [0, 99] })}`, { as: who });
    expect((await list('firm-xian-1')).body.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await list('xian')).body.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await list('xianyang')).body).toEqual([]);
    expect((await list('firm-xianyang-1')).body).toEqual([]);
    expect((await list('province')).headers.get('content-range')).toBe('technology-contracts 0-0/1');
    // The review desk's panel: contracts waiting for the city, most material first.
    const waiting = await s.call('GET', `/api/technology-contracts${listQuery({ filter: { awaitingCity: true } })}`, {
      as: 'xian',
    });
    expect(waiting.body).toEqual([expect.objectContaining({ id, status: 'SUBMITTED', materiality: 1 })]);
  });

  it('lets the city return it with remarks pinned to fields; the firm edits and files again', async () => {
    const noReason = await post('xian', 'return');
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('REASON_REQUIRED');
    const returned = await post('xian', 'return', {
      reason: '外方名称与合同不一致',
      comments: [{ field: 'foreignParty', text: '请按合同填写外方全称', proposedValue: 'Contoso Limited' }],
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('RETURNED');
    const firmView = (await get('firm-xian-1')).body;
    expect(firmView.transitions.at(-1)).toMatchObject({
      action: 'return',
      fromStatus: 'SUBMITTED',
      toStatus: 'RETURNED',
      actorUsername: 'xian',
      actorRole: 'MUNICIPAL_REVIEWER',
      reason: '外方名称与合同不一致',
      comments: [{ field: 'foreignParty', text: '请按合同填写外方全称', proposedValue: 'Contoso Limited' }],
    });
    const edited = await save(doc({ foreignParty: 'Contoso Limited' }));
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'DRAFT', version: 1, frozen: false });
    expect((await post('firm-xian-1', 'submit')).status).toBe(200);
    expect((await waitFor((b) => b.status !== 'VALIDATING')).status).toBe('SUBMITTED');
  });

  it('lets the city register it, issuing the number; the firm downloads the certificate with number and hash', async () => {
    const registered = await post('xian', 'register');
    expect(registered.status).toBe(200);
    // Year of signing, the registering unit (西安市 610100), E for an export, the unit's first number that year.
    expect(registered.body).toMatchObject({
      status: 'REGISTERED',
      registrationNo: '2026610100E0001',
      registeredVersion: 1,
    });
    // The document as filed, keys sorted, hashed by hand.
    const canonical =
      '{"category":"FREE","contractAmount":180000,"contractNo":"TE-2026-001","currency":"USD","direction":"EXPORT",' +
      '"equipmentFee":0,"foreignParty":"Contoso Limited","licenceNo":null,"modeCode":"TT4","partnerCode":"US",' +
      '"signedDate":"2026-10-12","techFee":180000}';
    const hash = createHash('sha256').update(canonical).digest('hex');
    expect(registered.body.contentHash).toBe(hash);
    // Registration feeds the tables' facts in the same transaction (180,000 USD of technology fee, no equipment).
    const [fact] = await s.ds.query('SELECT * FROM fact_technology WHERE contract_id = $1', [id]);
    expect(fact).toMatchObject({
      version: 1,
      period_code: '2026Q4',
      city_code: '610100',
      direction: 'EXPORT',
      mode_code: 'TT4',
      partner_code: 'US',
      amount_usd: '180000.00',
      tech_fee_usd: '180000.00',
      equipment_fee_usd: '0.00',
    });
    const cert = await s.call('GET', `/api/technology-contracts/${id}/certificate`, { as: 'firm-xian-1' });
    expect(cert.status).toBe(200);
    expect(cert.headers.get('content-type')).toBe('application/pdf');
    expect(cert.headers.get('content-disposition')).toBe(
      'attachment; filename="certificate-2026610100E0001.pdf"; ' +
        "filename*=UTF-8''%E6%8A%80%E6%9C%AF%E5%90%88%E5%90%8C%E7%99%BB%E8%AE%B0%E8%AF%81%E4%B9%A6-2026610100E0001.pdf",
    );
    expect(cert.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The time of registration as stored, read in Beijing by the platform's calendar (not the portal's formatting).
    const [{ registered_at: registeredAt }] = await s.ds.query(
      'SELECT registered_at FROM technology_contract_version WHERE contract_id = $1 AND version = 1',
      [id],
    );
    const beijing = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai',
      dateStyle: 'short',
      timeStyle: 'medium',
    }).format(registeredAt);
    const lines = pdfLines(cert.bytes);
    expect(lines[0]).toBe('技术进出口合同登记证书');
    expect(lines).toEqual(
      expect.arrayContaining([
        '登记证书编号 2026610100E0001',
        '合同编号 TE-2026-001',
        '合同金额 180,000.00 USD',
        `登记时间 ${beijing}（北京时间）`,
        `内容摘要（SHA-256） ${hash}`,
        '内容摘要为登记内容（规范化 JSON）的 SHA-256 值，可用于核对登记数据未被改动。',
      ]),
    );
    expect((await s.call('GET', `/api/technology-contracts/${id}/certificate`, { as: 'firm-xianyang-1' })).status).toBe(
      404,
    );
    const audit: { action: string }[] = await s.ds.query(
      `SELECT action FROM audit_log WHERE entity_type = 'technology-contract' AND entity_id = $1 ORDER BY id`,
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'technology-contracts.create',
      'technology-contracts.submit',
      'technology-contracts.validation-passed',
      'technology-contracts.return',
      'technology-contracts.reopen',
      'technology-contracts.submit',
      'technology-contracts.validation-passed',
      'technology-contracts.register',
    ]);
    const [note] = await s.ds.query(
      `SELECT n.title_zh FROM notification n JOIN app_user u ON u.id = n.user_id
        WHERE u.username = 'firm-xian-1' AND n.kind = 'REGISTERED'`,
    );
    expect(note.title_zh).toBe('技术进出口合同 TE-2026-001 已登记（登记证书编号 2026610100E0001）');
  });

  it('lets the province send a registration back to the city, which registers it again under the same number', async () => {
    expect((await post('xian', 'send-back', { reason: '请核对' })).status).toBe(403);
    const back = await post('province', 'send-back', { reason: '请核对外方国别' });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('SENT_BACK');
    const again = await post('xian', 'register');
    expect(again.body).toMatchObject({ status: 'REGISTERED', registrationNo: '2026610100E0001', registeredVersion: 1 });
  });

  it('records a change (变更) as a new version; the registered version counts until the city registers the change', async () => {
    expect((await post('firm-xian-1', 'change')).body.code).toBe('REASON_REQUIRED');
    const changed = await post('firm-xian-1', 'change', { reason: '技术费调增' });
    expect(changed.body).toMatchObject({
      status: 'DRAFT',
      version: 2,
      versionKind: 'CHANGE',
      versionReason: '技术费调增',
      registeredVersion: 1,
    });
    const renumbered = await save(doc({ contractNo: 'TE-2026-999', foreignParty: 'Contoso Limited' }));
    expect(renumbered.status).toBe(400);
    expect((await save(doc({ foreignParty: 'Contoso Limited', techFee: 200000, contractAmount: 200000 }))).status).toBe(
      200,
    );
    expect((await post('firm-xian-1', 'submit')).status).toBe(200);
    const requested = await waitFor((b) => b.status !== 'VALIDATING');
    expect(requested).toMatchObject({ status: 'CHANGE_REQUESTED', registeredVersion: 1 });
    const done = await post('xian', 'register');
    expect(done.body).toMatchObject({ status: 'REGISTERED', registeredVersion: 2, registrationNo: '2026610100E0001' });
    expect(done.body.content.contractAmount).toBe(200000);
    const [fact] = await s.ds.query('SELECT version, amount_usd FROM fact_technology WHERE contract_id = $1', [id]);
    expect(fact).toEqual({ version: 2, amount_usd: '200000.00' });
  });

  it('records a cancellation (注销) as a new version; once registered the contract is CANCELLED without a certificate', async () => {
    const cancel = await post('firm-xian-1', 'cancel', { reason: '合同解除' });
    expect(cancel.body).toMatchObject({ status: 'DRAFT', version: 3, versionKind: 'CANCELLATION' });
    expect((await post('firm-xian-1', 'submit')).status).toBe(200);
    expect((await waitFor((b) => b.status !== 'VALIDATING')).status).toBe('CHANGE_REQUESTED');
    const done = await post('xian', 'register');
    expect(done.body).toMatchObject({ status: 'CANCELLED', registeredVersion: 3 });
    expect(await s.ds.query('SELECT * FROM fact_technology WHERE contract_id = $1', [id])).toEqual([]);
    const cert = await s.call('GET', `/api/technology-contracts/${id}/certificate`, { as: 'firm-xian-1' });
    expect(cert.status).toBe(409);
    expect(cert.body.code).toBe('CERTIFICATE_NOT_ISSUED');
  });

  it('stores the contract scan like other uploads and serves it within the territory', async () => {
    const created = await s.call('POST', '/api/technology-contracts', {
      as: 'firm-xian-1',
      body: { content: doc({ contractNo: 'TE-2026-002' }) },
    });
    const cid = created.body.id;
    const bytes = new TextEncoder().encode('%PDF-1.4 合同扫描件');
    const form = new FormData();
    form.append('file', new Blob([bytes]), '合同.pdf');
    const up = await fetch(`${s.baseUrl}/api/technology-contracts/${cid}/attachment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${(await s.login('firm-xian-1')).accessToken}` },
      body: form,
    });
    expect(up.status).toBe(200);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect((await up.json()).attachment).toEqual({
      fileName: '合同.pdf',
      size: bytes.length,
      sha256: sha,
      contentType: 'application/pdf',
    });
    const down = await s.call('GET', `/api/technology-contracts/${cid}/attachment`, { as: 'xian' });
    expect(down.status).toBe(200);
    expect(down.text).toBe('%PDF-1.4 合同扫描件');
    expect((await s.call('GET', `/api/technology-contracts/${cid}/attachment`, { as: 'xianyang' })).status).toBe(404);
  });
});
