import yauzl from 'yauzl';
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
