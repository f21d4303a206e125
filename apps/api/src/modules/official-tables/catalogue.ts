import type { CellFormat, CatalogueEntry } from '@portal/shared';
import type { RecCodeField } from './engine';
import { outsourcingScope, ROW_KEY_DIMS, ROW_KEY_SCOPES, type RowKeyDim } from './row-key';

/*
 * The official tables as data (DOMAIN.md §6). Each definition says what a published table looks like — title,
 * unit line, header with merged group headings, which rows in which order, which measure each column shows and
 * how it is computed and printed — and one engine (engine.ts) interprets every definition. A new table is a new
 * entry here, not new code. Printed precision is part of the layout: `trunc0` truncates as the published so_t04
 * does, `amount1` rounds to one decimal.
 */

/** Where a table's figures come from (the maintained aggregates, or the workflow tables for the quality annex). */
export type Source = 'outsourcing' | 'trade' | 'workforce' | 'enterprise' | 'quality' | 'technology';

/** A measure of a record source: money (USD in the aggregates, printed in the table's money unit), persons, counts. */
export interface MeasureDef {
  money: boolean;
  /** Printed in 万人. */
  people?: boolean;
}

/**
 * What the engine knows of a record source (its reads are sources/<source>.source.ts): the measures its records
 * carry, whether they are stocks (a period shows its last quarter: headcount at quarter end), and the row-key
 * scope (row-key.ts) a table's rows are counted under for coverage — null when its rows are not counted by key.
 */
export interface SourceTraits {
  measures: Record<string, MeasureDef>;
  stock: boolean;
  rowKeyScope: (def: TableDef) => string | null;
  /**
   * A measure counting the items behind a record (technology: registered contracts): a row's coverage is that
   * count in the period shown, not approved returns by row key.
   */
  countMeasure?: string;
}

const money = { money: true } as const;
const count = { money: false } as const;

export const SOURCES: Record<Source, SourceTraits> = {
  outsourcing: {
    measures: {
      count,
      signed: money,
      executed: money,
      offshoreSigned: money,
      onshoreSigned: money,
      offshoreExecuted: money,
      onshoreExecuted: money,
    },
    stock: false,
    rowKeyScope: (def) => outsourcingScope(def.offshore),
  },
  trade: {
    measures: { total: money, export: money, import: money },
    stock: false,
    rowKeyScope: () => ROW_KEY_SCOPES.trade,
  },
  workforce: {
    measures: { headcount: { money: false, people: true } },
    stock: true,
    rowKeyScope: () => ROW_KEY_SCOPES.workforce,
  },
  // Firms are rows by themselves (their coverage is their own returns); a total counts like outsourcing's.
  enterprise: {
    measures: { executed: money, offshoreExecuted: money, signed: money },
    stock: false,
    rowKeyScope: (def) => outsourcingScope(def.offshore),
  },
  // The quality annex reads the workflow, not approved facts: no row keys.
  quality: {
    measures: {
      expected: count,
      reported: count,
      onTime: count,
      late: count,
      overdue: count,
      approved: count,
      openFindings: count,
      corrections: count,
    },
    stock: false,
    rowKeyScope: () => null,
  },
  // Registered technology contracts (agg_technology): export / import are 合同金额 by direction.
  technology: {
    measures: { count, amount: money, techFee: money, equipmentFee: money, export: money, import: money },
    stock: false,
    rowKeyScope: () => null,
    countMeasure: 'count',
  },
};

/**
 * Code lists whose codes can be rows (`codes` rows): the record field that carries a record's code of the list,
 * and the row-key dimension its rows are counted under (null: under the table's whole scope).
 */
export const CODE_ROW_LISTS = {
  'outsourcing-categories': { field: 'business', keyDim: ROW_KEY_DIMS.business },
  'service-categories': { field: 'category', keyDim: ROW_KEY_DIMS.category },
  'education-levels': { field: 'edu', keyDim: null },
  'enterprise-natures': { field: 'natureGroup', keyDim: ROW_KEY_DIMS.nature },
  'technology-modes': { field: 'mode', keyDim: null },
  'industries-2002': { field: 'industry2002', keyDim: null },
} as const satisfies Record<string, { field: RecCodeField; keyDim: RowKeyDim | null }>;
export type CodeRowList = keyof typeof CODE_ROW_LISTS;

export type Calc =
  | { kind: 'label' }
  | { kind: 'rank' }
  /** The name of the row's statistical area (enterprise rows). */
  | { kind: 'area' }
  | { kind: 'value'; measure: string; yearOffset?: number }
  /** 同比: current / same period a year earlier − 1; no base when that is 0. */
  | { kind: 'yoy'; measure: string }
  /** 占比: the row over the base — `all` is everything the table's filter admits (the offshore total, all contracts, …). */
  | { kind: 'share'; measure: string; base: 'all'; yearOffset?: number }
  /** 两年平均增长: √(current / two years earlier) − 1. */
  | { kind: 'twoYearAvg'; measure: string }
  /** 年均增长 (CAGR) over n years. */
  | { kind: 'cagr'; measure: string; years: number }
  /** 拉动 (pp): Δrow / prior total × 100. */
  | { kind: 'pull'; measure: string }
  /** 贡献率 (%): Δrow / Δtotal. */
  | { kind: 'contribution'; measure: string }
  /** A ratio of two measures of the same row (reporting rate = reported / expected). */
  | { kind: 'ratio'; num: string; den: string };

export interface ColumnDef {
  key: string;
  header: string[];
  calc: Calc;
  format: CellFormat;
  width?: number;
}

/** Columns repeated for each year of a range (app_t1: 2016…2021 × total / export / import). */
export interface YearColumnsDef {
  years: { from: number; to: number };
  /** `{year}` is replaced by the calendar year. */
  header: string;
  columns: { key: string; header: string; measure: string; format: CellFormat; width?: number }[];
}

export type RowSpec =
  /**
   * Codes of a list as rows: `levels` picks the levels shown (a tree when more than one), `order` by code-list
   * order or by a measure descending, `include` every code or only those with business now or a year earlier.
   */
  | {
      kind: 'codes';
      list: CodeRowList;
      levels: number[] | 'all';
      order: 'code' | { desc: string };
      include: 'all' | 'with-business';
      /** Label of a parent row: `{name}` is the code's name. */
      parentLabel?: string;
      /** Label of every row: `{n}` numbers the top-level rows, `{name}` the code's name. */
      label?: string;
      /** Printed in front of the first child of a parent (`其中：`). */
      firstChildPrefix?: string;
      /** Only codes whose attribute is true (service categories: `provincial`). */
      attr?: string;
      /** Group rows after the total: codes with an attribute (知识密集型服务 = knowledgeIntensive). */
      groups?: { key: string; label: string; attr: string }[];
      /** Label of a last row for records whose code is not in the list (技术贸易: 其他行业, industry unknown). */
      unclassified?: string;
    }
  /** Economies ranked by a measure, partner groups collapsed into one unit (EU), top N. */
  | { kind: 'ranked-partners'; rankBy: string; top: number; units: string[] }
  /** Member economies of a partner group valid in the period, with business, largest first. */
  | { kind: 'group-members'; group: string; order: { desc: string } }
  /** Cities of the territory (all of them), or statistical areas (district or zone) with business. */
  | { kind: 'regions'; level: 'city' | 'area' }
  /** Enterprises ranked by a measure, top N. */
  | { kind: 'ranked-enterprises'; rankBy: string; top: number }
  /** Continents (list `continents`) with their member economies (continent_member, effective-dated) beneath. */
  | { kind: 'continents'; order: { desc: string } };

export interface TableDef {
  id: string;
  group: CatalogueEntry['group'];
  description_zh: string;
  /**
   * Placeholders: {year} {prevYear} {firstYear} {periodLabel} {territory} {top} {topZh} {endMonth}.
   */
  title: string;
  /** {money} is 万美元 / 万元 (or 亿美元 / 亿元 when moneyScale is 1e8). */
  unitLine: string;
  moneyScale: 1e4 | 1e8;
  source: Source;
  /** Only offshore (true) or onshore (false) contracts; all when absent. */
  offshore?: boolean;
  /** Technology trade: only exports or imports; both when absent. */
  direction?: 'EXPORT' | 'IMPORT';
  rows: RowSpec;
  total?: { label: string; position: 'first' | 'last' };
  columns: ColumnDef[];
  yearColumns?: YearColumnsDef;
  /** How an undefined growth or share prints (the layout's convention). */
  missing: '—' | '-';
  notes: string[];
  sourceLine: string;
}

const SOURCE = '数据来源：陕西省商务厅。';
const W = { label: 30, num: 12, pct: 10 };

const amount1 = (key: string, header: string[], measure: string): ColumnDef => ({
  key,
  header,
  calc: { kind: 'value', measure },
  format: 'amount1',
  width: W.num,
});
const yoy = (key: string, header: string[], measure: string): ColumnDef => ({
  key,
  header,
  calc: { kind: 'yoy', measure },
  format: 'pct1',
  width: W.pct,
});
const share = (key: string, header: string[], measure: string, format: CellFormat = 'pct1'): ColumnDef => ({
  key,
  header,
  calc: { kind: 'share', measure, base: 'all' },
  format,
  width: W.pct,
});
const label = (header: string, width = W.label): ColumnDef => ({
  key: 'label',
  header: [header],
  calc: { kind: 'label' },
  format: 'text',
  width,
});

/*
 * Technology import and export contracts (DOMAIN.md §8): registered contracts only (agg_technology). 表12–表17 come
 * in pairs, one for exports and one for imports, of the same layout; shares and growth print as percentage numbers
 * under a "(%)" heading as the report does.
 */
const TECH_SOURCE = '数据来源：陕西省商务厅技术进出口合同登记。';
const DIRECTION_ZH = { EXPORT: '出口', IMPORT: '进口' } as const;
const pctNum = (key: string, header: string[], calc: Calc): ColumnDef => ({
  key,
  header,
  calc,
  format: 'pctnum1',
  width: W.pct,
});
const techCount = (key: string, header: string[], yearOffset = 0): ColumnDef => ({
  key,
  header,
  calc: { kind: 'value', measure: 'count', yearOffset },
  format: 'int',
  width: W.num,
});
const techAmount = (key: string, header: string[], measure: string, yearOffset = 0): ColumnDef => ({
  key,
  header,
  calc: { kind: 'value', measure, yearOffset },
  format: 'amount1',
  width: W.num,
});

function technologyTables(): TableDef[] {
  const byDirection = (direction: 'EXPORT' | 'IMPORT', n: { mode: number; industry: number; economy: number }) => {
    const d = DIRECTION_ZH[direction];
    const common = {
      group: 'technology' as const,
      moneyScale: 1e4 as const,
      source: 'technology' as const,
      direction,
      total: { label: '合计', position: 'first' as const },
      missing: '—' as const,
      sourceLine: TECH_SOURCE,
    };
    const mode: TableDef = {
      ...common,
      id: `tt_t${n.mode}`,
      description_zh: `技术${d}按方式：合同份数、合同金额及同比、技术费及同比、合同金额占比，本年与上年并列`,
      title: `表${n.mode}：{prevYear}-{year}年{territory}技术${d}情况（按方式）`,
      unitLine: '单位：{money}（份数=份，占比/同比=%）',
      rows: { kind: 'codes', list: 'technology-modes', levels: [1], order: 'code', include: 'all' },
      columns: [
        label('技术进出口方式'),
        techCount('count', ['合同份数(份)', '{year}年']),
        techCount('countPrev', ['合同份数(份)', '{prevYear}年'], -1),
        techAmount('amount', ['合同金额', '{year}年'], 'amount'),
        techAmount('amountPrev', ['合同金额', '{prevYear}年'], 'amount', -1),
        pctNum('amountYoy', ['合同金额', '同比(%)'], { kind: 'yoy', measure: 'amount' }),
        techAmount('techFee', ['技术费', '{year}年'], 'techFee'),
        techAmount('techFeePrev', ['技术费', '{prevYear}年'], 'techFee', -1),
        pctNum('techFeeYoy', ['技术费', '同比(%)'], { kind: 'yoy', measure: 'techFee' }),
        pctNum('amountShare', ['合同金额占比(%)', '{year}年'], { kind: 'share', measure: 'amount', base: 'all' }),
        pctNum('amountSharePrev', ['合同金额占比(%)', '{prevYear}年'], {
          kind: 'share',
          measure: 'amount',
          base: 'all',
          yearOffset: -1,
        }),
      ],
      notes: ['注：合同金额 = 技术费 + 设备费；按合同签订日期所在期间统计已登记合同。'],
    };
    const industry: TableDef = {
      ...common,
      id: `tt_t${n.industry}`,
      description_zh: `技术${d}按行业（GB/T 4754-2002 门类及其大类）：合同份数及占比、合同金额及同比和占比、技术费及占比`,
      title: `表${n.industry}：{periodLabel}{territory}技术${d}情况（按行业性质）`,
      unitLine: '单位：{money}（份数=份，占比/同比=%）',
      rows: {
        kind: 'codes',
        list: 'industries-2002',
        levels: [1, 2],
        order: { desc: 'amount' },
        include: 'with-business',
        unclassified: '其他行业',
      },
      columns: [
        label('行业'),
        techCount('count', ['合同份数(份)']),
        pctNum('countShare', ['合同份数占比(%)'], { kind: 'share', measure: 'count', base: 'all' }),
        techAmount('amount', ['合同金额({money})'], 'amount'),
        pctNum('amountYoy', ['合同金额同比(%)'], { kind: 'yoy', measure: 'amount' }),
        pctNum('amountShare', ['合同金额占比(%)'], { kind: 'share', measure: 'amount', base: 'all' }),
        techAmount('techFee', ['技术费({money})'], 'techFee'),
        pctNum('techFeeShare', ['技术费占比(%)'], { kind: 'share', measure: 'techFee', base: 'all' }),
      ],
      notes: ['注：行业按国民经济行业分类（GB/T 4754-2002）门类及其大类；行业不详的企业计入“其他行业”。'],
    };
    const economy: TableDef = {
      ...common,
      id: `tt_t${n.economy}`,
      description_zh: `技术${d}按国别（地区）：各洲及其国家（地区），合同份数、合同金额及同比和占比、技术费、设备费`,
      title: `表${n.economy}：{periodLabel}{territory}技术${d}情况（按国别地区）`,
      unitLine: '单位：{money}（份数=份，占比/同比=%）',
      rows: { kind: 'continents', order: { desc: 'amount' } },
      columns: [
        label('国别（地区）'),
        techCount('count', ['合同份数(份)']),
        techAmount('amount', ['合同金额({money})'], 'amount'),
        pctNum('amountYoy', ['合同金额同比(%)'], { kind: 'yoy', measure: 'amount' }),
        pctNum('amountShare', ['合同金额占比(%)'], { kind: 'share', measure: 'amount', base: 'all' }),
        techAmount('techFee', ['技术费({money})'], 'techFee'),
        techAmount('equipmentFee', ['设备费({money})'], 'equipmentFee'),
      ],
      notes: ['注：各洲所含国家（地区）按报告期末的归属统计。'],
    };
    return [mode, industry, economy];
  };
  const [t12, t13, t14] = byDirection('EXPORT', { mode: 12, industry: 13, economy: 14 });
  const [t15, t16, t17] = byDirection('IMPORT', { mode: 15, industry: 16, economy: 17 });
  return [
    {
      id: 'app_t2',
      group: 'technology',
      description_zh: '历年技术贸易进出口数据：按8种技术进出口方式，六年的进出口、出口、进口合同金额',
      title: '表2：历年{territory}技术贸易进出口数据（{firstYear}--{year}）',
      unitLine: '金额单位：{money}',
      moneyScale: 1e4,
      source: 'technology',
      rows: {
        kind: 'codes',
        list: 'technology-modes',
        levels: [1],
        order: 'code',
        include: 'all',
        label: '{n}、{name}',
      },
      total: { label: '合计', position: 'first' },
      columns: [label('类别', 26)],
      yearColumns: {
        years: { from: -5, to: 0 },
        header: '{year}',
        columns: [
          { key: 'total', header: '进出口', measure: 'amount', format: 'amount2', width: 11 },
          { key: 'export', header: '出口', measure: 'export', format: 'amount2', width: 11 },
          { key: 'import', header: '进口', measure: 'import', format: 'amount2', width: 11 },
        ],
      },
      missing: '—',
      notes: [],
      sourceLine: TECH_SOURCE,
    },
    t12,
    t13,
    t14,
    t15,
    t16,
    t17,
    {
      id: 'tt_nature',
      group: 'technology',
      description_zh: '技术进出口按企业性质：出口、进口合同金额及同比和占比',
      title: '{periodLabel}{territory}技术进出口情况（按企业性质）',
      unitLine: '单位：{money}（占比/同比=%）',
      moneyScale: 1e4,
      source: 'technology',
      rows: { kind: 'codes', list: 'enterprise-natures', levels: [1], order: 'code', include: 'with-business' },
      total: { label: '合计', position: 'first' },
      columns: [
        label('企业性质'),
        techAmount('export', ['技术出口', '合同金额'], 'export'),
        pctNum('exportYoy', ['技术出口', '同比(%)'], { kind: 'yoy', measure: 'export' }),
        pctNum('exportShare', ['技术出口', '占比(%)'], { kind: 'share', measure: 'export', base: 'all' }),
        techAmount('import', ['技术进口', '合同金额'], 'import'),
        pctNum('importYoy', ['技术进口', '同比(%)'], { kind: 'yoy', measure: 'import' }),
        pctNum('importShare', ['技术进口', '占比(%)'], { kind: 'share', measure: 'import', base: 'all' }),
      ],
      missing: '—',
      notes: [],
      sourceLine: TECH_SOURCE,
    },
  ];
}

export const TABLES: TableDef[] = [
  {
    id: 'so_t01',
    group: 'outsourcing',
    description_zh:
      '服务外包总体情况：按信息技术外包、业务流程外包、知识流程外包，合同数量、签约额、执行额及同比（在岸＋离岸）',
    title: '表1：{periodLabel}{territory}服务外包总体情况',
    unitLine: '单位：{money}（数量=项）',
    moneyScale: 1e4,
    source: 'outsourcing',
    rows: { kind: 'codes', list: 'outsourcing-categories', levels: [1], order: 'code', include: 'all' },
    total: { label: '总计', position: 'first' },
    columns: [
      label('合同类别'),
      {
        key: 'count',
        header: ['接包合同', '数量'],
        calc: { kind: 'value', measure: 'count' },
        format: 'int',
        width: W.num,
      },
      yoy('countYoy', ['接包合同', '数量同比'], 'count'),
      amount1('signed', ['接包合同签约', '金额'], 'signed'),
      yoy('signedYoy', ['接包合同签约', '金额同比'], 'signed'),
      amount1('executed', ['接包合同执行', '金额'], 'executed'),
      yoy('executedYoy', ['接包合同执行', '金额同比'], 'executed'),
    ],
    missing: '—',
    notes: ['注：含在岸和离岸业务。'],
    sourceLine: SOURCE,
  },
  {
    id: 'so_t02',
    group: 'outsourcing',
    description_zh: '服务外包离岸业务按业务类别和业务小类：签约额、执行额、同比及占全部离岸金额比重',
    title: '表2：{prevYear}-{year}年{territory}服务外包出口方式情况（离岸）',
    unitLine: '单位：{money}',
    moneyScale: 1e4,
    source: 'outsourcing',
    offshore: true,
    rows: {
      kind: 'codes',
      list: 'outsourcing-categories',
      levels: [1, 3],
      order: { desc: 'signed' },
      include: 'with-business',
      parentLabel: '{name} 业务小类',
    },
    total: { label: '总计', position: 'last' },
    columns: [
      label('业务类别'),
      amount1('signed', ['接包合同签订', '金额'], 'signed'),
      yoy('signedYoy', ['接包合同签订', '金额同比'], 'signed'),
      share('signedShare', ['接包合同签订', '占全部签约金额比重'], 'signed'),
      amount1('executed', ['接包合同执行', '金额'], 'executed'),
      yoy('executedYoy', ['接包合同执行', '金额同比'], 'executed'),
      share('executedShare', ['接包合同执行', '占全部执行金额比重'], 'executed'),
    ],
    missing: '-',
    notes: ['注：列出本期或上年同期有业务的全部业务小类，按签约金额从大到小排列。'],
    sourceLine: SOURCE,
  },
  {
    id: 'so_t04',
    group: 'outsourcing',
    description_zh: '服务外包离岸业务目的地前N位国家（地区），欧盟作为一个经济体参与排名，含全球合计',
    title: '表4：{periodLabel}{territory}服务外包目的地前{topZh}的国家（地区）',
    unitLine: '单位：{money}（数量=项）',
    moneyScale: 1e4,
    source: 'outsourcing',
    offshore: true,
    rows: { kind: 'ranked-partners', rankBy: 'signed', top: 5, units: ['EU'] },
    total: { label: '全球', position: 'first' },
    columns: [
      { key: 'rank', header: ['排名'], calc: { kind: 'rank' }, format: 'int', width: 6 },
      label('国家（地区）', 16),
      {
        key: 'count',
        header: ['接包合同', '数量'],
        calc: { kind: 'value', measure: 'count' },
        format: 'int',
        width: W.num,
      },
      yoy('countYoy', ['接包合同', '数量同比'], 'count'),
      share('countShare', ['接包合同', '数量占比'], 'count'),
      {
        key: 'signed',
        header: ['接包合同签约', '金额'],
        calc: { kind: 'value', measure: 'signed' },
        format: 'trunc0',
        width: W.num,
      },
      yoy('signedYoy', ['接包合同签约', '金额同比'], 'signed'),
      share('signedShare', ['接包合同签约', '金额占比'], 'signed'),
      {
        key: 'executed',
        header: ['接包合同执行', '金额'],
        calc: { kind: 'value', measure: 'executed' },
        format: 'trunc0',
        width: W.num,
      },
      yoy('executedYoy', ['接包合同执行', '金额同比'], 'executed'),
      share('executedShare', ['接包合同执行', '金额占比'], 'executed'),
    ],
    missing: '—',
    notes: ['注：离岸业务；欧盟按当期成员国合并后参与排名；金额取整数部分。'],
    sourceLine: SOURCE,
  },
  {
    id: 'so_bri',
    group: 'outsourcing',
    description_zh: '与“一带一路”共建国家的服务外包离岸业务，按国家，含合计及占全部离岸执行额比重',
    title: '{periodLabel}{territory}承接“一带一路”共建国家服务外包情况',
    unitLine: '单位：{money}（数量=项）',
    moneyScale: 1e4,
    source: 'outsourcing',
    offshore: true,
    rows: { kind: 'group-members', group: 'BRI', order: { desc: 'executed' } },
    total: { label: '一带一路共建国家合计', position: 'first' },
    columns: [
      label('国家（地区）', 20),
      { key: 'count', header: ['合同数量'], calc: { kind: 'value', measure: 'count' }, format: 'int', width: W.num },
      amount1('signed', ['签约金额', '金额'], 'signed'),
      yoy('signedYoy', ['签约金额', '同比'], 'signed'),
      amount1('executed', ['执行金额', '金额'], 'executed'),
      yoy('executedYoy', ['执行金额', '同比'], 'executed'),
      share('executedShare', ['执行金额', '占离岸执行总额比重'], 'executed'),
    ],
    missing: '—',
    notes: ['注：共建国家按当期有效的名单统计。'],
    sourceLine: SOURCE,
  },
  {
    id: 'so_rcep',
    group: 'outsourcing',
    description_zh: '与RCEP成员国的服务外包离岸业务，按国家，含合计及占全部离岸执行额比重',
    title: '{periodLabel}{territory}承接RCEP成员国服务外包情况',
    unitLine: '单位：{money}（数量=项）',
    moneyScale: 1e4,
    source: 'outsourcing',
    offshore: true,
    rows: { kind: 'group-members', group: 'RCEP', order: { desc: 'executed' } },
    total: { label: 'RCEP成员国合计', position: 'first' },
    columns: [
      label('国家（地区）', 20),
      { key: 'count', header: ['合同数量'], calc: { kind: 'value', measure: 'count' }, format: 'int', width: W.num },
      amount1('signed', ['签约金额', '金额'], 'signed'),
      yoy('signedYoy', ['签约金额', '同比'], 'signed'),
      amount1('executed', ['执行金额', '金额'], 'executed'),
      yoy('executedYoy', ['执行金额', '同比'], 'executed'),
      share('executedShare', ['执行金额', '占离岸执行总额比重'], 'executed'),
    ],
    missing: '—',
    notes: ['注：成员国按当期有效的名单统计（不含中国）。'],
    sourceLine: SOURCE,
  },
  {
    id: 'so_city',
    group: 'outsourcing',
    description_zh: '各市服务外包执行额：直接离岸、间接离岸（在岸）、合计、同比及占比',
    title: '{periodLabel}{territory}各市服务外包执行情况',
    unitLine: '单位：{money}',
    moneyScale: 1e4,
    source: 'outsourcing',
    rows: { kind: 'regions', level: 'city' },
    total: { label: '合计', position: 'first' },
    columns: [
      label('地区', 18),
      amount1('direct', ['直接离岸', '金额'], 'offshoreExecuted'),
      yoy('directYoy', ['直接离岸', '同比'], 'offshoreExecuted'),
      amount1('indirect', ['间接离岸', '金额'], 'onshoreExecuted'),
      yoy('indirectYoy', ['间接离岸', '同比'], 'onshoreExecuted'),
      amount1('total', ['合计', '金额'], 'executed'),
      yoy('totalYoy', ['合计', '同比'], 'executed'),
      share('totalShare', ['合计', '占比'], 'executed'),
    ],
    missing: '—',
    notes: ['注：直接离岸为离岸合同执行额，间接离岸为在岸合同执行额；直接离岸＋间接离岸＝合计。'],
    sourceLine: SOURCE,
  },
  {
    id: 'so_area',
    group: 'outsourcing',
    description_zh: '各区县、园区服务外包合同金额和执行金额（园区内企业计入园区）：各分直接离岸、间接离岸、合计及占比',
    title: '{periodLabel}{territory}各区县（园区）服务外包执行情况',
    unitLine: '单位：{money}',
    moneyScale: 1e4,
    source: 'outsourcing',
    rows: { kind: 'regions', level: 'area' },
    total: { label: '合计', position: 'first' },
    // As published (DOMAIN.md §6): a 合同金额 half and an 执行金额 half, each direct / indirect / total / share.
    columns: [
      label('区县（园区）', 22),
      amount1('signedDirect', ['合同金额', '直接离岸'], 'offshoreSigned'),
      amount1('signedIndirect', ['合同金额', '间接离岸'], 'onshoreSigned'),
      amount1('signedTotal', ['合同金额', '合计'], 'signed'),
      share('signedShare', ['合同金额', '占比'], 'signed'),
      amount1('direct', ['执行金额', '直接离岸'], 'offshoreExecuted'),
      amount1('indirect', ['执行金额', '间接离岸'], 'onshoreExecuted'),
      amount1('total', ['执行金额', '合计'], 'executed'),
      share('totalShare', ['执行金额', '占比'], 'executed'),
    ],
    missing: '—',
    notes: ['注：位于开发区（园区）的企业计入园区，其余计入所在区县。'],
    sourceLine: SOURCE,
  },
  {
    id: 'so_top_enterprises',
    group: 'outsourcing',
    description_zh: '服务外包执行额前N位企业（在岸＋离岸），含离岸执行额及占地区执行总额比重',
    title: '{periodLabel}{territory}服务外包执行额前{top}位企业',
    unitLine: '单位：{money}',
    moneyScale: 1e4,
    source: 'enterprise',
    rows: { kind: 'ranked-enterprises', rankBy: 'executed', top: 10 },
    columns: [
      { key: 'rank', header: ['排名'], calc: { kind: 'rank' }, format: 'int', width: 6 },
      label('企业名称', 36),
      { key: 'area', header: ['所在区县（园区）'], calc: { kind: 'area' }, format: 'text', width: 18 },
      amount1('executed', ['执行额', '金额'], 'executed'),
      yoy('executedYoy', ['执行额', '同比'], 'executed'),
      share('executedShare', ['执行额', '占比'], 'executed'),
      amount1('offshore', ['其中：离岸执行额'], 'offshoreExecuted'),
    ],
    missing: '—',
    notes: ['注：企业名称及所在地区按报告期有效的企业基本情况。'],
    sourceLine: SOURCE,
  },
  {
    id: 'so_t08',
    group: 'workforce',
    description_zh: '服务外包从业人员按学历（期末人数，年度取第四季度末）：人数及比重',
    title: '表8：截至{endMonth}{territory}服务外包从业人员情况',
    unitLine: '单位：万人',
    moneyScale: 1e4,
    source: 'workforce',
    rows: {
      kind: 'codes',
      list: 'education-levels',
      levels: 'all',
      order: 'code',
      include: 'all',
      firstChildPrefix: '其中：',
    },
    total: { label: '合计', position: 'first' },
    columns: [
      label('学历情况', 16),
      {
        key: 'headcount',
        header: ['从业人数'],
        calc: { kind: 'value', measure: 'headcount' },
        format: 'amount1',
        width: W.num,
      },
      share('share', ['比重(%)'], 'headcount'),
    ],
    missing: '—',
    notes: ['注：大学学历＝专科＋本科以上；本科以上＝本科＋硕士＋博士；合计＝大学学历＋其它。'],
    sourceLine: SOURCE,
  },
  {
    id: 'so_nature',
    group: 'outsourcing',
    description_zh: '服务外包离岸业务按企业性质（内资、港澳台商投资、外商投资）：合同额、执行额及比重',
    title: '{periodLabel}{territory}服务外包离岸业务（按企业性质）',
    unitLine: '单位：{money}（占比=%）',
    moneyScale: 1e8,
    source: 'outsourcing',
    offshore: true,
    rows: {
      kind: 'codes',
      list: 'enterprise-natures',
      levels: [1],
      order: { desc: 'signed' },
      include: 'with-business',
    },
    columns: [
      label('企业性质', 24),
      amount1('signed', ['离岸合同额'], 'signed'),
      share('signedShare', ['占合同总额比重'], 'signed', 'pctnum1'),
      amount1('executed', ['离岸执行额'], 'executed'),
      share('executedShare', ['占执行总额比重'], 'executed', 'pctnum1'),
    ],
    missing: '—',
    notes: ['注：企业性质按报告期有效的企业基本情况。'],
    sourceLine: SOURCE,
  },
  {
    id: 'app_t1',
    group: 'trade',
    description_zh: '服务贸易按11个省级类别的历年进出口、出口、进口（默认近六年）',
    title: '表1：历年{territory}服务贸易进出口数据（{firstYear}--{year}）',
    unitLine: '金额单位：{money}',
    moneyScale: 1e4,
    source: 'trade',
    rows: {
      kind: 'codes',
      list: 'service-categories',
      levels: [1],
      order: 'code',
      include: 'all',
      attr: 'provincial',
      label: '{n}、{name}',
    },
    total: { label: '总额', position: 'first' },
    columns: [label('行业', 26)],
    yearColumns: {
      years: { from: -5, to: 0 },
      header: '{year}年',
      columns: [
        { key: 'total', header: '进出口', measure: 'total', format: 'amount2', width: 13 },
        { key: 'export', header: '出口', measure: 'export', format: 'amount2', width: 13 },
        { key: 'import', header: '进口', measure: 'import', format: 'amount2', width: 13 },
      ],
    },
    missing: '—',
    notes: ['注：不含政府服务；年度为四个季度之和。'],
    sourceLine: SOURCE,
  },
  {
    id: 'st_category',
    group: 'trade',
    description_zh: '服务贸易分类别：进出口、出口、进口、同比、两年平均增长、占比、拉动及贡献率，含知识密集型服务',
    title: '{periodLabel}{territory}服务贸易分类别情况',
    unitLine: '单位：{money}',
    moneyScale: 1e4,
    source: 'trade',
    rows: {
      kind: 'codes',
      list: 'service-categories',
      levels: [1],
      order: 'code',
      include: 'all',
      attr: 'provincial',
      groups: [{ key: 'KIS', label: '其中：知识密集型服务', attr: 'knowledgeIntensive' }],
    },
    total: { label: '总额', position: 'first' },
    columns: [
      label('类别', 26),
      amount1('total', ['进出口', '金额'], 'total'),
      yoy('totalYoy', ['进出口', '同比'], 'total'),
      {
        key: 'total2y',
        header: ['进出口', '两年平均增长'],
        calc: { kind: 'twoYearAvg', measure: 'total' },
        format: 'pct1',
        width: W.pct,
      },
      share('totalShare', ['进出口', '占比'], 'total'),
      {
        key: 'pull',
        header: ['进出口', '拉动（百分点）'],
        calc: { kind: 'pull', measure: 'total' },
        format: 'pp1',
        width: W.pct,
      },
      {
        key: 'contribution',
        header: ['进出口', '贡献率'],
        calc: { kind: 'contribution', measure: 'total' },
        format: 'pct1',
        width: W.pct,
      },
      amount1('export', ['出口', '金额'], 'export'),
      yoy('exportYoy', ['出口', '同比'], 'export'),
      amount1('import', ['进口', '金额'], 'import'),
      yoy('importYoy', ['进口', '同比'], 'import'),
    ],
    missing: '—',
    notes: ['注：知识密集型服务＝保险、金融、电信计算机和信息、知识产权使用费、个人文化和娱乐、其他商业服务。'],
    sourceLine: SOURCE,
  },
  {
    id: 'st_partner',
    group: 'trade',
    description_zh: '服务贸易主要伙伴前N位（欧盟作为一个经济体），含全球合计',
    title: '{periodLabel}{territory}服务贸易主要伙伴（前{top}位）',
    unitLine: '单位：{money}',
    moneyScale: 1e4,
    source: 'trade',
    rows: { kind: 'ranked-partners', rankBy: 'total', top: 10, units: ['EU'] },
    total: { label: '全球', position: 'first' },
    columns: [
      { key: 'rank', header: ['排名'], calc: { kind: 'rank' }, format: 'int', width: 6 },
      label('国家（地区）', 16),
      amount1('total', ['进出口', '金额'], 'total'),
      yoy('totalYoy', ['进出口', '同比'], 'total'),
      share('totalShare', ['进出口', '占比'], 'total'),
      amount1('export', ['出口', '金额'], 'export'),
      yoy('exportYoy', ['出口', '同比'], 'export'),
      amount1('import', ['进口', '金额'], 'import'),
      yoy('importYoy', ['进口', '同比'], 'import'),
    ],
    missing: '—',
    notes: ['注：欧盟按当期成员国合并后参与排名。'],
    sourceLine: SOURCE,
  },
  {
    id: 'st_city',
    group: 'trade',
    description_zh: '各市服务贸易进出口、出口、进口、同比及占比',
    title: '{periodLabel}{territory}各市服务贸易情况',
    unitLine: '单位：{money}',
    moneyScale: 1e4,
    source: 'trade',
    rows: { kind: 'regions', level: 'city' },
    total: { label: '合计', position: 'first' },
    columns: [
      label('地区', 18),
      amount1('total', ['进出口', '金额'], 'total'),
      yoy('totalYoy', ['进出口', '同比'], 'total'),
      share('totalShare', ['进出口', '占比'], 'total'),
      amount1('export', ['出口', '金额'], 'export'),
      yoy('exportYoy', ['出口', '同比'], 'export'),
      amount1('import', ['进口', '金额'], 'import'),
      yoy('importYoy', ['进口', '同比'], 'import'),
    ],
    missing: '—',
    notes: [],
    sourceLine: SOURCE,
  },
  {
    id: 'qa_reporting',
    group: 'quality',
    description_zh:
      '数据质量附表：各市应报、已报、报送率、按时报送率、逾期报送与逾期未报、审核通过、待说明问题及更正次数',
    title: '附表：{periodLabel}{territory}统计报表报送质量情况',
    unitLine: '单位：家、个、次',
    moneyScale: 1e4,
    source: 'quality',
    rows: { kind: 'regions', level: 'city' },
    total: { label: '合计', position: 'first' },
    columns: [
      label('地区', 18),
      {
        key: 'expected',
        header: ['应报企业'],
        calc: { kind: 'value', measure: 'expected' },
        format: 'int',
        width: W.num,
      },
      {
        key: 'reported',
        header: ['已报', '企业'],
        calc: { kind: 'value', measure: 'reported' },
        format: 'int',
        width: W.num,
      },
      {
        key: 'rate',
        header: ['已报', '报送率'],
        calc: { kind: 'ratio', num: 'reported', den: 'expected' },
        format: 'pct1',
        width: W.pct,
      },
      {
        key: 'onTime',
        header: ['按时报送', '企业'],
        calc: { kind: 'value', measure: 'onTime' },
        format: 'int',
        width: W.num,
      },
      {
        key: 'onTimeRate',
        header: ['按时报送', '及时率'],
        calc: { kind: 'ratio', num: 'onTime', den: 'expected' },
        format: 'pct1',
        width: W.pct,
      },
      {
        key: 'late',
        header: ['逾期', '逾期报送'],
        calc: { kind: 'value', measure: 'late' },
        format: 'int',
        width: W.num,
      },
      {
        key: 'overdue',
        header: ['逾期', '逾期未报'],
        calc: { kind: 'value', measure: 'overdue' },
        format: 'int',
        width: W.num,
      },
      {
        key: 'approved',
        header: ['审核通过'],
        calc: { kind: 'value', measure: 'approved' },
        format: 'int',
        width: W.num,
      },
      {
        key: 'openFindings',
        header: ['待说明问题'],
        calc: { kind: 'value', measure: 'openFindings' },
        format: 'int',
        width: W.num,
      },
      {
        key: 'corrections',
        header: ['更正次数'],
        calc: { kind: 'value', measure: 'corrections' },
        format: 'int',
        width: W.num,
      },
    ],
    missing: '—',
    notes: [
      '注：应报企业为报告期内在册且未获豁免的企业（每季度计一次）；已报含零申报；及时率以首次上报时间计；逾期未报为截止时间（北京时间）已过、尚未上报且无有效延期的企业。',
    ],
    sourceLine: '数据来源：服务贸易与服务外包统计直报平台。',
  },
  ...technologyTables(),
];

export function tableDef(id: string): TableDef | undefined {
  return TABLES.find((t) => t.id === id);
}
