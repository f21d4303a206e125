import { Logger } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pdfLines } from '../../../test/utils/pdf';
import { AppError } from '../errors/app-error';
import { beijingTime, keyValuePdf, PdfDocuments, type KeyValueDocument } from './pdf-document';

const WQY = { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', name: 'WenQuanYiZenHei' };
const HASH = '59d05db0ff17616aac4f1dff3c5c4e3bca042d070fd9c6eb84454f2135e288ea';
const receipt: KeyValueDocument = {
  title: '报表上报回执',
  rows: [
    ['回执编号', 'R-2026Q3-91610400MA6U00004Y-1'],
    ['外方名称（出口为受让方，进口为供方）', 'Contoso Limited'],
    ['内容摘要（SHA-256）', HASH],
  ],
  note: '内容摘要为上报内容的 SHA-256 值。',
};

describe('beijingTime', () => {
  it('reads an instant in UTC+8, across midnight', () => {
    expect(beijingTime(new Date('2026-10-15T16:30:05.999Z'))).toBe('2026-10-16 00:30:05（北京时间）');
  });
});

describe('keyValuePdf', () => {
  it('sets title, rows and note in the CJK font, a SHA-256 on one line', async () => {
    const pdf = await keyValuePdf(receipt, WQY);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfLines(pdf)).toEqual(
      expect.arrayContaining([
        '报表上报回执',
        '回执编号 R-2026Q3-91610400MA6U00004Y-1',
        `内容摘要（SHA-256） ${HASH}`,
        '内容摘要为上报内容的 SHA-256 值。',
      ]),
    );
  });

  it('continues a long table on a new page', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => [`第 ${i + 1} 行`, `值 ${i + 1}`] as const);
    const lines = pdfLines(await keyValuePdf({ title: '长表', rows, note: '完' }, WQY));
    expect(lines).toContain('第 1 行 值 1');
    expect(lines).toContain('第 80 行 值 80');
    expect(lines.at(-1)).toBe('完');
  });
});

describe('PdfDocuments without its font', () => {
  const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  afterEach(() => warn.mockClear());
  afterAll(() => warn.mockRestore());

  it.each([
    ['a missing file', { path: join(tmpdir(), 'no-such-font.ttc'), name: 'WenQuanYiZenHei' }],
    ['a file that is not a font', { path: notAFont(), name: 'WenQuanYiZenHei' }],
    ['a collection without that face', { ...WQY, name: 'NoSuchFace' }],
  ])('with %s: warns at boot and answers 503 PDF_FONT_UNAVAILABLE', async (_, font) => {
    const docs = new PdfDocuments(font, true);
    await docs.onApplicationBootstrap();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining(`PDF_FONT_PATH ${font.path}`));
    const refused = await docs.render(receipt).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'PDF_FONT_UNAVAILABLE' });
    expect((refused as AppError).getStatus()).toBe(503);
  });

  it('says nothing at boot with the font installed, or in the worker', async () => {
    await new PdfDocuments(WQY, true).onApplicationBootstrap();
    await new PdfDocuments({ ...WQY, path: '/nowhere/x.ttc' }, false).onApplicationBootstrap();
    expect(warn).not.toHaveBeenCalled();
  });
});

function notAFont(): string {
  const path = join(tmpdir(), `not-a-font-${process.pid}.ttf`);
  writeFileSync(path, 'not a font');
  return path;
}
