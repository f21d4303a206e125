import {
  EDITABLE_STATUSES,
  MAINLAND,
  toUsd,
  type ContentIssue,
  type ContractLine,
  type Currency,
  type DraftRows,
  type ExecutionLine,
  type FindingView,
  type ReturnContent,
  type ReturnStatus,
  type ServicesTradeLine,
  type WorkforceSection,
} from '@portal/shared';

/** The form's sections, in the order of the paper form. */
export const SECTIONS = ['profile', 'servicesTrade', 'contracts', 'executions', 'workforce'] as const;
export type Section = (typeof SECTIONS)[number];

export const WORKFORCE_COUNTS = ['juniorCollege', 'bachelor', 'master', 'doctor', 'other'] as const;
export const WORKFORCE_NEW = ['newHires', 'newHiresGraduates'] as const;

/** A message shown next to a field: an error the API refused to save, or a validation finding. */
export interface FieldMessage {
  message: string;
  severity: 'error' | 'warning' | 'info';
}

export type FieldMessages = Record<string, FieldMessage[]>;

/** The client is outside the Chinese mainland: Hong Kong, Macao and Taiwan count as offshore (DOMAIN.md §2). */
export function isOffshore(clientPartnerCode: string): boolean {
  return clientPartnerCode !== '' && clientPartnerCode !== MAINLAND;
}

/** The USD equivalent at the period's rate, or null while the amount is not a usable number. */
export function usdEquivalent(amount: unknown, currency: Currency, cnyPerUsd: number): number | null {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return null;
  if (currency === 'CNY' && !(cnyPerUsd > 0)) return null;
  return toUsd(amount, currency, cnyPerUsd);
}

export function formatAmount(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** Text typed into an amount or headcount field as a number, or null while it is empty or not a number. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace(/,/g, '');
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : null;
}

/**
 * Text typed into an amount or headcount field as the draft keeps it: the number when it is one, null when the
 * field is empty, else the text exactly as typed, which the draft keeps and the API flags at that field (nothing
 * half-typed is silently changed or lost).
 */
export function typedNumber(text: string): number | string | null {
  if (text.trim() === '') return null;
  return parseNumber(text) ?? text;
}

/** The section an issue path belongs to (`servicesTrade[1].amount` → servicesTrade), or null for the whole return. */
export function sectionOf(path: string): Section | null {
  const head = /^([A-Za-z]+)/.exec(path)?.[1];
  return (SECTIONS as readonly string[]).includes(head ?? '') ? (head as Section) : null;
}

const pick = (zh: string, en: string, locale: string) => (locale.startsWith('zh') ? zh : en);

/**
 * The API's content issues (a saved draft's `contentIssues`, or the details of RETURN_CONTENT_INVALID and
 * RETURN_DRAFT_INCOMPLETE) by path, in the language on screen. Paths are
 * those of the content (`servicesTrade[1].amount`, `contracts[0]`, `profile.natureCode`, `` for the whole return).
 */
export function issuesByPath(details: unknown, locale: string): FieldMessages {
  const out: FieldMessages = {};
  if (!Array.isArray(details)) return out;
  for (const d of details as Partial<ContentIssue>[]) {
    if (typeof d?.message_zh !== 'string' || typeof d.message_en !== 'string') continue;
    const path = typeof d.path === 'string' ? d.path : '';
    (out[path] ??= []).push({ message: pick(d.message_zh, d.message_en, locale), severity: 'error' });
  }
  return out;
}

const SEVERITY: Record<FindingView['severity'], FieldMessage['severity']> = {
  BLOCKING: 'error',
  EXPLAIN: 'warning',
  INFO: 'info',
};

/**
 * Validation findings still standing (not fixed, not explained) by the cells they point at. Notes (INFO) stay in
 * the validation panel: they need no action, and at a field they would only crowd it.
 */
export function findingsByPath(findings: readonly FindingView[], locale: string): FieldMessages {
  const out: FieldMessages = {};
  for (const f of findings) {
    if (f.status !== 'OPEN' || f.severity === 'INFO') continue;
    const message = { message: pick(f.message_zh, f.message_en, locale), severity: SEVERITY[f.severity] };
    for (const cell of f.cells.length ? f.cells : ['']) (out[cell] ??= []).push(message);
  }
  return out;
}

/**
 * Messages at paths of the complete content moved to the rows of the draft on screen: while a draft has incomplete
 * rows, the checks read its complete rows only (`draftRows` says which row of the draft each one is).
 */
export function onDraftRows(messages: FieldMessages, rows: DraftRows | null): FieldMessages {
  if (!rows) return messages;
  const out: FieldMessages = {};
  for (const [path, list] of Object.entries(messages)) {
    const row = /^(servicesTrade|contracts|executions)\[(\d+)\]/.exec(path);
    const at = row ? rows[row[1] as keyof DraftRows][Number(row[2])] : undefined;
    const moved = row && at !== undefined ? `${row[1]}[${at}]${path.slice(row[0].length)}` : path;
    (out[moved] ??= []).push(...list);
  }
  return out;
}

export function mergeMessages(...all: FieldMessages[]): FieldMessages {
  const out: FieldMessages = {};
  for (const messages of all) {
    for (const [path, list] of Object.entries(messages)) (out[path] ??= []).push(...list);
  }
  return out;
}

/** How many messages of each severity fall in a section (for the section headers). */
export function countBySection(messages: FieldMessages): Record<Section | 'return', { error: number; other: number }> {
  const counts = Object.fromEntries([...SECTIONS, 'return'].map((s) => [s, { error: 0, other: 0 }])) as Record<
    Section | 'return',
    { error: number; other: number }
  >;
  for (const [path, list] of Object.entries(messages)) {
    const c = counts[sectionOf(path) ?? 'return'];
    for (const m of list) {
      if (m.severity === 'error') c.error++;
      else c.other++;
    }
  }
  return counts;
}

/** Messages for one field (exact path) as one helper text. */
export function messageAt(messages: FieldMessages, path: string): FieldMessage | undefined {
  const list = messages[path];
  if (!list?.length) return undefined;
  const severity = list.some((m) => m.severity === 'error')
    ? 'error'
    : list.some((m) => m.severity === 'warning')
      ? 'warning'
      : 'info';
  return { severity, message: list.map((m) => m.message).join('；') };
}

/** The firm changes figures in a draft, a correction and a returned return (saving reopens it as a new revision). */
export function isEditableStatus(status: ReturnStatus): boolean {
  return EDITABLE_STATUSES.includes(status) || status === 'RETURNED';
}

export function newTradeLine(): ServicesTradeLine {
  return { categoryCode: '', partnerCode: '', direction: 'EXPORT', amount: 0, currency: 'USD' };
}

export function newContract(signedDate: string): ContractLine {
  return {
    contractNo: '',
    signedDate,
    clientName: '',
    clientPartnerCode: '',
    clientIndustryCode: null,
    businessCode: '',
    offshore: false,
    amount: 0,
    currency: 'USD',
  };
}

export function newExecution(contractNo = ''): ExecutionLine {
  return { contractNo, amount: 0, currency: 'USD' };
}

export function emptyWorkforce(): WorkforceSection {
  return { juniorCollege: 0, bachelor: 0, master: 0, doctor: 0, other: 0, newHires: null, newHiresGraduates: null };
}

/** A contract line after its client economy changed: the offshore flag follows the economy. */
export function withClientEconomy(line: ContractLine, clientPartnerCode: string): ContractLine {
  return { ...line, clientPartnerCode, offshore: isOffshore(clientPartnerCode) };
}

export function totalHeadcount(w: WorkforceSection | null): number {
  return w ? WORKFORCE_COUNTS.reduce((sum, k) => sum + (Number.isFinite(w[k]) ? w[k] : 0), 0) : 0;
}

/** Contract numbers the executions section offers: this return's contracts first, then the firm's register. */
export function contractChoices(content: ReturnContent, register: readonly string[]): string[] {
  const own = content.contracts.map((c) => c.contractNo.trim()).filter(Boolean);
  return [...new Set([...own, ...register])];
}
