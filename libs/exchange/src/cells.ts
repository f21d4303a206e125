import { AMOUNT_LIMIT, COUNT_MAX } from '@portal/shared';

/**
 * Formula-injection defence: spreadsheet programs execute a cell that starts with =, +, -, @, tab or CR, so the
 * writer prefixes such text with an apostrophe and the reader removes exactly one apostrophe again. Text that
 * already starts with apostrophes before such a character gets one more, or reading would lose one of its own.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function unguardCell(value: string): string {
  return GUARDED.test(value) ? value.slice(1) : value;
}

const AMOUNT = /^\d+(?:\.\d{1,2})?$/;
const TOO_MANY_DECIMALS = /^\d+\.\d{3,}$/;
// Groups of three after 1-3 digits, separated by ASCII or full-width commas, spaces or apostrophes (Swiss style).
const GROUPED = /^\d{1,3}(?:[,，\s'’]\d{3})+(?:\.\d+)?$/;
const COUNT = /^\d+$/;

export type AmountProblem =
  'AMOUNT_NEGATIVE' | 'AMOUNT_THOUSANDS_SEPARATOR' | 'AMOUNT_DECIMALS' | 'AMOUNT_TOO_LARGE' | 'AMOUNT_INVALID';

/** A plain decimal ≥ 0 with at most two decimals: the number, or what is wrong with the text. */
export function parseAmount(text: string): number | AmountProblem {
  if (AMOUNT.test(text)) {
    const n = Number(text);
    return n < AMOUNT_LIMIT ? n : 'AMOUNT_TOO_LARGE';
  }
  // "-0" is refused too: a sign is never part of an amount in this format.
  if (text.startsWith('-')) return 'AMOUNT_NEGATIVE';
  if (TOO_MANY_DECIMALS.test(text)) return 'AMOUNT_DECIMALS';
  if (GROUPED.test(text)) return 'AMOUNT_THOUSANDS_SEPARATOR';
  return 'AMOUNT_INVALID';
}

export function parseCount(text: string): number | 'COUNT_INVALID' | 'COUNT_TOO_LARGE' {
  if (!COUNT.test(text)) return 'COUNT_INVALID';
  const n = Number(text);
  return n > COUNT_MAX ? 'COUNT_TOO_LARGE' : n;
}

/** Up to two decimals, no trailing zeros, never an exponent (amounts are below 10^13). */
export function formatAmount(value: number): string {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`not an exchange amount: ${value}`);
  const fixed = value.toFixed(2);
  if (fixed.endsWith('.00')) return fixed.slice(0, -3);
  return fixed.endsWith('0') ? fixed.slice(0, -1) : fixed;
}
