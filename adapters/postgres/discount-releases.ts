import type { ImportContext } from '../../src/ports/ledger-import.js';
import type { ReleasedBy } from './allocation-releases.js';
import { col } from './batch.js';
import type { Sql } from './connect.js';

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
