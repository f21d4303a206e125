import { emptyReturnContent, type ReturnContent } from '@portal/shared';
import { describe, expect, it } from 'vitest';
import { cellPathLabel, formatCellValue, languageOf } from './cellLabels';

const content: ReturnContent = {
  ...emptyReturnContent(),
  executions: [{ contractNo: 'XA-2026-007', amount: 1, currency: 'USD' }],
};

describe('cellPathLabel', () => {
  it('names a line cell by section, line (counted from 1) and field', () => {
    expect(cellPathLabel('servicesTrade[1].amount', 'zh')).toBe('服务进出口 · 第 2 行 · 金额');
    expect(cellPathLabel('servicesTrade[1].amount', 'en')).toBe('Services trade · line 2 · amount');
  });

  it('names object sections by field', () => {
    expect(cellPathLabel('workforce.bachelor', 'zh')).toBe('从业人员 · 本科人数');
    expect(cellPathLabel('profile.natureCode', 'en')).toBe('Profile · enterprise nature');
  });

  it('adds the contract number of a contract or execution line when the content is given', () => {
    expect(cellPathLabel('executions[0]', 'zh', content)).toBe('执行情况 · 第 1 行（合同 XA-2026-007）');
    expect(cellPathLabel('executions[0].amount', 'en', content)).toBe(
      'Execution · line 1 (contract XA-2026-007) · amount',
    );
  });

  it('names whole sections and the zero-return flag, and leaves unknown paths as they are', () => {
    expect(cellPathLabel('contracts', 'zh')).toBe('承接服务外包合同');
    expect(cellPathLabel('zeroReturn', 'en')).toBe('Nothing to report');
    expect(cellPathLabel('profile.__proto__x', 'zh')).toBe('企业基本情况 · __proto__x');
    expect(cellPathLabel('nonsense[', 'zh')).toBe('nonsense[');
  });
});

describe('formatCellValue', () => {
  it('groups numbers, words booleans and dashes empty cells', () => {
    expect(formatCellValue(1234567.5, 'en')).toBe('1,234,567.5');
    expect(formatCellValue(true, 'zh')).toBe('是');
    expect(formatCellValue(null, 'zh')).toBe('—');
  });

  it('picks the language of the locale', () => {
    expect(languageOf('zh-CN')).toBe('zh');
    expect(languageOf('en')).toBe('en');
  });
});
