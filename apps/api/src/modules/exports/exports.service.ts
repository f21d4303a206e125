import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Response } from 'express';
import { DataSource, Repository } from 'typeorm';
import { catalogueVersion } from '@portal/rules';
import {
  tablePeriodQuarters,
  toUsd,
  type Coverage,
  type ExportJobView,
  type ExportKind,
  type ReturnContent,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { AppError, notFound } from '../../core/errors/app-error';
import { QUEUES } from '../../core/queue/queues';
import { AuditService } from '../audit/audit.service';
import { TABLES } from '../official-tables/catalogue';
import {
  isNational,
  OfficialTablesService,
  TableContext,
  type TableRequest,
} from '../official-tables/official-tables.service';
import { ExportFileChunkEntity, ExportJobEntity } from './export-job.entity';
import { writeManifestSheet, writeTableSheet, type SheetWriter } from './workbook';

const CHUNK = 1024 * 1024;
const DETAIL_BATCH = 200;

/** The worker computes with the parameters checked when the export was requested. */
const SYSTEM_ACTOR: AuthUser = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  roles: [],
  scopeKind: 'SYSTEM',
  scopeCode: null,
  permissions: new Set(),
};

export interface CreateExportInput {
  target: string;
  period: string;
  territory?: string;
  currency?: 'USD' | 'CNY';
}

/**
 * Excel exports of official tables (one, or a workbook of all) and of the detail rows of approved returns. The
 * worker writes the workbook with exceljs's streaming writer to a temporary file and stores it in 1 MB chunks,
 * so memory stays flat however large the export. Only the requester (or an administrator) downloads it, audited.
 */
@Injectable()
export class ExportsService {
  private readonly log = new Logger('exports');

  constructor(
    @InjectRepository(ExportJobEntity) private readonly jobs: Repository<ExportJobEntity>,
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.exports) private readonly queue: Queue,
    private readonly tables: OfficialTablesService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: AuthUser, input: CreateExportInput): Promise<{ id: string }> {
    const kind: ExportKind = input.target === 'all' ? 'ALL' : input.target === 'detail' ? 'DETAIL' : 'TABLE';
    // Checks period, currency and that the territory is the caller's (the first table stands in for all/detail).
    const req = await this.tables.request(actor, kind === 'TABLE' ? input.target : TABLES[0].id, {
      period: input.period,
      territory: input.territory,
      currency: input.currency,
    });
    const id = await this.ds.transaction(async (m) => {
      const job = await m.save(
        m.create(ExportJobEntity, {
          kind,
          tableId: kind === 'TABLE' ? req.def.id : null,
          period: req.periodText,
          territory: req.territory.code,
          currency: req.currency,
          createdBy: actor.id,
          createdByUsername: actor.username,
        }),
      );
      await this.audit.append(
        {
          action: 'exports.create',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'export',
          entityId: job.id,
          details: { kind, tableId: job.tableId, period: job.period, territory: job.territory, currency: job.currency },
        },
        m,
      );
      return job.id;
    });
    await this.queue.add(
      'export',
      { exportId: id },
      { jobId: id, attempts: 2, backoff: { type: 'fixed', delay: 2000 } },
    );
    return { id };
  }

  async get(actor: AuthUser, id: string): Promise<ExportJobView> {
    return view(await this.visible(actor, id));
  }

  /** Streams the stored workbook and audits the download as an export of figures. */
  async download(actor: AuthUser, id: string, res: Response): Promise<void> {
    const job = await this.visible(actor, id);
    if (job.status !== 'SUCCEEDED') throw new AppError('EXPORT_NOT_READY', { status: job.status });
    await this.audit.append({
      action: 'exports.download',
      actorId: actor.id,
      actorUsername: actor.username,
      entityType: 'export',
      entityId: job.id,
      details: {
        kind: job.kind,
        tableId: job.tableId,
        period: job.period,
        territory: job.territory,
        snapshotHash: job.snapshotHash,
      },
    });
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename*=UTF-8''${encodeURIComponent(job.fileName ?? `${id}.xlsx`)}`,
    );
    if (job.fileSize) res.setHeader('Content-Length', job.fileSize);
    const chunks = this.ds.getRepository(ExportFileChunkEntity);
    for (let seq = 0; ; seq++) {
      const c = await chunks.findOneBy({ exportId: id, seq });
      if (!c) break;
      if (!res.write(c.data)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  }

  /** Worker: builds the workbook, stores it, and reports progress (0–100) as it goes. */
  async run(id: string, progress: (p: number) => Promise<void>): Promise<void> {
    const job = await this.jobs.findOneBy({ id });
    if (!job || job.status === 'SUCCEEDED') return;
    await this.jobs.update({ id }, { status: 'RUNNING', progress: 0, error: null });
    // Progress is written at most once a second (and at each whole 5 %): a report per batch costs two round trips.
    let reportedAt = 0;
    let reported = -1;
    const report = async (p: number) => {
      const pct = Math.min(99, Math.round(p));
      const now = Date.now();
      if (pct === reported || (now - reportedAt < 1000 && Math.floor(pct / 5) === Math.floor(reported / 5))) return;
      reported = pct;
      reportedAt = now;
      await this.jobs.update({ id }, { progress: pct });
      await progress(p);
    };
    const chunks = this.ds.getRepository(ExportFileChunkEntity);
    // The file goes to the database in 1 MB chunks as exceljs produces it (no temporary file, nothing buffered
    // beyond one chunk). Chunks of an earlier attempt are removed first; only a SUCCEEDED job is downloadable.
    await chunks.delete({ exportId: id });
    const store = new ChunkStore((seq, data) => chunks.insert({ exportId: id, seq, data }).then(() => undefined));
    try {
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: store, useStyles: true, useSharedStrings: false });
      wb.creator = job.createdByUsername;
      const snapshotHash =
        job.kind === 'DETAIL' ? await this.writeDetail(wb, job, report) : await this.writeTables(wb, job, report);
      await wb.commit();
      await this.jobs.update(
        { id },
        {
          status: 'SUCCEEDED',
          progress: 100,
          fileName: fileName(job),
          fileSize: String(store.size),
          snapshotHash,
          finishedAt: new Date(),
        },
      );
    } catch (e) {
      this.log.error({ exportId: id, err: e }, 'export failed');
      await chunks.delete({ exportId: id }).catch(() => undefined);
      await this.jobs.update(
        { id },
        { status: 'FAILED', error: String((e as Error).message ?? e), finishedAt: new Date() },
      );
      throw e;
    }
  }

  private async request(job: ExportJobEntity, tableId: string, ctx?: TableContext): Promise<TableRequest> {
    return this.tables.request(
      SYSTEM_ACTOR,
      tableId,
      { period: job.period, territory: job.territory, currency: job.currency },
      ctx,
    );
  }

  private async writeTables(
    wb: SheetWriter,
    job: ExportJobEntity,
    report: (p: number) => Promise<void>,
  ): Promise<string> {
    const ids = job.kind === 'TABLE' ? [job.tableId!] : TABLES.map((t) => t.id);
    const done: { id: string; title: string; snapshotHash: string; coverage: Coverage }[] = [];
    // One context for the whole workbook: code lists, pending returns and snapshot facts are read once.
    const ctx = new TableContext();
    for (const [i, tableId] of ids.entries()) {
      const { view } = await this.tables.compute(await this.request(job, tableId, ctx), ctx);
      writeTableSheet(wb, view);
      done.push({ id: view.id, title: view.title, snapshotHash: view.snapshotHash, coverage: view.coverage });
      await report(((i + 1) / ids.length) * 95);
    }
    const snapshotHash =
      done.length === 1
        ? done[0].snapshotHash
        : createHash('sha256')
            .update(done.map((d) => `${d.id}:${d.snapshotHash}`).join('\n'))
            .digest('hex');
    writeManifestSheet(wb, {
      generatedAt: new Date().toISOString(),
      generatedBy: job.createdByUsername,
      parameters: { period: job.period, territory: job.territory, currency: job.currency, tables: ids.join(', ') },
      snapshotHash,
      ruleCatalogueVersion: catalogueVersion,
      coverage: done.find((d) => d.id === 'so_t01')?.coverage ?? done[0]?.coverage ?? null,
      tables: done,
    });
    return snapshotHash;
  }

  /** One row per line item of every approved return in scope, read in batches by return id (keyset). */
  private async writeDetail(
    wb: SheetWriter,
    job: ExportJobEntity,
    report: (p: number) => Promise<void>,
  ): Promise<string> {
    const req = await this.request(job, TABLES[0].id);
    const quarters = tablePeriodQuarters(req.period);
    const t = req.territory.code;
    const scope = isNational(req.territory)
      ? `f.period_code = ANY($1) AND $2::varchar IS NOT NULL`
      : `f.period_code = ANY($1) AND (f.province_code = $2 OR f.city_code = $2 OR f.area_code = $2)`;
    const [{ n }] = await this.ds.query(`SELECT COUNT(*)::int AS n FROM fact_return f WHERE ${scope}`, [quarters, t]);
    const ws = wb.addWorksheet('detail', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = [
      { header: '报告期', width: 9 },
      { header: '统一社会信用代码', width: 21 },
      { header: '企业名称', width: 32 },
      { header: '区县（园区）', width: 10 },
      { header: '版本', width: 6 },
      { header: '部分', width: 10 },
      { header: '类别/业务/学历', width: 14 },
      { header: '国别（地区）', width: 8 },
      { header: '方向', width: 8 },
      { header: '离岸', width: 6 },
      { header: '合同编号', width: 18 },
      { header: '发包方', width: 28 },
      { header: '签约日期', width: 11 },
      { header: '金额/人数', width: 14 },
      { header: '币种', width: 6 },
      { header: '折美元', width: 14 },
    ];
    ws.getRow(1).font = { bold: true };
    const hash = createHash('sha256');
    hash.update(`detail|${job.period}|${t}\n`);
    let last = '00000000-0000-0000-0000-000000000000';
    let seen = 0;
    for (;;) {
      const batch: {
        return_id: string;
        period_code: string;
        uscc: string;
        name_zh: string;
        area_code: string;
        revision: number;
        cny_per_usd: string;
        content: ReturnContent;
      }[] = await this.ds.query(
        `SELECT f.return_id, f.period_code, e.uscc, f.name_zh, f.area_code, f.revision, f.cny_per_usd, v.content
           FROM fact_return f JOIN enterprise e ON e.id = f.enterprise_id
           JOIN return_revision v ON v.return_id = f.return_id AND v.revision = f.revision
          WHERE ${scope} AND f.return_id > $3 ORDER BY f.return_id LIMIT ${DETAIL_BATCH}`,
        [quarters, t, last],
      );
      if (!batch.length) break;
      for (const r of batch) {
        hash.update(`${r.return_id}:${r.revision}\n`);
        const rate = Number(r.cny_per_usd);
        const base: (string | number | null)[] = [r.period_code, r.uscc, r.name_zh, r.area_code, r.revision];
        // One array per row (the base cells concatenated once), committed at once so the sheet never holds rows.
        const add = (cells: (string | number | null)[]) => ws.addRow(base.concat(cells)).commit();
        for (const s of r.content.servicesTrade ?? []) {
          add([
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
        for (const c of r.content.contracts ?? []) {
          add([
            '接包合同',
            c.businessCode,
            c.clientPartnerCode,
            null,
            c.offshore ? 'Y' : 'N',
            c.contractNo,
            c.clientName,
            c.signedDate,
            c.amount,
            c.currency,
            toUsd(c.amount, c.currency, rate),
          ]);
        }
        for (const x of r.content.executions ?? []) {
          add([
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
        const w = r.content.workforce;
        if (w) {
          for (const [code, v] of [
            ['JC', w.juniorCollege],
            ['BA', w.bachelor],
            ['MA', w.master],
            ['PHD', w.doctor],
            ['OTHER', w.other],
          ] as const) {
            add(['从业人员', code, null, null, null, null, null, null, v, null, null]);
          }
        }
      }
      last = batch[batch.length - 1].return_id;
      seen += batch.length;
      await report((seen / Math.max(1, n)) * 95);
    }
    ws.commit();
    const snapshotHash = hash.digest('hex');
    writeManifestSheet(wb, {
      generatedAt: new Date().toISOString(),
      generatedBy: job.createdByUsername,
      parameters: { period: job.period, territory: t, kind: 'detail' },
      snapshotHash,
      ruleCatalogueVersion: catalogueVersion,
      coverage: null,
      tables: [],
    });
    return snapshotHash;
  }

  private async visible(actor: AuthUser, id: string): Promise<ExportJobEntity> {
    const job = await this.jobs.findOneBy({ id });
    if (!job || (job.createdBy !== actor.id && !actor.roles.includes('ADMIN'))) throw notFound('导出任务', 'Export');
    return job;
  }

  /** After the last attempt the export is marked failed so the requester gets an answer. */
  async markCrashed(id: string, message: string): Promise<void> {
    await this.jobs.update({ id, status: 'RUNNING' }, { status: 'FAILED', error: message, finishedAt: new Date() });
  }
}

function fileName(job: ExportJobEntity): string {
  const what = job.kind === 'TABLE' ? job.tableId : job.kind === 'ALL' ? 'official-tables' : 'detail';
  return `${what}_${job.period}_${job.territory}.xlsx`;
}

function view(j: ExportJobEntity): ExportJobView {
  return {
    id: j.id,
    kind: j.kind,
    tableId: j.tableId,
    period: j.period,
    territory: j.territory,
    currency: j.currency,
    status: j.status,
    progress: j.progress,
    fileName: j.fileName,
    fileSize: j.fileSize === null ? null : Number(j.fileSize),
    snapshotHash: j.snapshotHash,
    error: j.error,
    createdBy: j.createdByUsername,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt ? j.finishedAt.toISOString() : null,
  };
}

/** A writable that stores what it receives in CHUNK-sized pieces, waiting for each insert (backpressure). */
class ChunkStore extends Writable {
  size = 0;
  private seq = 0;
  private parts: Buffer[] = [];
  private pending = 0;

  constructor(private readonly save: (seq: number, data: Buffer) => Promise<void>) {
    super({ highWaterMark: CHUNK });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.parts.push(chunk);
    this.pending += chunk.length;
    this.size += chunk.length;
    if (this.pending < CHUNK) return done();
    this.flush(false).then(() => done(), done);
  }

  override _final(done: (e?: Error | null) => void): void {
    this.flush(true).then(() => done(), done);
  }

  private async flush(all: boolean): Promise<void> {
    if (!this.pending) return;
    let buf = Buffer.concat(this.parts, this.pending);
    while (buf.length >= CHUNK || (all && buf.length > 0)) {
      const n = Math.min(CHUNK, buf.length);
      await this.save(this.seq++, buf.subarray(0, n));
      buf = buf.subarray(n);
    }
    this.parts = buf.length ? [Buffer.from(buf)] : [];
    this.pending = buf.length;
  }
}
