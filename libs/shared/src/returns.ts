/** The quarterly return (报表) and its workflow states (DOMAIN.md §2, §4). */
export const RETURN_STATUSES = [
  'DRAFT',
  'VALIDATING',
  'SUBMITTED',
  'MUNICIPAL_APPROVED',
  'APPROVED',
  'RETURNED',
  'SENT_BACK',
  'CORRECTION_REQUESTED',
] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const RETURN_STATUS_LABELS: Record<ReturnStatus, { zh: string; en: string }> = {
  DRAFT: { zh: '草稿', en: 'Draft' },
  VALIDATING: { zh: '已接收，审核校验中', en: 'Received, being checked' },
  SUBMITTED: { zh: '已上报', en: 'Submitted' },
  MUNICIPAL_APPROVED: { zh: '市级审核通过', en: 'Municipally approved' },
  APPROVED: { zh: '审核通过', en: 'Approved' },
  RETURNED: { zh: '已退回企业', en: 'Returned to firm' },
  SENT_BACK: { zh: '已退回市级', en: 'Sent back to city' },
  CORRECTION_REQUESTED: { zh: '申请更正', en: 'Correction requested' },
};

export type Direction = 'EXPORT' | 'IMPORT';
export type Currency = 'USD' | 'CNY';
export const CURRENCIES: Currency[] = ['USD', 'CNY'];

export interface ProfileSection {
  confirmed: boolean;
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  natureCode: string;
  industryCode: string;
  keyEnterprise: boolean;
  advancedTech: boolean;
}

export interface ServicesTradeLine {
  categoryCode: string;
  partnerCode: string;
  direction: Direction;
  amount: number;
  currency: Currency;
}

/** A contract received (接包) and signed in this return's quarter. */
export interface ContractLine {
  contractNo: string;
  signedDate: string;
  clientName: string;
  clientPartnerCode: string;
  clientIndustryCode: string | null;
  businessCode: string;
  offshore: boolean;
  amount: number;
  currency: Currency;
}

/** Amount executed in this return's quarter on a contract of the firm (signed now or earlier). */
export interface ExecutionLine {
  contractNo: string;
  amount: number;
  currency: Currency;
}

export interface WorkforceSection {
  juniorCollege: number;
  bachelor: number;
  master: number;
  doctor: number;
  other: number;
  newHires: number | null;
  newHiresGraduates: number | null;
}

export interface ReturnContent {
  profile: ProfileSection | null;
  zeroReturn: boolean;
  servicesTrade: ServicesTradeLine[];
  contracts: ContractLine[];
  executions: ExecutionLine[];
  workforce: WorkforceSection | null;
}

export function emptyReturnContent(): ReturnContent {
  return {
    profile: null,
    zeroReturn: false,
    servicesTrade: [],
    contracts: [],
    executions: [],
    workforce: null,
  };
}

/** Amount in USD with the period's rate (CNY per USD), rounded to cents. */
export function toUsd(amount: number, currency: Currency, cnyPerUsd: number): number {
  return currency === 'USD' ? amount : Math.round((amount / cnyPerUsd) * 100) / 100;
}

/** For each list section, the row of the draft as typed that each row of the complete content comes from. */
export interface DraftRows {
  servicesTrade: number[];
  contracts: number[];
  executions: number[];
}

/** One problem in a return's content: where (JSON path), which field, and what is wrong in both languages. */
export interface ContentIssue {
  path: string;
  field: string;
  message_zh: string;
  message_en: string;
}

/** Where a revision's content came from: the web form, a CSV bundle, an Excel template, the previous system. */
export type RevisionSource = 'WEB' | 'IMPORT' | 'XLSX' | 'HISTORICAL';

/** A row of GET /api/returns: the return with its firm, its period's dates and its lateness. */
export interface ReturnRow {
  id: string;
  enterpriseId: string;
  periodCode: string;
  reviewUnitCode: string;
  provinceCode: string;
  status: ReturnStatus;
  currentRevision: number;
  approvedRevision: number | null;
  /** Late by the deadline (Beijing time, or the firm's extension) for drafts too; decided at submission otherwise. */
  late: boolean;
  daysLate: number;
  /** Weight in the provincial totals while in review (0 to 1); null before it was computed. */
  materiality: number | null;
  firstSubmittedAt: string | null;
  lastSubmittedAt: string | null;
  createdAt: string;
  updatedAt: string;
  /** Row version: every write action sends it back and is refused (CONFLICT) when it moved meanwhile. */
  version: number;
  extensionUntil: string | null;
  enterpriseName: string | null;
  uscc: string | null;
  dueDate: string | null;
  lockDate: string | null;
}

/** One revision of a return without its content (GET /api/returns/:id → revisions[]). */
export interface RevisionMeta {
  id: string;
  returnId: string;
  revision: number;
  /** The period's rate (CNY per USD) when the revision was written, as a decimal string. */
  cnyPerUsd: string;
  source: RevisionSource;
  sourceNote: string | null;
  frozen: boolean;
  contentHash: string | null;
  receiptNo: string | null;
  submittedAt: string | null;
  submittedBy: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/returns/:id/revisions/:rev: one revision with its content. */
export interface ReturnRevision extends RevisionMeta {
  content: ReturnContent;
}

/** GET /api/returns/:id (and every firm action's answer): the row, the current revision's content, every revision. */
export interface ReturnDetail extends ReturnRow {
  /** Maker-checker: only a signatory may submit what a filer prepared. */
  makerChecker: boolean;
  cnyPerUsd: number;
  /** The complete rows of the current revision: what checks, figures and exports read. */
  content: ReturnContent;
  /**
   * The draft exactly as the firm typed it while some of it is incomplete or wrong (null when it is all in
   * `content`). Its cells may be empty (null) or hold the text typed where a number or code belongs; it is never
   * read as figures. The page edits it, and submission is refused until `contentIssues` is empty.
   */
  draft: ReturnContent | null;
  /** What is incomplete or wrong in `draft`, by path (`servicesTrade[1].amount`); empty when `draft` is null. */
  contentIssues: ContentIssue[];
  /** For each row of `content`, its row in `draft` (a check's finding is shown on that row); null with no draft. */
  draftRows: DraftRows | null;
  revisions: RevisionMeta[];
}

/** POST /api/returns/:id/submit and …/zero: the return, and its place in the validation queue (null: not queued). */
export interface SubmittedReturn extends ReturnDetail {
  queuePosition: number | null;
}
