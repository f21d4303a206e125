import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, Repository, type SelectQueryBuilder } from 'typeorm';
import {
  EXTENSION_REQUEST_STATUS_LABELS,
  isIsoDate,
  type ExtensionRequest,
  type ExtensionRequestRow as ExtensionRequestRowView,
  type FirmStanding,
  type Holiday,
  type HolidayAdded,
  type ObligationRow as ObligationRowView,
  type OkResponse,
  type PeriodExemption,
  type PeriodExemptionView,
  type PeriodExtension,
  type PeriodExtensionView,
  type ReturnStatus,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { whereInTerritory } from '../../core/auth/scope';
import { AppError, notFound } from '../../core/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { ENTERPRISE_TERRITORY, EnterprisesService } from '../enterprises/enterprises.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ReturnEntity } from '../returns/return.entity';
import { endOfShanghaiDay, lateness, nextWorkingDay, periodSchedule, shanghaiDate } from './calendar';
import {
  ExtensionRequestEntity,
  HolidayEntity,
  ObligationExemptionEntity,
  PeriodEntity,
  PeriodExtensionEntity,
} from './period.entity';
import type {
  CreatePeriodDto,
  ExemptionDto,
  ExtensionDecisionDto,
  ExtensionDto,
  ExtensionRequestDto,
  HolidayDto,
  UpdatePeriodDto,
} from './periods.dto';

/** A request joined with its firm (an inner join: every request has one). */
export type ExtensionRequestRow = ExtensionRequestEntity & { enterprise: EnterpriseEntity };

/** Where a firm stands on one period, without the period's own fields (the controller adds them). */
export type FirmStandingOnPeriod = Omit<FirmStanding, 'periodCode' | 'enterpriseId' | 'dueDate'>;

/** An extension request as the API answers it: timestamps as ISO strings. */
export function extensionRequestView(q: ExtensionRequestEntity): ExtensionRequest {
  return {
    id: q.id,
    enterpriseId: q.enterpriseId,
    periodCode: q.periodCode,
    requestedUntil: q.requestedUntil,
    reason: q.reason,
    requestedBy: q.requestedBy,
    status: q.status,
    decidedBy: q.decidedBy,
    decidedAt: q.decidedAt ? q.decidedAt.toISOString() : null,
    decisionNote: q.decisionNote,
    extensionId: q.extensionId,
    createdAt: q.createdAt.toISOString(),
  };
}

/** A row of the extension-request list: the request with its firm's name. */
export function extensionRequestRowView({ enterprise, ...q }: ExtensionRequestRow): ExtensionRequestRowView {
  return { ...extensionRequestView(q), nameZh: enterprise.nameZh, uscc: enterprise.uscc };
}

/** An exemption as the API answers it: timestamps as ISO strings. */
export function exemptionView(x: ObligationExemptionEntity): PeriodExemption {
  return {
    id: x.id,
    enterpriseId: x.enterpriseId,
    periodCode: x.periodCode,
    reason: x.reason,
    grantedBy: x.grantedBy,
    createdAt: x.createdAt.toISOString(),
    revokedAt: x.revokedAt ? x.revokedAt.toISOString() : null,
    revokedBy: x.revokedBy,
    revokeReason: x.revokeReason,
  };
}

/** An extension as the API answers it: timestamps as ISO strings. */
export function extensionView(x: PeriodExtensionEntity): PeriodExtension {
  return { ...exemptionView(x), until: x.until.toISOString() };
}

const LIVE = { revokedAt: IsNull() };
const beijing = (d: Date) => `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}`;

/** A firm of the caller's territory with its return (if any) and exemption (if any) for one period. */
export type ObligationRow = EnterpriseEntity & {
  filing?: ReturnEntity;
  exemption?: ObligationExemptionEntity;
  extension?: PeriodExtensionEntity;
};

@Injectable()
export class PeriodsService {
  constructor(
    @InjectRepository(PeriodEntity) private readonly periods: Repository<PeriodEntity>,
    @InjectRepository(HolidayEntity) private readonly holidays: Repository<HolidayEntity>,
    @InjectRepository(PeriodExtensionEntity) private readonly extensions: Repository<PeriodExtensionEntity>,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly enterprises: EnterprisesService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
  ) {}

  query(): SelectQueryBuilder<PeriodEntity> {
    return this.periods.createQueryBuilder('p');
  }

  async get(code: string, manager: EntityManager = this.ds.manager): Promise<PeriodEntity> {
    const p = await manager.findOneBy(PeriodEntity, { code });
    if (!p) throw notFound(`报告期 ${code}`, `period ${code}`);
    return p;
  }

  async create(dto: CreatePeriodDto, actor: AuthUser): Promise<PeriodEntity> {
    if (await this.periods.existsBy({ code: dto.code })) {
      throw new AppError('DUPLICATE', { entity: '报告期', entityEn: 'Period', key: dto.code });
    }
    const holidays = new Set((await this.holidays.find()).map((h) => h.date));
    const s = periodSchedule(dto.code, holidays, dto);
    if (s.lockDate < s.dueDate) {
      throw new AppError('VALIDATION_FAILED', {}, [`lockDate ${s.lockDate} is before the due date ${s.dueDate}`]);
    }
    return this.ds.transaction(async (m) => {
      // The insert's trigger (migration PartitionByYear) adds the year's partitions of the fact and aggregate
      // tables in this transaction if they are missing (ensure_year_partitions; docs/scaling.md).
      const saved = await m.save(m.create(PeriodEntity, { ...s, cnyPerUsd: String(dto.cnyPerUsd) }));
      await this.audit.append(
        {
          action: 'periods.create',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'period',
          entityId: dto.code,
          details: { ...s, cnyPerUsd: dto.cnyPerUsd },
        },
        m,
      );
      return saved;
    });
  }

  listHolidays(): Promise<Holiday[]> {
    return this.holidays.find({ order: { date: 'ASC' } });
  }

  async addHoliday(dto: HolidayDto, actor: AuthUser): Promise<HolidayAdded> {
    if (!isIsoDate(dto.date)) throw new AppError('VALIDATION_FAILED', {}, [`date ${dto.date} is not a calendar date`]);
    if (await this.holidays.existsBy({ date: dto.date })) {
      throw new AppError('DUPLICATE', { entity: '节假日', entityEn: 'Holiday', key: dto.date });
    }
    return this.ds.transaction(async (m) => {
      const saved = await m.save(m.create(HolidayEntity, dto));
      const shifted = await this.shiftDueDates(dto.date, actor, m);
      await this.audit.append(
        {
          action: 'periods.holiday-add',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'holiday',
          entityId: dto.date,
          details: { ...dto, shifted },
        },
        m,
      );
      return { date: saved.date, nameZh: saved.nameZh, shifted };
    });
  }

  /** Removing a holiday does not move due dates already set: periods keep the deadline they were created with. */
  async removeHoliday(date: string, actor: AuthUser): Promise<OkResponse> {
    // A malformed date would reach PostgreSQL as an invalid literal (a 500); it is a bad request.
    if (!isIsoDate(date)) throw new AppError('BAD_LIST_PARAMETER', { name: 'date', detail: 'YYYY-MM-DD' });
    const res = await this.holidays.delete({ date });
    if (!res.affected) throw notFound(`节假日 ${date}`, `holiday ${date}`);
    await this.audit.append({
      action: 'periods.holiday-remove',
      actorId: actor.id,
      actorUsername: actor.username,
      entityType: 'holiday',
      entityId: date,
    });
    return { ok: true };
  }

  async grantExtension(code: string, dto: ExtensionDto, actor: AuthUser): Promise<PeriodExtensionEntity> {
    await this.get(code);
    const firm = await this.enterprises.getScoped(actor, dto.enterpriseId);
    const until = isIsoDate(dto.until) ? endOfShanghaiDay(dto.until) : new Date(dto.until);
    const saved = await this.ds.transaction(async (m) => {
      const saved = await m.save(
        m.create(PeriodExtensionEntity, {
          enterpriseId: dto.enterpriseId,
          periodCode: code,
          until,
          reason: dto.reason,
          grantedBy: actor.id,
        }),
      );
      await this.audit.append(
        {
          action: 'periods.extension',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'enterprise',
          entityId: dto.enterpriseId,
          details: { periodCode: code, until: until.toISOString(), reason: dto.reason },
        },
        m,
      );
      return saved;
    });
    await this.tellFirm(dto.enterpriseId, {
      titleZh: `【延期】${code} 报表已延期至 ${beijing(until)}（北京时间）`,
      titleEn: `Your ${code} return is extended until ${beijing(until)} (Beijing time)`,
      body: `${firm.nameZh}：省商务厅准予 ${code} 报表延期至 ${beijing(until)}（北京时间）。原因：${dto.reason}`,
      periodCode: code,
    });
    return saved;
  }

  /** Extensions of a period for the firms of the caller's territory. */
  async listExtensions(code: string, user: AuthUser): Promise<PeriodExtensionEntity[]> {
    await this.get(code);
    const qb = this.extensions
      .createQueryBuilder('x')
      .innerJoin(EnterpriseEntity, 'e', 'e.id = x.enterpriseId')
      .where('x.periodCode = :code', { code });
    return whereInTerritory(qb, user, ENTERPRISE_TERRITORY).orderBy('x.createdAt', 'DESC').getMany();
  }

  async exempt(code: string, dto: ExemptionDto, actor: AuthUser): Promise<ObligationExemptionEntity> {
    await this.get(code);
    const firm = await this.enterprises.getScoped(actor, dto.enterpriseId);
    const saved = await this.ds.transaction(async (m) => {
      if (await m.existsBy(ObligationExemptionEntity, { enterpriseId: dto.enterpriseId, periodCode: code, ...LIVE })) {
        throw new AppError('DUPLICATE', { entity: '免报', entityEn: 'Exemption', key: code });
      }
      const saved = await m.save(
        m.create(ObligationExemptionEntity, {
          enterpriseId: dto.enterpriseId,
          periodCode: code,
          reason: dto.reason,
          grantedBy: actor.id,
        }),
      );
      await this.audit.append(
        {
          action: 'periods.exemption',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'enterprise',
          entityId: dto.enterpriseId,
          details: { periodCode: code, reason: dto.reason },
        },
        m,
      );
      return saved;
    });
    await this.tellFirm(dto.enterpriseId, {
      titleZh: `【免报】${code} 报表已免报`,
      titleEn: `You are exempt from the ${code} return`,
      body: `${firm.nameZh}：省商务厅准予 ${code} 报表免报。原因：${dto.reason}`,
      periodCode: code,
    });
    return saved;
  }

  /** Firms of the caller's territory joined with their return and exemption for the period (list contract). */
  obligationsQuery(code: string, user: AuthUser): SelectQueryBuilder<ObligationRow> {
    return (this.enterprises.scoped(user) as SelectQueryBuilder<ObligationRow>)
      .leftJoinAndMapOne('e.filing', ReturnEntity, 'r', 'r.enterpriseId = e.id AND r.periodCode = :obligationPeriod')
      .leftJoinAndMapOne(
        'e.exemption',
        ObligationExemptionEntity,
        'x',
        'x.enterpriseId = e.id AND x.periodCode = :obligationPeriod AND x.revokedAt IS NULL',
      )
      .leftJoinAndMapOne(
        'e.extension',
        PeriodExtensionEntity,
        'xt',
        `xt.id = (SELECT x2.id FROM period_extension x2 WHERE x2.enterprise_id = e.id
          AND x2.period_code = :obligationPeriod AND x2.revoked_at IS NULL ORDER BY x2.until DESC LIMIT 1)`,
      )
      .setParameter('obligationPeriod', code);
  }

  /**
   * What the obligation list shows per firm: an active firm owes the return unless exempt; it is late when it
   * submitted after the due date, or still has nothing submitted once the due date has passed.
   */
  obligationView(row: ObligationRow, period: PeriodEntity, now = new Date()): ObligationRowView {
    const owes = row.status === 'ACTIVE' && !row.exemption;
    const filing = row.filing ?? null;
    const l = lateness(period.dueDate, filing, row.extension?.until ?? null, now);
    const late = filing?.firstSubmittedAt ? l.late : owes && l.late;
    const returnStatus: ReturnStatus | 'NONE' = filing?.status ?? 'NONE';
    return {
      id: row.id,
      enterpriseId: row.id,
      nameZh: row.nameZh,
      uscc: row.uscc,
      reviewUnitCode: row.reviewUnitCode,
      enterpriseStatus: row.status,
      periodCode: period.code,
      owes,
      exemptionReason: row.exemption?.reason ?? null,
      extensionUntil: row.extension ? row.extension.until.toISOString() : null,
      returnId: filing?.id ?? null,
      returnStatus,
      submittedAt: filing?.lastSubmittedAt ? filing.lastSubmittedAt.toISOString() : null,
      late,
      daysLate: late ? l.daysLate : 0,
    };
  }

  /**
   * Refuses a firm's write to a period's return before the period opens or after its lock date, unless the
   * firm holds an unexpired extension. Returns the period.
   */
  async assertOpenFor(code: string, enterpriseId: string, manager: EntityManager = this.ds.manager) {
    const period = await this.get(code, manager);
    const now = new Date();
    if (shanghaiDate(now) < period.openDate) {
      throw new AppError('PERIOD_NOT_OPEN', { period: code, openDate: period.openDate });
    }
    if (now >= endOfShanghaiDay(period.lockDate)) {
      const extended = await manager
        .getRepository(PeriodExtensionEntity)
        .createQueryBuilder('x')
        .where('x.enterpriseId = :enterpriseId AND x.periodCode = :code AND x.until > :now AND x.revokedAt IS NULL', {
          enterpriseId,
          code,
          now,
        })
        .getExists();
      if (!extended) throw new AppError('PERIOD_LOCKED', { period: code, lockDate: period.lockDate });
    }
    return period;
  }

  /**
   * The province or the administrator changes a period's calendar or rate. A due date given on a weekend or
   * holiday rolls to the next working day (unless rollForward is false); the lock date may not precede it. The rate
   * applies to revisions created from now on (each revision keeps the rate it was made with).
   */
  async update(code: string, dto: UpdatePeriodDto, actor: AuthUser): Promise<PeriodEntity> {
    return this.ds.transaction(async (m) => {
      const p = await m
        .getRepository(PeriodEntity)
        .createQueryBuilder('p')
        .setLock('pessimistic_write')
        .where('p.code = :code', { code })
        .getOne();
      if (!p) throw notFound(`报告期 ${code}`, `period ${code}`);
      const before = { dueDate: p.dueDate, lockDate: p.lockDate, cnyPerUsd: Number(p.cnyPerUsd) };
      if (dto.dueDate) {
        const holidays = new Set((await m.find(HolidayEntity)).map((h) => h.date));
        p.dueDate = dto.rollForward === false ? dto.dueDate : nextWorkingDay(dto.dueDate, holidays);
      }
      if (dto.lockDate) p.lockDate = dto.lockDate;
      if (dto.cnyPerUsd !== undefined) p.cnyPerUsd = String(dto.cnyPerUsd);
      if (p.dueDate < p.openDate) {
        throw new AppError('PERIOD_CALENDAR', {
          period: code,
          detailZh: `截止日期 ${p.dueDate} 早于开放日期 ${p.openDate}`,
          detailEn: `the due date ${p.dueDate} is before the open date ${p.openDate}`,
        });
      }
      if (p.lockDate < p.dueDate) {
        throw new AppError('PERIOD_CALENDAR', {
          period: code,
          detailZh: `锁定日期 ${p.lockDate} 早于截止日期 ${p.dueDate}`,
          detailEn: `the lock date ${p.lockDate} is before the due date ${p.dueDate}`,
        });
      }
      const saved = await m.save(p);
      await this.audit.append(
        {
          action: 'periods.update',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'period',
          entityId: code,
          details: {
            reason: dto.reason,
            before,
            after: { dueDate: p.dueDate, lockDate: p.lockDate, cnyPerUsd: Number(p.cnyPerUsd) },
          },
        },
        m,
      );
      return saved;
    });
  }

  /**
   * A new holiday moves the due date of every period due on that day and not yet past it to the next working
   * day (a deadline already passed stays where it was). Answers the periods it moved.
   */
  private async shiftDueDates(date: string, actor: AuthUser, m: EntityManager) {
    const holidays = new Set((await m.find(HolidayEntity)).map((h) => h.date));
    const due = await m.findBy(PeriodEntity, { dueDate: date });
    const shifted: { code: string; from: string; to: string }[] = [];
    for (const p of due) {
      if (shanghaiDate() > p.dueDate) continue;
      const to = nextWorkingDay(date, holidays);
      shifted.push({ code: p.code, from: p.dueDate, to });
      p.dueDate = to;
      if (p.lockDate < to) p.lockDate = to;
      await m.save(p);
      await this.audit.append(
        {
          action: 'periods.update',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'period',
          entityId: p.code,
          details: { reason: `holiday ${date}`, before: { dueDate: date }, after: { dueDate: to } },
        },
        m,
      );
    }
    return shifted;
  }

  /** Live and revoked extensions of a period (newest first) in the caller's territory, with the firm's name. */
  async extensionsView(code: string, user: AuthUser): Promise<PeriodExtensionView[]> {
    await this.get(code);
    const qb = this.extensions
      .createQueryBuilder('x')
      .innerJoin(EnterpriseEntity, 'e', 'e.id = x.enterpriseId')
      .addSelect(['e.nameZh', 'e.uscc'])
      .where('x.periodCode = :code', { code });
    const { entities, raw } = await whereInTerritory(qb, user, ENTERPRISE_TERRITORY)
      .orderBy('x.createdAt', 'DESC')
      .getRawAndEntities();
    return entities.map((x, i) => ({
      ...extensionView(x),
      nameZh: raw[i].e_name_zh as string,
      uscc: raw[i].e_uscc as string,
    }));
  }

  /** Exemptions of a period (live and revoked) in the caller's territory, with the firm's name. */
  async exemptionsView(code: string, user: AuthUser): Promise<PeriodExemptionView[]> {
    await this.get(code);
    const qb = this.ds
      .getRepository(ObligationExemptionEntity)
      .createQueryBuilder('x')
      .innerJoin(EnterpriseEntity, 'e', 'e.id = x.enterpriseId')
      .addSelect(['e.nameZh', 'e.uscc'])
      .where('x.periodCode = :code', { code });
    const { entities, raw } = await whereInTerritory(qb, user, ENTERPRISE_TERRITORY)
      .orderBy('x.createdAt', 'DESC')
      .getRawAndEntities();
    return entities.map((x, i) => ({
      ...exemptionView(x),
      nameZh: raw[i].e_name_zh as string,
      uscc: raw[i].e_uscc as string,
    }));
  }

  /** Revokes a live extension of a firm of the caller's territory, with a reason the firm is told. */
  async revokeExtension(code: string, id: number, reason: string, actor: AuthUser): Promise<PeriodExtension> {
    const row = await this.ds.manager.findOneBy(PeriodExtensionEntity, { id, periodCode: code });
    return extensionView(await this.revoke(row, 'extension', code, id, reason, actor));
  }

  /** Revokes a live exemption: the firm owes the period again and is told why. */
  async revokeExemption(code: string, id: number, reason: string, actor: AuthUser): Promise<PeriodExemption> {
    const row = await this.ds.manager.findOneBy(ObligationExemptionEntity, { id, periodCode: code });
    return exemptionView(await this.revoke(row, 'exemption', code, id, reason, actor));
  }

  private async revoke<T extends PeriodExtensionEntity | ObligationExemptionEntity>(
    row: T | null,
    kind: 'extension' | 'exemption',
    code: string,
    id: number,
    reason: string,
    actor: AuthUser,
  ) {
    const words = kind === 'extension' ? { zh: '延期', en: 'extension' } : { zh: '免报', en: 'exemption' };
    if (!row) throw notFound(`${words.zh} ${id}`, `${words.en} ${id}`);
    const firm = await this.enterprises.getScoped(actor, row.enterpriseId);
    if (row.revokedAt) {
      throw new AppError('EXCEPTION_REVOKED', { kindZh: words.zh, kindEn: words.en, at: beijing(row.revokedAt) });
    }
    const saved = await this.ds.transaction(async (m) => {
      row.revokedAt = new Date();
      row.revokedBy = actor.id;
      row.revokeReason = reason;
      const out = await m.save(row);
      await this.audit.append(
        {
          action: `periods.${kind}-revoke`,
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'enterprise',
          entityId: row.enterpriseId,
          details: { periodCode: code, id, reason },
        },
        m,
      );
      return out;
    });
    await this.tellFirm(row.enterpriseId, {
      titleZh: `【${words.zh}撤销】${code} 报表的${words.zh}已撤销`,
      titleEn: `Your ${words.en} for ${code} was revoked`,
      body: `${firm.nameZh}：省商务厅撤销了 ${code} 报表的${words.zh}。原因：${reason}`,
      periodCode: code,
    });
    return saved;
  }

  /** A DEADLINE notification to every account of a firm, linking to its return of the period. */
  private async tellFirm(
    enterpriseId: string,
    n: { titleZh: string; titleEn: string; body: string; periodCode: string },
  ) {
    const users = await this.notifications.firmUsers([enterpriseId]);
    const ret = await this.ds.manager.findOneBy(ReturnEntity, { enterpriseId, periodCode: n.periodCode });
    await this.notifications.send(
      users.map((u) => u.id),
      {
        kind: 'DEADLINE',
        titleZh: n.titleZh,
        titleEn: n.titleEn,
        body: n.body,
        link: ret ? `/returns/${ret.id}` : '/',
      },
    );
  }

  /** The firm a call is about: a firm's own (another id is not found), or a firm of a staff caller's territory. */
  async firmOf(user: AuthUser, enterpriseId?: string): Promise<EnterpriseEntity> {
    if (user.scopeKind === 'ENTERPRISE') {
      if (enterpriseId && enterpriseId !== user.scopeCode) throw notFound('企业', 'Enterprise');
      return this.enterprises.getScoped(user, user.scopeCode!);
    }
    if (!enterpriseId) {
      throw new AppError('VALIDATION_FAILED', {}, ['query.enterpriseId: required for a caller that is not a firm']);
    }
    return this.enterprises.getScoped(user, enterpriseId);
  }

  /** Where one firm stands on one period (its return page and home page show this). */
  async standing(enterpriseId: string, period: PeriodEntity, now = new Date()): Promise<FirmStandingOnPeriod> {
    const [extension, exemption, request, filing] = await Promise.all([
      this.extensions.findOne({
        where: { enterpriseId, periodCode: period.code, ...LIVE },
        order: { until: 'DESC' },
      }),
      this.ds.manager.findOneBy(ObligationExemptionEntity, { enterpriseId, periodCode: period.code, ...LIVE }),
      this.ds.manager.findOne(ExtensionRequestEntity, {
        where: { enterpriseId, periodCode: period.code },
        order: { createdAt: 'DESC' },
      }),
      this.ds.manager.findOneBy(ReturnEntity, { enterpriseId, periodCode: period.code }),
    ]);
    const l = lateness(period.dueDate, filing, extension?.until ?? null, now);
    const late = filing?.firstSubmittedAt ? l.late : !exemption && l.late;
    return {
      extension: extension
        ? {
            id: extension.id,
            until: extension.until.toISOString(),
            reason: extension.reason,
            grantedAt: extension.createdAt.toISOString(),
          }
        : null,
      exemption: exemption
        ? { id: exemption.id, reason: exemption.reason, grantedAt: exemption.createdAt.toISOString() }
        : null,
      request: request
        ? {
            id: request.id,
            status: request.status,
            requestedUntil: request.requestedUntil,
            reason: request.reason,
            decisionNote: request.decisionNote,
            createdAt: request.createdAt.toISOString(),
            decidedAt: request.decidedAt ? request.decidedAt.toISOString() : null,
          }
        : null,
      deadline: (extension && extension.until > endOfShanghaiDay(period.dueDate)
        ? extension.until
        : endOfShanghaiDay(period.dueDate)
      ).toISOString(),
      late,
      daysLate: late ? l.daysLate : 0,
    };
  }

  /** Live extensions (latest until) of the given firm-period pairs, for lists: key `${enterpriseId}|${period}`. */
  async liveExtensions(
    pairs: { enterpriseId: string; periodCode: string }[],
    m: Pick<EntityManager, 'query'> = this.ds.manager,
  ): Promise<Map<string, Date>> {
    const out = new Map<string, Date>();
    if (!pairs.length) return out;
    const rows: { enterprise_id: string; period_code: string; until: Date }[] = await m.query(
      `SELECT enterprise_id, period_code, max(until) AS until FROM period_extension
        WHERE revoked_at IS NULL AND (enterprise_id, period_code) IN (SELECT * FROM unnest($1::uuid[], $2::varchar[]))
        GROUP BY enterprise_id, period_code`,
      [pairs.map((p) => p.enterpriseId), pairs.map((p) => p.periodCode)],
    );
    for (const r of rows) out.set(`${r.enterprise_id}|${r.period_code}`, new Date(r.until));
    return out;
  }

  /**
   * A firm asks for more time on a period (from its return page): one pending request at a time; the province's
   * reviewers are notified.
   */
  async requestExtension(code: string, dto: ExtensionRequestDto, actor: AuthUser): Promise<ExtensionRequest> {
    const period = await this.get(code);
    if (actor.scopeKind !== 'ENTERPRISE') throw new AppError('FORBIDDEN');
    const firm = await this.firmOf(actor);
    if (dto.until <= period.dueDate) {
      throw new AppError('PERIOD_CALENDAR', {
        period: code,
        detailZh: `申请延期至 ${dto.until}，不晚于截止日期 ${period.dueDate}`,
        detailEn: `the date asked for, ${dto.until}, is not after the due date ${period.dueDate}`,
      });
    }
    const saved = await this.ds.transaction(async (m) => {
      const pending = await m.findOneBy(ExtensionRequestEntity, {
        enterpriseId: firm.id,
        periodCode: code,
        status: 'PENDING',
      });
      if (pending) {
        throw new AppError('EXTENSION_REQUEST_PENDING', { period: code, until: pending.requestedUntil });
      }
      const row = await m.save(
        m.create(ExtensionRequestEntity, {
          enterpriseId: firm.id,
          periodCode: code,
          requestedUntil: dto.until,
          reason: dto.reason,
          requestedBy: actor.id,
        }),
      );
      await this.audit.append(
        {
          action: 'periods.extension-request',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'enterprise',
          entityId: firm.id,
          details: { periodCode: code, until: dto.until, reason: dto.reason },
        },
        m,
      );
      return row;
    });
    const reviewers = await this.notifications.provincialReviewers(firm.provinceCode);
    await this.notifications.send(
      reviewers.map((u) => u.id),
      {
        kind: 'DEADLINE',
        titleZh: `【延期申请】${firm.nameZh} 申请 ${code} 报表延期至 ${dto.until}`,
        titleEn: `Extension request: ${firm.nameZh} asks for ${code} until ${dto.until}`,
        body: `原因：${dto.reason}`,
        link: '/extension-requests',
      },
    );
    return extensionRequestView(saved);
  }

  /** Extension requests of the caller's territory (a firm: its own), with the firm's name; list contract. */
  requestsQuery(user: AuthUser): SelectQueryBuilder<ExtensionRequestRow> {
    const qb = (
      this.ds.getRepository(ExtensionRequestEntity).createQueryBuilder('q') as SelectQueryBuilder<ExtensionRequestRow>
    ).innerJoinAndMapOne('q.enterprise', EnterpriseEntity, 'e', 'e.id = q.enterpriseId');
    return whereInTerritory(qb, user, ENTERPRISE_TERRITORY);
  }

  /** The province answers a pending request: a grant creates the extension (the firm is told either way). */
  async decideRequest(id: number, dto: ExtensionDecisionDto, actor: AuthUser): Promise<ExtensionRequest> {
    const found = await this.requestsQuery(actor).andWhere('q.id = :id', { id }).getOne();
    if (!found) throw notFound(`延期申请 ${id}`, `extension request ${id}`);
    const { enterprise: _firm, ...req } = found;
    if (req.status !== 'PENDING') {
      const label = EXTENSION_REQUEST_STATUS_LABELS[req.status];
      throw new AppError('EXTENSION_REQUEST_STATE', {
        statusZh: label.zh,
        statusEn: label.en.toLowerCase(),
        actionZh: '再答复',
        actionEn: 'answered again',
      });
    }
    const firm = await this.enterprises.getScoped(actor, req.enterpriseId);
    const until = dto.until ?? req.requestedUntil;
    let extensionId: number | null = null;
    if (dto.grant) {
      const ext = await this.grantExtension(
        req.periodCode,
        { enterpriseId: req.enterpriseId, until, reason: `${dto.note}（企业申请：${req.reason}）` },
        actor,
      );
      extensionId = ext.id;
    }
    req.status = dto.grant ? 'GRANTED' : 'REFUSED';
    req.decidedAt = new Date();
    req.decidedBy = actor.id;
    req.decisionNote = dto.note;
    req.extensionId = extensionId;
    await this.ds.transaction(async (m) => {
      await m.save(ExtensionRequestEntity, req);
      await this.audit.append(
        {
          action: 'periods.extension-decision',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'enterprise',
          entityId: req.enterpriseId,
          details: { requestId: id, periodCode: req.periodCode, grant: dto.grant, until, note: dto.note },
        },
        m,
      );
    });
    if (!dto.grant) {
      await this.tellFirm(req.enterpriseId, {
        titleZh: `【延期申请未获批准】${req.periodCode} 报表`,
        titleEn: `Your extension request for ${req.periodCode} was refused`,
        body: `${firm.nameZh}：省商务厅未批准 ${req.periodCode} 报表的延期申请。说明：${dto.note}`,
        periodCode: req.periodCode,
      });
    }
    return extensionRequestView(req);
  }
}
