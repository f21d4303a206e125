import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import type { CodeListName } from '@portal/shared';
import { CodeCache } from '../../core/database/code-cache';
import { AppError, notFound } from '../../core/errors/app-error';
import type { AuthUser } from '../../core/auth/auth-user';
import { AuditService } from '../audit/audit.service';
import { CodeItemEntity } from './code-item.entity';
import { RegionTree } from './region-tree';

export const today = () => new Date().toISOString().slice(0, 10);

export function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export interface CodeChange {
  nameZh?: string;
  nameEn?: string | null;
  parentCode?: string | null;
  level?: number | null;
  sortOrder?: number;
  attrs?: Record<string, string | number | boolean | null>;
  /** The day the change takes effect. */
  validFrom: string;
}

/** Every code list's versions valid on one date, each in sort order. */
export type CodeListsOn = ReadonlyMap<CodeListName, readonly CodeItemEntity[]>;

@Injectable()
export class CodesService {
  /** The lists valid on a date, by date, with the code_item marker they were read at. */
  private readonly lists = new CodeCache<CodeListsOn>();

  constructor(
    @InjectRepository(CodeItemEntity)
    private readonly items: Repository<CodeItemEntity>,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * The version of every code of a list valid on a date (default: today). Read through `m`: a caller inside a
   * transaction passes its manager, so it never waits for a second pool connection while holding one (a pool
   * full of such callers would wait forever, issue 13).
   */
  async validOn(
    list: CodeListName,
    date = today(),
    m: EntityManager = this.ds.manager,
  ): Promise<readonly CodeItemEntity[]> {
    return (await this.listsOn(date, m)).get(list) ?? [];
  }

  async regionTree(date = today(), m: EntityManager = this.ds.manager): Promise<RegionTree> {
    return new RegionTree(await this.validOn('regions', date, m));
  }

  /**
   * Every list valid on a date, from the cache while no code version was added since it was read (the marker,
   * one indexed max() through `m`), else read in one statement through `m`.
   */
  async listsOn(date: string, m: EntityManager = this.ds.manager): Promise<CodeListsOn> {
    const [{ marker }]: { marker: string }[] = await m.query(`SELECT ${CodeCache.MARKER_SQL} AS marker`);
    return this.lists.get(date, marker, async () => {
      const items = await m
        .getRepository(CodeItemEntity)
        .createQueryBuilder('c')
        .where('c.validFrom <= :date AND (c.validTo IS NULL OR c.validTo >= :date)', { date })
        .orderBy('c.list')
        .addOrderBy('c.sortOrder')
        .addOrderBy('c.code')
        .getMany();
      const byList = new Map<CodeListName, CodeItemEntity[]>();
      for (const item of items) {
        const list = byList.get(item.list);
        if (list) list.push(item);
        else byList.set(item.list, [item]);
      }
      return byList;
    });
  }

  async getOne(list: CodeListName, id: number): Promise<CodeItemEntity> {
    const item = await this.items.findOneBy({ list, id });
    if (!item) throw notFound(`代码 ${id}`, `code ${id}`);
    return item;
  }

  async create(list: CodeListName, input: CodeChange & { code: string }, user: AuthUser): Promise<CodeItemEntity> {
    const clash = await this.items
      .createQueryBuilder('c')
      .where('c.list = :list AND c.code = :code', { list, code: input.code })
      .andWhere('(c.validTo IS NULL OR c.validTo >= :from)', {
        from: input.validFrom,
      })
      .getExists();
    if (clash)
      throw new AppError('CODE_VERSION_OVERLAP', {
        code: input.code,
        date: input.validFrom,
      });
    return this.ds.transaction(async (m) => {
      const saved = await m.save(
        m.create(CodeItemEntity, {
          list,
          code: input.code,
          parentCode: input.parentCode ?? null,
          level: input.level ?? null,
          nameZh: input.nameZh ?? input.code,
          nameEn: input.nameEn ?? null,
          sortOrder: input.sortOrder ?? 0,
          attrs: input.attrs ?? {},
          validFrom: input.validFrom,
          validTo: null,
          createdBy: user.id,
        }),
      );
      await this.audit.append(
        {
          action: 'codes.create',
          actorId: user.id,
          actorUsername: user.username,
          entityType: list,
          entityId: input.code,
          details: { ...input },
        },
        m,
      );
      return saved;
    });
  }

  /**
   * A versioned edit: the current row (and id) takes the new values from `validFrom` on, and a closed copy
   * keeps the old values for the days before, so tables of earlier periods still see what was valid then.
   */
  async change(list: CodeListName, id: number, change: CodeChange, user: AuthUser): Promise<CodeItemEntity> {
    return this.ds.transaction(async (m) => {
      const current = await m.findOne(CodeItemEntity, {
        where: { list, id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) throw notFound(`代码 ${id}`, `code ${id}`);
      if (current.validTo !== null) throw new AppError('CONFLICT');
      if (change.validFrom <= current.validFrom) {
        throw new AppError('CODE_VERSION_OVERLAP', {
          code: current.code,
          date: current.validFrom,
        });
      }
      const { id: _id, createdAt: _c, ...old } = current;
      const next = {
        nameZh: change.nameZh ?? current.nameZh,
        nameEn: change.nameEn !== undefined ? change.nameEn : current.nameEn,
        parentCode: change.parentCode !== undefined ? change.parentCode : current.parentCode,
        level: change.level !== undefined ? change.level : current.level,
        sortOrder: change.sortOrder ?? current.sortOrder,
        attrs: change.attrs ?? current.attrs,
        validFrom: change.validFrom,
        createdBy: user.id,
      };
      await m.update(CodeItemEntity, { id }, next);
      // Inserted after the current row moved its validFrom, so (list, code, valid_from) stays unique.
      await m.insert(CodeItemEntity, { ...old, validTo: dayBefore(change.validFrom) });
      await this.audit.append(
        {
          action: 'codes.change',
          actorId: user.id,
          actorUsername: user.username,
          entityType: list,
          entityId: current.code,
          details: { before: old, after: next },
        },
        m,
      );
      return m.findOneByOrFail(CodeItemEntity, { id });
    });
  }

  /** Retires a code from a date on (valid_to), keeping it for earlier periods. */
  async retire(list: CodeListName, id: number, from: string, user: AuthUser): Promise<CodeItemEntity> {
    const current = await this.getOne(list, id);
    if (current.validTo !== null) throw new AppError('CONFLICT');
    await this.items.update({ id }, { validTo: dayBefore(from) });
    await this.audit.append({
      action: 'codes.retire',
      actorId: user.id,
      actorUsername: user.username,
      entityType: list,
      entityId: current.code,
      details: { from },
    });
    return this.getOne(list, id);
  }
}
