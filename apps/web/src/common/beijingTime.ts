/** Beijing time: the statistical system's clock, whatever the browser's own zone. */
export const BEIJING_TIME_ZONE = 'Asia/Shanghai';

const BEIJING_OFFSET_MS = 8 * 3600_000; // China keeps no daylight saving time.

/**
 * A timestamp in Beijing time, `YYYY-MM-DD HH:mm` (`YYYY-MM-DD` with `dateOnly`), the same in both languages and
 * whatever the browser's zone; the one formatter for every time the portal shows. Empty for no or a bad value.
 */
export function beijingTime(value: string | number | Date | null | undefined, opts: { dateOnly?: boolean } = {}) {
  if (value === null || value === undefined || value === '') return '';
  const ms = new Date(value).getTime();
  if (Number.isNaN(ms)) return '';
  const text = new Date(ms + BEIJING_OFFSET_MS).toISOString().replace('T', ' ');
  return text.slice(0, opts.dateOnly ? 10 : 16);
}

/** The last day a deadline instant covers, in Beijing time (the end of 2026-10-15 is 2026-10-16 00:00 there). */
export function beijingLastDay(iso: string): string {
  return beijingTime(new Date(iso).getTime() - 1, { dateOnly: true });
}
