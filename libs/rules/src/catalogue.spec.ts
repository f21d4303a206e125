import { emptyReturnContent, type ContractLine, type ReturnContent, type ServicesTradeLine } from '@portal/shared';
import {
  catalogueTable,
  catalogueVersion,
  describeCatalogue,
  exampleContext,
  hasBlocking,
  RULES,
  runRules,
  type Finding,
  type RuleContext,
} from './index';

const findingsOf = (ruleId: string, findings: Finding[]) => findings.filter((f) => f.ruleId === ruleId);

describe.each(RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  it.each(rule.examples.pass.map((e) => [e.note, e] as const))('passes: %s', (_note, example) => {
    expect(findingsOf(rule.id, rule.check(exampleContext(example)))).toEqual([]);
  });

  it.each(rule.examples.fail.map((e) => [e.note, e] as const))('fails: %s', (_note, example) => {
    const findings = findingsOf(rule.id, rule.check(exampleContext(example)));
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.flatMap((f) => f.cells)).toEqual(example.cells);
    for (const f of findings) {
      expect(f.severity).toBe(rule.severity);
      // Every placeholder is filled: a firm never sees {whereZh}.
      expect(f.message_zh).not.toMatch(/\{\w+\}/);
      expect(f.message_en).not.toMatch(/\{\w+\}/);
    }
  });

  it('runs the same inside runRules', () => {
    for (const example of rule.examples.fail) {
      const ctx = exampleContext(example);
      expect(findingsOf(rule.id, runRules(ctx))).toEqual(rule.check(ctx));
    }
  });
});

describe('the catalogue', () => {
  it('has unique ids, and every rule has pass and fail examples and a message', () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^R-[A-Z]+-\d{3}$/);
      expect(rule.examples.pass.length).toBeGreaterThan(0);
      expect(rule.examples.fail.length).toBeGreaterThan(0);
      expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
    }
  });

  it('is pinned to its version: changing rules means bumping catalogueVersion', () => {
    expect({ catalogueVersion, rules: RULES.map((r) => `${r.id}@${r.version}`) }).toEqual({
      catalogueVersion: '1',
      rules: [
        'R-REQ-001@1',
        'R-REQ-002@1',
        'R-REQ-003@1',
        'R-CODE-001@1',
        'R-CODE-002@1',
        'R-CODE-003@1',
        'R-CODE-004@1',
        'R-CODE-005@1',
        'R-AMT-001@1',
        'R-AMT-002@1',
        'R-TRD-001@1',
        'R-TRD-002@1',
        'R-CTR-001@1',
        'R-CTR-002@1',
        'R-CTR-003@1',
        'R-EXE-001@1',
        'R-EXE-002@1',
        'R-EXE-003@1',
        'R-WF-001@1',
        'R-WF-002@1',
        'R-ZERO-001@1',
        'R-EXE-004@1',
        'R-ZERO-002@1',
        'R-CHG-001@1',
        'R-CHG-002@1',
        'R-PTN-001@1',
        'R-REC-001@1',
        'R-INFO-001@1',
        'R-INFO-002@1',
      ],
    });
  });

  it('lists blocking rules first, then explain-or-fix, then info', () => {
    const order = RULES.map((r) => r.severity);
    expect(order).toEqual(
      [...order].sort(
        (a, b) => ['BLOCKING', 'EXPLAIN', 'INFO'].indexOf(a) - ['BLOCKING', 'EXPLAIN', 'INFO'].indexOf(b),
      ),
    );
  });

  it('accepts the example base return without any finding', () => {
    expect(runRules(exampleContext({ note: 'base' }))).toEqual([]);
  });

  it('describes itself as plain JSON whose examples still behave as in the code', () => {
    const described = describeCatalogue();
    expect(described.version).toBe(catalogueVersion);
    expect(described.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const r = described.rules.find((d) => d.id === 'R-CHG-001')!;
    expect(r.tolerance).toMatchObject({ minChangeUsd: 10000 });
    expect(r.messages.change.zh).toContain('{measureZh}');
    for (const d of described.rules) {
      const rule = RULES.find((x) => x.id === d.id)!;
      for (const example of d.examples.fail) {
        expect(findingsOf(d.id, rule.check(exampleContext(example))).flatMap((f) => f.cells)).toEqual(example.cells);
      }
    }
    const table = catalogueTable();
    expect(table.rows).toHaveLength(RULES.length);
    expect(table.rows.every((row) => row.length === table.header.length)).toBe(true);
  });
});

describe('admin overrides', () => {
  const negative = exampleContext({ note: 'negative', content: { servicesTrade: [{ amount: -5 }] } });

  it('a disabled rule reports nothing', () => {
    expect(findingsOf('R-AMT-001', runRules(negative))).toHaveLength(1);
    expect(findingsOf('R-AMT-001', runRules(negative, { 'R-AMT-001': { enabled: false } }))).toEqual([]);
    expect(hasBlocking(runRules(negative, { 'R-AMT-001': { enabled: false } }))).toBe(false);
  });

  it('a severity override applies to the rule’s findings only', () => {
    const findings = runRules(negative, { 'R-AMT-001': { enabled: true, severity: 'EXPLAIN' } });
    expect(findingsOf('R-AMT-001', findings).map((f) => f.severity)).toEqual(['EXPLAIN']);
    expect(hasBlocking(findings)).toBe(false);
    const cny = exampleContext({ note: 'cny', content: { servicesTrade: [{ amount: -640, currency: 'CNY' }] } });
    expect(
      findingsOf('R-INFO-001', runRules(cny, { 'R-AMT-001': { enabled: true, severity: 'EXPLAIN' } }))[0].severity,
    ).toBe('INFO');
  });
});

describe('messages a firm understands', () => {
  it('names the row, the section and the value', () => {
    const [f] = runRules(
      exampleContext({ note: 'neg', content: { servicesTrade: [{}, { categoryCode: 'SJ', amount: -5 }] } }),
    );
    expect(f).toMatchObject({
      ruleId: 'R-AMT-001',
      severity: 'BLOCKING',
      cells: ['servicesTrade[1].amount'],
      message_zh: '服务进出口 第2行 金额为负数：-5.00',
      message_en: 'Services trade row 2: the amount is negative (-5.00)',
    });
  });

  it('names the contract of an execution row', () => {
    const ctx = exampleContext({ note: 'x', content: { executions: [{ contractNo: 'C-2019-999' }] } });
    expect(findingsOf('R-EXE-001', runRules(ctx))[0].message_zh).toContain('执行情况 第1行 合同 C-2019-999');
  });

  it('states a change with both values and the threshold', () => {
    const ctx = exampleContext({ note: 'x', history: { previousQuarter: { servicesExportsUsd: 2000000 } } });
    expect(findingsOf('R-CHG-001', runRules(ctx))[0].message_zh).toBe(
      '服务出口额环比 -94.0%（上期 2,000,000.00 美元，本期 120,000.00 美元），超出按规模设定的变动阈值（+50.0% / -33.3%）；请核实数据或说明原因',
    );
  });
});

describe('malformed content', () => {
  it('reports non-numbers instead of throwing', () => {
    const ctx = exampleContext({ note: 'x' });
    ctx.content.servicesTrade[0].amount = Number.NaN;
    (ctx.content.contracts[0] as { amount: unknown }).amount = null;
    const findings = findingsOf('R-AMT-001', runRules(ctx));
    expect(findings.map((f) => [f.cells[0], f.params.value])).toEqual([
      ['servicesTrade[0].amount', 'NaN'],
      ['contracts[0].amount', 'null'],
    ]);
  });

  it('survives missing sections', () => {
    const content = { ...emptyReturnContent(), servicesTrade: undefined } as unknown as ReturnContent;
    const ctx = { ...exampleContext({ note: 'x' }), content };
    expect(runRules(ctx).map((f) => f.ruleId)).toEqual(['R-REQ-001', 'R-REQ-003']);
  });
});

/** A realistic 50-line return: 30 trade lines, 10 contracts, 10 executions (5 on earlier contracts). */
function fiftyLineContext(): RuleContext {
  const categories = ['SA', 'SB', 'SC', 'SD', 'SE', 'SF', 'SG', 'SH', 'SI', 'SJ', 'SK'];
  const partners = ['US', 'JP', 'KR', 'SG', 'DE', 'GB', 'FR', 'IN', 'HK', 'MO', 'TW'];
  const servicesTrade: Partial<ServicesTradeLine>[] = Array.from({ length: 30 }, (_, i) => ({
    categoryCode: categories[i % 11],
    partnerCode: partners[(i * 7 + Math.floor(i / 11)) % 11],
    direction: i < 20 ? 'EXPORT' : 'IMPORT',
    amount: 10000 + i * 1234.5,
    currency: i % 3 === 0 ? 'CNY' : 'USD',
  }));
  const contracts: Partial<ContractLine>[] = Array.from({ length: 10 }, (_, i) => ({
    contractNo: `C-2021-${100 + i}`,
    signedDate: `2021-1${i % 3}-0${1 + (i % 9)}`,
    clientPartnerCode: partners[i],
    offshore: true,
  }));
  const register = Array.from({ length: 5 }, (_, i) => ({
    contractNo: `C-2020-${i}`,
    signedDate: '2020-03-01',
    periodCode: '2020Q1',
    amountUsd: 1000000,
    offshore: i % 2 === 0,
    cumulativeExecutedUsdBefore: 100000 * i,
  }));
  const executions = [
    ...contracts.slice(0, 5).map((c) => ({ contractNo: c.contractNo, amount: 5000 })),
    ...register.map((c) => ({ contractNo: c.contractNo, amount: 20000 })),
  ];
  return exampleContext({
    note: 'fifty lines',
    content: { servicesTrade, contracts, executions },
    register,
    history: {
      previousQuarter: { servicesExportsUsd: 300000, executedUsd: 100000, headcount: 50 },
      sameQuarterLastYear: { servicesExportsUsd: 250000, servicesImportsUsd: 80000 },
      partnersSeenBefore: ['US', 'JP'],
    },
  });
}

// Speed is measured by `npm run bench` (validation through the worker and in-process), never asserted here.
describe('a typical return', () => {
  it('passes a clean 50-line return with no blocking finding, the same every time', () => {
    const ctx = fiftyLineContext();
    expect(ctx.content.servicesTrade.length + ctx.content.contracts.length + ctx.content.executions.length).toBe(50);
    const first = runRules(ctx);
    expect(hasBlocking(first)).toBe(false);
    expect(runRules(ctx)).toEqual(first);
  });
});
