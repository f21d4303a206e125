import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { writeBundle, type ExchangeData } from '@portal/exchange';
import type { AuthUser } from '../../core/auth/auth-user';
import { AppError } from '../../core/errors/app-error';
import { AuditService } from '../audit/audit.service';
import { ReturnRevisionEntity } from '../returns/return.entity';
import { ReturnsService } from '../returns/returns.service';

const FILTERS = ['id', 'periodCode', 'status', 'enterpriseId', 'reviewUnitCode'] as const;

/** Exports any selection of returns in the exchange format, so that importing the export reproduces them. */
@Injectable()
export class ExportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly returns: ReturnsService,
    private readonly audit: AuditService,
  ) {}

  async bundle(user: AuthUser, filterJson: string | undefined, basis: 'current' | 'approved'): Promise<Buffer> {
    const filter = parseFilter(filterJson);
    const qb = this.returns.scoped(user);
    for (const key of FILTERS) {
      const value = filter[key];
      if (value === undefined) continue;
      const values = (Array.isArray(value) ? value : [value]).map(String);
      qb.andWhere(`r.${key} IN (:...${key})`, { [key]: values });
    }
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

function parseFilter(text: string | undefined): Record<string, unknown> {
  if (!text) return {};
  let f: unknown;
  try {
    f = JSON.parse(text);
  } catch (e) {
    throw new AppError('BAD_LIST_PARAMETER', { name: 'filter', detail: (e as Error).message });
  }
  if (typeof f !== 'object' || f === null || Array.isArray(f)) {
    throw new AppError('BAD_LIST_PARAMETER', { name: 'filter', detail: 'expected a JSON object' });
  }
  for (const key of Object.keys(f)) {
    if (!(FILTERS as readonly string[]).includes(key))
      throw new AppError('UNKNOWN_QUERY_PARAMETER', { name: `filter.${key}` });
  }
  return f as Record<string, unknown>;
}
