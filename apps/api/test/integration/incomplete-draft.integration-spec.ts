import { aReturnContent, aTradeLine } from '../factories/returns';
import { waitForReturn } from '../factories/review';
import { writeBundle } from '@portal/exchange';
import { startTestStack, type TestStack } from '../utils/app';
import { importAndSettle } from '../utils/imports';
import { startWorker, type Managed } from '../utils/processes';

/**
 * A draft keeps everything the firm typed (issue 15): an incomplete row no longer stops the save; it is kept as
 * typed, flagged with its path, left out of the figures, and submission waits until it is complete.
 */
describe('returns: an incomplete row is kept in the draft, flagged, and holds the submission back', () => {
  let s: TestStack;
  let worker: Managed;
  let id: string;
  let version: number;
  let complete: ReturnType<typeof aReturnContent>;
  let uscc: string;

  const as = 'firm-xianyang-1';
  const get = () => s.call('GET', `/api/returns/${id}`, { as });
  const save = (content: unknown) => s.call('PUT', `/api/returns/${id}/draft`, { as, body: { content, version } });
  /** A third services-trade line as a firm leaves it half typed: no category, a mistyped amount. */
  const incomplete = () => ({
    ...complete,
    servicesTrade: [
      ...complete.servicesTrade,
      { categoryCode: '', partnerCode: 'JP', direction: 'IMPORT', amount: '12,3a', currency: 'USD' },
    ],
  });

  beforeAll(async () => {
    s = await startTestStack();
    await s.ds.query(`UPDATE period SET due_date = '2099-12-31', lock_date = '2099-12-31' WHERE code = '2026Q3'`);
    worker = await startWorker(s.config);
    const opened = await s.call('POST', '/api/returns', { as, body: { periodCode: '2026Q3' } });
    id = opened.body.id;
    version = opened.body.version;
    complete = aReturnContent(opened.body.content.profile);
    uscc = opened.body.uscc;
  });
  afterAll(async () => {
    await worker.stop();
    await s.close();
  });

  it('saves the draft with the incomplete row (200) and answers its issues by row and field', async () => {
    const res = await save(incomplete());
    expect(res.status).toBe(200);
    version = res.body.version;
    expect(res.body.draft).toEqual(incomplete());
    expect(res.body.contentIssues).toEqual([
      expect.objectContaining({ path: 'servicesTrade[2].categoryCode', message_zh: expect.stringMatching(/请填写/) }),
      expect.objectContaining({ path: 'servicesTrade[2].amount', message_en: expect.stringMatching(/amount/) }),
    ]);
    // The figures hold the complete rows only.
    expect(res.body.content).toEqual(complete);
    expect(res.body.draftRows).toEqual({ servicesTrade: [0, 1], contracts: [0], executions: [0] });
  });

  it('gives the row back as typed, with its flags, when the page is opened again', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.body.draft.servicesTrade[2]).toEqual(incomplete().servicesTrade[2]);
    expect(res.body.contentIssues.map((i: { path: string }) => i.path)).toEqual([
      'servicesTrade[2].categoryCode',
      'servicesTrade[2].amount',
    ]);
  });

  it('refuses the submission naming the row and field; nothing is frozen or queued', async () => {
    const res = await s.call('POST', `/api/returns/${id}/submit`, { as, body: { version } });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('RETURN_DRAFT_INCOMPLETE');
    expect(res.body.message_zh).toContain('服务进出口 第 3 行 categoryCode');
    expect(res.body.message_en).toContain('services trade row 3, categoryCode');
    expect(res.body.details.map((i: { path: string }) => i.path)).toContain('servicesTrade[2].amount');
    const after = (await get()).body;
    expect(after).toMatchObject({ status: 'DRAFT', version });
    expect(after.revisions[0]).toMatchObject({ frozen: false, receiptNo: null });
  });

  it('refuses an import over the incomplete rows, saying why in Chinese and English, rather than lose them', async () => {
    const { zip } = await writeBundle({
      enterprises: [],
      servicesTrade: [
        {
          uscc,
          period: '2026Q3',
          categoryCode: 'SC',
          partnerCode: 'DE',
          direction: 'IMPORT',
          amount: 5000,
          currency: 'USD',
        },
      ],
      contracts: [],
      executions: [],
      workforce: [],
    });
    const job = await importAndSettle(s, as, 'bundle.zip', zip);
    expect(job.status).toBe('FAILED');
    expect(job.errors).toContainEqual(
      expect.objectContaining({
        message_zh: expect.stringContaining('2026Q3 报表草稿中还有 2 处未填完或有误'),
        message_en: expect.stringContaining('The 2026Q3 draft still has 2 incomplete or wrong cell(s)'),
      }),
    );
    const after = (await get()).body;
    expect([after.version, after.draft]).toEqual([version, incomplete()]);
  });

  it('submits once the row is completed: the draft is gone and the received revision is the complete one', async () => {
    const fixed = {
      ...complete,
      servicesTrade: [
        ...complete.servicesTrade,
        aTradeLine({ categoryCode: 'SC', partnerCode: 'JP', direction: 'IMPORT', amount: 1230 }),
      ],
    };
    const saved = await save(fixed);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ draft: null, contentIssues: [], draftRows: null, content: fixed });
    version = saved.body.version;
    const res = await s.call('POST', `/api/returns/${id}/submit`, { as, body: { version } });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('VALIDATING');
    const done = await waitForReturn(s, as, id, (b) => b.status !== 'VALIDATING');
    expect(done.content.servicesTrade).toHaveLength(3);
    expect(done.revisions[0].frozen).toBe(true);
  });
});
