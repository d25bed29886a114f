import { formatGroupedAmount } from './grouped-amount.js';

// A credit note reduces what an invoice owes; it can never take it below zero. Unlike a payment's allocation, a
// credit note cannot be released (it is a document the customer holds), so one that does not fit is refused.

export interface CreditNoteToFit {
  readonly key: string;
  readonly invoiceId: bigint;
  readonly invoiceNumber: string;
  readonly currency: string;
  readonly amount: bigint;
  /** Where the credit note stands now, if it is already in the ledger. */
  readonly current: { readonly invoiceId: bigint; readonly amount: bigint } | null;
}

export type CreditNoteFit = { readonly key: string; readonly ok: true } | { readonly key: string; readonly ok: false; readonly reason: string };

/**
 * Checks credit notes in order against what each invoice still owes (amount − allocations − other credit notes,
 * `owing` by invoice id), drawing it down as each one is accepted; a credit note that moves or shrinks gives its
 * old amount back first. A refused one stays as it was.
 * @example fitCreditNotes([{ key: 'CN-1', invoiceId: 9n, invoiceNumber: 'INV-9', currency: 'EUR', amount: 120000n, current: null }], new Map([[9n, 100000n]]))
 *   // [{ key: 'CN-1', ok: false, reason: '1,200.00 EUR is more than invoice INV-9 still owes (1,000.00 EUR)' }]
 */
export function fitCreditNotes(notes: readonly CreditNoteToFit[], owing: ReadonlyMap<bigint, bigint>): CreditNoteFit[] {
  const left = new Map(owing);
  const owed = (id: bigint) => left.get(id) ?? 0n;
  return notes.map((n) => {
    const room = owed(n.invoiceId) + (n.current?.invoiceId === n.invoiceId ? n.current.amount : 0n);
    if (n.amount > room) {
      return {
        key: n.key, ok: false,
        reason: `${formatGroupedAmount(n.amount, n.currency)} is more than invoice ${n.invoiceNumber} still owes (${formatGroupedAmount(room, n.currency)})`,
      };
    }
    if (n.current) left.set(n.current.invoiceId, owed(n.current.invoiceId) + n.current.amount);
    left.set(n.invoiceId, owed(n.invoiceId) - n.amount);
    return { key: n.key, ok: true };
  });
}
