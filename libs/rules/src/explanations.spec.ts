import { explanationProblem, normaliseExplanation } from './explanations';

const code = (text: string | null, others: string[] = [], reason?: string) =>
  explanationProblem(text, others, reason)?.code ?? null;

describe('explanationProblem', () => {
  const good = '本季度新签美国客户软件研发合同，一次性确认收入约45万美元';

  it('accepts an explanation that says what happened', () => {
    expect(code(good)).toBeNull();
    expect(code('Q4 one-off licence sale to Contoso Ltd. for the Berlin rollout, paid in December')).toBeNull();
  });

  it('rejects empty and whitespace-only text', () => {
    expect(code('')).toBe('EMPTY');
    expect(code('  \u3000\n ')).toBe('EMPTY');
    expect(code(null)).toBe('EMPTY');
    expect(code('。。。，，')).toBe('EMPTY');
  });

  it.each([
    '情况属实',
    '已核实',
    '无',
    '数据准确',
    '属实',
    '正常',
    '确认无误',
    '情况属实，数据准确，已核实无误。',
    'ＯＫ',
    ' 无 。',
  ])('rejects boilerplate: %s', (text) => expect(code(text)).toBe('BOILERPLATE'));

  it('normalises full-width characters, punctuation and spaces', () => {
    expect(normaliseExplanation('  情况 属实！ＡＢＣ１２３ ')).toBe('情况属实abc123');
    expect(code('情 况 属 实 ！')).toBe('BOILERPLATE');
  });

  it('rejects thin text, and boilerplate padded with a few words', () => {
    expect(code('新客户')).toBe('TOO_SHORT');
    expect(code('汇率变动导致')).toBe('TOO_SHORT');
    expect(code('数据准确，汇率变动')).toBe('BOILERPLATE');
    expect(code('好好好好好好好好好好好好')).toBe('TOO_SHORT');
    expect(code('ok ok ok ok ok')).toBe('TOO_SHORT');
  });

  it('rejects text copied from another explanation of the same return', () => {
    expect(code(good, ['另一项说明：人员减少因项目结束后合同工离职', `${good}。`])).toBe('COPIED');
    expect(code(good, ['另一项说明：人员减少因项目结束后合同工离职'])).toBeNull();
    expect(code(good, [''])).toBeNull();
  });

  it('lets a specific reason code stand alone, but OTHER needs text', () => {
    expect(code('', [], 'ONE_OFF_CONTRACT')).toBeNull();
    expect(code('新签微软合同', [], 'NEW_CLIENT')).toBeNull();
    expect(code('情况属实', [], 'EXCHANGE_RATE')).toBe('BOILERPLATE');
    expect(code('', [], 'OTHER')).toBe('EMPTY');
    expect(code('其他原因', [], 'OTHER')).toBe('TOO_SHORT');
    expect(code(good, [], 'OTHER')).toBeNull();
    expect(code(good, [], 'WEATHER')).toBe('UNKNOWN_REASON');
  });

  it('explains the problem in both languages', () => {
    const p = explanationProblem('情况属实', []);
    expect(p?.message_zh).toBe('“情况属实”是套话，不能作为说明；请写明数据变化的具体原因');
    expect(p?.message_en).toContain('boilerplate');
  });
});
