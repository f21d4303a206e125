import { formatMessage } from '@portal/shared';

/** Why an explain-or-fix finding stands (填写说明后强制上报). */
export const REASON_CODES = ['ONE_OFF_CONTRACT', 'EXCHANGE_RATE', 'RESTRUCTURING', 'NEW_CLIENT', 'OTHER'] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const REASON_LABELS: Record<ReasonCode, { zh: string; en: string }> = {
  ONE_OFF_CONTRACT: { zh: '一次性合同', en: 'One-off contract' },
  EXCHANGE_RATE: { zh: '汇率影响', en: 'Exchange rate' },
  RESTRUCTURING: { zh: '企业重组', en: 'Restructuring' },
  NEW_CLIENT: { zh: '新客户', en: 'New client' },
  OTHER: { zh: '其他', en: 'Other' },
};

/** Characters of substance a free-text explanation needs (four Latin letters or digits count as one). */
export const MIN_EXPLANATION_SUBSTANCE = 10;

export type ExplanationProblemCode = 'EMPTY' | 'TOO_SHORT' | 'BOILERPLATE' | 'COPIED' | 'UNKNOWN_REASON';

export interface ExplanationProblem {
  code: ExplanationProblemCode;
  message_zh: string;
  message_en: string;
}

const PROBLEM_MESSAGES: Record<ExplanationProblemCode, { zh: string; en: string }> = {
  EMPTY: { zh: '请填写说明', en: 'Please write an explanation' },
  TOO_SHORT: {
    zh: '说明过于简单，请至少用 {min} 个字写明具体原因，例如涉及的合同、客户或业务变化',
    en: 'The explanation is too thin; use at least {min} characters to say what happened (which contract, client or change)',
  },
  BOILERPLATE: {
    zh: '“{text}”是套话，不能作为说明；请写明数据变化的具体原因',
    en: '“{text}” is boilerplate and does not explain anything; say what caused the figures',
  },
  COPIED: {
    zh: '与本报表另一条说明相同；请针对每一项分别说明',
    en: 'This is the same text as another explanation of this return; explain each finding on its own',
  },
  UNKNOWN_REASON: { zh: '原因类别 {reason} 无效', en: 'Unknown reason code {reason}' },
};

/** Whole answers that say nothing (compared after normalisation). */
const EMPTY_ANSWERS = new Set([
  '无',
  '没有',
  '暂无',
  '是',
  '对',
  '好',
  '有',
  '正常',
  '属实',
  '核实',
  '已核实',
  '准确',
  '无误',
  '真实',
  '同上',
  '见上',
  '如上',
  '已说明',
  '说明',
  'ok',
  'yes',
  'na',
  'none',
]);

/** Filler phrases removed before counting substance; longest first so 情况属实 goes before 属实. */
const FILLERS = [
  '根据实际情况填报',
  '按实际情况填报',
  '以上数据',
  '本期数据',
  '情况属实',
  '经核实',
  '已核实',
  '经核查',
  '已核查',
  '核实无误',
  '确认无误',
  '准确无误',
  '真实无误',
  '数据无误',
  '数据准确',
  '数据真实',
  '数据正确',
  '真实准确',
  '真实有效',
  '如实填报',
  '据实填报',
  '情况正常',
  '经营正常',
  '业务正常',
  '数据正常',
  '正常波动',
  '无异常',
  '已确认',
  '特此说明',
  '请审核',
  '予以通过',
  '本企业',
  '本公司',
  '我公司',
  '我司',
  '属实',
  '无误',
  '正常',
].sort((a, b) => b.length - a.length);

/** Full-width to half-width (NFKC), lower case, no punctuation, symbols or spaces. */
export function normaliseExplanation(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s]+/gu, '');
}

/**
 * Han characters count one each; other letters and digits one per four (about a word, as spaces are gone by now);
 * a character repeated in a row counts once.
 */
function substance(normalised: string): number {
  const collapsed = normalised.replace(/(.)\1+/gu, '$1');
  const han = collapsed.match(/\p{Script=Han}/gu)?.length ?? 0;
  const other = collapsed.match(/[\p{L}\p{N}]/gu)?.length ?? 0;
  return han + Math.ceil((other - han) / 4);
}

function problem(code: ExplanationProblemCode, params: Record<string, unknown> = {}): ExplanationProblem {
  const m = PROBLEM_MESSAGES[code];
  return { code, message_zh: formatMessage(m.zh, params), message_en: formatMessage(m.en, params) };
}

/**
 * Null when the explanation is acceptable, else why not. `others` are the other explanations of the same return
 * (a copied text is rejected). With a specific reason code the text may be left empty, but text that is given
 * must still not be boilerplate or copied; without a reason code, or with OTHER, the text must explain.
 */
export function explanationProblem(
  text: string | null | undefined,
  others: readonly (string | null | undefined)[] = [],
  reasonCode?: string,
): ExplanationProblem | null {
  if (reasonCode !== undefined && !(REASON_CODES as readonly string[]).includes(reasonCode)) {
    return problem('UNKNOWN_REASON', { reason: reasonCode });
  }
  const textRequired = reasonCode === undefined || reasonCode === 'OTHER';
  const n = normaliseExplanation(text ?? '');
  if (n === '') return textRequired ? problem('EMPTY') : null;
  const shown = (text ?? '').trim();
  if (EMPTY_ANSWERS.has(n)) return problem('BOILERPLATE', { text: shown });
  let rest = n;
  for (const filler of FILLERS) rest = rest.split(filler).join('');
  if (substance(rest) === 0) return problem('BOILERPLATE', { text: shown });
  if (textRequired && substance(rest) < MIN_EXPLANATION_SUBSTANCE) {
    return rest.length < n.length
      ? problem('BOILERPLATE', { text: shown })
      : problem('TOO_SHORT', { min: MIN_EXPLANATION_SUBSTANCE });
  }
  if (others.some((o) => o && normaliseExplanation(o) === n)) return problem('COPIED');
  return null;
}
