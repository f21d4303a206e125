import { parsePeriod, periodOfDate } from '@portal/shared';
import { derive, round2 } from '../context';
import { defineRule } from '../define';
import { cellPath, formatAmount, place, rowList } from '../labels';

/** Quarters since year 0, for ordering periods; null for a malformed code. */
function periodIndex(code: string | undefined): number | null {
  const p = code ? parsePeriod(code) : null;
  return p ? p.year * 4 + p.quarter - 1 : null;
}

const CONTRACT_C1 = {
  contractNo: 'C-2020-007',
  signedDate: '2020-06-18',
  periodCode: '2020Q2',
  amountUsd: 500000,
  offshore: true,
  cumulativeExecutedUsdBefore: 300000,
};

export const knownContract = defineRule({
  id: 'R-EXE-001',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'executions',
  title_zh: '执行额须对应本期或以前填报的合同',
  title_en: 'Execution refers to a contract reported in this or an earlier period',
  messages: {
    unknown: {
      zh: '{whereZh} 合同 {contractNo} 未在本期合同中，也不在以前已审核的合同中；请先填报该合同',
      en: '{whereEn}: contract {contractNo} is neither in this return nor among earlier approved contracts; report the contract first',
    },
  },
  run(ctx, report) {
    const { contracts } = derive(ctx);
    (ctx.content.executions ?? []).forEach((e, i) => {
      if (!e.contractNo || contracts.has(e.contractNo)) return;
      report('unknown', [cellPath('executions', i, 'contractNo')], {
        ...place('executions', i, 'contractNo'),
        contractNo: e.contractNo,
      });
    });
  },
  examples: {
    pass: [
      { note: 'a contract of this return' },
      {
        note: 'a contract signed in 2020',
        register: [CONTRACT_C1],
        content: { executions: [{ contractNo: 'C-2020-007', amount: 20000 }] },
      },
    ],
    fail: [
      {
        note: 'a contract number nobody reported',
        content: { executions: [{}, { contractNo: 'C-2019-999', amount: 1000 }] },
        cells: ['executions[1].contractNo'],
      },
    ],
  },
});

export const executionAfterSigning = defineRule({
  id: 'R-EXE-002',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'executions',
  title_zh: '执行期不得早于合同签约季度',
  title_en: "Execution is not reported before the contract's signing quarter",
  messages: {
    beforeSigning: {
      zh: '{whereZh} 合同 {contractNo} 于 {signedPeriod} 签约，不能在更早的 {period} 填报执行额',
      en: '{whereEn}: contract {contractNo} was signed in {signedPeriod}; it cannot have execution in the earlier period {period}',
    },
  },
  run(ctx, report) {
    const { contracts } = derive(ctx);
    const now = periodIndex(ctx.periodCode);
    if (now === null) return;
    (ctx.content.executions ?? []).forEach((e, i) => {
      const c = e.contractNo ? contracts.get(e.contractNo) : undefined;
      if (!c) return;
      const signedPeriod = c.periodCode || (c.signedDate ? periodOfDate(c.signedDate) : '');
      const signed = periodIndex(signedPeriod);
      if (signed === null || signed <= now) return;
      report('beforeSigning', [cellPath('executions', i, 'contractNo')], {
        ...place('executions', i, 'contractNo'),
        contractNo: c.contractNo,
        signedPeriod,
        period: ctx.periodCode,
      });
    });
  },
  examples: {
    pass: [
      { note: 'signed this quarter' },
      {
        note: 'signed two years earlier',
        register: [CONTRACT_C1],
        content: { executions: [{ contractNo: 'C-2020-007', amount: 20000 }] },
      },
    ],
    fail: [
      {
        note: 'a correction of 2021Q4 citing a contract signed in 2022Q1',
        register: [{ ...CONTRACT_C1, contractNo: 'C-2022-003', signedDate: '2022-02-08', periodCode: '2022Q1' }],
        content: { executions: [{}, { contractNo: 'C-2022-003', amount: 1000 }] },
        cells: ['executions[1].contractNo'],
      },
    ],
  },
});

export const duplicateExecutions = defineRule({
  id: 'R-EXE-003',
  version: 1,
  severity: 'BLOCKING',
  subject: 'return',
  section: 'executions',
  title_zh: '同一合同的执行额只填一行',
  title_en: 'One execution line per contract',
  messages: {
    duplicate: {
      zh: '执行情况 {rowsZh} 均为合同 {contractNo}，请合并为一行',
      en: 'Execution {rowsEn} all refer to contract {contractNo}; merge them into one line',
    },
  },
  run(ctx, report) {
    for (const [contractNo, rows] of derive(ctx).executionRows) {
      if (rows.length < 2) continue;
      report(
        'duplicate',
        rows.map((i) => cellPath('executions', i, 'contractNo')),
        { ...rowList(rows), contractNo },
      );
    }
  },
  examples: {
    pass: [{ note: 'one line' }],
    fail: [
      {
        note: 'the same contract twice',
        content: { executions: [{ amount: 30000 }, { amount: 50000 }] },
        cells: ['executions[0].contractNo', 'executions[1].contractNo'],
      },
    ],
  },
});

export const cumulativeExecution = defineRule({
  id: 'R-EXE-004',
  version: 1,
  severity: 'EXPLAIN',
  subject: 'return',
  section: 'executions',
  title_zh: '合同累计执行额超过合同金额',
  title_en: 'Cumulative execution of a contract exceeds its value',
  tolerance: { absoluteUsd: 0.01 },
  messages: {
    exceeds: {
      zh: '合同 {contractNo} 累计执行额 {cumulativeUsd} 美元（以前各期 {beforeUsd}，本期 {thisQuarterUsd}）超过合同金额 {contractUsd} 美元，超出 {excessUsd} 美元；如合同已变更请说明',
      en: 'Contract {contractNo}: cumulative execution USD {cumulativeUsd} (earlier periods {beforeUsd}, this quarter {thisQuarterUsd}) exceeds the contract value USD {contractUsd} by {excessUsd}; explain if the contract was amended',
    },
  },
  run(ctx, report, tolerance) {
    const { contracts, executionRows, usd } = derive(ctx);
    for (const [contractNo, rows] of executionRows) {
      const c = contracts.get(contractNo);
      if (!c) continue;
      const thisQuarter = round2(rows.reduce((sum, i) => sum + usd.executions[i], 0));
      const cumulative = round2(c.cumulativeExecutedUsdBefore + thisQuarter);
      if (cumulative <= c.amountUsd + tolerance.absoluteUsd) continue;
      report(
        'exceeds',
        rows.map((i) => cellPath('executions', i, 'amount')),
        {
          contractNo,
          cumulativeUsd: formatAmount(cumulative),
          beforeUsd: formatAmount(c.cumulativeExecutedUsdBefore),
          thisQuarterUsd: formatAmount(thisQuarter),
          contractUsd: formatAmount(c.amountUsd),
          excessUsd: formatAmount(round2(cumulative - c.amountUsd)),
        },
      );
    }
  },
  examples: {
    pass: [
      {
        note: 'exactly the contract value',
        register: [CONTRACT_C1],
        content: { executions: [{ contractNo: 'C-2020-007', amount: 200000 }] },
      },
    ],
    fail: [
      {
        note: '300,000 earlier plus 250,000 now on a 500,000 contract',
        register: [CONTRACT_C1],
        content: { executions: [{}, { contractNo: 'C-2020-007', amount: 250000 }] },
        cells: ['executions[1].amount'],
      },
      {
        note: 'this quarter alone above a contract of this return (CNY converted at 6.4)',
        content: { contracts: [{ amount: 10000 }], executions: [{ amount: 64100, currency: 'CNY' }] },
        cells: ['executions[0].amount'],
      },
    ],
  },
});

export const EXECUTION_RULES = [knownContract, executionAfterSigning, duplicateExecutions, cumulativeExecution];
