import type { ReturnContent, RuleSubject, TechnologyContract } from '@portal/shared';

export type { RuleSubject } from '@portal/shared';

export type Severity = 'BLOCKING' | 'EXPLAIN' | 'INFO';
export const SEVERITIES: readonly Severity[] = ['BLOCKING', 'EXPLAIN', 'INFO'];

/**
 * Where a rule looks. For a return: a section, or `return` for rules that compare sections or periods; for a
 * technology contract registration: the document, `technologyContract`.
 */
export type RuleSection =
  'profile' | 'servicesTrade' | 'contracts' | 'executions' | 'workforce' | 'return' | 'technologyContract';

/** The code lists a rule may consult; the lookup passed in is already the one valid for the period. */
export type RuleCodeList =
  | 'service-categories'
  | 'partner-economies'
  | 'outsourcing-level3'
  | 'industries'
  | 'regions'
  | 'zones'
  | 'enterprise-natures'
  | 'technology-modes';

export interface CodeLookup {
  has(list: RuleCodeList, code: string): boolean;
}

/** A contract of the firm's register (signed in this or an earlier period). */
export interface ContractRecord {
  signedDate: string;
  /** The quarter the contract was counted in (the quarter it was signed). */
  periodCode: string;
  amountUsd: number;
  /** Offshore (client outside the mainland); needed to total offshore execution of earlier contracts. */
  offshore: boolean;
  /** Approved execution in periods before the one being checked. */
  cumulativeExecutedUsdBefore: number;
}

/** Flows of one return in USD, and the end-of-period headcount (a stock). */
export interface Totals {
  servicesExportsUsd: number;
  servicesImportsUsd: number;
  contractsSignedUsd: number;
  executedUsd: number;
  offshoreExecutedUsd: number;
  headcount: number;
}

/** From the firm's APPROVED returns of earlier periods. */
export interface History {
  previousQuarter?: Totals;
  sameQuarterLastYear?: Totals;
  /** Partner economies of earlier approved returns (services trade partners and contract clients). */
  partnersSeenBefore: Set<string>;
}

export interface RuleContext {
  content: ReturnContent;
  periodCode: string;
  /** The period's conversion rate, CNY per USD. */
  cnyPerUsd: number;
  keyEnterprise: boolean;
  codes: CodeLookup;
  /** Keyed by contract number. Contracts of the return itself are taken from its content when both exist. */
  contracts: Map<string, ContractRecord>;
  history: History;
}

/**
 * The context of a technology contract registration (DOMAIN.md §8): the document and what the portal knows around
 * it. The application builds it; the rules never read a clock or a database.
 */
export interface TechnologyContractContext {
  contract: TechnologyContract;
  /** Today in Beijing time (YYYY-MM-DD): a contract is never signed in the future. */
  today: string;
  /** Reporting periods open for registration now (YYYYQn): the signing date must fall in one of them. */
  openPeriods: readonly string[];
  /** CNY per USD of the signing quarter, to compare a CNY contract with the firm's history in USD. */
  cnyPerUsd: number;
  /** Code versions valid on the signing date: `technology-modes` and `partner-economies` are consulted. */
  codes: CodeLookup;
  /**
   * Contract numbers of the firm's other registrations (applied for, registered, returned; not cancelled). The
   * registration being checked, and earlier versions of it, are left out: a change keeps its number.
   */
  otherContractNos: ReadonlySet<string>;
  /** 合同金额 in USD of the firm's registered contracts (current versions, this one left out). */
  registeredAmountsUsd: readonly number[];
}

/** The context each subject's rules are run with. */
export interface SubjectContexts {
  return: RuleContext;
  'technology-contract': TechnologyContractContext;
}

export type FindingParams = Record<string, string | number>;

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** JSON paths into the content: `servicesTrade[1].amount`, `workforce.bachelor`, or a section (`executions`). */
  cells: string[];
  message_zh: string;
  message_en: string;
  params: FindingParams;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface MessageTemplate {
  zh: string;
  en: string;
}

/** Serialisable input of an example; see examples.ts for the base return it is laid over. */
export interface ExampleInput {
  /** What the example shows, in a few words. */
  note: string;
  periodCode?: string;
  cnyPerUsd?: number;
  keyEnterprise?: boolean;
  content?: ContentPatch;
  /** The firm's contract register (earlier contracts); empty unless given. */
  register?: Array<ContractRecord & { contractNo: string }>;
  history?: {
    previousQuarter?: Partial<Totals>;
    sameQuarterLastYear?: Partial<Totals>;
    partnersSeenBefore?: string[];
  };
}

/** Serialisable input of a technology contract example, laid over TECHNOLOGY_EXAMPLE_BASE (examples.ts). */
export interface TechnologyContractExample {
  note: string;
  contract?: Partial<TechnologyContract>;
  today?: string;
  openPeriods?: string[];
  cnyPerUsd?: number;
  otherContractNos?: string[];
  registeredAmountsUsd?: number[];
}

/** The example input of each subject. */
export interface SubjectExamples {
  return: ExampleInput;
  'technology-contract': TechnologyContractExample;
}

export type PassExample<S extends RuleSubject = 'return'> = SubjectExamples[S];

export type FailExample<S extends RuleSubject = 'return'> = SubjectExamples[S] & {
  /** The cells the rule's findings must name, in order. */
  cells: string[];
};

/**
 * Sections replace the base return's; each line is laid over the base return's first line of its section, so an
 * example only spells out what matters to it.
 */
export interface ContentPatch {
  profile?: Partial<NonNullable<ReturnContent['profile']>> | null;
  zeroReturn?: boolean;
  servicesTrade?: Partial<ReturnContent['servicesTrade'][number]>[];
  contracts?: Partial<ReturnContent['contracts'][number]>[];
  executions?: Partial<ReturnContent['executions'][number]>[];
  workforce?: Partial<NonNullable<ReturnContent['workforce']>> | null;
}

/** A rule's thresholds: JSON, shown in the catalogue, and each key may be overridden by an admin. */
export type Tolerance = { [key: string]: JsonValue };

export interface Rule<S extends RuleSubject = RuleSubject> {
  /** Stable: findings, explanations and admin overrides refer to it. */
  id: string;
  /** Bumped when what the rule accepts changes. */
  version: number;
  severity: Severity;
  /** What the rule checks: the context it is run with and the examples it carries. */
  subject: S;
  section: RuleSection;
  title_zh: string;
  title_en: string;
  /** Message templates by variant; `{name}` placeholders are filled from a finding's params. */
  messages: Record<string, MessageTemplate>;
  /** Thresholds as data, shown in the catalogue; the check reads the values it is given (these by default). */
  tolerance?: Tolerance;
  /** Runs the rule with its tolerance, or with the effective one when an admin overrides some of its keys. */
  check(ctx: SubjectContexts[S], tolerance?: Tolerance): Finding[];
  examples: { pass: PassExample<S>[]; fail: FailExample<S>[] };
}

/** Any rule of the catalogue, whatever its subject (a union, so `subject` narrows the rest). */
export type AnyRule = { [S in RuleSubject]: Rule<S> }[RuleSubject];

/**
 * Admin overrides by rule id (the app decides from which period an override applies): switch a rule off, change
 * the severity of its findings, or change some keys of its tolerance (each key keeps the type of the catalogue's).
 */
export type RuleOverrides = Record<string, { enabled?: boolean; severity?: Severity; tolerance?: Tolerance }>;
