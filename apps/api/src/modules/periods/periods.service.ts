import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository, type SelectQueryBuilder } from 'typeorm';
import { isIsoDate } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { whereInTerritory } from '../../core/auth/scope';
import { AppError, notFound } from '../../core/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { ENTERPRISE_TERRITORY, EnterprisesService } from '../enterprises/enterprises.service';
import { ReturnEntity } from '../returns/return.entity';
import { endOfShanghaiDay, periodSchedule, shanghaiDate } from './calendar';
import { HolidayEntity, ObligationExemptionEntity, PeriodEntity, PeriodExtensionEntity } from './period.entity';
import type { CreatePeriodDto, ExemptionDto, ExtensionDto, HolidayDto } from './periods.dto';

/** A firm of the caller's territory with its return (if any) and exemption (if any) for one period. */
export type ObligationRow = EnterpriseEntity & {
  filing?: ReturnEntity;
  exemption?: ObligationExemptionEntity;
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

  listHolidays(): Promise<HolidayEntity[]> {
    return this.holidays.find({ order: { date: 'ASC' } });
  }

  async addHoliday(dto: HolidayDto, actor: AuthUser): Promise<HolidayEntity> {
    if (!isIsoDate(dto.date)) throw new AppError('VALIDATION_FAILED', {}, [`date ${dto.date} is not a calendar date`]);
    if (await this.holidays.existsBy({ date: dto.date })) {
      throw new AppError('DUPLICATE', { entity: '节假日', entityEn: 'Holiday', key: dto.date });
    }
    const saved = await this.holidays.save(this.holidays.create(dto));
    await this.audit.append({
      action: 'periods.holiday-add',
      actorId: actor.id,
      actorUsername: actor.username,
      entityType: 'holiday',
      entityId: dto.date,
      details: { ...dto },
    });
    return saved;
  }

  /** Removing a holiday does not move due dates already set: periods keep the deadline they were created with. */
  async removeHoliday(date: string, actor: AuthUser): Promise<{ ok: true }> {
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
    await this.enterprises.getScoped(actor, dto.enterpriseId);
    const until = isIsoDate(dto.until) ? endOfShanghaiDay(dto.until) : new Date(dto.until);
    return this.ds.transaction(async (m) => {
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
    await this.enterprises.getScoped(actor, dto.enterpriseId);
    return this.ds.transaction(async (m) => {
      if (await m.existsBy(ObligationExemptionEntity, { enterpriseId: dto.enterpriseId, periodCode: code })) {
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
  }

  /** Firms of the caller's territory joined with their return and exemption for the period (list contract). */
  obligationsQuery(code: string, user: AuthUser): SelectQueryBuilder<ObligationRow> {
    return (this.enterprises.scoped(user) as SelectQueryBuilder<ObligationRow>)
      .leftJoinAndMapOne('e.filing', ReturnEntity, 'r', 'r.enterpriseId = e.id AND r.periodCode = :obligationPeriod')
      .leftJoinAndMapOne(
        'e.exemption',
        ObligationExemptionEntity,
        'x',
        'x.enterpriseId = e.id AND x.periodCode = :obligationPeriod',
      )
      .setParameter('obligationPeriod', code);
  }

  /**
   * What the obligation list shows per firm: an active firm owes the return unless exempt; it is late when it
   * submitted after the due date, or still has nothing submitted once the due date has passed.
   */
  obligationView(row: ObligationRow, period: PeriodEntity, now = new Date()) {
    const owes = row.status === 'ACTIVE' && !row.exemption;
    const overdue = now >= endOfShanghaiDay(period.dueDate);
    const submitted = !!row.filing && row.filing.status !== 'DRAFT';
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
      returnId: row.filing?.id ?? null,
      returnStatus: row.filing?.status ?? 'NONE',
      submittedAt: row.filing?.lastSubmittedAt ?? null,
      late: row.filing?.late || (owes && !submitted && overdue),
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
        .where('x.enterpriseId = :enterpriseId AND x.periodCode = :code AND x.until > :now', {
          enterpriseId,
          code,
          now,
        })
        .getExists();
      if (!extended) throw new AppError('PERIOD_LOCKED', { period: code, lockDate: period.lockDate });
    }
    return period;
  }
}
