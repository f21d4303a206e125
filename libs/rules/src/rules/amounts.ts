import type { ReturnContent } from '@portal/shared';
import { defineRule } from '../define';
import { cellPath, formatAmount, place } from '../labels';

export interface AmountCell {
  section: 'servicesTrade' | 'contracts' | 'executions';
  index: number;
  value: unknown;
  currency: unknown;
  ref?: string;
}

/** Every amount of the return, in form order. */
export function amountCells(content: ReturnContent): AmountCell[] {
  const cells: AmountCell[] = [];
  (content.servicesTrade ?? []).forEach((l, index) =>
    cells.push({ section: 'servicesTrade', index, value: l.amount, currency: l.currency }),
  );
  (content.contracts ?? []).forEach((c, index) =>
    cells.push({ section: 'contracts', index, value: c.amount, currency: c.currency, ref: c.contractNo }),
  );
  (content.executions ?? []).forEach((e, index) =>
    cells.push({ section: 'executions', index, value: e.amount, currency: e.currency, ref: e.contractNo }),
  );
  return cells;
}

/** Decimal places of a number as JSON writes it (1234.5 → 1, 1e-7 → 7). */
export function decimalPlaces(x: number): number {
  const m = /^\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(x)));
  if (!m) return 0;
  return Math.max(0, (m[1]?.length ?? 0) - (m[2] ? Number(m[2]) : 0));
}

export const nonNegativeAmounts = defineRule({
  id: 'R-AMT-001',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'return',
  title_zh: '金额须为有效数字且不得为负数',
  title_en: 'Amounts are numbers and not negative',
  messages: {
    notNumber: { zh: '{whereZh} 金额不是有效数字：{value}', en: '{whereEn}: the amount is not a number ({value})' },
    negative: { zh: '{whereZh} 金额为负数：{value}', en: '{whereEn}: the amount is negative ({value})' },
  },
  run(ctx, report) {
    for (const { section, index, value, ref } of amountCells(ctx.content)) {
      const cells = [cellPath(section, index, 'amount')];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        report('notNumber', cells, { ...place(section, index, 'amount', ref), value: String(value) });
      } else if (value < 0) {
        report('negative', cells, { ...place(section, index, 'amount', ref), value: formatAmount(value) });
      }
    }
  },
  examples: {
    pass: [{ note: 'positive amounts' }, { note: 'zero is an amount', content: { executions: [{ amount: 0 }] } }],
    fail: [
      {
        note: 'a negative services trade amount and a negative execution',
        content: {
          servicesTrade: [{ categoryCode: 'SI' }, { categoryCode: 'SJ', amount: -5 }],
          executions: [{ amount: -1200 }],
        },
        cells: ['servicesTrade[1].amount', 'executions[0].amount'],
      },
    ],
  },
});

export const amountDecimals = defineRule({
  id: 'R-AMT-002',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'return',
  title_zh: '金额最多保留两位小数',
  title_en: 'Amounts have at most two decimals',
  tolerance: { maxDecimals: 2 },
  messages: {
    decimals: {
      zh: '{whereZh} 金额 {value} 超过两位小数，请保留到分',
      en: '{whereEn}: the amount {value} has more than two decimals; round it to cents',
    },
  },
  run(ctx, report, tolerance) {
    for (const { section, index, value, ref } of amountCells(ctx.content)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || decimalPlaces(value) <= tolerance.maxDecimals) {
        continue;
      }
      report('decimals', [cellPath(section, index, 'amount')], {
        ...place(section, index, 'amount', ref),
        value: String(value),
      });
    }
  },
  examples: {
    pass: [{ note: 'cents', content: { servicesTrade: [{ amount: 120000.45 }] } }],
    fail: [
      {
        note: 'a tenth of a cent',
        content: { contracts: [{ amount: 200000.125 }] },
        cells: ['contracts[0].amount'],
      },
    ],
  },
});

export const AMOUNT_RULES = [nonNegativeAmounts, amountDecimals];
