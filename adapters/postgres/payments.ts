import type { PaymentRow } from '../../src/domain/import/ledger-rows.js';
import type { MatchCandidate } from '../../src/domain/payment-matching.js';
import type { ImportContext, Positioned, RowReject } from '../../src/ports/ledger-import.js';
import type { Allocation, UnallocatedPayment } from '../../src/services/allocate-payments.js';
import { auditedCounts, col, lastWins, minor, resolveRefs } from './batch.js';
import type { Sql } from './connect.js';
import { customerIdsByExternalId } from './customers.js';

// Serializes payment allocation across importers: two batches must not both settle the last euro of one invoice.
const ALLOCATION_LOCK = 727_470_002;

export async function lockAllocations(tx: Sql): Promise<void> {
  await tx`SELECT pg_advisory_xact_lock(${ALLOCATION_LOCK})`;
}

export async function upsertPayments(
  tx: Sql,
  batch: readonly Positioned<PaymentRow>[],
  ctx: ImportContext,
): Promise<{ inserted: number; updated: number; rejected: RowReject[] }> {
  const unique = lastWins(batch, (r) => r.external_id);
  const customers = await customerIdsByExternalId(tx, unique.map((r) => r.row.customer_external_id));
  const { ok: rows, rejected } = resolveRefs(unique, (r) => r.customer_external_id, customers, 'customer_external_id',
    (v) => `no customer "${v}"; import it first (--customers) or in the same run`);
  const [res] = await tx<{ inserted: number; updated: number }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col(rows, (r) => r.row.external_id)}::text[], ${col(rows, (r) => r.id!.toString())}::text[]::int8[],
        ${col(rows, (r) => r.row.received_date)}::text[]::date[], ${col(rows, (r) => r.row.currency)}::text[],
        ${col(rows, (r) => minor(r.row.amount_minor))}::text[]::int8[], ${col(rows, (r) => r.row.reference)}::text[],
        ${col(rows, (r) => r.row.invoice_number)}::text[]
      ) AS t(external_id, customer_id, received_date, currency, amount_minor, reference, invoice_number)
    ), up AS (
      INSERT INTO payments AS p (external_id, customer_id, received_date, currency, amount_minor, reference, invoice_number)
      SELECT * FROM input
      ON CONFLICT (external_id) DO UPDATE SET
        customer_id = excluded.customer_id, received_date = excluded.received_date, currency = excluded.currency,
        amount_minor = excluded.amount_minor, reference = excluded.reference, invoice_number = excluded.invoice_number,
        updated_at = now()
      WHERE (p.customer_id, p.received_date, p.currency, p.amount_minor, p.reference, p.invoice_number)
        IS DISTINCT FROM (excluded.customer_id, excluded.received_date, excluded.currency, excluded.amount_minor,
                          excluded.reference, excluded.invoice_number)
      RETURNING p.id, p.external_id AS key, (xmax = 0) AS inserted
    )
    ${auditedCounts(tx, 'payment', 'external_id', ctx)}`;
  return { inserted: res!.inserted, updated: res!.updated, rejected };
}

/** Payments among `externalIds` with money not yet allocated to any invoice. */
export async function unallocatedPayments(tx: Sql, externalIds: readonly string[]): Promise<UnallocatedPayment[]> {
  if (externalIds.length === 0) return [];
  return tx<UnallocatedPayment[]>`
    SELECT p.id, p.external_id, c.external_id AS customer_external_id, p.customer_id, p.currency,
           p.amount_minor - coalesce(a.allocated, 0) AS unallocated_minor, p.reference, p.invoice_number
    FROM payments p
    JOIN customers c ON c.id = p.customer_id
    LEFT JOIN LATERAL (SELECT sum(amount_minor)::int8 AS allocated FROM payment_allocations WHERE payment_id = p.id) a ON true
    WHERE p.external_id = ANY(${externalIds as string[]}::text[])
      AND p.amount_minor > coalesce(a.allocated, 0)`;
}

/**
 * Invoices a batch of payments might settle, with what each still owes: those named by number (given or
 * written in the reference) and those whose remaining amount equals a payment exactly.
 */
export async function matchCandidates(
  tx: Sql,
  wanted: readonly { customerId: bigint; currency: string; amount: bigint; numbers: readonly string[]; hasInvoiceNumber?: boolean }[],
): Promise<Map<bigint, (MatchCandidate & { customerId: bigint })[]>> {
  const byNumber = wanted.flatMap((w) => w.numbers.map((n) => [w.customerId.toString(), n.toUpperCase()] as const));
  // A payment naming its invoice is matched by that number only, so only the others need same-amount candidates.
  const byAmount = wanted.filter((w) => !w.hasInvoiceNumber);
  const rows = await tx<{ id: bigint; customer_id: bigint; number: string; currency: string; remaining: bigint }[]>`
    WITH named AS (
      SELECT i.id FROM unnest(${byNumber.map((x) => x[0])}::text[]::int8[], ${byNumber.map((x) => x[1])}::text[]) AS w(customer_id, num)
      JOIN invoices i ON upper(i.number) = w.num AND i.customer_id = w.customer_id
    ), same_amount AS (
      SELECT i.id FROM unnest(${wanted.map((w) => w.customerId.toString())}::text[]::int8[], ${wanted.map((w) => w.currency)}::text[],
                              ${wanted.map((w) => w.amount.toString())}::text[]::int8[]) AS w(customer_id, currency, amount)
      JOIN invoices i ON i.customer_id = w.customer_id AND i.currency = w.currency AND i.amount_minor >= w.amount
    ), ids AS (SELECT id FROM named UNION SELECT id FROM same_amount)
    SELECT i.id, i.customer_id, i.number, i.currency,
           i.amount_minor - coalesce((SELECT sum(amount_minor)::int8 FROM payment_allocations WHERE invoice_id = i.id), 0)
                          - coalesce((SELECT sum(amount_minor)::int8 FROM credit_notes WHERE invoice_id = i.id), 0) AS remaining
    FROM ids JOIN invoices i USING (id)`;
  const out = new Map<bigint, (MatchCandidate & { customerId: bigint })[]>();
  for (const r of rows) {
    const list = out.get(r.customer_id) ?? [];
    list.push({ invoiceId: r.id, customerId: r.customer_id, number: r.number, currency: r.currency, remaining: r.remaining });
    out.set(r.customer_id, list);
  }
  return out;
}

export async function insertAllocations(tx: Sql, allocations: readonly Allocation[], ctx: ImportContext): Promise<void> {
  if (allocations.length === 0) return;
  await tx`
    WITH ins AS (
      INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, matched_by)
      SELECT * FROM unnest(${col(allocations, (a) => a.paymentId.toString())}::text[]::int8[],
                           ${col(allocations, (a) => a.invoiceId.toString())}::text[]::int8[],
                           ${col(allocations, (a) => a.amount.toString())}::text[]::int8[],
                           ${col(allocations, (a) => a.rule)}::text[])
      ON CONFLICT (payment_id, invoice_id) DO NOTHING
      RETURNING id, payment_id, invoice_id, amount_minor, matched_by
    )
    INSERT INTO audit_log (actor, action, entity, entity_id, details)
    SELECT ${ctx.actor}, 'payment.allocated', 'payment', payment_id,
           jsonb_build_object('invoice_id', invoice_id, 'amount_minor', amount_minor, 'matched_by', matched_by,
                              'import_run', ${ctx.runId.toString()}::int8)
    FROM ins`;
}
