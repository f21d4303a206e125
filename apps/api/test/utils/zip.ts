import yauzl from 'yauzl';
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

/** A zip of the given entries (name → content), in order. */
export async function zipOf(
  entries: Record<string, string | Buffer> | [string, string | Buffer][],
  compress = true,
): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, data] of Array.isArray(entries) ? entries : Object.entries(entries)) {
    zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), name, { compress });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** One entry of a zip as UTF-8 text. */
export function unzipEntry(zip: Buffer, name: string): Promise<string> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err);
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== name) return file.readEntry();
        file.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (d: Buffer) => parts.push(d));
          stream.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
        });
      });
      file.on('end', () => reject(new Error(`${name} not in the archive`)));
      file.readEntry();
    }),
  );
}

/** A zip whose entry name climbs out of the bundle (yazl refuses to write one, so a same-length name is patched). */
export async function traversalZip(): Promise<Buffer> {
  const safe = await zipOf({ 'xx/services_trade.csv': 'uscc\n' });
  return Buffer.from(safe.toString('latin1').split('xx/services_trade.csv').join('../services_trade.csv'), 'latin1');
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * A small .xlsx holding a `services_trade` sheet whose XML is `sheetBytes` long, nearly all of it whitespace
 * (deflate packs it ~1000:1). Streamed into the zip, so the test never holds the sheet itself.
 */
export async function xlsxBomb(sheetBytes: number): Promise<Buffer> {
  const zip = new ZipFile();
  const part = (name: string, xml: string) =>
    zip.addBuffer(Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${xml}`), name);
  part(
    '[Content_Types].xml',
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  );
  part(
    '_rels/.rels',
    `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  part(
    'xl/workbook.xml',
    `<workbook xmlns="${MAIN}" xmlns:r="${DOC}"><sheets><sheet name="services_trade" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  part(
    'xl/_rels/workbook.xml.rels',
    `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${DOC}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  );
  const head = Buffer.from(`<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="str"><v>uscc</v></c></row>`);
  const tail = Buffer.from('</sheetData></worksheet>');
  const padding = Buffer.alloc(1024 * 1024, 0x20);
  async function* sheet() {
    yield head;
    for (let left = sheetBytes - head.length - tail.length; left > 0; left -= padding.length) {
      yield left >= padding.length ? padding : padding.subarray(0, left);
    }
    yield tail;
  }
  zip.addReadStream(Readable.from(sheet()), 'xl/worksheets/sheet1.xml');
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
