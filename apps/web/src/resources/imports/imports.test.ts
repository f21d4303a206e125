import { describe, expect, it } from 'vitest';
import { attachmentName } from '../../providers/dataProvider';
import { errorMessage, isAcceptedFile, isFinished, orderedCounts } from './imports';

describe('imports', () => {
  it('accept bundles, single CSV files and Excel templates only', () => {
    expect(isAcceptedFile('bundle-2026Q3.ZIP')).toBe(true);
    expect(isAcceptedFile('services_trade.csv')).toBe(true);
    expect(isAcceptedFile('return-2026Q3.xlsx')).toBe(true);
    expect(isAcceptedFile('return.xls')).toBe(false);
  });

  it('stop polling once finished', () => {
    expect(isFinished({ status: 'RUNNING' })).toBe(false);
    expect(isFinished({ status: 'FAILED' })).toBe(true);
    // A dry run waits for the user, not for the worker.
    expect(isFinished({ status: 'PREVIEWED' })).toBe(true);
    expect(isFinished({ status: 'QUEUED' })).toBe(false);
  });

  it('list counts in a fixed order', () => {
    expect(orderedCounts({ contracts: 1, returns: 2, extra: 5, returnsChanged: 1 })).toEqual([
      ['returns', 2],
      ['returnsChanged', 1],
      ['contracts', 1],
      ['extra', 5],
    ]);
  });

  it('show each problem in the language on screen', () => {
    const e = { message_zh: '金额无效', message_en: 'invalid amount' };
    expect(errorMessage(e, 'zh-CN')).toBe('金额无效');
    expect(errorMessage(e, 'en')).toBe('invalid amount');
  });

  it('save downloads under the name the API gives', () => {
    expect(attachmentName('attachment; filename="bundle-2026-10-09.zip"', 'x')).toBe('bundle-2026-10-09.zip');
    expect(attachmentName("attachment; filename*=UTF-8''%E5%9B%9E%E6%89%A7.pdf", 'x')).toBe('回执.pdf');
    // The receipt's header: the Chinese name wins over the ASCII fallback before it.
    expect(
      attachmentName(
        'attachment; filename="receipt-R-2026Q3-X-1.pdf"; filename*=UTF-8\'\'%E5%9B%9E%E6%89%A7-R-2026Q3-X-1.pdf',
        'x',
      ),
    ).toBe('回执-R-2026Q3-X-1.pdf');
    expect(attachmentName(null, 'receipt')).toBe('receipt');
  });
});
