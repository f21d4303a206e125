import type { INestApplicationContext } from '@nestjs/common';
import type { ExchangeData } from '@portal/exchange';
import { withUsccCheck } from '@portal/shared';
import { DataSource } from 'typeorm';
import { EnterpriseEntity } from '../../../apps/api/src/modules/enterprises/enterprise.entity';
import { EnterprisesService } from '../../../apps/api/src/modules/enterprises/enterprises.service';
import { actorOf, importHistorical } from './seed-paths';

type TechRow = NonNullable<ExchangeData['technologyContracts']>[number];

interface TechFirm {
  uscc: string;
  nameZh: string;
  regionCode: string;
  zoneCode: string | null;
  /** The firm's review unit (its city), the middle of its registration numbers. */
  unit: string;
  natureCode: string;
  industryCode: string;
  /** GB/T 4754-2002 division: the industry 表13 and 表16 group technology trade by (DOMAIN.md §8). */
  industryCode2002: string;
  /** direction, signed, mode, foreign party, partner, 技术费, 设备费 (USD). */
  contracts: [TechRow['direction'], string, string, string, string, number, number][];
}

const uscc = (region: string, seq: number) => withUsccCheck(`91${region}MA6T${String(seq).padStart(5, '0')}`);

/**
 * Technology importers and exporters of three cities, six industries and five enterprise natures, with contracts
 * of both directions in every mode signed 2024–2026: the technology tables (表12–表17, the nature breakdown and
 * 附表2) show figures for the demo's current and prior year, 同比 included.
 */
export const DEMO_TECH_FIRMS: TechFirm[] = [
  {
    uscc: uscc('610113', 1),
    nameZh: '西安长岭半导体装备有限公司',
    regionCode: '610113',
    zoneCode: '6101Z1',
    unit: '610100',
    natureCode: 'FIE',
    industryCode: 'C',
    industryCode2002: '40',
    contracts: [
      ['IMPORT', '2025-03-12', 'TT7', 'Applied Vacuum Systems Inc.', 'US', 420000, 1850000],
      ['EXPORT', '2025-10-15', 'TT4', 'Penang Semicon Sdn Bhd', 'MY', 150000, 0],
      ['IMPORT', '2026-04-20', 'TT1', 'Tokyo Precision Patents KK', 'JP', 680000, 0],
      ['EXPORT', '2026-08-05', 'TT3', 'Saigon Electronics JSC', 'VN', 260000, 0],
    ],
  },
  {
    uscc: uscc('610112', 2),
    nameZh: '西安秦川软件技术有限公司',
    regionCode: '610112',
    zoneCode: '6101Z2',
    unit: '610100',
    natureCode: 'DOM-PRI',
    industryCode: 'I',
    industryCode2002: '62',
    contracts: [
      ['EXPORT', '2024-06-10', 'TT4', 'Contoso Ltd.', 'US', 700000, 0],
      ['EXPORT', '2025-05-08', 'TT4', 'Contoso Ltd.', 'US', 920000, 0],
      ['EXPORT', '2026-02-26', 'TT4', 'Fabrikam Japan K.K.', 'JP', 1150000, 0],
      ['IMPORT', '2026-06-02', 'TT2', 'Adatum GmbH', 'DE', 240000, 0],
      ['EXPORT', '2026-07-14', 'TT3', 'Northwind Traders Pte Ltd', 'SG', 380000, 0],
    ],
  },
  {
    uscc: uscc('610113', 3),
    nameZh: '西安航宇动力研究院有限公司',
    regionCode: '610113',
    zoneCode: '6101Z1',
    unit: '610100',
    natureCode: 'DOM-SOE',
    industryCode: 'M',
    industryCode2002: '75',
    contracts: [
      ['IMPORT', '2024-08-15', 'TT1', 'Rolls Engineering Ltd', 'GB', 800000, 0],
      ['EXPORT', '2025-09-19', 'TT2', 'Kazakh Aviation Engineering JSC', 'KZ', 1600000, 0],
      ['IMPORT', '2025-12-03', 'TT1', 'Rolls Engineering Ltd', 'GB', 980000, 0],
      ['EXPORT', '2026-03-30', 'TT3', 'Al Noor Aerospace LLC', 'AE', 2100000, 0],
      ['IMPORT', '2026-09-22', 'TT2', 'Safran Motion SAS', 'FR', 1250000, 0],
    ],
  },
  {
    uscc: uscc('610403', 4),
    nameZh: '杨凌丰源种业生物技术有限公司',
    regionCode: '610403',
    zoneCode: null,
    unit: '610400',
    natureCode: 'DOM-PRI',
    industryCode: 'M',
    industryCode2002: '76',
    contracts: [
      ['IMPORT', '2025-04-11', 'TT1', 'Wageningen Seeds B.V.', 'NL', 310000, 0],
      ['EXPORT', '2025-11-06', 'TT8', 'Astana Grain Holding JSC', 'KZ', 96000, 0],
      ['EXPORT', '2026-05-25', 'TT3', 'Tashkent Agro Cluster LLC', 'UZ', 175000, 0],
    ],
  },
  {
    uscc: uscc('610400', 5),
    nameZh: '咸阳虹彩光电器材有限公司',
    regionCode: '610400',
    zoneCode: null,
    unit: '610400',
    natureCode: 'HMT',
    industryCode: 'C',
    industryCode2002: '39',
    contracts: [
      ['IMPORT', '2025-07-21', 'TT6', 'Kansai Display Co., Ltd.', 'JP', 540000, 760000],
      ['IMPORT', '2026-01-15', 'TT5', 'Korea Brand Licensing Co.', 'KR', 120000, 0],
      ['EXPORT', '2026-10-09', 'TT3', 'Hanoi Panel Works JSC', 'VN', 310000, 0],
    ],
  },
  {
    uscc: uscc('610300', 6),
    nameZh: '宝鸡钛盛装备制造有限公司',
    regionCode: '610300',
    zoneCode: null,
    unit: '610300',
    natureCode: 'DOM-SOE',
    industryCode: 'C',
    industryCode2002: '35',
    contracts: [
      ['EXPORT', '2024-09-02', 'TT7', 'Ural Titanium Works PJSC', 'RU', 300000, 1100000],
      ['EXPORT', '2025-06-18', 'TT7', 'Ural Titanium Works PJSC', 'RU', 380000, 1420000],
      ['EXPORT', '2026-04-09', 'TT6', 'Hyderabad Metals Pvt Ltd', 'IN', 450000, 900000],
      ['IMPORT', '2026-08-27', 'TT1', 'Bergmann Metallurgie GmbH', 'DE', 520000, 0],
    ],
  },
];

export const DEMO_TECH_SOURCE = '演示：技术进出口合同登记系统 (demo: technology contract register)';

/**
 * The contracts as technology_contracts.csv rows, registered with numbers as the portal issues them: year of
 * signing, the city, E/I and the next number within them (counted in signing order, so the portal's next number
 * follows on).
 */
export function demoTechnologyRows(): TechRow[] {
  const rows = DEMO_TECH_FIRMS.flatMap((f) =>
    f.contracts.map(([direction, signedDate, modeCode, foreignParty, partnerCode, techFee, equipmentFee], i) => ({
      unit: f.unit,
      row: {
        uscc: f.uscc,
        contractNo: `DEMO-TT-${signedDate.slice(0, 4)}-${String(i + 1).padStart(2, '0')}`,
        direction,
        signedDate,
        modeCode,
        foreignParty,
        partnerCode,
        techFee,
        equipmentFee,
        contractAmount: techFee + equipmentFee,
        currency: 'USD' as const,
        registrationNo: null as string | null,
      },
    })),
  );
  const issued = new Map<string, number>();
  for (const { unit, row } of [...rows].sort((a, b) => a.row.signedDate.localeCompare(b.row.signedDate))) {
    const prefix = `${row.signedDate.slice(0, 4)}${unit}${row.direction === 'EXPORT' ? 'E' : 'I'}`;
    const n = (issued.get(prefix) ?? 0) + 1;
    issued.set(prefix, n);
    row.registrationNo = `${prefix}${String(n).padStart(4, '0')}`;
  }
  return rows.map((r) => r.row);
}

const NONE = { servicesTrade: [], contracts: [], executions: [], workforce: [] };

/**
 * The demo's registered technology contracts, through the path real data takes: the administrator's historical
 * bundle of the firms (enterprises.csv), their GB/T 4754-2002 divisions as a profile change, then the bundle of
 * their contracts (technology_contracts.csv), each uploaded and processed by the import service as the worker
 * would. `app` holds the API's services (the seed's context, or a test's application). Skipped when the firms
 * exist; answers whether anything was loaded.
 */
export async function loadDemoTechnology(app: INestApplicationContext): Promise<boolean> {
  const ds = app.get(DataSource);
  if (await ds.getRepository(EnterpriseEntity).existsBy({ uscc: DEMO_TECH_FIRMS[0].uscc })) return false;
  const actor = await actorOf(app, 'admin');
  const enterpriseRows = DEMO_TECH_FIRMS.map((f) => ({
    uscc: f.uscc,
    nameZh: f.nameZh,
    regionCode: f.regionCode,
    zoneCode: f.zoneCode,
    natureCode: f.natureCode,
    industryCode: f.industryCode,
    keyEnterprise: false,
  }));
  await importHistorical(
    app,
    actor,
    'demo-technology-firms.zip',
    { ...NONE, enterprises: enterpriseRows },
    DEMO_TECH_SOURCE,
  );
  const enterprises = app.get(EnterprisesService);
  for (const f of DEMO_TECH_FIRMS) {
    const firm = await ds.getRepository(EnterpriseEntity).findOneByOrFail({ uscc: f.uscc });
    // The version the import wrote (valid from 2000-01-01), corrected with the division.
    await enterprises.changeProfile(firm.id, { validFrom: '2000-01-01', industryCode2002: f.industryCode2002 }, actor);
  }
  await importHistorical(
    app,
    actor,
    'demo-technology-contracts.zip',
    { ...NONE, enterprises: [], technologyContracts: demoTechnologyRows() },
    DEMO_TECH_SOURCE,
  );
  return true;
}
