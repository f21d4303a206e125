import type { CodeItem, CodeListName, ReturnContent } from '@portal/shared';
import { codeLabel } from '../returns/CodePicker';
import { formatCellValue, type Language } from '../validation/cellLabels';

/** The code list each coded field of the return takes its codes from. */
export const CODE_FIELD_LISTS: Record<string, CodeListName> = {
  categoryCode: 'service-categories',
  partnerCode: 'partner-economies',
  clientPartnerCode: 'partner-economies',
  clientIndustryCode: 'industries',
  businessCode: 'outsourcing-categories',
  regionCode: 'regions',
  zoneCode: 'regions',
  natureCode: 'enterprise-natures',
  industryCode: 'industries',
};

export type CodeNames = Partial<Record<CodeListName, readonly CodeItem[]>>;

/** A cell as the reviewer reads it: a code with its name (`SI 电信、计算机和信息服务`), anything else as formatCellValue. */
export function formatReviewValue(value: unknown, language: Language, field?: string, names?: CodeNames): string {
  const list = field ? CODE_FIELD_LISTS[field] : undefined;
  const items = list ? names?.[list] : undefined;
  if (items && typeof value === 'string' && value !== '') {
    return codeLabel(items, value, language === 'zh' ? 'zh-CN' : 'en');
  }
  return formatCellValue(value, language, field);
}

const WORKFORCE_FIELDS = [
  'juniorCollege',
  'bachelor',
  'master',
  'doctor',
  'other',
  'newHires',
  'newHiresGraduates',
] as const;

const sum = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) : null);

/**
 * The figures of an earlier return beside this one's, by the path of this return's cell: a trade line's amount is
 * the earlier amounts of the same category, partner, direction and currency; a contract's, the same contract in the
 * same currency; an execution's, the executions of the same contract; headcounts field by field. A path without a
 * counterpart is absent (the reviewer sees a dash).
 */
export function priorFigures(content: ReturnContent, prior: ReturnContent): Map<string, number> {
  const out = new Map<string, number>();
  const put = (path: string, value: number | null | undefined) => {
    if (typeof value === 'number' && Number.isFinite(value)) out.set(path, value);
  };
  content.servicesTrade.forEach((line, i) => {
    const same = prior.servicesTrade.filter(
      (p) =>
        p.categoryCode === line.categoryCode &&
        p.partnerCode === line.partnerCode &&
        p.direction === line.direction &&
        p.currency === line.currency,
    );
    put(`servicesTrade[${i}].amount`, sum(same.map((p) => p.amount)));
  });
  content.contracts.forEach((line, i) => {
    const no = line.contractNo.trim();
    const same = prior.contracts.find((p) => p.contractNo.trim() === no && p.currency === line.currency);
    if (no) put(`contracts[${i}].amount`, same?.amount);
  });
  content.executions.forEach((line, i) => {
    const no = line.contractNo.trim();
    const same = prior.executions.filter((p) => p.contractNo.trim() === no && p.currency === line.currency);
    if (no) put(`executions[${i}].amount`, sum(same.map((p) => p.amount)));
  });
  if (content.workforce && prior.workforce) {
    for (const field of WORKFORCE_FIELDS) put(`workforce.${field}`, prior.workforce[field]);
  }
  return out;
}

/** The change from an earlier figure as a percentage (`+12.5 %`), or null when there is nothing to compare with. */
export function changeRate(now: unknown, before: number | undefined): string | null {
  if (typeof now !== 'number' || before === undefined || before === 0) return null;
  const rate = ((now - before) / before) * 100;
  return `${rate >= 0 ? '+' : ''}${rate.toFixed(1)} %`;
}
