import { describe, expect, it } from 'vitest';
import { decimalCommaFix } from '../../src/domain/import/decimal-comma.js';

describe('decimalCommaFix', () => {
  it.each([
    ['1.234,50', '1234.50'], ['1234,50', '1234.50'], ['1234,5', '1234.5'], ['-12,00', '-12.00'], ['1.234.567,8', '1234567.8'],
    ['1 234,50', '1234.50'], ['1\u00a0234,50', '1234.50'], ['1\u202f234\u202f567,00', '1234567.00'], ['0,5', '0.5'], [' 12,34 ', '12.34'],
  ])('reads %j as %j', (text, fixed) => {
    expect(decimalCommaFix(text)).toBe(fixed);
  });

  it.each(['1,234', '1,234.50', '1234.50', '12,34,56', '1.23,45', '1.234 567,00', 'abc', '', ',5'])('leaves %j alone', (text) => {
    expect(decimalCommaFix(text)).toBeNull();
  });
});
