import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import {
  englishParams,
  ERRORS,
  formatMessage,
  headlineTotals,
  IN_REVIEW,
  materiality,
  previousPeriod,
  RETURN_STATUS_LABELS,
  RETURN_STATUSES,
  type BulkApproveResult,
  type ErrorCode,
  type HeadlineTotals,
  type InboxRow,
  type OverdueFirm,
  type OverdueReport,
  type OverdueUnit,
  type ReminderRecord,
  type ReminderSent,
  type ReminderSkipped,
  type RemindersResult,
  type ReturnContent,
  type ReturnStatus,
  type ReviewLevel,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { CONFIG, type AppConfig } from '../../core/config/config';
import { AppError } from '../../core/errors/app-error';
import { CodeCache } from '../../core/database/code-cache';
import {
  applyListFilters,
  applyListPage,
  booleanFilter,
  equalsFilter,
  idFilter,
  searchFilter,
  setContentRange,
  type ListParams,
  type ListSpec,
} from '../../core/http/list-query';
import { AuditService } from '../audit/audit.service';
import { NotificationsService } from '../notifications/notifications.service';
import { endOfShanghaiDay } from '../periods/calendar';
import { materialityBase } from '../official-tables/provincial-total';
import { PeriodReminderEntity } from '../periods/period.entity';
import { PeriodsService } from '../periods/periods.service';
import { ReturnRevisionEntity } from '../returns/return.entity';
import { type ReturnRow, ReturnsService } from '../returns/returns.service';
import { ReviewService } from './review.service';

const DAY_MS = 86_400_000;

/**
 * When the return reached the level it waits at: the (last) submission for SUBMITTED, else the transition into its
 * state. Falls back to the submission time for rows without a recorded transition.
 */
const IN_REVIEW_SINCE = `(CASE WHEN r.status = 'SUBMITTED' THEN r.last_submitted_at ELSE COALESCE(
  (SELECT max(t.at) FROM return_transition t WHERE t.return_id = r.id AND t.to_status = r.status), r.last_submitted_at) END)`;

const bool = (v: unknown) => v === true || v === 'true';

/**
 * Findings of the current revision: open ones that matter (blocking or explain-or-fix; info never holds a return
 * up) and explained ones. The validation job owns `validation_finding`; on a database where it does not exist
 * yet every count is 0 rather than an error.
 */
function findingsCount(status: 'OPEN' | 'EXPLAINED', tableExists: boolean): string {
  if (!tableExists) return '0';
  const severity = status === 'OPEN' ? ` AND f.severity <> 'INFO'` : '';
  return `(SELECT count(*) FROM validation_finding f WHERE f.return_id = r.id AND f.revision = r.current_revision AND f.status = '${status}'${severity})`;
}

/** The page query's computed columns (beside the entity columns TypeORM maps). */
interface InboxRaw {
  r_id: string;
  in_review_since: Date | null;
  open_findings: string;
  explained_findings: string;
  inbox_total: string;
  inbox_missing: boolean;
  code_marker: string;
}

/** A time in review past its level's SLA (days as query parameters, set by the inbox from the configuration). */
const OVER_SLA = `(${IN_REVIEW_SINCE} < now() - make_interval(days => (CASE WHEN r.status = 'MUNICIPAL_APPROVED'
  THEN CAST(:slaProvincialDays AS int) ELSE CAST(:slaMunicipalDays AS int) END)))`;

/** The review inbox's list contract (GET /api/review/inbox). */
export const INBOX_LIST: ListSpec<ReturnRow> = {
  resource: 'review-inbox',
  // Enterprise and period are many-to-one joins.
  singleRowJoins: { primaryKey: 'r.id' },
  sortable: {
    id: 'r.id',
    materiality: 'r.materiality',
    dueDate: 'p.dueDate',
    deadline: 'p.dueDate',
    submittedAt: 'r.lastSubmittedAt',
    // Oldest in the queue first when ascending by age is descending by the time it arrived.
    age: 'in_review_since',
    findings: 'open_findings',
    enterpriseName: 'e.nameZh',
    periodCode: 'r.periodCode',
  },
  defaultSort: ['materiality', 'DESC'],
  filters: {
    id: idFilter('r.id'),
    // Text, not 'period': the web's filter is typed into, and a half-typed quarter simply matches nothing.
    periodCode: equalsFilter('r.periodCode', 'text'),
    status: equalsFilter('r.status', 'enum', RETURN_STATUSES),
    reviewUnitCode: equalsFilter('r.reviewUnitCode', 'text'),
    late: booleanFilter((qb, v, p) => qb.andWhere(`r.late = :${p}`, { [p]: v })),
    hasExplained: booleanFilter((qb, v, p) =>
      qb.andWhere(`(${findingsCount('EXPLAINED', true)} > 0) = :${p}`, { [p]: v }),
    ),
    overSla: booleanFilter((qb, v, p) => qb.andWhere(`${OVER_SLA} = :${p}`, { [p]: v })),
    q: searchFilter('e.nameZh', 'e.uscc'),
  },
};

/** The reviewer's desk: inbox with materiality and findings, bulk approval, deadlines, reminders, SLA escalation. */
@Injectable()
export class InboxService {
  private findingsTable: Promise<boolean> | null = null;
  /** Region names by code (latest version), as the inbox shows them. */
  private readonly regionNameCache = new CodeCache<Map<string, string>>();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly returns: ReturnsService,
    private readonly review: ReviewService,
    private readonly periods: PeriodsService,
    private readonly notifications: NotificationsService,
    private readonly audit: AuditService,
  ) {}

  /** The statuses waiting for this caller: the city's (municipal permission), the province's, or both (admin). */
  levelsOf(user: AuthUser): ReviewLevel[] {
    const levels: ReviewLevel[] = [];
    if (user.permissions.has('review.municipal')) levels.push('MUNICIPAL');
    if (user.permissions.has('review.provincial')) levels.push('PROVINCIAL');
    return levels;
  }

  /**
   * One query per request in the steady state: the page (cut in the order of the in-review index), its rows'
   * in-review-since and findings counts (select-list subqueries, evaluated for the page's rows only unless the
   * page is sorted by them), the total for Content-Range, whether a return of the caller's territory still lacks
   * its materiality, and the code_item marker of the cached region names. A missing materiality is filled and
   * the page read again, so the order is the one the filled values give (as filling first did).
   */
  async inbox(user: AuthUser, params: ListParams, res: Response): Promise<InboxRow[]> {
    const statuses = this.levelsOf(user).flatMap((l) => IN_REVIEW[l]);
    if (!statuses.length) throw new AppError('FORBIDDEN');
    const hasFindings = await this.hasFindingsTable();
    const spec = INBOX_LIST;
    for (let filled = false; ; filled = true) {
      const inReview = () =>
        this.returns
          .scoped(user)
          .andWhere('r.status IN (:...inboxStatuses)', { inboxStatuses: statuses })
          .setParameters({
            slaMunicipalDays: this.config.REVIEW_SLA_MUNICIPAL_DAYS,
            slaProvincialDays: this.config.REVIEW_SLA_PROVINCIAL_DAYS,
          });
      const filtered = applyListFilters(inReview(), params, spec);
      const count = filtered.clone().select('count(*)', 'inbox_total');
      // A count, not EXISTS: with LIMIT 1 the planner expects an early hit and scans the table instead of the index.
      const missing = `(${inReview().select('count(*)').andWhere('r.materiality IS NULL').getQuery()}) > 0`;
      const qb = applyListPage(filtered, params, spec)
        .addSelect(IN_REVIEW_SINCE, 'in_review_since')
        .addSelect(findingsCount('OPEN', hasFindings), 'open_findings')
        .addSelect(findingsCount('EXPLAINED', hasFindings), 'explained_findings');
      const { entities, raw } = await qb
        .addSelect(`(${count.getQuery()})`, 'inbox_total')
        .addSelect(missing, 'inbox_missing')
        .addSelect(CodeCache.MARKER_SQL, 'code_marker')
        .getRawAndEntities<InboxRaw>();
      let state: Pick<InboxRaw, 'inbox_total' | 'inbox_missing' | 'code_marker'> | undefined = raw[0];
      if (!state) {
        // An empty page (past the end, or nothing waiting) carries no row with the totals.
        state = await count
          .addSelect(missing, 'inbox_missing')
          .addSelect(CodeCache.MARKER_SQL, 'code_marker')
          .getRawOne<InboxRaw>();
      }
      if (state && bool(state.inbox_missing) && !filled) {
        await this.fillMissingMateriality(user, statuses);
        continue;
      }
      setContentRange(res, spec.resource, params, entities.length, Number(state?.inbox_total ?? 0));
      if (!entities.length) return [];
      const names = await this.regionNameCache.get('regions', state!.code_marker, () => this.allRegionNames());
      const byId = new Map(raw.map((x) => [x.r_id, x]));
      return this.inboxRows(
        entities.map((r) => {
          const x = byId.get(r.id)!;
          return { r, since: x.in_review_since, open: x.open_findings, explained: x.explained_findings };
        }),
        names,
      );
    }
  }

  /**
   * Approves, at the caller's level, the listed returns that have no open findings and are immaterial, holding
   * back a random sample (BULK_APPROVE_SAMPLE_PERCENT) for a reviewer to look at. Each approval is its own
   * transition (own transaction, audit entry, version check).
   */
  async bulkApprove(actor: AuthUser, ids: string[], versions: Record<string, number> = {}): Promise<BulkApproveResult> {
    const statuses = this.levelsOf(actor).flatMap((l) => IN_REVIEW[l]);
    await this.fillMissingMateriality(actor, statuses, ids);
    const hasFindings = await this.hasFindingsTable();
    const found = await this.returns
      .scoped(actor)
      .andWhere('r.id IN (:...ids)', { ids })
      .addSelect(findingsCount('OPEN', hasFindings), 'open_findings')
      .addSelect('(SELECT e.name_zh FROM enterprise e WHERE e.id = r.enterprise_id)', 'firm_name')
      .getRawAndEntities<{ open_findings: string; firm_name: string }>();
    const byId = new Map(
      found.entities.map((r, i) => [
        r.id,
        { r, open: Number(found.raw[i].open_findings), firm: { name: found.raw[i].firm_name, period: r.periodCode } },
      ]),
    );
    const out: BulkApproveResult = { approved: [], heldBack: [], refused: [] };
    const refuse = (
      id: string,
      reason: ErrorCode | keyof typeof REFUSALS,
      params: Record<string, unknown>,
      firm: RefusedFirm | null,
    ) => out.refused.push({ id, reason, ...refusalMessage(reason, params, firm) });
    for (const id of [...new Set(ids)]) {
      const hit = byId.get(id);
      if (!hit) {
        refuse(id, 'NOT_FOUND', { entity: '报表', entityEn: 'The return' }, null);
        continue;
      }
      const { r, open, firm } = hit;
      const max = this.config.BULK_APPROVE_MAX_MATERIALITY;
      if (!statuses.includes(r.status))
        refuse(
          id,
          'NOT_IN_REVIEW',
          { status: RETURN_STATUS_LABELS[r.status].zh, statusEn: RETURN_STATUS_LABELS[r.status].en },
          firm,
        );
      else if (open > 0) refuse(id, 'OPEN_FINDINGS', { count: open }, firm);
      else if (r.materiality === null || r.materiality >= max)
        refuse(id, 'MATERIAL', { materiality: percent(r.materiality), max: percent(max) }, firm);
      else if (Math.random() * 100 < this.config.BULK_APPROVE_SAMPLE_PERCENT) out.heldBack.push(id);
      else {
        try {
          await this.review.transition(actor, id, 'approve', {
            version: versions[id] ?? r.version,
            note: '批量审核通过',
          });
          out.approved.push(id);
        } catch (e) {
          if (!(e instanceof AppError)) throw e;
          refuse(id, e.code, e.params, firm);
        }
      }
    }
    await this.audit.append({
      action: 'review.bulk-approve',
      actorId: actor.id,
      actorUsername: actor.username,
      details: { requested: ids.length, ...out },
    });
    return out;
  }

  /** 催报: per review unit of the caller's territory, firms owing the period that have not filed, and late ones. */
  async overdue(user: AuthUser, periodCode: string, now = new Date()): Promise<OverdueReport> {
    const period = await this.periods.get(periodCode);
    const rows = await this.periods.obligationsQuery(periodCode, user).orderBy('e.nameZh', 'ASC').getMany();
    const pastDue = now >= endOfShanghaiDay(period.dueDate);
    const reminded = await this.reminderCounts(
      periodCode,
      rows.map((r) => r.id),
    );
    const names = await this.regionNames(rows.map((r) => r.reviewUnitCode));
    const units = new Map<string, OverdueUnit>();
    for (const row of rows) {
      const v = this.periods.obligationView(row, period, now);
      if (!v.owes) continue;
      const unit = units.get(v.reviewUnitCode) ?? {
        reviewUnitCode: v.reviewUnitCode,
        reviewUnitName: names.get(v.reviewUnitCode) ?? null,
        owing: 0,
        filed: 0,
        notFiled: [],
        late: [],
      };
      units.set(v.reviewUnitCode, unit);
      unit.owing++;
      const filed = v.returnStatus !== 'NONE' && v.returnStatus !== 'DRAFT';
      const firm: OverdueFirm = {
        enterpriseId: v.enterpriseId,
        nameZh: v.nameZh,
        uscc: v.uscc,
        returnId: v.returnId,
        returnStatus: v.returnStatus,
        submittedAt: v.submittedAt,
        late: v.late,
        daysOverdue: filed ? 0 : v.daysLate,
        extensionUntil: v.extensionUntil,
        lastRemindedAt: reminded.get(v.enterpriseId)?.last.toISOString() ?? null,
        reminders: reminded.get(v.enterpriseId)?.count ?? 0,
      };
      if (filed) unit.filed++;
      else unit.notFiled.push(firm);
      if (v.late) unit.late.push(firm);
    }
    return {
      periodCode,
      dueDate: period.dueDate,
      lockDate: period.lockDate,
      pastDue,
      intervalHours: this.config.REMINDER_INTERVAL_HOURS,
      units: [...units.values()].sort((a, b) => a.reviewUnitCode.localeCompare(b.reviewUnitCode)),
    };
  }

  /**
   * Reminds firms of the caller's territory that owe the period and have not filed (all of them, or the listed
   * ones): an in-app notification to each of the firm's accounts, mailed by the worker when SMTP is configured.
   */
  async remind(
    actor: AuthUser,
    periodCode: string,
    enterpriseIds?: string[],
    now = new Date(),
  ): Promise<RemindersResult> {
    const report = await this.overdue(actor, periodCode, now);
    const owing = report.units.flatMap((u) => u.notFiled);
    const wanted = enterpriseIds ? new Set(enterpriseIds) : null;
    const asked = wanted ? owing.filter((f) => wanted.has(f.enterpriseId)) : owing;
    const intervalMs = this.config.REMINDER_INTERVAL_HOURS * 3600_000;
    const recent = (f: OverdueFirm) => !!f.lastRemindedAt && now.getTime() - Date.parse(f.lastRemindedAt) < intervalMs;
    const targets = asked.filter((f) => !recent(f));
    const skipped: ReminderSkipped[] = [
      ...(wanted
        ? [...wanted]
            .filter((id) => !owing.some((f) => f.enterpriseId === id))
            .map((enterpriseId) => ({ enterpriseId, reason: 'NOT_OWING' as const }))
        : []),
      ...asked.filter(recent).map((f) => ({
        enterpriseId: f.enterpriseId,
        nameZh: f.nameZh,
        reason: 'RECENTLY_REMINDED' as const,
        lastRemindedAt: f.lastRemindedAt!,
        nextAllowedAt: new Date(Date.parse(f.lastRemindedAt!) + intervalMs).toISOString(),
      })),
    ];
    const users = await this.notifications.firmUsers(targets.map((f) => f.enterpriseId));
    const notified: ReminderSent[] = [];
    for (const firm of targets) {
      const mine = users.filter((u) => u.scopeCode === firm.enterpriseId);
      const sent = await this.notifications.send(
        mine.map((u) => u.id),
        {
          kind: 'REMINDER',
          titleZh: `【催报】请尽快报送 ${periodCode} 服务贸易统计报表`,
          titleEn: `Reminder: please file your ${periodCode} return`,
          body: `${firm.nameZh}：${periodCode} 报表的截止日期为 ${report.dueDate}${
            firm.daysOverdue > 0 ? `，已逾期 ${firm.daysOverdue} 天` : ''
          }，请登录服务贸易与服务外包统计直报平台填报并上报。`,
          link: firm.returnId ? `/returns/${firm.returnId}` : '/returns',
        },
      );
      notified.push({
        enterpriseId: firm.enterpriseId,
        nameZh: firm.nameZh,
        users: sent.length,
        mailTo: mine.filter((u) => u.email).length,
      });
    }
    if (notified.length) {
      await this.ds.getRepository(PeriodReminderEntity).insert(
        notified.map((n) => ({
          periodCode,
          enterpriseId: n.enterpriseId,
          sentBy: actor.id,
          sentByUsername: actor.username,
          users: n.users,
          sentAt: now,
        })),
      );
    }
    await this.audit.append({
      action: 'review.reminders',
      actorId: actor.id,
      actorUsername: actor.username,
      entityType: 'period',
      entityId: periodCode,
      details: { firms: notified.map((n) => n.enterpriseId), skipped: skipped.length },
    });
    return { periodCode, notified, skipped, intervalHours: this.config.REMINDER_INTERVAL_HOURS };
  }

  /** The last reminder and the number sent per firm for a period. */
  private async reminderCounts(periodCode: string, enterpriseIds: string[]) {
    const out = new Map<string, { last: Date; count: number }>();
    if (!enterpriseIds.length) return out;
    const rows: { enterprise_id: string; last: Date; count: string }[] = await this.ds.query(
      `SELECT enterprise_id, max(sent_at) AS last, count(*) AS count FROM period_reminder
        WHERE period_code = $1 AND enterprise_id = ANY($2::uuid[]) GROUP BY enterprise_id`,
      [periodCode, enterpriseIds],
    );
    for (const r of rows) out.set(r.enterprise_id, { last: new Date(r.last), count: Number(r.count) });
    return out;
  }

  /** Who was reminded when for a period, in the caller's territory, newest first. */
  async reminderHistory(user: AuthUser, periodCode: string): Promise<ReminderRecord[]> {
    await this.periods.get(periodCode);
    const firms = await this.periods.obligationsQuery(periodCode, user).getMany();
    const names = new Map(firms.map((f) => [f.id, f]));
    if (!names.size) return [];
    const rows = await this.ds
      .getRepository(PeriodReminderEntity)
      .createQueryBuilder('m')
      .where('m.periodCode = :periodCode AND m.enterpriseId IN (:...ids)', { periodCode, ids: [...names.keys()] })
      .orderBy('m.sentAt', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(1000)
      .getMany();
    return rows.map((m) => ({
      id: m.id,
      periodCode: m.periodCode,
      enterpriseId: m.enterpriseId,
      nameZh: names.get(m.enterpriseId)?.nameZh ?? null,
      uscc: names.get(m.enterpriseId)?.uscc ?? null,
      sentBy: m.sentBy,
      sentByUsername: m.sentByUsername,
      users: m.users,
      sentAt: m.sentAt.toISOString(),
    }));
  }

  /**
   * Maintenance job `review.escalate`: returns waiting longer than their level's SLA are reported to the
   * province's reviewers. Idempotent: the notification key names the return, the level and when it entered it.
   */
  async escalate(now = new Date()): Promise<{ escalated: number }> {
    const rows: {
      id: string;
      status: ReturnStatus;
      period_code: string;
      province_code: string;
      name_zh: string;
      since: Date;
    }[] = await this.ds.query(
      `SELECT * FROM (
         SELECT r.id, r.status, r.period_code, r.province_code, e.name_zh, ${IN_REVIEW_SINCE} AS since
         FROM statistical_return r JOIN enterprise e ON e.id = r.enterprise_id
         WHERE r.status = ANY($1)) x
       WHERE x.since IS NOT NULL`,
      [[...IN_REVIEW.MUNICIPAL, ...IN_REVIEW.PROVINCIAL]],
    );
    let escalated = 0;
    for (const r of rows) {
      const level: ReviewLevel = IN_REVIEW.MUNICIPAL.includes(r.status) ? 'MUNICIPAL' : 'PROVINCIAL';
      if (!this.overSla(level, new Date(r.since), now)) continue;
      const reviewers = await this.notifications.provincialReviewers(r.province_code);
      const levelZh = level === 'MUNICIPAL' ? '市级' : '省级';
      const sent = await this.notifications.send(
        reviewers.map((u) => u.id),
        {
          kind: 'ESCALATION',
          titleZh: `【超期未审】${r.name_zh} ${r.period_code} 报表${levelZh}审核已超过 ${this.slaDays(level)} 天`,
          titleEn: `Overdue review: ${r.period_code} return of ${r.name_zh} waits at the ${level.toLowerCase()} level`,
          body: `${r.name_zh} 的 ${r.period_code} 报表自 ${new Date(r.since).toISOString().slice(0, 10)} 起等待${levelZh}审核。`,
          link: `/returns/${r.id}`,
          dedupeKey: `escalate:${r.id}:${level}:${new Date(r.since).toISOString()}`,
        },
      );
      if (sent.length) escalated++;
    }
    return { escalated };
  }

  private slaDays(level: ReviewLevel): number {
    return level === 'MUNICIPAL' ? this.config.REVIEW_SLA_MUNICIPAL_DAYS : this.config.REVIEW_SLA_PROVINCIAL_DAYS;
  }

  private overSla(level: ReviewLevel, since: Date | null, now = new Date()): boolean {
    return !!since && now.getTime() - since.getTime() > this.slaDays(level) * DAY_MS;
  }

  /** The view of each row of the page, with the values computed per row (not entity columns). */
  private inboxRows(
    rows: { r: ReturnRow; since: Date | string | null; open: string | number; explained: string | number }[],
    names: Map<string, string>,
  ): InboxRow[] {
    const now = Date.now();
    return rows.map(({ r, since: at, open, explained }) => {
      const since = at ? new Date(at) : null;
      const level: ReviewLevel = IN_REVIEW.MUNICIPAL.includes(r.status) ? 'MUNICIPAL' : 'PROVINCIAL';
      return {
        id: r.id,
        enterpriseId: r.enterpriseId,
        enterpriseName: r.enterprise?.nameZh ?? '',
        uscc: r.enterprise?.uscc ?? '',
        reviewUnitCode: r.reviewUnitCode,
        reviewUnitName: names.get(r.reviewUnitCode) ?? null,
        periodCode: r.periodCode,
        status: r.status,
        level,
        version: r.version,
        currentRevision: r.currentRevision,
        submittedAt: r.lastSubmittedAt ? r.lastSubmittedAt.toISOString() : null,
        dueDate: r.period?.dueDate ?? '',
        inReviewSince: since ? since.toISOString() : null,
        ageDays: since ? Math.floor((now - since.getTime()) / DAY_MS) : 0,
        late: r.late,
        overSla: this.overSla(level, since),
        openFindings: Number(open),
        explainedFindings: Number(explained),
        materiality: r.materiality,
      };
    });
  }

  /** The name of every region code (its latest version), for the region-name cache. */
  private async allRegionNames(): Promise<Map<string, string>> {
    const rows: { code: string; name_zh: string }[] = await this.ds.query(
      `SELECT DISTINCT ON (code) code, name_zh FROM code_item WHERE list = 'regions' ORDER BY code, valid_from DESC`,
    );
    return new Map(rows.map((r) => [r.code, r.name_zh]));
  }

  private async regionNames(codes: string[]): Promise<Map<string, string>> {
    const rows: { code: string; name_zh: string }[] = await this.ds.query(
      `SELECT DISTINCT ON (code) code, name_zh FROM code_item
       WHERE list = 'regions' AND code = ANY($1) ORDER BY code, valid_from DESC`,
      [[...new Set(codes)]],
    );
    return new Map(rows.map((r) => [r.code, r.name_zh]));
  }

  private hasFindingsTable(): Promise<boolean> {
    this.findingsTable ??= this.ds
      .query(`SELECT to_regclass('validation_finding') IS NOT NULL AS present`)
      .then((rows: { present: boolean }[]) => rows[0].present);
    return this.findingsTable;
  }

  /** Computes and stores the materiality of in-review returns in the caller's territory that have none yet. */
  private async fillMissingMateriality(
    user: AuthUser,
    statuses: readonly ReturnStatus[],
    ids?: string[],
  ): Promise<void> {
    if (!statuses.length) return;
    const qb: SelectQueryBuilder<ReturnRow> = this.returns
      .scoped(user)
      .andWhere('r.status IN (:...fillStatuses)', { fillStatuses: statuses })
      .andWhere('r.materiality IS NULL');
    if (ids?.length) qb.andWhere('r.id IN (:...fillIds)', { fillIds: ids });
    const missing = await qb.getMany();
    const provincial = new Map<string, number>();
    for (const r of missing) {
      const key = `${r.provinceCode}|${r.periodCode}`;
      if (!provincial.has(key)) provincial.set(key, await materialityBase(this.ds, r.provinceCode, r.periodCode));
      const current = await this.totalsOf(r.id, r.enterpriseId, r.currentRevision);
      const previous = r.approvedRevision
        ? await this.totalsOf(r.id, r.enterpriseId, r.approvedRevision)
        : await this.previousApprovedTotals(r.enterpriseId, r.periodCode);
      const value = materiality(current!, previous, provincial.get(key)!);
      await this.ds.query('UPDATE statistical_return SET materiality = $2 WHERE id = $1 AND materiality IS NULL', [
        r.id,
        value,
      ]);
    }
  }

  private async totalsOf(returnId: string, enterpriseId: string, revision: number): Promise<HeadlineTotals | null> {
    const rev = await this.ds.getRepository(ReturnRevisionEntity).findOneBy({ returnId, revision });
    if (!rev) return null;
    const offshore: { contract_no: string }[] = await this.ds.query(
      'SELECT contract_no FROM contract WHERE enterprise_id = $1 AND offshore',
      [enterpriseId],
    );
    return headlineTotals(
      rev.content as ReturnContent,
      Number(rev.cnyPerUsd),
      new Set(offshore.map((c) => c.contract_no)),
    );
  }

  private async previousApprovedTotals(enterpriseId: string, periodCode: string): Promise<HeadlineTotals | null> {
    const prev: { id: string; approved_revision: number }[] = await this.ds.query(
      `SELECT id, approved_revision FROM statistical_return
       WHERE enterprise_id = $1 AND period_code = $2 AND approved_revision IS NOT NULL`,
      [enterpriseId, previousPeriod(periodCode)],
    );
    return prev.length ? this.totalsOf(prev[0].id, enterpriseId, prev[0].approved_revision) : null;
  }
}

/** Why bulk approval left a return for individual review (beyond the API's error codes). */
const REFUSALS = {
  NOT_IN_REVIEW: { zh: '报表状态为“{status}”，不在您的待审列表中', en: 'the return is {status}, not waiting for you' },
  OPEN_FINDINGS: { zh: '有 {count} 条未处理的审核问题', en: '{count} open finding(s)' },
  MATERIAL: {
    zh: '影响度 {materiality} 不低于批量审核上限 {max}，请逐份审核',
    en: 'materiality {materiality} is not below the bulk limit {max}; review it individually',
  },
};

/** Which return a refusal speaks of: the firm's name and the period, in front of the reason. */
interface RefusedFirm {
  name: string;
  period: string;
}

/** A share as reviewers read it: 35.8%, 0.4%; a share not yet computed is a dash. */
const percent = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

function refusalMessage(
  reason: ErrorCode | keyof typeof REFUSALS,
  params: Record<string, unknown>,
  firm: RefusedFirm | null,
) {
  const def = Object.hasOwn(REFUSALS, reason) ? REFUSALS[reason as keyof typeof REFUSALS] : ERRORS[reason as ErrorCode];
  const zh = formatMessage(def.zh, params);
  const en = formatMessage(def.en, englishParams(params));
  return firm
    ? { message_zh: `${firm.name}（${firm.period}）：${zh}`, message_en: `${firm.name} (${firm.period}): ${en}` }
    : { message_zh: zh, message_en: en };
}
