import { describe, expect, it } from 'vitest';
import { matchPayment, referenceMentions, type MatchCandidate } from '../../src/domain/payment-matching.js';
import type { UnallocatedPayment } from '../../src/ports/ledger-import.js';
import { allocatePayments, referenceTokens } from '../../src/services/allocate-payments.js';

const inv = (id: number, number: string, remaining: bigint, currency = 'EUR'): MatchCandidate => ({
  invoiceId: BigInt(id), number, currency, remaining,
});
const pay = (amount: bigint, opts: { reference?: string; invoiceNumber?: string; currency?: string } = {}) => ({
  amount, currency: opts.currency ?? 'EUR', reference: opts.reference ?? null, invoiceNumber: opts.invoiceNumber ?? null,
});

describe('matchPayment', () => {
  const open = [inv(1, 'INV-7', 50000n), inv(2, 'INV-8', 12000n), inv(3, 'INV-70', 12000n), inv(4, 'INV-9', 0n)];

  it('takes the invoice number the ERP gave first, even when the reference names another', () => {
    expect(matchPayment(pay(50000n, { invoiceNumber: 'inv-7', reference: 'INV-8' }), open))
      .toEqual({ matched: true, invoiceId: 1n, rule: 'invoice_number', allocate: 50000n });
  });

  it('finds a single invoice number inside the bank reference', () => {
    expect(matchPayment(pay(100n, { reference: 'Virement INV-7 merci' }), open))
      .toMatchObject({ matched: true, invoiceId: 1n, rule: 'reference', allocate: 100n });
  });

  it('does not read INV-7 inside INV-70', () => {
    expect(referenceMentions('paid INV-70', 'INV-7')).toBe(false);
    expect(referenceMentions('paid INV-70.', 'INV-70')).toBe(true);
    expect(matchPayment(pay(12000n, { reference: 'paid INV-70' }), open)).toMatchObject({ invoiceId: 3n, rule: 'reference' });
  });

  it('refuses to guess when the reference names two open invoices', () => {
    const r = matchPayment(pay(62000n, { reference: 'INV-7 and INV-8' }), open);
    expect(r).toMatchObject({ matched: false });
    if (!r.matched) expect(r.reason).toMatch(/2 open invoices/);
  });

  it('falls back to the single open invoice with exactly that remaining amount', () => {
    expect(matchPayment(pay(50000n), open)).toMatchObject({ matched: true, invoiceId: 1n, rule: 'amount' });
  });

  it('leaves a payment unmatched when two invoices owe the same amount', () => {
    expect(matchPayment(pay(12000n), open)).toMatchObject({ matched: false });
  });

  it('never allocates more than the invoice still owes', () => {
    expect(matchPayment(pay(80000n, { invoiceNumber: 'INV-7' }), open)).toMatchObject({ allocate: 50000n });
  });

  it.each([
    ['an unknown number', pay(100n, { invoiceNumber: 'INV-404' }), /no open invoice INV-404/],
    ['a settled invoice', pay(100n, { invoiceNumber: 'INV-9' }), /already settled/],
    ['another currency', pay(100n, { invoiceNumber: 'INV-7', currency: 'USD' }), /is in EUR, the payment in USD/],
    ['nothing to go on', pay(1n), /no invoice number/],
  ])('explains why it cannot match %s', (_what, payment, reason) => {
    const r = matchPayment(payment, open);
    expect(r.matched).toBe(false);
    if (!r.matched) expect(r.reason).toMatch(reason);
  });
});

describe('allocatePayments', () => {
  const p = (id: number, amount: bigint, invoiceNumber: string | null = null): UnallocatedPayment => ({
    id: BigInt(id), external_id: `P${id}`, customer_external_id: 'C1', customer_id: 1n, currency: 'EUR',
    unallocated_minor: amount, reference: null, invoice_number: invoiceNumber, received_date: '2026-01-01',
  });

  it('draws down an invoice so two payments in one batch never settle the same euro twice', () => {
    const candidates = new Map([[1n, [inv(10, 'INV-1', 1000n)]]]);
    const r = allocatePayments([p(1, 1000n), p(2, 1000n)], candidates);
    expect(r.allocations).toEqual([{ paymentId: 1n, invoiceId: 10n, amount: 1000n, rule: 'amount' }]);
    expect(r.unmatched.map((u) => u.payment.id)).toEqual([2n]);
  });

  it('reports the excess of an overpayment as unallocated', () => {
    const candidates = new Map([[1n, [inv(10, 'INV-1', 1000n)]]]);
    const r = allocatePayments([p(1, 1500n, 'INV-1')], candidates);
    expect(r.allocations[0]!.amount).toBe(1000n);
    expect(r.unmatched[0]).toMatchObject({ payment: { unallocated_minor: 500n }, reason: expect.stringMatching(/excess/) });
  });

  it.each([
    ['Pay INV-7, INV-8.', ['Pay', 'INV-7', 'INV-8']],
    ['(INV-2026/001)', ['INV-2026/001', 'INV-2026', '001']],
    [null, []],
  ])('splits the reference %s into candidate numbers', (ref, expected) => {
    expect(referenceTokens(ref)).toEqual(expect.arrayContaining(expected));
  });
});
