import type { InvoiceRow } from '../../src/domain/import/ledger-rows.js';
import type { BatchOutcome, ImportContext, Positioned, RowReject } from '../../src/ports/ledger-import.js';
import { auditedCounts, col, lastWins, minor, resolveRefs } from './batch.js';
import type { Sql } from './connect.js';
import { customerIdsByExternalId } from './customers.js';

export async function upsertInvoices(tx: Sql, batch: readonly Positioned<InvoiceRow>[], ctx: ImportContext): Promise<BatchOutcome> {
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

  const [res] = await tx<{ inserted: number; updated: number }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col(rows, (r) => r.row.external_id)}::text[], ${col(rows, (r) => r.row.number)}::text[],
        ${col(rows, (r) => r.id!.toString())}::text[]::int8[], ${col(rows, (r) => r.row.issue_date)}::text[]::date[],
        ${col(rows, (r) => r.row.due_date)}::text[]::date[], ${col(rows, (r) => r.row.currency)}::text[],
        ${col(rows, (r) => minor(r.row.amount_minor))}::text[]::int8[], ${col(rows, (r) => r.row.po_number)}::text[],
        ${col(rows, (r) => r.row.client_reference)}::text[], ${col(rows, (r) => r.row.proof_url)}::text[],
        ${col(rows, (r) => r.row.pay_url)}::text[]
      ) AS t(external_id, number, customer_id, issue_date, due_date, currency, amount_minor, po_number,
             client_reference, proof_url, pay_url)
    ), up AS (
      INSERT INTO invoices AS i (external_id, number, customer_id, issue_date, due_date, currency, amount_minor,
                                 po_number, client_reference, proof_url, pay_url)
      SELECT * FROM input
      ON CONFLICT (external_id) DO UPDATE SET
        number = excluded.number, customer_id = excluded.customer_id, issue_date = excluded.issue_date,
        due_date = excluded.due_date, currency = excluded.currency, amount_minor = excluded.amount_minor,
        po_number = excluded.po_number, client_reference = excluded.client_reference,
        proof_url = excluded.proof_url, pay_url = excluded.pay_url, updated_at = now()
      WHERE (i.number, i.customer_id, i.issue_date, i.due_date, i.currency, i.amount_minor, i.po_number,
             i.client_reference, i.proof_url, i.pay_url)
        IS DISTINCT FROM (excluded.number, excluded.customer_id, excluded.issue_date, excluded.due_date,
             excluded.currency, excluded.amount_minor, excluded.po_number, excluded.client_reference,
             excluded.proof_url, excluded.pay_url)
      RETURNING i.id, i.external_id AS key, (xmax = 0) AS inserted
    )
    ${auditedCounts(tx, 'invoice', 'external_id', ctx)}`;
  return { inserted: res!.inserted, updated: res!.updated, rejected, unmatched: [] };
}

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
