import { ownValue } from '@portal/shared';
import type { FindingParams } from './model';

/** Sections as a firm sees them on the form. */
export const SECTION_LABELS = {
  profile: { zh: '企业基本情况', en: 'Profile' },
  servicesTrade: { zh: '服务进出口', en: 'Services trade' },
  contracts: { zh: '承接服务外包合同', en: 'Outsourcing contracts' },
  executions: { zh: '执行情况', en: 'Execution' },
  workforce: { zh: '从业人员', en: 'Workforce' },
  return: { zh: '报表', en: 'Return' },
} as const;
export type SectionKey = keyof typeof SECTION_LABELS;

export const FIELD_LABELS: Record<string, { zh: string; en: string }> = {
  confirmed: { zh: '确认状态', en: 'confirmation' },
  nameZh: { zh: '企业名称', en: 'firm name' },
  regionCode: { zh: '注册地区', en: 'registered region' },
  zoneCode: { zh: '所在园区', en: 'development zone' },
  natureCode: { zh: '企业性质', en: 'enterprise nature' },
  industryCode: { zh: '所属行业', en: 'industry' },
  categoryCode: { zh: '服务类别', en: 'service category' },
  partnerCode: { zh: '国别（地区）', en: 'partner economy' },
  direction: { zh: '进出口方向', en: 'direction' },
  amount: { zh: '金额', en: 'amount' },
  currency: { zh: '币种', en: 'currency' },
  contractNo: { zh: '合同编号', en: 'contract number' },
  signedDate: { zh: '签约日期', en: 'signing date' },
  clientName: { zh: '发包方名称', en: 'client name' },
  clientPartnerCode: { zh: '发包方国别（地区）', en: 'client economy' },
  clientIndustryCode: { zh: '发包方所属行业', en: 'client industry' },
  businessCode: { zh: '业务类别', en: 'business category' },
  offshore: { zh: '离岸/在岸', en: 'offshore flag' },
  juniorCollege: { zh: '专科人数', en: 'junior college headcount' },
  bachelor: { zh: '本科人数', en: 'bachelor headcount' },
  master: { zh: '硕士人数', en: 'master headcount' },
  doctor: { zh: '博士人数', en: 'doctorate headcount' },
  other: { zh: '其他学历人数', en: 'other education headcount' },
  newHires: { zh: '本期新增人数', en: 'new hires' },
  newHiresGraduates: { zh: '其中：应届毕业生', en: 'of which graduates' },
};

export const DIRECTION_LABELS: Record<string, { zh: string; en: string }> = {
  EXPORT: { zh: '出口', en: 'export' },
  IMPORT: { zh: '进口', en: 'import' },
};

/** JSON path of a cell: `servicesTrade[1].amount`, `workforce.bachelor`; without a field, the row or section. */
export function cellPath(section: SectionKey, index: number | null, field?: string): string {
  const base = index === null ? section : `${section}[${index}]`;
  return field ? `${base}.${field}` : base;
}

/**
 * Message params naming a place: 服务进出口 第2行 / Services trade row 2, and the field if any. `ref` names the
 * row's contract so a firm finds it without counting rows: 执行情况 第3行（合同 C-001）.
 */
export function place(section: SectionKey, index: number | null, field?: string, ref?: string): FindingParams {
  const s = SECTION_LABELS[section];
  const f = field ? (ownValue(FIELD_LABELS, field) ?? { zh: field, en: field }) : { zh: '', en: '' };
  const refZh = ref ? `（合同 ${ref}）` : '';
  const refEn = ref ? ` (contract ${ref})` : '';
  return {
    whereZh: index === null ? s.zh : `${s.zh} 第${index + 1}行${refZh}`,
    whereEn: index === null ? s.en : `${s.en} row ${index + 1}${refEn}`,
    fieldZh: f.zh,
    fieldEn: f.en,
  };
}

/** Rows as a firm counts them: 第1、3行 / rows 1, 3. */
export function rowList(indexes: number[]): { rowsZh: string; rowsEn: string } {
  const rows = indexes.map((i) => String(i + 1));
  return { rowsZh: `第${rows.join('、')}行`, rowsEn: `rows ${rows.join(', ')}` };
}

/** 1,234,567.89 (two decimals, grouped); non-numbers as they are. */
export function formatAmount(value: unknown): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  const [int, frac] = Math.abs(value).toFixed(2).split('.');
  const sign = value < 0 && Math.abs(value) >= 0.005 ? '-' : '';
  return `${sign}${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** A percentage with one decimal and its sign: +312.5 %. */
export function formatPercent(ratio: number): string {
  const pct = ratio * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`;
}
