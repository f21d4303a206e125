import { describe, expect, it } from 'vitest';
import { openPeriods, periodPhase, shanghaiToday } from './periods';

const p = (code: string, openDate: string, dueDate: string, lockDate: string) => ({
  code,
  openDate,
  dueDate,
  lockDate,
});

describe('periods', () => {
  const periods = [
    p('2026Q2', '2026-07-01', '2026-07-15', '2026-08-31'),
    p('2026Q3', '2026-10-01', '2026-10-15', '2026-12-31'),
    p('2026Q4', '2027-01-01', '2027-01-15', '2027-02-28'),
  ];

  it('offers the periods opened and not yet locked, newest first', () => {
    expect(openPeriods(periods, '2026-11-22').map((x) => x.code)).toEqual(['2026Q3']);
    expect(openPeriods(periods, '2026-08-31').map((x) => x.code)).toEqual(['2026Q2']);
    expect(openPeriods(periods, '2026-09-15')).toEqual([]);
  });

  it('tells open, late and locked apart', () => {
    expect(periodPhase(periods[1], '2026-10-10')).toBe('open');
    expect(periodPhase(periods[1], '2026-11-22')).toBe('late');
    expect(periodPhase(periods[0], '2026-11-22')).toBe('locked');
    expect(periodPhase(periods[2], '2026-11-22')).toBe('upcoming');
  });

  it('takes today in Beijing time', () => {
    expect(shanghaiToday(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
    expect(shanghaiToday(new Date('2026-12-31T15:59:00Z'))).toBe('2026-12-31');
  });
});
