import {
  periodOfDate,
  type ContractLine,
  type ExecutionLine,
  type ServicesTradeLine,
  type WorkforceSection,
} from '@portal/shared';
import type { ParsedBundle } from './format';

/** The parts of one firm's return for one period that a bundle provides (profile and zero-return flag excepted). */
export interface ReturnPieces {
  uscc: string;
  period: string;
  servicesTrade: ServicesTradeLine[];
  /** Contracts signed in this period: a contract is counted in the quarter of its signed_date. */
  contracts: ContractLine[];
  executions: ExecutionLine[];
  workforce: WorkforceSection | null;
}

/**
 * Splits a parsed bundle into per-(uscc, period) return pieces, ordered by uscc then period. The lines are plain
 * ReturnContent objects (no uscc, period or line number), ready to be written into drafts.
 */
export function groupReturns(bundle: ParsedBundle): ReturnPieces[] {
  const groups = new Map<string, ReturnPieces>();
  const group = (uscc: string, period: string): ReturnPieces => {
    const key = `${uscc} ${period}`;
    let g = groups.get(key);
    if (!g) {
      g = { uscc, period, servicesTrade: [], contracts: [], executions: [], workforce: null };
      groups.set(key, g);
    }
    return g;
  };
  for (const { uscc, period, categoryCode, partnerCode, direction, amount, currency } of bundle.servicesTrade) {
    group(uscc, period).servicesTrade.push({ categoryCode, partnerCode, direction, amount, currency });
  }
  for (const c of bundle.contracts) {
    group(c.uscc, periodOfDate(c.signedDate)).contracts.push({
      contractNo: c.contractNo,
      signedDate: c.signedDate,
      clientName: c.clientName,
      clientPartnerCode: c.clientPartnerCode,
      clientIndustryCode: c.clientIndustryCode,
      businessCode: c.businessCode,
      offshore: c.offshore,
      amount: c.amount,
      currency: c.currency,
    });
  }
  for (const { uscc, period, contractNo, amount, currency } of bundle.executions) {
    group(uscc, period).executions.push({ contractNo, amount, currency });
  }
  for (const w of bundle.workforce) {
    group(w.uscc, w.period).workforce = {
      juniorCollege: w.juniorCollege,
      bachelor: w.bachelor,
      master: w.master,
      doctor: w.doctor,
      other: w.other,
      newHires: w.newHires,
      newHiresGraduates: w.newHiresGraduates,
    };
  }
  // Keys are "uscc period" with fixed-width parts, so string order is uscc order, then period order.
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}
