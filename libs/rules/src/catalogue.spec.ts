import {
  emptyReturnContent,
  RULE_SUBJECTS,
  type ContractLine,
  type ReturnContent,
  type ServicesTradeLine,
} from '@portal/shared';
import {
  catalogueTable,
  checkExample,
  catalogueVersion,
  describeCatalogue,
  effectiveTolerance,
  EXAMPLE_SUBJECTS,
  exampleContext,
  hasBlocking,
  ruleById,
  RULES,
  rulesOf,
  runRules,
  runRulesFor,
  technologyExampleContext,
  toleranceProblem,
  type AnyRule,
  type Finding,
  type RuleContext,
} from './index';

const findingsOf = (ruleId: string, findings: Finding[]) => findings.filter((f) => f.ruleId === ruleId);

type Example = AnyRule['examples']['pass'][number];

/** Every rule of the subject run together over an example, as the app runs them. */
function runExample(rule: AnyRule, example: Example): Finding[] {
  return rule.subject === 'return'
    ? runRules(exampleContext(example as Parameters<typeof exampleContext>[0]))
    : runRulesFor('technology-contract', EXAMPLE_SUBJECTS['technology-contract'].context(example));
}

describe.each(RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  it.each(rule.examples.pass.map((e: Example) => [e.note, e] as const))('passes: %s', (_note, example) => {
    expect(findingsOf(rule.id, checkExample(rule, example))).toEqual([]);
  });

  it.each(rule.examples.fail.map((e: Example & { cells: string[] }) => [e.note, e] as const))(
    'fails: %s',
    (_note, example) => {
      const findings = findingsOf(rule.id, checkExample(rule, example));
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.flatMap((f) => f.cells)).toEqual(example.cells);
      for (const f of findings) {
        expect(f.severity).toBe(rule.severity);
        // Every placeholder is filled: a firm never sees {whereZh}.
        expect(f.message_zh).not.toMatch(/\{\w+\}/);
        expect(f.message_en).not.toMatch(/\{\w+\}/);
      }
    },
  );

  it('runs the same inside runRules', () => {
    for (const example of rule.examples.fail as Example[]) {
      expect(findingsOf(rule.id, runExample(rule, example))).toEqual(checkExample(rule, example));
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
      catalogueVersion: '2',
      rules: [
        'R-REQ-001@1',
        'R-REQ-002@1',
        'R-REQ-003@1',
        'R-CODE-001@1',
        'R-CODE-002@1',
        'R-CODE-003@1',
        'R-CODE-004@2',
        'R-CODE-005@2',
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
        'R-WF-001@2',
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
        'R-TEC-001@1',
        'R-TEC-002@1',
        'R-TEC-003@1',
        'R-TEC-004@1',
        'R-TEC-005@1',
        'R-TEC-006@1',
        'R-TEC-007@1',
        'R-TEC-008@1',
        'R-TEC-009@1',
        'R-TEC-010@1',
        'R-TEC-011@1',
      ],
    });
  });

  it('lists the return’s rules, then the technology contract’s; each blocking first, then explain-or-fix, then info', () => {
    expect(RULES.map((r) => r.subject)).toEqual([
      ...rulesOf('return').map(() => 'return'),
      ...rulesOf('technology-contract').map(() => 'technology-contract'),
    ]);
    for (const subject of RULE_SUBJECTS) {
      const order = rulesOf(subject).map((r) => r.severity);
      expect(order).toEqual(
        [...order].sort(
          (a, b) => ['BLOCKING', 'EXPLAIN', 'INFO'].indexOf(a) - ['BLOCKING', 'EXPLAIN', 'INFO'].indexOf(b),
        ),
      );
    }
    expect(rulesOf('technology-contract').map((r) => r.id)).toEqual(
      RULES.filter((r) => r.id.startsWith('R-TEC')).map((r) => r.id),
    );
  });

  it('accepts the example base return without any finding', () => {
    expect(runRules(exampleContext({ note: 'base' }))).toEqual([]);
  });

  it('accepts the example base contract registration without any finding, and runs no return rule on it', () => {
    expect(runRulesFor('technology-contract', technologyExampleContext({ note: 'base' }))).toEqual([]);
    const cn = technologyExampleContext({ note: 'cn', contract: { partnerCode: 'CN', category: 'PROHIBITED' } });
    expect(runRulesFor('technology-contract', cn).map((f) => f.ruleId)).toEqual(['R-TEC-005', 'R-TEC-007']);
  });

  it('describes itself as plain JSON whose examples still behave as in the code', () => {
    const described = describeCatalogue();
    expect(described.version).toBe(catalogueVersion);
    expect(described.rules.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
    const r = described.rules.find((d) => d.id === 'R-CHG-001')!;
    expect(r.tolerance).toMatchObject({ minChangeUsd: 10000 });
    expect(r.messages.change.zh).toContain('{measureZh}');
    // What the catalogue screen shows: each rule's messages rendered over its failing examples, no placeholders.
    for (const d of described.rules) {
      expect(d.samples.length).toBeGreaterThan(0);
      for (const m of d.samples) expect(`${d.id} ${m.message_zh} ${m.message_en}`).not.toMatch(/[{}]/);
    }
    expect(r.samples.map((m) => m.message_zh).join('\n')).not.toContain('{measureZh}');
    expect(described.rules.find((d) => d.id === 'R-TEC-010')).toMatchObject({
      subject: 'technology-contract',
      section: 'technologyContract',
      tolerance: { factor: 10, basis: 'largest' },
    });
    expect(described.exampleBases['technology-contract']).toMatchObject({ contract: { contractNo: 'TE-2021-017' } });
    expect(described.exampleBases.return).toMatchObject({ periodCode: '2021Q4' });
    for (const d of described.rules) {
      const rule = RULES.find((x) => x.id === d.id)!;
      for (const example of d.examples.fail) {
        expect(findingsOf(d.id, checkExample(rule, example)).flatMap((f) => f.cells)).toEqual(example.cells);
      }
    }
    const table = catalogueTable();
    expect(table.rows).toHaveLength(RULES.length);
    expect(table.rows.every((row) => row.length === table.header.length)).toBe(true);
    expect(table.rows.find((row) => row[0] === 'R-TEC-003')?.[table.header.indexOf('subject')]).toBe(
      'technology-contract',
    );
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

describe('tolerance overrides', () => {
  const big = technologyExampleContext({ note: 'x', contract: { techFee: 2000000, contractAmount: 2000000 } });
  const farAbove = (overrides = {}) => findingsOf('R-TEC-010', runRulesFor('technology-contract', big, overrides));

  it('a changed threshold applies to the rule’s check, the other keys keep the catalogue’s', () => {
    // 2,000,000 is 8 times the largest registered contract (250,000): below the catalogue's 10 times.
    expect(farAbove()).toEqual([]);
    const [f] = farAbove({ 'R-TEC-010': { tolerance: { factor: 5 } } });
    expect(f).toMatchObject({ cells: ['contractAmount'], params: { factor: 5, multiple: '8.0' } });
    // By the median (120,000) it is 16.7 times.
    expect(farAbove({ 'R-TEC-010': { tolerance: { basis: 'median' } } })[0].params.multiple).toBe('16.7');
    expect(effectiveTolerance(ruleById('R-TEC-010')!, { 'R-TEC-010': { tolerance: { factor: 5 } } })).toEqual({
      factor: 5,
      basis: 'largest',
      minAmountUsd: 100000,
    });
  });

  it('the return’s thresholds are overridable the same way', () => {
    const ctx = exampleContext({ note: 'x', history: { previousQuarter: { servicesExportsUsd: 100000 } } });
    expect(findingsOf('R-CHG-001', runRules(ctx))).toEqual([]);
    const bands = [{ priorFrom: 0, maxChangePct: 10 }];
    expect(findingsOf('R-CHG-001', runRules(ctx, { 'R-CHG-001': { tolerance: { amountBands: bands } } }))).toHaveLength(
      1,
    );
  });

  it('refuses keys a rule does not have and values of another type', () => {
    const rule = ruleById('R-TEC-010')!;
    expect(toleranceProblem(rule, { factor: 20 })).toBeNull();
    expect(toleranceProblem(rule, { factr: 20 })).toBe('R-TEC-010 has no tolerance factr');
    expect(toleranceProblem(rule, { factor: '20' })).toBe('R-TEC-010 tolerance factor must be of type number');
    expect(toleranceProblem(ruleById('R-TEC-001')!, { anything: 1 })).toBe('R-TEC-001 has no tolerance anything');
  });
});

describe('messages a firm understands', () => {
  it('names the contract and the fields of a technology contract registration in both languages', () => {
    const ctx = technologyExampleContext({
      note: 'x',
      contract: { modeCode: 'TT7', techFee: 180000, equipmentFee: 20000, contractAmount: 180000 },
    });
    expect(findingsOf('R-TEC-003', runRulesFor('technology-contract', ctx))[0]).toMatchObject({
      message_zh:
        '技术进出口合同 TE-2021-017 合同金额 180,000.00 不等于技术费 180,000.00 + 设备费 20,000.00 = 200,000.00（相差 -20,000.00）',
      message_en:
        'Technology contract TE-2021-017: the contract value 180,000.00 is not technology fee 180,000.00 + equipment fee 20,000.00 = 200,000.00 (difference -20,000.00)',
    });
    const prohibited = technologyExampleContext({ note: 'x', contract: { category: 'PROHIBITED' } });
    const [f] = runRulesFor('technology-contract', prohibited);
    expect(f).toMatchObject({ ruleId: 'R-TEC-007', severity: 'BLOCKING', cells: ['category'] });
    expect(f.message_zh).toContain('技术类别为禁止类');
    expect(f.message_en).toContain('prohibited');
  });

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
