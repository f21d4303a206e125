import { parseTablePeriod, type CellFormat } from '@portal/shared';
import type { Calc, ColumnDef, TableDef } from './catalogue';
import {
  buildTable,
  formatCell,
  headerCells,
  shortTitleTemplate,
  type CodeNode,
  type EngineInput,
  type EngineOutput,
  type Rec,
} from './engine';

/*
 * Scenarios for the table engine, one small named data set each (like ghostfolio's calculator specs). Every
 * expected figure is worked out by hand in the comment beside it from the records given, never by the engine.
 * Amounts are given in 万 (× 10,000 USD in the records) so the arithmetic reads as printed.
 */

const wan = (x: number) => x * 1e4;

const code = (
  c: string,
  nameZh: string,
  parentCode: string | null,
  level: number | null,
  sortOrder: number,
  attrs: Record<string, unknown> = {},
): CodeNode => ({ code: c, nameZh, parentCode, level, sortOrder, attrs });

const label = (header = '项目'): ColumnDef => ({
  key: 'label',
  header: [header],
  calc: { kind: 'label' },
  format: 'text',
});
const col = (key: string, calc: Calc, format: CellFormat = 'pct1', header = [key]): ColumnDef => ({
  key,
  header,
  calc,
  format,
});
const value = (key: string, measure: string, format: CellFormat = 'amount1') =>
  col(key, { kind: 'value', measure }, format);

function table(t: Pick<TableDef, 'source' | 'rows' | 'columns'> & Partial<TableDef>): TableDef {
  return {
    id: 'spec',
    group: 'trade',
    description_zh: '',
    title: '{periodLabel}{territory}',
    unitLine: '单位：{money}',
    moneyScale: 1e4,
    missing: '—',
    notes: [],
    sourceLine: '',
    ...t,
  };
}

function input(def: TableDef, records: Rec[], more: Partial<EngineInput> = {}): EngineInput {
  return {
    def,
    period: parseTablePeriod('2021Q4')!,
    currency: 'USD',
    territory: { code: 'P61', nameZh: '陕西省', kind: 'province' },
    records,
    rates: new Map(),
    codes: [],
    regions: [],
    partnerNames: new Map(),
    groupNames: new Map(),
    groupMembers: () => new Set(),
    ...more,
  };
}

/** Printed text of every cell, by row key and column key. */
function printed(out: EngineOutput): Record<string, Record<string, string>> {
  return Object.fromEntries(
    out.rows.map((r) => [r.key, Object.fromEntries(out.columns.map((c, i) => [c.key, r.cells[i].text]))]),
  );
}

describe('engine: the measures (services trade by category, 2021Q4 against 2020Q4 and 2019Q4)', () => {
  // SC01 is knowledge-intensive, SC02 not, SC03 is not a provincial category (never a row).
  const codes = [
    code('SC01', '金融服务', null, 1, 1, { provincial: true, knowledgeIntensive: true }),
    code('SC02', '运输', null, 1, 2, { provincial: true }),
    code('SC03', '政府服务', null, 1, 3, {}),
  ];
  const trade = (period: string, category: string, exp: number, imp: number): Rec => ({
    period,
    category,
    m: { export: wan(exp), import: wan(imp), total: wan(exp + imp) },
  });
  const records = [
    trade('2021Q4', 'SC01', 100, 50), // total 150
    trade('2021Q4', 'SC02', 40, 20), //  total  60   → 2021: 210
    trade('2020Q4', 'SC01', 80, 40), //  total 120
    trade('2020Q4', 'SC02', 50, 30), //  total  80   → 2020: 200
    trade('2019Q4', 'SC01', 70, 30), //  total 100
    trade('2019Q4', 'SC02', 30, 20), //  total  50   → 2019: 150
  ];
  const def = table({
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
      label(),
      value('total', 'total'),
      col('yoy', { kind: 'yoy', measure: 'total' }),
      col('twoYear', { kind: 'twoYearAvg', measure: 'total' }),
      col('share', { kind: 'share', measure: 'total', base: 'all' }),
      col('pull', { kind: 'pull', measure: 'total' }, 'pp1'),
      col('contribution', { kind: 'contribution', measure: 'total' }),
      value('export', 'export'),
      col('exportYoy', { kind: 'yoy', measure: 'export' }),
    ],
  });
  const out = buildTable(input(def, records, { codes }));
  const t = printed(out);

  it('orders the total first, then the group row, then the categories in code-list order', () => {
    expect(out.rows.map((r) => [r.key, r.label, r.kind])).toEqual([
      ['total', '总额', 'total'],
      ['KIS', '其中：知识密集型服务', 'subtotal'],
      ['SC01', '金融服务', 'item'],
      ['SC02', '运输', 'item'],
    ]);
  });

  it('同比 = current / a year earlier − 1', () => {
    expect(t.total.yoy).toBe('5.0%'); // 210 / 200 − 1
    expect(t.SC01.yoy).toBe('25.0%'); // 150 / 120 − 1
    expect(t.SC02.yoy).toBe('-25.0%'); // 60 / 80 − 1
    expect(t.SC01.exportYoy).toBe('25.0%'); // 100 / 80 − 1
    expect(t.SC02.exportYoy).toBe('-20.0%'); // 40 / 50 − 1
  });

  it('两年平均 = √(current / two years earlier) − 1', () => {
    expect(t.total.twoYear).toBe('18.3%'); // √(210 / 150) − 1 = 0.18322
    expect(t.SC01.twoYear).toBe('22.5%'); // √(150 / 100) − 1 = 0.22474
    expect(t.SC02.twoYear).toBe('9.5%'); // √(60 / 50) − 1 = 0.09545
  });

  it('占比 over the base `all`: everything the table admits (the total row is 100%)', () => {
    expect(t.total.share).toBe('100.0%');
    expect(t.SC01.share).toBe('71.4%'); // 150 / 210
    expect(t.SC02.share).toBe('28.6%'); // 60 / 210
  });

  it('拉动 (pp) = Δrow / prior total × 100', () => {
    expect(t.total.pull).toBe('5.0'); // 10 / 200 × 100
    expect(t.SC01.pull).toBe('15.0'); // 30 / 200 × 100
    expect(t.SC02.pull).toBe('-10.0'); // −20 / 200 × 100
  });

  it('贡献率 = Δrow / Δtotal', () => {
    expect(t.total.contribution).toBe('100.0%'); // 10 / 10
    expect(t.SC01.contribution).toBe('300.0%'); // 30 / 10
    expect(t.SC02.contribution).toBe('-200.0%'); // −20 / 10
  });

  it('sums a group row over the codes with its attribute (知识密集型服务 = SC01 here)', () => {
    expect(t.KIS).toEqual({ ...t.SC01, label: '其中：知识密集型服务' });
    expect(t.total.total).toBe('210.0');
    expect(t.SC01.total).toBe('150.0');
    expect(t.SC02.export).toBe('40.0');
  });

  it('counts the rows under their service-category row keys (the group row under each member)', () => {
    const scope = Object.fromEntries(out.rows.map((r) => [r.key, r.scope.rowKeys]));
    expect(scope).toEqual({ total: ['T:*'], KIS: ['T:C:SC01'], SC01: ['T:C:SC01'], SC02: ['T:C:SC02'] });
  });
});

describe('engine: 年均增长 over n years and growth without a base', () => {
  const codes = [code('A', '甲', null, 1, 1), code('B', '乙', null, 1, 2), code('C', '丙', null, 1, 3)];
  const rec = (period: string, category: string, total: number): Rec => ({
    period,
    category,
    m: { total: wan(total), export: wan(total), import: 0 },
  });
  const def = table({
    source: 'trade',
    rows: { kind: 'codes', list: 'service-categories', levels: [1], order: 'code', include: 'all' },
    columns: [
      label(),
      value('total', 'total'),
      col('cagr3', { kind: 'cagr', measure: 'total', years: 3 }),
      col('twoYear', { kind: 'twoYearAvg', measure: 'total' }),
      col('yoy', { kind: 'yoy', measure: 'total' }),
    ],
  });
  const t = printed(
    buildTable(
      input(
        def,
        [
          rec('2021Q4', 'A', 133.1), // A: 133.1 against 100 three years earlier
          rec('2018Q4', 'A', 100),
          rec('2020Q4', 'A', 121),
          rec('2019Q4', 'A', 110),
          rec('2021Q4', 'B', 50), //   B: nothing in 2018, 2019, 2020
          rec('2018Q4', 'C', 80), //   C: fell to nothing
          rec('2019Q4', 'C', 40),
          rec('2020Q4', 'C', 20),
        ],
        { codes },
      ),
    ),
  );

  it('年均增长 = (current / n years earlier)^(1/n) − 1', () => {
    expect(t.A.cagr3).toBe('10.0%'); // (133.1 / 100)^(1/3) − 1 = 0.1
    expect(t.A.twoYear).toBe('10.0%'); // √(133.1 / 110) − 1 = 0.1
    expect(t.A.yoy).toBe('10.0%'); // 133.1 / 121 − 1 = 0.1
    expect(t.C.cagr3).toBe('-100.0%'); // (0 / 80)^(1/3) − 1
    expect(t.C.yoy).toBe('-100.0%'); // 0 / 20 − 1
  });

  it('prints the layout’s marker where the base is 0', () => {
    expect(t.B.cagr3).toBe('—');
    expect(t.B.twoYear).toBe('—');
    expect(t.B.yoy).toBe('—');
    expect(t.B.total).toBe('50.0');
  });

  it('uses `-` where the layout prints that', () => {
    const dashed = printed(buildTable(input({ ...def, missing: '-' }, [rec('2021Q4', 'B', 50)], { codes })));
    expect(dashed.B.yoy).toBe('-');
  });
});

describe('engine: missing bases of shares, 拉动 and 贡献率', () => {
  const codes = [code('A', '甲', null, 1, 1), code('B', '乙', null, 1, 2)];
  const def = table({
    source: 'trade',
    rows: { kind: 'codes', list: 'service-categories', levels: [1], order: 'code', include: 'all' },
    total: { label: '合计', position: 'first' },
    columns: [
      label(),
      value('total', 'total'),
      col('share', { kind: 'share', measure: 'total', base: 'all' }),
      col('pull', { kind: 'pull', measure: 'total' }, 'pp1'),
      col('contribution', { kind: 'contribution', measure: 'total' }),
    ],
  });
  const rec = (period: string, category: string, total: number): Rec => ({
    period,
    category,
    m: { total: wan(total), export: wan(total), import: 0 },
  });

  it('has no share when the base is 0, no 拉动 without a prior total', () => {
    const t = printed(buildTable(input(def, [], { codes })));
    expect(t.total).toEqual({ label: '合计', total: '0.0', share: '—', pull: '—', contribution: '—' });
    expect(t.A.share).toBe('—');
  });

  it('has no 贡献率 when the total did not change (Δtotal = 0)', () => {
    // A 60 → 40, B 40 → 60: total 100 both years.
    const t = printed(
      buildTable(
        input(def, [rec('2021Q4', 'A', 40), rec('2021Q4', 'B', 60), rec('2020Q4', 'A', 60), rec('2020Q4', 'B', 40)], {
          codes,
        }),
      ),
    );
    expect(t.A.contribution).toBe('—');
    expect(t.A.pull).toBe('-20.0'); // −20 / 100 × 100
    expect(t.B.pull).toBe('20.0');
    expect(t.A.share).toBe('40.0%');
  });
});

describe('engine: a code tree, ordered by amount, with sub-categories that had business now or a year earlier', () => {
  // Offshore outsourcing (so_t02's layout): level 1 subtotals over their level-3 sub-categories, total last.
  const codes = [
    code('ITO', '信息技术外包', null, 1, 1),
    code('ITO-A', '软件', 'ITO', 2, 2),
    code('ITO-A-01', '软件研发', 'ITO-A', 3, 3),
    code('ITO-A-02', '软件测试', 'ITO-A', 3, 4),
    code('ITO-A-03', '软件运维', 'ITO-A', 3, 5),
    code('BPO', '业务流程外包', null, 1, 6),
    code('BPO-X', '运营', 'BPO', 2, 7),
    code('BPO-X-01', '供应链', 'BPO-X', 3, 8),
  ];
  const rec = (period: string, business: string, signed: number): Rec => ({
    period,
    business,
    offshore: true,
    m: { signed: wan(signed), count: 1, executed: 0, offshoreExecuted: 0, onshoreExecuted: 0 },
  });
  const def = table({
    source: 'outsourcing',
    offshore: true,
    missing: '-',
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
      label(),
      value('signed', 'signed'),
      col('yoy', { kind: 'yoy', measure: 'signed' }),
      col('share', { kind: 'share', measure: 'signed', base: 'all' }),
    ],
  });
  const out = buildTable(
    input(
      def,
      [
        rec('2021Q4', 'ITO-A-01', 100), // ITO-A-02 fell to nothing; ITO-A-03 never had business
        rec('2020Q4', 'ITO-A-01', 50),
        rec('2020Q4', 'ITO-A-02', 50),
        rec('2021Q4', 'BPO-X-01', 30), //  BPO is new this year
      ],
      { codes },
    ),
  );
  const t = printed(out);

  it('lists subtotals over their sub-categories by signed amount, keeps one that fell to zero, total last', () => {
    expect(out.rows.map((r) => [r.key, r.label, r.kind, r.level])).toEqual([
      ['ITO', '信息技术外包 业务小类', 'subtotal', 0],
      ['ITO-A-01', '软件研发', 'item', 1],
      ['ITO-A-02', '软件测试', 'item', 1],
      ['BPO', '业务流程外包 业务小类', 'subtotal', 0],
      ['BPO-X-01', '供应链', 'item', 1],
      ['total', '总计', 'total', 0],
    ]);
  });

  it('takes a parent’s growth from its full prior aggregate, the member that fell to zero included', () => {
    // ITO: 100 against 50 + 50 — not against 50 (its only member with business now).
    expect(t.ITO).toEqual({ label: '信息技术外包 业务小类', signed: '100.0', yoy: '0.0%', share: '76.9%' }); // 100 / 130
    expect(t['ITO-A-01']).toEqual({ label: '软件研发', signed: '100.0', yoy: '100.0%', share: '76.9%' });
    expect(t['ITO-A-02']).toEqual({ label: '软件测试', signed: '0.0', yoy: '-100.0%', share: '0.0%' });
    expect(t.BPO).toEqual({ label: '业务流程外包 业务小类', signed: '30.0', yoy: '-', share: '23.1%' }); // 30 / 130
    expect(t.total).toEqual({ label: '总计', signed: '130.0', yoy: '30.0%', share: '100.0%' }); // 130 / 100 − 1
  });

  it('counts each row under the business row key of its code, at every level', () => {
    expect(out.rows.map((r) => r.scope.rowKeys)).toEqual([
      ['OO:B:ITO'],
      ['OO:B:ITO-A-01'],
      ['OO:B:ITO-A-02'],
      ['OO:B:BPO'],
      ['OO:B:BPO-X-01'],
      ['OO:*'],
    ]);
  });
});

describe('engine: top N partners with the EU ranked as one economy, membership as of each quarter', () => {
  // HR joins the EU in 2021: its 2020 business is its own, its 2021 business the EU's.
  const eu = (quarter: string) => new Set(quarter.startsWith('2021') ? ['DE', 'FR', 'HR'] : ['DE', 'FR']);
  const rec = (period: string, partner: string, signed: number): Rec => ({
    period,
    partner,
    offshore: true,
    m: { signed: wan(signed), count: 0, executed: 0, offshoreExecuted: 0, onshoreExecuted: 0 },
  });
  const records = [
    rec('2021Q4', 'DE', 30),
    rec('2021Q4', 'FR', 25),
    rec('2021Q4', 'HR', 5), //  EU 2021: 60
    rec('2021Q4', 'US', 50),
    rec('2021Q4', 'JP', 40),
    rec('2021Q4', 'KR', 10), // 2021: 160
    rec('2020Q4', 'DE', 20),
    rec('2020Q4', 'FR', 20), // EU 2020: 40
    rec('2020Q4', 'HR', 10),
    rec('2020Q4', 'US', 60),
    rec('2020Q4', 'KR', 10), // 2020: 120
  ];
  const def = table({
    source: 'outsourcing',
    offshore: true,
    title: '{territory}前{topZh}的国家（地区）',
    rows: { kind: 'ranked-partners', rankBy: 'signed', top: 3, units: ['EU'] },
    total: { label: '全球', position: 'first' },
    columns: [
      col('rank', { kind: 'rank' }, 'int'),
      label(),
      value('signed', 'signed'),
      col('yoy', { kind: 'yoy', measure: 'signed' }),
      col('share', { kind: 'share', measure: 'signed', base: 'all' }),
    ],
  });
  const more: Partial<EngineInput> = {
    groupMembers: (group, quarter) => (group === 'EU' ? eu(quarter) : new Set()),
    groupNames: new Map([['EU', '欧盟']]),
    partnerNames: new Map([
      ['US', '美国'],
      ['JP', '日本'],
    ]),
  };
  const out = buildTable(input(def, records, more));
  const t = printed(out);

  it('ranks the EU (its members summed) against single economies and keeps the top N', () => {
    expect(out.rows.map((r) => [r.key, r.label, r.kind])).toEqual([
      ['total', '全球', 'total'],
      ['G:EU', '欧盟', 'item'],
      ['US', '美国', 'item'],
      ['JP', '日本', 'item'],
    ]);
    expect(out.title).toBe('陕西省前三的国家（地区）');
  });

  it('prints ranks, amounts, growth against the members of each quarter, shares of the world', () => {
    expect(t.total).toEqual({ rank: '', label: '全球', signed: '160.0', yoy: '33.3%', share: '100.0%' }); // 160 / 120
    expect(t['G:EU']).toEqual({ rank: '1', label: '欧盟', signed: '60.0', yoy: '50.0%', share: '37.5%' }); // 60 / 40
    expect(t.US).toEqual({ rank: '2', label: '美国', signed: '50.0', yoy: '-16.7%', share: '31.3%' }); // 50/60; 50/160
    expect(t.JP).toEqual({ rank: '3', label: '日本', signed: '40.0', yoy: '—', share: '25.0%' });
  });

  it('counts the EU row under its group key and the others under their economy', () => {
    expect(out.rows.map((r) => r.scope.rowKeys)).toEqual([['OO:*'], ['OO:G:EU'], ['OO:P:US'], ['OO:P:JP']]);
  });

  it('takes the number of rows from the request, and breaks ties by key', () => {
    const two = buildTable(input(def, [...records, rec('2021Q4', 'CA', 40)], { ...more, top: 2 }));
    expect(two.rows.map((r) => r.key)).toEqual(['total', 'G:EU', 'US']);
    const four = buildTable(input(def, [...records, rec('2021Q4', 'CA', 40)], { ...more, top: 4 }));
    expect(four.rows.map((r) => r.key)).toEqual(['total', 'G:EU', 'US', 'CA', 'JP']); // CA and JP both 40
    expect(four.title).toBe('陕西省前四的国家（地区）');
  });
});

describe('engine: members of a partner group (一带一路), the total the group, shares of all offshore business', () => {
  const bri = (quarter: string) => new Set(quarter.startsWith('2021') ? ['PK', 'KZ', 'RU'] : ['PK', 'KZ']);
  const rec = (period: string, partner: string, executed: number): Rec => ({
    period,
    partner,
    offshore: true,
    m: { executed: wan(executed), signed: 0, count: 0, offshoreExecuted: wan(executed), onshoreExecuted: 0 },
  });
  const def = table({
    source: 'outsourcing',
    offshore: true,
    rows: { kind: 'group-members', group: 'BRI', order: { desc: 'executed' } },
    total: { label: '一带一路共建国家合计', position: 'first' },
    columns: [
      label(),
      value('executed', 'executed'),
      col('yoy', { kind: 'yoy', measure: 'executed' }),
      col('share', { kind: 'share', measure: 'executed', base: 'all' }),
    ],
  });
  const out = buildTable(
    input(
      def,
      [
        rec('2021Q4', 'PK', 30),
        rec('2021Q4', 'US', 70), // not a member: in the share's base only
        rec('2020Q4', 'PK', 10),
        rec('2020Q4', 'KZ', 20), // KZ fell to nothing; RU never had business
      ],
      {
        groupMembers: (g, q) => (g === 'BRI' ? bri(q) : new Set()),
        partnerNames: new Map([
          ['PK', '巴基斯坦'],
          ['KZ', '哈萨克斯坦'],
        ]),
      },
    ),
  );
  const t = printed(out);

  it('lists members with business now or a year earlier, largest first', () => {
    expect(out.rows.map((r) => [r.key, r.label])).toEqual([
      ['total', '一带一路共建国家合计'],
      ['PK', '巴基斯坦'],
      ['KZ', '哈萨克斯坦'],
    ]);
  });

  it('sums the group as of each quarter; shares are of every offshore economy', () => {
    expect(t.total).toEqual({ label: '一带一路共建国家合计', executed: '30.0', yoy: '0.0%', share: '30.0%' }); // 30/(10+20); 30/100
    expect(t.PK).toEqual({ label: '巴基斯坦', executed: '30.0', yoy: '200.0%', share: '30.0%' }); // 30/10
    expect(t.KZ).toEqual({ label: '哈萨克斯坦', executed: '0.0', yoy: '-100.0%', share: '0.0%' });
    expect(out.rows.map((r) => r.scope.rowKeys)).toEqual([['OO:G:BRI'], ['OO:P:PK'], ['OO:P:KZ']]);
  });
});

describe('engine: regions — every city of the territory, statistical areas with business', () => {
  const regions = [
    code('P61', '陕西省', null, 1, 1, { kind: 'province' }),
    code('C01', '西安市', 'P61', 2, 2, { kind: 'city' }),
    code('D011', '雁塔区', 'C01', 3, 3, { kind: 'district' }),
    code('D012', '碑林区', 'C01', 3, 4, { kind: 'district' }),
    code('Z01', '高新区', 'C01', 3, 5, { kind: 'zone' }),
    code('C02', '宝鸡市', 'P61', 2, 6, { kind: 'city' }),
    code('D021', '渭滨区', 'C02', 3, 7, { kind: 'district' }),
    code('P62', '甘肃省', null, 1, 8, { kind: 'province' }),
    code('C99', '兰州市', 'P62', 2, 9, { kind: 'city' }),
  ];
  const rec = (period: string, area: string, offshore: boolean, executed: number): Rec => ({
    period,
    offshore,
    city: area === 'D021' ? 'C02' : 'C01',
    area,
    m: {
      executed: wan(executed),
      offshoreExecuted: offshore ? wan(executed) : 0,
      onshoreExecuted: offshore ? 0 : wan(executed),
      signed: 0,
      count: 0,
    },
  });
  const records = [
    rec('2021Q4', 'D011', true, 10),
    rec('2021Q4', 'D011', false, 5),
    rec('2021Q4', 'Z01', true, 20),
    rec('2020Q4', 'D011', true, 8),
  ];
  const columns = [
    label(),
    value('direct', 'offshoreExecuted'),
    col('directYoy', { kind: 'yoy', measure: 'offshoreExecuted' }),
    value('indirect', 'onshoreExecuted'),
    value('total', 'executed'),
    col('share', { kind: 'share', measure: 'executed', base: 'all' }),
  ];

  it('lists every city of the province, those without business too, and no city elsewhere', () => {
    const def = table({
      source: 'outsourcing',
      rows: { kind: 'regions', level: 'city' },
      columns,
      total: { label: '合计', position: 'first' },
    });
    const out = buildTable(input(def, records, { regions }));
    const t = printed(out);
    expect(out.rows.map((r) => r.key)).toEqual(['total', 'C01', 'C02']);
    // 直接离岸 30 against 8; 间接离岸 5; 合计 35.
    expect(t.C01).toEqual({
      label: '西安市',
      direct: '30.0',
      directYoy: '275.0%',
      indirect: '5.0',
      total: '35.0',
      share: '100.0%',
    });
    expect(t.C02).toEqual({
      label: '宝鸡市',
      direct: '0.0',
      directYoy: '—',
      indirect: '0.0',
      total: '0.0',
      share: '0.0%',
    });
    expect(out.rows[1].scope).toEqual({ rowKeys: ['OA:*'], city: 'C01' });
  });

  it('lists the districts and zones of a city that had business (a firm in a zone counts under the zone)', () => {
    const def = table({ source: 'outsourcing', rows: { kind: 'regions', level: 'area' }, columns });
    const out = buildTable(
      input(def, records, { regions, territory: { code: 'C01', nameZh: '西安市', kind: 'city' } }),
    );
    const t = printed(out);
    expect(out.rows.map((r) => r.key)).toEqual(['D011', 'Z01']);
    expect(t.D011).toEqual({
      label: '雁塔区',
      direct: '10.0',
      directYoy: '25.0%',
      indirect: '5.0',
      total: '15.0',
      share: '42.9%',
    }); // 15/35
    expect(t.Z01).toEqual({
      label: '高新区',
      direct: '20.0',
      directYoy: '—',
      indirect: '0.0',
      total: '20.0',
      share: '57.1%',
    });
    expect(out.rows[1].scope).toEqual({ rowKeys: ['OA:*'], area: 'Z01' });
  });
});

describe('engine: top N firms, the other firms in the totals and shares only', () => {
  const regions = [code('D011', '雁塔区', null, 3, 1, { kind: 'district' })];
  const rec = (period: string, enterprise: string | undefined, executed: number, name?: string): Rec => ({
    period,
    enterprise,
    name,
    area: enterprise ? 'D011' : undefined,
    m: { executed: wan(executed), offshoreExecuted: wan(executed / 2), signed: 0 },
  });
  const def = table({
    source: 'enterprise',
    rows: { kind: 'ranked-enterprises', rankBy: 'executed', top: 2 },
    columns: [
      col('rank', { kind: 'rank' }, 'int'),
      label(),
      col('area', { kind: 'area' }, 'text'),
      value('executed', 'executed'),
      col('yoy', { kind: 'yoy', measure: 'executed' }),
      col('share', { kind: 'share', measure: 'executed', base: 'all' }),
      value('offshore', 'offshoreExecuted'),
    ],
  });
  const out = buildTable(
    input(
      def,
      [
        rec('2021Q4', 'E1', 50, '甲公司'),
        rec('2020Q4', 'E1', 40, '甲公司（旧名）'),
        rec('2021Q4', 'E3', 30, '丙公司'), // E2 and E3 tie: E2 ranks first by key
        rec('2021Q4', 'E2', 30, '乙公司'),
        rec('2021Q4', undefined, 90), //     every other firm of the territory
        rec('2020Q4', undefined, 60),
      ],
      { regions },
    ),
  );
  const t = printed(out);

  it('ranks firms by the measure, names and places them as in the latest quarter', () => {
    expect(out.rows.map((r) => [r.key, r.kind])).toEqual([
      ['E1', 'item'],
      ['E2', 'item'],
    ]);
    expect(t.E1).toEqual({
      rank: '1',
      label: '甲公司',
      area: '雁塔区',
      executed: '50.0',
      yoy: '25.0%', // 50 / 40 − 1
      share: '25.0%', // 50 / (50 + 30 + 30 + 90)
      offshore: '25.0',
    });
    expect(t.E2).toEqual({
      rank: '2',
      label: '乙公司',
      area: '雁塔区',
      executed: '30.0',
      yoy: '—',
      share: '15.0%',
      offshore: '15.0',
    });
    expect(out.rows[0].scope).toEqual({ rowKeys: [], enterprise: 'E1' });
  });
});

describe('engine: a stock (headcount at the end of the period) over the education tree', () => {
  const codes = [
    code('UNI', '大学学历', null, 1, 1),
    code('JC', '专科', 'UNI', 2, 2),
    code('BA+', '本科以上', 'UNI', 2, 3),
    code('BA', '本科', 'BA+', 3, 4),
    code('MA', '硕士', 'BA+', 3, 5),
    code('PHD', '博士', 'BA+', 3, 6),
    code('OTHER', '其它', null, 1, 7),
  ];
  const heads = (period: string, scale: number): Rec[] =>
    (
      [
        ['JC', 40_000],
        ['BA', 60_000],
        ['MA', 20_000],
        ['PHD', 1_000],
        ['OTHER', 10_000],
      ] as const
    ).map(([edu, n]) => ({ period, edu, m: { headcount: n * scale } }));
  const def = table({
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
      label(),
      value('headcount', 'headcount'),
      col('share', { kind: 'share', measure: 'headcount', base: 'all' }),
    ],
  });
  // A year: flows would add four quarters; a stock shows Q4 only (Q1–Q3 have twice the people here).
  const records = [...heads('2021Q1', 2), ...heads('2021Q2', 2), ...heads('2021Q3', 2), ...heads('2021Q4', 1)];
  const out = buildTable(input(def, records, { codes, period: parseTablePeriod('2021')! }));
  const t = printed(out);

  it('reads the last quarter only, in 万人, with each parent the sum of its tree', () => {
    expect(out.rows.map((r) => [r.label, r.level])).toEqual([
      ['合计', 0],
      ['大学学历', 0],
      ['其中：专科', 1],
      ['本科以上', 1],
      ['其中：本科', 2],
      ['硕士', 2],
      ['博士', 2],
      ['其它', 0],
    ]);
    expect(t.total).toEqual({ label: '合计', headcount: '13.1', share: '100.0%' }); // 131,000 persons
    expect(t.UNI).toEqual({ label: '大学学历', headcount: '12.1', share: '92.4%' }); // 121,000 / 131,000
    expect(t['BA+']).toEqual({ label: '本科以上', headcount: '8.1', share: '61.8%' }); // 81,000 / 131,000
    expect(t.PHD).toEqual({ label: '博士', headcount: '0.1', share: '0.8%' }); // 1,000 / 131,000 = 0.00763
    expect(out.rows.map((r) => r.scope.rowKeys[0])).toEqual(Array(8).fill('W:*'));
  });
});

describe('engine: rounding and truncation', () => {
  it('rounds amounts half away from zero, robust to binary noise', () => {
    expect(formatCell(0.05, 'amount1', '—').text).toBe('0.1');
    expect(formatCell(-0.05, 'amount1', '—').text).toBe('-0.1');
    expect(formatCell(0.15, 'amount1', '—').text).toBe('0.2'); // 0.15 is 0.1499999… in binary
    expect(formatCell(1.005, 'amount2', '—').text).toBe('1.01');
    expect(formatCell(2.675, 'amount2', '—').text).toBe('2.68');
    expect(formatCell(1234.5, 'amount0', '—')).toEqual({ value: 1235, text: '1235', format: 'amount0' });
    expect(formatCell(2.5, 'int', '—').text).toBe('3');
  });

  it('truncates where the layout truncates (so_t04): the integer part, never rounded up', () => {
    expect(formatCell(79_737.5, 'trunc0', '—')).toEqual({ value: 79_737, text: '79737', format: 'trunc0' });
    expect(formatCell(79_737.99, 'trunc0', '—').text).toBe('79737');
    expect(formatCell(-3.7, 'trunc0', '—').text).toBe('-3');
    // A float sum that lands a hair under a whole number (binary noise) is that whole number, not one less.
    expect(formatCell(100 - 1e-12, 'trunc0', '—').text).toBe('100');
    expect(formatCell(99.9999, 'trunc0', '—').text).toBe('99');
  });

  it('prints ratios with one decimal, as a percentage, a plain number or percentage points', () => {
    expect(formatCell(0.12345, 'pct1', '—')).toEqual({ value: 0.123, text: '12.3%', format: 'pct1' });
    expect(formatCell(-0.1235, 'pct1', '—').text).toBe('-12.4%');
    expect(formatCell(0.0005, 'pct1', '—').text).toBe('0.1%');
    expect(formatCell(0.6904, 'pctnum1', '—')).toEqual({ value: 69, text: '69.0', format: 'pctnum1' });
    expect(formatCell(15.05, 'pp1', '—').text).toBe('15.1');
  });

  it('prints the missing marker for an undefined figure', () => {
    for (const v of [null, NaN, Infinity])
      expect(formatCell(v, 'pct1', '—')).toEqual({ value: null, text: '—', format: 'pct1' });
    expect(formatCell(null, 'amount1', '-').text).toBe('-');
  });

  it('rounds each cell from the unrounded sums: rows of 0.04 print 0.0, their total 0.1', () => {
    const codes = ['A', 'B', 'C'].map((c, i) => code(c, c, null, 1, i));
    const def = table({
      source: 'trade',
      rows: { kind: 'codes', list: 'service-categories', levels: [1], order: 'code', include: 'all' },
      total: { label: '合计', position: 'first' },
      columns: [label(), value('total', 'total'), value('t0', 'total', 'trunc0')],
    });
    const records = ['A', 'B', 'C'].map((c) => ({
      period: '2021Q4',
      category: c,
      m: { total: 400, export: 400, import: 0 },
    }));
    const t = printed(buildTable(input(def, records, { codes })));
    expect([t.total.total, t.A.total, t.B.total, t.C.total]).toEqual(['0.1', '0.0', '0.0', '0.0']); // 0.12; 0.04 each
    expect(t.total.t0).toBe('0');
  });
});

describe('engine: currency, units, year columns and the header block', () => {
  const codes = [code('A', '甲', null, 1, 1)];
  const rec = (period: string, total: number): Rec => ({
    period,
    category: 'A',
    m: { total: wan(total), export: wan(total), import: 0 },
  });

  it('converts CNY quarter by quarter at each quarter’s rate, in 万元 or 亿元', () => {
    const def = table({
      source: 'trade',
      unitLine: '单位：{money}',
      rows: { kind: 'codes', list: 'service-categories', levels: [1], order: 'code', include: 'all' },
      columns: [label(), value('total', 'total')],
    });
    const rates = new Map([
      ['2021Q1', 6.5],
      ['2021Q4', 6.4],
    ]);
    const more = { codes, rates, currency: 'CNY' as const, period: parseTablePeriod('2021')! };
    const out = buildTable(input(def, [rec('2021Q1', 10), rec('2021Q4', 10)], more));
    expect(printed(out).A.total).toBe('129.0'); // 10 × 6.5 + 10 × 6.4
    expect(out.unitLine).toBe('单位：万元');
    expect(out.title).toBe('2021年陕西省');
    const yi = buildTable(input({ ...def, moneyScale: 1e8 }, [rec('2021Q1', 10), rec('2021Q4', 10)], more));
    expect(printed(yi).A.total).toBe('0.0'); // 129 万元 = 0.0129 亿元
    expect(yi.unitLine).toBe('单位：亿元');
    const usd = buildTable(input(def, [rec('2021Q4', 10)], { codes }));
    expect(usd.unitLine).toBe('单位：万美元');
    expect(usd.title).toBe('2021年第4季度陕西省');
  });

  it('repeats columns per year of a range (app_t1), each year its own four quarters', () => {
    const def = table({
      source: 'trade',
      title: '{firstYear}--{year}',
      rows: { kind: 'codes', list: 'service-categories', levels: [1], order: 'code', include: 'all' },
      columns: [label()],
      yearColumns: {
        years: { from: -2, to: 0 },
        header: '{year}年',
        columns: [{ key: 'total', header: '进出口', measure: 'total', format: 'amount2' }],
      },
    });
    const out = buildTable(
      input(def, [rec('2019Q2', 1.234), rec('2019Q3', 1), rec('2020Q1', 5), rec('2021Q4', 7.5)], {
        codes,
        period: parseTablePeriod('2021')!,
      }),
    );
    expect(out.title).toBe('2019--2021');
    expect(out.columns.map((c) => [c.key, c.header])).toEqual([
      ['label', ['项目']],
      ['total-2', ['2019年', '进出口']],
      ['total-1', ['2020年', '进出口']],
      ['total', ['2021年', '进出口']],
    ]);
    expect(printed(out).A).toEqual({ label: '甲', 'total-2': '2.23', 'total-1': '5.00', total: '7.50' }); // 1.234 + 1
  });

  it('shortens a title to its number and subject for the sheet name, whatever the period and territory', () => {
    expect(shortTitleTemplate('表2：{prevYear}-{year}年{territory}服务外包出口方式情况（离岸）')).toBe(
      '表2 服务外包出口方式情况（离岸）',
    );
    expect(shortTitleTemplate('表1：历年{territory}服务贸易进出口数据（{firstYear}--{year}）')).toBe(
      '表1 历年服务贸易进出口数据',
    );
    expect(shortTitleTemplate('表8：截至{endMonth}{territory}服务外包从业人员情况')).toBe('表8 服务外包从业人员情况');
    expect(shortTitleTemplate('附表：{periodLabel}{territory}统计报表报送质量情况')).toBe('附表 统计报表报送质量情况');
    // Unnumbered: the subject alone; the top N stays for the engine to fill.
    expect(shortTitleTemplate('{periodLabel}{territory}服务外包执行额前{top}位企业')).toBe(
      '服务外包执行额前{top}位企业',
    );
    const def = table({
      source: 'trade',
      title: '表4：{periodLabel}{territory}服务贸易前{topZh}',
      rows: { kind: 'codes', list: 'service-categories', levels: [1], order: 'code', include: 'all' },
      columns: [label()],
    });
    const out = buildTable(input(def, [rec('2021Q4', 1)], { codes, top: 5 }));
    expect(out.title).toBe('表4：2021年第4季度陕西省服务贸易前五');
    expect(out.shortTitle).toBe('表4 服务贸易前五');
  });

  it('merges a group heading across its columns and spans short paths down', () => {
    const { cells, rows } = headerCells([
      { header: ['类别'] },
      { header: ['进出口', '金额'] },
      { header: ['进出口', '同比'] },
      { header: ['出口', '金额'] },
    ]);
    expect(rows).toBe(2);
    expect(cells).toEqual([
      { text: '类别', row: 0, col: 0, rowSpan: 2, colSpan: 1 },
      { text: '进出口', row: 0, col: 1, rowSpan: 1, colSpan: 2 },
      { text: '出口', row: 0, col: 3, rowSpan: 1, colSpan: 1 },
      { text: '金额', row: 1, col: 1, rowSpan: 1, colSpan: 1 },
      { text: '同比', row: 1, col: 2, rowSpan: 1, colSpan: 1 },
      { text: '金额', row: 1, col: 3, rowSpan: 1, colSpan: 1 },
    ]);
  });
});

describe('engine: a ratio of two measures of the same row (the quality annex)', () => {
  it('divides per row and has no rate without firms expected', () => {
    const regions = [
      code('P61', '陕西省', null, 1, 1, { kind: 'province' }),
      code('C01', '西安市', 'P61', 2, 2, { kind: 'city' }),
      code('C02', '宝鸡市', 'P61', 2, 3, { kind: 'city' }),
    ];
    const def = table({
      source: 'quality',
      rows: { kind: 'regions', level: 'city' },
      total: { label: '合计', position: 'first' },
      columns: [
        label(),
        value('expected', 'expected', 'int'),
        value('reported', 'reported', 'int'),
        col('rate', { kind: 'ratio', num: 'reported', den: 'expected' }),
      ],
    });
    const m = (expected: number, reported: number) => ({
      expected,
      reported,
      onTime: 0,
      approved: 0,
      openFindings: 0,
      corrections: 0,
    });
    const t = printed(buildTable(input(def, [{ period: '2021Q4', city: 'C01', m: m(8, 7) }], { regions })));
    expect(t.total).toEqual({ label: '合计', expected: '8', reported: '7', rate: '87.5%' });
    expect(t.C02).toEqual({ label: '宝鸡市', expected: '0', reported: '0', rate: '—' });
  });
});

describe('engine: technology trade (registered contracts: continents over economies, catch-all industry, two years)', () => {
  const tech = (
    period: string,
    dims: Partial<Rec>,
    count: number,
    amount: number,
    techFee: number,
    direction: 'EXPORT' | 'IMPORT' = 'EXPORT',
  ): Rec => ({
    period,
    ...dims,
    m: {
      count,
      amount: wan(amount),
      techFee: wan(techFee),
      equipmentFee: wan(amount - techFee),
      export: direction === 'EXPORT' ? wan(amount) : 0,
      import: direction === 'IMPORT' ? wan(amount) : 0,
    },
  });

  it('prints continents over their economies (membership at each quarter’s end), largest economy first', () => {
    // AS = {HK, JP}; EU = {DE}; RU moves from AS to EU on 2021-01-01 (a membership change between the years).
    const members: Record<string, [string, string][]> = {
      HK: [['AS', '2000-01-01']],
      JP: [['AS', '2000-01-01']],
      DE: [['EU', '2000-01-01']],
      RU: [
        ['AS', '2000-01-01'],
        ['EU', '2021-01-01'],
      ],
    };
    const continentOf = (p: string, q: string) => {
      const end = q.endsWith('Q4') ? `${q.slice(0, 4)}-12-31` : `${q.slice(0, 4)}-01-01`;
      return (members[p] ?? []).filter(([, from]) => from <= end).at(-1)?.[0];
    };
    const records = [
      tech('2021Q4', { partner: 'HK' }, 3, 30, 30), //  AS 2021: HK 30 + JP 50 = 80
      tech('2021Q4', { partner: 'JP' }, 1, 50, 40),
      tech('2021Q4', { partner: 'DE' }, 2, 15, 15), //  EU 2021: DE 15 + RU 5 = 20
      tech('2021Q4', { partner: 'RU' }, 1, 5, 5),
      tech('2020Q4', { partner: 'HK' }, 1, 20, 20), //  AS 2020: HK 20 + RU 20 = 40 (RU was in Asia then)
      tech('2020Q4', { partner: 'RU' }, 1, 20, 20), //  EU 2020: DE 0 → 同比 undefined
    ];
    const def = table({
      source: 'technology',
      rows: { kind: 'continents', order: { desc: 'amount' } },
      total: { label: '合计', position: 'first' },
      columns: [
        label(),
        value('count', 'count', 'int'),
        value('amount', 'amount'),
        col('yoy', { kind: 'yoy', measure: 'amount' }, 'pctnum1'),
        col('share', { kind: 'share', measure: 'amount', base: 'all' }, 'pctnum1'),
        value('equipment', 'equipmentFee'),
      ],
    });
    const out = buildTable(
      input(def, records, {
        continents: [code('EU', '欧洲', null, 1, 2), code('AS', '亚洲', null, 1, 1), code('AF', '非洲', null, 1, 5)],
        continentOf,
        partnerNames: new Map([
          ['HK', '中国香港'],
          ['JP', '日本'],
          ['DE', '德国'],
          ['RU', '俄罗斯'],
        ]),
      }),
    );
    // 合计 2021 = 100 (7 contracts), 2020 = 40 → 同比 150.0; 亚洲 80/40 − 1 = 100.0, share 80.0; 日本 50 first.
    // 欧洲 2021 = 20, 2020 = 0 (RU counted in Asia in 2020) → —; 俄罗斯 2020 was in Asia: no 2020 value in Europe.
    // 非洲 has no business: no row. 设备费 = amount − tech fee: 日本 10, 合计 10.
    expect(out.rows.map((r) => [r.key, r.label, r.kind, r.level])).toEqual([
      ['total', '合计', 'total', 0],
      ['C:AS', '亚洲', 'subtotal', 0],
      ['JP', '日本', 'item', 1],
      ['HK', '中国香港', 'item', 1],
      ['RU', '俄罗斯', 'item', 1],
      ['C:EU', '欧洲', 'subtotal', 0],
      ['DE', '德国', 'item', 1],
      ['EU:RU', '俄罗斯', 'item', 1],
    ]);
    const cells = out.rows.map((r) => r.cells.slice(1).map((c) => c.text));
    expect(cells).toEqual([
      ['7', '100.0', '150.0', '100.0', '10.0'],
      ['4', '80.0', '100.0', '80.0', '10.0'],
      ['1', '50.0', '—', '50.0', '10.0'],
      ['3', '30.0', '50.0', '30.0', '0.0'],
      ['0', '0.0', '-100.0', '0.0', '0.0'],
      ['3', '20.0', '—', '20.0', '0.0'],
      ['2', '15.0', '—', '15.0', '0.0'],
      ['1', '5.0', '—', '5.0', '0.0'],
    ]);
    // Coverage counts the registered contracts behind each row in the period shown.
    expect(out.rows.map((r) => r.scope.count)).toEqual([7, 4, 1, 3, 0, 3, 2, 1]);
  });

  it('puts firms of unknown industry on one catch-all row and prints this year and last side by side', () => {
    const codes = [
      code('C', '制造业', null, 1, 1),
      code('35', '通用设备制造业', 'C', 2, 2),
      code('G', '信息传输、计算机服务和软件业', null, 1, 3),
      code('62', '软件业', 'G', 2, 4),
    ];
    const records = [
      tech('2021Q4', { industry2002: '62' }, 2, 60, 60), //  G 60 (2 contracts)
      tech('2021Q4', { industry2002: 'C' }, 1, 30, 30), //   C 30, a section only: no division row gets it
      tech('2021Q4', { industry2002: '' }, 1, 10, 10), //    其他行业 10
      tech('2020Q4', { industry2002: '62' }, 1, 40, 40), //  2020: G 40, 其他行业 10 → total 50
      tech('2020Q4', { industry2002: '' }, 1, 10, 10),
    ];
    const def = table({
      source: 'technology',
      rows: {
        kind: 'codes',
        list: 'industries-2002',
        levels: [1, 2],
        order: { desc: 'amount' },
        include: 'with-business',
        unclassified: '其他行业',
      },
      total: { label: '合计', position: 'first' },
      columns: [
        label(),
        col('count', { kind: 'value', measure: 'count' }, 'int', ['份数', '{year}年']),
        col('countPrev', { kind: 'value', measure: 'count', yearOffset: -1 }, 'int', ['份数', '{prevYear}年']),
        col('share', { kind: 'share', measure: 'amount', base: 'all' }, 'pctnum1'),
        col('sharePrev', { kind: 'share', measure: 'amount', base: 'all', yearOffset: -1 }, 'pctnum1'),
      ],
    });
    const out = buildTable(input(def, records, { codes }));
    // 2021 total 100: G 60.0 %, 软件业 60.0, C 30.0 (通用设备 has no business: no row), 其他行业 10.0.
    // 2020 total 50: G 40 → 80.0 %, C 0 → 0.0, 其他行业 10 → 20.0.
    expect(printed(out)).toEqual({
      total: { label: '合计', count: '4', countPrev: '2', share: '100.0', sharePrev: '100.0' },
      G: { label: '信息传输、计算机服务和软件业', count: '2', countPrev: '1', share: '60.0', sharePrev: '80.0' },
      '62': { label: '软件业', count: '2', countPrev: '1', share: '60.0', sharePrev: '80.0' },
      C: { label: '制造业', count: '1', countPrev: '0', share: '30.0', sharePrev: '0.0' },
      '*unclassified*': { label: '其他行业', count: '1', countPrev: '1', share: '10.0', sharePrev: '20.0' },
    });
    expect(out.rows.map((r) => r.key)).toEqual(['total', 'G', '62', 'C', '*unclassified*']);
    // The heading 份数 spans its two years; the years are filled in.
    expect(out.header.map((h) => h.text)).toEqual(['项目', '份数', 'share', 'sharePrev', '2021年', '2020年']);
  });
});
