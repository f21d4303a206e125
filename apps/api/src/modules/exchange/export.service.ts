import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { writeBundle, type ExchangeData } from '@portal/exchange';
import type { AuthUser } from '../../core/auth/auth-user';
import { applyListFilters, type ListParams } from '../../core/http/list-query';
import { AuditService } from '../audit/audit.service';
import { ReturnRevisionEntity } from '../returns/return.entity';
import { RETURN_LIST } from '../returns/returns.list';
import { ReturnsService } from '../returns/returns.service';

/** Exports any selection of returns in the exchange format, so that importing the export reproduces them. */
@Injectable()
export class ExportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly returns: ReturnsService,
    private readonly audit: AuditService,
  ) {}

  /** The returns the caller may read that match `filter` (parsed against the /api/returns filters). */
  async bundle(user: AuthUser, filter: ListParams['filter'], basis: 'current' | 'approved'): Promise<Buffer> {
    const qb = this.returns.scoped(user);
    applyListFilters(qb, { filter, sort: RETURN_LIST.defaultSort, range: [0, 0] }, RETURN_LIST);
    if (basis === 'approved') qb.andWhere('r.approvedRevision IS NOT NULL');
    const rows = await qb.orderBy('e.uscc', 'ASC').addOrderBy('r.periodCode', 'ASC').getMany();
    const revisions = rows.length
      ? await this.ds.getRepository(ReturnRevisionEntity).find({ where: { returnId: In(rows.map((r) => r.id)) } })
      : [];
    const byKey = new Map(revisions.map((v) => [`${v.returnId}:${v.revision}`, v]));
    const data: ExchangeData = { enterprises: [], servicesTrade: [], contracts: [], executions: [], workforce: [] };
    const profiles = new Map<string, ExchangeData['enterprises'][number]>();
    for (const r of rows) {
      const rev = byKey.get(`${r.id}:${basis === 'approved' ? r.approvedRevision : r.currentRevision}`);
      if (!rev || !r.enterprise) continue;
      const uscc = r.enterprise.uscc;
      const period = r.periodCode;
      const c = rev.content;
      // One enterprises.csv row per firm: the profile of its latest period in the selection (rows are in period order).
      if (c.profile) {
        const { nameZh, regionCode, zoneCode, natureCode, industryCode, keyEnterprise } = c.profile;
        profiles.set(uscc, { uscc, nameZh, regionCode, zoneCode, natureCode, industryCode, keyEnterprise });
      }
      data.servicesTrade.push(...c.servicesTrade.map((l) => ({ ...l, uscc, period })));
      data.contracts.push(...c.contracts.map((l) => ({ ...l, uscc })));
      data.executions.push(...c.executions.map((l) => ({ ...l, uscc, period })));
      if (c.workforce) data.workforce.push({ ...c.workforce, uscc, period });
    }
    data.enterprises = [...profiles.values()];
    const { zip } = await writeBundle(data);
    await this.audit.append({
      action: 'exchange.export',
      actorId: user.id,
      actorUsername: user.username,
      entityType: 'bundle',
      details: { filter, basis, returns: rows.length },
    });
    return zip;
  }
}
