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
  'industries-2002',
  'partner-economies',
  'technology-modes',
  'continents',
] as const;
export type CodeListName = (typeof CODE_LISTS)[number];

export const CODE_LIST_LABELS: Record<CodeListName | EconomyGroupKind, { zh: string; en: string }> = {
  regions: { zh: '行政区划与园区', en: 'Regions and zones' },
  'service-categories': { zh: '服务贸易类别', en: 'Service categories' },
  'outsourcing-categories': {
    zh: '服务外包业务类别',
    en: 'Outsourcing categories',
  },
  'enterprise-natures': { zh: '企业性质', en: 'Enterprise nature' },
  'education-levels': { zh: '学历', en: 'Education levels' },
  industries: {
    zh: '国民经济行业（GB/T 4754-2017）',
    en: 'Industries (GB/T 4754-2017)',
  },
  'industries-2002': {
    zh: '国民经济行业（GB/T 4754-2002）',
    en: 'Industries (GB/T 4754-2002)',
  },
  'partner-economies': { zh: '国别（地区）', en: 'Partner economies' },
  'technology-modes': { zh: '技术进出口方式', en: 'Modes of technology trade' },
  continents: { zh: '洲别', en: 'Continents' },
  'partner-groups': { zh: '国别组', en: 'Partner groups' },
  'continent-members': { zh: '洲别国家（地区）', en: 'Economies by continent' },
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

/** A code list entry as the API answers it (GET /api/codes/:list …): with who added it and when. */
export interface CodeItemView extends CodeItem {
  createdAt: string;
  createdBy: string | null;
}

/**
 * Effective-dated groupings of partner economies, each maintained by admins as member rows valid from a date:
 * partner groups (一带一路, RCEP, EU, ASEAN; an economy may belong to several) and continents (an economy belongs to
 * one continent at a time; tables by economy print continent rows over their economies).
 */
export const ECONOMY_GROUP_KINDS = ['partner-groups', 'continent-members'] as const;
export type EconomyGroupKind = (typeof ECONOMY_GROUP_KINDS)[number];

/** One economy's membership of a group (a partner group, or a continent code of the `continents` list). */
export interface EconomyGroupMember {
  id: number;
  groupCode: string;
  member: string;
  validFrom: string;
  validTo: string | null;
  note: string | null;
}

export interface PartnerGroupMember extends EconomyGroupMember {
  groupNameZh: string;
}

/** A membership as GET /api/partner-groups and /api/continent-members answer it (partner groups with their name). */
export type EconomyGroupMembership = EconomyGroupMember | PartnerGroupMember;

/** POST /api/<kind>: a membership from a date (groupNameZh names a new partner group; continents have a code list). */
export interface EconomyGroupMemberInput {
  groupCode: string;
  member: string;
  validFrom: string;
  validTo?: string | null;
  note?: string | null;
  groupNameZh?: string;
}

/** PUT /api/<kind>/:id: from `validFrom` on the membership moves to another group or changes its note. */
export interface EconomyGroupMemberChange {
  validFrom: string;
  groupCode?: string;
  note?: string | null;
}

/**
 * The versions of the national industry classification (国民经济行业分类) the portal holds, each a code list of
 * 门类 (sections, a letter, level 1) with their 大类 (divisions, two digits, level 2, parent = section). A table
 * names the version it prints; a firm's profile records its industry in each version it is known in.
 */
export const INDUSTRY_CLASSIFICATIONS = {
  'GB/T 4754-2017': { list: 'industries', profileField: 'industryCode' },
  'GB/T 4754-2002': { list: 'industries-2002', profileField: 'industryCode2002' },
} as const satisfies Record<string, { list: CodeListName; profileField: string }>;
export type IndustryClassification = keyof typeof INDUSTRY_CLASSIFICATIONS;

/**
 * The section (门类) of an industry code of one classification: the code itself for a section, its parent for a
 * division; null when the code is not in `items` (the list's versions valid on the day that matters).
 */
export function industrySectionOf(
  items: readonly Pick<CodeItem, 'code' | 'parentCode' | 'level'>[],
  code: string | null | undefined,
): string | null {
  if (!code) return null;
  const item = items.find((i) => i.code === code);
  if (!item) return null;
  return item.level === 2 ? item.parentCode : item.code;
}

/** The mainland is the reporter's own economy: never a partner in services trade or offshore outsourcing. */
export const MAINLAND = 'CN';
