import { cellValue, diffContent, parseCellPath, withCellValue } from './diff';
import type { ReturnContent } from './returns';

const base = (): ReturnContent => ({
  profile: {
    confirmed: true,
    nameZh: '西安云图软件科技有限公司',
    regionCode: '610113',
    zoneCode: '6101Z1',
    natureCode: 'DOM-PRI',
    industryCode: 'I',
    keyEnterprise: true,
    advancedTech: false,
  },
  zeroReturn: false,
  servicesTrade: [
    { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 100, currency: 'USD' },
    { categoryCode: 'SJ', partnerCode: 'HK', direction: 'EXPORT', amount: 200, currency: 'USD' },
  ],
  contracts: [
    {
      contractNo: 'C-1',
      signedDate: '2026-08-03',
      clientName: 'Contoso',
      clientPartnerCode: 'US',
      clientIndustryCode: 'I',
      businessCode: 'ITO-RD-01',
      offshore: true,
      amount: 500,
      currency: 'USD',
    },
  ],
  executions: [{ contractNo: 'C-1', amount: 50, currency: 'USD' }],
  workforce: { juniorCollege: 1, bachelor: 2, master: 3, doctor: 0, other: 0, newHires: null, newHiresGraduates: null },
});

describe('diffContent: cell-level changes between two revisions', () => {
  it('finds nothing between equal contents, and nothing when lines are only reordered', () => {
    const a = base();
    const b = base();
    b.servicesTrade.reverse();
    expect(diffContent(a, base())).toEqual([]);
    expect(diffContent(a, b)).toEqual([]);
  });

  it('matches services-trade lines by category, partner and direction and reports the changed cell', () => {
    const b = base();
    b.servicesTrade.reverse();
    b.servicesTrade[0].amount = 250;
    expect(diffContent(base(), b)).toEqual([
      {
        path: 'servicesTrade[0].amount',
        section: 'servicesTrade',
        key: 'SJ|HK|EXPORT',
        before: 200,
        after: 250,
        kind: 'changed',
      },
    ]);
  });

  it('reports a line whose key changed as one removed and one added', () => {
    const b = base();
    b.servicesTrade[0].direction = 'IMPORT';
    expect(diffContent(base(), b).map((d) => [d.kind, d.path, d.key])).toEqual([
      ['added', 'servicesTrade[0]', 'SI|US|IMPORT'],
      ['removed', 'servicesTrade[0]', 'SI|US|EXPORT'],
    ]);
  });

  it('matches contracts and executions by contract number, workforce and profile by field', () => {
    const b = base();
    b.contracts[0].clientName = 'Contoso Ltd.';
    b.contracts.push({ ...b.contracts[0], contractNo: 'C-2' });
    b.executions = [];
    b.workforce!.bachelor = 5;
    b.profile!.natureCode = 'FIE';
    expect(diffContent(base(), b).map((d) => [d.kind, d.path, d.before, d.after])).toEqual([
      ['changed', 'profile.natureCode', 'DOM-PRI', 'FIE'],
      ['changed', 'contracts[0].clientName', 'Contoso', 'Contoso Ltd.'],
      ['added', 'contracts[1]', null, b.contracts[1]],
      ['removed', 'executions[0]', base().executions[0], null],
      ['changed', 'workforce.bachelor', 2, 5],
    ]);
  });

  it('reports a section that appears or disappears whole, and the zero-return flag', () => {
    const b = base();
    b.workforce = null;
    b.zeroReturn = true;
    expect(diffContent(base(), b).map((d) => [d.kind, d.path])).toEqual([
      ['changed', 'zeroReturn'],
      ['removed', 'workforce'],
    ]);
  });
});

describe('cell paths', () => {
  it('parses the three forms and refuses anything else', () => {
    expect(parseCellPath('servicesTrade[1].amount')).toEqual(['servicesTrade', 1, 'amount']);
    expect(parseCellPath('contracts[0]')).toEqual(['contracts', 0]);
    expect(parseCellPath('workforce.bachelor')).toEqual(['workforce', 'bachelor']);
    for (const bad of ['servicesTrade.amount', 'workforce', 'foo[0]', 'contracts[-1]', '__proto__.x']) {
      expect(parseCellPath(bad)).toBeNull();
    }
  });

  it('reads and writes a cell without touching the original; unknown cells are undefined / null', () => {
    const c = base();
    expect(cellValue(c, 'servicesTrade[1].amount')).toBe(200);
    expect(cellValue(c, 'workforce.newHires')).toBeNull();
    expect(cellValue(c, 'servicesTrade[5].amount')).toBeUndefined();
    const changed = withCellValue(c, 'workforce.bachelor', 9)!;
    expect(changed.workforce!.bachelor).toBe(9);
    expect(c.workforce!.bachelor).toBe(2);
    expect(withCellValue(c, 'executions[3].amount', 1)).toBeNull();
    expect(withCellValue(c, 'profile.__proto__', { polluted: true })).toBeNull();
    expect(cellValue(c, 'workforce.constructor')).toBeUndefined();
  });
});
