import { writeBundle } from '@portal/exchange';
import { listQuery, startTestStack, type TestStack } from '../utils/app';
import { startWorker, type Managed } from '../utils/processes';
import { eventually } from '../factories/load';
import { XIANYANG_1, xianyangBundle } from '../factories/exchange';
import { settledImport } from '../utils/imports';

describe('imports with a dry run: check, preview, then confirm or discard', () => {
  let s: TestStack;
  let worker: Managed;

  /** Waits until the worker has finished (or previewed) the import. */
  const settled = (id: string, as = 'firm-xianyang-1') => settledImport(s, id, as);

  const dryRun = async (data: Buffer, name = 'bundle.zip') => {
    const created = await s.upload('firm-xianyang-1', name, data, { dryRun: 'true' });
    expect(created.status).toBe(202);
    return settled(created.body.id);
  };

  const firmReturn = async (period: string) => {
    const list = await s.call('GET', `/api/returns${listQuery({ filter: { periodCode: period } })}`, {
      as: 'firm-xianyang-1',
    });
    if (!list.body.length) return null;
    return (await s.call('GET', `/api/returns/${list.body[0].id}`, { as: 'firm-xianyang-1' })).body;
  };

  /** Moves a preview's time back, as if it had waited that many minutes for its confirmation. */
  const age = (id: string, minutes: number) =>
    s.ds.query(`UPDATE import_job SET finished_at = now() - make_interval(mins => $2) WHERE id = $1`, [id, minutes]);

  const statusInDb = async (id: string): Promise<string> =>
    (await s.ds.query(`SELECT status FROM import_job WHERE id = $1`, [id]))[0].status;

  const uploadKept = async (id: string) =>
    (await s.ds.query(`SELECT 1 FROM import_upload WHERE import_id = $1`, [id])).length === 1;

  beforeAll(async () => {
    // Dry runs wait 2 hours for their confirmation; the worker sweeps every second (expiry is one of its tasks).
    s = await startTestStack({
      env: { THROTTLE_IMPORTS_PER_MINUTE: '100', IMPORT_DRY_RUN_TTL_HOURS: '2', JOB_SWEEP_SECONDS: '1' },
    });
    worker = await startWorker(s.config);
  });
  afterAll(async () => {
    await worker.stop();
    await s.close();
  });

  it('previews a new return without writing; another firm can neither read nor confirm it; confirm applies it', async () => {
    expect(await firmReturn('2026Q3')).toBeNull();
    const { zip } = await writeBundle(xianyangBundle());
    const job = await dryRun(zip);
    expect(job).toMatchObject({
      status: 'PREVIEWED',
      dryRun: true,
      errorCount: 0,
      counts: { returns: 1, returnsChanged: 1, returnsCreated: 1, returnsUpdated: 0, returnsUnchanged: 0 },
    });
    // 2 trade lines + 1 contract + 1 execution + 1 workforce row = 5 rows behind the one return.
    expect(job.preview).toEqual([
      {
        uscc: XIANYANG_1,
        enterpriseName: expect.any(String),
        period: '2026Q3',
        action: 'CREATE',
        rows: 5,
        errors: 0,
      },
    ]);
    expect(await firmReturn('2026Q3')).toBeNull();
    expect(await uploadKept(job.id)).toBe(true);

    // Another firm: the import does not exist for it, whatever it tries.
    for (const [method, path] of [
      ['GET', `/api/imports/${job.id}`],
      ['POST', `/api/imports/${job.id}/confirm`],
      ['POST', `/api/imports/${job.id}/discard`],
    ]) {
      const res = await s.call(method, path, { as: 'firm-xian-1' });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'NOT_FOUND', message_zh: expect.any(String) });
    }
    const list = await s.call('GET', '/api/imports', { as: 'firm-xian-1' });
    expect(list.body.map((j: { id: string }) => j.id)).not.toContain(job.id);
    expect((await s.call('GET', `/api/imports/${job.id}`, { as: 'firm-xianyang-1' })).body.status).toBe('PREVIEWED');
    expect(await firmReturn('2026Q3')).toBeNull();

    const confirmed = await s.call('POST', `/api/imports/${job.id}/confirm`, { as: 'firm-xianyang-1' });
    expect(confirmed.status).toBe(202);
    const done = await settled(job.id);
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      counts: { returns: 1, returnsChanged: 1, returnsCreated: 1, returnsUpdated: 0, returnsUnchanged: 0 },
    });
    expect(done.confirmedAt).not.toBeNull();
    expect(await uploadKept(job.id)).toBe(false);
    const r = await firmReturn('2026Q3');
    expect(r.status).toBe('DRAFT');
    expect(r.content.servicesTrade).toEqual([
      { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 120000.5, currency: 'USD' },
      { categoryCode: 'SJ', partnerCode: 'HK', direction: 'IMPORT', amount: 8800, currency: 'CNY' },
    ]);
    expect(r.content.workforce).toMatchObject({ bachelor: 20, newHires: 2 });

    // The confirmed state is the direct import's: importing the same bundle directly changes nothing.
    const direct = await s.upload('firm-xianyang-1', 'bundle.zip', zip);
    expect(await settled(direct.body.id)).toMatchObject({
      status: 'SUCCEEDED',
      counts: { returnsChanged: 0, returnsUnchanged: 1, returnsCreated: 0 },
    });
    const after = await firmReturn('2026Q3');
    expect(after.version).toBe(r.version);
    expect(after.content).toEqual(r.content);

    // Confirmed once: a second confirmation is refused, bilingually.
    const twice = await s.call('POST', `/api/imports/${job.id}/confirm`, { as: 'firm-xianyang-1' });
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ code: 'IMPORT_NOT_PREVIEWED' });
    expect(twice.body.message_zh).toContain('已完成');
    expect(twice.body.message_en).toContain('succeeded');
  });

  it('previews an unchanged return, and a discarded dry run writes nothing and keeps no file', async () => {
    const before = await firmReturn('2026Q3');
    const { zip } = await writeBundle(xianyangBundle());
    const same = await dryRun(zip);
    expect(same.preview).toMatchObject([{ period: '2026Q3', action: 'UNCHANGED', errors: 0 }]);
    expect(same.counts).toMatchObject({ returnsUnchanged: 1, returnsChanged: 0 });

    const changed = await dryRun((await writeBundle(xianyangBundle({ exportAmount: 150000 }))).zip);
    expect(changed.preview).toMatchObject([{ period: '2026Q3', action: 'UPDATE', rows: 5, errors: 0 }]);
    const discarded = await s.call('POST', `/api/imports/${changed.id}/discard`, { as: 'firm-xianyang-1' });
    expect(discarded.status).toBe(200);
    expect(discarded.body.status).toBe('DISCARDED');
    expect(await uploadKept(changed.id)).toBe(false);
    const confirmLate = await s.call('POST', `/api/imports/${changed.id}/confirm`, { as: 'firm-xianyang-1' });
    expect(confirmLate.status).toBe(409);
    expect(confirmLate.body.code).toBe('IMPORT_NOT_PREVIEWED');
    const after = await firmReturn('2026Q3');
    expect(after.version).toBe(before.version);
    expect(after.content.servicesTrade[0].amount).toBe(120000.5);
  });

  it('lists every refused row with file, line, field and both languages, and keeps no file of a refused dry run', async () => {
    const bad = xianyangBundle();
    bad.servicesTrade[1] = { ...bad.servicesTrade[1], categoryCode: 'SZ' };
    const job = await dryRun((await writeBundle(bad)).zip);
    expect(job.status).toBe('FAILED');
    expect(job.errors).toContainEqual(
      expect.objectContaining({
        file: 'services_trade.csv',
        line: 3,
        column: 'category_code',
        value: 'SZ',
        message_zh: expect.stringMatching(/[\u4e00-\u9fff]/),
        message_en: expect.any(String),
      }),
    );
    expect(await uploadKept(job.id)).toBe(false);
    const res = await s.call('POST', `/api/imports/${job.id}/confirm`, { as: 'firm-xianyang-1' });
    expect(res.status).toBe(409);
  });

  it('a confirmation that fails (the return was submitted meanwhile) writes nothing', async () => {
    const before = await firmReturn('2026Q3');
    const job = await dryRun((await writeBundle(xianyangBundle({ exportAmount: 175000 }))).zip);
    expect(job.preview).toMatchObject([{ action: 'UPDATE' }]);
    // Between the preview and the confirmation the return leaves draft (as if submitted).
    await s.ds.query(`UPDATE statistical_return SET status = 'SUBMITTED' WHERE id = $1`, [before.id]);
    try {
      expect((await s.call('POST', `/api/imports/${job.id}/confirm`, { as: 'firm-xianyang-1' })).status).toBe(202);
      const done = await settled(job.id);
      expect(done.status).toBe('FAILED');
      expect(done.errors).toContainEqual(expect.objectContaining({ column: 'status' }));
      expect(done.preview).toMatchObject([{ period: '2026Q3', action: 'REFUSED' }]);
      const [rev] = await s.ds.query(
        `SELECT content FROM return_revision rv JOIN statistical_return r ON r.id = rv.return_id
          WHERE r.id = $1 AND rv.revision = r.current_revision`,
        [before.id],
      );
      expect(rev.content.servicesTrade[0].amount).toBe(120000.5);
    } finally {
      await s.ds.query(`UPDATE statistical_return SET status = 'DRAFT' WHERE id = $1`, [before.id]);
    }
  });

  it('a dry run left unconfirmed expires: confirming it then says so in both languages and writes nothing', async () => {
    const before = await firmReturn('2026Q3');
    const job = await dryRun((await writeBundle(xianyangBundle({ exportAmount: 190000 }))).zip);
    expect(job.status).toBe('PREVIEWED');
    // It says until when it waits: the configured 2 hours after the preview.
    expect(new Date(job.expiresAt).getTime() - new Date(job.finishedAt).getTime()).toBe(2 * 3600_000);

    // Still within its time (1 h 59 min): it waits, upload kept.
    await age(job.id, 119);
    expect((await s.call('GET', `/api/imports/${job.id}`, { as: 'firm-xianyang-1' })).body.status).toBe('PREVIEWED');
    expect(await uploadKept(job.id)).toBe(true);

    // Past it: the confirmation is refused with when it expired and what to do, the upload is gone.
    await age(job.id, 150);
    const expiredAt = new Date(
      new Date(
        (await s.ds.query(`SELECT finished_at FROM import_job WHERE id = $1`, [job.id]))[0].finished_at,
      ).getTime() +
        (2 + 8) * 3600_000,
    )
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ');
    const res = await s.call('POST', `/api/imports/${job.id}/confirm`, { as: 'firm-xianyang-1' });
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({
      code: 'IMPORT_DRY_RUN_EXPIRED',
      message_zh: `预检结果已于 ${expiredAt}（北京时间）过期（未确认的预检保留 2 小时），上传的文件已删除，未写入任何数据。请重新上传该文件并预检`,
      message_en: `This dry run expired at ${expiredAt} Beijing time (an unconfirmed dry run is kept for 2 hours); its file was deleted and nothing was written. Upload the file again and run the dry run`,
    });
    const after = (await s.call('GET', `/api/imports/${job.id}`, { as: 'firm-xianyang-1' })).body;
    expect(after.status).toBe('EXPIRED');
    expect(await uploadKept(job.id)).toBe(false);
    expect((await s.call('POST', `/api/imports/${job.id}/discard`, { as: 'firm-xianyang-1' })).body.code).toBe(
      'IMPORT_DRY_RUN_EXPIRED',
    );
    const now = await firmReturn('2026Q3');
    expect([now?.version, now?.content.servicesTrade[0].amount]).toEqual([
      before?.version,
      before?.content.servicesTrade[0].amount,
    ]);
    const audit = await s.ds.query(
      `SELECT actor_username, details FROM audit_log WHERE action = 'imports.expired' AND entity_id = $1`,
      [job.id],
    );
    expect(audit).toEqual([
      { actor_username: 'firm-xianyang-1', details: expect.objectContaining({ ttlHours: 2, fileName: 'bundle.zip' }) },
    ]);
  });

  it('the worker’s job sweep expires unconfirmed dry runs nobody looks at, and only those past their time', async () => {
    const fresh = await dryRun((await writeBundle(xianyangBundle({ exportAmount: 191000 }))).zip);
    const stale = await dryRun((await writeBundle(xianyangBundle({ exportAmount: 192000 }))).zip);
    await age(stale.id, 180);
    // Read from the database only: reading through the API would expire it on the way.
    await eventually('the sweep expired the dry run', async () => (await statusInDb(stale.id)) === 'EXPIRED', 30_000);
    expect(await uploadKept(stale.id)).toBe(false);
    // The same sweep saw the fresh one (one statement over all previews) and left it waiting.
    expect(await statusInDb(fresh.id)).toBe('PREVIEWED');
    expect(await uploadKept(fresh.id)).toBe(true);
    await s.call('POST', `/api/imports/${fresh.id}/discard`, { as: 'firm-xianyang-1' });
  });
});
