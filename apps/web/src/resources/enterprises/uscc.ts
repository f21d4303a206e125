import { usccProblem } from '@portal/shared';

/** The GB 32100 alphabet: digits and capitals without I, O, S, V and Z. */
const ALPHABET = /^[0-9A-HJ-NP-RTUW-Y]$/;

/** What a user types, as the API reads it: upper case, without spaces (codes are often copied with them). */
export function normaliseUscc(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, '').toUpperCase();
}

/** A react-admin validation message: an i18n key of enterprises.uscc and its arguments. */
export interface UsccMessage {
  message: string;
  args: Record<string, string | number>;
}

/**
 * Names what is wrong with a 统一社会信用代码, in the order GB 32100 is checked (length, characters, the division
 * code in characters 3–8, the check character), so the user knows where to look. The expected check character is
 * never told: a wrong check character usually means a mistyped character elsewhere, which it would hide.
 */
export function usccMessage(value: string | null | undefined): UsccMessage | undefined {
  const code = normaliseUscc(value);
  if (!code) return undefined;
  switch (usccProblem(code)) {
    case null:
      return undefined;
    case 'length':
      return { message: 'enterprises.uscc.length', args: { count: code.length } };
    case 'charset': {
      const index = [...code].findIndex((ch) => !ALPHABET.test(ch));
      return { message: 'enterprises.uscc.charset', args: { position: index + 1, char: code[index] } };
    }
    case 'division':
      return { message: 'enterprises.uscc.division', args: { division: code.slice(2, 8) } };
    case 'check':
      return { message: 'enterprises.uscc.check', args: { char: code[17] } };
  }
}
