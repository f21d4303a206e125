import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import {
  ECONOMY_GROUP_KINDS,
  type EconomyGroupKind,
  type EconomyGroupMemberChange,
  type EconomyGroupMemberInput,
} from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { AppError, notFound } from '../../core/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { CodesService, dayBefore } from './codes.service';
import { ContinentMemberEntity, type EconomyGroupMemberColumns } from './economy-group-member.entity';
import { PartnerGroupMemberEntity } from './partner-group-member.entity';

type MemberEntity = PartnerGroupMemberEntity | ContinentMemberEntity;

interface KindSpec {
  entity: typeof PartnerGroupMemberEntity | typeof ContinentMemberEntity;
  /** An economy belongs to one group of the kind at a time (a continent), or to any number (partner groups). */
  exclusive: boolean;
  zh: string;
  en: string;
}

const KINDS: Record<EconomyGroupKind, KindSpec> = {
  'partner-groups': { entity: PartnerGroupMemberEntity, exclusive: false, zh: '国别组', en: 'partner group' },
  'continent-members': { entity: ContinentMemberEntity, exclusive: true, zh: '洲', en: 'continent' },
};

export function assertEconomyGroupKind(kind: string): EconomyGroupKind {
  if (!(ECONOMY_GROUP_KINDS as readonly string[]).includes(kind)) throw notFound(kind);
  return kind as EconomyGroupKind;
}

/** The rows of `member` (in `group`, unless the kind is exclusive) valid on some day of [from, to]. */
function overlapping(
  qb: SelectQueryBuilder<MemberEntity>,
  spec: KindSpec,
  row: { groupCode: string; member: string; validFrom: string; validTo: string | null },
): SelectQueryBuilder<MemberEntity> {
  qb.where('g.member = :member', { member: row.member })
    .andWhere('(g.validTo IS NULL OR g.validTo >= :from)', { from: row.validFrom })
    .orderBy('g.validFrom');
  if (row.validTo !== null) qb.andWhere('g.validFrom <= :to', { to: row.validTo });
  if (!spec.exclusive) qb.andWhere('g.groupCode = :group', { group: row.groupCode });
  return qb;
}

/**
 * Effective-dated membership of economies in groups, one service for both kinds (partner groups, continents):
 * a membership is added from a date, moved to another group from a date (the row keeps its id and takes the new
 * group; a closed copy keeps the old one for the days before, as code edits do), or ended from a date. Every change
 * is audited in its transaction; reads on a date see the membership valid that day.
 */
@Injectable()
export class EconomyGroupsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly codes: CodesService,
    private readonly audit: AuditService,
  ) {}

  /** The rows of a kind, for the list endpoint (filters and pages are added by the caller). */
  query(kind: EconomyGroupKind): SelectQueryBuilder<MemberEntity> {
    return this.ds.getRepository<MemberEntity>(KINDS[kind].entity).createQueryBuilder('g');
  }

  async getOne(kind: EconomyGroupKind, id: number, m: EntityManager = this.ds.manager): Promise<MemberEntity> {
    const row = await m.findOneBy<MemberEntity>(KINDS[kind].entity, { id });
    if (!row) throw notFound(`${KINDS[kind].zh}成员 ${id}`, `${KINDS[kind].en} member ${id}`);
    return row;
  }

  /** The memberships valid on a date (tables of a period use the ones valid at its end). */
  membershipOn(kind: EconomyGroupKind, date: string): Promise<MemberEntity[]> {
    return this.query(kind)
      .where('g.validFrom <= :date AND (g.validTo IS NULL OR g.validTo >= :date)', { date })
      .orderBy('g.groupCode')
      .addOrderBy('g.member')
      .getMany();
  }

  async add(kind: EconomyGroupKind, input: EconomyGroupMemberInput, user: AuthUser): Promise<MemberEntity> {
    const spec = KINDS[kind];
    const row = {
      groupCode: input.groupCode,
      member: input.member,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      note: input.note ?? null,
    };
    if (row.validTo !== null && row.validTo < row.validFrom) {
      throw new AppError('GROUP_MEMBERSHIP_DATES', { from: row.validFrom, to: row.validTo });
    }
    await this.checkCodes(kind, row.groupCode, row.member, row.validFrom);
    return this.ds.transaction(async (m) => {
      await this.lockMember(m, kind, row.member);
      await this.refuseOverlap(m, kind, row);
      const values =
        kind === 'partner-groups' ? { ...row, groupNameZh: await this.groupName(m, row.groupCode, input) } : row;
      const saved = await m.save(spec.entity, m.create(spec.entity, values));
      await this.audit.append(
        {
          action: `${kind}.add`,
          actorId: user.id,
          actorUsername: user.username,
          entityType: kind,
          entityId: `${row.groupCode}:${row.member}`,
          details: { ...values },
        },
        m,
      );
      return saved;
    });
  }

  /**
   * From `validFrom` on, the membership moves to another group (an economy changes continent) or takes a new note.
   * Only a membership that is still open (no end date) changes; the days before keep the old values.
   */
  async change(
    kind: EconomyGroupKind,
    id: number,
    change: EconomyGroupMemberChange,
    user: AuthUser,
  ): Promise<MemberEntity> {
    const spec = KINDS[kind];
    return this.ds.transaction(async (m) => {
      const current = await this.getOne(kind, id, m);
      await this.lockMember(m, kind, current.member);
      const fresh = await m.findOne<MemberEntity>(spec.entity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!fresh || fresh.validTo !== null) throw new AppError('CONFLICT');
      if (change.validFrom <= fresh.validFrom) {
        throw new AppError('GROUP_MEMBERSHIP_OVERLAP', {
          member: fresh.member,
          date: change.validFrom,
          group: fresh.groupCode,
          from: fresh.validFrom,
          kindZh: spec.zh,
          kindEn: spec.en,
        });
      }
      const next = {
        groupCode: change.groupCode ?? fresh.groupCode,
        note: change.note !== undefined ? change.note : fresh.note,
        validFrom: change.validFrom,
      };
      await this.checkCodes(kind, next.groupCode, fresh.member, next.validFrom);
      if (next.groupCode !== fresh.groupCode) {
        const others = await overlapping(m.createQueryBuilder<MemberEntity>(spec.entity, 'g'), spec, {
          ...next,
          member: fresh.member,
          validTo: null,
        })
          .andWhere('g.id <> :id', { id })
          .getOne();
        if (others) throw this.overlapError(kind, others, next.validFrom);
      }
      const { id: _id, ...old } = fresh;
      await m.update(spec.entity, { id }, next);
      // Inserted after the current row moved its validFrom, so (member, valid_from) stays unique.
      await m.insert(spec.entity, { ...old, validTo: dayBefore(change.validFrom) });
      await this.audit.append(
        {
          action: `${kind}.change`,
          actorId: user.id,
          actorUsername: user.username,
          entityType: kind,
          entityId: `${fresh.groupCode}:${fresh.member}`,
          details: { before: old, after: next },
        },
        m,
      );
      return this.getOne(kind, id, m);
    });
  }

  /** Ends an open membership from a date on (valid_to is the day before); earlier periods keep it. */
  async end(kind: EconomyGroupKind, id: number, from: string, user: AuthUser): Promise<MemberEntity> {
    const spec = KINDS[kind];
    return this.ds.transaction(async (m) => {
      const current = await m.findOne<MemberEntity>(spec.entity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) throw notFound(`${spec.zh}成员 ${id}`, `${spec.en} member ${id}`);
      if (current.validTo !== null) throw new AppError('CONFLICT');
      const to = dayBefore(from);
      if (to < current.validFrom) throw new AppError('GROUP_MEMBERSHIP_DATES', { from: current.validFrom, to });
      await m.update(spec.entity, { id }, { validTo: to });
      await this.audit.append(
        {
          action: `${kind}.end`,
          actorId: user.id,
          actorUsername: user.username,
          entityType: kind,
          entityId: `${current.groupCode}:${current.member}`,
          details: { from },
        },
        m,
      );
      return this.getOne(kind, id, m);
    });
  }

  /** The member must be an economy, and a continent a code of the `continents` list, valid on the day. */
  private async checkCodes(kind: EconomyGroupKind, group: string, member: string, date: string): Promise<void> {
    if (!(await this.codes.validOn('partner-economies', date)).some((c) => c.code === member)) {
      throw new AppError('CODE_UNKNOWN', { list: 'partner-economies', code: member });
    }
    if (kind === 'continent-members' && !(await this.codes.validOn('continents', date)).some((c) => c.code === group)) {
      throw new AppError('CODE_UNKNOWN', { list: 'continents', code: group });
    }
  }

  /** Serialises changes of one economy's memberships of a kind, so two concurrent adds cannot both pass. */
  private async lockMember(m: EntityManager, kind: EconomyGroupKind, member: string): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`economy-group:${kind}:${member}`]);
  }

  private async refuseOverlap(
    m: EntityManager,
    kind: EconomyGroupKind,
    row: { groupCode: string; member: string; validFrom: string; validTo: string | null },
  ): Promise<void> {
    const spec = KINDS[kind];
    const clash = await overlapping(m.createQueryBuilder<MemberEntity>(spec.entity, 'g'), spec, row).getOne();
    if (clash) throw this.overlapError(kind, clash, row.validFrom > clash.validFrom ? row.validFrom : clash.validFrom);
  }

  private overlapError(kind: EconomyGroupKind, clash: EconomyGroupMemberColumns, date: string): AppError {
    const spec = KINDS[kind];
    return new AppError('GROUP_MEMBERSHIP_OVERLAP', {
      member: clash.member,
      date,
      group: clash.groupCode,
      from: clash.validFrom,
      kindZh: spec.zh,
      kindEn: spec.en,
    });
  }

  /** A partner group's name: the one its rows carry, or the one given for a new group. */
  private async groupName(m: EntityManager, group: string, input: EconomyGroupMemberInput): Promise<string> {
    const existing = await m.findOne(PartnerGroupMemberEntity, { where: { groupCode: group }, order: { id: 'ASC' } });
    const name = existing?.groupNameZh ?? input.groupNameZh?.trim();
    if (!name) throw new AppError('GROUP_NAME_REQUIRED', { group });
    return name;
  }
}
