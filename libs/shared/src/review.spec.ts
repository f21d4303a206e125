import { headlineTotals, materiality } from './review';
import type { ReturnContent } from './returns';

const content: ReturnContent = {
  profile: null,
  zeroReturn: false,
  servicesTrade: [
    { categoryCode: 'SI', partnerCode: 'US', direction: 'EXPORT', amount: 1000, currency: 'USD' },
    { categoryCode: 'SJ', partnerCode: 'HK', direction: 'EXPORT', amount: 700, currency: 'CNY' },
    { categoryCode: 'SH', partnerCode: 'JP', direction: 'IMPORT', amount: 5000, currency: 'USD' },
  ],
  contracts: [
    {
      contractNo: 'ON-1',
      signedDate: '2026-08-01',
      clientName: '本地客户',
      clientPartnerCode: 'CN',
      clientIndustryCode: null,
      businessCode: 'ITO-RD-01',
      offshore: false,
      amount: 1,
      currency: 'USD',
    },
  ],
  executions: [
    { contractNo: 'ON-1', amount: 300, currency: 'USD' },
    { contractNo: 'OLD-OFF', amount: 400, currency: 'USD' },
  ],
  workforce: null,
};

describe('materiality', () => {
  it('sums services exports (at the period rate) and execution of offshore contracts, old ones included', () => {
    expect(headlineTotals(content, 7, new Set(['OLD-OFF']))).toEqual({ offshoreExecution: 400, servicesExports: 1100 });
    expect(headlineTotals(content, 7, new Set())).toEqual({ offshoreExecution: 0, servicesExports: 1100 });
  });

  it('is the firm’s change against its previous approved figures as a share of the provincial total with it', () => {
    const now = { offshoreExecution: 400, servicesExports: 1100 };
    // 1,500 now against 1,000 approved: a change of 500 in a province of 10,000 (+500).
    expect(materiality(now, { offshoreExecution: 500, servicesExports: 500 }, 10_000)).toBeCloseTo(500 / 10_500);
    expect(materiality(now, null, 15_000)).toBeCloseTo(1500 / 16_500);
    expect(materiality(now, now, 15_000)).toBe(0);
    // A decrease counts as much as an increase; the first figures of an empty province weigh everything.
    expect(materiality({ offshoreExecution: 0, servicesExports: 0 }, now, 0)).toBe(1);
  });
});
