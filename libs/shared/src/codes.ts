/**
 * Code lists are data (loaded from libs/shared/codes/*.csv, maintained by admins with versioned edits).
 * Each list is served at /api/codes/<list>.
 */
export const CODE_LISTS = [
  'regions',
  'service-categories',
  'outsourcing-categories',
  'enterprise-natures',
  'education-levels',
  'industries',
  'partner-economies',
] as const;
export type CodeListName = (typeof CODE_LISTS)[number];

export const CODE_LIST_LABELS: Record<CodeListName | 'partner-groups', { zh: string; en: string }> = {
  regions: { zh: '行政区划与园区', en: 'Regions and zones' },
  'service-categories': { zh: '服务贸易类别', en: 'Service categories' },
  'outsourcing-categories': {
    zh: '服务外包业务类别',
    en: 'Outsourcing categories',
  },
  'enterprise-natures': { zh: '企业性质', en: 'Enterprise nature' },
  'education-levels': { zh: '学历', en: 'Education levels' },
  industries: {
    zh: '国民经济行业（门类）',
    en: 'Industries (GB/T 4754 sections)',
  },
  'partner-economies': { zh: '国别（地区）', en: 'Partner economies' },
  'partner-groups': { zh: '国别组', en: 'Partner groups' },
};

export type RegionKind = 'province' | 'city' | 'district' | 'zone';

/** One version of a code. `attrs` holds the list-specific columns of the CSV (kind, provincial, ...). */
export interface CodeItem {
  id: number;
  list: CodeListName;
  code: string;
  parentCode: string | null;
  level: number | null;
  nameZh: string;
  nameEn: string | null;
  sortOrder: number;
  attrs: Record<string, string | boolean | number | null>;
  validFrom: string;
  validTo: string | null;
}

export interface PartnerGroupMember {
  id: number;
  groupCode: string;
  groupNameZh: string;
  member: string;
  validFrom: string;
  validTo: string | null;
  note: string | null;
}

/** The mainland is the reporter's own economy: never a partner in services trade or offshore outsourcing. */
export const MAINLAND = 'CN';
