import { isAmount } from './return-content';

describe('isAmount', () => {
  it('accepts amounts with up to two decimals, large ones included', () => {
    for (const v of [0, 1, 0.5, 0.01, 12.3, 19.99, 294803811.59, 1234567890.07, 99999999999.99]) {
      expect([v, isAmount(v)]).toEqual([v, true]);
    }
  });

  it('refuses more than two decimals, negatives, non-numbers and amounts out of range', () => {
    for (const v of [0.001, 1.005, 12.345, 294803811.591, -0.01, -5, Number.NaN, Infinity, 1e15, '12.3', null]) {
      expect([v, isAmount(v)]).toEqual([v, false]);
    }
  });
});
