import { parseCellPath, type ReturnContent } from '@portal/shared';
import { FIELD_LABELS, SECTION_LABELS } from '@portal/rules';

export type Language = 'zh' | 'en';

export const languageOf = (locale: string): Language => (locale.startsWith('zh') ? 'zh' : 'en');

const ZERO_RETURN = { zh: '本期无业务', en: 'Nothing to report' };

/** Profile flags the rules' labels do not name (no rule points at them). */
const MORE_FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  keyEnterprise: { zh: '重点联系企业', en: 'key enterprise' },
  advancedTech: { zh: '技术先进型服务企业', en: 'advanced-technology service firm' },
};

export function fieldLabel(field: string, language: Language): string {
  return (FIELD_LABELS[field] ?? MORE_FIELD_LABELS[field])?.[language] ?? field;
}

/** The contract a line is about, so a reader finds it without counting rows. */
function lineRef(content: ReturnContent | undefined, section: string, index: number): string | null {
  if (!content || (section !== 'contracts' && section !== 'executions')) return null;
  return content[section][index]?.contractNo || null;
}

/**
 * Where a cell path (of review comments, findings and diffs) points, in the words of the form:
 * `servicesTrade[1].amount` → 服务进出口 · 第 2 行 · 金额, `executions[0]` → 执行情况 · 第 1 行（合同 C-1）,
 * `workforce.bachelor` → 从业人员 · 本科人数. A path the form does not know is shown as it is.
 */
export function cellPathLabel(path: string, language: Language, content?: ReturnContent): string {
  if (path === 'zeroReturn') return ZERO_RETURN[language];
  if (path in SECTION_LABELS) return SECTION_LABELS[path as keyof typeof SECTION_LABELS][language];
  const steps = parseCellPath(path);
  if (!steps) return path;
  const [section, second, third] = steps;
  const parts: string[] = [SECTION_LABELS[section as keyof typeof SECTION_LABELS][language]];
  const field = typeof second === 'string' ? second : third;
  if (typeof second === 'number') {
    const ref = lineRef(content, String(section), second);
    const row = language === 'zh' ? `第 ${second + 1} 行` : `line ${second + 1}`;
    parts.push(ref ? `${row}${language === 'zh' ? `（合同 ${ref}）` : ` (contract ${ref})`}` : row);
  }
  if (typeof field === 'string') parts.push(fieldLabel(field, language));
  return parts.join(' · ');
}

const VALUE_WORDS: Record<string, Record<string, { zh: string; en: string }>> = {
  direction: { EXPORT: { zh: '出口', en: 'export' }, IMPORT: { zh: '进口', en: 'import' } },
  offshore: { true: { zh: '离岸', en: 'offshore' }, false: { zh: '在岸', en: 'onshore' } },
};

/** A cell value as text: numbers grouped, booleans and directions in words, nothing as a dash. */
export function formatCellValue(value: unknown, language: Language, field?: string): string {
  const word = field ? VALUE_WORDS[field]?.[String(value)] : undefined;
  if (word) return word[language];
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return language === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no';
  if (typeof value === 'number') {
    return new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en', { maximumFractionDigits: 2 }).format(value);
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
