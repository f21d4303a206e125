import { isPeriodYear } from './periods';

/**
 * Official tables (汇总表, DOMAIN.md §6) and their Excel exports: the shapes the API answers with.
 * Tables are built from approved returns only; every row says how much of it is approved.
 */

/** How a cell is printed (and which Excel number format it gets). */
export type CellFormat =
  | 'text'
  /** An integer count (contracts, firms, rank). */
  | 'int'
  /** An amount with 0, 1 or 2 decimals (rounded), or truncated to an integer. */
  | 'amount0'
  | 'amount1'
  | 'amount2'
  | 'trunc0'
  /** A ratio printed as a percentage with one decimal (0.0%). */
  | 'pct1'
  /** A ratio printed as a plain percentage number with one decimal (68.5, no % sign: text tables). */
  | 'pctnum1'
  /** Percentage points with one decimal (拉动). */
  | 'pp1';

export interface TableCell {
  /** The value as printed: already rounded or truncated per layout (ratios as fractions), or text. */
  value: number | string | null;
  /** The printed text (`—` or `-` when a growth or share has no base). */
  text: string;
  format: CellFormat;
}

/** One header cell; merged cells carry their span (rows and columns are 0-based within the header block). */
export interface HeaderCell {
  text: string;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export interface Coverage {
  /** Approved returns whose figures feed this row. */
  approvedReturns: number;
  /** Returns of the row's territory and periods waiting for review (validating, submitted, municipally approved, sent back, under correction). */
  pendingReturns: number;
  /** approved / (approved + pending); 1 when both are 0. */
  approvedShare: number;
}

export interface TableRow {
  /** Stable key of the row (`total`, `ITO`, `ITO-RD-01`, `SG`, `G:EU`, `610100`, …): the drill-down parameter. */
  key: string;
  label: string;
  kind: 'total' | 'subtotal' | 'item';
  /** Indentation level in a tree (0 = top). */
  level: number;
  cells: TableCell[];
  coverage: Coverage;
}

export interface TableColumn {
  key: string;
  /** Heading path from the top header row to the leaf. */
  header: string[];
  format: CellFormat;
  /** Excel column width (characters). */
  width: number;
}

export interface TableParameters {
  period: string;
  territory: string;
  currency: 'USD' | 'CNY';
}

export interface OfficialTableView {
  id: string;
  title: string;
  /** The title without its period and territory, after its number as printed (`表2 服务外包出口方式情况（离岸）`): the sheet name. */
  shortTitle: string;
  unitLine: string;
  parameters: TableParameters;
  territoryName: string;
  columns: TableColumn[];
  header: HeaderCell[];
  headerRows: number;
  rows: TableRow[];
  notes: string[];
  sourceLine: string;
  coverage: Coverage;
  /** SHA-256 over the approved facts the table used (return id and approved revision of each). */
  snapshotHash: string;
}

export interface TableParameterSpec {
  name: 'period' | 'territory' | 'currency' | 'top';
  required: boolean;
  description_zh: string;
  description_en: string;
  values?: string[];
}

export interface CatalogueEntry {
  id: string;
  title: string;
  group: 'outsourcing' | 'trade' | 'workforce' | 'quality' | 'technology';
  description_zh: string;
  parameters: TableParameterSpec[];
}

export interface DrillDownRow {
  returnId: string;
  enterpriseId: string;
  enterpriseName: string;
  uscc: string;
  periodCode: string;
  status: string;
  approvedRevision: number | null;
  currentRevision: number;
  /** Whether the row's figures include this return (approved), or it is waiting. */
  contributes: boolean;
}

/** A technology contract behind a row of a technology table (drill-down of a table whose rows sum contracts). */
export interface ContractDrillDownRow {
  contractId: string;
  enterpriseId: string;
  enterpriseName: string;
  uscc: string;
  contractNo: string;
  direction: 'EXPORT' | 'IMPORT';
  /** The signing quarter. */
  periodCode: string;
  /** ContractRegistrationStatus. */
  status: string;
  registrationNo: string | null;
  /** 合同金额 in USD: of the registered version the row counts, or of the version waiting for the city. */
  contractAmountUsd: number | null;
  /** Whether the row's figures include this contract (registered), or it is waiting for the city. */
  contributes: boolean;
}

export const EXPORT_KINDS = ['TABLE', 'ALL', 'DETAIL'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

/** An export's or an import's status (the same four), for messages. */
export const JOB_STATUS_LABELS: Record<ExportStatus, { zh: string; en: string }> = {
  QUEUED: { zh: '排队中', en: 'queued' },
  RUNNING: { zh: '处理中', en: 'running' },
  SUCCEEDED: { zh: '已完成', en: 'finished' },
  FAILED: { zh: '失败', en: 'failed' },
};

export interface ExportJobView {
  id: string;
  kind: ExportKind;
  tableId: string | null;
  period: string;
  territory: string;
  currency: 'USD' | 'CNY';
  status: ExportStatus;
  progress: number;
  fileName: string | null;
  fileSize: number | null;
  snapshotHash: string | null;
  error: string | null;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Reporting scope of a table: `2021Q4` (a quarter), `2021` (the year: four quarters for flows, Q4 for stocks) or
 * `2021Q1-Q3` (quarters to date).
 */
export const TABLE_PERIOD_PATTERN = /^(\d{4})(?:Q([1-4])(?:-Q([1-4]))?)?$/;

export interface TablePeriod {
  year: number;
  firstQuarter: number;
  lastQuarter: number;
}

export function parseTablePeriod(text: string): TablePeriod | null {
  const m = TABLE_PERIOD_PATTERN.exec(text);
  if (!m || !isPeriodYear(Number(m[1]))) return null;
  const year = Number(m[1]);
  if (!m[2]) return { year, firstQuarter: 1, lastQuarter: 4 };
  const first = Number(m[2]);
  const last = m[3] ? Number(m[3]) : first;
  if (last < first) return null;
  return { year, firstQuarter: first, lastQuarter: last };
}

/** The quarters (YYYYQn) of a table period, shifted by whole years. */
export function tablePeriodQuarters(p: TablePeriod, yearOffset = 0): string[] {
  const out: string[] = [];
  for (let q = p.firstQuarter; q <= p.lastQuarter; q++) out.push(`${p.year + yearOffset}Q${q}`);
  return out;
}
