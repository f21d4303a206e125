import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import countries from 'i18n-iso-countries';
import enLocale from 'i18n-iso-countries/langs/en.json';
import zhLocale from 'i18n-iso-countries/langs/zh.json';
import type { CodeListName } from '@portal/shared';

/** The code lists as shipped in libs/shared/codes (copied from the domain's published code lists). */
export const CODES_DIR = join(__dirname, '..', '..', '..', '..', '..', 'libs', 'shared', 'codes');

export interface CodeRow {
  list: CodeListName;
  code: string;
  parentCode: string | null;
  level: number | null;
  nameZh: string;
  nameEn: string | null;
  sortOrder: number;
  attrs: Record<string, string | number | boolean | null>;
}

export interface ContinentMemberRow {
  continentCode: string;
  member: string;
  validFrom: string;
  validTo: string | null;
  note: string | null;
}

export interface PartnerGroupRow {
  groupCode: string;
  groupNameZh: string;
  member: string;
  validFrom: string;
  validTo: string | null;
  note: string | null;
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(CODES_DIR, file), 'utf8'), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  });
}

const yes = (v: string | undefined) => v === 'Y';

/**
 * English names of the regions (regions_en.csv: the official pinyin of each city, district and county, and the
 * English name each zone uses), which the domain's Chinese region list does not carry; added by the RegionEnglishNames migration.
 */
export function regionEnglishNames(): Map<string, string> {
  return new Map(readCsv('regions_en.csv').map((r) => [r.code, r.name_en]));
}
/**
 * English names of the industries (industries_en.csv: every GB/T 4754-2017 section and division, the GB/T 4754-2002
 * sections), which the domain's lists do not carry; keyed `list|code`, added by the IndustryEnglishNames migration.
 */
export function industryEnglishNames(): { list: string; code: string; nameEn: string }[] {
  return readCsv('industries_en.csv').map((r) => ({ list: r.list, code: r.code, nameEn: r.name_en }));
}
const orNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);
const REGION_LEVEL: Record<string, number> = {
  province: 1,
  city: 2,
  district: 3,
  zone: 3,
};

export function referenceCodeRows(): CodeRow[] {
  const rows: CodeRow[] = [];
  readCsv('regions_shaanxi.csv').forEach((r, i) =>
    rows.push({
      list: 'regions',
      code: r.code,
      parentCode: orNull(r.parent),
      level: r.kind === 'zone' && r.parent === '' ? 2 : REGION_LEVEL[r.kind],
      nameZh: r.name_zh,
      nameEn: null,
      sortOrder: i,
      attrs: {
        kind: r.kind,
        shortZh: r.short_zh,
        reviewUnit: yes(r.municipal_review_unit),
        note: orNull(r.note),
      },
    }),
  );
  readCsv('service_categories.csv').forEach((r) =>
    rows.push({
      list: 'service-categories',
      code: r.code,
      parentCode: null,
      level: 1,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      sortOrder: Number(r.published_order),
      attrs: {
        provincial: yes(r.provincial),
        knowledgeIntensive: yes(r.knowledge_intensive),
        aliasesZh: orNull(r.aliases_zh),
      },
    }),
  );
  readCsv('outsourcing_categories.csv').forEach((r, i) =>
    rows.push({
      list: 'outsourcing-categories',
      code: r.code,
      parentCode: orNull(r.parent),
      level: Number(r.level),
      nameZh: r.name_zh,
      nameEn: r.name_en,
      sortOrder: i,
      attrs: { note: orNull(r.note) },
    }),
  );
  readCsv('enterprise_nature.csv').forEach((r, i) =>
    rows.push({
      list: 'enterprise-natures',
      code: r.code,
      parentCode: orNull(r.parent),
      level: Number(r.level),
      nameZh: r.name_zh,
      nameEn: r.name_en,
      sortOrder: i,
      attrs: {},
    }),
  );
  readCsv('education_levels.csv').forEach((r, i) =>
    rows.push({
      list: 'education-levels',
      code: r.code,
      parentCode: orNull(r.parent),
      level: null,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      sortOrder: i,
      attrs: { note: orNull(r.note) },
    }),
  );
  // The sections only: SeedReferenceData ran with these; the divisions came with TechnologyTradeCodeLists.
  industrySections2017().forEach((r, i) =>
    rows.push({
      list: 'industries',
      code: r.code,
      parentCode: null,
      level: 1,
      nameZh: r.name_zh,
      nameEn: null,
      sortOrder: i,
      attrs: {},
    }),
  );
  rows.push(...partnerEconomyRows());
  return rows;
}

/** ISO 3166-1 economies with names from i18n-iso-countries, Chinese names overridden by partner_names_zh.csv. */
export function partnerEconomyRows(): CodeRow[] {
  countries.registerLocale(zhLocale);
  countries.registerLocale(enLocale);
  const overrides = new Map(readCsv('partner_names_zh.csv').map((r) => [r.code, r]));
  return Object.entries(countries.getAlpha2Codes())
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([alpha2, alpha3], i) => {
      const override = overrides.get(alpha2);
      return {
        list: 'partner-economies' as const,
        code: alpha2,
        parentCode: null,
        level: null,
        nameZh: override?.name_zh ?? countries.getName(alpha2, 'zh') ?? alpha2,
        nameEn: countries.getName(alpha2, 'en') ?? alpha2,
        sortOrder: i,
        attrs: {
          alpha3,
          mainland: alpha2 === 'CN',
          note: orNull(override?.note),
        },
      };
    });
}

const industrySections2017 = () => readCsv('industries_gbt4754_2017.csv').filter((r) => r.level === '1');

/**
 * The code lists of technology trade (DOMAIN.md §8), seeded by the TechnologyTradeCodeLists migration: the GB/T
 * 4754-2017 divisions (大类) under the sections already seeded (sort order section × 100 + n, the sections'
 * order being multiplied by 100 by the same migration), GB/T 4754-2002 as its own list, the eight modes of
 * technology trade (ipGroup: 知识产权 = 专利技术 + 专有技术 + 商标许可) and the continents of the published tables.
 */
export function technologyTradeCodeRows(): CodeRow[] {
  const rows: CodeRow[] = [];
  const sectionOrder = new Map(industrySections2017().map((r, i) => [r.code, i]));
  const divisionsSoFar = new Map<string, number>();
  for (const r of readCsv('industries_gbt4754_2017.csv')) {
    if (r.level !== '2') continue;
    const n = (divisionsSoFar.get(r.parent) ?? 0) + 1;
    divisionsSoFar.set(r.parent, n);
    rows.push({
      list: 'industries',
      code: r.code,
      parentCode: r.parent,
      level: 2,
      nameZh: r.name_zh,
      nameEn: null,
      sortOrder: sectionOrder.get(r.parent)! * 100 + n,
      attrs: {},
    });
  }
  readCsv('industries_gbt4754_2002.csv').forEach((r, i) =>
    rows.push({
      list: 'industries-2002',
      code: r.code,
      parentCode: orNull(r.parent),
      level: Number(r.level),
      nameZh: r.name_zh,
      nameEn: null,
      sortOrder: i,
      attrs: {},
    }),
  );
  for (const r of readCsv('technology_modes.csv')) {
    rows.push({
      list: 'technology-modes',
      code: r.code,
      parentCode: null,
      level: 1,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      sortOrder: Number(r.order),
      attrs: { ipGroup: yes(r.ip_group) },
    });
  }
  for (const r of readCsv('continents_zh.csv')) {
    rows.push({
      list: 'continents',
      code: r.code,
      parentCode: null,
      level: 1,
      nameZh: r.name_zh,
      nameEn: r.name_en,
      sortOrder: Number(r.order),
      attrs: { note: orNull(r.note) },
    });
  }
  return rows;
}

/** The continent of every partner economy (continent_members.csv, derived by scripts/derive-continent-members.mjs). */
export function continentMemberRows(): ContinentMemberRow[] {
  return readCsv('continent_members.csv').map((r) => ({
    continentCode: r.continent_code,
    member: r.member,
    validFrom: r.valid_from,
    validTo: orNull(r.valid_to),
    note: orNull(r.note),
  }));
}

export function partnerGroupRows(): PartnerGroupRow[] {
  return readCsv('partner_groups.csv').map((r) => ({
    groupCode: r.group_code,
    groupNameZh: r.group_name_zh,
    member: r.member,
    validFrom: r.valid_from,
    validTo: orNull(r.valid_to),
    note: orNull(r.note),
  }));
}
