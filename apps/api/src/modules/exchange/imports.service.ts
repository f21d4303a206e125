import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { createHash } from 'node:crypto';
import { DataSource, In, Repository, type EntityManager } from 'typeorm';
import { readBundle, type BundleInput, type ParsedBundle } from '@portal/exchange';
import { periodBounds, periodOfDate, type ProfileSection, type ReturnContent } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { AppError, notFound } from '../../core/errors/app-error';
import { assertJobSlotFree } from '../../core/queue/jobs-in-flight';
import { addReplacingFinished, jobFate, type JobFailure } from '../../core/queue/job-fate';
import { QUEUES } from '../../core/queue/queues';
import { AuditService } from '../audit/audit.service';
import { CodeItemEntity } from '../codes/code-item.entity';
import { CodesService } from '../codes/codes.service';
import { EnterpriseProfileEntity } from '../enterprises/enterprise-profile.entity';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { ContractEntity } from '../returns/return.entity';
import { ReturnsService, type PreparedImport } from '../returns/returns.service';
import { VersionedCodeLookup } from './code-lookup';
import { TemplateService } from './template.service';
import { ValidationService } from '../validation/validation.service';
import { importHistorical } from './historical-import';
import { importFirmTechnology } from './technology-import';
import {
  IMPORT_STATUS_LABELS,
  ImportJobEntity,
  ImportUploadEntity,
  type ImportError,
  type ImportKind,
  type ImportPreviewReturn,
} from './import-job.entity';
import type { ImportCreated, ImportJob, ImportJobDetail } from '@portal/shared';
import {
  fileRows,
  groupSources,
  importedProfile,
  issueError,
  replacedSections,
  type GroupSource,
} from './import-sources';
import { withRequestId } from '../../core/context/request-context';

const LISTS = [
  'regions',
  'service-categories',
  'outsourcing-categories',
  'enterprise-natures',
  'industries',
  'partner-economies',
  'technology-modes',
];

/**
 * Bulk exchange imports (EXCHANGE_FORMAT.md): the upload is stored and queued; the worker reads and checks the
 * whole bundle, then writes every return in one transaction — any problem rejects the bundle with all errors
 * listed and nothing written. Importing the same bundle again changes nothing.
 */
@Injectable()
export class ImportsService {
  private readonly log = new Logger('imports');

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @InjectRepository(ImportJobEntity) private readonly jobs: Repository<ImportJobEntity>,
    @InjectDataSource() private readonly ds: DataSource,
    @InjectQueue(QUEUES.imports) private readonly queue: Queue,
    private readonly returns: ReturnsService,
    private readonly codes: CodesService,
    private readonly audit: AuditService,
    private readonly templates: TemplateService,
    private readonly validation: ValidationService,
  ) {}

  async create(
    actor: AuthUser,
    file: { originalname: string; buffer: Buffer; size: number },
    opts: { kind: ImportKind; sourceNote: string | null; dryRun?: boolean },
  ): Promise<ImportCreated> {
    if (opts.kind === 'HISTORICAL' && !actor.permissions.has('imports.historical')) throw new AppError('FORBIDDEN');
    if (opts.kind === 'FIRM' && (actor.scopeKind !== 'ENTERPRISE' || !actor.scopeCode)) throw new AppError('FORBIDDEN');
    if (opts.kind === 'HISTORICAL' && !opts.sourceNote) {
      throw new AppError('VALIDATION_FAILED', {}, [
        { field: 'sourceNote', problems: ['历史数据须注明来源 / a source is required'] },
      ]);
    }
    const name = file.originalname.slice(-200);
    const format = /\.xlsx$/i.test(name) ? 'XLSX' : 'BUNDLE';
    const id = await this.ds.transaction(async (m) => {
      await assertJobSlotFree(m, 'import_job', actor.id, this.config.JOBS_IN_FLIGHT_PER_USER);
      const job = await m.save(
        m.create(ImportJobEntity, {
          kind: opts.kind,
          format,
          createdBy: actor.id,
          createdByUsername: actor.username,
          enterpriseId: opts.kind === 'FIRM' ? actor.scopeCode : null,
          fileName: name,
          fileSize: file.size,
          sha256: createHash('sha256').update(file.buffer).digest('hex'),
          sourceNote: opts.sourceNote,
          dryRun: opts.dryRun ?? false,
        }),
      );
      await m.insert(ImportUploadEntity, { importId: job.id, data: file.buffer });
      await this.audit.append(
        {
          action: 'imports.upload',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'import',
          entityId: job.id,
          details: { kind: opts.kind, fileName: name, size: file.size, sha256: job.sha256, dryRun: job.dryRun },
        },
        m,
      );
      return job.id;
    });
    await this.enqueue(id);
    return { id };
  }

  /** The import's job, under the import's id (a duplicate add is harmless). */
  private enqueue(id: string): Promise<void> {
    return addReplacingFinished(this.queue, 'import', withRequestId({ importId: id }), {
      jobId: id,
      attempts: 3,
      backoff: { type: 'exponential', delay: 2000 },
    });
  }

  /**
   * The uploader (or an administrator) runs an import again that failed for a reason other than its data (its
   * worker died, the queue lost it, the processing crashed): the stored upload is processed anew. An import
   * rejected for its data keeps no file; it is corrected and uploaded again.
   */
  async retry(actor: AuthUser, id: string): Promise<ImportJobDetail> {
    const job = await this.get(actor, id);
    if (job.status !== 'FAILED') {
      const label = IMPORT_STATUS_LABELS[job.status];
      throw new AppError('JOB_NOT_RETRYABLE', { statusZh: label.zh, statusEn: label.en });
    }
    if (!job.retryable) throw new AppError('IMPORT_UPLOAD_GONE');
    await this.ds.transaction(async (m) => {
      // Queued again, it counts against its uploader's cap like a new upload (the list view leaves the id out).
      const { createdBy } = await m.findOneByOrFail(ImportJobEntity, { id });
      await assertJobSlotFree(m, 'import_job', createdBy, this.config.JOBS_IN_FLIGHT_PER_USER);
      const reset = await m.update(
        ImportJobEntity,
        { id, status: 'FAILED' },
        { status: 'QUEUED', progress: 0, counts: {}, errors: [], errorCount: 0, startedAt: null, finishedAt: null },
      );
      if (!reset.affected) throw new AppError('CONFLICT');
      await this.audit.append(
        {
          action: 'imports.retry',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'import',
          entityId: id,
          details: { previousErrors: job.errors.map((e) => e.code) },
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
   * The uploader (or an administrator) confirms a dry run: the same stored upload is queued again and applied by
   * the same job, checked anew against the data as it is now. Like any import it writes everything or nothing.
   */
  async confirm(actor: AuthUser, id: string): Promise<ImportJobDetail> {
    await this.get(actor, id);
    await this.ds.transaction(async (m) => {
      const job = await m.findOne(ImportJobEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!job) throw notFound('导入任务', 'Import');
      this.assertPreviewed(job);
      await assertJobSlotFree(m, 'import_job', job.createdBy, this.config.JOBS_IN_FLIGHT_PER_USER);
      await m.update(
        ImportJobEntity,
        { id },
        {
          status: 'QUEUED',
          confirmedAt: new Date(),
          progress: 0,
          counts: {},
          errors: [],
          errorCount: 0,
          startedAt: null,
          finishedAt: null,
        },
      );
      await this.audit.append(
        {
          action: 'imports.confirm',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'import',
          entityId: id,
          details: { fileName: job.fileName, sha256: job.sha256, previewCounts: job.counts },
        },
        m,
      );
    });
    // The job as the confirmation left it (QUEUED): read before it is queued, since a free worker may start it at once.
    const queued = await this.get(actor, id);
    await this.enqueue(id);
    return queued;
  }

  /** The uploader (or an administrator) discards a dry run: its stored upload is deleted, nothing is written. */
  async discard(actor: AuthUser, id: string): Promise<ImportJobDetail> {
    await this.get(actor, id);
    await this.ds.transaction(async (m) => {
      const job = await m.findOne(ImportJobEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!job) throw notFound('导入任务', 'Import');
      this.assertPreviewed(job);
      await m.update(ImportJobEntity, { id }, { status: 'DISCARDED', finishedAt: new Date() });
      await m.delete(ImportUploadEntity, { importId: id });
      await this.audit.append(
        {
          action: 'imports.discard',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'import',
          entityId: id,
          details: { fileName: job.fileName, sha256: job.sha256 },
        },
        m,
      );
    });
    return this.get(actor, id);
  }

  /**
   * Dry runs left unconfirmed for IMPORT_DRY_RUN_TTL_HOURS after their preview expire: status EXPIRED, the stored
   * upload deleted (a dry run wrote nothing), audited as `imports.expired`. The job sweep expires every one due;
   * reading, confirming or discarding one expires it first when it is due, so no request acts on an expired
   * preview between two sweeps. Returns how many expired.
   */
  async expireDryRuns(id?: string): Promise<number> {
    return this.ds.transaction(async (m) => {
      // A SELECT over the UPDATE's RETURNING: the driver answers it with rows (a bare UPDATE answers [rows, count]).
      const expired: {
        id: string;
        created_by: string;
        created_by_username: string;
        file_name: string;
        sha256: string;
        finished_at: Date;
      }[] = await m.query(
        `WITH expired AS (
           UPDATE import_job SET status = 'EXPIRED', updated_at = now()
            WHERE status = 'PREVIEWED' AND finished_at < now() - make_interval(hours => $1)
              AND ($2::uuid IS NULL OR id = $2)
           RETURNING id, created_by, created_by_username, file_name, sha256, finished_at)
         SELECT * FROM expired`,
        [this.config.IMPORT_DRY_RUN_TTL_HOURS, id ?? null],
      );
      if (!expired.length) return 0;
      await m.delete(ImportUploadEntity, { importId: In(expired.map((e) => e.id)) });
      for (const e of expired) {
        await this.audit.append(
          {
            action: 'imports.expired',
            actorId: e.created_by,
            actorUsername: e.created_by_username,
            entityType: 'import',
            entityId: e.id,
            details: {
              fileName: e.file_name,
              sha256: e.sha256,
              previewedAt: e.finished_at.toISOString(),
              ttlHours: this.config.IMPORT_DRY_RUN_TTL_HOURS,
            },
          },
          m,
        );
      }
      this.log.log({ expired: expired.map((e) => e.id) }, 'dry runs expired');
      return expired.length;
    });
  }

  /** When a dry run's preview expires (null unless it is waiting for confirmation, or expired). */
  private expiresAt(job: Pick<ImportJobEntity, 'status' | 'finishedAt'>): Date | null {
    if ((job.status !== 'PREVIEWED' && job.status !== 'EXPIRED') || !job.finishedAt) return null;
    return new Date(job.finishedAt.getTime() + this.config.IMPORT_DRY_RUN_TTL_HOURS * 3600_000);
  }

  /** Only a dry run awaiting confirmation is confirmed or discarded; an expired one says since when. */
  private assertPreviewed(job: ImportJobEntity): void {
    if (job.status === 'EXPIRED')
      throw new AppError('IMPORT_DRY_RUN_EXPIRED', {
        expiredAt: beijingMinute(this.expiresAt(job)!),
        hours: this.config.IMPORT_DRY_RUN_TTL_HOURS,
      });
    if (job.status === 'PREVIEWED') return;
    const label = IMPORT_STATUS_LABELS[job.status];
    throw new AppError('IMPORT_NOT_PREVIEWED', { statusZh: label.zh, statusEn: label.en });
  }

  /**
   * Part of the worker's job sweep: imports still QUEUED or RUNNING whose job is gone are queued again or, when
   * their job failed for good or was lost while running, end FAILED with an error saying so (see jobFate).
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
      } else if (fate.action === 'fail' && (await this.markFailed(row.id, fate.why, fate.detail))) {
        failed += 1;
      }
    }
    return { requeued, failed };
  }

  /** After a failed attempt: when BullMQ will not try again, the import ends FAILED at once (not at the next sweep). */
  async settle(importId: string): Promise<void> {
    const row = await this.jobs.findOne({
      where: { id: importId },
      select: { id: true, status: true, updatedAt: true },
    });
    if (!row || (row.status !== 'QUEUED' && row.status !== 'RUNNING')) return;
    const fate = await jobFate(this.queue, row);
    if (fate.action === 'fail') await this.markFailed(importId, fate.why, fate.detail);
  }

  /** The caller's own imports; admins see every import. */
  scoped(actor: AuthUser) {
    const qb = this.jobs
      .createQueryBuilder('j')
      .select([
        'j.id',
        'j.kind',
        'j.format',
        'j.status',
        'j.createdByUsername',
        'j.enterpriseId',
        'j.fileName',
        'j.fileSize',
        'j.sha256',
        'j.sourceNote',
        'j.dryRun',
        'j.confirmedAt',
        'j.progress',
        'j.counts',
        'j.errorCount',
        'j.createdAt',
        'j.startedAt',
        'j.finishedAt',
      ]);
    if (!actor.permissions.has('imports.historical')) qb.andWhere('j.createdBy = :me', { me: actor.id });
    return qb;
  }

  /** One import with its errors, and whether it can be retried (it failed and its upload is still stored). */
  async get(actor: AuthUser, id: string): Promise<ImportJobDetail> {
    const find = () => this.scoped(actor).addSelect(['j.errors', 'j.preview']).andWhere('j.id = :id', { id }).getOne();
    let job = await find();
    if (!job) throw notFound('导入任务', 'Import');
    if (job.status === 'PREVIEWED' && this.expiresAt(job)! <= new Date() && (await this.expireDryRuns(id)))
      job = (await find())!;
    const retryable =
      job.status === 'FAILED' && (await this.ds.getRepository(ImportUploadEntity).existsBy({ importId: id }));
    return {
      ...importJobRow(job),
      preview: job.preview,
      errors: job.errors,
      retryable,
      expiresAt: this.expiresAt(job)?.toISOString() ?? null,
    };
  }

  /**
   * Worker: processes one upload. A job already finished (a retried or duplicate message) is left as it is. A dry
   * run (uploaded as one and not yet confirmed) does all the work of the import, writes included, in a transaction
   * that is then rolled back: it ends PREVIEWED with what it would do, keeping its upload for the confirmation.
   */
  async run(importId: string): Promise<ImportJobEntity> {
    const job = await this.jobs.findOneBy({ id: importId });
    if (!job) throw new Error(`import ${importId} not found`);
    if (job.status !== 'QUEUED' && job.status !== 'RUNNING') return job;
    const dryRun = job.dryRun && !job.confirmedAt;
    const preview: ImportPreviewReturn[] = [];
    await this.jobs.update({ id: importId }, { status: 'RUNNING', startedAt: new Date(), progress: 5 });
    const outcome = await this.parseUpload(job);
    if (!outcome.ok) return this.finish(job, 'FAILED', {}, outcome.errors);
    await this.jobs.update({ id: importId }, { progress: 50 });
    try {
      const result = await this.ds.transaction(async (m) => {
        const errors: ImportError[] = [];
        const written: { returnId: string; revision: number }[] = [];
        const counts =
          job.kind === 'HISTORICAL'
            ? await importHistorical(m, this.codes, job, outcome.bundle, errors, (share) =>
                this.progress(importId, 50 + Math.floor(45 * share)),
              )
            : await this.write(m, job, outcome.bundle, errors, written, preview);
        if (errors.length) throw new RejectedImport(errors);
        if (dryRun) throw new DryRunDone(counts);
        await m.delete(ImportUploadEntity, { importId });
        return { counts, written: job.kind === 'FIRM' ? written : [] };
      });
      // Imported drafts are checked like saved ones (after the commit, so the worker sees them).
      for (const r of result.written) await this.validation.enqueue(r.returnId, r.revision);
      return this.finish(job, 'SUCCEEDED', result.counts, [], { preview });
    } catch (e) {
      if (e instanceof DryRunDone) return this.finish(job, 'PREVIEWED', e.counts, [], { preview, keepUpload: true });
      if (e instanceof RejectedImport) return this.finish(job, 'FAILED', previewCounts(preview), e.errors, { preview });
      throw e;
    }
  }

  private lastProgress = 0;

  /**
   * The share written so far, at most once a second. The job row is outside the import's transaction, so it is
   * written on another connection without being waited for: the transaction never holds its connection while
   * waiting for a second one (issue 13), and a progress figure that could not be written is only logged.
   */
  private async progress(importId: string, percent: number): Promise<void> {
    if (Date.now() - this.lastProgress < 1000) return;
    this.lastProgress = Date.now();
    this.jobs
      .update({ id: importId, status: 'RUNNING' }, { progress: percent })
      .catch((err) => this.log.warn({ importId, err }, 'import progress not recorded'));
  }

  /**
   * The processing failed (not the data): the import ends FAILED with an error that says why and keeps its
   * upload, so that it can be retried. False when it had ended meanwhile.
   */
  private async markFailed(importId: string, why: JobFailure, detail: string): Promise<boolean> {
    const job = await this.jobs.findOneBy({ id: importId });
    if (!job || (job.status !== 'QUEUED' && job.status !== 'RUNNING')) return false;
    await this.finish(job, 'FAILED', {}, [processingError(importId, why, detail)], { keepUpload: true });
    return true;
  }

  /**
   * The job's stored upload, parsed. Read here so that the file's bytes are garbage once parsed, not held while the
   * rows are written (issue 19).
   */
  private async parseUpload(job: ImportJobEntity): Promise<ParseOutcome> {
    const upload = await this.ds.getRepository(ImportUploadEntity).findOneByOrFail({ importId: job.id });
    return job.format === 'XLSX'
      ? this.parseTemplate(upload.data, job.fileName)
      : this.parseBundle({ name: job.fileName, data: upload.data });
  }

  /** A filled Excel template: its sheets become the bundle's CSV files, checked exactly like an uploaded bundle. */
  async parseTemplate(data: Buffer, fileName: string): Promise<ParseOutcome> {
    const converted = await this.templates.toBundleFiles(data, fileName);
    if (!converted.ok) return converted;
    const outcome = await this.parseBundle(converted.files);
    if (outcome.ok) return outcome;
    // Sheet rows are CSV lines one to one; only the file names differ (sheet services_trade ↔ services_trade.csv).
    return { ok: false, errors: outcome.errors.map((e) => ({ ...e, file: e.file?.replace(/\.csv$/, '') ?? null })) };
  }

  async parseBundle(input: BundleInput): Promise<ParseOutcome> {
    const items = await this.ds.getRepository(CodeItemEntity).findBy({ list: In(LISTS) });
    const codes = new VersionedCodeLookup(items);
    const result = await readBundle(
      input,
      {
        codes,
        knownEnterprises: async (usccs) => {
          const found = await this.ds
            .getRepository(EnterpriseEntity)
            .find({ where: { uscc: In([...usccs]) }, select: { uscc: true } });
          return new Set(found.map((e) => e.uscc));
        },
        knownContracts: async (usccs) => {
          const rows: { uscc: string; contractNo: string; signedDate: string }[] = await this.ds
            .getRepository(ContractEntity)
            .createQueryBuilder('c')
            .innerJoin(EnterpriseEntity, 'e', 'e.id = c.enterpriseId')
            .select([
              'e.uscc AS uscc',
              'c.contractNo AS "contractNo"',
              'to_char(c.signedDate, \'YYYY-MM-DD\') AS "signedDate"',
            ])
            .where('e.uscc IN (:...usccs)', { usccs: [...usccs] })
            .getRawMany();
          const map = new Map<string, Map<string, string>>();
          for (const r of rows) {
            if (!map.has(r.uscc)) map.set(r.uscc, new Map());
            map.get(r.uscc)!.set(r.contractNo, r.signedDate);
          }
          return map;
        },
      },
      {
        maxTotalBytes: this.config.IMPORT_MAX_UNCOMPRESSED_BYTES,
        maxRowsPerFile: this.config.IMPORT_MAX_ROWS_PER_FILE,
      },
    );
    if (!result.ok) return { ok: false, errors: result.errors };
    return { ok: true, bundle: result.bundle };
  }

  /** A firm's import into its drafts, return by return (historical imports: historical-import.ts). */
  private async write(
    m: EntityManager,
    job: ImportJobEntity,
    bundle: ParsedBundle,
    errors: ImportError[],
    written: { returnId: string; revision: number }[],
    preview: ImportPreviewReturn[],
  ): Promise<Record<string, number>> {
    const { firms, own } = await this.firmsOf(m, job, bundle, errors);
    const replaced = replacedSections(bundle);
    const prepared: { prep: PreparedImport; source: GroupSource; firm: EnterpriseEntity | null; uscc: string }[] = [];
    // A contract may be executed in a later period of the same bundle, before it reaches the register.
    const contractsByFirm = new Map<string, Map<string, string>>();
    for (const c of bundle.contracts) {
      if (!contractsByFirm.has(c.uscc)) contractsByFirm.set(c.uscc, new Map());
      contractsByFirm.get(c.uscc)!.set(c.contractNo, periodOfDate(c.signedDate));
    }
    for (const source of groupSources(bundle)) {
      const { uscc, period } = source.pieces;
      const firm = firms.get(uscc) ?? null;
      const rows =
        source.lines.servicesTrade.length +
        source.lines.contracts.length +
        source.lines.executions.length +
        (source.lines.workforce === null ? 0 : 1);
      const entry: ImportPreviewReturn = {
        uscc,
        enterpriseName: firm?.nameZh ?? null,
        period,
        action: 'REFUSED',
        rows,
        errors: 0,
      };
      preview.push(entry);
      if (uscc !== own.uscc) {
        // Refused by firmsOf (FOREIGN_ENTERPRISE), one error a row.
        entry.errors = rows;
        continue;
      }
      const sections: Partial<ReturnContent> = {};
      if (replaced.servicesTrade) sections.servicesTrade = source.pieces.servicesTrade;
      if (replaced.contracts) sections.contracts = source.pieces.contracts;
      if (replaced.executions) sections.executions = source.pieces.executions;
      if (replaced.workforce) sections.workforce = source.pieces.workforce;
      const prep = await this.returns.prepareImport(m, {
        enterpriseId: firm?.id ?? null,
        periodCode: period,
        sections,
        profile: await this.profileFor(m, bundle, uscc, firm, period),
        importedContracts: contractsByFirm.get(uscc),
      });
      if (prep.skipped) {
        Object.assign(entry, { action: 'SKIPPED', reason_zh: prep.skipped.zh, reason_en: prep.skipped.en });
        continue;
      }
      for (const issue of prep.issues) errors.push(issueError(issue, source));
      entry.errors = prep.issues.length;
      entry.action = prep.issues.length
        ? 'REFUSED'
        : !prep.changed
          ? 'UNCHANGED'
          : prep.existing && prep.existing.currentRevision > 0
            ? 'UPDATE'
            : 'CREATE';
      prepared.push({ prep, source, firm, uscc });
    }
    // The firm's technology contracts become its registration applications (drafts), checked before anything is written.
    // Another firm's rows are refused by firmsOf (FOREIGN_ENTERPRISE); the firm's own are checked here.
    const technology = await importFirmTechnology(
      m,
      job,
      bundle.technologyContracts.filter((r) => r.uscc === own.uscc),
      firms,
      errors,
    );
    if (errors.length) return {};
    const actor = { id: job.createdBy, username: job.createdByUsername } as AuthUser;
    for (const p of prepared) {
      const firm = p.firm ?? firms.get(p.uscc)!;
      const done = await this.returns.applyImport(
        m,
        p.prep,
        firm,
        { ...actor, roles: [], scopeKind: 'ENTERPRISE', scopeCode: firm.id, permissions: new Set() },
        {
          kind: job.format === 'XLSX' ? 'XLSX' : 'IMPORT',
          note: job.sourceNote ?? job.fileName,
        },
      );
      if (done) written.push(done);
    }
    return {
      enterprises: bundle.enterprises.length,
      servicesTrade: bundle.servicesTrade.length,
      contracts: bundle.contracts.length,
      executions: bundle.executions.length,
      workforce: bundle.workforce.length,
      returns: prepared.length,
      returnsChanged: written.length,
      ...technology,
      ...previewCounts(preview),
    };
  }

  /** The firms the bundle is about: a firm may import only its own rows. */
  private async firmsOf(m: EntityManager, job: ImportJobEntity, bundle: ParsedBundle, errors: ImportError[]) {
    const usccs = new Set<string>([
      ...bundle.enterprises.map((r) => r.uscc),
      ...bundle.servicesTrade.map((r) => r.uscc),
      ...bundle.contracts.map((r) => r.uscc),
      ...bundle.executions.map((r) => r.uscc),
      ...bundle.workforce.map((r) => r.uscc),
      ...bundle.technologyContracts.map((r) => r.uscc),
    ]);
    const found = usccs.size ? await m.findBy(EnterpriseEntity, { uscc: In([...usccs]) }) : [];
    const firms = new Map(found.map((f) => [f.uscc, f]));
    const own = await m.findOneByOrFail(EnterpriseEntity, { id: job.enterpriseId! });
    firms.set(own.uscc, own);
    for (const [file, rows] of fileRows(bundle)) {
      for (const r of rows) {
        if (r.uscc !== own.uscc) {
          errors.push({
            file,
            line: r.line,
            column: 'uscc',
            value: r.uscc,
            code: 'FOREIGN_ENTERPRISE',
            message_zh: `第 ${r.line} 行的统一社会信用代码 ${r.uscc} 不是本企业（${own.uscc}），企业只能导入本企业数据`,
            message_en: `Line ${r.line}: ${r.uscc} is not your enterprise (${own.uscc}); a firm imports only its own data`,
          });
        }
      }
    }
    return { firms, own };
  }

  /** The profile section: enterprises.csv's row when the bundle has one, else the profile valid in the period. */
  private async profileFor(
    m: EntityManager,
    bundle: ParsedBundle,
    uscc: string,
    firm: EnterpriseEntity | null,
    period: string,
  ): Promise<ProfileSection | null> {
    const row = bundle.enterprises.find((e) => e.uscc === uscc);
    // A firm confirms its profile in the return itself before submitting.
    const confirmed = false;
    const valid = firm
      ? await m
          .createQueryBuilder(EnterpriseProfileEntity, 'p')
          .where('p.enterpriseId = :id AND p.validFrom <= :day', { id: firm.id, day: periodBounds(period).end })
          .orderBy('p.validFrom', 'DESC')
          .getOne()
      : null;
    return importedProfile(row, valid, confirmed);
  }

  private async finish(
    job: ImportJobEntity,
    status: 'SUCCEEDED' | 'FAILED' | 'PREVIEWED',
    counts: Record<string, number>,
    errors: ImportError[],
    opts: { keepUpload?: boolean; preview?: ImportPreviewReturn[] } = {},
  ) {
    await this.jobs.update(
      { id: job.id },
      {
        status,
        counts,
        errors,
        errorCount: errors.length,
        progress: 100,
        finishedAt: new Date(),
        // A failed processing keeps the preview of an earlier dry run; a finished run stores its own (firm imports).
        ...(opts.preview && job.kind === 'FIRM' ? { preview: opts.preview } : {}),
      },
    );
    // A file rejected for its data is not kept (it is corrected and uploaded again); one whose processing
    // failed is kept for a retry.
    if (status === 'FAILED' && !opts.keepUpload)
      await this.ds.getRepository(ImportUploadEntity).delete({ importId: job.id });
    await this.audit.append({
      action: { SUCCEEDED: 'imports.succeeded', FAILED: 'imports.failed', PREVIEWED: 'imports.previewed' }[status],
      actorId: job.createdBy,
      actorUsername: job.createdByUsername,
      entityType: 'import',
      entityId: job.id,
      details: {
        kind: job.kind,
        counts,
        errorCount: errors.length,
        sourceNote: job.sourceNote,
        dryRun: job.dryRun && !job.confirmedAt,
      },
    });
    this.log.log({ importId: job.id, status, errorCount: errors.length, counts }, 'import finished');
    return this.jobs.findOneByOrFail({ id: job.id });
  }
}

/** An import as GET /api/imports/:id answers it. */
/** A job as GET /api/imports lists it (the columns `scoped` selects), timestamps as ISO strings. */
export function importJobRow(j: ImportJobEntity): ImportJob {
  return {
    id: j.id,
    kind: j.kind,
    format: j.format,
    status: j.status,
    createdByUsername: j.createdByUsername,
    enterpriseId: j.enterpriseId,
    fileName: j.fileName,
    fileSize: j.fileSize,
    sha256: j.sha256,
    sourceNote: j.sourceNote,
    dryRun: j.dryRun,
    confirmedAt: j.confirmedAt ? j.confirmedAt.toISOString() : null,
    progress: j.progress,
    counts: j.counts,
    errorCount: j.errorCount,
    createdAt: j.createdAt.toISOString(),
    startedAt: j.startedAt ? j.startedAt.toISOString() : null,
    finishedAt: j.finishedAt ? j.finishedAt.toISOString() : null,
  };
}

/** The one error of an import whose processing failed, in both languages, with a reference to the logs. */
function processingError(importId: string, why: JobFailure, detail: string): ImportError {
  const ref = importId.slice(0, 8);
  const [code, zh, en] =
    why === 'STALLED'
      ? [
          'IMPORT_INTERRUPTED',
          `导入在处理中被中断（工作进程多次意外退出，编号 ${ref}），数据未写入。请点击“重试”`,
          `The import was interrupted (the worker stopped unexpectedly more than once, reference ${ref}); nothing was written. Press Retry`,
        ]
      : why === 'LOST'
        ? [
            'IMPORT_LOST',
            `导入任务在队列中丢失（队列服务重启后数据丢失，编号 ${ref}），数据未写入。请点击“重试”`,
            `The import job was lost from the queue (the queue service restarted without its data, reference ${ref}); nothing was written. Press Retry`,
          ]
        : [
            'IMPORT_CRASHED',
            `导入处理出错（${detail}，编号 ${ref}），数据未写入。请点击“重试”，仍失败请联系管理员`,
            `The import could not be processed (${detail}, reference ${ref}); nothing was written. Press Retry; if it fails again, contact the administrator`,
          ];
  return { file: null, line: null, column: null, value: null, code, message_zh: zh, message_en: en };
}

export type ParseOutcome = { ok: true; bundle: ParsedBundle } | { ok: false; errors: ImportError[] };

/** The summary counts of a firm import: returns created, updated, unchanged and refused. */
function previewCounts(preview: ImportPreviewReturn[]): Record<string, number> {
  const count = (a: ImportPreviewReturn['action']) => preview.filter((p) => p.action === a).length;
  if (!preview.length) return {};
  return {
    returnsCreated: count('CREATE'),
    returnsUpdated: count('UPDATE'),
    returnsUnchanged: count('UNCHANGED'),
    returnsSkipped: count('SKIPPED'),
    returnsRefused: count('REFUSED'),
  };
}

/** A time as staff read it: Beijing time (UTC+8) to the minute, `2026-12-10 19:05`. */
const beijingMinute = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/** Ends a dry run's transaction (rolled back) once everything was checked and written. */
class DryRunDone extends Error {
  constructor(readonly counts: Record<string, number>) {
    super('dry run: rolled back');
  }
}

class RejectedImport extends Error {
  constructor(readonly errors: ImportError[]) {
    super('import rejected');
  }
}
