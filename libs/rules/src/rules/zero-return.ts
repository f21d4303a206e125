import { derive } from '../context';
import { defineRule } from '../define';
import { SECTION_LABELS } from '../labels';

const LINE_SECTIONS = ['servicesTrade', 'contracts', 'executions'] as const;

export const zeroReturnHasNoLines = defineRule({
  id: 'R-ZERO-001',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'return',
  title_zh: '零申报（本期无业务）不得填报明细',
  title_en: 'A zero return has no lines',
  messages: {
    lines: {
      zh: '已选择零申报（本期无业务），但{sectionsZh}仍有 {count} 行；请删除这些行或取消零申报',
      en: 'The return is a zero return but {sectionsEn} still hold {count} line(s); delete them or undo the zero return',
    },
  },
  run(ctx, report) {
    if (!ctx.content.zeroReturn) return;
    const filled = LINE_SECTIONS.filter((s) => (ctx.content[s] ?? []).length > 0);
    if (filled.length === 0) return;
    report('lines', ['zeroReturn', ...filled], {
      sectionsZh: filled.map((s) => SECTION_LABELS[s].zh).join('、'),
      sectionsEn: filled.map((s) => SECTION_LABELS[s].en.toLowerCase()).join(', '),
      count: filled.reduce((n, s) => n + ctx.content[s].length, 0),
    });
  },
  examples: {
    pass: [
      {
        note: 'zero return with the workforce kept',
        content: { zeroReturn: true, servicesTrade: [], contracts: [], executions: [] },
      },
    ],
    fail: [
      {
        note: 'zero return with a leftover execution line',
        content: { zeroReturn: true, servicesTrade: [], contracts: [] },
        cells: ['zeroReturn', 'executions'],
      },
    ],
  },
});

export const keyEnterpriseAllZero = defineRule({
  id: 'R-ZERO-002',
  version: 1,
  severity: 'EXPLAIN',
  subject: 'return',
  section: 'return',
  title_zh: '重点联系企业本期业务全部为零',
  title_en: 'A key enterprise reports no business at all',
  messages: {
    zeroReturn: {
      zh: '本企业为重点联系企业，本期为零申报；请说明本期无业务的原因',
      en: 'This is a key enterprise filing a zero return; explain why there was no business this quarter',
    },
    allZero: {
      zh: '本企业为重点联系企业，本期服务进出口、合同额、执行额均为 0；请说明原因',
      en: 'This key enterprise reports zero services trade, contracts and execution; explain why',
    },
  },
  run(ctx, report) {
    if (!ctx.keyEnterprise) return;
    if (ctx.content.zeroReturn) {
      report('zeroReturn', ['zeroReturn'], {});
      return;
    }
    const t = derive(ctx).totals;
    if (t.servicesExportsUsd + t.servicesImportsUsd + t.contractsSignedUsd + t.executedUsd !== 0) return;
    report('allZero', [...LINE_SECTIONS], {});
  },
  examples: {
    pass: [
      { note: 'a key enterprise with business', keyEnterprise: true },
      {
        note: 'an ordinary firm may file a zero return',
        content: { zeroReturn: true, servicesTrade: [], contracts: [], executions: [] },
      },
    ],
    fail: [
      {
        note: 'a key enterprise files a zero return',
        keyEnterprise: true,
        content: { zeroReturn: true, servicesTrade: [], contracts: [], executions: [] },
        cells: ['zeroReturn'],
      },
      {
        note: 'a key enterprise with lines that are all 0',
        keyEnterprise: true,
        content: { servicesTrade: [{ amount: 0 }], contracts: [], executions: [] },
        cells: ['servicesTrade', 'contracts', 'executions'],
      },
    ],
  },
});

export const ZERO_RETURN_RULES = [zeroReturnHasNoLines, keyEnterpriseAllZero];
