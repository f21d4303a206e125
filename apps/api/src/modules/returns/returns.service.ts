import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import {
  DataSource,
  type EntityManager,
  IsNull,
  Not,
  QueryFailedError,
  Repository,
  type SelectQueryBuilder,
} from 'typeorm';
import {
  cellValue,
  EDITABLE_STATUSES,
  emptyReturnContent,
  periodBounds,
  previousPeriod,
  RETURN_STATUS_LABELS,
  toUsd,
  withCellValue,
  type ContentIssue,
  type ProfileSection,
  type ReturnContent,
  type ReturnDetail,
  type ReturnRevision,
  type ReturnRow as ReturnRowView,
  type RevisionMeta,
  type SubmittedReturn,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { whereInTerritory } from '../../core/auth/scope';
import { beijingTime, PdfDocuments, type KeyValueDocument } from '../../core/documents/pdf-document';
import { AppError, notFound } from '../../core/errors/app-error';
import { AuditService, canonicalJson } from '../audit/audit.service';
import { CodesService } from '../codes/codes.service';
import type { EnterpriseProfileEntity } from '../enterprises/enterprise-profile.entity';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { EnterprisesService } from '../enterprises/enterprises.service';
import { deadlineOf, lateness } from '../periods/calendar';
import { PeriodEntity } from '../periods/period.entity';
import { PeriodsService } from '../periods/periods.service';
import { ValidationService } from '../validation/validation.service';
import type { Actor } from './lifecycle/return-lifecycle';
import { ReturnLifecycleService } from './lifecycle/return-lifecycle.module';
import { completePart, contentHash, contentIssues, structuralIssues, type ContentContext } from './return-content';
import { ContractEntity, ReturnEntity, ReturnRevisionEntity, type RevisionDraft } from './return.entity';

export const RETURN_TERRITORY = {
  enterpriseId: 'r.enterpriseId',
  reviewUnitCode: 'r.reviewUnitCode',
  provinceCode: 'r.provinceCode',
};

/** A return row joined with its firm and period, as lists and the detail page show it. */
export type ReturnRow = ReturnEntity & { enterprise?: EnterpriseEntity; period?: PeriodEntity };

export interface PreparedImport {
  input: { enterpriseId: string | null; periodCode: string };
  period: PeriodEntity | null;
  existing: ReturnEntity | null;
  content: ReturnContent | null;
  /** False when the import would leave the return exactly as it is (importing the same bundle twice). */
  changed: boolean;
  issues: ContentIssue[];
  /**
   * Why the import leaves this return alone (its period is locked, or the return is with the reviewers or approved):
   * a firm re-uploading its own bundle imports the open periods and skips these. Null when the return is imported.
   */
  skipped: { zh: string; en: string } | null;
}

const periodMissing = (code: string): ContentIssue => ({
  path: '',
  field: 'period',
  message_zh: `报告期 ${code} 不存在（请管理员先设置报告期）`,
  message_en: `Reporting period ${code} does not exist (an administrator must set it up first)`,
});

export { contentHash } from './return-content';

export function receiptNumber(periodCode: string, uscc: string, revision: number): string {
  return `R-${periodCode}-${uscc}-${revision}`;
}

/** Register rows for a revision's contracts, amounts also in USD at the period's rate. */
export function contractRows(
  r: Pick<ReturnEntity, 'id' | 'enterpriseId' | 'periodCode'>,
  content: ReturnContent,
  cnyPerUsd: number,
) {
  return content.contracts.map((c) => ({
    enterpriseId: r.enterpriseId,
    returnId: r.id,
    periodCode: r.periodCode,
    contractNo: c.contractNo,
    signedDate: c.signedDate,
    clientName: c.clientName,
    clientPartnerCode: c.clientPartnerCode,
    clientIndustryCode: c.clientIndustryCode,
    businessCode: c.businessCode,
    offshore: c.offshore,
    amount: c.amount.toFixed(2),
    currency: c.currency,
    amountUsd: toUsd(c.amount, c.currency, cnyPerUsd).toFixed(2),
  }));
}

/** A revision as lists of revisions show it: everything but its content, timestamps as ISO strings. */
export function revisionMeta(v: ReturnRevisionEntity): RevisionMeta {
  return {
    id: v.id,
    returnId: v.returnId,
    revision: v.revision,
    cnyPerUsd: v.cnyPerUsd,
    source: v.source,
    sourceNote: v.sourceNote,
    frozen: v.frozen,
    contentHash: v.contentHash,
    receiptNo: v.receiptNo,
    submittedAt: v.submittedAt ? v.submittedAt.toISOString() : null,
    submittedBy: v.submittedBy,
    createdBy: v.createdBy,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

export function profileSection(p: EnterpriseProfileEntity, confirmed: boolean): ProfileSection {
  return {
    confirmed,
    nameZh: p.nameZh,
    regionCode: p.regionCode,
    zoneCode: p.zoneCode,
    natureCode: p.natureCode,
    industryCode: p.industryCode,
    keyEnterprise: p.keyEnterprise,
    advancedTech: p.advancedTech,
  };
}

const stateError = (r: ReturnEntity, actionZh: string, actionEn: string) =>
  new AppError('RETURN_STATE', {
    statusZh: RETURN_STATUS_LABELS[r.status].zh,
    statusEn: RETURN_STATUS_LABELS[r.status].en.toLowerCase(),
    actionZh,
    actionEn,
  });

const isUniqueViolation = (e: unknown) => e instanceof QueryFailedError && (e as { code?: string }).code === '23505';

@Injectable()
export class ReturnsService {
  constructor(
    @InjectRepository(ReturnEntity) private readonly returns: Repository<ReturnEntity>,
    @InjectRepository(ReturnRevisionEntity) private readonly revisions: Repository<ReturnRevisionEntity>,
    @InjectRepository(ContractEntity) private readonly contracts: Repository<ContractEntity>,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly codes: CodesService,
    private readonly enterprises: EnterprisesService,
    private readonly periods: PeriodsService,
    private readonly audit: AuditService,
    private readonly validation: ValidationService,
    private readonly lifecycle: ReturnLifecycleService,
    private readonly pdf: PdfDocuments,
  ) {}

  /** Returns the caller may read, with firm and period joined; the territory condition is part of the query. */
  scoped(user: AuthUser, m?: EntityManager): SelectQueryBuilder<ReturnRow> {
    const repo = m ? m.getRepository(ReturnEntity) : this.returns;
    const qb = (repo.createQueryBuilder('r') as SelectQueryBuilder<ReturnRow>)
      .leftJoinAndMapOne('r.enterprise', EnterpriseEntity, 'e', 'e.id = r.enterpriseId')
      .leftJoinAndMapOne('r.period', PeriodEntity, 'p', 'p.code = r.periodCode');
    return whereInTerritory(qb, user, RETURN_TERRITORY);
  }

  /**
   * A row as lists and pages show it. `late` and `daysLate` follow the deadline (Beijing time, or the firm's live
   * extension) for returns not submitted yet, and the flag decided at submission otherwise.
   */
  rowView(row: ReturnRow, extensionUntil: Date | null = null, now = new Date()): ReturnRowView {
    const { enterprise, period, ...r } = row;
    const l = period ? lateness(period.dueDate, r, extensionUntil, now) : { late: r.late, daysLate: 0 };
    return {
      id: r.id,
      enterpriseId: r.enterpriseId,
      periodCode: r.periodCode,
      reviewUnitCode: r.reviewUnitCode,
      provinceCode: r.provinceCode,
      status: r.status,
      currentRevision: r.currentRevision,
      approvedRevision: r.approvedRevision,
      late: l.late,
      daysLate: l.daysLate,
      materiality: r.materiality,
      firstSubmittedAt: r.firstSubmittedAt ? r.firstSubmittedAt.toISOString() : null,
      lastSubmittedAt: r.lastSubmittedAt ? r.lastSubmittedAt.toISOString() : null,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      version: r.version,
      extensionUntil: extensionUntil ? extensionUntil.toISOString() : null,
      enterpriseName: enterprise?.nameZh ?? null,
      uscc: enterprise?.uscc ?? null,
      dueDate: period?.dueDate ?? null,
      lockDate: period?.lockDate ?? null,
    };
  }

  /** Rows of a list with their lateness (live extensions read in one query). */
  async rowViews(rows: ReturnRow[], m?: EntityManager): Promise<ReturnRowView[]> {
    const ext = await this.periods.liveExtensions(rows, m);
    const now = new Date();
    return rows.map((r) => this.rowView(r, ext.get(`${r.enterpriseId}|${r.periodCode}`) ?? null, now));
  }

  async getScoped(user: AuthUser, id: string): Promise<ReturnRow> {
    const found = await this.scoped(user).andWhere('r.id = :id', { id }).getOne();
    if (!found) throw notFound('报表', 'Return');
    return found;
  }

  /** The return with the content of its current revision and the list of its revisions (one query). */
  /**
   * The return as its page shows it. A write passes its transaction's manager, so the answer is read before the
   * commit: once a change is committed, a full pool can no longer turn its answer into 503 SERVICE_BUSY (the firm
   * would retry a submission that went through, and meet a version conflict).
   */
  async detail(user: AuthUser, id: string, m?: EntityManager): Promise<ReturnDetail> {
    const found = await this.scoped(user, m)
      .leftJoinAndMapMany('r.revisions', ReturnRevisionEntity, 'v', 'v.returnId = r.id')
      .andWhere('r.id = :id', { id })
      .orderBy('v.revision', 'ASC')
      .getOne();
    if (!found) throw notFound('报表', 'Return');
    const { revisions, ...row } = found as ReturnRow & { revisions: ReturnRevisionEntity[] };
    const current = revisions.find((v) => v.revision === row.currentRevision)!;
    const [view] = await this.rowViews([row], m);
    return {
      ...view,
      makerChecker: row.enterprise?.makerChecker ?? false,
      cnyPerUsd: Number(current.cnyPerUsd),
      content: current.content,
      draft: current.draft?.content ?? null,
      contentIssues: current.draft?.issues ?? [],
      draftRows: current.draft?.rows ?? null,
      revisions: revisions.map(revisionMeta),
    };
  }

  /**
   * The detail page. Reads by anyone but the firm itself (reviewers, statisticians, the operator) are audited as
   * `returns.view`: who saw which firm's figures.
   */
  async viewDetail(user: AuthUser, id: string): Promise<ReturnDetail> {
    const detail = await this.detail(user, id);
    if (user.scopeKind !== 'ENTERPRISE') {
      await this.audit.append(
        this.event('returns.view', user, id, { revision: detail.currentRevision, status: detail.status }),
      );
    }
    return detail;
  }

  async revision(user: AuthUser, id: string, revision: number): Promise<ReturnRevision> {
    await this.getScoped(user, id);
    const found = await this.revisions.findOneBy({ returnId: id, revision });
    if (!found) throw notFound(`第 ${revision} 版`, `revision ${revision}`);
    return { ...revisionMeta(found), content: found.content };
  }

  /**
   * A firm opens its return for a period: idempotent (an existing return is answered as is). A new one starts
   * with the profile valid at the end of the quarter, unconfirmed, and empty sections.
   */
  async open(actor: AuthUser, periodCode: string): Promise<{ created: boolean; id: string }> {
    const enterpriseId = this.ownEnterprise(actor);
    const existing = await this.returns.findOneBy({ enterpriseId, periodCode });
    if (existing) return { created: false, id: existing.id };
    const firm = await this.enterprises.getScoped(actor, enterpriseId);
    if (firm.status !== 'ACTIVE') {
      throw new AppError('ENTERPRISE_STATE', { status: firm.status, actionZh: '填报', actionEn: 'used to file' });
    }
    const period = await this.periods.assertOpenFor(periodCode, enterpriseId);
    const profile = await this.enterprises.profileValidOn(enterpriseId, periodBounds(periodCode).end);
    try {
      const id = await this.ds.transaction(async (m) => (await this.start(m, firm, period, profile, actor)).id);
      return { created: true, id };
    } catch (e) {
      // Two tabs opening the same return at once: the second finds the first one's row.
      if (!isUniqueViolation(e)) throw e;
      return { created: false, id: (await this.returns.findOneByOrFail({ enterpriseId, periodCode })).id };
    }
  }

  /** A new DRAFT return of the firm for the period with its empty first revision (the profile unconfirmed), audited. */
  private async start(
    m: EntityManager,
    firm: EnterpriseEntity,
    period: PeriodEntity,
    profile: EnterpriseProfileEntity | null,
    actor: Actor,
  ): Promise<ReturnEntity> {
    const r = await m.save(
      m.create(ReturnEntity, {
        enterpriseId: firm.id,
        periodCode: period.code,
        reviewUnitCode: firm.reviewUnitCode,
        provinceCode: firm.provinceCode,
        status: 'DRAFT',
        currentRevision: 1,
      }),
    );
    await m.insert(ReturnRevisionEntity, {
      returnId: r.id,
      revision: 1,
      content: { ...emptyReturnContent(), profile: profile ? profileSection(profile, false) : null },
      cnyPerUsd: period.cnyPerUsd,
      createdBy: actor.id,
    });
    await this.audit.append(this.event('returns.open', actor, r.id, { periodCode: period.code }), m);
    return r;
  }

  /**
   * A filing of the past, as a seed replays it (the demo's backdated history): the firm's return opened, its
   * content written with the draft save's checks and contract register, and with `submitted` received at that
   * time through the lifecycle (recorded and audited, telling no one), in one transaction. The period's calendar
   * is not applied, since the times are given; nothing is queued. Answers the return as it ends up.
   */
  async fileAsOf(
    actor: Actor,
    enterpriseId: string,
    periodCode: string,
    content: ReturnContent,
    submitted?: { at: Date; late: boolean },
  ): Promise<ReturnEntity> {
    return this.ds.transaction(async (m) => {
      const firm = await m.findOneByOrFail(EnterpriseEntity, { id: enterpriseId });
      const period = await this.periods.get(periodCode, m);
      const profile = await this.enterprises.profileValidOn(enterpriseId, periodBounds(periodCode).end, m);
      const r = await this.start(m, firm, period, profile, actor);
      const draft = await this.write(m, r, period, await this.checked(m, r, content), actor);
      if (!submitted) return draft;
      const hash = contentHash(content);
      await m.update(
        ReturnRevisionEntity,
        { returnId: r.id, revision: draft.currentRevision },
        {
          frozen: true,
          contentHash: hash,
          receiptNo: receiptNumber(periodCode, firm.uscc, draft.currentRevision),
          submittedAt: submitted.at,
          submittedBy: actor.id,
        },
      );
      await this.lifecycle.replay(m, draft, 'submit', actor, submitted);
      return m.findOneByOrFail(ReturnEntity, { id: r.id });
    });
  }

  /**
   * Saves the draft (autosave) with optimistic locking on the return's version. Everything typed is kept: rows
   * that are incomplete or wrong stay in the draft with their issues (the answer's `contentIssues`) and out of
   * `content`, which checks and figures read. Only what no one can type (structuralIssues) is refused, with nothing
   * written. A RETURNED return becomes a DRAFT again with a new revision.
   */
  async saveDraft(actor: AuthUser, id: string, content: unknown, expectedVersion: number): Promise<ReturnDetail> {
    const saved = await this.ds.transaction(async (m) => {
      const r = await this.lockOwn(m, actor, id, expectedVersion);
      const period = await this.periods.assertOpenFor(r.periodCode, r.enterpriseId, m);
      const hostile = structuralIssues(content);
      if (hostile.length) throw contentError(hostile);
      const typed = content as ReturnContent;
      const draft = await this.editable(m, r, actor);
      const part = completePart(typed, await this.context(m, draft.enterpriseId, draft.periodCode, draft.id));
      if (part.unresolved.length) throw contentError(part.unresolved);
      const kept = part.issues.length ? { content: typed, issues: part.issues, rows: part.rows } : null;
      const written = await this.write(m, draft, period, part.content, actor, kept);
      return { revision: written.currentRevision, detail: await this.detail(actor, id, m) };
    });
    await this.validation.enqueue(id, saved.revision);
    return saved.detail;
  }

  /** 本期无业务: one step from the draft to a submitted zero return with the profile confirmed. */
  async zero(actor: AuthUser, id: string, expectedVersion: number): Promise<SubmittedReturn> {
    const done = await this.ds.transaction(async (m) => {
      const r = await this.lockOwn(m, actor, id, expectedVersion);
      const period = await this.periods.assertOpenFor(r.periodCode, r.enterpriseId, m);
      const draft = await this.editable(m, r, actor);
      const profile = await this.enterprises.profileValidOn(r.enterpriseId, periodBounds(r.periodCode).end, m);
      const content: ReturnContent = {
        ...emptyReturnContent(),
        zeroReturn: true,
        profile: profile ? profileSection(profile, true) : null,
      };
      const saved = await this.write(m, draft, period, await this.checked(m, draft, content), actor);
      const submitted = await this.submitLocked(m, saved, period, actor);
      return { revision: submitted, detail: await this.detail(actor, id, m) };
    });
    const queuePosition = await this.validation.enqueue(id, done.revision, { marked: true });
    return { ...done.detail, queuePosition };
  }

  /**
   * Starts the draft from the previous quarter's return (its approved revision, else its latest): the same
   * services-trade lines with amounts 0, the workforce headcounts (a stock) without new hires, no contracts
   * (a contract is reported once, in its signing quarter), and an execution line at 0 for every contract that
   * was signed or executed last quarter, since such contracts usually keep running.
   */
  async copyPrevious(actor: AuthUser, id: string, expectedVersion: number): Promise<ReturnDetail> {
    const saved = await this.ds.transaction(async (m) => {
      const r = await this.lockOwn(m, actor, id, expectedVersion);
      const period = await this.periods.assertOpenFor(r.periodCode, r.enterpriseId, m);
      const draft = await this.editable(m, r, actor);
      const prev = await m.findOneBy(ReturnEntity, {
        enterpriseId: r.enterpriseId,
        periodCode: previousPeriod(r.periodCode),
      });
      if (!prev)
        throw notFound(`上期（${previousPeriod(r.periodCode)}）报表`, `the ${previousPeriod(r.periodCode)} return`);
      const source = await m.findOneByOrFail(ReturnRevisionEntity, {
        returnId: prev.id,
        revision: prev.approvedRevision ?? prev.currentRevision,
      });
      const before = await this.currentRevision(m, draft);
      const last = source.content;
      const running = [
        ...new Map(
          [...last.contracts, ...last.executions].map((c) => [
            c.contractNo,
            { contractNo: c.contractNo, amount: 0, currency: c.currency },
          ]),
        ).values(),
      ];
      const content: ReturnContent = {
        profile: before.content.profile,
        zeroReturn: false,
        servicesTrade: last.servicesTrade.map((l) => ({ ...l, amount: 0 })),
        contracts: [],
        executions: running,
        workforce: last.workforce ? { ...last.workforce, newHires: null, newHiresGraduates: null } : null,
      };
      const written = await this.write(m, draft, period, await this.checked(m, draft, content), actor);
      return { revision: written.currentRevision, detail: await this.detail(actor, id, m) };
    });
    await this.validation.enqueue(id, saved.revision);
    return saved.detail;
  }

  /**
   * DRAFT → VALIDATING (received): freezes the current revision, hashes its content, issues the receipt number
   * (the time of receipt decides lateness) and appends the audit entry in one transaction; the validation job is
   * queued after the commit and moves the return on to SUBMITTED, or back to DRAFT with its findings. Of two
   * concurrent submits with the same version exactly one wins (row lock + version check).
   */
  async submit(returnId: string, actor: AuthUser, expectedVersion: number): Promise<SubmittedReturn> {
    const done = await this.ds.transaction(async (m) => {
      const r = await this.lockOwn(m, actor, returnId, expectedVersion);
      const period = await this.periods.assertOpenFor(r.periodCode, r.enterpriseId, m);
      const revision = await this.submitLocked(m, r, period, actor);
      return { revision, detail: await this.detail(actor, returnId, m) };
    });
    const queuePosition = await this.validation.enqueue(returnId, done.revision, { marked: true });
    return { ...done.detail, queuePosition };
  }

  /**
   * RETURNED → DRAFT with revision n+1 (a copy of the returned revision, which stays frozen for diffs), through
   * the lifecycle, in the caller's transaction on the return it has locked: when a firm edits a returned return
   * (a save, an import, an accepted proposal).
   */
  private async reopen(m: EntityManager, r: ReturnEntity, actor: AuthUser): Promise<ReturnEntity> {
    await this.lifecycle.reopen(m, r, actor);
    return m.findOneByOrFail(ReturnEntity, { id: r.id });
  }

  /**
   * Writes one cell of the firm's current draft, as the firm's own edit (a reviewer's proposed correction the
   * firm accepted): the same period, state and content checks as a draft save; a RETURNED return is reopened
   * first. Refused while the draft holds incomplete rows (its rows are numbered as typed, the path as in `content`,
   * and writing `content` alone would drop them). Joins the caller's transaction.
   */
  async editCellAsFirm(
    m: EntityManager,
    actor: AuthUser,
    id: string,
    path: string,
    value: unknown,
  ): Promise<{ before: unknown; saved: ReturnEntity }> {
    const enterpriseId = this.ownEnterprise(actor);
    const r = await m
      .getRepository(ReturnEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id AND r.enterpriseId = :enterpriseId', { id, enterpriseId })
      .getOne();
    if (!r) throw notFound('报表', 'Return');
    const period = await this.periods.assertOpenFor(r.periodCode, r.enterpriseId, m);
    const draft = await this.editable(m, r, actor);
    const current = await this.currentRevision(m, draft);
    if (current.draft) throw draftIncomplete(current.draft);
    const content = withCellValue(current.content, path, value);
    if (!content) throw new AppError('CELL_PATH_INVALID', { path, revision: draft.currentRevision });
    const saved = await this.write(m, draft, period, await this.checked(m, draft, content), actor);
    return { before: cellValue(current.content, path), saved };
  }

  /** The receipt (回执) of the latest submitted revision, as a Chinese PDF. */
  async receipt(user: AuthUser, id: string): Promise<{ receiptNo: string; pdf: Buffer }> {
    const row = await this.getScoped(user, id);
    const rev = await this.revisions.findOne({
      where: { returnId: id, receiptNo: Not(IsNull()) },
      order: { revision: 'DESC' },
    });
    if (!rev?.receiptNo || !rev.submittedAt)
      throw notFound('回执（报表尚未上报）', 'Receipt (the return was not submitted)');
    return { receiptNo: rev.receiptNo, pdf: await this.pdf.render(receiptDocument(row, rev)) };
  }

  /** Every issue of a content for a return of a firm (also for imports, which check before writing anything). */
  async contentIssues(
    enterpriseId: string,
    periodCode: string,
    returnId: string | null,
    content: unknown,
    manager = this.ds.manager,
  ) {
    return contentIssues(content, await this.context(manager, enterpriseId, periodCode, returnId));
  }

  /** The firm's contract register (contracts of the latest revision of each of its returns), oldest first. */
  contractRegister(enterpriseId: string, upToPeriod?: string): Promise<ContractEntity[]> {
    const qb = this.contracts.createQueryBuilder('c').where('c.enterpriseId = :enterpriseId', { enterpriseId });
    if (upToPeriod) qb.andWhere('c.periodCode <= :upToPeriod', { upToPeriod });
    return qb.orderBy('c.signedDate', 'ASC').addOrderBy('c.contractNo', 'ASC').getMany();
  }

  findContract(enterpriseId: string, contractNo: string): Promise<ContractEntity | null> {
    return this.contracts.findOneBy({ enterpriseId, contractNo });
  }

  /**
   * First half of a firm's import (inside the import's transaction, before anything is written): the content the
   * return would have after the imported sections replace its own, and every issue with it. The import goes into
   * the firm's editable draft (the period must be open for it). Historical imports have their own set-based path
   * (exchange/historical-import.ts).
   */
  async prepareImport(
    m: EntityManager,
    input: {
      enterpriseId: string | null;
      periodCode: string;
      sections: Partial<ReturnContent>;
      profile: ProfileSection | null;
      /** The firm's contracts in other periods of the same import (number → period): not in the register yet. */
      importedContracts?: ReadonlyMap<string, string>;
    },
  ): Promise<PreparedImport> {
    const period = await m.findOneBy(PeriodEntity, { code: input.periodCode });
    if (!period) {
      return {
        input,
        period: null,
        existing: null,
        content: null,
        changed: false,
        issues: [periodMissing(input.periodCode)],
        skipped: null,
      };
    }
    const existing = input.enterpriseId
      ? await m.findOneBy(ReturnEntity, { enterpriseId: input.enterpriseId, periodCode: input.periodCode })
      : null;
    const issues: ContentIssue[] = [];
    if (input.enterpriseId) {
      // An approved return or a locked period is left alone (a firm's own bundle holds them); a return with the
      // reviewers refuses the import, as an edit would be refused.
      if (existing?.status === 'APPROVED') {
        const skipped = {
          zh: `${input.periodCode} 报表已审核通过，不能导入修改，已跳过`,
          en: `The ${input.periodCode} return is approved and cannot be changed by an import; skipped`,
        };
        return { input, period, existing, content: null, changed: false, issues, skipped };
      }
      try {
        await this.periods.assertOpenFor(input.periodCode, input.enterpriseId, m);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        const body = e.getResponse() as { message_zh: string; message_en: string };
        if (e.code === 'PERIOD_LOCKED') {
          const skipped = { zh: `${body.message_zh}。本期已跳过`, en: `${body.message_en}. This period is skipped` };
          return { input, period, existing, content: null, changed: false, issues, skipped };
        }
        issues.push({ path: '', field: 'period', message_zh: body.message_zh, message_en: body.message_en });
      }
      if (existing && !['DRAFT', 'RETURNED', 'CORRECTION_REQUESTED'].includes(existing.status)) {
        const label = RETURN_STATUS_LABELS[existing.status];
        issues.push({
          path: '',
          field: 'status',
          message_zh: `${input.periodCode} 报表状态为“${label.zh}”，不能导入修改`,
          message_en: `The ${input.periodCode} return is ${label.en} and cannot be changed by an import`,
        });
      }
    }
    const revisionNo = existing ? existing.currentRevision : null;
    const current =
      existing && revisionNo
        ? await m.findOneBy(ReturnRevisionEntity, { returnId: existing.id, revision: revisionNo })
        : null;
    if (current?.draft) {
      // The draft's incomplete rows live beside its content: an import written over it would lose them.
      const n = current.draft.issues.length;
      issues.push({
        path: '',
        field: 'draft',
        message_zh: `${input.periodCode} 报表草稿中还有 ${n} 处未填完或有误，请先在网页上补全或删除这些行再导入`,
        message_en: `The ${input.periodCode} draft still has ${n} incomplete or wrong cell(s): complete or delete those rows on the web page before importing`,
      });
    }
    const base = current?.content ?? emptyReturnContent();
    const content: ReturnContent = {
      ...base,
      ...input.sections,
      profile: input.profile ?? base.profile,
      zeroReturn: false,
    };
    const changed = !current || canonicalJson(current.content) !== canonicalJson(content);
    if (changed) {
      const ctx = await this.context(
        m,
        input.enterpriseId ?? '00000000-0000-0000-0000-000000000000',
        input.periodCode,
        existing?.id ?? null,
      );
      const otherContracts = new Map(ctx.otherContracts);
      for (const [no, period] of input.importedContracts ?? [])
        if (period !== input.periodCode) otherContracts.set(no, period);
      issues.push(...contentIssues(content, { ...ctx, otherContracts }));
    }
    return { input, period, existing, content, changed, issues, skipped: null };
  }

  /** Second half of an import: writes what prepareImport found changed (same transaction). */
  async applyImport(
    m: EntityManager,
    prepared: PreparedImport,
    firm: EnterpriseEntity,
    actor: AuthUser,
    source: { kind: 'IMPORT' | 'XLSX'; note: string },
  ): Promise<{ returnId: string; revision: number } | null> {
    const { input, period, content } = prepared;
    if (!prepared.changed || !period || !content) return null;
    let r = prepared.existing;
    if (!r) {
      r = await m.save(
        m.create(ReturnEntity, {
          enterpriseId: firm.id,
          periodCode: input.periodCode,
          reviewUnitCode: firm.reviewUnitCode,
          provinceCode: firm.provinceCode,
          status: 'DRAFT',
          currentRevision: 0,
        }),
      );
    }
    if (r.currentRevision === 0) {
      await m.insert(ReturnRevisionEntity, {
        returnId: r.id,
        revision: 1,
        content,
        cnyPerUsd: period.cnyPerUsd,
        source: source.kind,
        sourceNote: source.note,
        createdBy: actor.id,
      });
      await m.update(ReturnEntity, { id: r.id }, { currentRevision: 1 });
      r = await m.findOneByOrFail(ReturnEntity, { id: r.id });
    }
    const draft = await this.editable(m, r, actor);
    await m.update(
      ReturnRevisionEntity,
      { returnId: draft.id, revision: draft.currentRevision },
      { source: source.kind, sourceNote: source.note },
    );
    const saved = await this.write(m, draft, period, content, actor);
    return { returnId: saved.id, revision: saved.currentRevision };
  }

  /** Only the firm changes its own figures (统计"四条红线"): writes are for enterprise accounts. */
  private ownEnterprise(actor: AuthUser): string {
    if (actor.scopeKind !== 'ENTERPRISE' || !actor.scopeCode) throw new AppError('FORBIDDEN');
    return actor.scopeCode;
  }

  private async lockOwn(m: EntityManager, actor: AuthUser, id: string, expectedVersion: number): Promise<ReturnEntity> {
    const enterpriseId = this.ownEnterprise(actor);
    const r = await m
      .getRepository(ReturnEntity)
      .createQueryBuilder('r')
      .setLock('pessimistic_write')
      .where('r.id = :id AND r.enterpriseId = :enterpriseId', { id, enterpriseId })
      .getOne();
    if (!r) throw notFound('报表', 'Return');
    if (r.version !== expectedVersion) throw new AppError('CONFLICT');
    return r;
  }

  /**
   * A draft to write into: DRAFT and CORRECTION_REQUESTED (whose new revision is open) as they are, RETURNED
   * reopened as a new revision; anything else is frozen.
   */
  private async editable(m: EntityManager, r: ReturnEntity, actor: AuthUser): Promise<ReturnEntity> {
    if (EDITABLE_STATUSES.includes(r.status)) return r;
    if (r.status === 'RETURNED') return this.reopen(m, r, actor);
    throw stateError(r, '修改（已上报的版本已冻结）', 'changed (the submitted revision is frozen)');
  }

  private currentRevision(m: EntityManager, r: ReturnEntity): Promise<ReturnRevisionEntity> {
    return m.findOneByOrFail(ReturnRevisionEntity, { returnId: r.id, revision: r.currentRevision });
  }

  private async context(
    m: EntityManager,
    enterpriseId: string,
    periodCode: string,
    returnId: string | null,
  ): Promise<ContentContext> {
    const date = periodBounds(periodCode).end;
    // Through `m`, one read: a second pool connection taken inside the caller's transaction could wait forever
    // (issue 13), and a transaction's client runs one query at a time.
    const lists = await this.codes.listsOn(date, m);
    const [regions, natures, industries, categories, partners, outsourcing] = (
      [
        'regions',
        'enterprise-natures',
        'industries',
        'service-categories',
        'partner-economies',
        'outsourcing-categories',
      ] as const
    ).map((list) => lists.get(list) ?? []);
    const others = await m.find(ContractEntity, {
      where: returnId ? { enterpriseId, returnId: Not(returnId) } : { enterpriseId },
      select: { contractNo: true, periodCode: true },
    });
    return {
      periodCode,
      regions: new Map(regions.map((c) => [c.code, String(c.attrs.kind)])),
      natures: new Set(natures.map((c) => c.code)),
      industries: new Set(industries.map((c) => c.code)),
      serviceCategories: new Set(categories.filter((c) => c.attrs.provincial === true).map((c) => c.code)),
      partners: new Set(partners.map((c) => c.code)),
      outsourcing: new Set(outsourcing.filter((c) => c.level === 3).map((c) => c.code)),
      otherContracts: new Map(others.map((c) => [c.contractNo, c.periodCode])),
    };
  }

  private async checked(m: EntityManager, r: ReturnEntity, content: unknown): Promise<ReturnContent> {
    const issues = contentIssues(content, await this.context(m, r.enterpriseId, r.periodCode, r.id));
    if (issues.length) throw contentError(issues);
    return content as ReturnContent;
  }

  /**
   * Writes the content (complete rows only) into the current (unfrozen) revision with the draft as typed when it
   * has issues (null otherwise), and mirrors the content's contracts into the register.
   */
  private async write(
    m: EntityManager,
    r: ReturnEntity,
    period: PeriodEntity,
    content: ReturnContent,
    actor: Actor,
    draft: RevisionDraft | null = null,
  ) {
    await m.update(
      ReturnRevisionEntity,
      { returnId: r.id, revision: r.currentRevision, frozen: false },
      { content, draft, cnyPerUsd: period.cnyPerUsd, createdBy: actor.id },
    );
    await m.delete(ContractEntity, { returnId: r.id });
    const rows = contractRows(r, content, Number(period.cnyPerUsd));
    if (rows.length) {
      try {
        await m.insert(ContractEntity, rows);
      } catch (e) {
        // Another return of the firm registered the same number concurrently.
        if (isUniqueViolation(e))
          throw new AppError('DUPLICATE', {
            entity: '合同',
            entityEn: 'Contract',
            key: rows.map((c) => c.contractNo).join(', '),
          });
        throw e;
      }
    }
    await m.update(ReturnEntity, { id: r.id }, { version: r.version + 1 });
    return m.findOneByOrFail(ReturnEntity, { id: r.id });
  }

  /** Receives the current revision (see submit) and returns its number; `period` is the return's, read in `m`. */
  private async submitLocked(
    m: EntityManager,
    r: ReturnEntity,
    period: PeriodEntity,
    actor: AuthUser,
  ): Promise<number> {
    // The table's check first: a return in any other state is refused before anything is read.
    this.lifecycle.assertAllowed(r, 'submit');
    // The firm, the current revision and its validation run in one read (the row lock is held from here on).
    const [got]: {
      uscc: string;
      maker_checker: boolean;
      rev_id: string;
      content: ReturnContent;
      draft: RevisionDraft | null;
      finished_at: Date | null;
      run_hash: string | null;
      has_run: boolean;
    }[] = await m.query(
      `SELECT e.uscc, e.maker_checker, v.id AS rev_id, v.content, v.draft, vr.finished_at, vr.content_hash AS run_hash,
              vr.id IS NOT NULL AS has_run
         FROM enterprise e
         JOIN return_revision v ON v.return_id = $2 AND v.revision = $3
         LEFT JOIN validation_run vr ON vr.return_id = $2 AND vr.revision = $3
        WHERE e.id = $1`,
      [r.enterpriseId, r.id, r.currentRevision],
    );
    if (!got) throw new Error(`return ${r.id}: firm or revision ${r.currentRevision} not found`);
    // Incomplete rows are draft content only: the validation job and the frozen revision never see them.
    if (got.draft) throw draftIncomplete(got.draft);
    const firm = { uscc: got.uscc, makerChecker: got.maker_checker };
    if (firm.makerChecker && !actor.roles.includes('ENTERPRISE_SIGNATORY')) throw new AppError('MAKER_CHECKER');
    const rev = { id: got.rev_id, revision: r.currentRevision, content: got.content };
    const hash = contentHash(rev.content);
    // Findings already known for exactly this content refuse the submission before anything is frozen; the rules
    // themselves (codes retired since the save included) run in the validation job.
    await this.validation.assertSubmittable(
      m,
      r.id,
      rev.revision,
      hash,
      got.has_run ? { finishedAt: got.finished_at, contentHash: got.run_hash } : null,
    );
    const now = new Date();
    const receiptNo = receiptNumber(r.periodCode, firm.uscc, rev.revision);
    // Lateness is decided by the first submission; a resubmission after a return does not change it.
    const extension = (await this.periods.liveExtensions([r], m)).get(`${r.enterpriseId}|${r.periodCode}`) ?? null;
    const late = r.firstSubmittedAt ? r.late : now >= deadlineOf(period.dueDate, extension);
    await m.query(
      `UPDATE return_revision
          SET frozen = true, content_hash = $2, receipt_no = $3, submitted_at = $4, submitted_by = $5,
              updated_at = CURRENT_TIMESTAMP
        WHERE id = $1`,
      [rev.id, hash, receiptNo, now, actor.id],
    );
    await this.lifecycle.submit(m, r, actor, {
      late,
      at: now,
      details: { revision: rev.revision, contentHash: hash, receiptNo, late, zeroReturn: rev.content.zeroReturn },
    });
    await this.validation.markQueued(m, r.id, rev.revision);
    return rev.revision;
  }

  private event(action: string, actor: Actor, returnId: string, details: Record<string, unknown>) {
    return {
      action,
      actorId: actor.id,
      actorUsername: actor.username,
      entityType: 'return',
      entityId: returnId,
      details,
    };
  }
}

function contentError(issues: ContentIssue[]): AppError {
  return new AppError('RETURN_CONTENT_INVALID', { count: issues.length }, issues);
}

const SECTION_NAMES: Record<string, [string, string]> = {
  profile: ['企业基本情况', 'profile'],
  servicesTrade: ['服务进出口', 'services trade'],
  contracts: ['服务外包合同', 'contracts'],
  executions: ['合同执行情况', 'executions'],
  workforce: ['从业人员', 'workforce'],
  zeroReturn: ['零申报', 'zero return'],
};

/** Where an issue is, in words: `contracts[1].amount` → 服务外包合同 第 2 行 amount / contracts row 2, amount. */
export function issuePlace(path: string): { zh: string; en: string } {
  const m = /^([A-Za-z]+)(?:\[(\d+)\])?(?:\.(.+))?$/.exec(path);
  if (!m || !SECTION_NAMES[m[1]]) return { zh: path || '报表', en: path || 'the return' };
  const [zh, en] = SECTION_NAMES[m[1]];
  const row = m[2] === undefined ? null : Number(m[2]) + 1;
  return {
    zh: [zh, row && `第 ${row} 行`, m[3]].filter(Boolean).join(' '),
    en: [row ? `${en} row ${row}` : en, m[3]].filter(Boolean).join(', '),
  };
}

function draftIncomplete(draft: RevisionDraft): AppError {
  const [first] = draft.issues;
  const place = issuePlace(first?.path ?? '');
  return new AppError(
    'RETURN_DRAFT_INCOMPLETE',
    {
      count: draft.issues.length,
      whereZh: place.zh,
      whereEn: place.en,
      messageZh: first?.message_zh ?? '',
      messageEn: first?.message_en ?? '',
    },
    draft.issues,
  );
}

/** What a receipt certifies: the revision received, when (Beijing time) and the SHA-256 of its content. */
function receiptDocument(row: ReturnRow, rev: ReturnRevisionEntity): KeyValueDocument {
  return {
    title: '服务贸易与服务外包统计直报平台 报表上报回执',
    rows: [
      ['回执编号', rev.receiptNo!],
      ['企业名称', row.enterprise?.nameZh ?? ''],
      ['统一社会信用代码', row.enterprise?.uscc ?? ''],
      ['报告期', row.periodCode],
      ['版本', `第 ${rev.revision} 版${rev.content.zeroReturn ? '（零申报）' : ''}`],
      ['上报时间', beijingTime(rev.submittedAt!)],
      ['内容摘要（SHA-256）', rev.contentHash!],
    ],
    note: '内容摘要为上报内容（规范化 JSON）的 SHA-256 值，可用于核对上报数据未被改动。',
  };
}
