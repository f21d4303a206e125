import type { ValidationError } from '@nestjs/common';
import type { FieldProblem } from '@portal/shared';

/**
 * class-validator's constraints in Chinese. Its English messages carry the constraint's argument (a length, a
 * bound, the allowed values); the Chinese text takes it from there, so one decorator needs no second message.
 */
const ZH: Record<string, (arg: string) => string> = {
  whitelistValidation: () => '不是可接受的字段，请删除',
  isDefined: () => '必须填写',
  isNotEmpty: () => '不能为空',
  isString: () => '须为文本',
  isBoolean: () => '须为 true 或 false',
  isInt: () => '须为整数',
  isNumber: () => '须为数字',
  isArray: () => '须为数组',
  isObject: () => '须为对象',
  isUuid: () => '须为 UUID',
  isEmail: () => '须为有效的电子邮件地址',
  maxLength: (n) => `最多 ${n} 个字符`,
  minLength: (n) => `至少 ${n} 个字符`,
  min: (n) => `不能小于 ${n}`,
  max: (n) => `不能大于 ${n}`,
  arrayMinSize: (n) => `至少 ${n} 项`,
  arrayMaxSize: (n) => `最多 ${n} 项`,
  isIn: (values) => `须为以下值之一：${values}`,
  matches: () => '格式不正确',
  isCalendarDate: () => '须为实际存在的日期 YYYY-MM-DD',
  isIsoDateTime: () => '须为日期 YYYY-MM-DD 或 ISO 8601 时间',
  isPeriodCode: () => '须为报告期，如 2026Q3',
  isTablePeriod: () => '须为统计期，如 2021Q4、2021 或 2021Q1-Q3',
  isVersionMap: () => '须为“报表编号（UUID）→ 版本号”的对象',
  nestedValidation: () => '须为对象或对象数组',
};

/** The argument in class-validator's English message: the number, or the list after "values:". */
function argument(constraint: string, english: string): string {
  if (constraint === 'isIn') return english.split('values: ')[1] ?? '';
  return /-?\d+(\.\d+)?/.exec(english)?.[0] ?? '';
}

export function problemInChinese(constraint: string, english: string): string {
  const zh = ZH[constraint];
  return zh ? zh(argument(constraint, english)) : `不符合要求（${constraint}）`;
}

/** Nested class-validator errors as `contracts.0.amount` with their problems in Chinese and English. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const entries = Object.entries(e.constraints ?? {});
    const own: FieldProblem[] = entries.length
      ? [
          {
            field,
            problems: entries.map(([, en]) => en),
            problems_zh: entries.map(([name, en]) => problemInChinese(name, en)),
            message_zh: `${field}：${entries.map(([name, en]) => problemInChinese(name, en)).join('；')}`,
            message_en: `${field}: ${entries.map(([, en]) => en).join('; ')}`,
          },
        ]
      : [];
    return [...own, ...fieldProblems(e.children ?? [], field)];
  });
}
