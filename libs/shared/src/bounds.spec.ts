import { isAmount, isCount, ownValue, storableText, textLength, textProblem } from './bounds';
import { isIsoDate, parsePeriod } from './periods';
import { parseTablePeriod } from './official-tables';

describe('isAmount', () => {
  it('accepts amounts with up to two decimals, large ones included', () => {
    for (const v of [0, 1, 0.5, 0.01, 12.3, 19.99, 294803811.59, 1234567890.07, 99999999999.99, 9999999999999.99]) {
      expect([v, isAmount(v)]).toEqual([v, true]);
    }
  });

  it('refuses more than two decimals, negatives, non-numbers and amounts from 10^13 on', () => {
    for (const v of [0.001, 1.005, 12.345, 294803811.591, -0.01, -5, Number.NaN, Infinity, 1e13, 1e15, 1e308]) {
      expect([v, isAmount(v)]).toEqual([v, false]);
    }
    expect(isAmount('12.3')).toBe(false);
    expect(isAmount(null)).toBe(false);
  });
});

describe('isCount', () => {
  it('accepts whole numbers from 0 to 999,999,999', () => {
    for (const v of [0, 1, 250, 999_999_999]) expect([v, isCount(v)]).toEqual([v, true]);
  });

  it('refuses what does not fit a firm’s headcount in int4: 3,000,000,000, 1e308, fractions, negatives', () => {
    for (const v of [1_000_000_000, 3_000_000_000, 2_147_483_648, 1e308, 1.5, -1, Number.NaN]) {
      expect([v, isCount(v)]).toEqual([v, false]);
    }
    expect(isCount('3')).toBe(false);
  });
});

describe('text that cannot be stored', () => {
  it('finds NUL and lone surrogates, not valid pairs or CJK', () => {
    expect(textProblem('西安云图 😀 ok')).toBeNull();
    expect(textProblem('a\u0000b')).toBe('NUL');
    expect(textProblem('a\ud800b')).toBe('LONE_SURROGATE');
    expect(textProblem('a\udc00')).toBe('LONE_SURROGATE');
    expect(textProblem('\ud83d')).toBe('LONE_SURROGATE');
  });

  it('gives the stored form the database driver would write', () => {
    expect(storableText('a\ud800b\u0000c😀')).toBe('a\uFFFDb\uFFFDc😀');
    expect(Buffer.from('a\ud800b').toString('utf8')).toBe(storableText('a\ud800b'));
  });

  it('counts characters as code points', () => {
    expect(textLength('企业😀a')).toBe(4);
    expect(textLength('\ud800x')).toBe(2);
  });
});

describe('periods and dates in the years the portal knows', () => {
  it('refuses period years 0000 and 9999 and date year 0000', () => {
    expect(parsePeriod('2026Q3')).toEqual({ year: 2026, quarter: 3 });
    expect(parsePeriod('0000Q1')).toBeNull();
    expect(parsePeriod('9999Q4')).toBeNull();
    expect(parseTablePeriod('0000')).toBeNull();
    expect(parseTablePeriod('2021Q1-Q3')).toEqual({ year: 2021, firstQuarter: 1, lastQuarter: 3 });
    expect(isIsoDate('0000-01-01')).toBe(false);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
  });
});

describe('ownValue', () => {
  it('finds own keys only: prototype names find nothing', () => {
    const yesNo: Record<string, boolean> = { Y: true, N: false };
    expect(ownValue(yesNo, 'N')).toBe(false);
    for (const k of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(ownValue(yesNo, k)).toBeUndefined();
  });
});
