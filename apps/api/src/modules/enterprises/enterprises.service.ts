import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository, type SelectQueryBuilder } from 'typeorm';
import {
  INDUSTRY_CLASSIFICATIONS,
  industrySectionOf,
  periodBounds,
  periodOfDate,
  usccProblem,
  type EnterpriseProfileView,
  type ProfileChangeView,
  type UsccProblem,
  type UserAccount,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { whereInTerritory } from '../../core/auth/scope';
import { AppError, notFound } from '../../core/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { CodesService } from '../codes/codes.service';
import { refreshTechnologyFacts } from '../official-tables/facts';
import { shanghaiDate } from '../periods/calendar';
import { PeriodEntity } from '../periods/period.entity';
import { UserEntity } from '../users/user.entity';
import { userAccount, UsersService } from '../users/users.service';
import { EnterpriseProfileChangeEntity } from './enterprise-profile-change.entity';
import { EnterpriseProfileEntity } from './enterprise-profile.entity';
import { EnterpriseEntity } from './enterprise.entity';
import type { ColleagueDto, ProfileChangeDto, RegisterEnterpriseDto } from './enterprises.dto';

export const ENTERPRISE_TERRITORY = {
  enterpriseId: 'e.id',
  reviewUnitCode: 'e.reviewUnitCode',
  provinceCode: 'e.provinceCode',
};

const USCC_PROBLEMS: Record<UsccProblem, string> = {
  length: '长度不是 18 位 / not 18 characters long',
  charset: '含有不允许的字符（I、O、S、V、Z 或小写字母等） / contains characters outside the GB 32100 alphabet',
  division: '第 3–8 位不是行政区划代码 / characters 3–8 are not a division code',
  check: '校验码错误 / wrong check character',
};

/** A profile change row with its firm joined, as lists show it. */
export type ProfileChangeRow = EnterpriseProfileChangeEntity & { enterprise?: EnterpriseEntity };

export function changeView(row: ProfileChangeRow): ProfileChangeView {
  const { enterprise, requestedBy: _by, decidedBy: _decidedBy, fromProvinceCode: _fp, toProvinceCode: _tp, ...c } = row;
  return {
    ...c,
    enterpriseName: enterprise?.nameZh ?? '',
    uscc: enterprise?.uscc ?? '',
    requestedAt: c.requestedAt.toISOString(),
    decidedAt: c.decidedAt ? c.decidedAt.toISOString() : null,
  };
}

export type ProfileFields = Pick<
  EnterpriseProfileEntity,
  | 'nameZh'
  | 'regionCode'
  | 'zoneCode'
  | 'natureCode'
  | 'industryCode'
  | 'industryCode2002'
  | 'keyEnterprise'
  | 'advancedTech'
>;

@Injectable()
export class EnterprisesService {
  constructor(
    @InjectRepository(EnterpriseEntity)
    private readonly enterprises: Repository<EnterpriseEntity>,
    @InjectRepository(EnterpriseProfileEntity)
    private readonly profiles: Repository<EnterpriseProfileEntity>,
    @InjectRepository(UserEntity)
    private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly codes: CodesService,
    private readonly usersService: UsersService,
    private readonly audit: AuditService,
  ) {}

  /** Firms the caller may see; the territory condition is part of the query. */
  scoped(user: AuthUser) {
    return whereInTerritory(this.enterprises.createQueryBuilder('e'), user, ENTERPRISE_TERRITORY);
  }

  async getScoped(user: AuthUser, id: string): Promise<EnterpriseEntity> {
    const found = await this.scoped(user).andWhere('e.id = :id', { id }).getOne();
    if (!found) throw notFound('企业', 'Enterprise');
    return found;
  }

  /** Registers a firm (PENDING until its reviewer confirms it), with its first profile version. */
  async register(dto: RegisterEnterpriseDto, actor: AuthUser): Promise<EnterpriseEntity> {
    const uscc = dto.uscc.trim().toUpperCase();
    const problem = usccProblem(uscc);
    if (problem) throw new AppError('USCC_INVALID', { value: uscc, problem: USCC_PROBLEMS[problem] }, { problem });
    const validFrom = dto.validFrom ?? shanghaiDate();
    const fields: ProfileFields = {
      nameZh: dto.nameZh.trim(),
      regionCode: dto.regionCode,
      zoneCode: dto.zoneCode ?? null,
      natureCode: dto.natureCode,
      industryCode: dto.industryCode,
      industryCode2002: dto.industryCode2002 ?? null,
      keyEnterprise: dto.keyEnterprise ?? false,
      advancedTech: dto.advancedTech ?? false,
    };
    const placement = await this.placement(fields, validFrom);
    // A municipal bureau registers firms of its own territory only.
    if (
      (actor.scopeKind === 'REGION' && placement.reviewUnitCode !== actor.scopeCode) ||
      (actor.scopeKind === 'PROVINCE' && placement.provinceCode !== actor.scopeCode) ||
      actor.scopeKind === 'ENTERPRISE'
    ) {
      throw new AppError('FORBIDDEN');
    }
    if (await this.enterprises.existsBy({ uscc })) {
      throw new AppError('DUPLICATE', { entity: '企业', entityEn: 'Enterprise', key: uscc });
    }
    return this.ds.transaction(async (m) => {
      const e = await m.save(
        m.create(EnterpriseEntity, {
          uscc,
          nameZh: fields.nameZh,
          regionCode: fields.regionCode,
          zoneCode: fields.zoneCode,
          ...placement,
          status: 'PENDING',
        }),
      );
      await m.insert(EnterpriseProfileEntity, { enterpriseId: e.id, validFrom, ...fields, createdBy: actor.id });
      await this.audit.append(
        {
          action: 'enterprises.register',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'enterprise',
          entityId: e.id,
          details: { uscc, validFrom, ...fields },
        },
        m,
      );
      return e;
    });
  }

  /** The reviewer of the firm's territory (or the province) confirms or rejects a pending registration. */
  async decide(id: string, actor: AuthUser, decision: { confirm: true } | { confirm: false; reason: string }) {
    const e = await this.getScoped(actor, id);
    if (e.status !== 'PENDING') {
      throw new AppError('ENTERPRISE_STATE', {
        status: e.status,
        actionZh: decision.confirm ? '确认' : '驳回',
        actionEn: decision.confirm ? 'confirmed' : 'rejected',
      });
    }
    return this.ds.transaction(async (m) => {
      await m.update(
        EnterpriseEntity,
        { id },
        decision.confirm
          ? { status: 'ACTIVE', confirmedAt: new Date(), confirmedBy: actor.id, rejectionReason: null }
          : { status: 'REJECTED', rejectionReason: decision.reason },
      );
      await this.audit.append(
        {
          action: decision.confirm ? 'enterprises.confirm' : 'enterprises.reject',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'enterprise',
          entityId: id,
          details: decision.confirm ? {} : { reason: decision.reason },
        },
        m,
      );
      return m.findOneByOrFail(EnterpriseEntity, { id });
    });
  }

  /**
   * A profile change from `validFrom` on: a new version based on the one valid that day (a second change on
   * the same day corrects that version). The firm row then mirrors the version valid today. A firm's own change
   * is bounded in time (validFromBounds) and waits for a review unit when it moves the firm to another unit (the
   * receiving one confirms) or takes effect before today (the firm's unit confirms): then nothing changes until
   * confirmProfileChange, and the answer is the pending change.
   */
  async changeProfile(
    id: string,
    dto: ProfileChangeDto,
    actor: AuthUser,
  ): Promise<{ applied: EnterpriseProfileView } | { pending: ProfileChangeView }> {
    const firm = await this.getScoped(actor, id);
    const base = await this.profileValidOn(id, dto.validFrom);
    if (!base) throw notFound('企业档案', 'Enterprise profile');
    const fields: ProfileFields = {
      nameZh: dto.nameZh?.trim() ?? base.nameZh,
      regionCode: dto.regionCode ?? base.regionCode,
      zoneCode: dto.zoneCode !== undefined ? dto.zoneCode : base.zoneCode,
      natureCode: dto.natureCode ?? base.natureCode,
      industryCode: dto.industryCode ?? base.industryCode,
      industryCode2002: dto.industryCode2002 !== undefined ? dto.industryCode2002 : base.industryCode2002,
      keyEnterprise: dto.keyEnterprise ?? base.keyEnterprise,
      advancedTech: dto.advancedTech ?? base.advancedTech,
    };
    const placement = await this.placement(fields, dto.validFrom);
    if (actor.scopeKind === 'ENTERPRISE') {
      // While a change waits, the firm's next one would be written over by it when confirmed: one at a time.
      const waiting = await this.changes().findOneBy({ enterpriseId: id, status: 'PENDING' });
      if (waiting) {
        throw new AppError('PROFILE_CHANGE_PENDING', { validFrom: waiting.validFrom, unit: waiting.toReviewUnitCode });
      }
      const { from, to } = await this.validFromBounds();
      if (dto.validFrom < from || dto.validFrom > to) {
        throw new AppError('PROFILE_VALID_FROM_RANGE', { validFrom: dto.validFrom, from, to }, [
          { field: 'validFrom', problems: [`${from} … ${to}`] },
        ]);
      }
      const moves = placement.reviewUnitCode !== firm.reviewUnitCode;
      const backdated = dto.validFrom < shanghaiDate();
      if (moves || backdated) {
        return { pending: await this.requestChange(firm, dto.validFrom, fields, placement, moves, backdated, actor) };
      }
    }
    const saved = await this.ds.transaction((m) =>
      this.writeVersion(m, id, dto.validFrom, fields, actor, {
        action: 'enterprises.profile',
        details: { before: base, after: { validFrom: dto.validFrom, ...fields } },
      }),
    );
    return { applied: (await this.withSections([saved]))[0] };
  }

  /**
   * The dates a firm may date its own change: from the first day of the earliest reporting period still open for
   * filing (a change reaches the returns of that period, not those already closed), at most a year ahead.
   */
  async validFromBounds(): Promise<{ from: string; to: string }> {
    const today = shanghaiDate();
    const open = await this.ds
      .getRepository(PeriodEntity)
      .createQueryBuilder('p')
      .where('p.openDate <= :today AND p.lockDate >= :today', { today })
      .orderBy('p.code', 'ASC')
      .getOne();
    const to = new Date(`${today}T00:00:00Z`);
    to.setUTCFullYear(to.getUTCFullYear() + 1);
    // No period open (between a lock and the next opening): the current quarter's first day.
    return { from: periodBounds(open?.code ?? periodOfDate(today)).start, to: to.toISOString().slice(0, 10) };
  }

  /** Records the firm's change as waiting for its review unit (the receiving one for a move); audited. */
  private async requestChange(
    firm: EnterpriseEntity,
    validFrom: string,
    fields: ProfileFields,
    to: { reviewUnitCode: string; provinceCode: string },
    moves: boolean,
    backdated: boolean,
    actor: AuthUser,
  ): Promise<ProfileChangeView> {
    const save = () =>
      this.ds.transaction(async (m) => {
        const change = await m.save(
          m.create(EnterpriseProfileChangeEntity, {
            enterpriseId: firm.id,
            validFrom,
            ...fields,
            fromReviewUnitCode: firm.reviewUnitCode,
            fromProvinceCode: firm.provinceCode,
            toReviewUnitCode: to.reviewUnitCode,
            toProvinceCode: to.provinceCode,
            moves,
            backdated,
            requestedBy: actor.id,
            requestedByUsername: actor.username,
          }),
        );
        await this.audit.append(
          {
            action: 'enterprises.profile-request',
            actorId: actor.id,
            actorUsername: actor.username,
            entityType: 'enterprise',
            entityId: firm.id,
            details: { changeId: change.id, validFrom, ...fields, moves, backdated, toReviewUnit: to.reviewUnitCode },
          },
          m,
        );
        return change.id;
      });
    let id: string;
    try {
      id = await save();
    } catch (e) {
      // A second request of the same firm at the same moment: the partial unique index keeps one.
      if ((e as { code?: string }).code !== '23505') throw e;
      const waiting = await this.changes().findOneByOrFail({ enterpriseId: firm.id, status: 'PENDING' });
      throw new AppError('PROFILE_CHANGE_PENDING', { validFrom: waiting.validFrom, unit: waiting.toReviewUnitCode });
    }
    return this.changeView(actor, id);
  }

  /**
   * Profile changes the caller may see (list contract): a firm its own; a review unit those that would move a
   * firm to it or away from it (and backdated changes of its firms); a province those into or out of it.
   */
  scopedChanges(user: AuthUser): SelectQueryBuilder<ProfileChangeRow> {
    const qb = this.changes()
      .createQueryBuilder('c')
      .leftJoinAndMapOne(
        'c.enterprise',
        EnterpriseEntity,
        'e',
        'e.id = c.enterpriseId',
      ) as SelectQueryBuilder<ProfileChangeRow>;
    switch (user.scopeKind) {
      case 'SYSTEM':
        return qb;
      case 'ENTERPRISE':
        return qb.andWhere('c.enterpriseId = :scopeEnterprise', { scopeEnterprise: user.scopeCode });
      case 'REGION':
        return qb.andWhere('(c.toReviewUnitCode = :scopeRegion OR c.fromReviewUnitCode = :scopeRegion)', {
          scopeRegion: user.scopeCode,
        });
      case 'PROVINCE':
        return qb.andWhere('(c.toProvinceCode = :scopeProvince OR c.fromProvinceCode = :scopeProvince)', {
          scopeProvince: user.scopeCode,
        });
      default:
        return qb.andWhere('1 = 0');
    }
  }

  async changeView(user: AuthUser, id: string): Promise<ProfileChangeView> {
    const row = await this.scopedChanges(user).andWhere('c.id = :id', { id }).getOne();
    if (!row) throw notFound('档案变更', 'Profile change');
    return changeView(row);
  }

  /**
   * The receiving review unit (or its province, or the operator) confirms a pending change: the version is
   * written and the firm moves to its new unit (when the version is valid today), in one transaction; or rejects
   * it with a reason. Others who see the change (the unit the firm would leave) may not decide it.
   */
  async decideProfileChange(
    id: string,
    actor: AuthUser,
    decision: { confirm: true } | { confirm: false; reason: string },
  ): Promise<ProfileChangeView> {
    await this.changeView(actor, id);
    const action = decision.confirm ? { zh: '确认', en: 'confirmed' } : { zh: '驳回', en: 'rejected' };
    await this.ds.transaction(async (m) => {
      const c = await m.findOne(EnterpriseProfileChangeEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!c) throw notFound('档案变更', 'Profile change');
      const decides =
        actor.scopeKind === 'SYSTEM' ||
        (actor.scopeKind === 'REGION' && actor.scopeCode === c.toReviewUnitCode) ||
        (actor.scopeKind === 'PROVINCE' && actor.scopeCode === c.toProvinceCode);
      if (!decides) throw new AppError('FORBIDDEN');
      if (c.status !== 'PENDING') {
        const done = c.status === 'CONFIRMED' ? { zh: '确认', en: 'confirmed' } : { zh: '驳回', en: 'rejected' };
        throw new AppError('PROFILE_CHANGE_STATE', {
          statusZh: done.zh,
          statusEn: done.en,
          actionZh: action.zh,
          actionEn: action.en,
        });
      }
      const decided = { decidedBy: actor.id, decidedAt: new Date() };
      if (!decision.confirm) {
        await m.update(
          EnterpriseProfileChangeEntity,
          { id },
          { ...decided, status: 'REJECTED', rejectionReason: decision.reason },
        );
        await this.audit.append(
          {
            action: 'enterprises.profile-reject',
            actorId: actor.id,
            actorUsername: actor.username,
            entityType: 'enterprise',
            entityId: c.enterpriseId,
            details: { changeId: id, reason: decision.reason },
          },
          m,
        );
        return;
      }
      const fields: ProfileFields = {
        nameZh: c.nameZh,
        regionCode: c.regionCode,
        zoneCode: c.zoneCode,
        natureCode: c.natureCode,
        industryCode: c.industryCode,
        industryCode2002: c.industryCode2002,
        keyEnterprise: c.keyEnterprise,
        advancedTech: c.advancedTech,
      };
      // The code lists may have changed since the request: the firm must still land where it was confirmed for.
      const placement = await this.placement(fields, c.validFrom, m);
      if (placement.reviewUnitCode !== c.toReviewUnitCode) throw new AppError('CONFLICT');
      await m.update(EnterpriseProfileChangeEntity, { id }, { ...decided, status: 'CONFIRMED' });
      await this.writeVersion(
        m,
        c.enterpriseId,
        c.validFrom,
        fields,
        { id: c.requestedBy, username: c.requestedByUsername } as AuthUser,
        {
          action: 'enterprises.profile-confirm',
          actor,
          details: { changeId: id, requestedBy: c.requestedByUsername, validFrom: c.validFrom, ...fields },
        },
      );
    });
    return this.changeView(actor, id);
  }

  private changes() {
    return this.ds.getRepository(EnterpriseProfileChangeEntity);
  }

  /** Writes a version (created by `author`), mirrors today's version onto the firm row and audits it, in `m`. */
  private async writeVersion(
    m: EntityManager,
    id: string,
    validFrom: string,
    fields: ProfileFields,
    author: AuthUser,
    audit: { action: string; actor?: AuthUser; details: Record<string, unknown> },
  ): Promise<EnterpriseProfileEntity> {
    await m.upsert(EnterpriseProfileEntity, { enterpriseId: id, validFrom, ...fields, createdBy: author.id }, [
      'enterpriseId',
      'validFrom',
    ]);
    await this.mirrorToday(m, id);
    // A registered technology contract is counted under the profile valid at the end of its signing quarter
    // (region, nature, industry): the firm's counted contracts are placed again, in the same transaction.
    const counted: { contract_id: string }[] = await m.query(
      'SELECT contract_id FROM fact_technology WHERE enterprise_id = $1',
      [id],
    );
    await refreshTechnologyFacts(
      m,
      counted.map((c) => c.contract_id),
    );
    const actor = audit.actor ?? author;
    await this.audit.append(
      {
        action: audit.action,
        actorId: actor.id,
        actorUsername: actor.username,
        entityType: 'enterprise',
        entityId: id,
        details: audit.details,
      },
      m,
    );
    return m.findOneByOrFail(EnterpriseProfileEntity, { enterpriseId: id, validFrom });
  }

  async profileVersions(user: AuthUser, id: string): Promise<EnterpriseProfileView[]> {
    await this.getScoped(user, id);
    return this.withSections(await this.profiles.find({ where: { enterpriseId: id }, order: { validFrom: 'ASC' } }));
  }

  /** Profile versions with the section (门类) of their industry codes, by the lists valid on each version's date. */
  private async withSections(versions: EnterpriseProfileEntity[]): Promise<EnterpriseProfileView[]> {
    const lists = new Map<string, Awaited<ReturnType<CodesService['validOn']>>>();
    const items = async (list: 'industries' | 'industries-2002', date: string) => {
      const key = `${list}|${date}`;
      if (!lists.has(key)) lists.set(key, await this.codes.validOn(list, date));
      return lists.get(key)!;
    };
    return Promise.all(
      versions.map(async (v) => ({
        ...v,
        createdAt: v.createdAt.toISOString(),
        industrySection: industrySectionOf(await items('industries', v.validFrom), v.industryCode),
        industrySection2002: industrySectionOf(await items('industries-2002', v.validFrom), v.industryCode2002),
      })),
    );
  }

  /**
   * The profile version valid on a date (for tables and returns of that period). Before the first version the
   * first one applies: a firm registered today still files, and is tabulated, for the quarters before.
   */
  async profileValidOn(
    enterpriseId: string,
    date: string,
    manager: EntityManager = this.ds.manager,
  ): Promise<EnterpriseProfileEntity | null> {
    const qb = manager
      .getRepository(EnterpriseProfileEntity)
      .createQueryBuilder('p')
      .where('p.enterpriseId = :enterpriseId', {
        enterpriseId,
      });
    const valid = await qb.clone().andWhere('p.validFrom <= :date', { date }).orderBy('p.validFrom', 'DESC').getOne();
    return valid ?? qb.orderBy('p.validFrom', 'ASC').getOne();
  }

  /** A signatory opens an account for a colleague of the same firm. */
  async addColleague(id: string, dto: ColleagueDto, actor: AuthUser): Promise<UserAccount> {
    await this.getScoped(actor, id);
    const user = await this.usersService.create({ ...dto, scopeKind: 'ENTERPRISE', scopeCode: id });
    await this.audit.append({
      action: 'enterprises.add-user',
      actorId: actor.id,
      actorUsername: actor.username,
      entityType: 'user',
      entityId: user.id,
      details: { enterpriseId: id, username: user.username, roles: user.roles },
    });
    return userAccount(await this.users.findOneByOrFail({ id: user.id }));
  }

  async colleagues(user: AuthUser, id: string): Promise<UserAccount[]> {
    await this.getScoped(user, id);
    const found = await this.users.find({
      where: { scopeKind: 'ENTERPRISE', scopeCode: id },
      order: { username: 'ASC' },
    });
    return found.map(userAccount);
  }

  async setMakerChecker(id: string, makerChecker: boolean, actor: AuthUser): Promise<EnterpriseEntity> {
    await this.getScoped(actor, id);
    return this.ds.transaction(async (m) => {
      await m.update(EnterpriseEntity, { id }, { makerChecker });
      await this.audit.append(
        {
          action: 'enterprises.settings',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'enterprise',
          entityId: id,
          details: { makerChecker },
        },
        m,
      );
      return m.findOneByOrFail(EnterpriseEntity, { id });
    });
  }

  /** Checks the profile's codes against the lists valid on `date` and derives the firm's review unit. */
  private async placement(
    f: ProfileFields,
    date: string,
    m: EntityManager = this.ds.manager,
  ): Promise<{ reviewUnitCode: string; provinceCode: string }> {
    const tree = await this.codes.regionTree(date, m);
    const region = tree.get(f.regionCode);
    if (!region) throw new AppError('CODE_UNKNOWN', { list: 'regions', code: f.regionCode });
    if (!['district', 'city'].includes(String(region.attrs.kind))) {
      throw new AppError('REGION_KIND_MISMATCH', {
        code: f.regionCode,
        expectedZh: '区县或设区市',
        expectedEn: 'district or city',
      });
    }
    if (f.zoneCode) {
      const zone = tree.get(f.zoneCode);
      if (!zone) throw new AppError('CODE_UNKNOWN', { list: 'regions', code: f.zoneCode });
      if (zone.attrs.kind !== 'zone') {
        throw new AppError('REGION_KIND_MISMATCH', {
          code: f.zoneCode,
          expectedZh: '开发区或园区',
          expectedEn: 'zone',
        });
      }
    }
    // An industry is a section or one of its divisions, in each classification the firm is known in.
    for (const [list, code] of [
      ['enterprise-natures', f.natureCode],
      [INDUSTRY_CLASSIFICATIONS['GB/T 4754-2017'].list, f.industryCode],
      [INDUSTRY_CLASSIFICATIONS['GB/T 4754-2002'].list, f.industryCode2002],
    ] as const) {
      if (code !== null && !(await this.codes.validOn(list, date, m)).some((c) => c.code === code)) {
        throw new AppError('CODE_UNKNOWN', { list, code });
      }
    }
    const reviewUnitCode = tree.reviewUnitOf(f.regionCode, f.zoneCode);
    const provinceCode = reviewUnitCode ? tree.provinceOf(reviewUnitCode) : null;
    if (!reviewUnitCode || !provinceCode) throw new AppError('CODE_UNKNOWN', { list: 'regions', code: f.regionCode });
    return { reviewUnitCode, provinceCode };
  }

  private async mirrorToday(m: EntityManager, id: string): Promise<void> {
    const today = shanghaiDate();
    const current = await this.profileValidOn(id, today, m);
    if (!current) return;
    const tree = await this.codes.regionTree(today, m);
    const reviewUnitCode = tree.reviewUnitOf(current.regionCode, current.zoneCode);
    await m.update(
      EnterpriseEntity,
      { id },
      {
        nameZh: current.nameZh,
        regionCode: current.regionCode,
        zoneCode: current.zoneCode,
        ...(reviewUnitCode ? { reviewUnitCode, provinceCode: tree.provinceOf(reviewUnitCode) ?? undefined } : {}),
      },
    );
  }
}
