import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import type { Response } from 'express';
import { DataSource, In, Repository } from 'typeorm';
import { catalogueVersion } from '@portal/rules';
import {
  JOB_STATUS_LABELS,
  parseTablePeriod,
  tablePeriodQuarters,
  type Coverage,
  type ExportCreated,
  type ExportJobView,
  type ExportKind,
} from '@portal/shared';
import { attachmentDisposition } from '../../core/http/attachment';
import type { AuthUser } from '../../core/auth/auth-user';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { AppError, notFound } from '../../core/errors/app-error';
import { assertJobSlotFree } from '../../core/queue/jobs-in-flight';
import { addReplacingFinished, jobFate, type JobFailure } from '../../core/queue/job-fate';
import { QUEUES } from '../../core/queue/queues';
import { AuditService } from '../audit/audit.service';
import { TABLES } from '../official-tables/catalogue';
import { periodLabel } from '../official-tables/engine';
import { OfficialTablesService, type TableRequest } from '../official-tables/official-tables.service';
import { TableContext } from '../official-tables/table-context';
import { isNational } from '../official-tables/tables.repository';
import { ChunkStore } from './chunk-store';
import { forkDetailExport } from './detail-export';
import { ExportFileChunkEntity, ExportJobEntity } from './export-job.entity';
import { MANIFEST_SHEET, sheetNames, writeManifestSheet, writeTableSheet, type SheetWriter } from './workbook';
import { withRequestId } from '../../core/context/request-context';

/** The worker computes with the parameters checked when the export was requested. */
const SYSTEM_ACTOR: AuthUser = {
  id: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  roles: [],
  scopeKind: 'SYSTEM',
  scopeCode: null,
  permissions: new Set(),
};

/** What the requester reads when an export ended without a file, in both languages (the web shows it as is). */
function failureMessage(why: JobFailure, detail: string): string {
  switch (why) {
    case 'STALLED':
      return '导出在处理中被中断（工作进程多次意外退出），未生成文件。请点击“重试”。 / The export was interrupted (the worker stopped unexpectedly more than once) and produced no file. Press Retry.';
    case 'LOST':
      return '导出任务在队列中丢失（队列服务重启后数据丢失），未生成文件。请点击“重试”。 / The export job was lost from the queue (the queue service restarted without its data) and produced no file. Press Retry.';
    case 'CRASHED':
      return `导出失败：${detail}。请点击“重试”，仍失败请联系管理员。 / The export failed: ${detail}. Press Retry; if it fails again, contact the administrator.`;
  }
}

export interface CreateExportInput {
  target: string;
  period: string;
  territory?: string;
  currency?: 'USD' | 'CNY';
}

/**
 * Excel exports of official tables (one, or a workbook of all) and of the detail rows of approved returns. The
 * worker writes the workbook with exceljs's streaming writer and stores it in 1 MB chunks as it is produced, so
 * memory stays flat however large the export; the detail rows are written by a child process (detail-export.ts). Only the requester (or an administrator) downloads it, audited.
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
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  async create(actor: AuthUser, input: CreateExportInput): Promise<ExportCreated> {
    const kind: ExportKind = input.target === 'all' ? 'ALL' : input.target === 'detail' ? 'DETAIL' : 'TABLE';
    // Checks period, currency and that the territory is the caller's (the first table stands in for all/detail).
    const req = await this.tables.request(actor, kind === 'TABLE' ? input.target : TABLES[0].id, {
      period: input.period,
      territory: input.territory,
      currency: input.currency,
    });
    const id = await this.ds.transaction(async (m) => {
      await assertJobSlotFree(m, 'export_job', actor.id, this.config.JOBS_IN_FLIGHT_PER_USER);
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
    await this.enqueue(id);
    return { id };
  }

  /** The export's job, under the export's id (a duplicate add is harmless). */
  private enqueue(id: string): Promise<void> {
    return addReplacingFinished(this.queue, 'export', withRequestId({ exportId: id }), {
      jobId: id,
      attempts: 2,
      backoff: { type: 'fixed', delay: 2000 },
    });
  }

  /** The requester (or an administrator) runs a failed export again: the same parameters, the same id. */
  async retry(actor: AuthUser, id: string): Promise<ExportJobView> {
    const job = await this.visible(actor, id);
    if (job.status !== 'FAILED') {
      const label = JOB_STATUS_LABELS[job.status];
      throw new AppError('JOB_NOT_RETRYABLE', { statusZh: label.zh, statusEn: label.en });
    }
    await this.ds.transaction(async (m) => {
      // Queued again, it counts against its requester's cap like a new export.
      await assertJobSlotFree(m, 'export_job', job.createdBy, this.config.JOBS_IN_FLIGHT_PER_USER);
      const reset = await m.update(
        ExportJobEntity,
        { id, status: 'FAILED' },
        { status: 'QUEUED', progress: 0, error: null, finishedAt: null },
      );
      if (!reset.affected) throw new AppError('CONFLICT');
      await this.audit.append(
        {
          action: 'exports.retry',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'export',
          entityId: id,
          details: { previousError: job.error },
        },
        m,
      );
    });
    // The job as the retry left it (QUEUED): read before it is queued, since a free worker may start it at once.
    const queued = await this.get(actor, id);
    await this.enqueue(id);
    return queued;
  }

  /**
   * Part of the worker's job sweep: exports still QUEUED or RUNNING whose job is gone are queued again or, when
   * their job failed for good or was lost while running, end FAILED with a message saying so (see jobFate).
   */
  async sweep(): Promise<{ requeued: number; failed: number }> {
    const open = await this.jobs.find({
      where: { status: In(['QUEUED', 'RUNNING']) },
      select: { id: true, status: true, updatedAt: true },
    });
    let requeued = 0;
    let failed = 0;
    for (const row of open) {
      const fate = await jobFate(this.queue, row);
      if (fate.action === 'requeue') {
        await this.enqueue(row.id);
        requeued += 1;
      } else if (fate.action === 'fail' && (await this.markFailed(row.id, failureMessage(fate.why, fate.detail)))) {
        failed += 1;
      }
    }
    return { requeued, failed };
  }

  /** After a failed attempt: when BullMQ will not try again, the export ends FAILED at once (not at the next sweep). */
  async settle(id: string): Promise<void> {
    const row = await this.jobs.findOne({ where: { id }, select: { id: true, status: true, updatedAt: true } });
    if (!row || (row.status !== 'QUEUED' && row.status !== 'RUNNING')) return;
    const fate = await jobFate(this.queue, row);
    if (fate.action === 'fail') await this.markFailed(id, failureMessage(fate.why, fate.detail));
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
    // The Chinese name in filename* (RFC 6266 / 8187), an ASCII name of the same export for older clients.
    res.setHeader('Content-Disposition', attachmentDisposition(job.fileName ?? asciiFileName(job), asciiFileName(job)));
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
    try {
      let snapshotHash: string;
      let size: number;
      let name: string;
      if (job.kind === 'DETAIL') {
        ({ snapshotHash, size } = await this.runDetail(job, report));
        name = `已审核报表明细_${job.period}_${job.territory}.xlsx`;
      } else {
        const store = new ChunkStore((seq, data) => chunks.insert({ exportId: id, seq, data }).then(() => undefined));
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: store, useStyles: true, useSharedStrings: false });
        wb.creator = job.createdByUsername;
        ({ snapshotHash, name } = await this.writeTables(wb, job, report));
        await wb.commit();
        size = store.size;
      }
      await this.jobs.update(
        { id },
        {
          status: 'SUCCEEDED',
          progress: 100,
          fileName: name,
          fileSize: String(size),
          snapshotHash,
          finishedAt: new Date(),
        },
      );
    } catch (e) {
      // The row stays RUNNING: BullMQ may try again, and when it will not, settle() ends the export FAILED.
      this.log.error({ exportId: id, err: e }, 'export attempt failed');
      await chunks.delete({ exportId: id }).catch(() => undefined);
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
  ): Promise<{ snapshotHash: string; name: string }> {
    const ids = job.kind === 'TABLE' ? [job.tableId!] : TABLES.map((t) => t.id);
    const done: { id: string; sheet: string; title: string; snapshotHash: string; coverage: Coverage }[] = [];
    // One context for the whole workbook: code lists, pending returns and snapshot facts are read once. The tables
    // are computed concurrently (computeAll, as the API's all-tables request), then written in catalogue order.
    const ctx = new TableContext();
    const computed =
      ids.length === 1
        ? [await this.tables.compute(await this.request(job, ids[0], ctx), ctx)]
        : await this.tables.computeAll(
            SYSTEM_ACTOR,
            { period: job.period, territory: job.territory, currency: job.currency },
            ids,
            ctx,
          );
    await report(50);
    const sheets = sheetNames(
      computed.map(({ view }) => view.shortTitle),
      [MANIFEST_SHEET],
    );
    for (const [i, { view }] of computed.entries()) {
      writeTableSheet(wb, view, sheets[i]);
      done.push({
        id: view.id,
        sheet: sheets[i],
        title: view.title,
        snapshotHash: view.snapshotHash,
        coverage: view.coverage,
      });
      await report(50 + ((i + 1) / ids.length) * 45);
    }
    const snapshotHash =
      done.length === 1
        ? done[0].snapshotHash
        : createHash('sha256')
            .update(done.map((d) => `${d.id}:${d.snapshotHash}`).join('\n'))
            .digest('hex');
    writeManifestSheet(wb, {
      generatedAt: new Date(),
      generatedBy: job.createdByUsername,
      parameters: { period: job.period, territory: job.territory, currency: job.currency, tables: ids.join(', ') },
      snapshotHash,
      ruleCatalogueVersion: catalogueVersion,
      coverage: done.find((d) => d.id === 'so_t01')?.coverage ?? done[0]?.coverage ?? null,
      tables: done,
    });
    const first = computed[0].view;
    const period = periodLabel(parseTablePeriod(job.period)!);
    const name = job.kind === 'TABLE' ? first.title : `${period}${first.territoryName}服务贸易和服务外包统计汇总表`;
    return { snapshotHash, name: `${name.replace(/[\\/:*?"<>|\s]+/g, ' ').trim()}.xlsx` };
  }

  /** The detail rows, written by a child process (see detail-export.ts); its peak memory is logged. */
  private async runDetail(
    job: ExportJobEntity,
    report: (p: number) => Promise<void>,
  ): Promise<{ snapshotHash: string; size: number }> {
    const req = await this.request(job, TABLES[0].id);
    const r = await forkDetailExport(
      {
        databaseUrl: this.config.DATABASE_URL ?? '',
        replicaUrl: pickReplica(this.config.DATABASE_REPLICA_URLS),
        exportId: job.id,
        period: job.period,
        quarters: tablePeriodQuarters(req.period),
        territory: req.territory.code,
        national: isNational(req.territory),
        generatedBy: job.createdByUsername,
        ruleCatalogueVersion: catalogueVersion,
      },
      report,
    );
    this.log.log({ exportId: job.id, rows: r.rows, bytes: r.size, peakRssMb: r.peakRssMb }, 'detail export written');
    return r;
  }

  private async visible(actor: AuthUser, id: string): Promise<ExportJobEntity> {
    const job = await this.jobs.findOneBy({ id });
    if (!job || (job.createdBy !== actor.id && !actor.roles.includes('ADMIN'))) throw notFound('导出任务', 'Export');
    return job;
  }

  /** Ends an export that is still open FAILED with the message; false when it had ended meanwhile. */
  private async markFailed(id: string, message: string): Promise<boolean> {
    const res = await this.jobs.update(
      { id, status: In(['QUEUED', 'RUNNING']) },
      { status: 'FAILED', error: message, finishedAt: new Date() },
    );
    if (res.affected) this.log.warn({ exportId: id, error: message }, 'export failed');
    return !!res.affected;
  }
}

/** One of the read replicas, at random as TypeORM picks them; none configured: undefined (the primary). */
function pickReplica(urls: string[]): string | undefined {
  return urls.length ? urls[Math.floor(Math.random() * urls.length)] : undefined;
}

/** The file name for clients that cannot read filename* (ASCII only). */
function asciiFileName(job: ExportJobEntity): string {
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
