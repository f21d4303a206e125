import { startTestStack, type TestStack } from '../utils/app';

/**
 * Receipts and certificates are PDFs set in a CJK font from the operating system (PDF_FONT_PATH). Without it a
 * download is the operator's problem to fix, not a crash: 503 in both languages, and the rest of the portal works.
 */
describe('PDF downloads without the configured font', () => {
  let s: TestStack;
  let receiptOf: string;

  beforeAll(async () => {
    s = await startTestStack({ env: { PDF_FONT_PATH: '/nonexistent/fonts/wqy-zenhei.ttc' } });
    // The demo's submitted 2026Q2 return of 西安云图 (firm-xian-1), which has a receipt.
    [{ id: receiptOf }] = await s.ds.query(
      `SELECT r.id FROM statistical_return r JOIN enterprise e ON e.id = r.enterprise_id
        WHERE e.name_zh = '西安云图软件科技有限公司' AND r.period_code = '2026Q2'`,
    );
  });
  afterAll(() => s?.close());

  it('answers the receipt with a bilingual 503 problem, not a 500', async () => {
    const res = await s.call('GET', `/api/returns/${receiptOf}/receipt`, { as: 'firm-xian-1' });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(res.body).toMatchObject({
      type: '/api/problems/PDF_FONT_UNAVAILABLE',
      status: 503,
      code: 'PDF_FONT_UNAVAILABLE',
      message_zh: '服务器缺少生成 PDF 所需的中文字体，暂时无法下载该文件，请联系系统管理员',
      message_en:
        'The server lacks the Chinese font its PDF files need, so this file cannot be downloaded now; please tell the administrator',
    });
  });

  it('still checks the territory first: another firm is told the return does not exist', async () => {
    const res = await s.call('GET', `/api/returns/${receiptOf}/receipt`, { as: 'firm-xianyang-1' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
