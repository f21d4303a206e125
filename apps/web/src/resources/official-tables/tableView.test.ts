import type { HeaderCell, OfficialTableView } from '@portal/shared';
import { describe, expect, it } from 'vitest';
import { cellNumber, cellOf, columnSeries, coverageState, headerGrid, percent, rowLabelIn } from './tableView';

const cell = (text: string, row: number, col: number, rowSpan = 1, colSpan = 1): HeaderCell => ({
  text,
  row,
  col,
  rowSpan,
  colSpan,
});

/** so_t01: 合同类别 spans both header rows; each group heading spans its two leaf columns. */
const SO_T01_HEADER = [
  cell('合同类别', 0, 0, 2),
  cell('接包合同', 0, 1, 1, 2),
  cell('接包合同签约', 0, 3, 1, 2),
  cell('接包合同执行', 0, 5, 1, 2),
  cell('数量', 1, 1),
  cell('数量同比', 1, 2),
  cell('金额', 1, 3),
  cell('金额同比', 1, 4),
  cell('金额', 1, 5),
  cell('金额同比', 1, 6),
];

const texts = (grid: HeaderCell[][]) => grid.map((row) => row.map((c) => c.text));

describe('header grid', () => {
  it('lays merged headings out as table rows, spans kept', () => {
    const grid = headerGrid([...SO_T01_HEADER].reverse(), 2, 7);
    expect(texts(grid)).toEqual([
      ['合同类别', '接包合同', '接包合同签约', '接包合同执行'],
      ['数量', '数量同比', '金额', '金额同比', '金额', '金额同比'],
    ]);
    expect(grid[0].map((c) => [c.rowSpan, c.colSpan])).toEqual([
      [2, 1],
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
  });

  it('covers every position exactly once', () => {
    const grid = headerGrid(SO_T01_HEADER, 2, 7);
    const covered = new Map<string, number>();
    for (const row of grid)
      for (const c of row)
        for (let r = c.row; r < c.row + c.rowSpan; r++)
          for (let k = c.col; k < c.col + c.colSpan; k++) covered.set(`${r},${k}`, (covered.get(`${r},${k}`) ?? 0) + 1);
    expect(covered.size).toBe(14);
    expect([...covered.values()].every((n) => n === 1)).toBe(true);
  });

  it('clips spans past the block, drops overlaps and fills gaps with empty cells', () => {
    const grid = headerGrid([cell('A', 0, 0, 3, 1), cell('B', 0, 1, 1, 5), cell('X', 0, 0), cell('C', 1, 2)], 2, 3);
    expect(texts(grid)).toEqual([
      ['A', 'B'],
      ['', 'C'],
    ]);
    expect(grid[0][0].rowSpan).toBe(2);
    expect(grid[0][1].colSpan).toBe(2);
  });

  it('keeps a one-row header flat', () => {
    expect(texts(headerGrid([cell('排名', 0, 0), cell('地区', 0, 1)], 1, 2))).toEqual([['排名', '地区']]);
  });
});

describe('table cells', () => {
  const view = {
    columns: [
      { key: 'label', header: ['合同类别'], format: 'text', width: 30 },
      { key: 'count', header: ['接包合同', '数量'], format: 'int', width: 12 },
      { key: 'countYoy', header: ['接包合同', '数量同比'], format: 'pct1', width: 10 },
    ],
    rows: [
      {
        key: 'total',
        label: '总计',
        kind: 'total',
        level: 0,
        cells: [
          { value: '总计', text: '总计', format: 'text' },
          { value: 3275, text: '3275', format: 'int' },
          { value: null, text: '—', format: 'pct1' },
        ],
        coverage: { approvedReturns: 24, pendingReturns: 0, approvedShare: 1 },
      },
      {
        key: 'ITO',
        label: '信息技术外包（ITO）',
        kind: 'item',
        level: 0,
        cells: [
          { value: '信息技术外包（ITO）', text: '信息技术外包（ITO）', format: 'text' },
          { value: 2170, text: '2170', format: 'int' },
          { value: 0.281, text: '28.1%', format: 'pct1' },
        ],
        coverage: { approvedReturns: 20, pendingReturns: 2, approvedShare: 20 / 22 },
      },
    ],
  } as unknown as OfficialTableView;

  it('finds a cell by row and column key, numbers only where there is one', () => {
    expect(cellOf(view, 'total', 'count')?.text).toBe('3275');
    expect(cellNumber(cellOf(view, 'total', 'countYoy'))).toBeNull();
    expect(cellNumber(cellOf(view, 'ITO', 'countYoy'))).toBe(0.281);
    expect(cellOf(view, 'nope', 'count')).toBeUndefined();
    expect(cellOf(view, 'total', 'nope')).toBeUndefined();
  });

  it('reads a column of chosen rows as a chart series', () => {
    expect(columnSeries(view, 'count', (r) => r.kind === 'item')).toEqual([
      { key: 'ITO', label: '信息技术外包（ITO）', value: 2170 },
    ]);
  });

  it('says how complete a row is', () => {
    expect(coverageState(view.rows[0].coverage)).toBe('complete');
    expect(coverageState(view.rows[1].coverage)).toBe('partial');
    expect(coverageState({ approvedReturns: 0, pendingReturns: 0, approvedShare: 1 })).toBe('empty');
    expect(percent(20 / 22)).toBe('90.9%');
  });
});

describe('rowLabelIn: chart labels in the language on screen', () => {
  const items = [
    { code: 'SI', nameZh: '电信、计算机和信息服务', nameEn: 'Telecommunications, computer, and information services' },
    { code: '610100', nameZh: '西安市', nameEn: "Xi'an" },
    { code: 'XX', nameZh: '无英文名', nameEn: null },
  ];

  it('keeps the published Chinese label in Chinese', () => {
    expect(rowLabelIn({ key: 'SI', label: '6. 电信、计算机和信息服务' }, items, 'zh-CN')).toBe(
      '6. 电信、计算机和信息服务',
    );
  });

  it('gives the English name of the row’s code in English, the published label where the list has none', () => {
    expect(rowLabelIn({ key: 'SI', label: '电信、计算机和信息服务' }, items, 'en')).toBe(
      'Telecommunications, computer, and information services',
    );
    expect(rowLabelIn({ key: '610100', label: '西安市' }, items, 'en')).toBe("Xi'an");
    expect(rowLabelIn({ key: 'XX', label: '无英文名' }, items, 'en')).toBe('无英文名');
    expect(rowLabelIn({ key: 'total', label: '总额' }, items, 'en')).toBe('总额');
  });
});
