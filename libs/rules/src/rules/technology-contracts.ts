import {
  addsUpToTheCent,
  isIsoDate,
  MAINLAND,
  periodBounds,
  periodOfDate,
  TECHNOLOGY_CATEGORIES,
  TECHNOLOGY_CONTRACT_AMOUNT_BOUNDS,
  TECHNOLOGY_CONTRACT_AMOUNT_FIELDS,
  TECHNOLOGY_CONTRACT_FIELD_LABELS,
  toUsd,
  type TechnologyContract,
} from '@portal/shared';
import { round2 } from '../context';
import { defineRule } from '../define';
import { formatAmount } from '../labels';
import type { FindingParams, RuleCodeList } from '../model';
import { decimalPlaces } from './amounts';
import { LIST_LABELS } from './codes';

type Field = keyof typeof TECHNOLOGY_CONTRACT_FIELD_LABELS;

/** 技术进出口合同 TE-2021-017 / Technology contract TE-2021-017, and the field's name in both languages. */
function at(contract: TechnologyContract, field?: Field): FindingParams {
  const no = typeof contract.contractNo === 'string' && contract.contractNo.trim() ? ` ${contract.contractNo}` : '';
  const f = field ? TECHNOLOGY_CONTRACT_FIELD_LABELS[field] : { zh: '', en: '' };
  return { whereZh: `技术进出口合同${no}`, whereEn: `Technology contract${no}`, fieldZh: f.zh, fieldEn: f.en };
}

const blank = (v: unknown): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
const isAmount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const ENUMS: Partial<Record<Field, readonly string[]>> = {
  direction: ['EXPORT', 'IMPORT'],
  currency: ['USD', 'CNY'],
  category: TECHNOLOGY_CATEGORIES,
};

export const technologyRequiredFields = defineRule({
  id: 'R-TEC-001',
  version: 1,
  severity: 'BLOCKING',
  subject: 'technology-contract',
  section: 'technologyContract',
  title_zh: '合同登记必填项须填写，方向、币种、技术类别须为有效取值',
  title_en: 'Required fields of a contract registration are filled; direction, currency and category are valid',
  messages: {
    missing: { zh: '{whereZh} {fieldZh}未填写', en: '{whereEn}: {fieldEn} is missing' },
    invalid: {
      zh: '{whereZh} {fieldZh}取值无效：{value}（应为 {allowed}）',
      en: '{whereEn}: {fieldEn} has an invalid value ({value}; expected {allowed})',
    },
  },
  run(ctx, report) {
    const c = ctx.contract;
    const fields = ['contractNo', 'direction', 'signedDate', 'modeCode', 'foreignParty', 'partnerCode'] as const;
    for (const field of [...fields, 'currency', 'category'] as const) {
      const value: unknown = c[field];
      const allowed = ENUMS[field];
      if (blank(value)) report('missing', [field], at(c, field));
      else if (allowed && !allowed.includes(value as string)) {
        report('invalid', [field], { ...at(c, field), value: String(value), allowed: allowed.join(' / ') });
      }
    }
  },
  examples: {
    pass: [{ note: 'a complete software licence export' }],
    fail: [
      {
        note: 'no foreign party, and a direction that is not EXPORT or IMPORT',
        contract: { foreignParty: '  ', direction: 'OUT' as TechnologyContract['direction'] },
        cells: ['direction', 'foreignParty'],
      },
    ],
  },
});

const { maxExclusive, decimals } = TECHNOLOGY_CONTRACT_AMOUNT_BOUNDS;

export const technologyAmounts = defineRule({
  id: 'R-TEC-002',
  version: 1,
  severity: 'BLOCKING',
  subject: 'technology-contract',
  section: 'technologyContract',
  title_zh: '技术费、设备费、合同金额须为不小于 0、最多两位小数的金额',
  title_en: 'Technology fee, equipment fee and contract value are amounts ≥ 0 with at most two decimals',
  messages: {
    notANumber: {
      zh: '{whereZh} {fieldZh}不是有效金额：{value}',
      en: '{whereEn}: {fieldEn} is not an amount ({value})',
    },
    negative: { zh: '{whereZh} {fieldZh}为负数：{value}', en: '{whereEn}: {fieldEn} is negative ({value})' },
    decimals: {
      zh: '{whereZh} {fieldZh} {value} 超过两位小数，请保留到分',
      en: '{whereEn}: {fieldEn} {value} has more than two decimals; round it to cents',
    },
    tooLarge: {
      zh: '{whereZh} {fieldZh} {value} 超过上限（须小于 {limit}）',
      en: '{whereEn}: {fieldEn} {value} is too large (it must be below {limit})',
    },
  },
  run(ctx, report) {
    const c = ctx.contract;
    for (const field of TECHNOLOGY_CONTRACT_AMOUNT_FIELDS) {
      const value: unknown = c[field];
      const params = { ...at(c, field), value: String(value) };
      if (!isAmount(value)) report('notANumber', [field], params);
      else if (value < 0) report('negative', [field], { ...params, value: formatAmount(value) });
      else if (value >= maxExclusive) report('tooLarge', [field], { ...params, limit: formatAmount(maxExclusive) });
      else if (decimalPlaces(value) > decimals) report('decimals', [field], params);
    }
  },
  examples: {
    pass: [{ note: 'fee only, in cents', contract: { techFee: 180000.45, contractAmount: 180000.45 } }],
    fail: [
      {
        note: 'a negative equipment fee and a fee with a tenth of a cent',
        contract: { techFee: 180000.125, equipmentFee: -5 },
        cells: ['techFee', 'equipmentFee'],
      },
      {
        note: 'no contract value at all',
        contract: { contractAmount: null as unknown as number },
        cells: ['contractAmount'],
      },
    ],
  },
});

export const technologyAmountAddsUp = defineRule({
  id: 'R-TEC-003',
  version: 1,
  severity: 'BLOCKING',
  subject: 'technology-contract',
  section: 'technologyContract',
  title_zh: '合同金额须等于技术费与设备费之和（精确到分）',
  title_en: 'The contract value equals technology fee plus equipment fee, to the cent',
  messages: {
    sum: {
      zh: '{whereZh} 合同金额 {contractAmount} 不等于技术费 {techFee} + 设备费 {equipmentFee} = {sum}（相差 {difference}）',
      en: '{whereEn}: the contract value {contractAmount} is not technology fee {techFee} + equipment fee {equipmentFee} = {sum} (difference {difference})',
    },
  },
  run(ctx, report) {
    const { techFee, equipmentFee, contractAmount } = ctx.contract;
    // Malformed amounts are R-TEC-002's: one finding per problem.
    if (![techFee, equipmentFee, contractAmount].every(isAmount)) return;
    if (addsUpToTheCent(techFee, equipmentFee, contractAmount)) return;
    const sum = round2(techFee + equipmentFee);
    report('sum', ['contractAmount', 'techFee', 'equipmentFee'], {
      ...at(ctx.contract, 'contractAmount'),
      contractAmount: formatAmount(contractAmount),
      techFee: formatAmount(techFee),
      equipmentFee: formatAmount(equipmentFee),
      sum: formatAmount(sum),
      difference: formatAmount(round2(contractAmount - sum)),
    });
  },
  examples: {
    pass: [
      { note: 'fee only' },
      {
        note: 'decimals that a float would not add exactly (0.1 + 0.2)',
        contract: { modeCode: 'TT7', techFee: 0.1, equipmentFee: 0.2, contractAmount: 0.3 },
      },
    ],
    fail: [
      {
        note: 'equipment fee left out of the contract value',
        contract: { modeCode: 'TT7', techFee: 180000, equipmentFee: 20000, contractAmount: 180000 },
        cells: ['contractAmount', 'techFee', 'equipmentFee'],
      },
      {
        note: 'one cent off',
        contract: { techFee: 180000, contractAmount: 180000.01 },
        cells: ['contractAmount', 'techFee', 'equipmentFee'],
      },
    ],
  },
});

export const technologyCodes = defineRule({
  id: 'R-TEC-004',
  version: 1,
  severity: 'BLOCKING',
  subject: 'technology-contract',
  section: 'technologyContract',
  title_zh: '技术进出口方式与外方国别（地区）须为签约日有效的代码',
  title_en: 'The mode of technology trade and the foreign economy are codes valid on the signing date',
  messages: {
    unknown: {
      zh: '{whereZh} {fieldZh}代码 {code} 不在签约日有效的{listZh}中',
      en: '{whereEn}: {fieldEn} code {code} is not in the {listEn} valid on the signing date',
    },
  },
  run(ctx, report) {
    const c = ctx.contract;
    const check = (field: 'modeCode' | 'partnerCode', list: RuleCodeList) => {
      const code: unknown = c[field];
      // Blank codes are R-TEC-001's.
      if (typeof code !== 'string' || code.trim() === '' || ctx.codes.has(list, code)) return;
      report('unknown', [field], { ...at(c, field), code, listZh: LIST_LABELS[list].zh, listEn: LIST_LABELS[list].en });
    };
    check('modeCode', 'technology-modes');
    check('partnerCode', 'partner-economies');
  },
  examples: {
    pass: [
      { note: 'TT4 software to the US' },
      { note: 'know-how to Hong Kong', contract: { modeCode: 'TT2', partnerCode: 'HK' } },
    ],
    fail: [
      {
        note: 'a mode outside TT1–TT8 and UK instead of GB',
        contract: { modeCode: 'TT9', partnerCode: 'UK' },
        cells: ['modeCode', 'partnerCode'],
      },
    ],
  },
});

export const technologyNotMainland = defineRule({
  id: 'R-TEC-005',
  version: 1,
  severity: 'BLOCKING',
  subject: 'technology-contract',
  section: 'technologyContract',
  title_zh: '外方国别（地区）不能是中国内地（CN）',
  title_en: 'The foreign party is never in the Chinese mainland (CN)',
  messages: {
    mainland: {
      zh: '{whereZh} 外方国别（地区）为 CN（中国内地）；技术进出口的外方在境外，香港、澳门、台湾分别为 HK、MO、TW',
      en: '{whereEn}: the foreign party economy is CN (the Chinese mainland); the foreign party of technology trade is outside it, and Hong Kong, Macao and Taiwan are HK, MO, TW',
    },
  },
  run(ctx, report) {
    if (ctx.contract.partnerCode === MAINLAND) report('mainland', ['partnerCode'], at(ctx.contract, 'partnerCode'));
  },
  examples: {
    pass: [{ note: 'US licensee' }, { note: 'Taiwan licensee', contract: { partnerCode: 'TW' } }],
    fail: [{ note: 'a mainland licensee', contract: { partnerCode: 'CN' }, cells: ['partnerCode'] }],
  },
});

export const technologySigningDate = defineRule({
  id: 'R-TEC-006',
  version: 1,
  severity: 'BLOCKING',
  subject: 'technology-contract',
  section: 'technologyContract',
  title_zh: '合同签订日期须为有效日期，不晚于今天（北京时间），并在开放登记的报告期内',
  title_en: 'The signing date is a valid date, not after today (Beijing time), inside a period open for registration',
  messages: {
    invalid: {
      zh: '{whereZh} 合同签订日期 {date} 不是有效日期（格式 YYYY-MM-DD）',
      en: '{whereEn}: the signing date {date} is not a valid date (YYYY-MM-DD)',
    },
    future: {
      zh: '{whereZh} 合同签订日期 {date} 晚于今天 {today}；合同签订后才能登记',
      en: '{whereEn}: the signing date {date} is after today, {today}; a contract is registered once it is signed',
    },
    closed: {
      zh: '{whereZh} 合同签订日期 {date} 所在的 {period} 未开放登记（开放的报告期：{open}）',
      en: '{whereEn}: the signing date {date} is in {period}, which is not open for registration (open: {open})',
    },
  },
  run(ctx, report) {
    const date: unknown = ctx.contract.signedDate;
    if (typeof date !== 'string' || date.trim() === '') return;
    const params = { ...at(ctx.contract, 'signedDate'), date };
    if (!isIsoDate(date)) return report('invalid', ['signedDate'], params);
    if (date > ctx.today) return report('future', ['signedDate'], { ...params, today: ctx.today });
    const open = ctx.openPeriods.find((p) => {
      const { start, end } = periodBounds(p);
      return date >= start && date <= end;
    });
    if (!open) {
      report('closed', ['signedDate'], {
        ...params,
        period: periodOfDate(date),
        open: ctx.openPeriods.length ? ctx.openPeriods.join('、') : '—',
      });
    }
  },
  examples: {
    pass: [
      { note: 'signed in November, 2021Q4 open' },
      { note: 'signed today', contract: { signedDate: '2021-12-20' } },
      {
        note: 'an earlier quarter still open (late registration)',
        contract: { signedDate: '2021-09-30' },
        openPeriods: ['2021Q3', '2021Q4'],
      },
    ],
    fail: [
      { note: 'signed tomorrow', contract: { signedDate: '2021-12-21' }, cells: ['signedDate'] },
      { note: 'no such day', contract: { signedDate: '2021-11-31' }, cells: ['signedDate'] },
      { note: '2021Q3 is closed', contract: { signedDate: '2021-09-30' }, cells: ['signedDate'] },
    ],
  },
});

export const technologyNotProhibited = defineRule({
  id: 'R-TEC-007',
  version: 1,
  severity: 'BLOCKING',
  subject: 'technology-contract',
  section: 'technologyContract',
  title_zh: '禁止类技术不得进出口，不予登记',
  title_en: 'Prohibited technology cannot be traded and is not registered',
  messages: {
    prohibited: {
      zh: '{whereZh} 技术类别为禁止类：《技术进出口管理条例》禁止进出口的技术不得进出口，本合同不予登记',
      en: '{whereEn}: the technology is prohibited; under the Regulations on Technology Import and Export it may not be traded, so the contract cannot be registered',
    },
  },
  run(ctx, report) {
    if (ctx.contract.category === 'PROHIBITED') report('prohibited', ['category'], at(ctx.contract, 'category'));
  },
  examples: {
    pass: [{ note: '自由类' }],
    fail: [{ note: '禁止类', contract: { category: 'PROHIBITED' }, cells: ['category'] }],
  },
});

export const technologyLicence = defineRule({
  id: 'R-TEC-008',
  version: 1,
  severity: 'BLOCKING',
  subject: 'technology-contract',
  section: 'technologyContract',
  title_zh: '限制类技术须填写技术进出口许可证编号',
  title_en: 'Restricted technology needs the number of its technology trade licence',
  messages: {
    licence: {
      zh: '{whereZh} 技术类别为限制类，须填写省级商务主管部门颁发的{fieldZh}',
      en: '{whereEn}: restricted technology needs the {fieldEn} issued by the provincial commerce department',
    },
  },
  run(ctx, report) {
    const c = ctx.contract;
    if (c.category === 'RESTRICTED' && blank(c.licenceNo)) report('licence', ['licenceNo'], at(c, 'licenceNo'));
  },
  examples: {
    pass: [
      { note: '自由类 needs no licence' },
      { note: '限制类 with its licence', contract: { category: 'RESTRICTED', licenceNo: '陕技许〔2021〕017号' } },
    ],
    fail: [{ note: '限制类 without a licence', contract: { category: 'RESTRICTED' }, cells: ['licenceNo'] }],
  },
});

export const technologyDuplicateNumber = defineRule({
  id: 'R-TEC-009',
  version: 1,
  severity: 'BLOCKING',
  subject: 'technology-contract',
  section: 'technologyContract',
  title_zh: '合同编号在本企业内不得重复',
  title_en: 'A contract number is used once within the firm',
  messages: {
    duplicate: {
      zh: '本企业已有合同编号为 {contractNo} 的技术进出口合同登记；同一合同的变更或注销请在原登记上办理',
      en: 'The firm already has a technology contract registration numbered {contractNo}; change or cancel that registration instead',
    },
  },
  run(ctx, report) {
    const no = ctx.contract.contractNo;
    if (typeof no === 'string' && ctx.otherContractNos.has(no.trim())) {
      report('duplicate', ['contractNo'], { ...at(ctx.contract, 'contractNo'), contractNo: no.trim() });
    }
  },
  examples: {
    pass: [{ note: 'a new number' }, { note: 'the firm’s first contract', otherContractNos: [] }],
    fail: [
      {
        note: 'number of a contract registered in 2020',
        contract: { contractNo: 'TE-2020-011' },
        cells: ['contractNo'],
      },
    ],
  },
});

const HISTORY_TOLERANCE = {
  /** A contract above this multiple of the basis needs an explanation. */
  factor: 10,
  /** `largest`: the firm's largest registered contract; `median`: the median of its registered contracts. */
  basis: 'largest',
  /** Smaller contracts never need one, whatever the multiple. */
  minAmountUsd: 100_000,
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const technologyFarAboveHistory = defineRule({
  id: 'R-TEC-010',
  version: 1,
  severity: 'EXPLAIN',
  subject: 'technology-contract',
  section: 'technologyContract',
  title_zh: '合同金额远超本企业已登记合同',
  title_en: 'A contract far above the firm’s registered contracts',
  tolerance: HISTORY_TOLERANCE,
  messages: {
    farAbove: {
      zh: '{whereZh} 合同金额折合 {amountUsd} 美元，为本企业已登记合同{basisZh} {basisUsd} 美元的 {multiple} 倍（阈值 {factor} 倍）；请核实金额与币种或说明原因',
      en: '{whereEn}: the contract value, USD {amountUsd}, is {multiple} times the {basisEn} of the firm’s registered contracts, USD {basisUsd} (threshold {factor} times); check the amount and currency or explain',
    },
  },
  run(ctx, report, tolerance) {
    const c = ctx.contract;
    const history = ctx.registeredAmountsUsd.filter((v) => v > 0);
    if (!isAmount(c.contractAmount) || history.length === 0) return;
    const amountUsd = toUsd(c.contractAmount, c.currency === 'CNY' ? 'CNY' : 'USD', ctx.cnyPerUsd);
    const byMedian = tolerance.basis === 'median';
    const basisUsd = round2(byMedian ? median(history) : Math.max(...history));
    if (amountUsd < tolerance.minAmountUsd || amountUsd <= tolerance.factor * basisUsd) return;
    report('farAbove', ['contractAmount'], {
      ...at(c, 'contractAmount'),
      amountUsd: formatAmount(amountUsd),
      basisUsd: formatAmount(basisUsd),
      basisZh: byMedian ? '金额中位数' : '最大金额',
      basisEn: byMedian ? 'median value' : 'largest value',
      multiple: (amountUsd / basisUsd).toFixed(1),
      factor: tolerance.factor,
    });
  },
  examples: {
    pass: [
      { note: 'within the firm’s range' },
      { note: 'the firm’s first contract', registeredAmountsUsd: [] },
      {
        note: '20 times a tiny history, still below 100,000 USD',
        contract: { techFee: 60000, contractAmount: 60000 },
        registeredAmountsUsd: [3000],
      },
    ],
    fail: [
      {
        note: '3 million against a largest contract of 250,000 (12 times)',
        contract: { techFee: 3000000, contractAmount: 3000000 },
        cells: ['contractAmount'],
      },
      {
        note: 'a CNY amount compared in USD: CNY 20 million is USD 3.1 million',
        contract: { techFee: 20000000, contractAmount: 20000000, currency: 'CNY' },
        cells: ['contractAmount'],
      },
    ],
  },
});

const EQUIPMENT_TOLERANCE = {
  /** Modes that transfer rights or services only: 专利、专有技术、咨询服务、软件、商标. */
  modesWithoutEquipment: ['TT1', 'TT2', 'TT3', 'TT4', 'TT5'],
};

export const technologyEquipmentOnMode = defineRule({
  id: 'R-TEC-011',
  version: 1,
  severity: 'EXPLAIN',
  subject: 'technology-contract',
  section: 'technologyContract',
  title_zh: '通常不含设备的技术进出口方式填报了设备费',
  title_en: 'An equipment fee on a mode of technology trade that normally has none',
  tolerance: EQUIPMENT_TOLERANCE,
  messages: {
    equipment: {
      zh: '{whereZh} 技术进出口方式为 {mode}，通常不含设备，但设备费为 {equipmentFee}；请核实方式与金额或说明原因',
      en: '{whereEn}: the mode is {mode}, which normally includes no equipment, but the equipment fee is {equipmentFee}; check the mode and amounts or explain',
    },
  },
  run(ctx, report, tolerance) {
    const c = ctx.contract;
    if (!isAmount(c.equipmentFee) || c.equipmentFee <= 0) return;
    if (!tolerance.modesWithoutEquipment.includes(c.modeCode)) return;
    report('equipment', ['equipmentFee', 'modeCode'], {
      ...at(c, 'equipmentFee'),
      mode: c.modeCode,
      equipmentFee: formatAmount(c.equipmentFee),
    });
  },
  examples: {
    pass: [
      { note: 'software without equipment' },
      {
        note: 'a production line with its equipment',
        contract: { modeCode: 'TT7', techFee: 50000, equipmentFee: 130000, contractAmount: 180000 },
      },
    ],
    fail: [
      {
        note: 'a patent licence with an equipment fee',
        contract: { modeCode: 'TT1', techFee: 150000, equipmentFee: 30000, contractAmount: 180000 },
        cells: ['equipmentFee', 'modeCode'],
      },
    ],
  },
});

export const TECHNOLOGY_CONTRACT_RULES = [
  technologyRequiredFields,
  technologyAmounts,
  technologyAmountAddsUp,
  technologyCodes,
  technologyNotMainland,
  technologySigningDate,
  technologyNotProhibited,
  technologyLicence,
  technologyDuplicateNumber,
  technologyFarAboveHistory,
  technologyEquipmentOnMode,
];
