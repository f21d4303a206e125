import { displayWidth, sheetNames } from './workbook';

describe('workbook: sheet names Excel accepts', () => {
  it('keeps a table’s number and short title as they are', () => {
    expect(sheetNames(['表2 服务外包出口方式情况（离岸）', '附表 统计报表报送质量情况'])).toEqual([
      '表2 服务外包出口方式情况（离岸）',
      '附表 统计报表报送质量情况',
    ]);
  });

  it('replaces the characters Excel refuses and trims apostrophes at either end', () => {
    expect(sheetNames(['表3：A/B?C*[D]\\E', "'引用'"])).toEqual(['表3：A B C D E', '引用']);
  });

  it('cuts to 31 characters and tells repeated names apart, ignoring case, within the 31', () => {
    const long = '表1 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十';
    const [a, b, c] = sheetNames([long, long, 'Manifest'], ['manifest']);
    expect(a).toBe(long.slice(0, 31));
    expect(b).toBe(`${long.slice(0, 27)} (2)`);
    expect(b.length).toBe(31);
    expect(c).toBe('Manifest (2)');
  });

  it('never leaves a name blank or the reserved History', () => {
    expect(sheetNames(['', 'history', '///'])).toEqual(['Sheet 1', 'Sheet 2', 'Sheet 3']);
  });
});

describe('workbook: column widths', () => {
  it('counts Chinese and full-width characters twice', () => {
    expect(displayWidth('ITO')).toBe(3);
    expect(displayWidth('信息技术外包（ITO）')).toBe(6 * 2 + 2 * 2 + 3);
  });
});
