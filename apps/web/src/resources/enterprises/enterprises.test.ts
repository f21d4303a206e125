import { withUsccCheck, type CodeItem } from '@portal/shared';
import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { zh } from '../../i18n/zh';
import { hasActiveSignatory } from './accounts';
import { leafCodes } from './codeChoices';
import type { ProfileFields } from './enterprisesApi';
import { apiFieldErrors, toColleaguePayload, toProfileChangePayload, toRegisterPayload } from './payloads';
import { Regions } from './territory';
import { normaliseUscc, usccMessage } from './uscc';
import { versionOn, versionStates } from './versions';

const VALID = withUsccCheck('91610113MA6W00001');

/** Fills a message the way react-admin's polyglot does (%{name}). */
function render(messages: typeof zh | typeof en, key: string, args: Record<string, unknown>): string {
  const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
  expect(typeof text, key).toBe('string');
  return (text as string).replace(/%\{(\w+)\}/g, (_, name: string) => String(args[name]));
}

describe('USCC messages', () => {
  it('accept a valid code, typed in lower case or with spaces', () => {
    expect(usccMessage(VALID)).toBeUndefined();
    expect(usccMessage(` ${VALID.slice(0, 9).toLowerCase()} ${VALID.slice(9)} `)).toBeUndefined();
    expect(normaliseUscc(' 9161 0113ma6w ')).toBe('91610113MA6W');
    expect(usccMessage('')).toBeUndefined();
  });

  it('name the length', () => {
    const message = usccMessage(VALID.slice(0, 17))!;
    expect(message).toEqual({ message: 'enterprises.uscc.length', args: { count: 17 } });
    expect(render(zh, message.message, message.args)).toBe('统一社会信用代码应为 18 位，当前为 17 位');
    expect(render(en, message.message, message.args)).toContain('this one has 17');
  });

  it('name the character outside the GB 32100 alphabet and where it is', () => {
    const code = `${VALID.slice(0, 10)}O${VALID.slice(11)}`;
    const message = usccMessage(code)!;
    expect(message).toEqual({ message: 'enterprises.uscc.charset', args: { position: 11, char: 'O' } });
    expect(render(zh, message.message, message.args)).toContain('第 11 位“O”');
    expect(render(en, message.message, message.args)).toContain('Character 11 ("O")');
  });

  it('name a division code that is not six digits', () => {
    const code = withUsccCheck('9161A113MA6W00001');
    const message = usccMessage(code)!;
    expect(message).toEqual({ message: 'enterprises.uscc.division', args: { division: '61A113' } });
    expect(render(zh, message.message, message.args)).toContain('行政区划代码');
    expect(render(en, message.message, message.args)).toContain('division code');
  });

  it('name a wrong check character without telling the right one', () => {
    const wrong = VALID[17] === '0' ? '1' : '0';
    const message = usccMessage(VALID.slice(0, 17) + wrong)!;
    expect(message).toEqual({ message: 'enterprises.uscc.check', args: { char: wrong } });
    expect(render(zh, message.message, message.args)).toContain('校验码');
    expect(render(en, message.message, message.args)).toContain('check character');
    expect(render(en, message.message, message.args)).not.toContain(`"${VALID[17]}"`);
  });
});

describe('register payload', () => {
  it('keeps only what the API accepts, normalised', () => {
    expect(
      toRegisterPayload({
        uscc: VALID.toLowerCase(),
        nameZh: '  西安测试软件有限公司 ',
        regionCode: '610113',
        zoneCode: '',
        natureCode: 'DOM-PRI',
        industryCode: 'I',
        keyEnterprise: true,
        advancedTech: null,
        ...({ id: 'x', status: 'PENDING' } as object),
      }),
    ).toEqual({
      uscc: VALID,
      nameZh: '西安测试软件有限公司',
      regionCode: '610113',
      zoneCode: null,
      natureCode: 'DOM-PRI',
      industryCode: 'I',
      industryCode2002: null,
      keyEnterprise: true,
      advancedTech: false,
    });
  });
});

describe('profile change payload', () => {
  const base: ProfileFields = {
    nameZh: '西安云图软件科技有限公司',
    regionCode: '610113',
    zoneCode: '6101Z1',
    natureCode: 'DOM-PRI',
    industryCode: 'I',
    industryCode2002: null,
    keyEnterprise: false,
    advancedTech: false,
  };

  it('sends the date and only the changed fields', () => {
    expect(
      toProfileChangePayload({ ...base, validFrom: '2026-07-01', nameZh: ' 新名称 ', advancedTech: true }, base),
    ).toEqual({ validFrom: '2026-07-01', nameZh: '新名称', advancedTech: true });
  });

  it('sends a division and the GB/T 4754-2002 industry when they change, and a cleared one as null', () => {
    expect(
      toProfileChangePayload({ ...base, validFrom: '2026-07-01', industryCode: '65', industryCode2002: '62' }, base),
    ).toEqual({ validFrom: '2026-07-01', industryCode: '65', industryCode2002: '62' });
    expect(
      toProfileChangePayload(
        { ...base, validFrom: '2026-07-01', industryCode2002: '' },
        { ...base, industryCode2002: '62' },
      ),
    ).toEqual({ validFrom: '2026-07-01', industryCode2002: null });
  });

  it('sends a cleared zone as null, and nothing when nothing changed', () => {
    expect(toProfileChangePayload({ ...base, validFrom: '2026-07-01', zoneCode: '' }, base)).toEqual({
      validFrom: '2026-07-01',
      zoneCode: null,
    });
    expect(toProfileChangePayload({ ...base, validFrom: '2026-07-01' }, base)).toBeNull();
  });
});

describe('colleague payload', () => {
  it('lower-cases the user name and leaves out an empty e-mail', () => {
    expect(
      toColleaguePayload({
        username: ' Li.Wei ',
        displayName: ' 李伟 ',
        email: '',
        password: 'Secret#2026x',
        roles: ['ENTERPRISE_FILER'],
      }),
    ).toEqual({
      username: 'li.wei',
      displayName: '李伟',
      email: null,
      password: 'Secret#2026x',
      roles: ['ENTERPRISE_FILER'],
    });
  });
});

describe('API errors next to fields', () => {
  const body = (code: string, zh: string, en: string, details?: unknown) => ({
    statusCode: 400,
    code,
    message_zh: zh,
    message_en: en,
    details,
  });

  it('put a USCC or duplicate error on the code, in the language on screen', () => {
    const error = body(
      'USCC_INVALID',
      '统一社会信用代码 X 无效：校验码错误',
      'Unified social credit code X is invalid',
    );
    expect(apiFieldErrors(error, 'zh-CN', { byCode: { USCC_INVALID: 'uscc' } })).toEqual({
      uscc: '统一社会信用代码 X 无效：校验码错误',
    });
    expect(apiFieldErrors(error, 'en', { byCode: { USCC_INVALID: 'uscc' } })).toEqual({
      uscc: 'Unified social credit code X is invalid',
    });
  });

  it('put an unknown code on the field that holds it', () => {
    const error = body('CODE_UNKNOWN', 'industries 中没有代码 Z', 'Code Z is not in industries');
    expect(
      apiFieldErrors(error, 'zh-CN', {
        codeFields: { regionCode: '610113', zoneCode: null, natureCode: 'DOM-PRI', industryCode: 'Z' },
      }),
    ).toEqual({ industryCode: 'industries 中没有代码 Z' });
  });

  it("list the API's input validation by field", () => {
    const error = body('VALIDATION_FAILED', '请求数据不符合要求', 'The request data is not valid', [
      { field: 'nameZh', problems: ['nameZh must be longer than or equal to 2 characters'] },
    ]);
    expect(apiFieldErrors(error, 'en')).toEqual({
      nameZh: 'The request data is not valid: nameZh must be longer than or equal to 2 characters',
    });
  });

  it('list input validation in Chinese when the API sends the Chinese problems', () => {
    const error = body('VALIDATION_FAILED', '请求数据不符合要求', 'The request data is not valid', [
      {
        field: 'nameZh',
        problems: ['nameZh must be longer than or equal to 2 characters'],
        problems_zh: ['至少 2 个字符'],
        message_zh: 'nameZh：至少 2 个字符',
        message_en: 'nameZh: nameZh must be longer than or equal to 2 characters',
      },
    ]);
    expect(apiFieldErrors(error, 'zh-CN')).toEqual({ nameZh: '请求数据不符合要求：至少 2 个字符' });
    expect(apiFieldErrors(error, 'en')).toEqual({
      nameZh: 'The request data is not valid: nameZh must be longer than or equal to 2 characters',
    });
  });

  it('leave other errors to a notification', () => {
    expect(apiFieldErrors(body('INTERNAL', '服务器内部错误', 'Internal server error'), 'zh-CN')).toBeNull();
    expect(apiFieldErrors('<html>Bad gateway</html>', 'zh-CN')).toBeNull();
  });
});

const region = (code: string, parentCode: string | null, kind: string, reviewUnit = false) => ({
  code,
  parentCode,
  attrs: { kind, reviewUnit },
});

describe('territory of registration', () => {
  const regions = new Regions([
    region('610000', null, 'province'),
    region('610100', '610000', 'city', true),
    region('610400', '610000', 'city', true),
    region('610113', '610100', 'district'),
    region('610112', '610100', 'district'),
    region('610403', '610400', 'district'),
    region('6101Z1', '610100', 'zone'),
    region('6101Z8', '610100', 'zone', true),
  ]);
  const xian = { scopeKind: 'REGION', scopeCode: '610100' } as const;
  const xixian = { scopeKind: 'REGION', scopeCode: '6101Z8' } as const;

  it('offers a city bureau its own districts and zones, without a zone that has a bureau of its own', () => {
    expect(regions.registrableRegions(xian).map((r) => r.code)).toEqual(['610100', '610113', '610112']);
    expect(regions.zonesFor(xian, '610113').map((r) => r.code)).toEqual(['6101Z1']);
    expect(regions.inTerritory(xian, '610113', '6101Z8')).toBe(false);
    expect(regions.zoneRequired(xian, '610113')).toBe(false);
  });

  it('makes a zone bureau choose its zone', () => {
    expect(regions.registrableRegions(xixian).map((r) => r.code)).toEqual(['610100', '610113', '610112']);
    expect(regions.zoneRequired(xixian, '610113')).toBe(true);
    expect(regions.zonesFor(xixian, '610113').map((r) => r.code)).toEqual(['6101Z8']);
    expect(regions.inTerritory(xixian, '610113', '6101Z8')).toBe(true);
  });

  it('gives the province and the system every district and city', () => {
    const all = ['610100', '610400', '610113', '610112', '610403'];
    expect(regions.registrableRegions({ scopeKind: 'PROVINCE', scopeCode: '610000' }).map((r) => r.code)).toEqual(all);
    expect(regions.registrableRegions({ scopeKind: 'SYSTEM', scopeCode: null }).map((r) => r.code)).toEqual(all);
    expect(regions.registrableRegions({ scopeKind: 'PROVINCE', scopeCode: '620000' })).toEqual([]);
  });

  it("lets a firm's own users place it anywhere, zones only in the same city", () => {
    const firm = { scopeKind: 'ENTERPRISE', scopeCode: 'x' } as const;
    expect(regions.zonesFor(firm, '610403')).toEqual([]);
    expect(regions.zonesFor(firm, '610113').map((r) => r.code)).toEqual(['6101Z1', '6101Z8']);
  });
});

describe('profile versions', () => {
  const versions = [{ validFrom: '2025-01-01' }, { validFrom: '2026-01-01' }, { validFrom: '2027-01-01' }];

  it('mark the version valid today current, later ones scheduled', () => {
    expect(versionStates(versions, '2026-06-30')).toEqual(['past', 'current', 'scheduled']);
    expect(versionOn(versions, '2026-06-30')).toBe(versions[1]);
  });

  it('apply the first version before it starts', () => {
    expect(versionStates(versions, '2024-06-30')).toEqual(['current', 'scheduled', 'scheduled']);
  });
});

describe('code choices and accounts', () => {
  it('offer the leaves of a two-level list', () => {
    const item = (code: string, parentCode: string | null) =>
      ({ code, parentCode }) as Pick<CodeItem, 'code' | 'parentCode'>;
    const natures = [item('DOM', null), item('DOM-PRI', 'DOM'), item('DOM-SOE', 'DOM'), item('FIE', null)];
    expect(leafCodes(natures).map((n) => n.code)).toEqual(['DOM-PRI', 'DOM-SOE', 'FIE']);
  });

  it('know when maker-checker would leave nobody to submit', () => {
    expect(hasActiveSignatory([{ roles: ['ENTERPRISE_FILER'], active: true }])).toBe(false);
    expect(hasActiveSignatory([{ roles: ['ENTERPRISE_SIGNATORY'], active: false }])).toBe(false);
    expect(hasActiveSignatory([{ roles: ['ENTERPRISE_FILER', 'ENTERPRISE_SIGNATORY'], active: true }])).toBe(true);
  });
});
