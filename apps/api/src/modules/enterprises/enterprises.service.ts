import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import {
  INDUSTRY_CLASSIFICATIONS,
  industrySectionOf,
  usccProblem,
  type EnterpriseProfileView,
  type UsccProblem,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { whereInTerritory } from '../../core/auth/scope';
import { AppError, notFound } from '../../core/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { CodesService } from '../codes/codes.service';
import { shanghaiDate } from '../periods/calendar';
import { UserEntity } from '../users/user.entity';
import { UsersService } from '../users/users.service';
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
   * the same day corrects that version). The firm row then mirrors the version valid today.
   */
  async changeProfile(id: string, dto: ProfileChangeDto, actor: AuthUser) {
    await this.getScoped(actor, id);
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
    await this.placement(fields, dto.validFrom);
    const saved = await this.ds.transaction(async (m) => {
      await m.upsert(
        EnterpriseProfileEntity,
        { enterpriseId: id, validFrom: dto.validFrom, ...fields, createdBy: actor.id },
        ['enterpriseId', 'validFrom'],
      );
      await this.mirrorToday(m, id);
      await this.audit.append(
        {
          action: 'enterprises.profile',
          actorId: actor.id,
          actorUsername: actor.username,
          entityType: 'enterprise',
          entityId: id,
          details: { before: base, after: { validFrom: dto.validFrom, ...fields } },
        },
        m,
      );
      return m.findOneByOrFail(EnterpriseProfileEntity, { enterpriseId: id, validFrom: dto.validFrom });
    });
    return (await this.withSections([saved]))[0];
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
  async addColleague(id: string, dto: ColleagueDto, actor: AuthUser) {
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
    return this.users.findOneByOrFail({ id: user.id });
  }

  async colleagues(user: AuthUser, id: string): Promise<UserEntity[]> {
    await this.getScoped(user, id);
    return this.users.find({ where: { scopeKind: 'ENTERPRISE', scopeCode: id }, order: { username: 'ASC' } });
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
  private async placement(f: ProfileFields, date: string): Promise<{ reviewUnitCode: string; provinceCode: string }> {
    const tree = await this.codes.regionTree(date);
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
      if (code !== null && !(await this.codes.validOn(list, date)).some((c) => c.code === code)) {
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
