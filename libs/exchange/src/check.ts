import { addsUpToTheCent, MAINLAND, periodOfDate } from '@portal/shared';
import { formatAmount } from './cells';
import type { ErrorCollector } from './errors';
import type { BundleFileName, ParsedBundle } from './format';
import type { RowReader } from './row-reader';

type Awaitable<T> = T | Promise<T>;

/** What the reader needs to know about data already in the portal. Both are asked once, in bulk, after parsing. */
export interface PortalLookup {
  /** Of these USCCs (used in the bundle but not in its enterprises.csv), the ones registered in the portal. */
  knownEnterprises(usccs: readonly string[]): Awaitable<ReadonlySet<string>>;
  /**
   * Contracts already in the portal for these firms (executions in the bundle refer to contract numbers not in its
   * outsourcing_contracts.csv): USCC → contract_no → signed_date (YYYY-MM-DD).
   */
  knownContracts(usccs: readonly string[]): Awaitable<ReadonlyMap<string, ReadonlyMap<string, string>>>;
}

// Keys of the rows that may appear once per file (the enterprise key, uscc alone, is checked on its own).
const TRADE_KEY = ['uscc', 'period', 'category_code', 'partner_code', 'direction'];
const EXECUTION_KEY = ['uscc', 'contract_no', 'period'];
const WORKFORCE_KEY = ['uscc', 'period'];

interface UsccUse {
  line: number;
  count: number;
}

interface ContractRef {
  line: number;
  /** Quarter of signing; null when the row's signed_date is itself wrong (already reported). */
  period: string | null;
}

/**
 * Turns checked rows into typed rows and runs the checks that span rows and files. Keys are registered as soon as
 * their own cells are sound, even when another cell of the row fails, so one mistake is reported once and does not
 * cascade into "unknown enterprise" or "unknown contract" errors elsewhere.
 */
export class BundleChecker {
  readonly bundle: ParsedBundle = {
    enterprises: [],
    servicesTrade: [],
    contracts: [],
    executions: [],
    workforce: [],
    technologyContracts: [],
  };
  private readonly enterpriseLines = new Map<string, number>();
  private readonly usccUses = new Map<BundleFileName, Map<string, UsccUse>>();
  private readonly contractRefs = new Map<string, Map<string, ContractRef>>();
  /** Technology contracts by firm and number: their own register, apart from outsourcing contracts. */
  private readonly technologyLines = new Map<string, Map<string, number>>();
  private readonly rowKeys = new Map<BundleFileName, Map<string, number>>();

  constructor(private readonly errors: ErrorCollector) {}

  row(r: RowReader): void {
    switch (r.file) {
      case 'enterprises.csv':
        return this.enterprise(r);
      case 'services_trade.csv':
        return this.servicesTrade(r);
      case 'outsourcing_contracts.csv':
        return this.contract(r);
      case 'outsourcing_executions.csv':
        return this.execution(r);
      case 'workforce.csv':
        return this.workforce(r);
      case 'technology_contracts.csv':
        return this.technologyContract(r);
    }
  }

  private enterprise(r: RowReader): void {
    const uscc = r.uscc('uscc');
    const nameZh = r.text('name_zh');
    const regionCode = r.code('region_code', 'regions');
    const zoneCode = r.optionalCode('zone_code', 'zones');
    const natureCode = r.code('nature_code', 'enterprise-natures');
    const industryCode = r.code('industry_code', 'industries');
    const keyEnterprise = r.flag('key_enterprise', false);
    if (r.ok('uscc')) {
      const first = this.enterpriseLines.get(uscc);
      if (first === undefined) this.enterpriseLines.set(uscc, r.line);
      else r.fail('uscc', 'DUPLICATE_ROW', { first, key: `uscc=${uscc}` });
    }
    if (!r.valid) return;
    const { line } = r;
    this.bundle.enterprises.push({ line, uscc, nameZh, regionCode, zoneCode, natureCode, industryCode, keyEnterprise });
  }

  private servicesTrade(r: RowReader): void {
    const uscc = this.firm(r);
    const period = r.period('period');
    const when = r.ok('period') ? period : undefined;
    const categoryCode = r.code('category_code', 'service-categories', when);
    const partnerCode =
      r.raw('partner_code') === MAINLAND ? this.mainland(r) : r.code('partner_code', 'partner-economies', when);
    const direction = r.direction('direction');
    const amount = r.amount('amount');
    const currency = r.currency('currency');
    if (r.ok('uscc', 'period', 'category_code', 'partner_code', 'direction')) {
      this.unique(r, TRADE_KEY, `${uscc}\t${period}\t${categoryCode}\t${partnerCode}\t${direction}`);
    }
    if (!r.valid) return;
    const { line } = r;
    this.bundle.servicesTrade.push({ line, uscc, period, categoryCode, partnerCode, direction, amount, currency });
  }

  private mainland(r: RowReader): string {
    r.fail('partner_code', 'PARTNER_MAINLAND');
    return MAINLAND;
  }

  private contract(r: RowReader): void {
    const uscc = this.firm(r);
    const contractNo = r.text('contract_no');
    const signedDate = r.date('signed_date');
    const when = r.ok('signed_date') ? periodOfDate(signedDate) : undefined;
    const clientName = r.text('client_name');
    const clientPartnerCode = r.code('client_partner_code', 'partner-economies', when);
    const clientIndustryCode = r.optionalCode('client_industry_code', 'industries', when);
    const businessCode = r.code('business_code', 'outsourcing-level3', when);
    const offshore = r.flag('offshore');
    const amount = r.amount('contract_amount');
    const currency = r.currency('currency');
    const outside = clientPartnerCode !== MAINLAND;
    if (r.ok('client_partner_code', 'offshore') && offshore !== outside) {
      r.fail('offshore', 'OFFSHORE_MISMATCH', { partner: clientPartnerCode, expected: outside ? 'Y' : 'N' });
    }
    if (r.ok('uscc', 'contract_no')) {
      let firm = this.contractRefs.get(uscc);
      if (!firm) this.contractRefs.set(uscc, (firm = new Map()));
      const first = firm.get(contractNo);
      if (first) r.fail('contract_no', 'DUPLICATE_CONTRACT', { first: first.line, uscc });
      else firm.set(contractNo, { line: r.line, period: when ?? null });
    }
    if (!r.valid) return;
    this.bundle.contracts.push({
      line: r.line,
      uscc,
      contractNo,
      signedDate,
      clientName,
      clientPartnerCode,
      clientIndustryCode,
      businessCode,
      offshore,
      amount,
      currency,
    });
  }

  private execution(r: RowReader): void {
    const uscc = this.firm(r);
    const contractNo = r.text('contract_no');
    const period = r.period('period');
    const amount = r.amount('executed_amount');
    const currency = r.currency('currency');
    if (r.ok('uscc', 'contract_no', 'period')) this.unique(r, EXECUTION_KEY, `${uscc}\t${contractNo}\t${period}`);
    if (!r.valid) return;
    this.bundle.executions.push({ line: r.line, uscc, period, contractNo, amount, currency });
  }

  private workforce(r: RowReader): void {
    const uscc = this.firm(r);
    const period = r.period('period');
    const juniorCollege = r.count('junior_college');
    const bachelor = r.count('bachelor');
    const master = r.count('master');
    const doctor = r.count('doctor');
    const other = r.count('other');
    const newHires = r.optionalCount('new_hires');
    const newHiresGraduates = r.optionalCount('new_hires_graduates');
    if (
      newHires !== null &&
      newHiresGraduates !== null &&
      r.ok('new_hires', 'new_hires_graduates') &&
      newHiresGraduates > newHires
    ) {
      r.fail('new_hires_graduates', 'GRADUATES_EXCEED_NEW_HIRES', { expected: newHires });
    }
    if (r.ok('uscc', 'period')) this.unique(r, WORKFORCE_KEY, `${uscc}\t${period}`);
    if (!r.valid) return;
    const { line } = r;
    this.bundle.workforce.push({
      line,
      uscc,
      period,
      juniorCollege,
      bachelor,
      master,
      doctor,
      other,
      newHires,
      newHiresGraduates,
    });
  }

  private technologyContract(r: RowReader): void {
    const uscc = this.firm(r);
    const contractNo = r.text('contract_no');
    const direction = r.direction('direction');
    const signedDate = r.date('signed_date');
    const when = r.ok('signed_date') ? periodOfDate(signedDate) : undefined;
    const modeCode = r.code('mode_code', 'technology-modes', when);
    const foreignParty = r.text('foreign_party');
    const partnerCode =
      r.raw('partner_code') === MAINLAND
        ? this.technologyMainland(r)
        : r.code('partner_code', 'partner-economies', when);
    const techFee = r.amount('tech_fee');
    const equipmentFee = r.optionalAmount('equipment_fee', 0);
    const contractAmount = r.amount('contract_amount');
    const currency = r.currency('currency');
    const registrationNo = r.optionalText('registration_no');
    if (
      r.ok('tech_fee', 'equipment_fee', 'contract_amount') &&
      !addsUpToTheCent(techFee, equipmentFee, contractAmount)
    ) {
      r.fail('contract_amount', 'CONTRACT_AMOUNT_SUM', {
        techFee: formatAmount(techFee),
        equipmentFee: formatAmount(equipmentFee),
        expected: formatAmount(Math.round((techFee + equipmentFee) * 100) / 100),
      });
    }
    if (r.ok('uscc', 'contract_no')) {
      let firm = this.technologyLines.get(uscc);
      if (!firm) this.technologyLines.set(uscc, (firm = new Map()));
      const first = firm.get(contractNo);
      if (first !== undefined) r.fail('contract_no', 'DUPLICATE_CONTRACT', { first, uscc });
      else firm.set(contractNo, r.line);
    }
    if (!r.valid) return;
    this.bundle.technologyContracts.push({
      line: r.line,
      uscc,
      contractNo,
      direction,
      signedDate,
      modeCode,
      foreignParty,
      partnerCode,
      techFee,
      equipmentFee,
      contractAmount,
      currency,
      registrationNo,
    });
  }

  private technologyMainland(r: RowReader): string {
    r.fail('partner_code', 'TECHNOLOGY_PARTNER_MAINLAND');
    return MAINLAND;
  }

  /** Reads the uscc of a row outside enterprises.csv and remembers where each firm is first used. */
  private firm(r: RowReader): string {
    const uscc = r.uscc('uscc');
    if (!r.ok('uscc')) return uscc;
    let uses = this.usccUses.get(r.file);
    if (!uses) this.usccUses.set(r.file, (uses = new Map()));
    const use = uses.get(uscc);
    if (use) use.count++;
    else uses.set(uscc, { line: r.line, count: 1 });
    return uscc;
  }

  /** Reports a row whose key (the values of `columns`, tab-separated) an earlier row of the file already has. */
  private unique(r: RowReader, columns: readonly string[], key: string): void {
    let keys = this.rowKeys.get(r.file);
    if (!keys) this.rowKeys.set(r.file, (keys = new Map()));
    const first = keys.get(key);
    if (first === undefined) return void keys.set(key, r.line);
    const values = key.split('\t');
    const described = columns.map((c, i) => `${c}=${values[i]}`).join(', ');
    r.failRow('DUPLICATE_ROW', described, { first, key: described });
  }

  /** Checks against the whole bundle and the portal, once every file has been read. */
  async finish(portal: PortalLookup): Promise<void> {
    await this.checkFirms(portal);
    await this.checkExecutions(portal);
  }

  private async checkFirms(portal: PortalLookup): Promise<void> {
    const outside = new Set<string>();
    for (const uses of this.usccUses.values()) {
      for (const uscc of uses.keys()) if (!this.enterpriseLines.has(uscc)) outside.add(uscc);
    }
    if (outside.size === 0) return;
    const known = await portal.knownEnterprises([...outside]);
    for (const [file, uses] of this.usccUses) {
      for (const [uscc, use] of uses) {
        if (outside.has(uscc) && !known.has(uscc)) {
          this.errors.add(
            'UNKNOWN_ENTERPRISE',
            { file, line: use.line, column: 'uscc', value: uscc },
            { count: use.count },
          );
        }
      }
    }
  }

  private async checkExecutions(portal: PortalLookup): Promise<void> {
    const file = 'outsourcing_executions.csv';
    const outside = new Set<string>();
    for (const e of this.bundle.executions) {
      if (!this.contractRefs.get(e.uscc)?.has(e.contractNo)) outside.add(e.uscc);
    }
    const known = outside.size > 0 ? await portal.knownContracts([...outside]) : new Map<string, never>();
    for (const e of this.bundle.executions) {
      let signed = this.contractRefs.get(e.uscc)?.get(e.contractNo)?.period;
      if (signed === undefined) {
        const date = known.get(e.uscc)?.get(e.contractNo);
        if (date === undefined) {
          const where = { file, line: e.line, column: 'contract_no', value: e.contractNo };
          this.errors.add('UNKNOWN_CONTRACT', where, { uscc: e.uscc });
          continue;
        }
        signed = periodOfDate(date);
      }
      if (signed !== null && e.period < signed) {
        this.errors.add(
          'EXECUTION_BEFORE_SIGNING',
          { file, line: e.line, column: 'period', value: e.period },
          { expected: signed },
        );
      }
    }
  }
}
