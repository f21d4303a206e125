import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { COUNT_MAX, withUsccCheck } from '@portal/shared';
import { writeBundle } from '@portal/exchange';
import { aReturnContent } from '../factories/returns';
import { listQuery, startTestStack, type TestStack } from '../utils/app';
import { settledImport } from '../utils/imports';
import { startWorker, type Managed } from '../utils/processes';
import { traversalZip, unzipEntry, xlsxBomb, zipOf } from '../utils/zip';

const NOT_OK = join(__dirname, '..', 'fixtures', 'not-ok');
const OK = join(__dirname, '..', 'fixtures', 'ok');

/** Every file of the corpus: the name it is uploaded under and error codes (with file:line:column) it must produce. */
const CORPUS: { fixture: string; as: string; expect: string[] }[] = [
  { fixture: 'unknown-column.csv', as: 'services_trade.csv', expect: ['UNKNOWN_COLUMN services_trade.csv:1:colour'] },
  { fixture: 'broken-quote.csv', as: 'services_trade.csv', expect: ['BROKEN_QUOTE services_trade.csv:2:'] },
  {
    fixture: 'bad-numbers.csv',
    as: 'services_trade.csv',
    expect: [
      'AMOUNT_INVALID services_trade.csv:2:amount',
      'AMOUNT_NEGATIVE services_trade.csv:3:amount',
      'AMOUNT_INVALID services_trade.csv:4:amount',
      'FIELD_COUNT services_trade.csv:5:',
      'AMOUNT_DECIMALS services_trade.csv:6:amount',
    ],
  },
  {
    fixture: 'impossible-date.csv',
    as: 'outsourcing_contracts.csv',
    expect: ['DATE_INVALID outsourcing_contracts.csv:2:signed_date'],
  },
  {
    fixture: 'bad-codes-and-amounts.csv',
    as: 'services_trade.csv',
    expect: [
      'PARTNER_MAINLAND services_trade.csv:2:partner_code',
      'AMOUNT_NEGATIVE services_trade.csv:3:amount',
      'CODE_UNKNOWN services_trade.csv:4:category_code',
    ],
  },
  { fixture: 'bad-uscc-check.csv', as: 'services_trade.csv', expect: ['USCC_CHECK services_trade.csv:2:uscc'] },
  { fixture: 'invalid-utf8.csv', as: 'services_trade.csv', expect: ['INVALID_UTF8 services_trade.csv:3:'] },
  {
    fixture: 'unknown-contract.csv',
    as: 'outsourcing_executions.csv',
    expect: ['UNKNOWN_CONTRACT outsourcing_executions.csv:2:contract_no'],
  },
  {
    fixture: 'duplicate-contract.csv',
    as: 'outsourcing_contracts.csv',
    expect: ['DUPLICATE_CONTRACT outsourcing_contracts.csv:3:contract_no'],
  },
  {
    fixture: 'nul-character.csv',
    as: 'outsourcing_contracts.csv',
    expect: ['NUL_CHARACTER outsourcing_contracts.csv:3:'],
  },
  {
    fixture: 'over-bounds.csv',
    as: 'outsourcing_contracts.csv',
    expect: [
      'TEXT_TOO_LONG outsourcing_contracts.csv:2:contract_no',
      'FLAG_INVALID outsourcing_contracts.csv:3:offshore',
      'AMOUNT_TOO_LARGE outsourcing_contracts.csv:4:contract_amount',
      'TEXT_TOO_LONG outsourcing_contracts.csv:5:client_name',
    ],
  },
  {
    fixture: 'over-bounds-workforce.csv',
    as: 'workforce.csv',
    expect: ['COUNT_TOO_LARGE workforce.csv:2:junior_college', 'PERIOD_INVALID workforce.csv:3:period'],
  },
  { fixture: 'csv-as-zip.zip', as: 'bundle.zip', expect: ['NOT_A_ZIP ::'] },
  { fixture: 'not-really.xlsx', as: 'template.xlsx', expect: ['NOT_XLSX ::'] },
];

describe('bad input corpus: refused with clear errors, nothing half-written', () => {
  let s: TestStack;
  let worker: Managed;

  const upload = async (name: string, data: Buffer | Readable) => {
    const { accessToken } = await s.login('firm-xianyang-1');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(Buffer.isBuffer(data) ? data : Buffer.alloc(0))]), name);
    return fetch(`${s.baseUrl}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      body: form,
    });
  };

  const importFile = async (name: string, data: Buffer) => {
    const res = await upload(name, data);
    expect(res.status).toBe(202);
    const { id } = await res.json();
    return settledImport(s, id, 'firm-xianyang-1');
  };

  const counts = async () => {
    const [row] = await s.ds.query(
      `SELECT (SELECT count(*) FROM statistical_return)::int AS returns, (SELECT count(*) FROM return_revision)::int AS revisions,
              (SELECT count(*) FROM contract)::int AS contracts, (SELECT count(*) FROM enterprise)::int AS enterprises`,
    );
    return row;
  };

  beforeAll(async () => {
    s = await startTestStack({
      env: {
        UPLOAD_LIMIT_BYTES: String(2 * 1024 * 1024),
        IMPORT_MAX_UNCOMPRESSED_BYTES: String(4 * 1024 * 1024),
        IMPORT_MAX_ROWS_PER_FILE: '1000',
      },
    });
    worker = await startWorker(s.config);
  });
  afterAll(async () => {
    await worker.stop();
    await s.close();
  });

  it.each(CORPUS)('$fixture → $expect', async ({ fixture, as, expect: expected }) => {
    const before = await counts();
    const job = await importFile(as, readFileSync(join(NOT_OK, fixture)));
    expect(job.status).toBe('FAILED');
    const found = job.errors.map(
      (e: { code: string; file: string | null; line: number | null; column: string | null }) =>
        `${e.code} ${e.file ?? ''}:${e.line ?? ''}:${e.column ?? ''}`,
    );
    expect(found).toEqual(expect.arrayContaining(expected));
    for (const e of job.errors) {
      expect(e.message_zh).toMatch(/[\u4e00-\u9fff]/);
      expect(e.message_en).toMatch(/[A-Za-z]{3}/);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses malformed login and link bodies with 400 naming the field, and never counts them as login failures', async () => {
    for (const body of [{ token: 'short' }, { token: 42 }, { token: 'x'.repeat(40), extra: 1 }]) {
      const res = await s.call('POST', '/api/auth/unlock/confirm', { body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([Object.keys(body).at(-1)]);
    }
    // Garbage in X-Forwarded-For is ignored (no proxy is trusted); malformed bodies stop before the login limits.
    for (let i = 0; i < 8; i++) {
      const res = await s.call('POST', '/api/auth/login', {
        body: { username: 'xianyang', password: '' },
        headers: { 'x-forwarded-for': `<script>${i}</script>, ::ffff:999.1.1.1` },
      });
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('password');
    }
    expect((await s.login('xianyang')).user.username).toBe('xianyang');
  });

  it('refuses archive attacks: traversal, 10,000 entries, a zip bomb, too many rows', async () => {
    const before = await counts();
    const traversal = await traversalZip();
    expect((await importFile('traversal.zip', traversal)).errors[0].code).toBe('UNSAFE_PATH');

    const many = await zipOf(
      Array.from({ length: 10_000 }, (_, i) => [`f${i}.csv`, ''] as [string, string]),
      false,
    );
    expect((await importFile('many.zip', many)).errors[0].code).toBe('TOO_MANY_ENTRIES');

    const header = 'uscc,period,category_code,partner_code,direction,amount,currency\n';
    const bomb = await zipOf([
      ['services_trade.csv', Buffer.concat([Buffer.from(header), Buffer.alloc(50 * 1024 * 1024, 0x0a)])],
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await importFile('bomb.zip', bomb)).errors.map((e: { code: string }) => e.code)).toContain(
      'BUNDLE_TOO_LARGE',
    );

    const rows = header + Array.from({ length: 1001 }, () => '91610400MA6U00004Y,2026Q3,SI,US,EXPORT,1,USD\n').join('');
    expect(
      (await importFile('services_trade.csv', Buffer.from(rows))).errors.map((e: { code: string }) => e.code),
    ).toContain('TOO_MANY_ROWS');
    expect(await counts()).toEqual(before);
  });

  it('refuses an Excel zip bomb by its unpacked size, naming the file and the limit, without unpacking it', async () => {
    // The worker's peak resident memory so far (Linux): a workbook loaded whole would raise it by its sheet XML.
    const peak = () =>
      Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${worker.proc.pid}/status`, 'utf8'))![1]) * 1024;
    const before = await counts();
    const bomb = await xlsxBomb(150 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const peakBefore = peak();
    const job = await importFile('bomb.xlsx', bomb);
    expect(job.status).toBe('FAILED');
    expect(job.errors).toEqual([expect.objectContaining({ code: 'XLSX_TOO_LARGE' })]);
    expect(job.errors[0].message_zh).toContain('bomb.xlsx');
    expect(job.errors[0].message_zh).toContain('4.0 MiB');
    expect(job.errors[0].message_en).toContain('bomb.xlsx');
    expect(job.errors[0].message_en).toContain('4.0 MiB');
    expect(peak() - peakBefore).toBeLessThan(64 * 1024 * 1024);

    // Under the size limit, a sheet is read as a stream and stops at the row limit, naming the sheet.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('services_trade');
    ws.addRow(['uscc', 'period', 'category_code', 'partner_code', 'direction', 'amount', 'currency']);
    for (let i = 0; i < 1001; i++) ws.addRow(['91610400MA6U00004Y', '2026Q3', 'SI', 'US', 'EXPORT', 1, 'USD']);
    const long = await importFile('long.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(long.errors).toEqual([expect.objectContaining({ code: 'TOO_MANY_ROWS', file: 'services_trade' })]);
    expect(long.errors[0].message_zh).toContain('1000');
    expect(long.errors[0].message_en).toContain('1000');
    expect(await counts()).toEqual(before);
  });

  it('refuses a 200 MB upload with 413 before storing anything', async () => {
    const before = await counts();
    const { accessToken } = await s.login('firm-xianyang-1');
    const boundary = 'corpusboundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.zip"\r\nContent-Type: application/zip\r\n\r\n`,
    );
    let sent = 0;
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    const body = Readable.from(
      (function* () {
        yield head;
        for (; sent < 200; sent++) yield chunk;
        yield Buffer.from(`\r\n--${boundary}--\r\n`);
      })(),
    );
    const res = await fetch(`${s.baseUrl}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: body as unknown as BodyInit,
      duplex: 'half',
    } as RequestInit).catch((e: Error) => e);
    if (res instanceof Error) {
      // The server may close the connection as soon as the limit is passed; it must not have read it all.
      expect(sent).toBeLessThan(200);
    } else {
      expect(res.status).toBe(413);
      expect((await res.json()).code).toBe('PAYLOAD_TOO_LARGE');
    }
    expect(await counts()).toEqual(before);
    const [{ jobs }] = await s.ds.query(`SELECT count(*)::int AS jobs FROM import_job WHERE file_name = 'huge.zip'`);
    expect(jobs).toBe(0);
  });

  it('stores formula, SQL and script text inertly and neutralises it in every export', async () => {
    const job = await importFile('outsourcing_contracts.csv', readFileSync(join(OK, 'hostile-text-contracts.csv')));
    expect(job.status).toBe('SUCCEEDED');
    const [r] = (
      await s.call('GET', `/api/returns${listQuery({ filter: { periodCode: '2026Q3' } })}`, { as: 'firm-xianyang-1' })
    ).body;
    const detail = await s.call('GET', `/api/returns/${r.id}`, { as: 'firm-xianyang-1' });
    const names = detail.body.content.contracts.map((c: { clientName: string }) => c.clientName);
    expect(names).toEqual([
      '=HYPERLINK("http://evil.example","click")',
      "+cmd|' /C calc'!A0",
      "Robert'); DROP TABLE enterprise;--",
      '<script>alert(1)</script>',
      '@SUM(1+1)',
    ]);
    const [{ n }] = await s.ds.query(`SELECT count(*)::int AS n FROM enterprise`);
    expect(n).toBeGreaterThan(0);

    const { accessToken } = await s.login('firm-xianyang-1');
    const bundle = await fetch(
      `${s.baseUrl}/api/exchange/bundle?filter=${encodeURIComponent(JSON.stringify({ id: [r.id] }))}`,
      {
        headers: { authorization: `Bearer ${accessToken}` },
      },
    );
    const text = await unzipEntry(Buffer.from(await bundle.arrayBuffer()), 'outsourcing_contracts.csv');
    expect(text).not.toMatch(/,"?=HYPERLINK/);
    expect(text).toContain(`"'=HYPERLINK`);

    const xlsx = await fetch(`${s.baseUrl}/api/returns/${r.id}/template`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    const ws = wb.getWorksheet('outsourcing_contracts')!;
    const cells = [3, 4, 5, 6, 7].map((row) => ws.getRow(row).getCell(4));
    for (const cell of cells) {
      expect(typeof cell.value).toBe('string');
      expect(cell.formula).toBeUndefined();
    }
  });

  it('keeps a draft with numbers or text beyond the bounds flagged at section, row and field, out of the figures', async () => {
    const opened = await s.call('POST', '/api/returns', { as: 'firm-xianyang-1', body: { periodCode: '2026Q3' } });
    const { id } = opened.body;
    let { version } = opened.body;
    const valid = aReturnContent(opened.body.content.profile);
    // What a firm can type: kept in its draft, flagged, never read as figures.
    const cases: [string, (c: typeof valid) => void, RegExp][] = [
      ['workforce.master', (c) => (c.workforce!.master = 3_000_000_000), /999,999,999/],
      ['workforce.newHires', (c) => (c.workforce!.newHires = 1e308), /999,999,999/],
      ['servicesTrade[0].amount', (c) => (c.servicesTrade[0].amount = 1e308), /9,999,999,999,999\.99/],
      ['contracts[0].amount', (c) => (c.contracts[0].amount = 1e13), /9,999,999,999,999\.99/],
      ['contracts[0].contractNo', (c) => (c.contracts[0].contractNo = 'C'.repeat(65)), /64/],
      ['profile.nameZh', (c) => (c.profile!.nameZh = '名'.repeat(201)), /200/],
    ];
    for (const [path, change, limit] of cases) {
      const content = structuredClone(valid);
      change(content);
      const res = await s.call('PUT', `/api/returns/${id}/draft`, {
        as: 'firm-xianyang-1',
        body: { content, version },
      });
      expect([path, res.status]).toEqual([path, 200]);
      version = res.body.version;
      const issue = res.body.contentIssues.find((d: { path: string }) => d.path === path);
      expect([path, issue?.message_zh]).toEqual([path, expect.stringMatching(limit)]);
      expect([path, issue?.message_en]).toEqual([path, expect.stringMatching(limit)]);
      expect(res.body.draft).toEqual(content);
      // The flagged row (or section) is not in the figures.
      const [, section, row] = /^(\w+)(?:\[(\d+)\])?/.exec(path)!;
      const typed = (valid as unknown as Record<string, unknown[]>)[section];
      expect([path, res.body.content[section]]).toEqual([
        path,
        row === undefined ? null : typed.filter((_, i) => i !== Number(row)),
      ]);
    }
    const [{ revisions: before, stored }] = await s.ds.query(
      'SELECT count(*)::int AS revisions, max(draft::text) AS stored FROM return_revision WHERE return_id = $1',
      [id],
    );
    // What no one can type: refused with where it is, nothing written (and never a 500).
    const hostile: [string, string, string][] = [
      [
        'contracts[0].clientName',
        JSON.stringify({
          content: { ...valid, contracts: [{ ...valid.contracts[0], clientName: 'x'.repeat(900 * 1024) }] },
          version,
        }),
        'RETURN_CONTENT_INVALID',
      ],
      [
        'servicesTrade[0].amount',
        JSON.stringify({ content: valid, version }).replace('"amount":125000.5', '"amount":1e400'),
        'RETURN_CONTENT_INVALID',
      ],
      [
        'servicesTrade[0].amount',
        JSON.stringify({
          content: { ...valid, servicesTrade: [{ ...valid.servicesTrade[0], amount: { $gt: 0 } }] },
          version,
        }),
        'RETURN_CONTENT_INVALID',
      ],
      [
        'servicesTrade',
        JSON.stringify({ content: { ...valid, servicesTrade: { 0: 1 } }, version }),
        'RETURN_CONTENT_INVALID',
      ],
      [
        'servicesTrade',
        JSON.stringify({ content: { ...valid, servicesTrade: Array(5001).fill(valid.servicesTrade[0]) }, version }),
        'RETURN_CONTENT_INVALID',
      ],
      [
        'contracts[0]',
        JSON.stringify({ content: { ...valid, contracts: ['C-1'] }, version }),
        'RETURN_CONTENT_INVALID',
      ],
      ['content', JSON.stringify({ content: [valid], version }), 'VALIDATION_FAILED'],
      [
        'content.profile.__proto__',
        JSON.stringify({ content: valid, version }).replace(
          '"profile":{',
          '"profile":{"__proto__":{"confirmed":true},',
        ),
        'FIELD_NAME_NOT_ALLOWED',
      ],
    ];
    for (const [path, raw, code] of hostile) {
      const res = await s.call('PUT', `/api/returns/${id}/draft`, {
        as: 'firm-xianyang-1',
        raw,
        headers: { 'content-type': 'application/json' },
      });
      expect([path, res.status, res.body.code]).toEqual([path, 400, code]);
      const where = `${res.body.message_zh} ${res.body.message_en} ${JSON.stringify(res.body.details ?? [])}`;
      expect([path, where.includes(path)]).toEqual([path, true]);
      expect(res.text.length).toBeLessThan(10_000);
    }
    const [{ revisions: after, stored: still }] = await s.ds.query(
      'SELECT count(*)::int AS revisions, max(draft::text) AS stored FROM return_revision WHERE return_id = $1',
      [id],
    );
    expect([after, still]).toEqual([before, stored]);
    const saved = await s.call('PUT', `/api/returns/${id}/draft`, {
      as: 'firm-xianyang-1',
      body: { content: { ...valid, workforce: { ...valid.workforce!, master: COUNT_MAX } }, version },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ draft: null, contentIssues: [] });
  });

  it('sums headcounts at the bound over several firms without overflowing (approved historical data)', async () => {
    const firms = [1, 2, 3].map((i) => withUsccCheck(`91610102MA6UBND0${i}`));
    const { zip } = await writeBundle({
      enterprises: firms.map((uscc, i) => ({
        uscc,
        nameZh: `上限测试企业${i + 1}`,
        regionCode: '610102',
        zoneCode: null,
        natureCode: 'FIE',
        industryCode: 'I',
        keyEnterprise: false,
      })),
      servicesTrade: [],
      contracts: [],
      executions: [],
      workforce: firms.map((uscc) => ({
        uscc,
        period: '2021Q4',
        juniorCollege: 0,
        bachelor: 0,
        master: COUNT_MAX,
        doctor: 0,
        other: 0,
        newHires: null,
        newHiresGraduates: null,
      })),
    });
    const sum = async () =>
      (
        await s.ds.query(
          `SELECT COALESCE(sum(master), 0)::text AS master FROM agg_workforce WHERE period_code = '2021Q4' AND area_code = '610102' AND nature_code = 'FIE'`,
        )
      )[0].master;
    const before = BigInt(await sum());
    const { accessToken } = await s.login('admin');
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(zip)]), 'bounds.zip');
    form.append('kind', 'HISTORICAL');
    form.append('sourceNote', '上限测试');
    const res = await fetch(`${s.baseUrl}/api/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
      body: form,
    });
    expect(res.status).toBe(202);
    const { id } = await res.json();
    const job = await settledImport(s, id, 'admin');
    expect([job.status, job.errors]).toEqual(['SUCCEEDED', []]);
    expect(BigInt(await sum()) - before).toBe(3n * BigInt(COUNT_MAX));
  });
});
