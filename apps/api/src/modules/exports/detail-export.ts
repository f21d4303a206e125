import ExcelJS from 'exceljs';
import { fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { extname, join } from 'node:path';
import { Client } from 'pg';
import { toUsd, type ReturnContent } from '@portal/shared';
import { ChunkStore } from './chunk-store';
import { writeManifestSheet } from './workbook';

/*
 * The detail export (one row per line item of every approved return in scope) runs in a short-lived child
 * process of the worker (detail-export.child.ts), for three reasons: its memory is its own and bounded (a small
 * young generation and a capped old space make V8 collect the row garbage eagerly, so a million rows stay
 * within ~200 MB; in the worker, V8 let the heap grow to the worker's footprint plus ~100 MB); a long export
 * does not hold the worker's event loop, so validation jobs in the same worker keep their latency; and a crash
 * (or a kill of the worker) takes only the export with it. The child reads with plain `pg` (keyset batches by
 * return id), writes with exceljs's WorkbookWriter and stores the file in 1 MB chunks as it goes.
 */

/** What the child needs: everything checked and resolved by the worker before it forks. */
export interface DetailExportTask {
  databaseUrl: string;
  /** A read replica the rows are read from (the chunks are written to databaseUrl); unset: databaseUrl. */
  replicaUrl?: string;
  exportId: string;
  /** The job's period text (as in the snapshot hash and the manifest), and its quarters. */
  period: string;
  quarters: string[];
  territory: string;
  national: boolean;
  generatedBy: string;
  ruleCatalogueVersion: string;
}

export interface DetailExportResult {
  snapshotHash: string;
  size: number;
  rows: number;
  /** Peak resident memory of the export process (the child), for the log and the benchmark. */
  peakRssMb: number;
}

export type DetailExportMessage =
  { type: 'progress'; percent: number } | ({ type: 'done' } & DetailExportResult) | { type: 'error'; message: string };

/** Node flags of the export process: a 2 MB semi-space and a capped old space (see above). */
export const DETAIL_EXPORT_HEAP_FLAGS = ['--max-semi-space-size=2', '--max-old-space-size=256'];

const BATCH = 200;

const AMOUNT = '#,##0.00';
const COLUMNS: Partial<ExcelJS.Column>[] = [
  { header: '报告期', width: 9 },
  { header: '统一社会信用代码', width: 21 },
  { header: '企业名称', width: 32 },
  { header: '区县（园区）', width: 12 },
  { header: '版本', width: 6, style: { numFmt: '0' } },
  { header: '部分', width: 10 },
  { header: '类别/业务/学历', width: 14 },
  { header: '国别（地区）', width: 12 },
  { header: '方向', width: 8 },
  { header: '离岸', width: 6 },
  { header: '合同编号', width: 18 },
  { header: '发包方', width: 28 },
  { header: '签约日期', width: 11, style: { numFmt: 'yyyy-mm-dd' } },
  { header: '金额/人数', width: 16, style: { numFmt: AMOUNT } },
  { header: '币种', width: 6 },
  { header: '折美元', width: 16, style: { numFmt: AMOUNT } },
];
/** 1-based column of 金额/人数: headcounts there are whole numbers, shown without decimals. */
const AMOUNT_COLUMN = 14;

type Cells = (string | number | Date | null)[];

/** Output waiting to be compressed and stored above which the next batch waits (see caughtUp). */
const PENDING_OUTPUT_BYTES = 48 * 1024 * 1024;

/**
 * exceljs buffers the sheet's XML until the zip and the store take it; when they fall behind (deflate and the
 * chunk inserts get less CPU than the row loop on a busy machine) that buffer grows with the export. Before
 * reading the next batch, wait (up to 2 s) while the process's buffers hold more than PENDING_OUTPUT_BYTES.
 */
async function caughtUp(): Promise<void> {
  for (let i = 0; i < 200 && process.memoryUsage().arrayBuffers > PENDING_OUTPUT_BYTES; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
}

const WORKFORCE = '从业人员';

/** The cells after the return's own five (period, USCC, name, area, revision) of each line item, in sheet order. */
export function detailLines(content: ReturnContent, rate: number): Cells[] {
  const out: Cells[] = [];
  for (const s of content.servicesTrade ?? []) {
    out.push([
      '服务贸易',
      s.categoryCode,
      s.partnerCode,
      s.direction === 'EXPORT' ? '出口' : '进口',
      null,
      null,
      null,
      null,
      s.amount,
      s.currency,
      toUsd(s.amount, s.currency, rate),
    ]);
  }
  for (const c of content.contracts ?? []) {
    out.push([
      '接包合同',
      c.businessCode,
      c.clientPartnerCode,
      null,
      c.offshore ? 'Y' : 'N',
      c.contractNo,
      c.clientName,
      // A real date cell (midnight UTC, as exceljs writes dates), so Excel sorts and filters it as a date.
      new Date(`${c.signedDate}T00:00:00Z`),
      c.amount,
      c.currency,
      toUsd(c.amount, c.currency, rate),
    ]);
  }
  for (const x of content.executions ?? []) {
    out.push([
      '执行',
      null,
      null,
      null,
      null,
      x.contractNo,
      null,
      null,
      x.amount,
      x.currency,
      toUsd(x.amount, x.currency, rate),
    ]);
  }
  const w = content.workforce;
  if (w) {
    for (const [code, v] of [
      ['JC', w.juniorCollege],
      ['BA', w.bachelor],
      ['MA', w.master],
      ['PHD', w.doctor],
      ['OTHER', w.other],
    ] as const) {
      out.push([WORKFORCE, code, null, null, null, null, null, null, v, null, null]);
    }
  }
  return out;
}

/** Writes and stores the detail workbook (runs in the child). Progress is reported as 0–95 (%). */
export async function writeDetailExport(
  task: DetailExportTask,
  progress: (percent: number) => void,
): Promise<Omit<DetailExportResult, 'peakRssMb'>> {
  const db = new Client({ connectionString: task.databaseUrl, application_name: 'service-trade-portal-export' });
  const reader = task.replicaUrl
    ? new Client({ connectionString: task.replicaUrl, application_name: 'service-trade-portal-export' })
    : db;
  let failure: Error | null = null;
  db.on('error', (e) => (failure = e));
  reader.on('error', (e) => (failure = e));
  await db.connect();
  try {
    if (reader !== db) await reader.connect();
    const store = new ChunkStore(async (seq, data) => {
      await db.query(`INSERT INTO export_file_chunk (export_id, seq, data) VALUES ($1, $2, $3)`, [
        task.exportId,
        seq,
        data,
      ]);
    });
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: store, useStyles: true, useSharedStrings: false });
    wb.creator = task.generatedBy;
    const scope = task.national
      ? `f.period_code = ANY($1) AND $2::varchar IS NOT NULL`
      : `f.period_code = ANY($1) AND (f.province_code = $2 OR f.city_code = $2 OR f.area_code = $2)`;
    const params = [task.quarters, task.territory];
    const { rows: count } = await reader.query(`SELECT COUNT(*)::int AS n FROM fact_return f WHERE ${scope}`, params);
    const total = Math.max(1, count[0].n as number);
    const ws = wb.addWorksheet('detail', {
      views: [{ state: 'frozen', ySplit: 1, xSplit: 3 }],
      pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    ws.columns = COLUMNS;
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
    ws.pageSetup.printTitlesRow = '1:1';
    const header = ws.getRow(1);
    header.font = { bold: true };
    header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    const hash = createHash('sha256');
    hash.update(`detail|${task.period}|${task.territory}\n`);
    let last = '00000000-0000-0000-0000-000000000000';
    let seen = 0;
    let rows = 0;
    for (;;) {
      const { rows: batch } = await reader.query<{
        return_id: string;
        period_code: string;
        uscc: string;
        name_zh: string;
        area_code: string;
        revision: number;
        cny_per_usd: string;
        content: ReturnContent;
      }>(
        `SELECT f.return_id, f.period_code, e.uscc, f.name_zh, f.area_code, f.revision, f.cny_per_usd, v.content
           FROM fact_return f JOIN enterprise e ON e.id = f.enterprise_id
           JOIN return_revision v ON v.return_id = f.return_id AND v.revision = f.revision
          WHERE ${scope} AND f.return_id > $3 ORDER BY f.return_id LIMIT ${BATCH}`,
        [...params, last],
      );
      if (failure) throw failure;
      if (!batch.length) break;
      for (const r of batch) {
        hash.update(`${r.return_id}:${r.revision}\n`);
        const base: Cells = [r.period_code, r.uscc, r.name_zh, r.area_code, r.revision];
        // Each row is committed at once, so the sheet never holds rows.
        const lines = detailLines(r.content, Number(r.cny_per_usd));
        for (const cells of lines) {
          const row = ws.addRow(base.concat(cells));
          if (cells[0] === WORKFORCE) row.getCell(AMOUNT_COLUMN).numFmt = '#,##0';
          row.commit();
        }
        rows += lines.length;
      }
      last = batch[batch.length - 1].return_id;
      seen += batch.length;
      progress((seen / total) * 95);
      await caughtUp();
    }
    ws.commit();
    const snapshotHash = hash.digest('hex');
    writeManifestSheet(wb, {
      generatedAt: new Date(),
      generatedBy: task.generatedBy,
      parameters: { period: task.period, territory: task.territory, kind: 'detail' },
      snapshotHash,
      ruleCatalogueVersion: task.ruleCatalogueVersion,
      coverage: null,
      tables: [],
    });
    await wb.commit();
    if (failure) throw failure;
    return { snapshotHash, size: store.size, rows };
  } finally {
    await db.end().catch(() => undefined);
    if (reader !== db) await reader.end().catch(() => undefined);
  }
}

/**
 * Runs the detail export in a child process and resolves with its result; progress (0–95) is passed on as the
 * child reports it. The child exits when the worker does (its IPC channel closes), so a killed worker leaves no
 * export running behind it; the BullMQ retry then starts over.
 */
export function forkDetailExport(
  task: DetailExportTask,
  progress: (percent: number) => Promise<void>,
): Promise<DetailExportResult> {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, `detail-export.child${extname(__filename)}`), [], {
      execArgv: [
        ...process.execArgv.filter((a) => !/^--max-(semi|old)-space-size/.test(a)),
        ...DETAIL_EXPORT_HEAP_FLAGS,
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: DetailExportResult | null = null;
    let error: Error | null = null;
    // Progress reports are written one at a time, in order; the last one is awaited before resolving.
    let reporting = Promise.resolve();
    child.on('message', (m: DetailExportMessage) => {
      if (m.type === 'progress') reporting = reporting.then(() => progress(m.percent)).catch(() => undefined);
      else if (m.type === 'done') result = m;
      else error = new Error(m.message);
    });
    child.on('error', (e) => (error ??= e));
    child.on('exit', (code, signal) => {
      void reporting.then(() => {
        if (result && code === 0) return resolve(result);
        reject(error ?? new Error(`detail export process exited (${signal ?? `code ${code}`})`));
      });
    });
    child.send(task);
  });
}
