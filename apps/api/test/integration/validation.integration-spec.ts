import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { parse } from 'csv-parse/sync';
import { catalogueVersion, RULES } from '@portal/rules';
import { QUEUES } from '../../src/core/queue/queues';
import { ValidationService } from '../../src/modules/validation/validation.service';
import { aContract, anExecution, aReturnContent } from '../factories/returns';
import { waitForReturn } from '../factories/review';
import { explainAll, validated } from '../factories/validation';
import { listQuery, startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';

/**
 * Validation (DOMAIN.md §5) through the real queue and worker process: findings per revision, explain-or-fix,
 * submission decided by the job, the rule catalogue with overrides, and no lost or doubled work after a crash.
 */
describe('validation: queued checks, explain-or-fix, rule catalogue', () => {
  let s: TestStack;
  let worker: Managed;
  let xianyangFirm: string;

  const open = async (as: string, periodCode: string) =>
    (await s.call('POST', '/api/returns', { as, body: { periodCode } })).body;
  const save = (as: string, id: string, content: unknown, version: number) =>
    s.call('PUT', `/api/returns/${id}/draft`, { as, body: { content, version } });
  const submit = async (as: string, id: string) => {
    const { version } = (await s.call('GET', `/api/returns/${id}`, { as })).body;
    return s.call('POST', `/api/returns/${id}/submit`, { as, body: { version } });
  };
  const decided = (as: string, id: string) => waitForReturn(s, as, id, (b) => b.status !== 'VALIDATING');

  beforeAll(async () => {
    s = await startTestStack();
    await s.ds.query(`UPDATE period SET due_date = '2099-12-31', lock_date = '2099-12-31' WHERE code = '2026Q3'`);
    const firms = await s.call('GET', `/api/enterprises${listQuery({ range: [0, 99] })}`, { as: 'admin' });
    xianyangFirm = firms.body.find((e: { nameZh: string }) => e.nameZh === '咸阳智汇信息技术有限公司').id;
    worker = await startWorker(s.config);
  });
  afterAll(async () => {
    await worker.stop();
    await s.close();
  });

  describe('a blocking error found by the job', () => {
    let id: string;

    it('sends the submission back to DRAFT with its findings and a new editable revision', async () => {
      const r = await open('firm-xianyang-1', '2026Q3');
      id = r.id;
      const content = aReturnContent(r.content.profile, { contracts: [aContract({ clientPartnerCode: 'US' })] });
      expect((await save('firm-xianyang-1', id, content, r.version)).status).toBe(200);
      const clean = await validated(s, 'firm-xianyang-1', id);
      expect(clean).toMatchObject({ revision: 1, catalogueVersion, counts: { blocking: 0, unexplained: 0 } });
      // The draft API keeps a negative amount in the draft only, out of the content; data arriving another way is
      // caught by the job.
      await s.ds.query(
        `UPDATE return_revision SET content = jsonb_set(content, '{servicesTrade,0,amount}', '-5')
          WHERE return_id = $1 AND revision = 1`,
        [id],
      );
      const res = await submit('firm-xianyang-1', id);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('VALIDATING');
      expect(res.body.revisions[0]).toMatchObject({ revision: 1, frozen: true });
      expect(res.body.revisions[0].receiptNo).toMatch(/^R-2026Q3-/);

      const back = await decided('firm-xianyang-1', id);
      expect(back).toMatchObject({ status: 'DRAFT', currentRevision: 2 });
      expect(back.revisions.map((v: { revision: number; frozen: boolean }) => [v.revision, v.frozen])).toEqual([
        [1, true],
        [2, false],
      ]);
      const v = (await s.call('GET', `/api/returns/${id}/validation`, { as: 'firm-xianyang-1' })).body;
      expect(v).toMatchObject({ revision: 2, status: 'DONE', current: true, queuePosition: null });
      expect(v.findings).toContainEqual(
        expect.objectContaining({
          ruleId: 'R-AMT-001',
          severity: 'BLOCKING',
          cells: ['servicesTrade[0].amount'],
          status: 'OPEN',
        }),
      );
      const audit = await s.call(
        'GET',
        `/api/audit${listQuery({ filter: { action: 'returns.validation-failed', entityId: id } })}`,
        { as: 'admin' },
      );
      expect(audit.body).toHaveLength(1);
      expect(audit.body[0]).toMatchObject({ actorUsername: 'system' });
    });

    it('refuses to submit the same content again at once, listing the findings; nothing is frozen', async () => {
      const res = await submit('firm-xianyang-1', id);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('VALIDATION_BLOCKING');
      expect(res.body.details).toContainEqual(expect.objectContaining({ ruleId: 'R-AMT-001' }));
      const after = (await s.call('GET', `/api/returns/${id}`, { as: 'firm-xianyang-1' })).body;
      expect(after).toMatchObject({ status: 'DRAFT', currentRevision: 2 });
      expect(after.revisions[1].frozen).toBe(false);
    });

    it('accepts the fixed revision; the finding of the earlier revision is FIXED', async () => {
      const r = (await s.call('GET', `/api/returns/${id}`, { as: 'firm-xianyang-1' })).body;
      const fixed = structuredClone(r.content);
      fixed.servicesTrade[0].amount = 125000.5;
      expect((await save('firm-xianyang-1', id, fixed, r.version)).status).toBe(200);
      await validated(s, 'firm-xianyang-1', id);
      expect((await submit('firm-xianyang-1', id)).status).toBe(200);
      expect(await decided('firm-xianyang-1', id)).toMatchObject({ status: 'SUBMITTED', currentRevision: 2 });
      const rows = await s.ds.query(
        `SELECT revision, status FROM validation_finding WHERE return_id = $1 AND rule_id = 'R-AMT-001' ORDER BY 1`,
        [id],
      );
      expect(rows).toEqual([{ revision: 1, status: 'FIXED' }]);
    });
  });

  describe('explain-or-fix', () => {
    let id: string;
    let findings: { id: string; ruleId: string; severity: string; status: string }[];

    it('finds execution above the contract value and refuses the unexplained submission', async () => {
      const r = await open('firm-xian-1', '2026Q3');
      id = r.id;
      const content = aReturnContent(r.content.profile, {
        contracts: [aContract({ contractNo: 'EX-1', clientPartnerCode: 'US', amount: 500000 })],
        executions: [anExecution({ contractNo: 'EX-1', amount: 600000 })],
      });
      expect((await save('firm-xian-1', id, content, r.version)).status).toBe(200);
      const v = await validated(s, 'firm-xian-1', id);
      findings = v.findings;
      expect(v.counts.blocking).toBe(0);
      expect(findings).toContainEqual(
        expect.objectContaining({ ruleId: 'R-EXE-004', severity: 'EXPLAIN', status: 'OPEN' }),
      );
      const res = await submit('firm-xian-1', id);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('VALIDATION_BLOCKING');
      expect(res.body.details.every((f: { severity: string }) => f.severity === 'EXPLAIN')).toBe(true);
    });

    it('refuses boilerplate and copied explanations with a Chinese and English reason', async () => {
      const target = findings.find((f) => f.ruleId === 'R-EXE-004')!;
      const url = `/api/returns/${id}/findings/${target.id}/explain`;
      const boiler = await s.call('POST', url, { as: 'firm-xian-1', body: { text: '情况属实' } });
      expect(boiler.status).toBe(400);
      expect(boiler.body).toMatchObject({ code: 'EXPLANATION_INVALID', details: { problem: 'BOILERPLATE' } });
      expect(boiler.body.message_zh).toContain('套话');
      expect(boiler.body.message_en).toMatch(/boilerplate/);
      const text = '合同 EX-1 本季度追加二期开发工作量，补充协议正在签署，合同额将相应调增';
      const ok = await s.call('POST', url, { as: 'firm-xian-1', body: { reasonCode: 'ONE_OFF_CONTRACT', text } });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ status: 'EXPLAINED', reasonCode: 'ONE_OFF_CONTRACT', explanation: text });
      const other = findings.find((f) => f.severity === 'EXPLAIN' && f.id !== target.id);
      if (other) {
        const copied = await s.call('POST', `/api/returns/${id}/findings/${other.id}/explain`, {
          as: 'firm-xian-1',
          body: { text },
        });
        expect(copied.status).toBe(400);
        expect(copied.body.details.problem).toBe('COPIED');
      }
      const info = findings.find((f) => f.severity === 'INFO');
      if (info) {
        const res = await s.call('POST', `/api/returns/${id}/findings/${info.id}/explain`, {
          as: 'firm-xian-1',
          body: { reasonCode: 'EXCHANGE_RATE' },
        });
        expect(res.status).toBe(409);
        expect(res.body.code).toBe('FINDING_NOT_EXPLAINABLE');
      }
    });

    it('reaches SUBMITTED once every explain-or-fix finding is explained; explanations stay with the findings', async () => {
      const v = await validated(s, 'firm-xian-1', id);
      for (const [i, f] of v.findings.filter((x) => x.severity === 'EXPLAIN' && x.status === 'OPEN').entries()) {
        const res = await s.call('POST', `/api/returns/${id}/findings/${f.id}/explain`, {
          as: 'firm-xian-1',
          body: { reasonCode: 'NEW_CLIENT', text: `第${i + 1}项：新客户 Contoso 本季度首次下单，业务量集中在季末` },
        });
        expect(res.status).toBe(200);
      }
      const res = await submit('firm-xian-1', id);
      expect(res.status).toBe(200);
      expect(await decided('firm-xian-1', id)).toMatchObject({ status: 'SUBMITTED', currentRevision: 1 });
      const after = (await s.call('GET', `/api/returns/${id}/validation`, { as: 'firm-xian-1' })).body;
      expect(after.counts.unexplained).toBe(0);
      expect(after.findings.find((f: { ruleId: string }) => f.ruleId === 'R-EXE-004')).toMatchObject({
        status: 'EXPLAINED',
        reasonCode: 'ONE_OFF_CONTRACT',
      });
    });

    it('shows a validation only within the territory and lets only the firm explain', async () => {
      expect((await s.call('GET', `/api/returns/${id}/validation`, { as: 'xian' })).status).toBe(200);
      expect((await s.call('GET', `/api/returns/${id}/validation`, { as: 'xianyang' })).status).toBe(404);
      expect((await s.call('GET', `/api/returns/${id}/validation`, { as: 'firm-xianyang-1' })).status).toBe(404);
      const f = findings[0];
      const foreign = await s.call('POST', `/api/returns/${id}/findings/${f.id}/explain`, {
        as: 'firm-xianyang-1',
        body: { reasonCode: 'OTHER', text: '这是别家企业的报表，不应能写入任何说明内容' },
      });
      expect(foreign.status).toBe(404);
      const admin = await s.call('POST', `/api/returns/${id}/findings/${f.id}/explain`, {
        as: 'admin',
        body: { reasonCode: 'EXCHANGE_RATE' },
      });
      expect(admin.status).toBe(403);
    });
  });

  it('sends an unexplained explain-or-fix finding back to the firm: a key enterprise’s zero return', async () => {
    await s.ds.query(`UPDATE period SET lock_date = '2099-12-31' WHERE code = '2026Q1'`);
    const r = await open('firm-xianyang-1', '2026Q1');
    const res = await s.call('POST', `/api/returns/${r.id}/zero`, {
      as: 'firm-xianyang-1',
      body: { version: r.version },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('VALIDATING');
    expect(await decided('firm-xianyang-1', r.id)).toMatchObject({ status: 'DRAFT', currentRevision: 2 });
    const v = (await s.call('GET', `/api/returns/${r.id}/validation`, { as: 'firm-xianyang-1' })).body;
    expect(v.findings).toContainEqual(expect.objectContaining({ ruleId: 'R-ZERO-002', status: 'OPEN' }));
  });

  it('checks a zero return as a draft before it is submitted: explained there, it is submitted without a bounce', async () => {
    await s.ds.query(`UPDATE period SET due_date = '2099-12-31', lock_date = '2099-12-31' WHERE code = '2026Q2'`);
    const r = await open('firm-xianyang-1', '2026Q2');
    // What 本期无业务 saves on the return page: no lines, the workforce kept, the profile confirmed.
    const zero = {
      ...r.content,
      zeroReturn: true,
      servicesTrade: [],
      contracts: [],
      executions: [],
      profile: { ...r.content.profile, confirmed: true },
    };
    expect((await save('firm-xianyang-1', r.id, zero, r.version)).status).toBe(200);
    const checked = await validated(s, 'firm-xianyang-1', r.id);
    // The findings the job gives a zero return of this key enterprise, before anything is submitted: why there was
    // no business, and each figure that fell to 0 from the same quarter last year (2025Q2 of the seed).
    expect(checked).toMatchObject({ revision: 1, counts: { blocking: 0, unexplained: 6 } });
    expect(checked.findings.map((f) => [f.ruleId, f.severity, f.cells.join(), f.status])).toEqual([
      ['R-ZERO-002', 'EXPLAIN', 'zeroReturn', 'OPEN'],
      ['R-CHG-002', 'EXPLAIN', 'servicesTrade', 'OPEN'],
      ['R-CHG-002', 'EXPLAIN', 'servicesTrade', 'OPEN'],
      ['R-CHG-002', 'EXPLAIN', 'contracts', 'OPEN'],
      ['R-CHG-002', 'EXPLAIN', 'executions', 'OPEN'],
      ['R-CHG-002', 'EXPLAIN', 'workforce', 'OPEN'],
    ]);
    expect(checked.findings[0].message_zh).toBe('本企业为重点联系企业，本期为零申报；请说明本期无业务的原因');
    // Submitted unexplained, the same finding stops it at once instead of a bounce after acceptance.
    const early = await submit('firm-xianyang-1', r.id);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'VALIDATION_BLOCKING' });

    expect((await explainAll(s, 'firm-xianyang-1', r.id)).length).toBe(6);
    const res = await submit('firm-xianyang-1', r.id);
    expect(res.status).toBe(200);
    const after = await decided('firm-xianyang-1', r.id);
    expect(after).toMatchObject({ status: 'SUBMITTED', currentRevision: 1 });
    expect(after.content.zeroReturn).toBe(true);
    const v = (await s.call('GET', `/api/returns/${r.id}/validation`, { as: 'firm-xianyang-1' })).body;
    expect(v).toMatchObject({ revision: 1, counts: { blocking: 0, unexplained: 0 } });
    expect(v.findings.map((f: { ruleId: string; status: string }) => [f.ruleId, f.status])).toEqual(
      checked.findings.map((f) => [f.ruleId, 'EXPLAINED']),
    );
  });

  describe('rule catalogue', () => {
    it('describes every rule with its setting in force, for firms too', async () => {
      const res = await s.call('GET', '/api/rules?period=2026Q3', { as: 'firm-xian-1' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: catalogueVersion, periodCode: '2026Q3' });
      expect(res.body.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id));
      expect(res.body.rules[0]).toMatchObject({ effective: { enabled: true, overrideFrom: null } });
      expect((await s.call('GET', '/api/rules?period=2026-3', { as: 'firm-xian-1' })).status).toBe(400);
    });

    it('downloads the catalogue as CSV (UTF-8 with BOM) and Excel', async () => {
      const token = (await s.login('firm-xian-1')).accessToken;
      const download = (query: string) =>
        fetch(`${s.baseUrl}/api/rules?${query}`, { headers: { authorization: `Bearer ${token}` } });
      const csv = await download('format=csv&period=2026Q3');
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-disposition')).toBe(
        `attachment; filename="rules-2026Q3.csv"; filename*=UTF-8''${encodeURIComponent('校验规则-2026Q3.csv')}`,
      );
      const bytes = Buffer.from(await csv.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows: string[][] = parse(bytes.subarray(3).toString('utf8'));
      expect(rows[0]).toEqual(expect.arrayContaining(['id', 'severity', 'title_zh', 'enabled', 'effective_severity']));
      expect(rows.slice(1).map((r) => r[0])).toEqual(RULES.map((r) => r.id));
      const xlsx = await download('format=xlsx');
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
      expect(
        Buffer.from(await xlsx.arrayBuffer())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');
    });

    it('previews the impact of an override on the current quarter, then applies it from a period on', async () => {
      // Every 2026Q3 return of the tests above passes; a CNY amount (R-INFO-001) made blocking would stop them.
      const preview = await s.call('POST', '/api/rules/R-INFO-001/preview', {
        as: 'admin',
        body: { fromPeriod: '2026Q3', enabled: true, severity: 'BLOCKING' },
      });
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ ruleId: 'R-INFO-001', periodCode: '2026Q3', toPassing: 0 });
      expect(preview.body.toBlocked).toBeGreaterThanOrEqual(2);
      expect(preview.body.flipped).toContainEqual(
        expect.objectContaining({ enterpriseName: '咸阳智汇信息技术有限公司', before: 'PASS', after: 'BLOCKED' }),
      );
      const none = await s.call('POST', '/api/rules/R-INFO-001/preview', {
        as: 'admin',
        body: { fromPeriod: '2026Q3', enabled: false },
      });
      expect(none.body).toMatchObject({ toBlocked: 0, toPassing: 0, findingsAfter: 0 });
      expect(none.body.findingsBefore).toBeGreaterThan(0);

      expect(
        (
          await s.call('PUT', '/api/rules/R-INFO-001/override', {
            as: 'firm-xian-1',
            body: { fromPeriod: '2026Q3', enabled: false },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await s.call('PUT', '/api/rules/R-NOPE/override', {
            as: 'admin',
            body: { fromPeriod: '2026Q3', enabled: false },
          })
        ).status,
      ).toBe(404);
      const set = await s.call('PUT', '/api/rules/R-INFO-001/override', {
        as: 'admin',
        body: { fromPeriod: '2026Q3', enabled: false },
      });
      expect(set.status).toBe(200);
      expect(set.body.effective).toEqual({ enabled: false, severity: 'INFO', overrideFrom: '2026Q3' });
      const rule = async (period: string) =>
        (await s.call('GET', `/api/rules?period=${period}`, { as: 'xian' })).body.rules.find(
          (r: { id: string }) => r.id === 'R-INFO-001',
        );
      expect((await rule('2026Q2')).effective.enabled).toBe(true);
      expect((await rule('2026Q4')).effective).toMatchObject({ enabled: false, overrideFrom: '2026Q3' });
    });
  });

  it('applies an override set after the overrides of the period were cached by a validation', async () => {
    const validation = s.app.get(ValidationService);
    const [hit] = await s.ds.query(
      `SELECT f.return_id, f.revision, f.rule_id, r.period_code FROM validation_finding f
         JOIN statistical_return r ON r.id = f.return_id ORDER BY f.created_at DESC LIMIT 1`,
    );
    const findingsOf = async () =>
      (
        await s.ds.query('SELECT rule_id FROM validation_finding WHERE return_id = $1 AND revision = $2', [
          hit.return_id,
          hit.revision,
        ])
      ).map((f: { rule_id: string }) => f.rule_id);
    await validation.validateRevision(hit.return_id, hit.revision);
    expect(await findingsOf()).toContain(hit.rule_id);
    const off = await s.call('PUT', `/api/rules/${hit.rule_id}/override`, {
      as: 'admin',
      body: { fromPeriod: hit.period_code, enabled: false },
    });
    expect(off.status).toBe(200);
    await validation.validateRevision(hit.return_id, hit.revision);
    expect(await findingsOf()).not.toContain(hit.rule_id);
    const on = await s.call('PUT', `/api/rules/${hit.rule_id}/override`, {
      as: 'admin',
      body: { fromPeriod: hit.period_code, enabled: true },
    });
    expect(on.status).toBe(200);
    await validation.validateRevision(hit.return_id, hit.revision);
    expect(await findingsOf()).toContain(hit.rule_id);
  });

  it('lists failed validation jobs for administrators only', async () => {
    const res = await s.call('GET', `/api/validation/failed-jobs${listQuery({ range: [0, 9] })}`, { as: 'admin' });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.headers.get('content-range')).toMatch(/^failed-jobs /);
    expect((await s.call('GET', '/api/validation/failed-jobs', { as: 'firm-xian-1' })).status).toBe(403);
  });

  it('runs the rules once for a job delivered twice (a Redis failover, a lost lock): one result, one decision', async () => {
    const validation = s.app.get(ValidationService);
    // A submission waiting for its check, written without a job (the test delivers it itself, as the worker does).
    const [{ id }] = await s.ds.query(
      `INSERT INTO statistical_return
         (enterprise_id, period_code, review_unit_code, province_code, status, current_revision, version)
       SELECT id, '2025Q1', review_unit_code, province_code, 'VALIDATING', 1, 1 FROM enterprise e
        WHERE id <> $1 AND NOT EXISTS (SELECT 1 FROM statistical_return r WHERE r.enterprise_id = e.id
                                          AND r.period_code = '2025Q1')
        ORDER BY id LIMIT 1
       RETURNING id`,
      [xianyangFirm],
    );
    const content = aReturnContent(null, {
      contracts: [aContract({ contractNo: 'TWICE-1', signedDate: '2025-01-03', clientPartnerCode: 'US' })],
      executions: [anExecution({ contractNo: 'TWICE-1' })],
    });
    await s.ds.query(`INSERT INTO return_revision (return_id, revision, content, cny_per_usd) VALUES ($1, 1, $2, 7)`, [
      id,
      JSON.stringify(content),
    ]);
    await validation.markQueued(s.ds.manager, id, 1);
    const state = async () => ({
      run: (
        await s.ds.query(`SELECT status, runs, finished_at FROM validation_run WHERE return_id = $1 AND revision = 1`, [
          id,
        ])
      )[0],
      findings: (
        await s.ds.query(`SELECT id FROM validation_finding WHERE return_id = $1 AND revision = 1 ORDER BY id`, [id])
      ).map((f: { id: string }) => f.id),
      decisions: Number(
        (
          await s.ds.query(`SELECT count(*) FROM audit_log WHERE entity_id = $1 AND action LIKE '%validation-%'`, [id])
        )[0].count,
      ),
    });

    // Delivered twice at once: one stores its result and decides, the other sees the run DONE under its lock.
    const outcomes = await Promise.all([
      validation.validateRevision(id, 1, { once: true }),
      validation.validateRevision(id, 1, { once: true }),
    ]);
    // (The worker's sweep may deliver a job of this waiting return too: whoever stores first, the others skip.)
    expect(outcomes.filter((o) => o?.transition).length).toBeLessThanOrEqual(1);
    expect(outcomes.some((o) => o?.skipped)).toBe(true);
    const first = await state();
    expect(first.run).toMatchObject({ status: 'DONE', runs: 1 });
    expect(first.decisions).toBe(1);
    expect((await s.call('GET', `/api/returns/${id}`, { as: 'admin' })).body.status).not.toBe('VALIDATING');

    // Delivered again later: the rules do not run, nothing is written.
    expect(await validation.validateRevision(id, 1, { once: true })).toMatchObject({ skipped: true, transition: null });
    expect(await state()).toEqual(first);

    // A check asked for again (enqueue marks the run QUEUED) does run, once.
    await validation.markQueued(s.ds.manager, id, 1);
    await validation.validateRevision(id, 1, { once: true });
    expect((await state()).run).toMatchObject({ status: 'DONE', runs: 2 });
  });

  it('collapses duplicate enqueues and loses nothing when the worker is killed in the middle of a batch', async () => {
    const validation = s.app.get(ValidationService);
    const queue = s.app.get<Queue>(getQueueToken(QUEUES.validation));
    const n = 100;
    // One return with 100 revisions; odd revisions carry a negative amount (one more finding than even ones).
    const [{ id }] = await s.ds.query(
      `INSERT INTO statistical_return
         (enterprise_id, period_code, review_unit_code, province_code, status, current_revision, version)
       SELECT id, '2025Q1', review_unit_code, province_code, 'DRAFT', $2, 1 FROM enterprise WHERE id = $1 RETURNING id`,
      [xianyangFirm, n],
    );
    const base = aReturnContent(null, {
      contracts: [aContract({ contractNo: 'BATCH-1', signedDate: '2025-02-03', clientPartnerCode: 'US' })],
      executions: [anExecution({ contractNo: 'BATCH-1' })],
    });
    await s.ds.query(
      `INSERT INTO return_revision (return_id, revision, content, cny_per_usd)
       SELECT $1, g, jsonb_set($2::jsonb, '{servicesTrade,0,amount}', to_jsonb(CASE WHEN g % 2 = 1 THEN -g ELSE 1000 + g END)), 7
         FROM generate_series(1, $3::int) g`,
      [id, JSON.stringify(base), n],
    );
    await worker.stop();
    await Promise.all(
      Array.from({ length: n }, (_, i) => i + 1).flatMap((rev) => [
        validation.enqueue(id, rev),
        validation.enqueue(id, rev),
      ]),
    );
    const waiting = (await queue.getWaiting(0, -1)).filter((j) => j.id?.startsWith(`${id}.`));
    expect(waiting).toHaveLength(n);

    const done = async () =>
      Number(
        (await s.ds.query(`SELECT count(*) FROM validation_run WHERE return_id = $1 AND status = 'DONE'`, [id]))[0]
          .count,
      );
    worker = await startWorker(s.config, { WORKER_CONCURRENCY: '2' });
    while ((await done()) < 5) await new Promise((r) => setTimeout(r, 10));
    await worker.stop('SIGKILL');
    expect(await done()).toBeLessThan(n);

    worker = await startWorker(s.config);
    const until = Date.now() + 90_000;
    while ((await done()) < n && Date.now() < until) await new Promise((r) => setTimeout(r, 250));

    const runs = await s.ds.query(
      `SELECT revision, count(*)::int AS runs, min(status) AS status FROM validation_run WHERE return_id = $1
        GROUP BY revision ORDER BY revision`,
      [id],
    );
    expect(runs).toEqual(Array.from({ length: n }, (_, i) => ({ revision: i + 1, runs: 1, status: 'DONE' })));
    const doubled = await s.ds.query(
      `SELECT revision, rule_id, cells FROM validation_finding WHERE return_id = $1
        GROUP BY revision, rule_id, cells HAVING count(*) > 1`,
      [id],
    );
    expect(doubled).toEqual([]);
    const counts: { revision: number; findings: number }[] = await s.ds.query(
      `SELECT g AS revision, (SELECT count(*)::int FROM validation_finding f WHERE f.return_id = $1 AND f.revision = g) AS findings
         FROM generate_series(1, $2::int) g`,
      [id, n],
    );
    const even = counts[1].findings;
    expect(counts.every((c) => c.findings === (c.revision % 2 === 1 ? even + 1 : even))).toBe(true);
  }, 180_000);
});
