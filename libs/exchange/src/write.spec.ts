import { readBundle, RETURN_FILES, writeBundle, type ExchangeData, type ParsedBundle } from '.';
import { context, uscc } from '../test/helpers';

/** Drops line numbers so that a parsed bundle compares with the data it was written from. */
function withoutLines(bundle: ParsedBundle): ExchangeData {
  const strip = <T extends { line: number }>(rows: T[]) => rows.map(({ line: _line, ...rest }) => rest);
  return {
    enterprises: strip(bundle.enterprises),
    servicesTrade: strip(bundle.servicesTrade),
    contracts: strip(bundle.contracts),
    executions: strip(bundle.executions),
    workforce: strip(bundle.workforce),
    // A format 1 bundle has no technology contracts, and its data no such key.
    ...(bundle.technologyContracts.length ? { technologyContracts: strip(bundle.technologyContracts) } : {}),
  };
}

async function roundTrip(data: ExchangeData): Promise<ExchangeData> {
  const { zip } = await writeBundle(data);
  const result = await readBundle({ name: 'export.zip', data: zip }, context());
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5), null, 2));
  return withoutLines(result.bundle);
}

const U1 = uscc(1);
const U2 = uscc(2);

const TRICKY: ExchangeData = {
  enterprises: [
    {
      uscc: U1,
      nameZh: '=西安"软件",服务\n有限公司',
      regionCode: '610113',
      zoneCode: '6101Z1',
      natureCode: 'DOM-PRI',
      industryCode: 'I',
      keyEnterprise: true,
    },
    {
      uscc: U2,
      nameZh: "@咸阳 'Data'",
      regionCode: '610400',
      zoneCode: null,
      natureCode: 'FIE',
      industryCode: 'L',
      keyEnterprise: false,
    },
  ],
  servicesTrade: [
    {
      uscc: U1,
      period: '2021Q4',
      categoryCode: 'SI',
      partnerCode: 'US',
      direction: 'EXPORT',
      amount: 0,
      currency: 'USD',
    },
    {
      uscc: U1,
      period: '2021Q4',
      categoryCode: 'SI',
      partnerCode: 'HK',
      direction: 'IMPORT',
      amount: 0.05,
      currency: 'CNY',
    },
    {
      uscc: U2,
      period: '2022Q1',
      categoryCode: 'SK',
      partnerCode: 'TW',
      direction: 'EXPORT',
      amount: 9999999999999.99,
      currency: 'USD',
    },
  ],
  contracts: [
    {
      uscc: U1,
      contractNo: '-007',
      signedDate: '2021-12-31',
      clientName: '+Acme, "Inc."',
      clientPartnerCode: 'US',
      clientIndustryCode: null,
      businessCode: 'ITO-RD-01',
      offshore: true,
      amount: 1234567.8,
      currency: 'USD',
    },
    {
      uscc: U2,
      contractNo: 'CN/2022/1',
      signedDate: '2022-01-01',
      clientName: '\t本地客户',
      clientPartnerCode: 'CN',
      clientIndustryCode: 'M',
      businessCode: 'KPO-BS-01',
      offshore: false,
      amount: 12.5,
      currency: 'CNY',
    },
  ],
  executions: [
    { uscc: U1, contractNo: '-007', period: '2021Q4', amount: 100, currency: 'USD' },
    { uscc: U1, contractNo: '-007', period: '2022Q1', amount: 0.1, currency: 'CNY' },
  ],
  workforce: [
    {
      uscc: U1,
      period: '2021Q4',
      juniorCollege: 0,
      bachelor: 50,
      master: 8,
      doctor: 1,
      other: 3,
      newHires: 12,
      newHiresGraduates: 12,
    },
    {
      uscc: U2,
      period: '2022Q1',
      juniorCollege: 2,
      bachelor: 5,
      master: 0,
      doctor: 0,
      other: 999999999,
      newHires: null,
      newHiresGraduates: null,
    },
  ],
};

const TECHNOLOGY: ExchangeData['technologyContracts'] = [
  {
    uscc: U1,
    contractNo: '=TE-2021-001',
    direction: 'EXPORT',
    signedDate: '2021-11-15',
    modeCode: 'TT4',
    foreignParty: '-Contoso, "Ltd."\n(Redmond)',
    partnerCode: 'US',
    techFee: 9999999999999.99,
    equipmentFee: 0,
    contractAmount: 9999999999999.99,
    currency: 'USD',
    registrationNo: null,
  },
  {
    uscc: U2,
    contractNo: 'TI/2021/2',
    direction: 'IMPORT',
    signedDate: '2021-06-30',
    modeCode: 'TT7',
    foreignParty: 'Fabrikam GmbH',
    partnerCode: 'DE',
    techFee: 0.1,
    equipmentFee: 0.2,
    contractAmount: 0.3,
    currency: 'CNY',
    registrationNo: '@6101202100017',
  },
];

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generated(seed: number): ExchangeData {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const amount = () => Math.round(rnd() * 10 ** Math.floor(rnd() * 12)) / 100;
  const text = () =>
    Array.from({ length: 1 + Math.floor(rnd() * 12) }, () =>
      pick(['a', '西', '安', ',', '"', "'", '=', '+', '-', '@', ' ', '\n', '1']),
    )
      .join('')
      .trim() || 'x';
  const firms = Array.from({ length: 5 }, (_, i) => uscc(100 + i));
  const data = {
    enterprises: [],
    servicesTrade: [],
    contracts: [],
    executions: [],
    workforce: [],
    technologyContracts: [],
  } as Required<ExchangeData>;
  for (const u of firms) {
    data.enterprises.push({
      uscc: u,
      nameZh: text(),
      regionCode: pick(['610113', '610400', '610102']),
      zoneCode: pick([null, '6101Z1', '6101Z3']),
      natureCode: pick(['DOM', 'DOM-SOE', 'HMT']),
      industryCode: pick(['I', 'L', 'M']),
      keyEnterprise: rnd() < 0.5,
    });
    for (const period of ['2021Q3', '2021Q4']) {
      for (const categoryCode of ['SA', 'SC', 'SK']) {
        for (const direction of ['EXPORT', 'IMPORT'] as const) {
          const partnerCode = pick(['US', 'JP', 'HK', 'MO', 'TW', 'DE']);
          const key = (s: ExchangeData['servicesTrade'][number]) =>
            `${s.uscc}${s.period}${s.categoryCode}${s.partnerCode}${s.direction}`;
          const row = {
            uscc: u,
            period,
            categoryCode,
            partnerCode,
            direction,
            amount: amount(),
            currency: pick(['USD', 'CNY'] as const),
          };
          if (!data.servicesTrade.some((s) => key(s) === key(row))) data.servicesTrade.push(row);
        }
      }
      const newHires = rnd() < 0.3 ? null : Math.floor(rnd() * 100);
      data.workforce.push({
        uscc: u,
        period,
        juniorCollege: Math.floor(rnd() * 1000),
        bachelor: Math.floor(rnd() * 1000),
        master: Math.floor(rnd() * 100),
        doctor: Math.floor(rnd() * 10),
        other: Math.floor(rnd() * 100),
        newHires,
        newHiresGraduates: newHires === null ? null : Math.floor(rnd() * (newHires + 1)),
      });
    }
    for (let c = 0; c < 3; c++) {
      const clientPartnerCode = pick(['CN', 'US', 'HK', 'SG']);
      const contractNo = `${pick(['', '-', '=', '@'])}${text()}#${c}`;
      data.contracts.push({
        uscc: u,
        contractNo,
        signedDate: pick(['2021-07-01', '2021-09-30', '2021-12-31']),
        clientName: text(),
        clientPartnerCode,
        clientIndustryCode: pick([null, 'C', 'I']),
        businessCode: pick(['ITO-RD-01', 'BPO-OP-99', 'KPO-RD-02']),
        offshore: clientPartnerCode !== 'CN',
        amount: amount(),
        currency: pick(['USD', 'CNY'] as const),
      });
      data.executions.push({ uscc: u, contractNo, period: '2022Q1', amount: amount(), currency: 'USD' });
      const techFee = amount();
      const equipmentFee = pick([0, amount()]);
      data.technologyContracts.push({
        uscc: u,
        contractNo,
        direction: pick(['EXPORT', 'IMPORT'] as const),
        signedDate: pick(['2021-07-01', '2021-09-30', '2021-12-31']),
        modeCode: pick(['TT1', 'TT3', 'TT7', 'TT8']),
        foreignParty: text(),
        partnerCode: pick(['US', 'HK', 'TW', 'DE']),
        techFee,
        equipmentFee,
        contractAmount: Math.round((techFee + equipmentFee) * 100) / 100,
        currency: pick(['USD', 'CNY'] as const),
        registrationNo: pick([null, text()]),
      });
    }
  }
  return data;
}

describe('writeBundle', () => {
  it('writes the five files with the spec columns in order, plain UTF-8, Y/N and plain amounts', async () => {
    const { files } = await writeBundle(TRICKY);
    expect(Object.keys(files)).toEqual([
      'enterprises.csv',
      'services_trade.csv',
      'outsourcing_contracts.csv',
      'outsourcing_executions.csv',
      'workforce.csv',
    ]);
    const enterprises = files['enterprises.csv'].toString('utf8');
    expect(files['enterprises.csv'][0]).toBe('u'.charCodeAt(0)); // no BOM
    expect(enterprises.split('\r\n')[0]).toBe(
      'uscc,name_zh,region_code,zone_code,nature_code,industry_code,key_enterprise',
    );
    expect(enterprises).toContain(`${U1},"'=西安""软件"",服务\n有限公司",610113,6101Z1,DOM-PRI,I,Y\r\n`);
    expect(enterprises).toContain(`${U2},'@咸阳 'Data',610400,,FIE,L,N\r\n`);
    const trade = files['services_trade.csv'].toString('utf8');
    expect(trade).toContain(',US,EXPORT,0,USD\r\n');
    expect(trade).toContain(',HK,IMPORT,0.05,CNY\r\n');
    expect(trade).toContain(',TW,EXPORT,9999999999999.99,USD\r\n');
    expect(files['outsourcing_contracts.csv'].toString('utf8')).toContain(
      `${U1},'-007,2021-12-31,"'+Acme, ""Inc.""",US,,ITO-RD-01,Y,1234567.8,USD`,
    );
    expect(files['workforce.csv'].toString('utf8')).toContain(`${U2},2022Q1,2,5,0,0,999999999,,\r\n`);
  });

  it('writes technology_contracts.csv (format 1.1) when there are technology contracts', async () => {
    const { files, zip } = await writeBundle({ ...TRICKY, technologyContracts: TECHNOLOGY });
    expect(Object.keys(files)).toEqual([...RETURN_FILES, 'technology_contracts.csv']);
    const text = files['technology_contracts.csv']!.toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      'uscc,contract_no,direction,signed_date,mode_code,foreign_party,partner_code,tech_fee,equipment_fee,contract_amount,currency,registration_no',
    );
    expect(text).toContain(
      `${U2},TI/2021/2,IMPORT,2021-06-30,TT7,Fabrikam GmbH,DE,0.1,0.2,0.3,CNY,'@6101202100017\r\n`,
    );
    expect(text).toContain(`,US,9999999999999.99,0,9999999999999.99,USD,\r\n`);
    const read = await readBundle({ name: 'x.zip', data: zip }, context());
    expect(read.ok && read.bundle.technologyContracts.map((t) => t.line)).toEqual([2, 4]);
  });

  it('writes a bundle of format 1 when there are no technology contracts', async () => {
    expect(Object.keys((await writeBundle(TRICKY)).files)).toEqual([...RETURN_FILES]);
    expect(Object.keys((await writeBundle({ ...TRICKY, technologyContracts: [] })).files)).toEqual([...RETURN_FILES]);
  });

  it('writes a header-only file when there are no rows', async () => {
    const { files } = await writeBundle({ ...TRICKY, executions: [] });
    expect(files['outsourcing_executions.csv'].toString('utf8')).toBe(
      'uscc,contract_no,period,executed_amount,currency\r\n',
    );
  });
});

describe('round trip: readBundle(writeBundle(x)) equals x', () => {
  it('keeps quotes, commas, line breaks, formula-like text and extreme amounts', async () => {
    expect(await roundTrip(TRICKY)).toEqual(TRICKY);
    const withTechnology = { ...TRICKY, technologyContracts: TECHNOLOGY };
    expect(await roundTrip(withTechnology)).toEqual(withTechnology);
  });

  it.each([1, 2, 3])('keeps generated data (seed %i)', async (seed) => {
    const data = generated(seed);
    expect(data.servicesTrade.length).toBeGreaterThan(20);
    expect(data.technologyContracts).toHaveLength(15);
    expect(await roundTrip(data)).toEqual(data);
  });

  it('reproduces a parsed bundle from its export', async () => {
    const { zip } = await writeBundle({ ...TRICKY, technologyContracts: TECHNOLOGY });
    const first = await readBundle({ name: 'a.zip', data: zip }, context());
    if (!first.ok) throw new Error('first read failed');
    const second = await readBundle({ name: 'b.zip', data: (await writeBundle(first.bundle)).zip }, context());
    expect(second).toEqual(first);
  });
});
