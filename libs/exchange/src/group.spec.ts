import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupReturns, readBundle } from '.';
import { context, FIXTURES, uscc } from '../test/helpers';

describe('groupReturns', () => {
  it('splits the valid fixture into per-firm, per-period return pieces', async () => {
    const files = readdirSync(join(FIXTURES, 'ok')).map((name) => ({
      name,
      data: readFileSync(join(FIXTURES, 'ok', name)),
    }));
    const result = await readBundle(files, context());
    if (!result.ok) throw new Error('fixture rejected');
    const groups = groupReturns(result.bundle);
    expect(groups.map((g) => [g.uscc, g.period])).toEqual([
      [uscc(1), '2021Q4'],
      [uscc(1), '2022Q1'],
      [uscc(2), '2022Q1'],
    ]);
    const [u1q4, u1q1, u2q1] = groups;
    expect(u1q4).toEqual({
      uscc: uscc(1),
      period: '2021Q4',
      servicesTrade: [
        { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 1234567.89, currency: 'USD' },
        { categoryCode: 'SI', partnerCode: 'HK', direction: 'IMPORT', amount: 0.5, currency: 'USD' },
      ],
      contracts: [
        {
          contractNo: 'C-2021-001',
          signedDate: '2021-11-15',
          clientName: 'Acme Inc.',
          clientPartnerCode: 'US',
          clientIndustryCode: 'I',
          businessCode: 'ITO-RD-01',
          offshore: true,
          amount: 500000,
          currency: 'USD',
        },
        {
          contractNo: '-007',
          signedDate: '2021-12-01',
          clientName: '=HYPERLINK("x")',
          clientPartnerCode: 'CN',
          clientIndustryCode: null,
          businessCode: 'KPO-BS-01',
          offshore: false,
          amount: 1000.5,
          currency: 'CNY',
        },
      ],
      executions: [{ contractNo: 'C-2021-001', amount: 100000, currency: 'USD' }],
      workforce: {
        juniorCollege: 10,
        bachelor: 50,
        master: 8,
        doctor: 1,
        other: 3,
        newHires: 12,
        newHiresGraduates: 10,
      },
    });
    // A contract signed earlier is executed in a later return without being counted there again.
    expect(u1q1).toEqual({
      uscc: uscc(1),
      period: '2022Q1',
      servicesTrade: [],
      contracts: [],
      executions: [{ contractNo: 'C-2021-001', amount: 150000.25, currency: 'USD' }],
      workforce: null,
    });
    expect(u2q1.contracts.map((c) => c.contractNo)).toEqual(['HK-01', 'TW-01']);
    expect(u2q1.servicesTrade).toHaveLength(1);
    expect(u2q1.workforce?.newHires).toBeNull();
  });
});
