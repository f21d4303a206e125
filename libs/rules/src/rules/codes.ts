import { defineRule, type Report } from '../define';
import { cellPath, place, type SectionKey } from '../labels';
import type { RuleCodeList, RuleContext } from '../model';

export const LIST_LABELS: Record<RuleCodeList, { zh: string; en: string }> = {
  'service-categories': { zh: '省级服务贸易类别', en: 'provincial service categories' },
  'partner-economies': { zh: '国别（地区）代码表', en: 'partner economies' },
  'outsourcing-level3': { zh: '服务外包三级业务类别', en: 'level-3 outsourcing business categories' },
  industries: { zh: '国民经济行业分类（门类、大类）', en: 'industry sections and divisions' },
  regions: { zh: '行政区划', en: 'regions' },
  zones: { zh: '园区', en: 'development zones' },
  'enterprise-natures': { zh: '企业性质代码表', en: 'enterprise natures' },
  'technology-modes': { zh: '技术进出口方式代码表', en: 'modes of technology trade' },
};

const UNKNOWN = {
  zh: '{whereZh} {fieldZh}代码 {code} 不在本期有效的{listZh}中',
  en: '{whereEn}: {fieldEn} code {code} is not in the {listEn} valid in this period',
};

/** Blank codes are left to R-REQ-002 (required fields), so a firm sees one finding per cell. */
function checkCode(
  ctx: RuleContext,
  report: Report,
  list: RuleCodeList,
  section: SectionKey,
  index: number | null,
  field: string,
  code: unknown,
  ref?: string,
): void {
  if (typeof code !== 'string' || code.trim() === '' || ctx.codes.has(list, code)) return;
  report('unknown', [cellPath(section, index, field)], {
    ...place(section, index, field, ref),
    code,
    listZh: LIST_LABELS[list].zh,
    listEn: LIST_LABELS[list].en,
  });
}

export const serviceCategoryCode = defineRule({
  id: 'R-CODE-001',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'servicesTrade',
  title_zh: '服务类别须为本期有效的省级类别（SA–SK）',
  title_en: 'Service category is a provincial category valid in the period (SA–SK)',
  messages: { unknown: UNKNOWN },
  run(ctx, report) {
    (ctx.content.servicesTrade ?? []).forEach((line, i) =>
      checkCode(ctx, report, 'service-categories', 'servicesTrade', i, 'categoryCode', line.categoryCode),
    );
  },
  examples: {
    pass: [{ note: 'SI telecom, computer and information services' }],
    fail: [
      {
        note: 'SL government services are reported nationally only',
        content: { servicesTrade: [{ categoryCode: 'SI' }, { categoryCode: 'SL', partnerCode: 'JP' }] },
        cells: ['servicesTrade[1].categoryCode'],
      },
    ],
  },
});

export const partnerEconomyCode = defineRule({
  id: 'R-CODE-002',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'servicesTrade',
  title_zh: '国别（地区）须为有效代码（服务贸易伙伴与合同发包方）',
  title_en: 'Partner and client economies are valid codes',
  messages: { unknown: UNKNOWN },
  run(ctx, report) {
    (ctx.content.servicesTrade ?? []).forEach((line, i) =>
      checkCode(ctx, report, 'partner-economies', 'servicesTrade', i, 'partnerCode', line.partnerCode),
    );
    (ctx.content.contracts ?? []).forEach((c, i) =>
      checkCode(
        ctx,
        report,
        'partner-economies',
        'contracts',
        i,
        'clientPartnerCode',
        c.clientPartnerCode,
        c.contractNo,
      ),
    );
  },
  examples: {
    pass: [
      { note: 'US partner and US client' },
      { note: 'Hong Kong client', content: { contracts: [{ clientPartnerCode: 'HK' }] } },
    ],
    fail: [
      {
        note: 'UK is not the ISO code (GB), and a full name is not a code',
        content: { servicesTrade: [{ partnerCode: 'UK' }], contracts: [{ clientPartnerCode: '美国' }] },
        cells: ['servicesTrade[0].partnerCode', 'contracts[0].clientPartnerCode'],
      },
    ],
  },
});

export const outsourcingBusinessCode = defineRule({
  id: 'R-CODE-003',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'contracts',
  title_zh: '服务外包业务类别须为本期有效的三级代码',
  title_en: 'Outsourcing business category is a level-3 code valid in the period',
  messages: { unknown: UNKNOWN },
  run(ctx, report) {
    (ctx.content.contracts ?? []).forEach((c, i) =>
      checkCode(ctx, report, 'outsourcing-level3', 'contracts', i, 'businessCode', c.businessCode, c.contractNo),
    );
  },
  examples: {
    pass: [{ note: 'ITO-RD-01 software R&D' }],
    fail: [
      {
        note: 'a level-2 code (ITO-RD) is not precise enough',
        content: { contracts: [{ businessCode: 'ITO-RD' }] },
        cells: ['contracts[0].businessCode'],
      },
    ],
  },
});

export const clientIndustryCode = defineRule({
  id: 'R-CODE-004',
  version: 2,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'contracts',
  title_zh: '发包方所属行业须为有效的国民经济行业门类或大类（可不填）',
  title_en: 'Client industry, when given, is a valid industry section or division',
  messages: { unknown: UNKNOWN },
  run(ctx, report) {
    (ctx.content.contracts ?? []).forEach((c, i) =>
      checkCode(ctx, report, 'industries', 'contracts', i, 'clientIndustryCode', c.clientIndustryCode, c.contractNo),
    );
  },
  examples: {
    pass: [
      { note: 'section I' },
      { note: 'division 65 of section I', content: { contracts: [{ clientIndustryCode: '65' }] } },
      { note: 'not given', content: { contracts: [{ clientIndustryCode: null }] } },
    ],
    fail: [
      {
        note: 'a section letter glued to a division (I65) is neither',
        content: { contracts: [{ clientIndustryCode: 'I65' }] },
        cells: ['contracts[0].clientIndustryCode'],
      },
    ],
  },
});

export const profileCodes = defineRule({
  id: 'R-CODE-005',
  version: 2,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'profile',
  title_zh: '企业基本情况的地区、园区、企业性质、行业须为有效代码',
  title_en: 'Profile region, zone, enterprise nature and industry are valid codes',
  messages: { unknown: UNKNOWN },
  run(ctx, report) {
    const p = ctx.content.profile;
    if (!p) return;
    checkCode(ctx, report, 'regions', 'profile', null, 'regionCode', p.regionCode);
    checkCode(ctx, report, 'zones', 'profile', null, 'zoneCode', p.zoneCode);
    checkCode(ctx, report, 'enterprise-natures', 'profile', null, 'natureCode', p.natureCode);
    checkCode(ctx, report, 'industries', 'profile', null, 'industryCode', p.industryCode);
  },
  examples: {
    pass: [
      { note: 'Yanta district in the high-tech zone' },
      { note: 'no zone', content: { profile: { zoneCode: null } } },
      { note: 'an industry division (65 软件和信息技术服务业)', content: { profile: { industryCode: '65' } } },
    ],
    fail: [
      {
        note: 'a city code where the district belongs, and a level-1 nature',
        content: { profile: { regionCode: '610100', natureCode: 'DOM' } },
        cells: ['profile.regionCode', 'profile.natureCode'],
      },
    ],
  },
});

export const CODE_RULES = [
  serviceCategoryCode,
  partnerEconomyCode,
  outsourcingBusinessCode,
  clientIndustryCode,
  profileCodes,
];
