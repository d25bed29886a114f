import { describe, expect, it } from 'vitest';
import { creditPosition, crossedThresholds, isPastOverdueLimit, usedPercent } from '../../../src/domain/credit/credit-position.js';
import { checkOrder } from '../../../src/domain/credit/order-check.js';
import { parseLimitInput } from '../../../src/domain/credit/limit-input.js';

describe('a credit position', () => {
  it.each([
    // limit, open, available, over, basis points, over limit
    [10_000_00n, 8_500_00n, 1_500_00n, 0n, 8500n, false],
    [10_000_00n, 10_000_00n, 0n, 0n, 10_000n, false],
    [10_000_00n, 12_345_67n, 0n, 2_345_67n, 12_345n, true],
    [10_000_00n, 0n, 10_000_00n, 0n, 0n, false],
    [0n, 5n, 0n, 5n, null, true],
    [3n, 1n, 2n, 0n, 3333n, false],
  ])('limit %s, open %s: %s available, %s over, %s bp', (limit, open, available, over, bp, overLimit) => {
    expect(creditPosition(limit, open)).toEqual({ limitMinor: limit, openMinor: open, availableMinor: available, overMinor: over, usedBasisPoints: bp, overLimit });
  });

  it.each([
    [300_00n, 100_00n, 33.3],
    [10_000_00n, 8_500_00n, 85],
    [10_000_00n, 12_345_67n, 123.4],
    [0n, 0n, null],
  ])('shows limit %s, open %s as %s percent used, rounded down', (limit, open, pct) => {
    expect(usedPercent(creditPosition(limit, open))).toBe(pct);
  });
});

describe('the threshold rule', () => {
  it.each([
    [10_000_00n, 7_999_99n, []],
    [10_000_00n, 8_000_00n, [80]],
    [10_000_00n, 9_999_99n, [80]],
    [10_000_00n, 10_000_00n, [80, 100]],
    [10_000_00n, 50_000_00n, [80, 100]],
    [0n, 0n, []],
    [0n, 1n, [80, 100]],
    [1n, 1n, [80, 100]],
  ])('limit %s, open %s crosses %j', (limit, open, crossed) => {
    expect(crossedThresholds(limit, open)).toEqual(crossed);
  });
});

describe('the overdue rule (CREDIT_OVERDUE_DAYS)', () => {
  it.each([[null, false], [0, false], [60, false], [61, true], [400, true]] as const)('%s days overdue past 60: %s', (days, past) => {
    expect(isPastOverdueLimit(days, 60)).toBe(past);
  });
});

describe('may an order be taken', () => {
  const base = { position: creditPosition(1000_00n, 500_00n), currency: 'EUR', onHold: false, oldestOverdueDays: 10, overdueDays: 60 };
  it('yes, with credit left, no hold and nothing long overdue', () => {
    expect(checkOrder(base)).toEqual({ mayTakeOrder: true, reasons: [] });
  });
  it('yes without a limit, on the hold and overdue rules only', () => {
    expect(checkOrder({ ...base, position: null, currency: null })).toEqual({ mayTakeOrder: true, reasons: [] });
  });
  it('no, with every reason', () => {
    expect(checkOrder({ ...base, position: creditPosition(1000_00n, 1000_00n), onHold: true, oldestOverdueDays: 61 })).toEqual({
      mayTakeOrder: false,
      reasons: ['on credit hold', 'no credit available: open AR is at or over the EUR limit', 'an invoice is 61 days overdue (more than 60)'],
    });
  });
});

describe('a limit typed in chat', () => {
  it.each([
    ['50000', 'EUR', { ok: true, minor: 5_000_000n, currency: 'EUR' }],
    ['50 000.50', 'EUR', { ok: true, minor: 5_000_050n, currency: 'EUR' }],
    ['EUR 1200', null, { ok: true, minor: 120_000n, currency: 'EUR' }],
    ['1200 usd', 'EUR', { ok: true, minor: 120_000n, currency: 'USD' }],
    ['JPY 5000', null, { ok: true, minor: 5000n, currency: 'JPY' }],
    ['0', 'EUR', { ok: true, minor: 0n, currency: 'EUR' }],
  ] as const)('reads %j (current %s)', (text, current, expected) => {
    expect(parseLimitInput(text, current)).toEqual(expected);
  });
  it.each([
    ['1200', null, 'say the currency with the amount, e.g. "EUR 50000"'],
    ['-5', 'EUR', 'a credit limit cannot be negative'],
    ['ZZZ 5', null, '"ZZZ" is not an ISO 4217 currency code'],
    ['12.345', 'EUR', 'EUR allows 2 decimals, got "12.345"'],
    ['lots', 'EUR', 'expected a decimal amount such as 1234.50, got "lots"'],
  ] as const)('refuses %j (current %s)', (text, current, reason) => {
    expect(parseLimitInput(text, current)).toEqual({ ok: false, reason });
  });
});
