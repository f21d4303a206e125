import { emptyReturnContent, type ReturnContent } from '@portal/shared';
import { completePart, SECTION_ROWS_MAX, structuralIssues, type ContentContext } from './return-content';

const ctx: ContentContext = {
  periodCode: '2026Q3',
  regions: new Map([['610113', 'district']]),
  natures: new Set(['DOM-PRI']),
  industries: new Set(['I']),
  serviceCategories: new Set(['SI']),
  partners: new Set(['US', 'JP', 'CN']),
  outsourcing: new Set(['ITO-RD-01']),
  otherContracts: new Map(),
};

const trade = { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 100, currency: 'USD' } as const;
const contract = {
  contractNo: 'C-1',
  signedDate: '2026-08-03',
  clientName: 'Contoso',
  clientPartnerCode: 'US',
  clientIndustryCode: 'I',
  businessCode: 'ITO-RD-01',
  offshore: true,
  amount: 500,
  currency: 'USD',
} as const;
const content = (o: Partial<Record<keyof ReturnContent, unknown>>) =>
  ({ ...emptyReturnContent(), ...o }) as ReturnContent;

describe('a draft as typed', () => {
  it('keeps a half-typed row out of the complete part and reports its cells', () => {
    const typed = content({ servicesTrade: [trade, { ...trade, categoryCode: '', amount: '12,3a' }] });
    const part = completePart(typed, ctx);
    expect(part.content.servicesTrade).toEqual([trade]);
    expect(part.issues.map((i) => i.path)).toEqual(['servicesTrade[1].categoryCode', 'servicesTrade[1].amount']);
    expect(part.unresolved).toEqual([]);
  });

  it('drops the execution of a contract that is itself incomplete, and flags it too', () => {
    const typed = content({
      contracts: [{ ...contract, amount: null }],
      executions: [{ contractNo: 'C-1', amount: 5, currency: 'USD' }],
    });
    const part = completePart(typed, ctx);
    expect(part.content).toMatchObject({ contracts: [], executions: [] });
    expect(part.issues.map((i) => i.path)).toEqual(['contracts[0].amount', 'executions[0].contractNo']);
  });

  it('says which row of the draft each complete row is, so a finding lands on the row the firm sees', () => {
    const typed = content({ servicesTrade: [{ ...trade, partnerCode: null }, trade, { ...trade, categoryCode: '' }] });
    const part = completePart(typed, ctx);
    expect(part.rows.servicesTrade).toEqual([1]);
    expect(part.issues.map((i) => i.path)).toEqual(['servicesTrade[0].partnerCode', 'servicesTrade[2].categoryCode']);
  });

  it('leaves an incomplete workforce or profile out as a whole', () => {
    const typed = content({
      workforce: {
        juniorCollege: 'ten',
        bachelor: 1,
        master: 1,
        doctor: 1,
        other: 1,
        newHires: null,
        newHiresGraduates: null,
      },
    });
    expect(completePart(typed, ctx).content.workforce).toBeNull();
    const profile = {
      confirmed: true,
      nameZh: '',
      regionCode: '610113',
      zoneCode: null,
      natureCode: 'DOM-PRI',
      industryCode: 'I',
      keyEnterprise: false,
      advancedTech: false,
    };
    const part = completePart(content({ profile }), ctx);
    expect([part.content.profile, part.issues.map((i) => i.path)]).toEqual([null, ['profile.nameZh']]);
  });

  it('takes a complete content as it is', () => {
    const typed = content({ servicesTrade: [trade], contracts: [contract] });
    expect(completePart(typed, ctx)).toEqual({
      content: typed,
      issues: [],
      rows: { servicesTrade: [0], contracts: [0], executions: [] },
      unresolved: [],
    });
  });
});

describe('what no one can type', () => {
  const paths = (input: unknown) => structuralIssues(input).map((i) => i.path);

  it('accepts whatever a firm can type into a cell: text, numbers, empty', () => {
    expect(
      paths(
        content({
          servicesTrade: [
            { ...trade, categoryCode: '', amount: '1,2a' },
            { ...trade, amount: null },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses wrong shapes, unknown keys, objects in cells, non-finite numbers and absurd sizes, saying where', () => {
    expect(paths([])).toEqual(['content']);
    expect(paths(content({ servicesTrade: {} }))).toEqual(['servicesTrade']);
    expect(paths(content({ contracts: ['C-1'] }))).toEqual(['contracts[0]']);
    expect(paths(content({ servicesTrade: [{ ...trade, amout: 1 }] }))).toEqual(['servicesTrade[0].amout']);
    expect(paths(content({ servicesTrade: [{ ...trade, amount: { $gt: 0 } }] }))).toEqual(['servicesTrade[0].amount']);
    expect(paths(content({ servicesTrade: [{ ...trade, amount: Infinity }] }))).toEqual(['servicesTrade[0].amount']);
    expect(paths(content({ contracts: [{ ...contract, clientName: 'x'.repeat(70_000) }] }))).toEqual([
      'contracts[0].clientName',
    ]);
    expect(
      paths(content({ executions: Array(SECTION_ROWS_MAX + 1).fill({ contractNo: 'C', amount: 1, currency: 'USD' }) })),
    ).toEqual(['executions']);
    expect(paths({ ...content({}), zeroReturn: 'no' })).toEqual(['zeroReturn']);
    expect(paths(content({ profile: 'x' }))).toEqual(['profile']);
  });
});
