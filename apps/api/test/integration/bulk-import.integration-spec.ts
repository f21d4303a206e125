import { writeBundle, type ExchangeData } from '@portal/exchange';
import { withUsccCheck } from '@portal/shared';
import { canonicalJson } from '../../src/modules/audit/audit.service';
import { factSnapshot } from '../../src/modules/official-tables/facts.repository';
import { rebuildAllFacts } from '../../src/modules/official-tables/facts';
import { listQuery, startTestStack, type TestStack } from '../utils/app';
import { settledImport } from '../utils/imports';
import { startWorker, type Managed } from '../utils/processes';
import { createHash } from 'node:crypto';

const PERIODS = ['2021Q1', '2021Q2', '2021Q3', '2021Q4'];
const REGIONS: [string, string | null][] = [
  ['610102', null],
  ['610103', null],
  ['610113', '6101Z1'],
  ['610104', '6101Z8'],
  ['610112', null],
];
const NATURES = ['DOM-PRI', 'FIE', 'HMT', 'DOM-SOE'];
const CATEGORIES = ['SC', 'SH', 'SI', 'SJ'];
const PARTNERS = ['US', 'JP', 'HK', 'DE', 'KR'];

const usccOf = (prefix: string, i: number) => withUsccCheck(`91610102${prefix}${String(i).padStart(5, '0')}`);

/**
 * A year of `n` firms (four quarters each): two trade lines a quarter (some in CNY), a contract signed in Q1 that
 * Q1–Q3 execute and one signed in Q3 that Q3–Q4 execute (one of them onshore), workforce every quarter.
 */
function yearOf(prefix: string, n: number): ExchangeData {
  const d: ExchangeData = { enterprises: [], servicesTrade: [], contracts: [], executions: [], workforce: [] };
  for (let i = 0; i < n; i++) {
    const uscc = usccOf(prefix, i);
    const [regionCode, zoneCode] = REGIONS[i % REGIONS.length];
    d.enterprises.push({
      uscc,
      nameZh: `批量历史数据测试${prefix}${i}有限公司`,
      regionCode,
      zoneCode,
      natureCode: NATURES[i % NATURES.length],
      industryCode: 'I',
      keyEnterprise: i % 5 === 0,
    });
    PERIODS.forEach((period, q) => {
      for (let k = 0; k < 2; k++) {
        d.servicesTrade.push({
          uscc,
          period,
          categoryCode: CATEGORIES[(i + k) % CATEGORIES.length],
          partnerCode: PARTNERS[(i + q + k) % PARTNERS.length],
          direction: k === 0 ? 'EXPORT' : 'IMPORT',
          amount: 1000 + i * 37 + q * 11 + k + 0.35,
          currency: (i + q) % 3 === 0 ? 'CNY' : 'USD',
        });
      }
      d.workforce.push({
        uscc,
        period,
        juniorCollege: i % 7,
        bachelor: 10 + q,
        master: i % 3,
        doctor: 0,
        other: 1,
        newHires: 2,
        newHiresGraduates: 1,
      });
    });
    const onshore = i % 4 === 0;
    d.contracts.push(
      {
        uscc,
        contractNo: `C${i}-1`,
        signedDate: '2021-02-10',
        clientName: `Client ${i}`,
        clientPartnerCode: onshore ? 'CN' : PARTNERS[i % PARTNERS.length],
        clientIndustryCode: 'I',
        businessCode: i % 2 ? 'ITO-RD-01' : 'ITO-OM-01',
        offshore: !onshore,
        amount: 710000 + i,
        currency: 'CNY',
      },
      {
        uscc,
        contractNo: `C${i}-3`,
        signedDate: '2021-08-15',
        clientName: `Client ${i} B`,
        clientPartnerCode: 'JP',
        clientIndustryCode: null,
        businessCode: 'ITO-RD-02',
        offshore: true,
        amount: 50000.25,
        currency: 'USD',
      },
    );
    for (const [contractNo, period, amount] of [
      [`C${i}-1`, '2021Q1', 10000],
      [`C${i}-1`, '2021Q2', 20000.5],
      [`C${i}-1`, '2021Q3', 30000],
      [`C${i}-3`, '2021Q3', 5000],
      [`C${i}-3`, '2021Q4', 7000.75],
    ] as const) {
      d.executions.push({ uscc, contractNo, period, amount, currency: period === '2021Q2' ? 'CNY' : 'USD' });
    }
  }
  return d;
}

/**
 * Historical imports through the bulk write path (exchange/historical-import.ts) at a size that spans more than
 * one write batch: the facts and aggregates it leaves (the facts writer a batch at a time, aggregates added at the
 * end) are what `rebuildAllFacts` — the same writer, return by return as approvals call it — computes, the rows, audit chain and idempotency are those of the
 * per-return import, and an error in a late batch leaves nothing written.
 */
describe('bulk historical import', () => {
  let s: TestStack;
  let worker: Managed;

  const importAs = async (name: string, data: ExchangeData) => {
    const { zip } = await writeBundle(data);
    const { accessToken } = await s.login('admin');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(zip)]), name);
    form.append('kind', 'HISTORICAL');
    form.append('sourceNote', '旧系统批量导出');
    const res = await fetch(`${s.baseUrl}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      body: form,
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    return settledImport(s, id, 'admin', 300_000);
  };

  const q = (sql: string, params?: unknown[]) => s.ds.query(sql, params);

  /** The facts and aggregates as they are, and as rebuildAllFacts computes them from scratch (rolled back). */
  const factsAndRebuilt = async () => {
    const now = await factSnapshot(q);
    let rebuilt: Record<string, string[]> = {};
    const runner = s.ds.createQueryRunner();
    await runner.startTransaction();
    try {
      for (const t of ['agg_outsourcing', 'agg_trade', 'agg_workforce', 'agg_row_returns'])
        await runner.query(`DELETE FROM ${t}`);
      for (const t of [
        'fact_outsourcing',
        'fact_contract',
        'fact_execution_source',
        'fact_trade',
        'fact_workforce',
        'fact_row_key',
        'fact_return',
      ])
        await runner.query(`DELETE FROM ${t}`);
      await rebuildAllFacts(runner.manager);
      rebuilt = await factSnapshot((sql, params) => runner.query(sql, params));
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    return { now, rebuilt };
  };

  const differing = (a: Record<string, string[]>, b: Record<string, string[]>) =>
    Object.keys(a).filter((t) => JSON.stringify(a[t]) !== JSON.stringify(b[t]));

  beforeAll(async () => {
    s = await startTestStack();
    worker = await startWorker(s.config);
  });
  afterAll(async () => {
    await worker?.stop();
    await s?.close();
  });

  const FIRMS = 300;
  const first = yearOf('MA7B', FIRMS);

  it('writes approved returns, revisions, contracts, facts and a valid audit chain', async () => {
    const job = await importAs('history-2021.zip', first);
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({
      status: 'SUCCEEDED',
      progress: 100,
      counts: { enterprises: FIRMS, returns: FIRMS * 4, returnsChanged: FIRMS * 4, contracts: FIRMS * 2 },
    });

    const returns: {
      id: string;
      uscc: string;
      period_code: string;
      status: string;
      current_revision: number;
      approved_revision: number;
      version: number;
      review_unit_code: string;
    }[] = await q(
      `SELECT r.id, e.uscc, r.period_code, r.status, r.current_revision, r.approved_revision, r.version, r.review_unit_code
         FROM statistical_return r JOIN enterprise e ON e.id = r.enterprise_id
        WHERE e.uscc LIKE '91610102MA7B%' ORDER BY e.uscc, r.period_code`,
    );
    expect(returns).toHaveLength(FIRMS * 4);
    for (const r of returns)
      expect(r).toMatchObject({ status: 'APPROVED', current_revision: 1, approved_revision: 1, version: 2 });
    // 西咸新区 has its own commerce bureau; the other firms are reviewed by Xi'an.
    expect(returns.find((r) => r.uscc === usccOf('MA7B', 3))!.review_unit_code).toBe('6101Z8');
    expect(returns.find((r) => r.uscc === usccOf('MA7B', 2))!.review_unit_code).toBe('610100');

    // The revision holds the bundle's rows of the return, frozen, with the source and the content's hash.
    const [rev] = await q(
      `SELECT v.content, v.frozen, v.source, v.source_note, v.content_hash, v.cny_per_usd, v.submitted_at IS NOT NULL AS submitted
         FROM return_revision v WHERE v.return_id = $1 AND v.revision = 1`,
      [returns.find((r) => r.uscc === usccOf('MA7B', 7) && r.period_code === '2021Q2')!.id],
    );
    const uscc7 = usccOf('MA7B', 7);
    expect(rev).toMatchObject({ frozen: true, source: 'HISTORICAL', source_note: '旧系统批量导出', submitted: true });
    expect(rev.cny_per_usd).toBe('6.4500');
    expect(rev.content_hash).toBe(createHash('sha256').update(canonicalJson(rev.content)).digest('hex'));
    expect(rev.content).toEqual({
      profile: {
        confirmed: true,
        nameZh: '批量历史数据测试MA7B7有限公司',
        regionCode: '610113',
        zoneCode: '6101Z1',
        natureCode: 'DOM-SOE',
        industryCode: 'I',
        keyEnterprise: false,
        advancedTech: false,
      },
      zeroReturn: false,
      servicesTrade: first.servicesTrade
        .filter((t) => t.uscc === uscc7 && t.period === '2021Q2')
        .map(({ uscc: _u, period: _p, ...line }) => line),
      contracts: [],
      executions: [{ contractNo: 'C7-1', amount: 20000.5, currency: 'CNY' }],
      workforce: {
        juniorCollege: 0,
        bachelor: 11,
        master: 1,
        doctor: 0,
        other: 1,
        newHires: 2,
        newHiresGraduates: 1,
      },
    });

    const contracts: { contract_no: string; period_code: string; amount: string; amount_usd: string }[] = await q(
      `SELECT c.contract_no, c.period_code, c.amount, c.amount_usd FROM contract c JOIN enterprise e ON e.id = c.enterprise_id
        WHERE e.uscc = $1 ORDER BY c.contract_no`,
      [uscc7],
    );
    expect(contracts).toEqual([
      { contract_no: 'C7-1', period_code: '2021Q1', amount: '710007.00', amount_usd: '110078.60' },
      { contract_no: 'C7-3', period_code: '2021Q3', amount: '50000.25', amount_usd: '50000.25' },
    ]);
    const [{ n }] = await q(
      `SELECT count(*)::int AS n FROM contract c JOIN enterprise e ON e.id = c.enterprise_id WHERE e.uscc LIKE '91610102MA7B%'`,
    );
    expect(n).toBe(FIRMS * 2);

    // (Facts and aggregates are compared with rebuildAllFacts after the correction below, for every return.)
    const [{ facts }] = await q(
      `SELECT count(*)::int AS facts FROM fact_return f JOIN enterprise e ON e.id = f.enterprise_id
        WHERE e.uscc LIKE '91610102MA7B%' AND f.revision = 1`,
    );
    expect(facts).toBe(FIRMS * 4);
    // Firm 7's Q2 executes its Q1 contract (ITO-RD-01, offshore to HK): 20,000.50 CNY at 6.45 = 3,100.85 USD.
    const [fact] = await q(
      `SELECT f.business_code, f.partner_code, f.offshore, f.contracts, f.executed_usd FROM fact_outsourcing f
        WHERE f.return_id = $1`,
      [returns.find((r) => r.uscc === uscc7 && r.period_code === '2021Q2')!.id],
    );
    expect(fact).toEqual({
      business_code: 'ITO-RD-01',
      partner_code: 'HK',
      offshore: true,
      contracts: 0,
      executed_usd: '3100.85',
    });

    // One audit entry per return, in the order of the bundle's returns, and the chain verifies.
    const audit: { entity_id: string; details: Record<string, unknown> }[] = await q(
      `SELECT entity_id, details FROM audit_log WHERE action = 'returns.import-historical' ORDER BY id`,
    );
    expect(audit.map((a) => a.entity_id)).toEqual(returns.map((r) => r.id));
    expect(audit[0].details).toMatchObject({ periodCode: '2021Q1', revision: 1, source: '旧系统批量导出' });
    const verify = await s.call('GET', '/api/audit/verify', { as: 'admin' });
    expect(verify.body).toMatchObject({ ok: true, firstBrokenId: null });
  }, 300_000);

  it('changes nothing when the same bundle is imported again', async () => {
    const before = await factSnapshot(q);
    const [{ n: entries }] = await q(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'returns.import-historical'`,
    );
    const job = await importAs('history-2021.zip', first);
    expect(job).toMatchObject({ status: 'SUCCEEDED', counts: { returns: FIRMS * 4, returnsChanged: 0 } });
    expect(await factSnapshot(q)).toEqual(before);
    const [{ n: after }] = await q(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'returns.import-historical'`,
    );
    expect(after).toBe(entries);
  }, 300_000);

  it('corrects known returns (later quarters executing a changed contract follow); all facts equal rebuildAllFacts', async () => {
    // Q1 of ten firms again, the Q1 contract now a different business with another amount.
    const ten = new Set(Array.from({ length: 10 }, (_, i) => usccOf('MA7B', i)));
    const onlyQ1 = <T extends { uscc: string }>(rows: T[], period: (r: T) => string) =>
      rows.filter((r) => ten.has(r.uscc) && period(r) === '2021Q1');
    const correction: ExchangeData = {
      enterprises: [],
      servicesTrade: onlyQ1(first.servicesTrade, (r) => r.period),
      contracts: onlyQ1(first.contracts, (r) => (r.signedDate < '2021-04-01' ? '2021Q1' : 'later')).map((c) => ({
        ...c,
        businessCode: 'ITO-OM-02',
        amount: c.amount + 100,
      })),
      executions: onlyQ1(first.executions, (r) => r.period),
      workforce: onlyQ1(first.workforce, (r) => r.period),
    };
    const job = await importAs('history-2021-fix.zip', correction);
    expect(job.errors).toEqual([]);
    expect(job).toMatchObject({ status: 'SUCCEEDED', counts: { returns: 10, returnsChanged: 10 } });
    const rows: { period_code: string; current_revision: number; approved_revision: number; version: number }[] =
      await q(
        `SELECT r.period_code, r.current_revision, r.approved_revision, r.version FROM statistical_return r
           JOIN enterprise e ON e.id = r.enterprise_id WHERE e.uscc = $1 ORDER BY r.period_code`,
        [usccOf('MA7B', 1)],
      );
    expect(rows).toEqual([
      { period_code: '2021Q1', current_revision: 2, approved_revision: 2, version: 3 },
      { period_code: '2021Q2', current_revision: 1, approved_revision: 1, version: 2 },
      { period_code: '2021Q3', current_revision: 1, approved_revision: 1, version: 2 },
      { period_code: '2021Q4', current_revision: 1, approved_revision: 1, version: 2 },
    ]);
    // Q2 of firm 1 executes the corrected contract: its facts moved to the new business code.
    const q2: { business_code: string }[] = await q(
      `SELECT f.business_code FROM fact_outsourcing f JOIN statistical_return r ON r.id = f.return_id
         JOIN enterprise e ON e.id = r.enterprise_id WHERE e.uscc = $1 AND r.period_code = '2021Q2'`,
      [usccOf('MA7B', 1)],
    );
    expect(q2).toEqual([{ business_code: 'ITO-OM-02' }]);
    // Every return's facts and the aggregates, the first import's and the correction's, as the approval path computes them.
    const { now, rebuilt } = await factsAndRebuilt();
    expect(differing(now, rebuilt)).toEqual([]);
    const [{ approved }] = await q(
      `SELECT count(*)::int AS approved FROM statistical_return WHERE approved_revision IS NOT NULL`,
    );
    expect(now.fact_return).toHaveLength(approved);
    expect(approved).toBeGreaterThanOrEqual(FIRMS * 4);
    const verify = await s.call('GET', '/api/audit/verify', { as: 'admin' });
    expect(verify.body).toMatchObject({ ok: true });
  }, 300_000);

  it('rejects a bundle whose problem is in its last batch with file, line and column, and writes nothing', async () => {
    const before = await factSnapshot(q);
    const count = async () =>
      (
        await q(
          `SELECT (SELECT count(*) FROM enterprise)::int AS firms, (SELECT count(*) FROM statistical_return)::int AS returns,
                  (SELECT count(*) FROM return_revision)::int AS revisions, (SELECT count(*) FROM contract)::int AS contracts,
                  (SELECT count(*) FROM audit_log WHERE action = 'returns.import-historical')::int AS audit`,
        )
      )[0];
    const counted = await count();
    // New firms first (their USCCs sort before the known firm's), then a known firm whose Q4 contract reuses the
    // number of the contract its 2021Q1 return registered: only the return check finds it, after batch one is written.
    const bad = yearOf('MA6C', FIRMS);
    const known = usccOf('MA7B', 0);
    bad.contracts.push({ ...first.contracts[0], uscc: known, signedDate: '2021-11-02' });
    const job = await importAs('history-bad.zip', bad);
    expect(job.status).toBe('FAILED');
    const line = bad.contracts.length + 1; // the header is line 1
    expect(job.errors).toEqual([
      {
        file: 'outsourcing_contracts.csv',
        line,
        column: 'contract_no',
        value: null,
        code: 'RETURN_CONTENT',
        message_zh: `${known} 2021Q4：合同编号 C0-1 已在 2021Q1 的报表中登记`,
        message_en: `${known} 2021Q4: contract number C0-1 is already registered in the 2021Q1 return`,
      },
    ]);
    expect(await count()).toEqual(counted);
    expect(await factSnapshot(q)).toEqual(before);
    const list = await s.call('GET', `/api/returns${listQuery({ filter: { periodCode: '2021Q1', q: 'MA6C' } })}`, {
      as: 'admin',
    });
    expect(list.body).toEqual([]);
    const verify = await s.call('GET', '/api/audit/verify', { as: 'admin' });
    expect(verify.body).toMatchObject({ ok: true });
  }, 300_000);
});
