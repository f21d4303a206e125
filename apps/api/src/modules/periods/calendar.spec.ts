import { daysPast, deadlineOf, lateness, nextWorkingDay } from './calendar';

/** Deadlines in Beijing time (UTC+8): the end of 2026-10-15 there is 2026-10-15T16:00Z. */
describe('calendar: deadlines and lateness', () => {
  const END_OF_DUE = new Date('2026-10-15T16:00:00Z');

  it('ends the due day in Beijing time, or later with an extension', () => {
    expect(deadlineOf('2026-10-15')).toEqual(END_OF_DUE);
    expect(deadlineOf('2026-10-15', new Date('2026-11-30T16:00:00Z'))).toEqual(new Date('2026-11-30T16:00:00Z'));
    // An extension ending before the due date does not shorten it.
    expect(deadlineOf('2026-10-15', new Date('2026-10-01T00:00:00Z'))).toEqual(END_OF_DUE);
  });

  it('counts the days started since the deadline', () => {
    expect(daysPast(END_OF_DUE, new Date('2026-10-15T15:59:59Z'))).toBe(0);
    expect(daysPast(END_OF_DUE, new Date('2026-10-15T16:00:00Z'))).toBe(1);
    // 2026-12-07 09:00 Beijing: October 16–31 (16 days), November (30), December 1–7 (7) = 53.
    expect(daysPast(END_OF_DUE, new Date('2026-12-07T01:00:00Z'))).toBe(53);
  });

  it('makes a draft late by the calendar and keeps the flag decided at submission', () => {
    const now = new Date('2026-12-07T01:00:00Z');
    expect(lateness('2026-10-15', null, null, now)).toEqual({ late: true, daysLate: 53 });
    expect(lateness('2026-10-15', { firstSubmittedAt: null, late: false }, null, now)).toEqual({
      late: true,
      daysLate: 53,
    });
    // Extended to the end of 2026-12-31: not late on 2026-12-07.
    expect(lateness('2026-10-15', null, new Date('2026-12-31T16:00:00Z'), now)).toEqual({ late: false, daysLate: 0 });
    // Submitted on 2026-10-20 10:00 Beijing, flagged late then: 5 days (16th to 20th).
    expect(
      lateness('2026-10-15', { firstSubmittedAt: new Date('2026-10-20T02:00:00Z'), late: true }, null, now),
    ).toEqual({ late: true, daysLate: 5 });
    expect(
      lateness('2026-10-15', { firstSubmittedAt: new Date('2026-10-10T02:00:00Z'), late: false }, null, now),
    ).toEqual({ late: false, daysLate: 0 });
  });

  it('rolls a date past weekends and holidays', () => {
    // 2027-01-16 is a Saturday; the 18th a holiday here.
    expect(nextWorkingDay('2027-01-16', new Set())).toBe('2027-01-18');
    expect(nextWorkingDay('2027-01-16', new Set(['2027-01-18']))).toBe('2027-01-19');
    expect(nextWorkingDay('2027-01-15', new Set())).toBe('2027-01-15');
  });
});
