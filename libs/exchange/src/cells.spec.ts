import { formatAmount, guardCell, parseAmount, parseCount, unguardCell } from './cells';

describe('parseAmount', () => {
  it.each([
    ['0', 0],
    ['12', 12],
    ['12.5', 12.5],
    ['0.05', 0.05],
    ['9999999999999.99', 9999999999999.99],
  ])('accepts %s', (text, value) => {
    expect(parseAmount(text)).toBe(value);
  });

  it.each([
    ['1e309', 'AMOUNT_INVALID'],
    ['1e3', 'AMOUNT_INVALID'],
    ['NaN', 'AMOUNT_INVALID'],
    ['Infinity', 'AMOUNT_INVALID'],
    ['+5', 'AMOUNT_INVALID'],
    ['.5', 'AMOUNT_INVALID'],
    ['5.', 'AMOUNT_INVALID'],
    ['0x10', 'AMOUNT_INVALID'],
    ['-0', 'AMOUNT_NEGATIVE'],
    ['-12.5', 'AMOUNT_NEGATIVE'],
    ['1.234', 'AMOUNT_DECIMALS'],
    ['1,234.00', 'AMOUNT_THOUSANDS_SEPARATOR'],
    ['1 234 567', 'AMOUNT_THOUSANDS_SEPARATOR'],
    ['1，234', 'AMOUNT_THOUSANDS_SEPARATOR'],
    ['10000000000000', 'AMOUNT_TOO_LARGE'],
    ['9'.repeat(400), 'AMOUNT_TOO_LARGE'],
  ])('rejects %s as %s', (text, problem) => {
    expect(parseAmount(text)).toBe(problem);
  });
});

describe('parseCount', () => {
  it('accepts whole numbers up to the limit only', () => {
    expect(parseCount('0')).toBe(0);
    expect(parseCount('999999999')).toBe(999999999);
    expect(parseCount('1000000000')).toBe('COUNT_TOO_LARGE');
    expect(parseCount('1.0')).toBe('COUNT_INVALID');
    expect(parseCount('-1')).toBe('COUNT_INVALID');
  });
});

describe('formatAmount', () => {
  it('writes plain decimals with at most two decimals', () => {
    expect([0, 12, 12.5, 0.05, 1234567.89, 9999999999999.99].map(formatAmount)).toEqual([
      '0',
      '12',
      '12.5',
      '0.05',
      '1234567.89',
      '9999999999999.99',
    ]);
    expect(() => formatAmount(-1)).toThrow(RangeError);
    expect(() => formatAmount(Number.NaN)).toThrow(RangeError);
  });
});

describe('formula guard', () => {
  it.each(['=SUM(A1)', '+1', '-1', '@x', '\tx', '\rx'])('guards %j and restores it', (text) => {
    expect(guardCell(text)).toBe(`'${text}`);
    expect(unguardCell(guardCell(text))).toBe(text);
  });

  it.each(["'=x", "''+1"])('adds one more apostrophe to %j so that reading restores it', (text) => {
    expect(guardCell(text)).toBe(`'${text}`);
    expect(unguardCell(guardCell(text))).toBe(text);
  });

  it('leaves other text alone, including apostrophes not guarding anything', () => {
    expect(guardCell('Acme')).toBe('Acme');
    expect(unguardCell("'Acme")).toBe("'Acme");
    expect(unguardCell("'")).toBe("'");
  });
});
