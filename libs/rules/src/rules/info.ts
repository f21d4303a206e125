import { derive } from '../context';
import { defineRule } from '../define';
import { cellPath, formatAmount, place } from '../labels';
import { amountCells } from './amounts';

export const cnyConverted = defineRule({
  id: 'R-INFO-001',
  version: 1,
  severity: 'INFO',
  subject: 'return',
  section: 'return',
  title_zh: '人民币金额按本期汇率折算为美元',
  title_en: 'CNY amounts are converted to USD at the period rate',
  messages: {
    converted: {
      zh: '{whereZh} 人民币 {amountCny} 元按本期汇率 {rate} 折合 {amountUsd} 美元',
      en: '{whereEn}: CNY {amountCny} is USD {amountUsd} at the period rate of {rate} CNY per USD',
    },
  },
  run(ctx, report) {
    const { usd } = derive(ctx);
    for (const { section, index, value, currency, ref } of amountCells(ctx.content)) {
      if (currency !== 'CNY' || typeof value !== 'number' || !Number.isFinite(value)) continue;
      report('converted', [cellPath(section, index, 'amount')], {
        ...place(section, index, 'amount', ref),
        amountCny: formatAmount(value),
        amountUsd: formatAmount(usd[section][index]),
        rate: ctx.cnyPerUsd,
      });
    }
  },
  examples: {
    pass: [{ note: 'all amounts in USD' }],
    fail: [
      {
        note: 'an export of 640,000 CNY is 100,000 USD at 6.4',
        content: { servicesTrade: [{ amount: 640000, currency: 'CNY' }] },
        cells: ['servicesTrade[0].amount'],
      },
    ],
  },
});

export const zeroValueContract = defineRule({
  id: 'R-INFO-002',
  version: 1,
  severity: 'INFO',
  subject: 'return',
  section: 'contracts',
  title_zh: '合同金额为 0',
  title_en: 'A contract with a value of 0',
  messages: {
    zero: {
      zh: '{whereZh} 合同金额为 0；框架合同请在执行时填报执行额，否则请填写签约金额',
      en: '{whereEn}: the contract value is 0; for a framework agreement report execution as it happens, otherwise enter the signed value',
    },
  },
  run(ctx, report) {
    (ctx.content.contracts ?? []).forEach((c, i) => {
      if (c.amount === 0)
        report('zero', [cellPath('contracts', i, 'amount')], place('contracts', i, 'amount', c.contractNo));
    });
  },
  examples: {
    pass: [{ note: 'a contract of 200,000 USD' }],
    fail: [
      {
        note: 'a framework agreement without value',
        content: { contracts: [{ amount: 0 }], executions: [] },
        cells: ['contracts[0].amount'],
      },
    ],
  },
});

export const INFO_RULES = [cnyConverted, zeroValueContract];
