import { defineRule, type Report } from '../define';
import { cellPath, place, type SectionKey } from '../labels';

const blank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

const DIRECTIONS = new Set(['EXPORT', 'IMPORT']);
const CURRENCIES = new Set(['USD', 'CNY']);

export const profileConfirmed = defineRule({
  id: 'R-REQ-001',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'profile',
  title_zh: '企业基本情况须经企业确认',
  title_en: 'The firm has confirmed its profile',
  messages: {
    missing: { zh: '报表缺少企业基本情况', en: 'The return has no profile section' },
    unconfirmed: {
      zh: '企业基本情况尚未确认，请核对后点击“确认”',
      en: 'The profile is not confirmed yet; check it and confirm',
    },
  },
  run(ctx, report) {
    const p = ctx.content.profile;
    if (!p) report('missing', ['profile'], {});
    else if (p.confirmed !== true) report('unconfirmed', ['profile.confirmed'], {});
  },
  examples: {
    pass: [{ note: 'confirmed profile' }],
    fail: [
      { note: 'not confirmed', content: { profile: { confirmed: false } }, cells: ['profile.confirmed'] },
      { note: 'no profile at all', content: { profile: null }, cells: ['profile'] },
    ],
  },
});

export const requiredFields = defineRule({
  id: 'R-REQ-002',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'return',
  title_zh: '必填项须填写，方向、币种、离岸标志须为有效取值',
  title_en: 'Required fields are filled; direction, currency and offshore flag have valid values',
  messages: {
    missing: { zh: '{whereZh} {fieldZh}未填写', en: '{whereEn}: {fieldEn} is missing' },
    invalid: { zh: '{whereZh} {fieldZh}取值无效：{value}', en: '{whereEn}: {fieldEn} has an invalid value ({value})' },
  },
  run(ctx, report) {
    const need = (section: SectionKey, index: number | null, field: string, value: unknown, ref?: string) => {
      if (blank(value)) report('missing', [cellPath(section, index, field)], place(section, index, field, ref));
    };
    const oneOf = (
      section: SectionKey,
      index: number,
      field: string,
      value: unknown,
      allowed: Set<unknown>,
      ref?: string,
    ) => {
      if (blank(value)) need(section, index, field, value, ref);
      else if (!allowed.has(value)) invalid(report, section, index, field, value, ref);
    };
    const { profile, servicesTrade, contracts, executions } = ctx.content;
    if (profile) {
      for (const field of ['nameZh', 'regionCode', 'natureCode', 'industryCode'] as const) {
        need('profile', null, field, profile[field]);
      }
    }
    (servicesTrade ?? []).forEach((l, i) => {
      need('servicesTrade', i, 'categoryCode', l.categoryCode);
      need('servicesTrade', i, 'partnerCode', l.partnerCode);
      oneOf('servicesTrade', i, 'direction', l.direction, DIRECTIONS);
      oneOf('servicesTrade', i, 'currency', l.currency, CURRENCIES);
    });
    (contracts ?? []).forEach((c, i) => {
      const ref = blank(c.contractNo) ? undefined : c.contractNo;
      for (const field of ['contractNo', 'signedDate', 'clientName', 'clientPartnerCode', 'businessCode'] as const) {
        need('contracts', i, field, c[field], ref);
      }
      oneOf('contracts', i, 'offshore', c.offshore, new Set([true, false]), ref);
      oneOf('contracts', i, 'currency', c.currency, CURRENCIES, ref);
    });
    (executions ?? []).forEach((e, i) => {
      need('executions', i, 'contractNo', e.contractNo);
      oneOf('executions', i, 'currency', e.currency, CURRENCIES, blank(e.contractNo) ? undefined : e.contractNo);
    });
  },
  examples: {
    pass: [{ note: 'all filled' }],
    fail: [
      {
        note: 'a contract without client name, a trade line in euros',
        content: { contracts: [{ clientName: '  ' }], servicesTrade: [{ currency: 'EUR' as 'USD' }] },
        cells: ['servicesTrade[0].currency', 'contracts[0].clientName'],
      },
      {
        note: 'an execution without contract number',
        content: { executions: [{ contractNo: '' }] },
        cells: ['executions[0].contractNo'],
      },
    ],
  },
});

function invalid(report: Report, section: SectionKey, index: number, field: string, value: unknown, ref?: string) {
  report('invalid', [cellPath(section, index, field)], { ...place(section, index, field, ref), value: String(value) });
}

export const workforcePresent = defineRule({
  id: 'R-REQ-003',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'workforce',
  title_zh: '须填报从业人员情况（零申报除外）',
  title_en: 'The workforce section is filled unless the return is a zero return',
  messages: {
    missing: {
      zh: '从业人员情况未填写；如本期无业务，请选择“零申报”',
      en: 'The workforce section is missing; file a zero return if there was no business this quarter',
    },
  },
  run(ctx, report) {
    if (!ctx.content.zeroReturn && !ctx.content.workforce) report('missing', ['workforce'], {});
  },
  examples: {
    pass: [
      { note: 'workforce filled' },
      {
        note: 'zero return without workforce',
        content: { zeroReturn: true, servicesTrade: [], contracts: [], executions: [], workforce: null },
      },
    ],
    fail: [{ note: 'no workforce', content: { workforce: null }, cells: ['workforce'] }],
  },
});

export const REQUIRED_RULES = [profileConfirmed, requiredFields, workforcePresent];
