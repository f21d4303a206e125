import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import PDFDocument from 'pdfkit';
import { AppError } from '../errors/app-error';

/**
 * A one-page certificate-like document: a title, a two-column table of labelled values and a closing note. The
 * return's receipt (回执) and the technology contract's registration certificate (登记证书) are both this.
 */
export interface KeyValueDocument {
  title: string;
  rows: readonly (readonly [label: string, value: string])[];
  note: string;
}

/** The CJK font the PDFs are set in: a TrueType/OpenType file, or a collection and the PostScript name in it. */
export interface PdfFont {
  path: string;
  /** Used only for a collection (.ttc/.otc), where it picks the face. */
  name: string;
}

/** A time as Beijing time (UTC+8 all year, no daylight saving), to the second: 2026-10-09 14:05:00（北京时间）. */
export function beijingTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')}（北京时间）`;
}

const isCollection = (path: string) => ['.ttc', '.otc'].includes(extname(path).toLowerCase());

const PAGE_MARGIN = 50;
// Narrow enough for a SHA-256 in hex (about 347 pt at 10 pt) to stay on one line beside it.
const LABEL_WIDTH = 120;
const CELL_PADDING = 6;
const BODY_SIZE = 10;

/**
 * Sets a document in the font as an A4 PDF. Throws what pdfkit throws when the font cannot be opened (a missing
 * file, not a font, no face of that name in the collection).
 */
export function keyValuePdf(d: KeyValueDocument, font: PdfFont): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4', margin: PAGE_MARGIN, info: { Title: d.title }, lang: 'zh-CN' });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  try {
    pdf.registerFont('cjk', font.path, isCollection(font.path) ? font.name : undefined);
    pdf.font('cjk');
  } catch (e) {
    pdf.end();
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }

  const left = pdf.page.margins.left;
  const width = pdf.page.width - left - pdf.page.margins.right;
  pdf.fontSize(16).text(d.title, left, PAGE_MARGIN, { width, align: 'center' });
  pdf.moveDown(1);

  pdf.fontSize(BODY_SIZE).lineWidth(0.5).strokeColor('#999999');
  const valueWidth = width - LABEL_WIDTH;
  let y = pdf.y;
  for (const [label, value] of d.rows) {
    const inner = (w: number, s: string) => pdf.heightOfString(s || ' ', { width: w - 2 * CELL_PADDING });
    const h = Math.max(inner(LABEL_WIDTH, label), inner(valueWidth, value)) + 2 * CELL_PADDING;
    if (y + h > pdf.page.height - pdf.page.margins.bottom) {
      pdf.addPage();
      y = pdf.page.margins.top;
    }
    pdf.rect(left, y, LABEL_WIDTH, h).fillAndStroke('#f2f2f2', '#999999');
    pdf.rect(left + LABEL_WIDTH, y, valueWidth, h).stroke();
    pdf.fillColor('#000000');
    pdf.text(label, left + CELL_PADDING, y + CELL_PADDING, { width: LABEL_WIDTH - 2 * CELL_PADDING });
    pdf.text(value, left + LABEL_WIDTH + CELL_PADDING, y + CELL_PADDING, { width: valueWidth - 2 * CELL_PADDING });
    y += h;
  }
  pdf.fontSize(9).text(d.note, left, y + 12, { width });
  pdf.end();
  return done;
}

/**
 * The PDFs of the portal, set in the configured CJK font. Without that font a download answers 503
 * PDF_FONT_UNAVAILABLE (the operator's to fix, not a bug), and the API says so in its log at boot. One instance,
 * made by the core module from the config.
 */
export class PdfDocuments implements OnApplicationBootstrap {
  private readonly log = new Logger('documents');

  constructor(
    private readonly font: PdfFont,
    private readonly checkAtBoot: boolean,
  ) {}

  async onApplicationBootstrap() {
    if (!this.checkAtBoot) return;
    const problem = await this.fontProblem();
    if (problem)
      this.log.warn(
        `PDF_FONT_PATH ${this.font.path}: ${problem}; receipts and certificates answer 503 until it is installed ` +
          `(Debian: apt-get install fonts-wqy-zenhei) / 缺少 PDF 中文字体，回执和登记证书暂时无法下载`,
      );
  }

  async render(d: KeyValueDocument): Promise<Buffer> {
    try {
      return await keyValuePdf(d, this.font);
    } catch (e) {
      const problem = await this.fontProblem();
      if (!problem) throw e;
      this.log.warn(`PDF_FONT_PATH ${this.font.path}: ${problem}`);
      throw new AppError('PDF_FONT_UNAVAILABLE');
    }
  }

  /** Why the font cannot be used (missing, or not a font pdfkit opens), or null when it can. */
  private async fontProblem(): Promise<string | null> {
    if (!existsSync(this.font.path)) return 'no such file';
    try {
      await keyValuePdf({ title: '字', rows: [], note: '' }, this.font);
      return null;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }
}
