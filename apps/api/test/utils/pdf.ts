import { execFileSync } from 'node:child_process';

/**
 * The text lines of a PDF as a reader's copy-and-paste would give them, by poppler's pdftotext (Debian:
 * poppler-utils), which maps the glyphs back through the font's ToUnicode table. `-raw` keeps the order the text
 * was set in: a table row is its label, one space, its value. Throws when poppler cannot read the file.
 */
export function pdfLines(pdf: Buffer): string[] {
  let text: Buffer;
  try {
    text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], { input: pdf, timeout: 60_000 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('pdftotext not found: apt-get install -y poppler-utils / 未安装 pdftotext');
    throw e;
  }
  return text
    .toString('utf8')
    .split(/[\n\f]/)
    .map((l) => l.trim())
    .filter(Boolean);
}
