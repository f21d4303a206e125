import { isIsoDate, MAINLAND, periodBounds } from '@portal/shared';
import { defineRule } from '../define';
import { cellPath, place, rowList } from '../labels';

export const offshoreMatchesClient = defineRule({
  id: 'R-CTR-001',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'contracts',
  title_zh: '离岸/在岸须与发包方国别一致（港澳台属离岸）',
  title_en: 'The offshore flag matches the client economy (Hong Kong, Macao and Taiwan are offshore)',
  messages: {
    shouldBeOffshore: {
      zh: '{whereZh} 发包方国别（地区）为 {client}，属境外（含港澳台），应为离岸合同',
      en: '{whereEn}: the client economy is {client}, outside the mainland (Hong Kong, Macao and Taiwan included); the contract is offshore',
    },
    shouldBeOnshore: {
      zh: '{whereZh} 发包方在中国内地（CN），应为在岸合同',
      en: '{whereEn}: the client is in the Chinese mainland (CN); the contract is onshore',
    },
  },
  run(ctx, report) {
    (ctx.content.contracts ?? []).forEach((c, i) => {
      if (!c.clientPartnerCode || typeof c.offshore !== 'boolean') return;
      const offshore = c.clientPartnerCode !== MAINLAND;
      if (offshore === c.offshore) return;
      report(
        offshore ? 'shouldBeOffshore' : 'shouldBeOnshore',
        [cellPath('contracts', i, 'offshore'), cellPath('contracts', i, 'clientPartnerCode')],
        { ...place('contracts', i, 'offshore', c.contractNo), client: c.clientPartnerCode },
      );
    });
  },
  examples: {
    pass: [
      { note: 'US client, offshore' },
      { note: 'mainland client, onshore', content: { contracts: [{ clientPartnerCode: 'CN', offshore: false }] } },
    ],
    fail: [
      {
        note: 'Hong Kong client marked onshore',
        content: { contracts: [{ clientPartnerCode: 'HK', offshore: false }] },
        cells: ['contracts[0].offshore', 'contracts[0].clientPartnerCode'],
      },
      {
        note: 'mainland client marked offshore',
        content: { contracts: [{ clientPartnerCode: 'CN', offshore: true }] },
        cells: ['contracts[0].offshore', 'contracts[0].clientPartnerCode'],
      },
    ],
  },
});

export const signedInPeriod = defineRule({
  id: 'R-CTR-002',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'contracts',
  title_zh: '合同签约日期须为有效日期且在本报告期内',
  title_en: 'A contract is signed on a valid date inside the period',
  messages: {
    invalid: {
      zh: '{whereZh} 签约日期 {date} 不是有效日期（格式 YYYY-MM-DD）',
      en: '{whereEn}: the signing date {date} is not a valid date (YYYY-MM-DD)',
    },
    outside: {
      zh: '{whereZh} 签约日期 {date} 不在本期 {period}（{start} 至 {end}）内；合同在签约季度填报，以前签约的合同只填执行额',
      en: '{whereEn}: the signing date {date} is outside {period} ({start} to {end}); contracts are reported in the quarter they are signed, earlier ones only under execution',
    },
  },
  run(ctx, report) {
    const { start, end } = periodBounds(ctx.periodCode);
    (ctx.content.contracts ?? []).forEach((c, i) => {
      const date = c.signedDate;
      if (typeof date !== 'string' || date.trim() === '') return;
      const cells = [cellPath('contracts', i, 'signedDate')];
      const at = place('contracts', i, 'signedDate', c.contractNo);
      if (!isIsoDate(date)) report('invalid', cells, { ...at, date });
      else if (date < start || date > end)
        report('outside', cells, { ...at, date, period: ctx.periodCode, start, end });
    });
  },
  examples: {
    pass: [
      { note: 'signed in November 2021' },
      { note: 'last day of the quarter', content: { contracts: [{ signedDate: '2021-12-31' }] } },
    ],
    fail: [
      {
        note: 'signed in the previous quarter',
        content: { contracts: [{ signedDate: '2021-09-30' }] },
        cells: ['contracts[0].signedDate'],
      },
      {
        note: 'no such day',
        content: { contracts: [{ signedDate: '2021-11-31' }] },
        cells: ['contracts[0].signedDate'],
      },
    ],
  },
});

export const duplicateContracts = defineRule({
  id: 'R-CTR-003',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'contracts',
  title_zh: '同一合同只在签约季度填报一次',
  title_en: 'A contract is reported once, in the quarter it is signed',
  messages: {
    twice: {
      zh: '承接服务外包合同 {rowsZh} 的合同编号均为 {contractNo}，同一合同只能填一行',
      en: 'Outsourcing contracts {rowsEn} share the contract number {contractNo}; one line per contract',
    },
    registered: {
      zh: '{whereZh} 合同 {contractNo} 已在 {registeredPeriod} 填报；以前签约的合同本期只填执行额',
      en: '{whereEn}: contract {contractNo} was reported in {registeredPeriod}; this quarter it belongs under execution only',
    },
  },
  run(ctx, report) {
    const rowsByNo = new Map<string, number[]>();
    (ctx.content.contracts ?? []).forEach((c, i) => {
      if (!c.contractNo) return;
      const rows = rowsByNo.get(c.contractNo);
      if (rows) rows.push(i);
      else rowsByNo.set(c.contractNo, [i]);
    });
    for (const [contractNo, rows] of rowsByNo) {
      const earlier = ctx.contracts.get(contractNo);
      if (earlier && earlier.periodCode !== ctx.periodCode) {
        report('registered', [cellPath('contracts', rows[0], 'contractNo')], {
          ...place('contracts', rows[0], 'contractNo'),
          contractNo,
          registeredPeriod: earlier.periodCode,
        });
      }
      if (rows.length > 1) {
        report(
          'twice',
          rows.map((i) => cellPath('contracts', i, 'contractNo')),
          { ...rowList(rows), contractNo },
        );
      }
    }
  },
  examples: {
    pass: [
      {
        note: 'a correction of this quarter finds its own contract in the register',
        register: [
          {
            contractNo: 'C-2021-001',
            signedDate: '2021-11-15',
            periodCode: '2021Q4',
            amountUsd: 200000,
            offshore: true,
            cumulativeExecutedUsdBefore: 0,
          },
        ],
      },
    ],
    fail: [
      {
        note: 'the same contract number on two lines',
        content: { contracts: [{}, { amount: 5000 }] },
        cells: ['contracts[0].contractNo', 'contracts[1].contractNo'],
      },
      {
        note: 'a contract already reported in 2021Q2',
        register: [
          {
            contractNo: 'C-2021-001',
            signedDate: '2021-05-10',
            periodCode: '2021Q2',
            amountUsd: 200000,
            offshore: true,
            cumulativeExecutedUsdBefore: 50000,
          },
        ],
        cells: ['contracts[0].contractNo'],
      },
    ],
  },
});

export const CONTRACT_RULES = [offshoreMatchesClient, signedInPeriod, duplicateContracts];
