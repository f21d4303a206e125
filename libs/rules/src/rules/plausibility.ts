import { MAINLAND } from '@portal/shared';
import { derive, round2 } from '../context';
import { defineRule, type Report } from '../define';
import { cellPath, formatAmount, formatPercent, type SectionKey } from '../labels';
import type { RuleContext, Totals } from '../model';

/** A size band: from this prior value up, a change of ±maxChangePct is accepted (a fall by the same factor). */
type Band = { priorFrom: number; maxChangePct: number };

const CHANGE_TOLERANCE = {
  /** Bands by the prior value of the measure itself, in USD. */
  amountBands: [
    { priorFrom: 0, maxChangePct: 300 },
    { priorFrom: 100_000, maxChangePct: 100 },
    { priorFrom: 1_000_000, maxChangePct: 50 },
  ] satisfies Band[],
  headcountBands: [
    { priorFrom: 0, maxChangePct: 300 },
    { priorFrom: 50, maxChangePct: 100 },
    { priorFrom: 500, maxChangePct: 50 },
  ] satisfies Band[],
  /** Smaller absolute changes never need an explanation, whatever the percentage. */
  minChangeUsd: 10_000,
  minChangeHeadcount: 10,
};

interface Measure {
  key: keyof Totals;
  zh: string;
  en: string;
  headcount: boolean;
  cells(ctx: RuleContext): string[];
}

const amountCellsWhere = <T>(section: SectionKey, lines: T[] | undefined, keep: (line: T) => boolean = () => true) => {
  const cells: string[] = [];
  (lines ?? []).forEach((line, i) => keep(line) && cells.push(cellPath(section, i, 'amount')));
  return cells.length > 0 ? cells : [section];
};

/** Executions and headcount are compared too; offshore execution is part of execution, so it is not repeated. */
const MEASURES: Measure[] = [
  {
    key: 'servicesExportsUsd',
    zh: '服务出口额',
    en: 'Services exports',
    headcount: false,
    cells: (ctx) => amountCellsWhere('servicesTrade', ctx.content.servicesTrade, (l) => l.direction === 'EXPORT'),
  },
  {
    key: 'servicesImportsUsd',
    zh: '服务进口额',
    en: 'Services imports',
    headcount: false,
    cells: (ctx) => amountCellsWhere('servicesTrade', ctx.content.servicesTrade, (l) => l.direction === 'IMPORT'),
  },
  {
    key: 'contractsSignedUsd',
    zh: '承接服务外包合同额',
    en: 'Outsourcing contracts signed',
    headcount: false,
    cells: (ctx) => amountCellsWhere('contracts', ctx.content.contracts),
  },
  {
    key: 'executedUsd',
    zh: '服务外包执行额',
    en: 'Outsourcing execution',
    headcount: false,
    cells: (ctx) => amountCellsWhere('executions', ctx.content.executions),
  },
  {
    key: 'headcount',
    zh: '从业人员数',
    en: 'Headcount',
    headcount: true,
    cells: (ctx) =>
      ctx.content.workforce
        ? ['juniorCollege', 'bachelor', 'master', 'doctor', 'other'].map((f) => cellPath('workforce', null, f))
        : ['workforce'],
  },
];

const CHANGE_MESSAGE = {
  zh: '{measureZh}{kindZh} {change}（{priorLabelZh} {prior}{unitZh}，本期 {current}{unitZh}），超出按规模设定的变动阈值（{up} / {down}）；请核实数据或说明原因',
  en: '{measureEn} changed {change} {kindEn} ({priorLabelEn} {prior} {unitEn}, this quarter {current} {unitEn}), beyond the size-based threshold ({up} / {down}); check the figures or explain',
};

function reportChanges(
  ctx: RuleContext,
  report: Report,
  tolerance: typeof CHANGE_TOLERANCE,
  prior: Totals | undefined,
  labels: { kindZh: string; kindEn: string; priorLabelZh: string; priorLabelEn: string },
): void {
  if (!prior) return;
  const current = derive(ctx).totals;
  for (const m of MEASURES) {
    const p = prior[m.key];
    const c = current[m.key];
    // Growth is undefined on a zero base (DOMAIN §6); nothing to compare.
    if (!(p > 0) || !Number.isFinite(c)) continue;
    const bands = m.headcount ? tolerance.headcountBands : tolerance.amountBands;
    const band = bands.reduce((found, b) => (p >= b.priorFrom ? b : found), bands[0]);
    const factor = 1 + band.maxChangePct / 100;
    const ratio = c / p;
    if (ratio <= factor && ratio >= 1 / factor) continue;
    const minChange = m.headcount ? tolerance.minChangeHeadcount : tolerance.minChangeUsd;
    if (Math.abs(c - p) < minChange) continue;
    const show = (v: number) => (m.headcount ? String(v) : formatAmount(v));
    report('change', m.cells(ctx), {
      ...labels,
      measure: m.key,
      measureZh: m.zh,
      measureEn: m.en,
      change: formatPercent(ratio - 1),
      prior: show(p),
      current: show(c),
      unitZh: m.headcount ? ' 人' : ' 美元',
      unitEn: m.headcount ? 'people' : 'USD',
      up: formatPercent(factor - 1),
      down: formatPercent(1 / factor - 1),
    });
  }
}

export const quarterOnQuarter = defineRule({
  id: 'R-CHG-001',
  version: 1,
  severity: 'EXPLAIN',
  subject: 'return',
  section: 'return',
  title_zh: '环比变动超过按规模设定的阈值',
  title_en: 'Quarter-on-quarter change beyond the size-based threshold',
  tolerance: CHANGE_TOLERANCE,
  messages: { change: CHANGE_MESSAGE },
  run(ctx, report, tolerance) {
    reportChanges(ctx, report, tolerance, ctx.history.previousQuarter, {
      kindZh: '环比',
      kindEn: 'quarter on quarter',
      priorLabelZh: '上期',
      priorLabelEn: 'previous quarter',
    });
  },
  examples: {
    pass: [
      {
        note: 'moderate changes',
        history: {
          previousQuarter: {
            servicesExportsUsd: 100000,
            contractsSignedUsd: 150000,
            executedUsd: 70000,
            headcount: 48,
          },
        },
      },
      {
        note: '+800 % on a tiny base is below 10,000 USD of change',
        content: { servicesTrade: [{ amount: 9000 }] },
        history: { previousQuarter: { servicesExportsUsd: 1000 } },
      },
      { note: 'no approved previous quarter' },
    ],
    fail: [
      {
        note: 'exports fell from 2 million to 120,000 (band ±50 %)',
        history: { previousQuarter: { servicesExportsUsd: 2000000 } },
        cells: ['servicesTrade[0].amount'],
      },
      {
        note: 'exports stopped entirely',
        content: { servicesTrade: [{ direction: 'IMPORT' }] },
        history: { previousQuarter: { servicesExportsUsd: 500000 } },
        cells: ['servicesTrade'],
      },
    ],
  },
});

export const yearOnYear = defineRule({
  id: 'R-CHG-002',
  version: 1,
  severity: 'EXPLAIN',
  subject: 'return',
  section: 'return',
  title_zh: '同比变动超过按规模设定的阈值',
  title_en: 'Year-on-year change beyond the size-based threshold',
  tolerance: CHANGE_TOLERANCE,
  messages: { change: CHANGE_MESSAGE },
  run(ctx, report, tolerance) {
    reportChanges(ctx, report, tolerance, ctx.history.sameQuarterLastYear, {
      kindZh: '同比',
      kindEn: 'year on year',
      priorLabelZh: '去年同期',
      priorLabelEn: 'same quarter last year',
    });
  },
  examples: {
    pass: [{ note: 'exports +20 %', history: { sameQuarterLastYear: { servicesExportsUsd: 100000 } } }],
    fail: [
      {
        note: 'execution from 15,000 to 80,000 (+433 %, band ±300 %) and headcount from 200 to 50',
        history: { sameQuarterLastYear: { executedUsd: 15000, headcount: 200 } },
        cells: [
          'executions[0].amount',
          'workforce.juniorCollege',
          'workforce.bachelor',
          'workforce.master',
          'workforce.doctor',
          'workforce.other',
        ],
      },
    ],
  },
});

const NEW_PARTNER_TOLERANCE = { minShare: 0.2, minUsd: 1_000_000, floorUsd: 10_000 };

export const newLargePartner = defineRule({
  id: 'R-PTN-001',
  version: 1,
  severity: 'EXPLAIN',
  subject: 'return',
  section: 'return',
  title_zh: '首次出现的大额伙伴经济体',
  title_en: 'A partner economy never reported before, with a large amount',
  tolerance: NEW_PARTNER_TOLERANCE,
  messages: {
    newPartner: {
      zh: '{partner} 为本企业首次填报的{flowZh}伙伴，金额 {amountUsd} 美元，占本期{flowZh} {share}；请核实国别（地区）或说明新业务情况',
      en: '{partner} is a new {flowEn} partner of this firm: USD {amountUsd}, {share} of this quarter’s {flowEn}; check the economy or explain the new business',
    },
  },
  run(ctx, report, tolerance) {
    const seen = ctx.history.partnersSeenBefore;
    // Without any approved history every partner is new; the rule would only restate the return.
    if (seen.size === 0) return;
    const { usd } = derive(ctx);
    const flows: Array<{ zh: string; en: string; section: SectionKey; rows: Array<[number, string]> }> = [
      { zh: '服务出口', en: 'services exports', section: 'servicesTrade', rows: [] },
      { zh: '服务进口', en: 'services imports', section: 'servicesTrade', rows: [] },
      { zh: '离岸合同', en: 'offshore contracts', section: 'contracts', rows: [] },
    ];
    (ctx.content.servicesTrade ?? []).forEach((l, i) => {
      if (l.direction === 'EXPORT') flows[0].rows.push([i, l.partnerCode]);
      else if (l.direction === 'IMPORT') flows[1].rows.push([i, l.partnerCode]);
    });
    (ctx.content.contracts ?? []).forEach(
      (c, i) => c.offshore === true && flows[2].rows.push([i, c.clientPartnerCode]),
    );
    for (const flow of flows) {
      const amounts = usd[flow.section === 'servicesTrade' ? 'servicesTrade' : 'contracts'];
      let total = 0;
      const byPartner = new Map<string, { usd: number; rows: number[] }>();
      for (const [row, partner] of flow.rows) {
        const amount = Math.max(0, amounts[row]);
        total += amount;
        if (!partner || partner === MAINLAND || seen.has(partner)) continue;
        const entry = byPartner.get(partner) ?? { usd: 0, rows: [] };
        entry.usd += amount;
        entry.rows.push(row);
        byPartner.set(partner, entry);
      }
      for (const [partner, { usd: amount, rows }] of byPartner) {
        const share = total > 0 ? amount / total : 0;
        const large = share >= tolerance.minShare || amount >= tolerance.minUsd;
        if (!large || amount < tolerance.floorUsd) continue;
        report(
          'newPartner',
          rows.map((i) => cellPath(flow.section, i, 'amount')),
          {
            partner,
            flowZh: flow.zh,
            flowEn: flow.en,
            amountUsd: formatAmount(round2(amount)),
            share: `${(share * 100).toFixed(1)}%`,
          },
        );
      }
    }
  },
  examples: {
    pass: [
      { note: 'partners seen before', history: { partnersSeenBefore: ['US'] } },
      {
        note: 'a new partner with 4 % of exports',
        content: { servicesTrade: [{ amount: 120000 }, { partnerCode: 'SG', amount: 5000 }] },
        history: { partnersSeenBefore: ['US'] },
      },
      { note: 'first return of the firm: no history to compare with' },
    ],
    fail: [
      {
        note: 'Germany appears with a third of exports',
        content: { servicesTrade: [{ amount: 120000 }, { partnerCode: 'DE', amount: 60000 }] },
        history: { partnersSeenBefore: ['US'] },
        cells: ['servicesTrade[1].amount'],
      },
      {
        note: 'a new Japanese client with a 1.5 million contract',
        content: {
          contracts: [{}, { contractNo: 'C-2021-002', clientPartnerCode: 'JP', amount: 1500000 }],
        },
        history: { partnersSeenBefore: ['US'] },
        cells: ['contracts[1].amount'],
      },
    ],
  },
});

const RECONCILIATION_TOLERANCE = { relative: 0.1, absoluteUsd: 10_000 };

export const offshoreWithinExports = defineRule({
  id: 'R-REC-001',
  version: 1,
  severity: 'EXPLAIN',
  subject: 'return',
  section: 'return',
  title_zh: '离岸服务外包执行额明显超过服务出口额',
  title_en: 'Offshore outsourcing execution well above services exports',
  tolerance: RECONCILIATION_TOLERANCE,
  messages: {
    exceeds: {
      zh: '本期离岸服务外包执行额 {offshoreUsd} 美元超过服务出口额 {exportsUsd} 美元 {excessUsd} 美元；离岸外包收入属于服务出口，请核实服务进出口是否漏报或说明原因',
      en: 'Offshore outsourcing execution USD {offshoreUsd} exceeds services exports USD {exportsUsd} by {excessUsd}; offshore outsourcing income is a services export, so check for missing export lines or explain',
    },
  },
  run(ctx, report, tolerance) {
    const { totals, contracts } = derive(ctx);
    const excess = round2(totals.offshoreExecutedUsd - totals.servicesExportsUsd);
    if (excess <= tolerance.absoluteUsd || excess <= tolerance.relative * totals.servicesExportsUsd) {
      return;
    }
    const cells: string[] = [];
    (ctx.content.executions ?? []).forEach((e, i) => {
      if (contracts.get(e.contractNo)?.offshore) cells.push(cellPath('executions', i, 'amount'));
    });
    report('exceeds', [...cells, 'servicesTrade'], {
      offshoreUsd: formatAmount(totals.offshoreExecutedUsd),
      exportsUsd: formatAmount(totals.servicesExportsUsd),
      excessUsd: formatAmount(excess),
    });
  },
  examples: {
    pass: [
      { note: 'offshore execution 80,000 within exports 120,000' },
      { note: 'slightly above, within 10,000 USD', content: { executions: [{ amount: 125000 }] } },
      {
        note: 'onshore execution does not count',
        content: {
          contracts: [{ clientPartnerCode: 'CN', offshore: false, amount: 600000 }],
          executions: [{ amount: 500000 }],
        },
      },
    ],
    fail: [
      {
        note: 'offshore execution 180,000 against exports 120,000',
        content: { executions: [{ amount: 180000 }] },
        cells: ['executions[0].amount', 'servicesTrade'],
      },
    ],
  },
});

export const PLAUSIBILITY_RULES = [quarterOnQuarter, yearOnYear, newLargePartner, offshoreWithinExports];
