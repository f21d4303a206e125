import type { ReturnContent } from '@portal/shared';

export type Severity = 'BLOCKING' | 'EXPLAIN' | 'INFO';
export const SEVERITIES: readonly Severity[] = ['BLOCKING', 'EXPLAIN', 'INFO'];

/** Where a rule looks; `return` is for rules that compare sections or periods. */
export type RuleSection = 'profile' | 'servicesTrade' | 'contracts' | 'executions' | 'workforce' | 'return';

/** The code lists a rule may consult; the lookup passed in is already the one valid for the period. */
export type RuleCodeList =
  | 'service-categories'
  | 'partner-economies'
  | 'outsourcing-level3'
  | 'industries'
  | 'regions'
  | 'zones'
  | 'enterprise-natures';

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

export type PassExample = ExampleInput;

export interface FailExample extends ExampleInput {
  /** The cells the rule's findings must name, in order. */
  cells: string[];
}

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

export interface Rule {
  /** Stable: findings, explanations and admin overrides refer to it. */
  id: string;
  /** Bumped when what the rule accepts changes. */
  version: number;
  severity: Severity;
  section: RuleSection;
  title_zh: string;
  title_en: string;
  /** Message templates by variant; `{name}` placeholders are filled from a finding's params. */
  messages: Record<string, MessageTemplate>;
  /** Thresholds as data, shown in the catalogue; the check reads the same values. */
  tolerance?: { [key: string]: JsonValue };
  check(ctx: RuleContext): Finding[];
  examples: { pass: PassExample[]; fail: FailExample[] };
}

/** Admin overrides by rule id (the app decides from which period an override applies). */
export type RuleOverrides = Record<string, { enabled?: boolean; severity?: Severity }>;
