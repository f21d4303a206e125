import { industrySectionOf, type CodeItem } from './codes';
import { contractTransitionFor, nextContractStatus } from './workflow';
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

describe('the contract registration transition table', () => {
  it('takes a first registration from draft to registered through the check and the city', () => {
    expect(nextContractStatus('DRAFT', 'submit')).toBe('VALIDATING');
    expect(nextContractStatus('VALIDATING', 'validation-passed')).toBe('SUBMITTED');
    expect(nextContractStatus('VALIDATING', 'validation-failed')).toBe('DRAFT');
    expect(nextContractStatus('SUBMITTED', 'register')).toBe('REGISTERED');
  });

  it('lets the city return, the province send back, and the firm reopen', () => {
    expect(nextContractStatus('SUBMITTED', 'return')).toBe('RETURNED');
    expect(nextContractStatus('RETURNED', 'reopen')).toBe('DRAFT');
    expect(nextContractStatus('REGISTERED', 'send-back')).toBe('SENT_BACK');
    expect(nextContractStatus('SENT_BACK', 'register')).toBe('REGISTERED');
    expect(nextContractStatus('SUBMITTED', 'send-back')).toBeNull();
  });

  it('files changes and cancellations of a registered contract as new versions with a reason', () => {
    for (const action of ['change', 'cancel'] as const) {
      expect(contractTransitionFor(action)).toMatchObject({
        from: ['REGISTERED'],
        to: 'DRAFT',
        needsReason: true,
        newVersion: true,
      });
    }
    expect(nextContractStatus('VALIDATING', 'change-validation-passed')).toBe('CHANGE_REQUESTED');
    expect(nextContractStatus('CHANGE_REQUESTED', 'register')).toBe('REGISTERED');
    expect(nextContractStatus('CHANGE_REQUESTED', 'register-cancellation')).toBe('CANCELLED');
    expect(nextContractStatus('DRAFT', 'change')).toBeNull();
  });

  it('gives the city registering and returning, the province sending back, the system the check', () => {
    expect(contractTransitionFor('register').permission).toBe('review.municipal');
    expect(contractTransitionFor('return')).toMatchObject({ permission: 'review.municipal', needsReason: true });
    expect(contractTransitionFor('send-back')).toMatchObject({ permission: 'review.provincial', needsReason: true });
    expect(contractTransitionFor('validation-passed').permission).toBeNull();
    expect(contractTransitionFor('submit').permission).toBe('returns.submit');
  });
});
