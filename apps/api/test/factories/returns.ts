import type { ContractLine, ExecutionLine, ReturnContent, ServicesTradeLine, WorkforceSection } from '@portal/shared';

/** Builders of valid return content; a test overrides only what it is about. */
export function aTradeLine(o: Partial<ServicesTradeLine> = {}): ServicesTradeLine {
  return { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 125000.5, currency: 'USD', ...o };
}

/** The client is in the US, a partner the demo firms' approved history knows (a new large partner needs explaining). */
export function aContract(o: Partial<ContractLine> = {}): ContractLine {
  return {
    contractNo: 'C-001',
    signedDate: '2026-08-03',
    clientName: 'Contoso Ltd.',
    clientPartnerCode: 'US',
    clientIndustryCode: 'I',
    businessCode: 'ITO-RD-01',
    offshore: true,
    amount: 500000,
    currency: 'USD',
    ...o,
  };
}

export function anExecution(o: Partial<ExecutionLine> = {}): ExecutionLine {
  return { contractNo: 'C-001', amount: 120000, currency: 'USD', ...o };
}

export function aWorkforce(o: Partial<WorkforceSection> = {}): WorkforceSection {
  return {
    juniorCollege: 10,
    bachelor: 40,
    master: 8,
    doctor: 1,
    other: 2,
    newHires: 6,
    newHiresGraduates: 4,
    ...o,
  };
}

/** A full 2026Q3 return: two services-trade lines, one offshore contract with an execution, workforce. */
export function aReturnContent(profile: ReturnContent['profile'], o: Partial<ReturnContent> = {}): ReturnContent {
  return {
    profile: profile && { ...profile, confirmed: true },
    zeroReturn: false,
    servicesTrade: [aTradeLine(), aTradeLine({ categoryCode: 'SJ', partnerCode: 'HK', amount: 8800, currency: 'CNY' })],
    contracts: [aContract()],
    executions: [anExecution()],
    workforce: aWorkforce(),
    ...o,
  };
}
