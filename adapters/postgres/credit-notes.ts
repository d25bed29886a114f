import type { CreditNoteRow } from '../../src/domain/import/ledger-rows.js';
import type { BatchOutcome, ImportContext, Positioned, RowReject } from '../../src/ports/ledger-import.js';
import { auditedCounts, col, lastWins, minor } from './batch.js';
import type { Sql } from './connect.js';
import { invoicesByExternalId } from './invoices.js';

export async function upsertCreditNotes(tx: Sql, batch: readonly Positioned<CreditNoteRow>[], ctx: ImportContext): Promise<BatchOutcome> {
  const unique = lastWins(batch, (r) => r.external_id);
  const invoices = await invoicesByExternalId(tx, unique.map((r) => r.row.invoice_external_id));
  const rejected: RowReject[] = [];
  const rows = unique.flatMap((r) => {
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
