import { industrySectionOf, type CodeItem } from './codes';
import {
  addsUpToTheCent,
  emptyTechnologyContract,
  TECHNOLOGY_CONTRACT_FIELD_LABELS,
  TECHNOLOGY_CONTRACT_FIELDS,
} from './technology-contracts';

describe('the technology contract document', () => {
  it('labels every field of the document in both languages, in form order', () => {
    expect([...TECHNOLOGY_CONTRACT_FIELDS].sort()).toEqual(Object.keys(emptyTechnologyContract()).sort());
    for (const field of TECHNOLOGY_CONTRACT_FIELDS) {
      expect(TECHNOLOGY_CONTRACT_FIELD_LABELS[field].zh).toMatch(/\p{Script=Han}/u);
      expect(TECHNOLOGY_CONTRACT_FIELD_LABELS[field].en).toMatch(/^[a-z]/);
    }
    expect(TECHNOLOGY_CONTRACT_FIELD_LABELS.equipmentFee).toEqual({ zh: '设备费', en: 'equipment fee' });
  });

  it('adds 技术费 and 设备费 to 合同金额 to the cent, whatever floating point makes of the decimals', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addsUpToTheCent(0.1, 0.2, 0.3)).toBe(true);
    expect(addsUpToTheCent(9999999999999.98, 0.01, 9999999999999.99)).toBe(true);
    expect(addsUpToTheCent(180000, 20000, 180000)).toBe(false);
    expect(addsUpToTheCent(180000, 0, 180000.01)).toBe(false);
  });
});

describe('industrySectionOf', () => {
  const items = [
    { code: 'I', parentCode: null, level: 1 },
    { code: '65', parentCode: 'I', level: 2 },
  ] as Pick<CodeItem, 'code' | 'parentCode' | 'level'>[];

  it('gives a division its section and a section itself; nothing for an unknown or empty code', () => {
    expect(industrySectionOf(items, '65')).toBe('I');
    expect(industrySectionOf(items, 'I')).toBe('I');
    expect(industrySectionOf(items, '99')).toBeNull();
    expect(industrySectionOf(items, null)).toBeNull();
  });
});
