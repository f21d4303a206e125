import type { ValidationError } from '@nestjs/common';
import { fieldProblems, problemInChinese } from './field-problems';

describe('validation problems in Chinese and English', () => {
  it('takes the bound from the English message into the Chinese one', () => {
    expect(problemInChinese('maxLength', 'name must be shorter than or equal to 200 characters')).toBe(
      '最多 200 个字符',
    );
    expect(problemInChinese('min', 'amount must not be less than -5')).toBe('不能小于 -5');
    expect(problemInChinese('isIn', 'kind must be one of the following values: ZIP, XLSX')).toBe(
      '须为以下值之一：ZIP, XLSX',
    );
    expect(problemInChinese('whitelistValidation', 'property admin should not exist')).toBe('不是可接受的字段，请删除');
  });

  it('names a constraint it has no text for rather than dropping it', () => {
    expect(problemInChinese('isHexColor', 'c must be a hexadecimal color')).toBe('不符合要求（isHexColor）');
  });

  it('lists nested fields by path with both languages', () => {
    const errors: ValidationError[] = [
      {
        property: 'contracts',
        children: [
          {
            property: '0',
            children: [
              {
                property: 'amount',
                constraints: { isNumber: 'amount must be a number', min: 'amount must not be less than 0' },
                children: [],
              },
            ],
          },
        ],
      },
    ];
    expect(fieldProblems(errors)).toEqual([
      {
        field: 'contracts.0.amount',
        problems: ['amount must be a number', 'amount must not be less than 0'],
        problems_zh: ['须为数字', '不能小于 0'],
        message_zh: 'contracts.0.amount：须为数字；不能小于 0',
        message_en: 'contracts.0.amount: amount must be a number; amount must not be less than 0',
      },
    ]);
  });
});
