import type postgres from 'postgres';
import type { MatchRule } from '../../src/domain/payment-matching.js';
import type { ImportContext } from '../../src/ports/ledger-import.js';
import type { ReleasedBy } from './allocation-releases.js';
import { col } from './batch.js';
import type { Sql } from './connect.js';
import { insertDiscounts } from './payments.js';

// An early-payment discount (migration 026) holds only while the invoice, its terms and the payment that earned it
// are as they were: an imported change to any of them (amount, issue date, terms, the payment's date, amount,
// customer or currency) withdraws it, before the allocations are released (allocation-releases.ts), so what the
// invoice owes reappears instead of a payment being cut. The withdrawn discount is an audit row
// `payment.discount_released` and a line of the import report; the payment's cash stays allocated.

interface StaleRow {
  id: bigint;
  by: string;
  payment_key: string;
  invoice_key: string;
  invoice_number: string;
  amount_minor: bigint;
  currency: string;
  reason: string;
}

const staleWhy = (tx: Sql) => tx`
  CASE
    WHEN t.bp IS NULL THEN 'the invoice no longer has discount terms'
    WHEN (t.bp, t.days) <> (d.discount_bp, d.discount_days) THEN 'the invoice''s discount terms changed'
    WHEN d.amount_minor <> early_payment_discount_minor(i.amount_minor, d.discount_bp) THEN 'the invoice amount changed'
    WHEN p.received_date > i.issue_date + d.discount_days THEN 'the payment is no longer within the discount window'
    WHEN p.customer_id <> i.customer_id OR p.currency <> i.currency THEN 'the payment no longer belongs to the invoice'
    WHEN x.allocated > p.amount_minor THEN 'the payment was lowered'
  END`;

async function withdraw(tx: Sql, where: 'invoice' | 'payment', ids: readonly bigint[], ctx: ImportContext): Promise<ReleasedBy[]> {
  if (ids.length === 0) return [];
  const key = where === 'invoice' ? tx`d.invoice_id` : tx`d.payment_id`;
  const rows = await tx<StaleRow[]>`
    WITH stale AS (
      SELECT d.id, ${where === 'invoice' ? tx`i.external_id` : tx`p.external_id`} AS by, p.external_id AS payment_key,
             i.external_id AS invoice_key, i.number AS invoice_number, d.amount_minor, i.currency::text AS currency,
             ${staleWhy(tx)} AS reason
      FROM discount_allocations d
      JOIN invoices i ON i.id = d.invoice_id
      JOIN payments p ON p.id = d.payment_id
      LEFT JOIN LATERAL early_payment_terms(i.id) t ON true
      CROSS JOIN LATERAL (SELECT sum(amount_minor)::int8 AS allocated FROM payment_allocations WHERE payment_id = p.id) x
      WHERE ${key} = ANY(${col(ids, String)}::int8[])
    ), gone AS (
      DELETE FROM discount_allocations d USING stale s WHERE d.id = s.id AND s.reason IS NOT NULL
      RETURNING d.id, d.payment_id, d.invoice_id, d.amount_minor, s.reason
    ), audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT ${ctx.actor}, 'payment.discount_released', 'invoice', g.invoice_id,
             jsonb_build_object('payment_id', g.payment_id, 'discount_id', g.id, 'amount_minor', g.amount_minor,
                                'reason', g.reason, 'import_run', ${ctx.runId.toString()}::int8)
      FROM gone g
    )
    SELECT s.* FROM stale s JOIN gone g ON g.id = s.id`;
  return rows.map((r) => ({
    by: r.by, payment_external_id: r.payment_key, invoice_external_id: r.invoice_key, invoice_number: r.invoice_number,
    released_minor: r.amount_minor, currency: r.currency,
    reason: `early-payment discount on invoice ${r.invoice_number} withdrawn: ${r.reason}`,
  }));
}

/** Invoices just updated: withdraws their discounts that no longer hold. */
export function withdrawDiscountsForInvoices(tx: Sql, invoiceIds: readonly bigint[], ctx: ImportContext): Promise<ReleasedBy[]> {
  return withdraw(tx, 'invoice', invoiceIds, ctx);
}

/** Payments just updated: withdraws the discounts they earned that no longer hold. */
export function withdrawDiscountsForPayments(tx: Sql, paymentIds: readonly bigint[], ctx: ImportContext): Promise<ReleasedBy[]> {
  return withdraw(tx, 'payment', paymentIds, ctx);
}

// A withdrawn discount is not gone for good: when a later import of the invoice or the payment makes the invoice fit
// its terms again (every payment applied to it received within the window, and what it still owes exactly the
// discount its terms give on its amount), the discount is granted again, through the same write as a first grant
// (payments.ts insertDiscounts: the discount allocation, migration 026's checks, `payment.discount_allocated`, then
// `payment.discount_regranted`, written for any grant on an invoice whose discount was withdrawn before). Only
// invoices that had a discount withdrawn (an audit row `payment.discount_released`) are re-granted here: a first
// grant is the matcher's alone. A payment raised again is matched again and earns it as the first time did.
// `arbot check` reports an invoice left in that state without its discount (discount_not_regranted).

interface RegrantRow {
  invoice_id: bigint;
  payment_id: bigint;
  allocated: bigint;
  matched_by: MatchRule;
  bp: number;
  days: number;
  discount: bigint;
}

/** What invoice `i` still owes, from its sources (payments allocated and credit notes; a discount is not counted). */
const owedSql = `(i.amount_minor
    - coalesce((SELECT sum(a.amount_minor) FROM payment_allocations a WHERE a.invoice_id = i.id), 0)
    - coalesce((SELECT sum(n.amount_minor) FROM credit_notes n WHERE n.invoice_id = i.id), 0))`;

/**
 * The SQL condition, on invoice `i` with its terms `t` (early_payment_terms), that its withdrawn discount is due
 * again: read from the sources, so `arbot check` shares it without trusting invoice_settlements.
 */
export const discountDueAgainSql = `
  NOT EXISTS (SELECT 1 FROM discount_allocations d WHERE d.invoice_id = i.id)
  AND EXISTS (SELECT 1 FROM audit_log l WHERE l.entity = 'invoice' AND l.entity_id = i.id AND l.action = 'payment.discount_released')
  AND EXISTS (SELECT 1 FROM payment_allocations a WHERE a.invoice_id = i.id)
  AND NOT EXISTS (SELECT 1 FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                  WHERE a.invoice_id = i.id AND p.received_date > i.issue_date + t.days)
  AND ${owedSql} = div(i.amount_minor::numeric * t.bp + 5000, 10000)::int8`;

async function regrant(tx: Sql, invoiceIds: postgres.Fragment, ctx: ImportContext): Promise<number> {
  const rows = await tx<RegrantRow[]>`
    SELECT i.id AS invoice_id, last.payment_id, last.amount_minor AS allocated, last.matched_by, t.bp, t.days,
           early_payment_discount_minor(i.amount_minor, t.bp) AS discount
    FROM invoices i
    CROSS JOIN LATERAL early_payment_terms(i.id) t
    -- The discount rides on the last payment received, the one that settles the invoice (its date is the paid date).
    CROSS JOIN LATERAL (
      SELECT a.payment_id, a.amount_minor, a.matched_by FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
      WHERE a.invoice_id = i.id ORDER BY p.received_date DESC, a.payment_id DESC LIMIT 1
    ) last
    WHERE i.id IN (${invoiceIds}) AND ${tx.unsafe(discountDueAgainSql)}
    ORDER BY i.id`;
  if (rows.length === 0) return 0;
  // The cash stays as allocated; only the discount is written, as the matcher writes a first grant.
  await insertDiscounts(tx, rows.map((r) => ({
    paymentId: BigInt(r.payment_id), invoiceId: BigInt(r.invoice_id), amount: BigInt(r.allocated), rule: r.matched_by,
    discount: { amount: BigInt(r.discount), bp: r.bp, days: r.days },
  })), ctx);
  return rows.length;
}

/** Invoices just updated: grants again the discounts withdrawn earlier that they now fit. Returns how many. */
export function regrantDiscountsForInvoices(tx: Sql, invoiceIds: readonly bigint[], ctx: ImportContext): Promise<number> {
  if (invoiceIds.length === 0) return Promise.resolve(0);
  return regrant(tx, tx`SELECT unnest(${col(invoiceIds, String)}::int8[])`, ctx);
}

/** Payments just updated: grants again the withdrawn discounts of the invoices they pay, where those fit. */
export function regrantDiscountsForPayments(tx: Sql, paymentIds: readonly bigint[], ctx: ImportContext): Promise<number> {
  if (paymentIds.length === 0) return Promise.resolve(0);
  return regrant(tx, tx`SELECT a.invoice_id FROM payment_allocations a WHERE a.payment_id = ANY(${col(paymentIds, String)}::int8[])`, ctx);
}
