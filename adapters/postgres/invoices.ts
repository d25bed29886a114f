import { z } from 'zod';
import { formatGroupedAmount } from '../../src/domain/grouped-amount.js';
import type { InvoiceRow } from '../../src/domain/import/ledger-rows.js';
import type { BatchOutcome, ImportContext, Positioned, RowReject } from '../../src/ports/ledger-import.js';
import { auditedCounts, col, lastWins, minor, resolveRefs } from './batch.js';
import type { Sql } from './connect.js';
import { customerIdsByExternalId } from './customers.js';

/**
 * Inserts and updates invoices. An update that would leave credit notes beyond the invoice (its new amount below
 * them, or its currency no longer theirs) is refused with the amounts: a credit note cannot be released. Other
 * updates go through even when payments no longer fit (amount lowered, customer or currency changed): the caller
 * releases those allocations in the same transaction (`updatedIds`), before migration 011's checks at commit.
 */
export async function upsertInvoices(
  tx: Sql,
  batch: readonly Positioned<InvoiceRow>[],
  ctx: ImportContext,
): Promise<BatchOutcome & { updatedIds: bigint[] }> {
  const unique = lastWins(batch, (r) => r.external_id);
  const customers = await customerIdsByExternalId(tx, unique.map((r) => r.row.customer_external_id));
  const resolved = resolveRefs(unique, (r) => r.customer_external_id, customers, 'customer_external_id',
    (v) => `no customer "${v}"; import it first (--customers) or in the same run`);
  const rejected: RowReject[] = [...resolved.rejected];

  // An invoice number belongs to one invoice: refuse a row that would take another invoice's number.
  const taken = new Map(
    (await tx<{ number: string; external_id: string }[]>`
      SELECT number, external_id FROM invoices WHERE number = ANY(${resolved.ok.map((r) => r.row.number)}::text[])`)
      .map((r) => [r.number, r.external_id]),
  );
  const rows = resolved.ok.filter((r) => {
    const owner = taken.get(r.row.number);
    if (owner !== undefined && owner !== r.row.external_id) {
      rejected.push({ pos: r.pos, column: 'number', reason: `invoice number ${r.row.number} already belongs to invoice ${owner}` });
      return false;
    }
    taken.set(r.row.number, r.row.external_id);
    return true;
  });

  // Rows without a payment_terms column keep the stored terms (ledger-rows.ts keptWhenAbsent): an ERP export in the
  // older format must not withdraw an invoice's discount terms. A whole batch without it (a CSV file without the
  // column) keeps them in SQL; a mixed batch (JSON items) reads the stored terms of the rows without it first.
  const withoutTerms = rows.filter((r) => r.row.absent_columns?.includes('payment_terms'));
  const keepAll = withoutTerms.length > 0 && withoutTerms.length === rows.length;
  const stored = keepAll || withoutTerms.length === 0 ? new Map<string, StoredTerms>() : await storedTerms(tx, withoutTerms.map((r) => r.row.external_id));
  const terms = (r: Positioned<InvoiceRow>): StoredTerms => {
    if (r.row.absent_columns?.includes('payment_terms')) return stored.get(r.row.external_id) ?? noTerms;
    const t = r.row.payment_terms;
    return { text: t?.text ?? null, net: t ? String(t.netDays) : null, bp: t?.discount ? String(t.discount.bp) : null, days: t?.discount ? String(t.discount.days) : null };
  };
  const termsSet = keepAll
    ? tx`payment_terms = i.payment_terms`
    : tx`payment_terms = excluded.payment_terms, payment_net_days = excluded.payment_net_days,
         payment_discount_bp = excluded.payment_discount_bp, payment_discount_days = excluded.payment_discount_days`;
  const termsNow = keepAll ? tx`i.payment_terms` : tx`excluded.payment_terms`;

  const [res] = await tx<{ inserted: number; updated: number; updated_ids: string[]; refused: unknown }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col(rows, (r) => r.row.external_id)}::text[], ${col(rows, (r) => r.row.number)}::text[],
        ${col(rows, (r) => r.id!.toString())}::text[]::int8[], ${col(rows, (r) => r.row.issue_date)}::text[]::date[],
        ${col(rows, (r) => r.row.due_date)}::text[]::date[], ${col(rows, (r) => r.row.currency)}::text[],
        ${col(rows, (r) => minor(r.row.amount_minor))}::text[]::int8[], ${col(rows, (r) => r.row.po_number)}::text[],
        ${col(rows, (r) => r.row.client_reference)}::text[], ${col(rows, (r) => r.row.proof_url)}::text[],
        ${col(rows, (r) => r.row.pay_url)}::text[],
        ${col(rows, (r) => terms(r).text)}::text[],
        ${col(rows, (r) => terms(r).net)}::text[]::int4[],
        ${col(rows, (r) => terms(r).bp)}::text[]::int4[],
        ${col(rows, (r) => terms(r).days)}::text[]::int4[]
      ) AS t(external_id, number, customer_id, issue_date, due_date, currency, amount_minor, po_number,
             client_reference, proof_url, pay_url, payment_terms, payment_net_days, payment_discount_bp, payment_discount_days)
    ), up AS (
      INSERT INTO invoices AS i (external_id, number, customer_id, issue_date, due_date, currency, amount_minor,
                                 po_number, client_reference, proof_url, pay_url, payment_terms, payment_net_days,
                                 payment_discount_bp, payment_discount_days)
      SELECT * FROM input
      ON CONFLICT (external_id) DO UPDATE SET
        number = excluded.number, customer_id = excluded.customer_id, issue_date = excluded.issue_date,
        due_date = excluded.due_date, currency = excluded.currency, amount_minor = excluded.amount_minor,
        po_number = excluded.po_number, client_reference = excluded.client_reference,
        proof_url = excluded.proof_url, pay_url = excluded.pay_url, ${termsSet}, updated_at = now()
      WHERE (i.number, i.customer_id, i.issue_date, i.due_date, i.currency, i.amount_minor, i.po_number,
             i.client_reference, i.proof_url, i.pay_url, i.payment_terms)
        IS DISTINCT FROM (excluded.number, excluded.customer_id, excluded.issue_date, excluded.due_date,
             excluded.currency, excluded.amount_minor, excluded.po_number, excluded.client_reference,
             excluded.proof_url, excluded.pay_url, ${termsNow})
        -- Credit notes stay within the invoice and in its currency (evaluated for changed existing rows only).
        AND NOT EXISTS (SELECT 1 FROM credit_notes n WHERE n.invoice_id = i.id AND n.currency <> excluded.currency)
        AND excluded.amount_minor >= (SELECT coalesce(sum(n.amount_minor), 0) FROM credit_notes n WHERE n.invoice_id = i.id)
      RETURNING i.id, i.external_id AS key, (xmax = 0) AS inserted
    ), refused AS (
      -- Rows neither inserted nor updated are unchanged, or refused by the credit-note guard above: find the latter.
      -- (OFFSET 0: a fresh import returns every row from up, and then no invoice is probed here.)
      SELECT t.external_id, t.currency, t.amount_minor::text AS amount_minor, x.number, c.credited::text AS credited, c.currencies
      FROM (SELECT * FROM input WHERE external_id NOT IN (SELECT key FROM up) OFFSET 0) t
      CROSS JOIN LATERAL (SELECT v.id, v.number FROM invoices v WHERE v.external_id = t.external_id OFFSET 0) x
      CROSS JOIN LATERAL (
        SELECT coalesce(sum(n.amount_minor), 0)::int8 AS credited, array_agg(DISTINCT n.currency::text) AS currencies
        FROM credit_notes n WHERE n.invoice_id = x.id
      ) c
      WHERE c.credited > t.amount_minor OR c.currencies <> ARRAY[t.currency]
    )
    ${auditedCounts(tx, 'invoice', 'external_id', ctx, tx`(SELECT coalesce(json_agg(r), '[]') FROM refused r) AS refused`)}`;
  const posOf = new Map(rows.map((r) => [r.row.external_id, r.pos]));
  for (const r of z.array(refusedRow).parse(res!.refused)) {
    const [credited, amount] = [BigInt(r.credited), BigInt(r.amount_minor)];
    const other = r.currencies.filter((c) => c !== r.currency);
    rejected.push(other.length > 0
      ? { pos: posOf.get(r.external_id)!, column: 'currency', reason: `invoice ${r.number} has credit notes in ${other.join(', ')}; ` +
          `a credit note cannot be released, so its currency cannot change to ${r.currency}` }
      : { pos: posOf.get(r.external_id)!, column: 'amount', reason: `${formatGroupedAmount(amount, r.currency)} is less than the credit notes ` +
          `on invoice ${r.number} (${formatGroupedAmount(credited, r.currency)}); a credit note cannot be released` });
  }
  return { inserted: res!.inserted, updated: res!.updated, rejected, unmatched: [], updatedIds: res!.updated_ids.map(BigInt) };
}

// Amounts come as text: a JSON number would go through a float.
const digits = z.string().regex(/^\d+$/);
const refusedRow = z.object({
  external_id: z.string(), currency: z.string(), amount_minor: digits, number: z.string(), credited: digits, currencies: z.array(z.string()),
});

/** Invoice ids and currencies by external id, for the given ids. */
export async function invoicesByExternalId(
  tx: Sql,
  ids: readonly string[],
): Promise<Map<string, { id: bigint; currency: string }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx<{ id: bigint; external_id: string; currency: string }[]>`
    SELECT id, external_id, currency FROM invoices WHERE external_id = ANY(${unique}::text[])`;
  return new Map(rows.map((r) => [r.external_id, { id: r.id, currency: r.currency }]));
}

interface StoredTerms {
  readonly text: string | null;
  readonly net: string | null;
  readonly bp: string | null;
  readonly days: string | null;
}
const noTerms: StoredTerms = { text: null, net: null, bp: null, days: null };

/** The stored payment terms of invoices by external id (rows of a mixed batch that did not carry the column). */
async function storedTerms(tx: Sql, externalIds: readonly string[]): Promise<Map<string, StoredTerms>> {
  const rows = await tx<{ external_id: string; text: string | null; net: number | null; bp: number | null; days: number | null }[]>`
    SELECT external_id, payment_terms AS text, payment_net_days AS net, payment_discount_bp AS bp, payment_discount_days AS days
    FROM invoices WHERE external_id = ANY(${externalIds as string[]}::text[])`;
  const s = (v: number | null) => (v === null ? null : String(v));
  return new Map(rows.map((r) => [r.external_id, { text: r.text, net: s(r.net), bp: s(r.bp), days: s(r.days) }]));
}
