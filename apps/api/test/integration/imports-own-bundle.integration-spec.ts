import { writeBundle } from '@portal/exchange';
import { parse as parseDisposition } from 'content-disposition';
import { listQuery, startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';
import { historicalTradeData, XIANYANG_1, xianyangBundle } from '../factories/exchange';
import { unzipEntry } from '../utils/zip';
import { settledImport } from '../utils/imports';

const FIRM = 'firm-xianyang-1';

describe("a firm's own bundle: chosen periods down, approved periods skipped on the way back up", () => {
  let s: TestStack;
  let worker: Managed;

  const settled = (id: string, as = FIRM) => settledImport(s, id, as);

  const firmReturn = async (period: string) => {
    const list = await s.call('GET', `/api/returns${listQuery({ filter: { periodCode: period } })}`, { as: FIRM });
    expect(list.body).toHaveLength(1);
    return (await s.call('GET', `/api/returns/${list.body[0].id}`, { as: FIRM })).body;
  };

  beforeAll(async () => {
    s = await startTestStack();
    worker = await startWorker(s.config);
    // An approved quarter from the old system (historical import: approved and frozen) and an open 2026Q3 draft.
    const history = await writeBundle(historicalTradeData(XIANYANG_1));
    const hist = await s.upload('admin', 'history.zip', history.zip, { kind: 'HISTORICAL', sourceNote: '旧系统导出' });
    expect(await settled(hist.body.id, 'admin')).toMatchObject({ status: 'SUCCEEDED' });
    const draft = await s.upload(FIRM, 'bundle.zip', (await writeBundle(xianyangBundle())).zip);
    expect(await settled(draft.body.id)).toMatchObject({ status: 'SUCCEEDED', counts: { returnsCreated: 1 } });
  });
  afterAll(async () => {
    await worker.stop();
    await s.close();
  });

  it('downloads only the periods asked for, under a Chinese file name; a bad list is refused naming the parameter', async () => {
    const one = await s.call('GET', '/api/exchange/bundle?periods=2026Q3', { as: FIRM });
    expect(one.status).toBe(200);
    // Browsers read filename* (the Chinese name); older clients the ASCII filename.
    const header = one.headers.get('content-disposition')!;
    expect(parseDisposition(header).parameters.filename).toMatch(/^数据包-2026Q3-\d{4}-\d{2}-\d{2}\.zip$/);
    expect(header).toMatch(/^attachment; filename="bundle-2026Q3-\d{4}-\d{2}-\d{2}\.zip"; filename\*=UTF-8''/);
    const trade = await unzipEntry(one.bytes, 'services_trade.csv');
    expect(trade).toContain('2026Q3');
    expect(trade).not.toContain('2021Q4');

    for (const bad of ['2026Q5', '', '2026Q3,abc']) {
      const res = await s.call('GET', `/api/exchange/bundle?periods=${encodeURIComponent(bad)}`, { as: FIRM });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'BAD_PARAMETER' });
      expect(res.body.message_zh).toContain('query.periods');
      expect(res.body.message_en).toContain('query.periods');
    }
  });

  it('previews the approved period as skipped (zh/en) and the open one as an update; confirming changes only that one', async () => {
    const bundle = await s.call('GET', '/api/exchange/bundle?periods=2021Q4,2026Q3', { as: FIRM });
    expect(bundle.status).toBe(200);
    const trade = await unzipEntry(bundle.bytes, 'services_trade.csv');
    expect(trade).toContain('2021Q4');
    expect(trade).toContain('2026Q3');

    // After the download the firm changes its draft online; the file it fills offline holds the old figure.
    const draft = await firmReturn('2026Q3');
    const changed = draft.content.servicesTrade.map((l: { amount: number }, i: number) =>
      i === 0 ? { ...l, amount: 99999 } : l,
    );
    const saved = await s.call('PUT', `/api/returns/${draft.id}/draft`, {
      as: FIRM,
      body: { content: { ...draft.content, servicesTrade: changed }, version: draft.version },
    });
    expect(saved.status).toBe(200);
    const approvedBefore = await firmReturn('2021Q4');
    expect(approvedBefore.status).toBe('APPROVED');

    const created = await s.upload(FIRM, 'own.zip', bundle.bytes, { dryRun: 'true' });
    expect(created.status).toBe(202);
    const job = await settled(created.body.id);
    expect(job).toMatchObject({
      status: 'PREVIEWED',
      errorCount: 0,
      counts: { returnsUpdated: 1, returnsSkipped: 1, returnsRefused: 0, returnsCreated: 0 },
    });
    const byPeriod = Object.fromEntries(job.preview.map((p: { period: string }) => [p.period, p]));
    expect(byPeriod['2026Q3']).toMatchObject({ uscc: XIANYANG_1, action: 'UPDATE', errors: 0 });
    expect(byPeriod['2021Q4']).toMatchObject({
      uscc: XIANYANG_1,
      action: 'SKIPPED',
      errors: 0,
      reason_zh: '2021Q4 报表已审核通过，不能导入修改，已跳过',
      reason_en: 'The 2021Q4 return is approved and cannot be changed by an import; skipped',
    });
    // Nothing written by the dry run.
    expect((await firmReturn('2026Q3')).content.servicesTrade[0].amount).toBe(99999);

    const confirmed = await s.call('POST', `/api/imports/${job.id}/confirm`, { as: FIRM });
    expect(confirmed.status).toBe(202);
    expect(await settled(job.id)).toMatchObject({
      status: 'SUCCEEDED',
      counts: { returnsUpdated: 1, returnsSkipped: 1, returnsChanged: 1 },
    });
    const open = await firmReturn('2026Q3');
    expect(open.status).toBe('DRAFT');
    expect(open.content.servicesTrade[0].amount).toBe(120000.5);
    const approvedAfter = await firmReturn('2021Q4');
    expect(approvedAfter).toMatchObject({
      status: 'APPROVED',
      version: approvedBefore.version,
      approvedRevision: approvedBefore.approvedRevision,
    });
    expect(approvedAfter.revisions).toHaveLength(approvedBefore.revisions.length);
  });

  it('skips a draft whose period is locked, saying so in both languages, and writes nothing there', async () => {
    const bundle = await s.call('GET', '/api/exchange/bundle?periods=2026Q3', { as: FIRM });
    const draft = await firmReturn('2026Q3');
    await s.ds.query(`UPDATE period SET lock_date = '2026-01-15' WHERE code = '2026Q3'`);
    const created = await s.upload(FIRM, 'own.zip', bundle.bytes);
    const job = await settled(created.body.id);
    expect(job).toMatchObject({ status: 'SUCCEEDED', errorCount: 0, counts: { returnsSkipped: 1, returnsChanged: 0 } });
    expect(job.preview).toEqual([
      {
        uscc: XIANYANG_1,
        enterpriseName: expect.any(String),
        period: '2026Q3',
        action: 'SKIPPED',
        rows: expect.any(Number),
        errors: 0,
        reason_zh: '报告期 2026Q3 已于 2026-01-15 截止补报；如需补报请向省商务厅申请延期。本期已跳过',
        reason_en:
          'Period 2026Q3 locked after 2026-01-15; ask the provincial department for an extension. This period is skipped',
      },
    ]);
    expect((await firmReturn('2026Q3')).version).toBe(draft.version);
  });
});
