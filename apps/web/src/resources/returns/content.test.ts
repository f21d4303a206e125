import { emptyReturnContent, type FindingView } from '@portal/shared';
import { describe, expect, it } from 'vitest';
import { matchesCode, rankCodes } from './CodePicker';
import {
  contractChoices,
  countBySection,
  findingsByPath,
  isEditableStatus,
  isOffshore,
  issuesByPath,
  mergeMessages,
  messageAt,
  newContract,
  onDraftRows,
  parseNumber,
  typedNumber,
  sectionOf,
  usdEquivalent,
  withClientEconomy,
} from './content';

const issue = (path: string, zh: string, en: string) => ({ path, field: path, message_zh: zh, message_en: en });

describe('API content issues at the fields', () => {
  const details = [
    issue('servicesTrade[1].amount', '金额须为不小于 0 的数字', 'amount must be a number ≥ 0'),
    issue('servicesTrade[1].amount', '金额过大', 'amount too large'),
    issue('contracts[0]', '同一合同重复', 'duplicate contract'),
    issue('', '报表内容须为对象', 'content must be an object'),
  ];

  it('keys each message by its content path, in the language on screen', () => {
    const zh = issuesByPath(details, 'zh-CN');
    expect(zh['servicesTrade[1].amount'].map((m) => m.message)).toEqual(['金额须为不小于 0 的数字', '金额过大']);
    expect(zh['contracts[0]'][0]).toEqual({ message: '同一合同重复', severity: 'error' });
    expect(issuesByPath(details, 'en')[''][0].message).toBe('content must be an object');
  });

  it('joins the messages of one field into one helper text', () => {
    expect(messageAt(issuesByPath(details, 'en'), 'servicesTrade[1].amount')).toEqual({
      severity: 'error',
      message: 'amount must be a number ≥ 0；amount too large',
    });
    expect(messageAt(issuesByPath(details, 'en'), 'servicesTrade[0].amount')).toBeUndefined();
  });

  it('ignores anything that is not a list of issues (another error body)', () => {
    expect(issuesByPath(undefined, 'zh-CN')).toEqual({});
    expect(issuesByPath([{ field: 'x', problems: ['bad'] }], 'zh-CN')).toEqual({});
  });

  it('counts errors per section for the section headers', () => {
    const counts = countBySection(issuesByPath(details, 'zh-CN'));
    expect(counts.servicesTrade).toEqual({ error: 2, other: 0 });
    expect(counts.contracts).toEqual({ error: 1, other: 0 });
    expect(counts.return).toEqual({ error: 1, other: 0 });
    expect(counts.workforce).toEqual({ error: 0, other: 0 });
  });

  it('knows the section of a path', () => {
    expect(sectionOf('servicesTrade[1].amount')).toBe('servicesTrade');
    expect(sectionOf('profile.natureCode')).toBe('profile');
    expect(sectionOf('workforce')).toBe('workforce');
    expect(sectionOf('zeroReturn')).toBeNull();
    expect(sectionOf('')).toBeNull();
  });
});

describe('validation findings at the fields', () => {
  const finding = (over: Partial<FindingView>): FindingView => ({
    id: '1',
    revision: 1,
    ruleId: 'R',
    severity: 'EXPLAIN',
    cells: ['servicesTrade[0].amount'],
    message_zh: '环比增长超过 50%',
    message_en: 'up more than 50% on the quarter',
    params: {},
    status: 'OPEN',
    reasonCode: null,
    explanation: null,
    explainedBy: null,
    explainedAt: null,
    ...over,
  });

  it('shows open findings as warnings (explain) or errors (blocking) at each cell, not explained ones or notes', () => {
    const messages = findingsByPath(
      [
        finding({}),
        finding({ id: '2', severity: 'BLOCKING', cells: ['executions'], message_zh: '执行额合计不符' }),
        finding({ id: '3', status: 'EXPLAINED', cells: ['workforce.bachelor'] }),
        finding({ id: '4', severity: 'INFO', cells: ['servicesTrade[1].amount'] }),
      ],
      'zh-CN',
    );
    expect(messages['servicesTrade[1].amount']).toBeUndefined();
    expect(messages['servicesTrade[0].amount']).toEqual([{ message: '环比增长超过 50%', severity: 'warning' }]);
    expect(messages.executions).toEqual([{ message: '执行额合计不符', severity: 'error' }]);
    expect(messages['workforce.bachelor']).toBeUndefined();
  });

  it('merges with save errors, the error deciding the colour', () => {
    const merged = mergeMessages(
      findingsByPath([finding({})], 'en'),
      issuesByPath([issue('servicesTrade[0].amount', '金额有误', 'bad amount')], 'en'),
    );
    expect(messageAt(merged, 'servicesTrade[0].amount')?.severity).toBe('error');
  });
});

describe('USD equivalent at the period rate', () => {
  it('keeps USD and converts CNY at the rate, to cents', () => {
    expect(usdEquivalent(1000, 'USD', 7.1)).toBe(1000);
    expect(usdEquivalent(710, 'CNY', 7.1)).toBe(100);
    expect(usdEquivalent(100, 'CNY', 7.0)).toBe(14.29);
  });

  it('shows nothing while the amount is not usable', () => {
    expect(usdEquivalent(null, 'USD', 7)).toBeNull();
    expect(usdEquivalent(-1, 'USD', 7)).toBeNull();
    expect(usdEquivalent(Number.NaN, 'CNY', 7)).toBeNull();
    expect(usdEquivalent(100, 'CNY', 0)).toBeNull();
  });

  it('reads typed numbers, leaving half-typed or wrong text to the API', () => {
    expect(parseNumber('1,250,000.50')).toBe(1250000.5);
    expect(parseNumber(' 12 ')).toBe(12);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('12a')).toBeNull();
  });

  it('moves findings on the complete rows to the rows of the draft on screen', () => {
    const finding = { message: '请说明', severity: 'warning' as const };
    const rows = { servicesTrade: [0, 2], contracts: [], executions: [] };
    expect(onDraftRows({ 'servicesTrade[1].amount': [finding], workforce: [finding] }, rows)).toEqual({
      'servicesTrade[2].amount': [finding],
      workforce: [finding],
    });
    expect(onDraftRows({ 'servicesTrade[1]': [finding] }, null)).toEqual({ 'servicesTrade[1]': [finding] });
  });

  it('keeps text that is not a number as typed for the draft, and an empty field as null', () => {
    expect(typedNumber('1,250,000.50')).toBe(1250000.5);
    expect(typedNumber('12,3a')).toBe('12,3a');
    expect(typedNumber(' 12. ')).toBe(12);
    expect(typedNumber('  ')).toBeNull();
  });
});

describe('offshore contracts', () => {
  it('are those with a client outside the mainland, Hong Kong, Macao and Taiwan included', () => {
    expect(isOffshore('US')).toBe(true);
    expect(isOffshore('HK')).toBe(true);
    expect(isOffshore('MO')).toBe(true);
    expect(isOffshore('TW')).toBe(true);
    expect(isOffshore('CN')).toBe(false);
    expect(isOffshore('')).toBe(false);
  });

  it('follow the client economy when it changes', () => {
    const line = newContract('2026-07-01');
    expect(withClientEconomy(line, 'JP')).toMatchObject({ clientPartnerCode: 'JP', offshore: true });
    expect(withClientEconomy({ ...line, offshore: true }, 'CN')).toMatchObject({ offshore: false });
  });
});

describe('the form', () => {
  it('is editable in a draft, a correction and a returned return, frozen otherwise', () => {
    expect(isEditableStatus('DRAFT')).toBe(true);
    expect(isEditableStatus('CORRECTION_REQUESTED')).toBe(true);
    expect(isEditableStatus('RETURNED')).toBe(true);
    for (const s of ['VALIDATING', 'SUBMITTED', 'MUNICIPAL_APPROVED', 'APPROVED', 'SENT_BACK'] as const) {
      expect(isEditableStatus(s)).toBe(false);
    }
  });

  it('offers this return’s contracts first, then the register, once each', () => {
    const content = {
      ...emptyReturnContent(),
      contracts: [{ ...newContract('2026-07-01'), contractNo: 'C-3' }, newContract('2026-07-02')],
    };
    expect(contractChoices(content, ['C-1', 'C-3', 'C-2'])).toEqual(['C-3', 'C-1', 'C-2']);
  });

  it('finds codes by code or by either name', () => {
    const us = { code: 'US', nameZh: '美国', nameEn: 'United States' };
    expect(matchesCode(us, 'us')).toBe(true);
    expect(matchesCode(us, '美')).toBe(true);
    expect(matchesCode(us, 'united')).toBe(true);
    expect(matchesCode(us, '日本')).toBe(false);
    expect(matchesCode({ ...us, nameEn: null }, '')).toBe(true);
  });

  it('ranks the code and exact names first: 美国 finds US before UM 美国本土外小岛屿', () => {
    const economies = [
      { code: 'AS', nameZh: '美属萨摩亚', nameEn: 'American Samoa' },
      { code: 'UM', nameZh: '美国本土外小岛屿', nameEn: 'United States Minor Outlying Islands' },
      { code: 'US', nameZh: '美国', nameEn: 'United States' },
      { code: 'VI', nameZh: '美属维尔京群岛', nameEn: 'Virgin Islands, U.S.' },
    ];
    expect(rankCodes(economies, '美国').map((e) => e.code)).toEqual(['US', 'UM']);
    expect(rankCodes(economies, 'united states').map((e) => e.code)).toEqual(['US', 'UM']);
    expect(rankCodes(economies, 'us').map((e) => e.code)).toEqual(['US']);
    expect(rankCodes(economies, 'islands').map((e) => e.code)).toEqual(['UM', 'VI']);
    expect(rankCodes(economies, '美').map((e) => e.code)).toEqual(['AS', 'UM', 'US', 'VI']);
    expect(rankCodes(economies, ' ').map((e) => e.code)).toEqual(['AS', 'UM', 'US', 'VI']);
  });
});
