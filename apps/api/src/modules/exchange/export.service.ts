import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { writeBundle, type ExchangeData } from '@portal/exchange';
import type { ContractRegistrationStatus } from '@portal/shared';
import type { AuthUser } from '../../core/auth/auth-user';
import { applyListFilters, type ListParams } from '../../core/http/list-query';
import { AuditService } from '../audit/audit.service';
import { EnterpriseProfileEntity } from '../enterprises/enterprise-profile.entity';
import { ReturnRevisionEntity } from '../returns/return.entity';
import { TechnologyContractEntity } from '../technology-contracts/technology-contract.entity';
import { whereInTerritory } from '../../core/auth/scope';
import { RETURN_LIST } from '../returns/returns.list';
import { ReturnsService } from '../returns/returns.service';

/** A technology contract's version as `contractVersions` reads it (numeric as text; a draft's fields may be null). */
export interface ContractVersionRow {
  enterprise_id: string;
  uscc: string;
  contract_no: string;
  direction: 'EXPORT' | 'IMPORT';
  signed_date: string | null;
  mode_code: string | null;
  foreign_party: string | null;
  partner_code: string | null;
  tech_fee: string | null;
  equipment_fee: string | null;
  contract_amount: string | null;
  currency: 'USD' | 'CNY' | null;
  registration_no: string | null;
}

/** Exports any selection of returns in the exchange format, so that importing the export reproduces them. */
@Injectable()
export class ExportService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly returns: ReturnsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The returns the caller may read that match `filter` (parsed against the /api/returns filters) and, when given,
   * lie in one of `periods` (technology contracts: signed in one of them).
   */
  async bundle(
    user: AuthUser,
    filter: ListParams['filter'],
    basis: 'current' | 'approved',
    periods?: readonly string[],
  ): Promise<Buffer> {
    const qb = this.returns.scoped(user);
    applyListFilters(qb, { filter, sort: RETURN_LIST.defaultSort, range: [0, 0] }, RETURN_LIST);
    if (periods) qb.andWhere('r.periodCode IN (:...periods)', { periods });
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
    data.technologyContracts = await this.technologyContracts(user, filter, basis, profiles, periods);
    data.enterprises = [...profiles.values()];
    const { zip } = await writeBundle(data);
    await this.audit.append({
      action: 'exchange.export',
      actorId: user.id,
      actorUsername: user.username,
      entityType: 'bundle',
      details: {
        filter,
        basis,
        periods: periods ?? null,
        returns: rows.length,
        technologyContracts: data.technologyContracts.length,
      },
    });
    return zip;
  }

  /**
   * The technology contracts the caller may read, narrowed by the selection's firm, review unit and period (the
   * signing quarter) where it names them, and by status when `statuses` is given; `approved` reads the registered
   * version of every contract the tables count, `current` the newest version of every contract (a draft's fields
   * may still be empty). Rows in USCC and contract-number order.
   */
  async contractVersions(
    user: AuthUser,
    filter: ListParams['filter'],
    basis: 'current' | 'approved',
    statuses?: readonly ContractRegistrationStatus[],
    periods?: readonly string[],
  ): Promise<ContractVersionRow[]> {
    const qb = this.ds
      .getRepository(TechnologyContractEntity)
      .createQueryBuilder('c')
      .innerJoin('enterprise', 'e', 'e.id = c.enterprise_id')
      .innerJoin(
        'technology_contract_version',
        'v',
        basis === 'approved'
          ? 'v.contract_id = c.id AND v.version = c.registered_version'
          : 'v.contract_id = c.id AND v.version = c.current_version',
      );
    whereInTerritory(qb, user, {
      enterpriseId: 'c.enterprise_id',
      reviewUnitCode: 'c.review_unit_code',
      provinceCode: 'c.province_code',
    });
    if (basis === 'approved') qb.andWhere(`c.status <> 'CANCELLED' AND v.kind <> 'CANCELLATION'`);
    if (statuses) qb.andWhere('c.status IN (:...statuses)', { statuses });
    const f = filter ?? {};
    if (typeof f.periodCode === 'string') qb.andWhere('v.period_code = :period', { period: f.periodCode });
    if (periods) qb.andWhere('v.period_code IN (:...periods)', { periods });
    if (typeof f.enterpriseId === 'string') qb.andWhere('c.enterprise_id = :firm', { firm: f.enterpriseId });
    if (typeof f.reviewUnitCode === 'string') qb.andWhere('c.review_unit_code = :unit', { unit: f.reviewUnitCode });
    return qb
      .select([
        'c.enterprise_id AS enterprise_id',
        'e.uscc AS uscc',
        'c.contract_no AS contract_no',
        'c.direction AS direction',
        `to_char(v.signed_date, 'YYYY-MM-DD') AS signed_date`,
        'v.mode_code AS mode_code',
        'v.foreign_party AS foreign_party',
        'v.partner_code AS partner_code',
        'v.tech_fee AS tech_fee',
        'v.equipment_fee AS equipment_fee',
        'v.contract_amount AS contract_amount',
        'v.currency AS currency',
        'c.registration_no AS registration_no',
      ])
      .orderBy('e.uscc', 'ASC')
      .addOrderBy('c.contract_no', 'ASC')
      .getRawMany();
  }

  /**
   * technology_contracts.csv of the export (`contractVersions`). Firms without a return in the selection get an
   * enterprises.csv row from their latest profile, so the bundle imports into an empty portal.
   */
  private async technologyContracts(
    user: AuthUser,
    filter: ListParams['filter'],
    basis: 'current' | 'approved',
    profiles: Map<string, ExchangeData['enterprises'][number]>,
    periods?: readonly string[],
  ): Promise<NonNullable<ExchangeData['technologyContracts']>> {
    const rows = await this.contractVersions(user, filter, basis, undefined, periods);
    const missing = [...new Map(rows.filter((r) => !profiles.has(r.uscc)).map((r) => [r.enterprise_id, r.uscc]))];
    for (const [enterpriseId, uscc] of missing) {
      const p = await this.ds
        .getRepository(EnterpriseProfileEntity)
        .findOne({ where: { enterpriseId }, order: { validFrom: 'DESC' } });
      if (p)
        profiles.set(uscc, {
          uscc,
          nameZh: p.nameZh,
          regionCode: p.regionCode,
          zoneCode: p.zoneCode,
          natureCode: p.natureCode,
          industryCode: p.industryCode,
          keyEnterprise: p.keyEnterprise,
        });
    }
    return rows.map((r) => ({
      uscc: r.uscc,
      contractNo: r.contract_no,
      direction: r.direction,
      signedDate: r.signed_date!,
      modeCode: r.mode_code!,
      foreignParty: r.foreign_party!,
      partnerCode: r.partner_code!,
      techFee: Number(r.tech_fee),
      equipmentFee: Number(r.equipment_fee),
      contractAmount: Number(r.contract_amount),
      currency: r.currency!,
      registrationNo: r.registration_no,
    }));
  }
}
