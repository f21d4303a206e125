import { PERIOD_YEAR_MAX, PERIOD_YEAR_MIN } from './bounds';
import type { EnterpriseStatus } from './enterprises';
import type { ReturnStatus } from './returns';

/** Reporting periods are quarters, written YYYYQn (2021Q4). */
export const PERIOD_PATTERN = /^(\d{4})Q([1-4])$/;

export interface PeriodParts {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

/** YYYYQn with a year from PERIOD_YEAR_MIN to PERIOD_YEAR_MAX; null otherwise. */
export function parsePeriod(code: string): PeriodParts | null {
  const m = PERIOD_PATTERN.exec(code);
  if (!m || !isPeriodYear(Number(m[1]))) return null;
  return {
    year: Number(m[1]),
    quarter: Number(m[2]) as PeriodParts['quarter'],
  };
}

export function isPeriodYear(year: number): boolean {
  return year >= PERIOD_YEAR_MIN && year <= PERIOD_YEAR_MAX;
}

export function periodCode(year: number, quarter: number): string {
  return `${year}Q${quarter}`;
}

export function previousPeriod(code: string): string {
  const p = parsePeriod(code);
  if (!p) throw new Error(`bad period ${code}`);
  return p.quarter === 1 ? periodCode(p.year - 1, 4) : periodCode(p.year, p.quarter - 1);
}

export function samePeriodLastYear(code: string): string {
  const p = parsePeriod(code);
  if (!p) throw new Error(`bad period ${code}`);
  return periodCode(p.year - 1, p.quarter);
}

/** First and last day (ISO dates) of a quarter. */
export function periodBounds(code: string): { start: string; end: string } {
  const p = parsePeriod(code);
  if (!p) throw new Error(`bad period ${code}`);
  const startMonth = (p.quarter - 1) * 3 + 1;
  const endMonth = startMonth + 2;
  const lastDay = new Date(Date.UTC(p.year, endMonth, 0)).getUTCDate();
  const mm = (n: number) => String(n).padStart(2, '0');
  return {
    start: `${p.year}-${mm(startMonth)}-01`,
    end: `${p.year}-${mm(endMonth)}-${mm(lastDay)}`,
  };
}

/** The quarter an ISO date (YYYY-MM-DD) falls in. */
export function periodOfDate(isoDate: string): string {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return periodCode(year, Math.floor((month - 1) / 3) + 1);
}

/** Strict ISO calendar date check: 2021-02-30 is rejected, and so is year 0000 (PostgreSQL has no year 0). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** A firm's request for more time on a period's return, and the province's answer. */
export const EXTENSION_REQUEST_STATUSES = ['PENDING', 'GRANTED', 'REFUSED'] as const;
export type ExtensionRequestStatus = (typeof EXTENSION_REQUEST_STATUSES)[number];

export const EXTENSION_REQUEST_STATUS_LABELS: Record<ExtensionRequestStatus, { zh: string; en: string }> = {
  PENDING: { zh: '待答复', en: 'Pending' },
  GRANTED: { zh: '已批准', en: 'Granted' },
  REFUSED: { zh: '未批准', en: 'Refused' },
};

/** A reporting period as GET /api/periods answers it; the id is the period code (2021Q4). */
export interface PeriodRow {
  id: string;
  code: string;
  year: number;
  quarter: number;
  openDate: string;
  dueDate: string;
  lockDate: string;
  /** CNY per USD for the quarter's amounts. */
  cnyPerUsd: number;
  createdAt: string;
}

/** A firm's exemption from a period's return (免报), live or revoked. */
export interface PeriodExemption {
  id: number;
  enterpriseId: string;
  periodCode: string;
  reason: string;
  grantedBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

/** A firm's extension of a period's deadline (延期), live or revoked. */
export interface PeriodExtension extends PeriodExemption {
  /** The end of the extra time. */
  until: string;
}

/** GET /api/periods/:code/exemptions: with the firm's name and USCC. */
export interface PeriodExemptionView extends PeriodExemption {
  nameZh: string;
  uscc: string;
}

/** GET /api/periods/:code/extensions: with the firm's name and USCC. */
export interface PeriodExtensionView extends PeriodExtension {
  nameZh: string;
  uscc: string;
}

/** GET /api/periods/:code/standing: where a firm stands on a period (its return page and home page show this). */
export interface FirmStanding {
  periodCode: string;
  enterpriseId: string;
  dueDate: string;
  /** The first instant the firm is late (end of the due date in Beijing time, or of its extension). */
  deadline: string;
  late: boolean;
  daysLate: number;
  /** The live extension with the latest end, if any. */
  extension: { id: number; until: string; reason: string; grantedAt: string } | null;
  exemption: { id: number; reason: string; grantedAt: string } | null;
  /** The firm's latest extension request for the period, if any. */
  request: {
    id: number;
    status: ExtensionRequestStatus;
    requestedUntil: string;
    reason: string;
    decisionNote: string | null;
    createdAt: string;
    decidedAt: string | null;
  } | null;
}

/** A firm's extension request (POST /api/periods/:code/extension-requests, …/decision). */
export interface ExtensionRequest {
  id: number;
  enterpriseId: string;
  periodCode: string;
  requestedUntil: string;
  reason: string;
  requestedBy: string;
  status: ExtensionRequestStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  /** The extension a grant created. */
  extensionId: number | null;
  createdAt: string;
}

/** GET /api/extension-requests: with the firm's name and USCC. */
export interface ExtensionRequestRow extends ExtensionRequest {
  nameZh: string;
  uscc: string;
}

/** GET /api/periods/:code/obligations: a firm of the caller's territory and where it stands on the period. */
export interface ObligationRow {
  /** The firm's id (react-admin's row key). */
  id: string;
  enterpriseId: string;
  nameZh: string;
  uscc: string;
  reviewUnitCode: string;
  enterpriseStatus: EnterpriseStatus;
  periodCode: string;
  /** An active firm owes the return unless exempt. */
  owes: boolean;
  exemptionReason: string | null;
  extensionUntil: string | null;
  returnId: string | null;
  returnStatus: ReturnStatus | 'NONE';
  submittedAt: string | null;
  late: boolean;
  daysLate: number;
}

/** A day off of the holiday calendar (GET /api/holidays): due dates falling on it move to the next working day. */
export interface Holiday {
  date: string;
  nameZh: string;
}

/** POST /api/holidays: the holiday, and the due dates of coming periods it moved. */
export interface HolidayAdded extends Holiday {
  shifted: { code: string; from: string; to: string }[];
}
