import { matchPayment, type MatchCandidate } from '../domain/payment-matching.js';
import type {
  Allocation, AllocationSteps, ImportContext, PaymentToMatch, UnallocatedPayment, UnmatchedPayment,
} from '../ports/ledger-import.js';

export interface AllocationResult {
  readonly allocations: Allocation[];
  readonly unmatched: { payment: UnallocatedPayment; reason: string }[];
}

/** Words of a bank reference that could be invoice numbers ("Pay INV-7, INV-8." → INV-7, INV-8, …). */
export function referenceTokens(reference: string | null): string[] {
  if (!reference) return [];
  const out = new Set<string>();
  for (const chunk of reference.split(/\s+/)) {
    const bare = chunk.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
    if (bare) out.add(bare);
    for (const part of bare.split(/[,;:/()]+/)) if (part) out.add(part);
  }
  return [...out].slice(0, 20);
}

/**
 * Allocates each payment with the matching rules, in order, drawing down what each invoice still owes
 * so two payments of one batch never settle the same euro twice.
 */
export function allocatePayments(
  payments: readonly UnallocatedPayment[],
  candidatesByCustomer: ReadonlyMap<bigint, readonly MatchCandidate[]>,
): AllocationResult {
  const remaining = new Map<bigint, bigint>();
  // Discounts closed earlier in the batch: granted, or cash received after the window allocated first.
  const discountClosed = new Set<bigint>();
  const allocations: Allocation[] = [];
  const unmatched: AllocationResult['unmatched'] = [];
  for (const p of payments) {
    const candidates = (candidatesByCustomer.get(p.customer_id) ?? []).map((c) => ({
      ...c,
      remaining: remaining.get(c.invoiceId) ?? c.remaining,
      discount: c.discount && discountClosed.has(c.invoiceId) ? { ...c.discount, open: false } : c.discount,
    }));
    const m = matchPayment(
      { currency: p.currency, amount: p.unallocated_minor, reference: p.reference, invoiceNumber: p.invoice_number, receivedDate: p.received_date },
      candidates,
    );
    if (!m.matched) {
      unmatched.push({ payment: p, reason: m.reason });
      continue;
    }
    const hit = candidates.find((c) => c.invoiceId === m.invoiceId)!;
    remaining.set(m.invoiceId, hit.remaining - m.allocate - (m.discount ?? 0n));
    if (m.discount !== undefined && hit.discount) {
      discountClosed.add(m.invoiceId);
      const { bp, days } = hit.discount;
      allocations.push({ paymentId: p.id, invoiceId: m.invoiceId, amount: m.allocate, rule: m.rule, discount: { amount: m.discount, bp, days } });
    } else {
      if (hit.discount && p.received_date > hit.discount.endsOn) discountClosed.add(m.invoiceId);
      allocations.push({ paymentId: p.id, invoiceId: m.invoiceId, amount: m.allocate, rule: m.rule });
    }
    if (m.allocate < p.unallocated_minor) {
      const reason = m.discount === undefined ? 'paid more than the invoice owed; the excess is unallocated'
        : 'paid more than the invoice owed after its early-payment discount; the excess is unallocated';
      unmatched.push({ payment: { ...p, unallocated_minor: p.unallocated_minor - m.allocate }, reason });
    }
  }
  return { allocations, unmatched };
}

/**
 * Matches the unallocated money of these payments with the usual rules (payment-matching.ts) and stores the
 * allocations, through the steps of the unit of work that stored their batch (so in its transaction); returns what
 * stays unmatched, each at the position of the row that brought its payment here.
 */
export async function allocateAgain(steps: AllocationSteps, toMatch: readonly PaymentToMatch[], ctx: ImportContext): Promise<UnmatchedPayment[]> {
  const posOf = new Map(toMatch.map((p) => [p.externalId, p.pos]));
  const open = await steps.unallocatedPayments(toMatch.map((p) => p.externalId));
  const candidates = await steps.matchCandidates(open.map((p) => ({
    customerId: p.customer_id,
    currency: p.currency,
    amount: p.unallocated_minor,
    numbers: [...(p.invoice_number ? [p.invoice_number] : []), ...referenceTokens(p.reference)],
    hasInvoiceNumber: Boolean(p.invoice_number?.trim()),
    receivedDate: p.received_date,
  })));
  const { allocations, unmatched } = allocatePayments(open, candidates);
  await steps.insertAllocations(allocations, ctx);
  return unmatched.map((u) => ({
    pos: posOf.get(u.payment.external_id) ?? 0,
    external_id: u.payment.external_id,
    customer_external_id: u.payment.customer_external_id,
    currency: u.payment.currency,
    unallocated_minor: u.payment.unallocated_minor,
    reason: u.reason,
  }));
}
