import type { ExchangeData } from '@portal/exchange';

/** 咸阳智汇信息技术有限公司 (firm-xianyang-1 of the demo). */
export const XIANYANG_1 = '91610400MA6U00004Y';

/**
 * A 2026Q3 bundle of 咸阳智汇 (firm-xianyang-1): two trade lines, one offshore contract with an execution,
 * workforce. `exportAmount` and `clientName` vary what the import specs look at; `o` replaces whole files.
 */
export function xianyangBundle({
  exportAmount = 120000.5,
  clientName = '东京数据株式会社',
  ...o
}: Partial<ExchangeData> & { exportAmount?: number; clientName?: string } = {}): ExchangeData {
  return {
    enterprises: [],
    servicesTrade: [
      {
        uscc: XIANYANG_1,
        period: '2026Q3',
        categoryCode: 'SI',
        partnerCode: 'US',
        direction: 'EXPORT',
        amount: exportAmount,
        currency: 'USD',
      },
      {
        uscc: XIANYANG_1,
        period: '2026Q3',
        categoryCode: 'SJ',
        partnerCode: 'HK',
        direction: 'IMPORT',
        amount: 8800,
        currency: 'CNY',
      },
    ],
    contracts: [
      {
        uscc: XIANYANG_1,
        contractNo: 'ZH-2026-07',
        signedDate: '2026-07-20',
        clientName,
        clientPartnerCode: 'JP',
        clientIndustryCode: 'I',
        businessCode: 'ITO-RD-01',
        offshore: true,
        amount: 300000,
        currency: 'USD',
      },
    ],
    executions: [{ uscc: XIANYANG_1, contractNo: 'ZH-2026-07', period: '2026Q3', amount: 90000, currency: 'USD' }],
    workforce: [
      {
        uscc: XIANYANG_1,
        period: '2026Q3',
        juniorCollege: 5,
        bachelor: 20,
        master: 3,
        doctor: 0,
        other: 1,
        newHires: 2,
        newHiresGraduates: 1,
      },
    ],
    ...o,
  };
}

/** A firm of 碑林区 (610102) as the enterprises file of a historical import registers it. */
export function historicalFirm(uscc: string, nameZh: string): ExchangeData['enterprises'][number] {
  return {
    uscc,
    nameZh,
    regionCode: '610102',
    zoneCode: null,
    natureCode: 'FIE',
    industryCode: 'I',
    keyEnterprise: false,
  };
}

/** A quarter of the old system: one 2021Q4 import of SC services from Germany, 5,000 USD, of the firm `uscc`. */
export function historicalTradeData(uscc: string, enterprises: ExchangeData['enterprises'] = []): ExchangeData {
  return {
    enterprises,
    servicesTrade: [
      {
        uscc,
        period: '2021Q4',
        categoryCode: 'SC',
        partnerCode: 'DE',
        direction: 'IMPORT',
        amount: 5000,
        currency: 'USD',
      },
    ],
    contracts: [],
    executions: [],
    workforce: [],
  };
}
