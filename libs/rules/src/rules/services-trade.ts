import { MAINLAND, ownValue } from '@portal/shared';
import { defineRule } from '../define';
import { cellPath, DIRECTION_LABELS, place, rowList } from '../labels';

export const partnerNotMainland = defineRule({
  id: 'R-TRD-001',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'servicesTrade',
  title_zh: '服务贸易伙伴不能是中国内地（CN）',
  title_en: 'The Chinese mainland (CN) is never a services trade partner',
  messages: {
    mainland: {
      zh: '{whereZh} 国别（地区）为中国内地（CN）：与境内企业的交易不属于服务进出口',
      en: '{whereEn}: the partner is the Chinese mainland (CN); business with mainland firms is not services trade',
    },
  },
  run(ctx, report) {
    (ctx.content.servicesTrade ?? []).forEach((l, i) => {
      if (l.partnerCode === MAINLAND) {
        report('mainland', [cellPath('servicesTrade', i, 'partnerCode')], place('servicesTrade', i, 'partnerCode'));
      }
    });
  },
  examples: {
    pass: [{ note: 'Hong Kong is a partner', content: { servicesTrade: [{ partnerCode: 'HK' }] } }],
    fail: [
      {
        note: 'mainland partner',
        content: { servicesTrade: [{ partnerCode: 'US' }, { partnerCode: 'CN', direction: 'IMPORT' }] },
        cells: ['servicesTrade[1].partnerCode'],
      },
    ],
  },
});

export const duplicateTradeLines = defineRule({
  id: 'R-TRD-002',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'servicesTrade',
  title_zh: '同一服务类别、国别（地区）、方向只能填一行',
  title_en: 'One line per service category, partner economy and direction',
  messages: {
    duplicate: {
      zh: '服务进出口 {rowsZh} 重复：均为 {category} × {partner} × {directionZh}，请合并为一行',
      en: 'Services trade {rowsEn} repeat {category} × {partner} × {directionEn}; merge them into one line',
    },
  },
  run(ctx, report) {
    const groups = new Map<string, number[]>();
    (ctx.content.servicesTrade ?? []).forEach((l, i) => {
      if (!l.categoryCode || !l.partnerCode || !l.direction) return;
      const key = `${l.categoryCode}\u0000${l.partnerCode}\u0000${l.direction}`;
      const rows = groups.get(key);
      if (rows) rows.push(i);
      else groups.set(key, [i]);
    });
    for (const rows of groups.values()) {
      if (rows.length < 2) continue;
      const l = ctx.content.servicesTrade[rows[0]];
      const dir = ownValue(DIRECTION_LABELS, l.direction) ?? { zh: l.direction, en: l.direction };
      report(
        'duplicate',
        rows.map((i) => cellPath('servicesTrade', i)),
        {
          ...rowList(rows),
          category: l.categoryCode,
          partner: l.partnerCode,
          directionZh: dir.zh,
          directionEn: dir.en,
        },
      );
    }
  },
  examples: {
    pass: [
      {
        note: 'same category and partner in both directions',
        content: { servicesTrade: [{ direction: 'EXPORT' }, { direction: 'IMPORT' }] },
      },
    ],
    fail: [
      {
        note: 'SI × US export twice',
        content: { servicesTrade: [{ amount: 100 }, { categoryCode: 'SJ' }, { amount: 200 }] },
        cells: ['servicesTrade[0]', 'servicesTrade[2]'],
      },
    ],
  },
});

export const SERVICES_TRADE_RULES = [partnerNotMainland, duplicateTradeLines];
