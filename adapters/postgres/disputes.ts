import type { DisputeRow } from '../../src/domain/import/ledger-rows.js';
import type { BatchOutcome, ImportContext, Positioned, RowReject } from '../../src/ports/ledger-import.js';
import { auditedCounts, col, lastWins } from './batch.js';
import type { Sql } from './connect.js';
import { invoicesByExternalId } from './invoices.js';

/**
 * Upserts disputes by external id. Dates become the start of that day in the company's time zone,
 * so "opened on D" reads back as D in every report.
 */
export async function upsertDisputes(tx: Sql, batch: readonly Positioned<DisputeRow>[], ctx: ImportContext): Promise<BatchOutcome> {
  const unique = lastWins(batch, (r) => r.external_id);
  const invoices = await invoicesByExternalId(tx, unique.map((r) => r.row.invoice_external_id));
  const rejected: RowReject[] = [];
  const rows = unique.flatMap((r) => {
    const inv = invoices.get(r.row.invoice_external_id);
    if (inv) return [{ ...r, invoiceId: inv.id }];
    rejected.push({ pos: r.pos, column: 'invoice_external_id', reason: `no invoice "${r.row.invoice_external_id}"; import it first (--invoices)` });
    return [];
  });
  const source = ctx.actor.startsWith('api') ? 'api' : ctx.actor === 'demo' ? 'demo' : 'import';
  const [res] = await tx<{ inserted: number; updated: number }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col(rows, (r) => r.row.external_id)}::text[], ${col(rows, (r) => r.invoiceId.toString())}::text[]::int8[],
        ${col(rows, (r) => r.row.reason)}::text[], ${col(rows, (r) => r.row.status)}::text[],
        ${col(rows, (r) => r.row.opened_date)}::text[]::date[], ${col(rows, (r) => r.row.closed_date)}::text[]::date[]
      ) AS t(external_id, invoice_id, reason, status, opened_date, closed_date)
    ), up AS (
      INSERT INTO disputes AS d (external_id, invoice_id, reason, status, source, opened_at, closed_at)
      SELECT external_id, invoice_id, reason, status, ${source},
             opened_date::timestamp AT TIME ZONE ${ctx.defaultTimezone},
             closed_date::timestamp AT TIME ZONE ${ctx.defaultTimezone}
      FROM input
      ON CONFLICT (external_id) DO UPDATE SET
        invoice_id = excluded.invoice_id, reason = excluded.reason, status = excluded.status,
        opened_at = excluded.opened_at, closed_at = excluded.closed_at, updated_at = now()
      WHERE (d.invoice_id, d.reason, d.status, d.opened_at, d.closed_at)
        IS DISTINCT FROM (excluded.invoice_id, excluded.reason, excluded.status, excluded.opened_at, excluded.closed_at)
      RETURNING d.id, d.external_id AS key, (xmax = 0) AS inserted
    )
    ${auditedCounts(tx, 'dispute', 'external_id', ctx)}`;
  return { inserted: res!.inserted, updated: res!.updated, rejected, unmatched: [] };
}
