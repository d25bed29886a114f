import { planReleases, type HeldAllocation, type Release } from '../../src/domain/allocation-release.js';
import { formatGroupedAmount } from '../../src/domain/grouped-amount.js';
import type { ImportContext, ReleasedAllocation } from '../../src/ports/ledger-import.js';
import { col } from './batch.js';
import type { Sql } from './connect.js';

// Releases what an update left where it no longer fits (migration 011's invariants are checked at commit, so the
// import updates first, then releases here, then matches the released money again, all in the batch's
// transaction). Every release is an audit row `payment.released` and a line of the import report.

/** A release and the row of the import (invoice or payment external id) that caused it. */
export type ReleasedBy = Omit<ReleasedAllocation, 'pos' | 'external_id'> & { readonly by: string };

interface HeldRow {
  id: bigint;
  owner_id: bigint;
  amount_minor: bigint;
  payment_key: string;
  payment_customer: string;
  payment_currency: string;
  payment_amount: bigint;
  invoice_key: string;
  invoice_number: string;
  invoice_customer: string;
  invoice_currency: string;
  invoice_amount: bigint;
  /** What is applied (invoice) or allocated (payment) beyond its amount. */
  excess: bigint;
}

const g = formatGroupedAmount;

/**
 * Invoices just updated: allocations of payments of another customer or currency go whole; then, while
 * allocations + credit notes exceed the amount, the most recent payments' allocations go (received date, then
 * allocation, newest first), cut when part is enough. The import refuses an invoice row whose credit notes alone
 * exceed its new amount, so releasing allocations always suffices.
 */
export async function releaseForInvoices(tx: Sql, invoiceIds: readonly bigint[], ctx: ImportContext): Promise<ReleasedBy[]> {
  if (invoiceIds.length === 0) return [];
  const rows = await tx<HeldRow[]>`
    SELECT a.id, i.id AS owner_id, a.amount_minor,
           p.external_id AS payment_key, pc.external_id AS payment_customer, p.currency AS payment_currency, p.amount_minor AS payment_amount,
           i.external_id AS invoice_key, i.number AS invoice_number, ic.external_id AS invoice_customer, i.currency AS invoice_currency,
           i.amount_minor AS invoice_amount, s.applied_minor - s.amount_minor AS excess
    FROM invoices i
    JOIN invoice_settlements s ON s.invoice_id = i.id
    JOIN payment_allocations a ON a.invoice_id = i.id
    JOIN payments p ON p.id = a.payment_id
    JOIN customers pc ON pc.id = p.customer_id
    JOIN customers ic ON ic.id = i.customer_id
    WHERE i.id = ANY(${col(invoiceIds, String)}::int8[])
      AND (p.customer_id <> i.customer_id OR p.currency <> i.currency OR s.applied_minor > s.amount_minor)
    ORDER BY i.id, p.received_date DESC, a.id DESC`;
  return release(tx, rows, ctx, {
    misfit: (r) => (r.payment_customer !== r.invoice_customer
      ? `invoice ${r.invoice_number} moved to customer ${r.invoice_customer}; payment ${r.payment_key} is from ${r.payment_customer}`
      : r.payment_currency !== r.invoice_currency
        ? `invoice ${r.invoice_number} is now in ${r.invoice_currency}; payment ${r.payment_key} is in ${r.payment_currency}`
        : null),
    over: (r) => `invoice ${r.invoice_number} lowered to ${g(r.invoice_amount, r.invoice_currency)}, ` +
      `less than the ${g(r.invoice_amount + r.excess, r.invoice_currency)} applied to it`,
    // The money released is in the payment's currency (the invoice's, before it changed).
    currency: (r) => r.payment_currency,
    by: (r) => r.invoice_key,
  });
}

/**
 * Payments just updated: allocations to invoices of another customer or currency go whole; then, while the
 * allocations exceed the payment's amount, the most recently allocated go first, cut when part is enough.
 */
export async function releaseForPayments(tx: Sql, paymentIds: readonly bigint[], ctx: ImportContext): Promise<ReleasedBy[]> {
  if (paymentIds.length === 0) return [];
  const rows = await tx<HeldRow[]>`
    SELECT a.id, p.id AS owner_id, a.amount_minor,
           p.external_id AS payment_key, pc.external_id AS payment_customer, p.currency AS payment_currency, p.amount_minor AS payment_amount,
           i.external_id AS invoice_key, i.number AS invoice_number, ic.external_id AS invoice_customer, i.currency AS invoice_currency,
           i.amount_minor AS invoice_amount, x.allocated - p.amount_minor AS excess
    FROM payments p
    CROSS JOIN LATERAL (SELECT sum(amount_minor)::int8 AS allocated FROM payment_allocations WHERE payment_id = p.id) x
    JOIN payment_allocations a ON a.payment_id = p.id
    JOIN invoices i ON i.id = a.invoice_id
    JOIN customers pc ON pc.id = p.customer_id
    JOIN customers ic ON ic.id = i.customer_id
    WHERE p.id = ANY(${col(paymentIds, String)}::int8[])
      AND (p.customer_id <> i.customer_id OR p.currency <> i.currency OR x.allocated > p.amount_minor)
    ORDER BY p.id, a.id DESC`;
  return release(tx, rows, ctx, {
    misfit: (r) => (r.payment_customer !== r.invoice_customer
      ? `payment ${r.payment_key} moved to customer ${r.payment_customer}; invoice ${r.invoice_number} is ${r.invoice_customer}'s`
      : r.payment_currency !== r.invoice_currency
        ? `payment ${r.payment_key} is now in ${r.payment_currency}; invoice ${r.invoice_number} is in ${r.invoice_currency}`
        : null),
    over: (r) => `payment ${r.payment_key} lowered to ${g(r.payment_amount, r.payment_currency)}, ` +
      `less than the ${g(r.payment_amount + r.excess, r.payment_currency)} allocated`,
    // The money released is in the invoice's currency (the payment's, before it changed).
    currency: (r) => r.invoice_currency,
    by: (r) => r.payment_key,
  });
}

interface Describe {
  misfit(r: HeldRow): string | null;
  over(r: HeldRow): string;
  currency(r: HeldRow): string;
  by(r: HeldRow): string;
}

async function release(tx: Sql, rows: readonly HeldRow[], ctx: ImportContext, d: Describe): Promise<ReleasedBy[]> {
  const byOwner = new Map<bigint, HeldRow[]>();
  for (const r of rows) byOwner.set(r.owner_id, [...(byOwner.get(r.owner_id) ?? []), r]);
  const plan: { release: Release; row: HeldRow }[] = [];
  for (const held of byOwner.values()) {
    const first = held[0]!;
    const allocations: HeldAllocation[] = held.map((r) => ({ allocationId: r.id, amount: r.amount_minor, misfit: d.misfit(r) }));
    const rowOf = new Map(held.map((r) => [r.id, r]));
    for (const release of planReleases(allocations, first.excess, d.over(first))) plan.push({ release, row: rowOf.get(release.allocationId)! });
  }
  if (plan.length === 0) return [];
  const rel = plan.map((p) => p.release);
  await tx`
    WITH r AS (
      SELECT * FROM unnest(${col(rel, (x) => x.allocationId.toString())}::text[]::int8[], ${col(rel, (x) => x.amount.toString())}::text[]::int8[],
                           ${col(rel, (x) => String(x.whole))}::text[]::bool[], ${col(rel, (x) => x.reason)}::text[]) AS t(id, amount, whole, reason)
    ), gone AS (
      DELETE FROM payment_allocations a USING r WHERE a.id = r.id AND r.whole
      RETURNING a.id, a.payment_id, a.invoice_id, r.amount, r.reason
    ), cut AS (
      UPDATE payment_allocations a SET amount_minor = a.amount_minor - r.amount FROM r WHERE a.id = r.id AND NOT r.whole
      RETURNING a.id, a.payment_id, a.invoice_id, r.amount, r.reason
    )
    INSERT INTO audit_log (actor, action, entity, entity_id, details)
    SELECT ${ctx.actor}, 'payment.released', 'payment', x.payment_id,
           jsonb_build_object('payment_id', x.payment_id, 'invoice_id', x.invoice_id, 'allocation_id', x.id,
                              'amount_minor', x.amount, 'reason', x.reason, 'import_run', ${ctx.runId.toString()}::int8)
    FROM (SELECT * FROM gone UNION ALL SELECT * FROM cut) x`;
  return plan.map(({ release, row }) => ({
    by: d.by(row), payment_external_id: row.payment_key, invoice_external_id: row.invoice_key, invoice_number: row.invoice_number,
    released_minor: release.amount, currency: d.currency(row), reason: release.reason,
  }));
}
