import { withUsccCheck } from '@portal/shared';

let seq = 100;

/** A registration body for a new Xi'an firm with a valid, unused 统一社会信用代码. */
export function aRegistration(o: Record<string, unknown> = {}) {
  seq += 1;
  return {
    uscc: withUsccCheck(`91610113MA6T${String(seq).padStart(5, '0')}`),
    nameZh: `西安测试科技有限公司${seq}`,
    regionCode: '610113',
    zoneCode: '6101Z1',
    natureCode: 'DOM-PRI',
    industryCode: 'I',
    keyEnterprise: false,
    advancedTech: true,
    ...o,
  };
}
