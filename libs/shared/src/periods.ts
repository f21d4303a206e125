import { PERIOD_YEAR_MAX, PERIOD_YEAR_MIN } from './bounds';

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
