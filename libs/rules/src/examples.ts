import type { ReturnContent } from '@portal/shared';
import { codeLookup } from './context';
import type { ContractRecord, ExampleInput, RuleCodeList, RuleContext, Totals } from './model';

/** Examples are laid over this return: a Xi'an software firm's 2021Q4 return that passes every rule. */
export const EXAMPLE_BASE = {
  periodCode: '2021Q4',
  cnyPerUsd: 6.4,
  keyEnterprise: false,
  content: {
    profile: {
      confirmed: true,
      nameZh: '西安示例软件有限公司',
      regionCode: '610113',
      zoneCode: '6101Z1',
      natureCode: 'DOM-PRI',
      industryCode: 'I',
      keyEnterprise: false,
      advancedTech: true,
    },
    zeroReturn: false,
    servicesTrade: [{ categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 120000, currency: 'USD' }],
    contracts: [
      {
        contractNo: 'C-2021-001',
        signedDate: '2021-11-15',
        clientName: 'Contoso Ltd.',
        clientPartnerCode: 'US',
        clientIndustryCode: 'I',
        businessCode: 'ITO-RD-01',
        offshore: true,
        amount: 200000,
        currency: 'USD',
      },
    ],
    executions: [{ contractNo: 'C-2021-001', amount: 80000, currency: 'USD' }],
    workforce: {
      juniorCollege: 10,
      bachelor: 30,
      master: 5,
      doctor: 1,
      other: 4,
      newHires: 6,
      newHiresGraduates: 3,
    },
  } satisfies ReturnContent as ReturnContent,
  /** A subset of the real lists, enough for the examples. */
  codes: {
    'service-categories': ['SA', 'SB', 'SC', 'SD', 'SE', 'SF', 'SG', 'SH', 'SI', 'SJ', 'SK'],
    'partner-economies': ['CN', 'HK', 'MO', 'TW', 'US', 'JP', 'KR', 'SG', 'DE', 'GB', 'FR', 'IN'],
    'outsourcing-level3': ['ITO-RD-01', 'ITO-RD-02', 'ITO-OM-01', 'ITO-NG-02', 'BPO-OP-01', 'BPO-IM-01', 'KPO-DS-01'],
    industries: 'ABCDEFGHIJKLMNOPQRST'.split(''),
    regions: ['610102', '610103', '610104', '610111', '610112', '610113', '610116'],
    zones: ['6101Z1', '6101Z2', '6101Z3', '6101Z8'],
    'enterprise-natures': ['DOM-SOE', 'DOM-COL', 'DOM-PRI', 'DOM-OTH', 'HMT', 'FIE'],
  } satisfies Record<RuleCodeList, string[]>,
};

const ZERO_TOTALS: Totals = {
  servicesExportsUsd: 0,
  servicesImportsUsd: 0,
  contractsSignedUsd: 0,
  executedUsd: 0,
  offshoreExecutedUsd: 0,
  headcount: 0,
};

/** The full context of an example: its patch laid over EXAMPLE_BASE. */
export function exampleContext(example: ExampleInput): RuleContext {
  const base = EXAMPLE_BASE.content;
  const patch = example.content ?? {};
  const lines = <T>(patchLines: Partial<T>[] | undefined, baseLines: T[]): T[] =>
    patchLines ? patchLines.map((line) => ({ ...baseLines[0], ...line })) : baseLines.map((line) => ({ ...line }));
  const content: ReturnContent = {
    profile: patch.profile === null ? null : { ...base.profile!, ...patch.profile },
    zeroReturn: patch.zeroReturn ?? base.zeroReturn,
    servicesTrade: lines(patch.servicesTrade, base.servicesTrade),
    contracts: lines(patch.contracts, base.contracts),
    executions: lines(patch.executions, base.executions),
    workforce: patch.workforce === null ? null : { ...base.workforce!, ...patch.workforce },
  };
  const register = new Map<string, ContractRecord>();
  for (const { contractNo, ...record } of example.register ?? []) register.set(contractNo, record);
  const h = example.history ?? {};
  return {
    content,
    periodCode: example.periodCode ?? EXAMPLE_BASE.periodCode,
    cnyPerUsd: example.cnyPerUsd ?? EXAMPLE_BASE.cnyPerUsd,
    keyEnterprise: example.keyEnterprise ?? EXAMPLE_BASE.keyEnterprise,
    codes: codeLookup(EXAMPLE_BASE.codes),
    contracts: register,
    history: {
      previousQuarter: h.previousQuarter && { ...ZERO_TOTALS, ...h.previousQuarter },
      sameQuarterLastYear: h.sameQuarterLastYear && { ...ZERO_TOTALS, ...h.sameQuarterLastYear },
      partnersSeenBefore: new Set(h.partnersSeenBefore ?? []),
    },
  };
}
