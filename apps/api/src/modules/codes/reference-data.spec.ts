import { continentMemberRows, partnerEconomyRows, referenceCodeRows, technologyTradeCodeRows } from './reference-data';

const codes = technologyTradeCodeRows();
const listOf = (list: string) => codes.filter((r) => r.list === list);

describe('continent membership seed (continent_members.csv)', () => {
  const members = continentMemberRows();
  const continents = new Set(listOf('continents').map((c) => c.code));

  it('gives every economy of the partner list exactly one continent, and names no other economy', () => {
    const economies = partnerEconomyRows().map((e) => e.code);
    const byMember = new Map<string, string[]>();
    for (const m of members) byMember.set(m.member, [...(byMember.get(m.member) ?? []), m.continentCode]);
    expect(economies.filter((e) => !byMember.has(e))).toEqual([]);
    expect([...byMember].filter(([, of]) => of.length !== 1)).toEqual([]);
    expect([...byMember.keys()].filter((m) => !economies.includes(m))).toEqual([]);
  });

  it('uses the six continents of the published tables, always valid', () => {
    expect([...continents]).toEqual(['AS', 'EU', 'NA', 'LA', 'AF', 'OC']);
    expect(members.filter((m) => !continents.has(m.continentCode))).toEqual([]);
    expect(new Set(members.map((m) => `${m.validFrom}|${m.validTo}`))).toEqual(new Set(['1900-01-01|null']));
  });

  it('follows the notes of continents_zh.csv', () => {
    const of = new Map(members.map((m) => [m.member, m.continentCode]));
    expect(['HK', 'MO', 'TW', 'SA', 'AE', 'IL', 'TR', 'JP'].map((e) => of.get(e))).toEqual(Array(8).fill('AS'));
    expect(['RU', 'GB', 'DE'].map((e) => of.get(e))).toEqual(['EU', 'EU', 'EU']);
    expect(members.filter((m) => m.continentCode === 'NA').map((m) => m.member)).toEqual([
      'BM',
      'CA',
      'GL',
      'PM',
      'US',
    ]);
    expect(['MX', 'KY', 'PA', 'BR', 'CU'].map((e) => of.get(e))).toEqual(Array(5).fill('LA'));
    expect(['ZA', 'EG'].map((e) => of.get(e))).toEqual(['AF', 'AF']);
    expect(['AU', 'NZ'].map((e) => of.get(e))).toEqual(['OC', 'OC']);
  });
});

describe('technology trade code lists', () => {
  it('seeds the eight modes, 知识产权 being 专利技术, 专有技术 and 商标许可', () => {
    const modes = listOf('technology-modes');
    expect(modes.map((m) => m.code)).toEqual(['TT1', 'TT2', 'TT3', 'TT4', 'TT5', 'TT6', 'TT7', 'TT8']);
    expect(modes.filter((m) => m.attrs.ipGroup === true).map((m) => m.nameZh)).toEqual([
      '专利技术',
      '专有技术',
      '商标许可',
    ]);
    expect(modes[2]).toMatchObject({ nameEn: 'Technical consulting and services', sortOrder: 3 });
  });

  it('hangs every division of both classifications under a section of the same classification', () => {
    const sections2017 = new Set(
      referenceCodeRows()
        .filter((r) => r.list === 'industries')
        .map((r) => r.code),
    );
    expect(sections2017.size).toBe(20);
    const divisions2017 = listOf('industries');
    expect(divisions2017).toHaveLength(97);
    expect(divisions2017.filter((d) => d.level !== 2 || !sections2017.has(d.parentCode!))).toEqual([]);
    expect(divisions2017.find((d) => d.code === '65')).toMatchObject({
      parentCode: 'I',
      nameZh: '软件和信息技术服务业',
      sortOrder: 803,
    });
    const list2002 = listOf('industries-2002');
    const sections2002 = new Set(list2002.filter((r) => r.level === 1).map((r) => r.code));
    expect(sections2002.size).toBe(20);
    expect(list2002.filter((r) => r.level === 2 && !sections2002.has(r.parentCode!))).toEqual([]);
    expect(list2002.find((d) => d.code === '62')).toMatchObject({ parentCode: 'G', nameZh: '软件业' });
  });
});
