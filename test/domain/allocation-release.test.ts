import { describe, expect, it } from 'vitest';
import { planReleases } from '../../src/domain/allocation-release.js';
import { fitCreditNotes } from '../../src/domain/credit-note-fit.js';
import { formatGroupedAmount } from '../../src/domain/grouped-amount.js';

const held = (id: bigint, amount: bigint, misfit: string | null = null) => ({ allocationId: id, amount, misfit });

describe('planReleases', () => {
  it.each([
    ['nothing when nothing exceeds and nothing misfits', [held(2n, 300n), held(1n, 700n)], 0n, []],
    ['the most recent first, cutting the last one needed', [held(2n, 300n), held(1n, 700n)], 500n,
      [{ allocationId: 2n, amount: 300n, whole: true, reason: 'over' }, { allocationId: 1n, amount: 200n, whole: false, reason: 'over' }]],
    ['exactly one whole allocation', [held(2n, 300n), held(1n, 700n)], 300n, [{ allocationId: 2n, amount: 300n, whole: true, reason: 'over' }]],
    ['every misfit whole, whatever the excess', [held(2n, 300n, 'moved'), held(1n, 700n, 'moved')], -1000n,
      [{ allocationId: 2n, amount: 300n, whole: true, reason: 'moved' }, { allocationId: 1n, amount: 700n, whole: true, reason: 'moved' }]],
    ['misfits count towards the excess before the others go', [held(3n, 100n), held(2n, 300n, 'moved'), held(1n, 700n)], 350n,
      [{ allocationId: 2n, amount: 300n, whole: true, reason: 'moved' }, { allocationId: 3n, amount: 50n, whole: false, reason: 'over' }]],
  ])('releases %s', (_what, allocations, excess, expected) => {
    expect(planReleases(allocations, excess, 'over')).toEqual(expected);
  });
});

describe('fitCreditNotes', () => {
  const note = (key: string, invoiceId: bigint, amount: bigint, current: { invoiceId: bigint; amount: bigint } | null = null) =>
    ({ key, invoiceId, invoiceNumber: `INV-${invoiceId}`, currency: 'EUR', amount, current });

  it('refuses one beyond what the invoice owes, with the amounts, and draws down the others in order', () => {
    expect(fitCreditNotes([note('a', 9n, 120000n), note('b', 9n, 60000n), note('c', 9n, 40001n)], new Map([[9n, 100000n]]))).toEqual([
      { key: 'a', ok: false, reason: '1,200.00 EUR is more than invoice INV-9 still owes (1,000.00 EUR)' },
      { key: 'b', ok: true },
      { key: 'c', ok: false, reason: '400.01 EUR is more than invoice INV-9 still owes (400.00 EUR)' },
    ]);
  });

  it('counts a credit note\'s own amount once when it changes on its invoice, and frees it when it moves', () => {
    expect(fitCreditNotes([note('a', 9n, 500n, { invoiceId: 9n, amount: 300n }), note('b', 8n, 250n, { invoiceId: 9n, amount: 200n }), note('c', 9n, 200n)],
      new Map([[9n, 200n], [8n, 250n]]))).toEqual([{ key: 'a', ok: true }, { key: 'b', ok: true }, { key: 'c', ok: true }]);
    expect(fitCreditNotes([note('a', 8n, 251n, { invoiceId: 9n, amount: 200n }), note('c', 9n, 1n)], new Map([[9n, 0n], [8n, 250n]])))
      .toEqual([{ key: 'a', ok: false, reason: '2.51 EUR is more than invoice INV-8 still owes (2.50 EUR)' }, { key: 'c', ok: false, reason: '0.01 EUR is more than invoice INV-9 still owes (0.00 EUR)' }]);
  });
});

describe('formatGroupedAmount', () => {
  it.each([
    [120000n, 'EUR', '1,200.00 EUR'], [5n, 'EUR', '0.05 EUR'], [123456789n, 'JPY', '123,456,789 JPY'],
    [12345n, 'KWD', '12.345 KWD'], [-100000n, 'USD', '-1,000.00 USD'], [9223372036854775807n, 'EUR', '92,233,720,368,547,758.07 EUR'],
  ])('writes %s %s as %s', (minor, currency, text) => {
    expect(formatGroupedAmount(minor, currency)).toBe(text);
  });
});
