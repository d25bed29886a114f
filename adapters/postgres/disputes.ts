import type { DisputeRow } from '../../src/domain/import/ledger-rows.js';
import type { BatchOutcome, ImportContext, Positioned, RowReject } from '../../src/ports/ledger-import.js';
import { auditedCounts, col, lastWins } from './batch.js';
import type { Sql } from './connect.js';
import { invoicesByExternalId } from './invoices.js';

/**
 * Upserts disputes by external id. The ERP owns what it sends, people own what they changed: a re-imported row
 * changes a field only when the ERP's value for it changed since the previous import (migration 014). Dates become
 * the start of that day in the company's time zone, so "opened on D" reads back as D in every report.
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
      INSERT INTO disputes AS d (external_id, invoice_id, reason, status, source, opened_at, closed_at,
                                 erp_invoice_id, erp_reason, erp_status, erp_opened_at, erp_closed_at, erp_seen)
      SELECT external_id, invoice_id, reason, status, ${source}, opened_at, closed_at,
             invoice_id, reason, status, opened_at, closed_at, true
      FROM (SELECT external_id, invoice_id, reason, status,
                   opened_date::timestamp AT TIME ZONE ${ctx.defaultTimezone} AS opened_at,
                   closed_date::timestamp AT TIME ZONE ${ctx.defaultTimezone} AS closed_at
            FROM input) AS x
      ON CONFLICT (external_id) DO UPDATE SET
        -- A field moves only when the ERP's own value moved since its last import of this row; otherwise what a
        -- person set in chat or on the dispute page stays (an identical re-import changes nothing).
        invoice_id = CASE WHEN d.erp_seen AND excluded.invoice_id IS NOT DISTINCT FROM d.erp_invoice_id THEN d.invoice_id ELSE excluded.invoice_id END,
        reason = CASE WHEN d.erp_seen AND excluded.reason IS NOT DISTINCT FROM d.erp_reason THEN d.reason ELSE excluded.reason END,
        opened_at = CASE WHEN d.erp_seen AND excluded.opened_at IS NOT DISTINCT FROM d.erp_opened_at THEN d.opened_at ELSE excluded.opened_at END,
        status = CASE WHEN d.erp_seen AND (excluded.status, excluded.closed_at) IS NOT DISTINCT FROM (d.erp_status, d.erp_closed_at)
                      THEN d.status ELSE excluded.status END,
        closed_at = CASE WHEN d.erp_seen AND (excluded.status, excluded.closed_at) IS NOT DISTINCT FROM (d.erp_status, d.erp_closed_at)
                         THEN d.closed_at ELSE excluded.closed_at END,
        erp_invoice_id = excluded.invoice_id, erp_reason = excluded.reason, erp_status = excluded.status,
        erp_opened_at = excluded.opened_at, erp_closed_at = excluded.closed_at, erp_seen = true,
        updated_at = now()
      WHERE NOT d.erp_seen
         OR (d.erp_invoice_id, d.erp_reason, d.erp_status, d.erp_opened_at, d.erp_closed_at)
            IS DISTINCT FROM (excluded.invoice_id, excluded.reason, excluded.status, excluded.opened_at, excluded.closed_at)
      RETURNING d.id, d.external_id AS key, (xmax = 0) AS inserted
    )
    ${auditedCounts(tx, 'dispute', 'external_id', ctx)}`;
  return { inserted: res!.inserted, updated: res!.updated, rejected, unmatched: [] };
}
