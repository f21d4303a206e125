import { attachmentDisposition } from './attachment';

describe('attachmentDisposition', () => {
  it('names the file in UTF-8 for browsers and in ASCII for other clients', () => {
    expect(attachmentDisposition('回执-R-2026Q3-1.pdf', 'receipt-R-2026Q3-1.pdf')).toBe(
      `attachment; filename="receipt-R-2026Q3-1.pdf"; filename*=UTF-8''%E5%9B%9E%E6%89%A7-R-2026Q3-1.pdf`,
    );
  });

  it('percent-encodes the characters RFC 8187 does not allow bare, and keeps quotes out of the fallback', () => {
    expect(attachmentDisposition("表(1)'s *.pdf", 'a"b\\c\u00e9.pdf')).toBe(
      `attachment; filename="a_b_c_.pdf"; filename*=UTF-8''%E8%A1%A8%281%29%27s%20%2A.pdf`,
    );
  });
});
