import {
  codeKey,
  encodeRowKey,
  isWholeScopeKey,
  outsourcingScope,
  outsourcingScopes,
  parseRowKey,
  ROW_KEY_MAX,
  wholeScopeKey,
  type RowKey,
} from './row-key';

describe('row-key codec', () => {
  it('writes the keys already stored unchanged (codes without separators)', () => {
    expect(wholeScopeKey('OA')).toBe('OA:*');
    expect(codeKey('OO', 'B', 'ITO-01')).toBe('OO:B:ITO-01');
    expect(codeKey('T', 'C', 'SC07')).toBe('T:C:SC07');
    expect(codeKey('OD', 'G', 'EU')).toBe('OD:G:EU');
    expect(wholeScopeKey('W')).toBe('W:*');
  });

  it('round-trips whole scopes and codes, escaping included', () => {
    const keys: RowKey[] = [
      { scope: 'OA' },
      { scope: 'T' },
      { scope: 'XYZ' },
      { scope: 'OO', dim: 'B', code: 'BPO-IM-02' },
      { scope: 'T', dim: 'P', code: 'US' },
      { scope: 'OA', dim: 'N', code: 'a:b' },
      { scope: 'OA', dim: 'N', code: '*' },
      { scope: 'OA', dim: 'N', code: 'x*' },
      { scope: 'OA', dim: 'N', code: '%' },
      { scope: 'OA', dim: 'N', code: '%3A' },
      { scope: 'OA', dim: 'N', code: '100%:*' },
      { scope: 'OA', dim: 'G', code: '一带一路' },
      { scope: 'OA', dim: 'G', code: '::' },
    ];
    for (const k of keys) expect(parseRowKey(encodeRowKey(k))).toEqual(k);
  });

  it('escapes % : * so a code cannot end a key early or read as a whole scope', () => {
    expect(codeKey('OA', 'N', 'a:b')).toBe('OA:N:a%3Ab');
    expect(codeKey('OA', 'N', '*')).toBe('OA:N:%2A');
    expect(codeKey('OA', 'N', '%3A')).toBe('OA:N:%253A');
    // The roll-up trigger's test (LIKE '%:*') and isWholeScopeKey: only real whole-scope keys.
    expect(isWholeScopeKey(codeKey('OA', 'N', '*'))).toBe(false);
    expect(isWholeScopeKey(codeKey('OA', 'N', 'x:*'))).toBe(false);
    expect(isWholeScopeKey(wholeScopeKey('OA'))).toBe(true);
  });

  it('keeps every key of a scope and dimension under its prefix (prefix reads and ORDER BY row_key group them)', () => {
    const codes = ['A', 'A:B', 'B', 'Z*', '%', 'B:*'];
    const keys = codes.map((c) => codeKey('OO', 'B', c));
    for (const k of keys) {
      expect(k.startsWith('OO:B:')).toBe(true);
      // One separator after the prefix is impossible: the code part has none.
      expect(k.slice('OO:B:'.length)).not.toMatch(/[:*]/);
    }
    // Distinct codes, distinct keys (the escaping is injective).
    expect(new Set(keys).size).toBe(codes.length);
    // In code-point order a scope's whole key comes first ('*' < 'A'), then each dimension's keys together.
    const mixed = [codeKey('OO', 'P', 'DE'), codeKey('OO', 'B', 'Z'), wholeScopeKey('OO'), codeKey('OO', 'B', 'A:A')];
    expect([...mixed].sort()).toEqual(['OO:*', 'OO:B:A%3AA', 'OO:B:Z', 'OO:P:DE']);
  });

  it('refuses malformed keys and parts', () => {
    for (const bad of ['', 'OA', 'OA:', 'oa:*', 'OA:B', 'OA:B:', 'OA:BB:x', 'OA:B:x:y', 'OA:B:x*', 'OA:B:%4', 'ABCD:*'])
      expect(() => parseRowKey(bad)).toThrow(/cannot read/);
    expect(() => wholeScopeKey('oa')).toThrow(/bad scope/);
    expect(() => codeKey('OA', 'BB', 'x')).toThrow(/bad dimension/);
    expect(() => codeKey('OA', 'B', '')).toThrow(/empty code/);
  });

  it('refuses a key longer than the row_key columns instead of letting the insert fail', () => {
    const fits = 'x'.repeat(ROW_KEY_MAX - 'OA:B:'.length);
    expect(codeKey('OA', 'B', fits)).toHaveLength(ROW_KEY_MAX);
    expect(() => codeKey('OA', 'B', `${fits}x`)).toThrow(/longer than 40/);
    // Escaping counts: 12 colons are 36 characters written.
    expect(() => codeKey('OA', 'B', ':'.repeat(12))).toThrow(/longer than 40/);
  });

  it('names the outsourcing scopes a contract feeds and a table reads', () => {
    expect(outsourcingScopes(true)).toEqual(['OA', 'OO']);
    expect(outsourcingScopes(false)).toEqual(['OA', 'OD']);
    expect(outsourcingScope(undefined)).toBe('OA');
    expect(outsourcingScope(true)).toBe('OO');
    expect(outsourcingScope(false)).toBe('OD');
  });
});
