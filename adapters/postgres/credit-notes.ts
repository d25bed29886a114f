import { fitCreditNotes } from '../../src/domain/credit-note-fit.js';
import type { CreditNoteRow } from '../../src/domain/import/ledger-rows.js';
import type { BatchOutcome, ImportContext, Positioned, RowReject } from '../../src/ports/ledger-import.js';
import { auditedCounts, col, lastWins, minor } from './batch.js';
import type { Sql } from './connect.js';
import { invoicesByExternalId } from './invoices.js';

/**
 * Credit notes in their invoice's currency and within what it still owes are stored; the others are refused with
 * the amounts (a credit note cannot be released, so nothing else gives way). The caller holds the allocation lock,
 * so what an invoice owes cannot change under the check.
 */
export async function upsertCreditNotes(tx: Sql, batch: readonly Positioned<CreditNoteRow>[], ctx: ImportContext): Promise<BatchOutcome> {
  const unique = lastWins(batch, (r) => r.external_id);
  const invoices = await invoicesByExternalId(tx, unique.map((r) => r.row.invoice_external_id));
  const rejected: RowReject[] = [];
  const matched = unique.flatMap((r) => {
    const inv = invoices.get(r.row.invoice_external_id);
    if (!inv) {
      rejected.push({ pos: r.pos, column: 'invoice_external_id', reason: `no invoice "${r.row.invoice_external_id}"; import it first (--invoices)` });
      return [];
    }
    if (inv.currency !== r.row.currency) {
      rejected.push({ pos: r.pos, column: 'currency', reason: `is ${r.row.currency} but invoice ${r.row.invoice_external_id} is in ${inv.currency}` });
      return [];
    }
    return [{ ...r, invoiceId: inv.id }];
  });
  const rows = await fitting(tx, matched, rejected);
  const [res] = await tx<{ inserted: number; updated: number }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col(rows, (r) => r.row.external_id)}::text[], ${col(rows, (r) => r.row.number)}::text[],
        ${col(rows, (r) => r.invoiceId.toString())}::text[]::int8[], ${col(rows, (r) => r.row.issued_date)}::text[]::date[],
        ${col(rows, (r) => r.row.currency)}::text[], ${col(rows, (r) => minor(r.row.amount_minor))}::text[]::int8[],
        ${col(rows, (r) => r.row.reason)}::text[]
      ) AS t(external_id, number, invoice_id, issued_date, currency, amount_minor, reason)
    ), up AS (
      INSERT INTO credit_notes AS n (external_id, number, invoice_id, issued_date, currency, amount_minor, reason)
      SELECT * FROM input
      ON CONFLICT (external_id) DO UPDATE SET
        number = excluded.number, invoice_id = excluded.invoice_id, issued_date = excluded.issued_date,
        currency = excluded.currency, amount_minor = excluded.amount_minor, reason = excluded.reason
      WHERE (n.number, n.invoice_id, n.issued_date, n.currency, n.amount_minor, n.reason)
        IS DISTINCT FROM (excluded.number, excluded.invoice_id, excluded.issued_date, excluded.currency,
                          excluded.amount_minor, excluded.reason)
      RETURNING n.id, n.external_id AS key, (xmax = 0) AS inserted
    )
    ${auditedCounts(tx, 'credit_note', 'external_id', ctx)}`;
  return { inserted: res!.inserted, updated: res!.updated, rejected, unmatched: [] };
}

/** Keeps the rows whose amount fits what their invoice still owes, in batch order; refuses the others. */
async function fitting<T extends Positioned<CreditNoteRow> & { invoiceId: bigint }>(tx: Sql, rows: readonly T[], rejected: RowReject[]): Promise<T[]> {
  if (rows.length === 0) return [];
  const current = new Map((await tx<{ external_id: string; invoice_id: bigint; amount_minor: bigint }[]>`
    SELECT external_id, invoice_id, amount_minor FROM credit_notes WHERE external_id = ANY(${col(rows, (r) => r.row.external_id)}::text[])`)
    .map((c) => [c.external_id, { invoiceId: c.invoice_id, amount: c.amount_minor }]));
  const ids = new Set([...rows.map((r) => r.invoiceId.toString()), ...[...current.values()].map((c) => c.invoiceId.toString())]);
  const invoices = await tx<{ invoice_id: bigint; number: string; owing: bigint }[]>`
    SELECT s.invoice_id, i.number, (s.amount_minor - s.applied_minor)::int8 AS owing
    FROM invoice_settlements s JOIN invoices i ON i.id = s.invoice_id
    WHERE s.invoice_id = ANY(${[...ids]}::text[]::int8[])`;
  const numbers = new Map(invoices.map((i) => [i.invoice_id, i.number]));
  const fits = fitCreditNotes(rows.map((r) => ({
    key: r.row.external_id, invoiceId: r.invoiceId, invoiceNumber: numbers.get(r.invoiceId) ?? r.row.invoice_external_id,
    currency: r.row.currency, amount: r.row.amount_minor, current: current.get(r.row.external_id) ?? null,
  })), new Map(invoices.map((i) => [i.invoice_id, i.owing])));
  return rows.filter((r, k) => {
    const fit = fits[k]!;
    if (!fit.ok) rejected.push({ pos: r.pos, column: 'amount', reason: fit.reason });
    return fit.ok;
  });
}
