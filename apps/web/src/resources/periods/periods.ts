import { beijingTime } from '../../common/beijingTime';
import type { PeriodRow } from '@portal/shared';

/** Today in Beijing time (the calendar the API decides deadlines in), as YYYY-MM-DD. */
export function shanghaiToday(now = new Date()): string {
  return beijingTime(now, { dateOnly: true });
}

/** Periods a firm can file now: opened, and not yet locked (late filing stays possible until the lock date). */
export function openPeriods<P extends Pick<PeriodRow, 'code' | 'openDate' | 'lockDate'>>(
  periods: readonly P[],
  today: string,
): P[] {
  return periods.filter((p) => p.openDate <= today && today <= p.lockDate).sort((a, b) => (a.code < b.code ? 1 : -1));
}

export type PeriodPhase = 'upcoming' | 'open' | 'late' | 'locked';

/** Where a period stands today: not yet open, open, past its due date but still fileable, or locked. */
export function periodPhase(p: Pick<PeriodRow, 'openDate' | 'dueDate' | 'lockDate'>, today: string): PeriodPhase {
  if (today < p.openDate) return 'upcoming';
  if (today > p.lockDate) return 'locked';
  return today > p.dueDate ? 'late' : 'open';
}
