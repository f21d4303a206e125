import type { ReturnContent, TechnologyContract } from '@portal/shared';
import { codeLookup } from './context';
import type {
  ContractRecord,
  ExampleInput,
  RuleCodeList,
  RuleContext,
  RuleSubject,
  SubjectContexts,
  SubjectExamples,
  TechnologyContractContext,
  TechnologyContractExample,
  Totals,
} from './model';

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
    industries: [...'ABCDEFGHIJKLMNOPQRST'.split(''), '63', '64', '65', '73', '74'],
    regions: ['610102', '610103', '610104', '610111', '610112', '610113', '610116'],
    zones: ['6101Z1', '6101Z2', '6101Z3', '6101Z8'],
    'enterprise-natures': ['DOM-SOE', 'DOM-COL', 'DOM-PRI', 'DOM-OTH', 'HMT', 'FIE'],
    'technology-modes': ['TT1', 'TT2', 'TT3', 'TT4', 'TT5', 'TT6', 'TT7', 'TT8'],
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

/**
 * Technology contract examples are laid over this registration: a Xi'an software firm licenses its software to a
 * US firm in November 2021 (fee only), with 2021Q4 open, and has registered three contracts before.
 */
export const TECHNOLOGY_EXAMPLE_BASE = {
  contract: {
    contractNo: 'TE-2021-017',
    direction: 'EXPORT',
    signedDate: '2021-11-15',
    modeCode: 'TT4',
    foreignParty: 'Contoso Ltd.',
    partnerCode: 'US',
    techFee: 180000,
    equipmentFee: 0,
    contractAmount: 180000,
    currency: 'USD',
    category: 'FREE',
    licenceNo: null,
  } satisfies TechnologyContract as TechnologyContract,
  today: '2021-12-20',
  openPeriods: ['2021Q4'],
  cnyPerUsd: 6.4,
  otherContractNos: ['TE-2021-003', 'TE-2020-011', 'TI-2020-002'],
  registeredAmountsUsd: [120000, 250000, 90000],
};

/** The full context of a technology contract example: its patch laid over TECHNOLOGY_EXAMPLE_BASE. */
export function technologyExampleContext(example: TechnologyContractExample): TechnologyContractContext {
  const base = TECHNOLOGY_EXAMPLE_BASE;
  return {
    contract: { ...base.contract, ...example.contract },
    today: example.today ?? base.today,
    openPeriods: example.openPeriods ?? base.openPeriods,
    cnyPerUsd: example.cnyPerUsd ?? base.cnyPerUsd,
    codes: codeLookup(EXAMPLE_BASE.codes),
    otherContractNos: new Set(example.otherContractNos ?? base.otherContractNos),
    registeredAmountsUsd: example.registeredAmountsUsd ?? base.registeredAmountsUsd,
  };
}

/** What each subject's examples are laid over, and how an example becomes the context of its rule. */
export const EXAMPLE_SUBJECTS: {
  [S in RuleSubject]: { base: object; context(example: SubjectExamples[S]): SubjectContexts[S] };
} = {
  return: { base: EXAMPLE_BASE, context: exampleContext },
  'technology-contract': { base: TECHNOLOGY_EXAMPLE_BASE, context: technologyExampleContext },
};
