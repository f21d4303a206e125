import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkZipSize, readBundle, type ExchangeError, type ReadOptions } from '.';
import { context, FIXTURES, makeZip, uscc, type ZipItem } from '../test/helpers';

const U1 = uscc(1);
const WORKFORCE = `uscc,period,junior_college,bachelor,master,doctor,other\n${U1},2021Q1,1,2,3,4,5\n`;
const ctx = () => context({ enterprises: [U1] });

async function read(items: ZipItem[] | Buffer, options?: ReadOptions) {
  const data = Buffer.isBuffer(items) ? items : await makeZip(items);
  return readBundle({ name: 'bundle.zip', data }, ctx(), options);
}

async function codes(
  items: ZipItem[] | Buffer,
  options?: ReadOptions,
): Promise<Pick<ExchangeError, 'file' | 'code' | 'value'>[]> {
  const result = await read(items, options);
  if (result.ok) throw new Error('expected the archive to be rejected');
  return result.errors.map(({ file, code, value }) => ({ file, code, value }));
}

/**
 * yazl refuses hostile names, so the archive is built with a harmless name of the same length and the name's bytes
 * are then replaced in both the local header and the central directory.
 */
async function zipWithName(safe: string, hostile: string, data = WORKFORCE): Promise<Buffer> {
  expect(Buffer.byteLength(safe)).toBe(Buffer.byteLength(hostile));
  const zip = await makeZip([{ name: safe, data }]);
  const from = Buffer.from(safe);
  let found = 0;
  for (let i = zip.indexOf(from); i >= 0; i = zip.indexOf(from, i + 1), found++) Buffer.from(hostile).copy(zip, i);
  expect(found).toBe(2);
  return zip;
}

describe('readBundle: zip archives', () => {
  it('reads the files of a zipped folder and skips macOS clutter', async () => {
    const result = await read([
      { name: 'bundle/' },
      { name: 'bundle/workforce.csv', data: WORKFORCE },
      { name: 'bundle/.DS_Store', data: 'x' },
      { name: '__MACOSX/bundle/._workforce.csv', data: 'x' },
    ]);
    expect(result.ok && result.bundle.workforce.map((w) => [w.line, w.uscc, w.doctor])).toEqual([[2, U1, 4]]);
  });

  it('reads a full bundle at the top level', async () => {
    const names = ['enterprises.csv', 'services_trade.csv', 'outsourcing_contracts.csv', 'workforce.csv'];
    const items = names.map((name) => ({ name, data: readFileSync(join(FIXTURES, 'ok', name)) }));
    const result = await read(items);
    expect(result.ok && result.bundle.contracts).toHaveLength(4);
  });

  it.each([
    ['aa/workforce.csv', '../workforce.csv'],
    ['aa/workforce.csv', '/a/workforce.csv'],
    ['aaaworkforce.csv', 'C:/workforce.csv'],
    ['aa/workforce.csv', 'aa\\workforce.csv'],
  ])('rejects the unsafe path %s → %s', async (safe, hostile) => {
    expect(await codes(await zipWithName(safe, hostile))).toEqual([
      { file: null, code: 'UNSAFE_PATH', value: hostile },
    ]);
  });

  it('rejects symlinks', async () => {
    expect(await codes([{ name: 'workforce.csv', data: '/etc/passwd', mode: 0o120777 }])).toEqual([
      { file: null, code: 'SYMLINK', value: 'workforce.csv' },
    ]);
  });

  it('rejects an archive of 10,000 entries before reading them', async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => ({ name: `f${i}.csv`, data: '', compress: false }));
    expect(await codes(items)).toEqual([{ file: null, code: 'TOO_MANY_ENTRIES', value: null }]);
  });

  it('stops a zip bomb by counting uncompressed bytes', async () => {
    const bomb = Buffer.alloc(8 * 1024 * 1024, '\n'); // empty lines: no row errors, only bytes
    const zip = await makeZip([{ name: 'workforce.csv', data: Buffer.concat([Buffer.from(WORKFORCE), bomb]) }]);
    expect(zip.length).toBeLessThan(64 * 1024);
    expect(await codes(zip, { maxTotalBytes: 1024 * 1024 })).toEqual([
      { file: null, code: 'BUNDLE_TOO_LARGE', value: null },
    ]);
  });

  it('counts the byte limit over all files together', async () => {
    const items = [
      { name: 'workforce.csv', data: WORKFORCE },
      { name: 'enterprises.csv', data: `uscc,name_zh,region_code,nature_code,industry_code\n${U1},甲,610113,DOM,I\n` },
    ];
    expect((await read(items, { maxTotalBytes: WORKFORCE.length + 100 })).ok).toBe(true);
    expect(await codes(items, { maxTotalBytes: WORKFORCE.length + 10 })).toEqual([
      { file: null, code: 'BUNDLE_TOO_LARGE', value: null },
    ]);
  });

  it('allows one top-level folder only', async () => {
    expect(await codes([{ name: 'a/b/workforce.csv', data: WORKFORCE }])).toEqual([
      { file: null, code: 'NESTED_FOLDER', value: 'a/b/workforce.csv' },
    ]);
    expect(
      await codes([
        { name: 'a/workforce.csv', data: WORKFORCE },
        { name: 'enterprises.csv', data: WORKFORCE },
      ]),
    ).toEqual([
      { file: null, code: 'NESTED_FOLDER', value: 'a/workforce.csv' },
      { file: null, code: 'NESTED_FOLDER', value: 'enterprises.csv' },
    ]);
  });

  it('rejects files outside the format and repeated files', async () => {
    expect(
      await codes([
        { name: 'workforce.csv', data: WORKFORCE },
        { name: 'readme.txt', data: 'hello' },
        { name: 'Workforce.CSV', data: WORKFORCE },
      ]),
    ).toEqual([
      { file: null, code: 'UNKNOWN_FILE', value: 'readme.txt' },
      { file: null, code: 'UNKNOWN_FILE', value: 'Workforce.CSV' },
    ]);
    expect(
      await codes([
        { name: 'workforce.csv', data: WORKFORCE },
        { name: 'workforce.csv', data: WORKFORCE },
      ]),
    ).toEqual([{ file: 'workforce.csv', code: 'DUPLICATE_FILE', value: 'workforce.csv' }]);
  });

  it('rejects an archive without data files', async () => {
    expect(await codes([{ name: 'bundle/' }])).toEqual([{ file: null, code: 'EMPTY_BUNDLE', value: null }]);
  });

  it('rejects what is not a zip', async () => {
    expect(await codes(Buffer.from('this is not a zip archive at all'))).toEqual([
      { file: null, code: 'NOT_A_ZIP', value: null },
    ]);
    const xlsx = [
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'xl/workbook.xml', data: '<workbook/>' },
    ];
    const result = await readBundle({ name: 'returns.xlsx', data: await makeZip(xlsx) }, ctx());
    expect(!result.ok && result.errors.map((e) => e.code)).toEqual(['EXCEL_WORKBOOK']);
  });

  it('rejects entries it cannot decompress', async () => {
    const zip = await makeZip([{ name: 'workforce.csv', data: WORKFORCE }]);
    // Method 12 (bzip2) in both the local header (offset 8) and the central directory entry (offset 10).
    zip.writeUInt16LE(12, zip.indexOf('PK\x03\x04') + 8);
    zip.writeUInt16LE(12, zip.indexOf('PK\x01\x02') + 10);
    expect(await codes(zip)).toEqual([{ file: 'workforce.csv', code: 'UNSUPPORTED_ENTRY', value: 'workforce.csv' }]);
  });

  it('reports damaged compressed data', async () => {
    const zip = await makeZip([{ name: 'workforce.csv', data: WORKFORCE.repeat(50) }]);
    // The deflated data starts after the 30-byte local header and the name; spoil some of it.
    zip.fill(0xff, 30 + 'workforce.csv'.length + 4, 30 + 'workforce.csv'.length + 12);
    expect(await codes(zip)).toEqual([{ file: null, code: 'ZIP_CORRUPT', value: null }]);
  });

  it('reports the errors inside zipped files with the file name', async () => {
    const result = await read([{ name: 'bundle/workforce.csv', data: WORKFORCE.replace('2021Q1', '2021-Q1') }]);
    expect(!result.ok && result.errors.map(({ file, line, column, code }) => ({ file, line, column, code }))).toEqual([
      { file: 'workforce.csv', line: 2, column: 'period', code: 'PERIOD_INVALID' },
    ]);
  });
});

describe('checkZipSize: a zip another library will unpack (an .xlsx)', () => {
  const limits = { maxBytes: 64 * 1024, maxEntries: 10 };

  it('passes a small archive', async () => {
    expect(await checkZipSize(await makeZip([{ name: 'a.xml', data: '<a/>' }]), limits)).toBeNull();
  });

  it('refuses by the declared sizes before inflating anything, and too many entries', async () => {
    const bomb = await makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1024 * 1024, 0x20) }]);
    expect(bomb.length).toBeLessThan(10 * 1024);
    expect(await checkZipSize(bomb, limits)).toEqual({ kind: 'TOO_LARGE', bytes: 1024 * 1024 });
    const many = await makeZip(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.xml`, data: '' })));
    expect(await checkZipSize(many, limits)).toEqual({ kind: 'TOO_MANY_ENTRIES', count: 11 });
    expect(await checkZipSize(Buffer.from('not a zip at all'), limits)).toEqual({ kind: 'NOT_A_ZIP' });
  });

  it('refuses an entry that inflates to more than its directory entry declares', async () => {
    const zip = await makeZip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(1024 * 1024, 0x20) }]);
    // The central directory's uncompressed size (offset 24 of its file header) understated to 1,000 bytes.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt32LE(1000, central + 24);
    const problem = await checkZipSize(zip, limits);
    expect(problem?.kind).toBe('CORRUPT');
  });
});
