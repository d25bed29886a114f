import { describe, expect, it } from 'vitest';
import {
  discountEndsOn, discountMinor, earlyPaymentSettlement, effectiveTerms, openEarlyPaymentOffer, type DiscountCandidate,
} from '../../../src/domain/fees/early-payment-discount.js';
import { matchPayment, type MatchCandidate } from '../../../src/domain/payment-matching.js';
import { allocatePayments } from '../../../src/services/allocate-payments.js';
import type { UnallocatedPayment } from '../../../src/ports/ledger-import.js';

// Worked example throughout: invoice of 1,000.00 EUR issued 2026-03-01 on "2/10 net 30": discount 20.00, window
// 2026-03-01 … 2026-03-11 (the last day included), discounted amount 980.00.
const open: DiscountCandidate = { discountMinor: 2_000n, endsOn: '2026-03-11', bp: 200, days: 10, open: true };

describe('discountMinor', () => {
  it.each([
    [100_000n, 200, 2_000n],
    [1_025n, 200, 21n], // 20.5 rounds half up
    [1_024n, 200, 20n], // 20.48
    [1_075n, 200, 22n], // 21.5
    [333n, 150, 5n], // 4.995
    [1n, 1, 0n],
    [999_999_999_999_999_999n, 9_999, 999_899_999_999_999_999n], // exact on 18 digits (no float)
  ])('%s at %s bp is %s', (amount, bp, expected) => {
    expect(discountMinor(amount, bp)).toBe(expected);
  });
});

describe('discountEndsOn', () => {
  it.each([
    ['2026-03-01', 10, '2026-03-11'],
    ['2026-02-20', 10, '2026-03-02'],
    ['2028-02-20', 10, '2028-03-01'], // leap year
    ['2026-12-28', 5, '2027-01-02'],
    ['2026-03-01', 0, '2026-03-01'], // "2/0": the invoice day only
  ])('%s + %s days ends on %s', (issue, days, end) => {
    expect(discountEndsOn(issue, days)).toBe(end);
  });
});

describe('effectiveTerms', () => {
  it('takes the invoice terms whole, even without a discount, over the customer terms', () => {
    expect(effectiveTerms({ discount: null }, { discount: { bp: 200, days: 10 } })).toEqual({ discount: null });
    expect(effectiveTerms(null, { discount: { bp: 200, days: 10 } })).toEqual({ discount: { bp: 200, days: 10 } });
    expect(effectiveTerms(null, null)).toBeNull();
  });
});

describe('openEarlyPaymentOffer', () => {
  const inv = { amountMinor: 100_000n, issueDate: '2026-03-01', remainingMinor: 100_000n };
  const terms = { bp: 200, days: 10 };
  it('states the discounted amount and the last day while the window is open, the last day included', () => {
    expect(openEarlyPaymentOffer(inv, terms, '2026-03-04')).toEqual({ discountMinor: 2_000n, payMinor: 98_000n, endsOn: '2026-03-11' });
    expect(openEarlyPaymentOffer(inv, terms, '2026-03-11')).toEqual({ discountMinor: 2_000n, payMinor: 98_000n, endsOn: '2026-03-11' });
  });
  it('offers nothing the day after the window, without terms, or when the discount covers what is owed', () => {
    expect(openEarlyPaymentOffer(inv, terms, '2026-03-12')).toBeNull();
    expect(openEarlyPaymentOffer(inv, null, '2026-03-04')).toBeNull();
    expect(openEarlyPaymentOffer({ ...inv, remainingMinor: 2_000n }, terms, '2026-03-04')).toBeNull();
  });
  it('takes a part payment into account: the discount stays on the invoice amount', () => {
    expect(openEarlyPaymentOffer({ ...inv, remainingMinor: 60_000n }, terms, '2026-03-05'))
      .toEqual({ discountMinor: 2_000n, payMinor: 58_000n, endsOn: '2026-03-11' });
  });
});

describe('earlyPaymentSettlement', () => {
  it.each([
    ['the discounted amount within the window', '2026-03-05', 98_000n, 100_000n, { cashMinor: 98_000n, discountMinor: 2_000n }],
    ['the discounted amount on the window\'s last day', '2026-03-11', 98_000n, 100_000n, { cashMinor: 98_000n, discountMinor: 2_000n }],
    ['the discounted amount the day after', '2026-03-12', 98_000n, 100_000n, null],
    ['one cent short of the discounted amount', '2026-03-05', 97_999n, 100_000n, null],
    ['the full amount within the window (no discount needed)', '2026-03-05', 100_000n, 100_000n, null],
    ['more than the discounted amount (the excess stays unallocated)', '2026-03-05', 99_000n, 100_000n, { cashMinor: 98_000n, discountMinor: 2_000n }],
    ['the rest after a part payment of 400.00 in the window', '2026-03-10', 58_000n, 60_000n, { cashMinor: 58_000n, discountMinor: 2_000n }],
    ['short of the rest after a part payment', '2026-03-10', 50_000n, 60_000n, null],
  ])('%s', (_what, received, amount, remaining, expected) => {
    expect(earlyPaymentSettlement({ receivedDate: received, amountMinor: amount }, remaining, open)).toEqual(expected);
  });
  it('never applies once the discount is closed (granted, or cash after the window allocated) or without terms', () => {
    expect(earlyPaymentSettlement({ receivedDate: '2026-03-05', amountMinor: 98_000n }, 100_000n, { ...open, open: false })).toBeNull();
    expect(earlyPaymentSettlement({ receivedDate: '2026-03-05', amountMinor: 98_000n }, 100_000n, null)).toBeNull();
  });
});

describe('matching with a discount', () => {
  const inv = (remaining: bigint, discount: DiscountCandidate | null = open): MatchCandidate => ({
    invoiceId: 7n, number: 'INV-7', currency: 'EUR', remaining, discount,
  });
  const pay = (amount: bigint, receivedDate: string, invoiceNumber: string | null = 'INV-7') =>
    ({ currency: 'EUR', amount, reference: null, invoiceNumber, receivedDate });

  it('settles with the discount by invoice number within the window', () => {
    expect(matchPayment(pay(98_000n, '2026-03-11'), [inv(100_000n)]))
      .toEqual({ matched: true, invoiceId: 7n, rule: 'invoice_number', allocate: 98_000n, discount: 2_000n });
  });
  it('allocates a late payment of the discounted amount as a part payment', () => {
    expect(matchPayment(pay(98_000n, '2026-03-12'), [inv(100_000n)]))
      .toEqual({ matched: true, invoiceId: 7n, rule: 'invoice_number', allocate: 98_000n });
  });
  it('matches by amount an invoice whose discounted amount equals the payment', () => {
    expect(matchPayment(pay(98_000n, '2026-03-05', null), [inv(100_000n)]))
      .toEqual({ matched: true, invoiceId: 7n, rule: 'amount', allocate: 98_000n, discount: 2_000n });
    expect(matchPayment(pay(98_000n, '2026-03-12', null), [inv(100_000n)])).toMatchObject({ matched: false });
  });

  const p = (id: number, amount: bigint, received: string): UnallocatedPayment => ({
    id: BigInt(id), external_id: `P${id}`, customer_external_id: 'C1', customer_id: 1n, currency: 'EUR',
    unallocated_minor: amount, reference: null, invoice_number: 'INV-7', received_date: received,
  });
  const candidates = new Map([[1n, [inv(100_000n)]]]);

  it('two payments in the window, the second reaching the discounted amount, settle with the discount', () => {
    const r = allocatePayments([p(1, 40_000n, '2026-03-03'), p(2, 58_000n, '2026-03-10')], candidates);
    expect(r.allocations).toEqual([
      { paymentId: 1n, invoiceId: 7n, amount: 40_000n, rule: 'invoice_number' },
      { paymentId: 2n, invoiceId: 7n, amount: 58_000n, rule: 'invoice_number', discount: { amount: 2_000n, bp: 200, days: 10 } },
    ]);
    expect(r.unmatched).toEqual([]);
  });
  it('a first payment after the window closes the discount for the rest of the batch', () => {
    const r = allocatePayments([p(1, 40_000n, '2026-03-12'), p(2, 58_000n, '2026-03-10')], candidates);
    expect(r.allocations.map((a) => a.discount)).toEqual([undefined, undefined]);
    expect(r.allocations.map((a) => a.amount)).toEqual([40_000n, 58_000n]);
  });
  it('a second payment after a discounted settlement finds the invoice settled', () => {
    const r = allocatePayments([p(1, 98_000n, '2026-03-05'), p(2, 2_000n, '2026-03-06')], candidates);
    expect(r.allocations).toHaveLength(1);
    expect(r.unmatched).toEqual([{ payment: expect.objectContaining({ external_id: 'P2' }), reason: 'invoice INV-7 is already settled' }]);
  });
  it('an overpayment within the window earns the discount and leaves its excess unallocated', () => {
    const r = allocatePayments([p(1, 99_000n, '2026-03-05')], candidates);
    expect(r.allocations[0]).toMatchObject({ amount: 98_000n, discount: { amount: 2_000n } });
    expect(r.unmatched[0]).toMatchObject({ payment: { unallocated_minor: 1_000n }, reason: expect.stringMatching(/early-payment discount/) });
  });
});
