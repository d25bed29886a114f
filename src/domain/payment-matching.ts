import { earlyPaymentSettlement, type DiscountCandidate } from './fees/early-payment-discount.js';
import type { CalendarDate } from './calendar-date.js';

/** An open invoice a payment might settle. `remaining` is what is still owed, in minor units. */
export interface MatchCandidate {
  readonly invoiceId: bigint;
  readonly number: string;
  readonly currency: string;
  readonly remaining: bigint;
  /** Its early-payment discount, when its terms have one (src/domain/fees/early-payment-discount.ts). */
  readonly discount?: DiscountCandidate | null;
}

export interface PaymentToMatch {
  readonly currency: string;
  readonly amount: bigint;
  readonly reference: string | null;
  readonly invoiceNumber: string | null;
  /** When received: a payment within an invoice's discount window may earn the discount. */
  readonly receivedDate?: CalendarDate;
}

export type MatchRule = 'invoice_number' | 'reference' | 'amount';

export type PaymentMatch =
  | { matched: true; invoiceId: bigint; rule: MatchRule; allocate: bigint; discount?: bigint }
  | { matched: false; reason: string };

/** True when `number` appears in `reference` as a whole token (not inside a longer number or word). */
export function referenceMentions(reference: string, number: string): boolean {
  const ref = reference.toUpperCase();
  const num = number.toUpperCase();
  let from = 0;
  for (;;) {
    const at = ref.indexOf(num, from);
    if (at < 0) return false;
    const before = at === 0 ? '' : ref[at - 1]!;
    const after = ref[at + num.length] ?? '';
    if (!/[A-Z0-9]/.test(before) && !/[A-Z0-9]/.test(after)) return true;
    from = at + 1;
  }
}

/**
 * Decides which invoice of the payer a payment settles, in order of confidence:
 * 1. the invoice number the ERP gave; 2. one invoice number written in the bank reference;
 * 3. the single open invoice whose remaining amount equals the payment exactly.
 * Candidates are the payer's open invoices; only those in the payment's currency are considered.
 * The allocation never exceeds what the invoice still owes; any excess stays unallocated on the payment.
 * A payment that earns the invoice's early-payment discount (earlyPaymentSettlement) settles it with the discounted
 * amount plus `discount`; by rule 3 a payment also matches an invoice whose discounted amount equals it exactly.
 * @example matchPayment({ currency: 'EUR', amount: 500n, reference: 'INV-7', invoiceNumber: null }, [inv7])
 *   // { matched: true, invoiceId: inv7.invoiceId, rule: 'reference', allocate: 500n }
 */
export function matchPayment(payment: PaymentToMatch, candidates: readonly MatchCandidate[]): PaymentMatch {
  const open = candidates.filter((c) => c.currency === payment.currency && c.remaining > 0n);
  const early = (c: MatchCandidate) => (payment.receivedDate === undefined ? null
    : earlyPaymentSettlement({ receivedDate: payment.receivedDate, amountMinor: payment.amount }, c.remaining, c.discount ?? null));
  const settle = (c: MatchCandidate, rule: MatchRule): PaymentMatch => {
    const e = early(c);
    if (e) return { matched: true, invoiceId: c.invoiceId, rule, allocate: e.cashMinor, discount: e.discountMinor };
    return { matched: true, invoiceId: c.invoiceId, rule, allocate: c.remaining < payment.amount ? c.remaining : payment.amount };
  };

  const given = payment.invoiceNumber?.trim();
  if (given) {
    const hit = open.find((c) => c.number.toUpperCase() === given.toUpperCase());
    if (hit) return settle(hit, 'invoice_number');
    const any = candidates.find((c) => c.number.toUpperCase() === given.toUpperCase());
    if (any && any.currency !== payment.currency) {
      return { matched: false, reason: `invoice ${given} is in ${any.currency}, the payment in ${payment.currency}` };
    }
    if (any) return { matched: false, reason: `invoice ${given} is already settled` };
    return { matched: false, reason: `no open invoice ${given} for this customer` };
  }

  if (payment.reference) {
    const mentioned = open.filter((c) => referenceMentions(payment.reference!, c.number));
    if (mentioned.length === 1) return settle(mentioned[0]!, 'reference');
    if (mentioned.length > 1) {
      return { matched: false, reason: `reference names ${mentioned.length} open invoices; allocate by hand` };
    }
  }

  const exact = open.filter((c) => c.remaining === payment.amount || early(c)?.cashMinor === payment.amount);
  if (exact.length === 1) return settle(exact[0]!, 'amount');
  if (exact.length > 1) {
    return { matched: false, reason: `${exact.length} open invoices owe exactly this amount; allocate by hand` };
  }
  return { matched: false, reason: 'no invoice number, no reference match and no open invoice with this exact amount' };
}
