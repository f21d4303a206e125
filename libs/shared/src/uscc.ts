/**
 * 统一社会信用代码 (unified social credit code) per GB 32100-2015: 18 characters from a 31-character alphabet
 * (no I, O, S, V, Z); characters 3-8 are the administrative division code; the 18th is a check character.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckCharacter(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return ALPHABET[c === 31 ? 0 : c];
}

export type UsccProblem = 'length' | 'charset' | 'division' | 'check';

/** Returns null when the code is valid, otherwise what is wrong with it. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length';
  for (const ch of code) if (!ALPHABET.includes(ch)) return 'charset';
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'division';
  return usccCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'check';
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}

/** Completes 17 characters with the check character (used by factories and the demo data). */
export function withUsccCheck(first17: string): string {
  const c = usccCheckCharacter(first17);
  if (!c) throw new Error(`not a USCC prefix: ${first17}`);
  return first17 + c;
}
