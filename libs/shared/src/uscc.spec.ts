import { isValidUscc, usccCheckCharacter, usccProblem, withUsccCheck } from './uscc';

describe('统一社会信用代码 (GB 32100)', () => {
  it('accepts published codes', () => {
    // Codes printed on business licences of well-known firms.
    expect(isValidUscc('91440300708461136T')).toBe(true); // Tencent (Shenzhen)
    expect(isValidUscc('91110000802100433B')).toBe(true); // Sinopec
  });

  it('rejects a wrong check character and says so', () => {
    expect(usccProblem('91440300708461136X')).toBe('check');
  });

  it('rejects letters outside the alphabet, wrong lengths and non-numeric division codes', () => {
    expect(usccProblem('91440300708461136')).toBe('length');
    expect(usccProblem('9144030070846113IT')).toBe('charset');
    expect(usccProblem('91A40300708461136T')).toBe('division');
  });

  it('completes a 17-character prefix with its check character', () => {
    const code = withUsccCheck('91610113MA6U00001');
    expect(code).toHaveLength(18);
    expect(isValidUscc(code)).toBe(true);
    expect(usccCheckCharacter('bad')).toBeNull();
  });
});
