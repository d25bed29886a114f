import type { PaymentRow } from '../../src/domain/import/ledger-rows.js';
import type { MatchCandidate } from '../../src/domain/payment-matching.js';
import { discountEndsOn, discountMinor, type DiscountCandidate } from '../../src/domain/fees/early-payment-discount.js';
import type {
  Allocation, CandidateQuery, ImportContext, Positioned, RowReject, UnallocatedPayment,
} from '../../src/ports/ledger-import.js';
import { auditedCounts, col, lastWins, minor, resolveRefs } from './batch.js';
import type { Sql } from './connect.js';
import { customerIdsByExternalId } from './customers.js';

// Serializes payment allocation across importers: two batches must not both settle the last euro of one invoice.
const ALLOCATION_LOCK = 727_470_002;

export async function lockAllocations(tx: Sql): Promise<void> {
  await tx`SELECT pg_advisory_xact_lock(${ALLOCATION_LOCK})`;
}

/**
 * For the rest of the transaction, plans key lookups as index probes. During an import the statistics of
 * payments, allocations and settlements lag far behind their sizes, and a hash join or merge join over a whole
 * table per batch makes the import quadratic. JIT is off too: the disabled plans' inflated costs would trigger it.
 */
export async function preferIndexLookups(tx: Sql): Promise<void> {
  await tx`SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)`;
}

export async function upsertPayments(
  tx: Sql,
  batch: readonly Positioned<PaymentRow>[],
  ctx: ImportContext,
): Promise<{ inserted: number; updated: number; rejected: RowReject[]; updatedIds: bigint[] }> {
  const unique = lastWins(batch, (r) => r.external_id);
  const customers = await customerIdsByExternalId(tx, unique.map((r) => r.row.customer_external_id));
  const { ok: rows, rejected } = resolveRefs(unique, (r) => r.customer_external_id, customers, 'customer_external_id',
    (v) => `no customer "${v}"; import it first (--customers) or in the same run`);
  const [res] = await tx<{ inserted: number; updated: number; updated_ids: string[] }[]>`
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
  // Updated payments may no longer fit their allocations (amount lowered, customer or currency changed): the caller
  // releases those in the same transaction, before migration 011's checks at commit.
  return { inserted: res!.inserted, updated: res!.updated, rejected, updatedIds: res!.updated_ids.map(BigInt) };
}

/** Payments among `externalIds` with money not yet allocated to any invoice. */
export async function unallocatedPayments(tx: Sql, externalIds: readonly string[]): Promise<UnallocatedPayment[]> {
  if (externalIds.length === 0) return [];
  return tx<UnallocatedPayment[]>`
    SELECT p.id, p.external_id, c.external_id AS customer_external_id, p.customer_id, p.currency,
           p.amount_minor - coalesce(a.allocated, 0) AS unallocated_minor, p.reference, p.invoice_number,
           p.received_date::text AS received_date
    FROM payments p
    -- LATERAL … OFFSET 0: one probe per payment, not a merge join over every customer.
    CROSS JOIN LATERAL (SELECT external_id FROM customers WHERE id = p.customer_id OFFSET 0) c
    LEFT JOIN LATERAL (SELECT sum(amount_minor)::int8 AS allocated FROM payment_allocations WHERE payment_id = p.id) a ON true
    WHERE p.external_id = ANY(${externalIds as string[]}::text[])
      AND p.amount_minor > coalesce(a.allocated, 0)`;
}

/**
 * Invoices a batch of payments might settle, with what each still owes: those named by number (given or
 * written in the reference) and the open ones whose remaining amount equals a payment exactly. Remaining amounts
 * come from invoice_settlements (amount − allocations − credit notes, kept by triggers), so neither part scans a
 * payer's invoices: each is one index probe per distinct (payer, number) or (payer, currency, amount).
 * An invoice whose remaining amount is drawn down to a payment's amount earlier in the same batch is already a
 * candidate of that payer (the earlier payment settled it), so exact equality loses no match. (Before, every invoice
 * of the payer owing at least the amount was a candidate, so the reference rule could also see one written in a
 * reference in a way referenceTokens does not split out, e.g. "ref#INV-7"; now it sees the tokens' invoices only.)
 */
interface CandidateRow {
  id: bigint; customer_id: bigint; number: string; currency: string; remaining: bigint;
  amount_minor: bigint; issue_date: string; discount_bp: number | null; discount_days: number | null; discount_open: boolean;
}

function discountCandidate(r: CandidateRow): DiscountCandidate | null {
  if (r.discount_bp === null || r.discount_days === null) return null;
  return {
    discountMinor: discountMinor(BigInt(r.amount_minor), r.discount_bp), endsOn: discountEndsOn(r.issue_date, r.discount_days),
    bp: r.discount_bp, days: r.discount_days, open: r.discount_open,
  };
}

export async function matchCandidates(
  tx: Sql,
  wanted: readonly CandidateQuery[],
): Promise<Map<bigint, (MatchCandidate & { customerId: bigint })[]>> {
  const named = new Map<string, readonly [string, string]>();
  for (const w of wanted) {
    const customer = w.customerId.toString();
    for (const n of w.numbers) {
      const num = n.toUpperCase();
      named.set(`${customer} ${num}`, [customer, num]);
    }
  }
  // A payment naming its invoice is matched by that number only, so only the others need same-amount candidates.
  const amounts = new Map<string, readonly [string, string, string]>();
  const discounted = new Map<string, readonly [string, string, string, string]>();
  for (const w of wanted) {
    if (w.hasInvoiceNumber) continue;
    const key = [w.customerId.toString(), w.currency, w.amount.toString()] as const;
    amounts.set(key.join(' '), key);
    if (w.receivedDate) {
      const k = [...key, w.receivedDate] as const;
      discounted.set(k.join(' '), k);
    }
  }
  const byDiscount = [...discounted.values()];
  const byNumber = [...named.values()];
  const byAmount = [...amounts.values()];
  const rows = await tx<CandidateRow[]>`
    WITH named AS (
      -- LATERAL … OFFSET 0: one index probe per key, never a join over the whole table.
      SELECT x.id
      FROM unnest(${byNumber.map((x) => x[0])}::text[]::int8[], ${byNumber.map((x) => x[1])}::text[]) AS w(customer_id, num)
      CROSS JOIN LATERAL (
        SELECT i.id FROM invoices i WHERE upper(i.number) = w.num AND i.customer_id = w.customer_id OFFSET 0
      ) x
    ), same_amount AS (
      SELECT x.id
      FROM unnest(${byAmount.map((x) => x[0])}::text[]::int8[], ${byAmount.map((x) => x[1])}::text[]::bpchar[],
                  ${byAmount.map((x) => x[2])}::text[]::int8[]) AS w(customer_id, currency, amount)
      CROSS JOIN LATERAL (
        SELECT s.invoice_id AS id FROM invoice_settlements s
        WHERE s.customer_id = w.customer_id AND s.currency = w.currency
          AND s.amount_minor - s.applied_minor = w.amount AND s.amount_minor > s.applied_minor
        OFFSET 0
      ) x
    ), same_discounted AS (
      -- The open invoices whose early-payment discounted amount (remaining − discount, migration 026) equals the
      -- payment, within their window. Only payers with discount terms (their own, or on one of their invoices) are
      -- looked at; for those it is a range over the payer's invoices owing more than the payment.
      SELECT x.id
      FROM unnest(${byDiscount.map((x) => x[0])}::text[]::int8[], ${byDiscount.map((x) => x[1])}::text[]::bpchar[],
                  ${byDiscount.map((x) => x[2])}::text[]::int8[], ${byDiscount.map((x) => x[3])}::text[]::date[])
             AS w(customer_id, currency, amount, received)
      JOIN customers c ON c.id = w.customer_id
      CROSS JOIN LATERAL (
        SELECT s.invoice_id AS id
        FROM invoice_settlements s JOIN invoices i ON i.id = s.invoice_id
        CROSS JOIN LATERAL (SELECT CASE WHEN i.payment_terms IS NOT NULL THEN i.payment_discount_bp ELSE c.payment_discount_bp END AS bp,
                                   CASE WHEN i.payment_terms IS NOT NULL THEN i.payment_discount_days ELSE c.payment_discount_days END AS days) t
        WHERE s.customer_id = w.customer_id AND s.currency = w.currency AND s.amount_minor - s.applied_minor > w.amount
          AND t.bp IS NOT NULL AND w.received <= i.issue_date + t.days
          AND s.amount_minor - s.applied_minor - early_payment_discount_minor(s.amount_minor, t.bp) = w.amount
        OFFSET 0
      ) x
      WHERE c.payment_discount_bp IS NOT NULL
         OR EXISTS (SELECT 1 FROM invoices d WHERE d.customer_id = c.id AND d.payment_discount_bp IS NOT NULL)
    ), ids AS (SELECT id FROM named UNION SELECT id FROM same_amount UNION SELECT id FROM same_discounted)
    SELECT x.*
    FROM ids CROSS JOIN LATERAL (
      SELECT i.id, i.customer_id, i.number, i.currency, (s.amount_minor - s.applied_minor)::int8 AS remaining,
             i.amount_minor, i.issue_date::text AS issue_date, t.bp AS discount_bp, t.days AS discount_days,
             -- Closed once granted, or once cash received after the window was allocated (migration 026).
             (t.bp IS NOT NULL AND NOT EXISTS (SELECT 1 FROM discount_allocations d WHERE d.invoice_id = i.id)
              AND NOT EXISTS (SELECT 1 FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                              WHERE a.invoice_id = i.id AND p.received_date > i.issue_date + t.days)) AS discount_open
      FROM invoices i JOIN invoice_settlements s ON s.invoice_id = i.id
      LEFT JOIN LATERAL early_payment_terms(i.id) t ON true
      WHERE i.id = ids.id
      OFFSET 0
    ) x`;
  const out = new Map<bigint, (MatchCandidate & { customerId: bigint })[]>();
  for (const r of rows) {
    const list = out.get(r.customer_id) ?? [];
    list.push({ invoiceId: r.id, customerId: r.customer_id, number: r.number, currency: r.currency, remaining: r.remaining,
      discount: discountCandidate(r) });
    out.set(r.customer_id, list);
  }
  return out;
}

export async function insertAllocations(tx: Sql, allocations: readonly Allocation[], ctx: ImportContext): Promise<void> {
  if (allocations.length === 0) return;
  await tx`
    WITH input AS (
      SELECT * FROM unnest(${col(allocations, (a) => a.paymentId.toString())}::text[]::int8[],
                           ${col(allocations, (a) => a.invoiceId.toString())}::text[]::int8[],
                           ${col(allocations, (a) => a.amount.toString())}::text[]::int8[],
                           ${col(allocations, (a) => a.rule)}::text[]) AS t(payment_id, invoice_id, amount_minor, matched_by)
    ), ins AS (
      -- A payment re-imported higher after an allocation was released (or its discount withdrawn) may match the same
      -- invoice again: its new money adds to the allocation it has there (one row per payment and invoice), instead
      -- of being dropped while a discount counted on it is written.
      INSERT INTO payment_allocations AS x (payment_id, invoice_id, amount_minor, matched_by)
      SELECT * FROM input
      ON CONFLICT (payment_id, invoice_id) DO UPDATE SET amount_minor = x.amount_minor + excluded.amount_minor
      RETURNING x.payment_id, x.invoice_id
    )
    INSERT INTO audit_log (actor, action, entity, entity_id, details)
    SELECT ${ctx.actor}, 'payment.allocated', 'payment', i.payment_id,
           jsonb_build_object('invoice_id', i.invoice_id, 'amount_minor', i.amount_minor, 'matched_by', i.matched_by,
                              'import_run', ${ctx.runId.toString()}::int8)
    FROM ins JOIN input i ON i.payment_id = ins.payment_id AND i.invoice_id = ins.invoice_id`;
  await insertDiscounts(tx, allocations.filter((a) => a.discount !== undefined), ctx);
}

/**
 * The early-payment discounts of these allocations (each riding on its payment's allocation to the invoice, already
 * there), audited `payment.discount_allocated`, and `payment.discount_regranted` where it restores a withdrawn one.
 * The matcher's first grant and the re-grant of a withdrawn discount (discount-releases.ts) both write through here.
 */
export async function insertDiscounts(tx: Sql, discounts: readonly Allocation[], ctx: ImportContext): Promise<void> {
  if (discounts.length === 0) return;
  // Migration 026 checks each against the invoice's terms (amount, window) and, at commit, that it settles the invoice.
  const granted = await tx<{ id: bigint; payment_id: bigint; invoice_id: bigint; amount_minor: bigint }[]>`
    WITH ins AS (
      INSERT INTO discount_allocations (payment_id, invoice_id, amount_minor, discount_bp, discount_days)
      SELECT t.* FROM unnest(${col(discounts, (a) => a.paymentId.toString())}::text[]::int8[],
                             ${col(discounts, (a) => a.invoiceId.toString())}::text[]::int8[],
                             ${col(discounts, (a) => a.discount!.amount.toString())}::text[]::int8[],
                             ${col(discounts, (a) => String(a.discount!.bp))}::text[]::int4[],
                             ${col(discounts, (a) => String(a.discount!.days))}::text[]::int4[]) AS t(payment_id, invoice_id, amount_minor, bp, days)
      -- The allocation it rides on exists (inserted above, or already there).
      WHERE EXISTS (SELECT 1 FROM payment_allocations a WHERE a.payment_id = t.payment_id AND a.invoice_id = t.invoice_id)
      ON CONFLICT (invoice_id) DO NOTHING
      RETURNING id, payment_id, invoice_id, amount_minor, discount_bp
    )
    , audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT ${ctx.actor}, 'payment.discount_allocated', 'invoice', invoice_id,
             jsonb_build_object('payment_id', payment_id, 'amount_minor', amount_minor, 'discount_bp', discount_bp,
                                'import_run', ${ctx.runId.toString()}::int8)
      FROM ins
    )
    SELECT id, payment_id, invoice_id, amount_minor FROM ins`;
  if (granted.length > 0) await auditRegranted(tx, granted, ctx);
}

/**
 * A discount granted on an invoice whose discount an import withdrew earlier (audit `payment.discount_released`,
 * discount-releases.ts) is a re-grant: said so in an audit row of its own, after its `payment.discount_allocated`,
 * whether the matcher granted it (a payment raised again) or the re-grant did (an invoice or payment changed back).
 */
async function auditRegranted(tx: Sql, granted: readonly { id: bigint; payment_id: bigint; invoice_id: bigint; amount_minor: bigint }[], ctx: ImportContext): Promise<void> {
  await tx`
    INSERT INTO audit_log (actor, action, entity, entity_id, details)
    SELECT ${ctx.actor}, 'payment.discount_regranted', 'invoice', g.invoice_id,
           jsonb_build_object('discount_id', g.id, 'payment_id', g.payment_id, 'amount_minor', g.amount_minor,
                              'import_run', ${ctx.runId.toString()}::int8)
    FROM unnest(${col(granted, (g) => String(g.id))}::int8[], ${col(granted, (g) => String(g.payment_id))}::int8[],
                ${col(granted, (g) => String(g.invoice_id))}::int8[], ${col(granted, (g) => String(g.amount_minor))}::int8[])
         AS g(id, payment_id, invoice_id, amount_minor)
    WHERE EXISTS (SELECT 1 FROM audit_log l WHERE l.entity = 'invoice' AND l.entity_id = g.invoice_id AND l.action = 'payment.discount_released')
    ORDER BY g.id`;
}
