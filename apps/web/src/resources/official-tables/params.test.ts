import type { CodeItem } from '@portal/shared';
import { describe, expect, it } from 'vitest';
import {
  catalogueTitle,
  defaultTerritory,
  defaultYear,
  formatPeriodParam,
  paramsFromSearch,
  parsePeriodParam,
  searchOfParams,
  territoryOptions,
  withKind,
  yearOfPeriod,
  yearsOfPeriods,
} from './params';
import { tableQuery } from './tablesApi';

describe('period parameter', () => {
  it('reads a year, a quarter and quarters to date', () => {
    expect(parsePeriodParam('2021')).toEqual({ kind: 'year', year: 2021, quarter: 4 });
    expect(parsePeriodParam('2021Q4')).toEqual({ kind: 'quarter', year: 2021, quarter: 4 });
    expect(parsePeriodParam('2021q2')).toEqual({ kind: 'quarter', year: 2021, quarter: 2 });
    expect(parsePeriodParam('2021Q1-Q3')).toEqual({ kind: 'ytd', year: 2021, quarter: 3 });
    expect(parsePeriodParam('2021Q1-Q4')).toEqual({ kind: 'year', year: 2021, quarter: 4 });
  });

  it('refuses what the picker cannot show', () => {
    for (const text of ['', '21', '2021Q5', '2021Q3-Q1', '2021Q2-Q3', '2021-Q3', 'abc']) {
      expect(parsePeriodParam(text)).toBeNull();
    }
  });

  it('writes the API parameter, quarters to date through Q1 being Q1 and through Q4 the year', () => {
    expect(formatPeriodParam({ kind: 'year', year: 2021, quarter: 2 })).toBe('2021');
    expect(formatPeriodParam({ kind: 'quarter', year: 2021, quarter: 4 })).toBe('2021Q4');
    expect(formatPeriodParam({ kind: 'ytd', year: 2021, quarter: 3 })).toBe('2021Q1-Q3');
    expect(formatPeriodParam({ kind: 'ytd', year: 2021, quarter: 1 })).toBe('2021Q1');
    expect(formatPeriodParam({ kind: 'ytd', year: 2021, quarter: 4 })).toBe('2021');
  });

  it('round-trips every choice the picker offers', () => {
    for (const text of ['2020', '2020Q1', '2020Q2', '2020Q3', '2020Q4', '2020Q1-Q2', '2020Q1-Q3']) {
      expect(formatPeriodParam(parsePeriodParam(text)!)).toBe(text);
    }
  });

  it('keeps the year when the kind changes', () => {
    expect(withKind({ kind: 'quarter', year: 2021, quarter: 4 }, 'ytd')).toEqual({
      kind: 'ytd',
      year: 2021,
      quarter: 3,
    });
    expect(withKind({ kind: 'quarter', year: 2021, quarter: 1 }, 'ytd')).toEqual({
      kind: 'ytd',
      year: 2021,
      quarter: 2,
    });
    expect(withKind({ kind: 'ytd', year: 2021, quarter: 3 }, 'year')).toEqual({ kind: 'year', year: 2021, quarter: 4 });
  });

  it('offers the years of the periods, latest first, and defaults to the last full year', () => {
    const years = yearsOfPeriods(['2020Q1', '2021Q4', '2021Q3', '2026Q2', 'bad']);
    expect(years).toEqual([2026, 2021, 2020]);
    expect(defaultYear(years, '2026-11-22')).toBe(2021);
    expect(defaultYear([2026], '2026-11-22')).toBe(2026);
    expect(defaultYear([], '2026-11-22')).toBe(2025);
  });

  it('takes the year of the latest period with data, else the fallback', () => {
    expect(yearOfPeriod('2021Q4', 2025)).toBe(2021);
    expect(yearOfPeriod('2026Q1', 2025)).toBe(2026);
    expect(yearOfPeriod(undefined, 2025)).toBe(2025);
    expect(yearOfPeriod('2021', 2025)).toBe(2025);
  });
});

describe('table query', () => {
  const fallback = { period: '2021', territory: '610000', currency: 'USD' as const };

  it('reads the page query and falls back on what is missing or malformed', () => {
    expect(
      paramsFromSearch(new URLSearchParams('period=2021q1-q3&territory=610100&currency=CNY&top=5'), fallback),
    ).toEqual({ period: '2021Q1-Q3', territory: '610100', currency: 'CNY', top: 5 });
    expect(paramsFromSearch(new URLSearchParams('period=21&currency=EUR&top=0'), fallback)).toEqual(fallback);
  });

  it('writes the parameters in a fixed order, the drill-down row last', () => {
    expect(searchOfParams({ ...fallback, top: 5 })).toBe('period=2021&territory=610000&currency=USD&top=5');
    expect(searchOfParams({ ...fallback, territory: '' })).toBe('period=2021&currency=USD');
    expect(tableQuery({ ...fallback, row: 'G:EU' })).toBe('period=2021&territory=610000&currency=USD&row=G%3AEU');
  });
});

describe('catalogue titles', () => {
  it('drop the placeholders of the period and territory', () => {
    expect(catalogueTitle('表1：{periodLabel}{territory}服务外包总体情况')).toBe('表1：服务外包总体情况');
    expect(catalogueTitle('表2：{prevYear}-{year}年{territory}服务外包出口方式情况（离岸）')).toBe(
      '表2：服务外包出口方式情况（离岸）',
    );
    expect(catalogueTitle('表4：{periodLabel}{territory}服务外包目的地前{topZh}的国家（地区）')).toBe(
      '表4：服务外包目的地前N的国家（地区）',
    );
    expect(catalogueTitle('表8：截至{endMonth}{territory}服务外包从业人员情况')).toBe('表8：服务外包从业人员情况');
    expect(catalogueTitle('表1：历年{territory}服务贸易进出口数据（{firstYear}--{year}）')).toBe(
      '表1：历年服务贸易进出口数据',
    );
  });
});

describe('territory picker', () => {
  const region = (code: string, parentCode: string | null, kind: string, sortOrder: number): CodeItem => ({
    id: Number(code),
    list: 'regions',
    code,
    parentCode,
    level: null,
    nameZh: `R${code}`,
    nameEn: null,
    sortOrder,
    attrs: { kind },
    validFrom: '2000-01-01',
    validTo: null,
  });
  const regions = [
    region('610000', null, 'province', 1),
    region('610400', '610000', 'city', 3),
    region('610100', '610000', 'city', 2),
    region('610113', '610100', 'district', 1),
    region('610198', '610100', 'zone', 2),
    region('610402', '610400', 'district', 1),
  ];

  it('lists the province and everything in it as a tree in code-list order', () => {
    const options = territoryOptions(regions, { scopeKind: 'PROVINCE', scopeCode: '610000' });
    expect(options.map((o) => [o.code, o.depth])).toEqual([
      ['610000', 0],
      ['610100', 1],
      ['610113', 2],
      ['610198', 2],
      ['610400', 1],
      ['610402', 2],
    ]);
    expect(defaultTerritory(options, { scopeKind: 'PROVINCE', scopeCode: '610000' })).toBe('610000');
  });

  it('limits a city bureau to its city', () => {
    const options = territoryOptions(regions, { scopeKind: 'REGION', scopeCode: '610100' });
    expect(options.map((o) => o.code)).toEqual(['610100', '610113', '610198']);
  });

  it('gives a system user every province, defaulting to the first', () => {
    const options = territoryOptions(regions, { scopeKind: 'SYSTEM', scopeCode: null });
    expect(options).toHaveLength(6);
    expect(defaultTerritory(options, { scopeKind: 'SYSTEM', scopeCode: null })).toBe('610000');
  });

  it('puts a national root above the provinces, still defaulting to a province', () => {
    const national = [
      region('100000', null, 'country', 0),
      ...regions.map((r) => (r.code === '610000' ? { ...r, parentCode: '100000' } : r)),
    ];
    const options = territoryOptions(national, { scopeKind: 'SYSTEM', scopeCode: null });
    expect(options.map((o) => [o.code, o.depth]).slice(0, 3)).toEqual([
      ['100000', 0],
      ['610000', 1],
      ['610100', 2],
    ]);
    expect(defaultTerritory(options, { scopeKind: 'SYSTEM', scopeCode: null })).toBe('610000');
  });
});
