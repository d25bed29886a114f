import type { CustomerRow } from '../../src/domain/import/ledger-rows.js';
import type { BatchOutcome, ImportContext, Positioned, RowReject } from '../../src/ports/ledger-import.js';
import { auditedCounts, col, lastWins } from './batch.js';
import type { Sql } from './connect.js';
import { ownerIdsByEmail } from './owners.js';

export async function upsertCustomers(tx: Sql, batch: readonly Positioned<CustomerRow>[], ctx: ImportContext): Promise<BatchOutcome> {
  const unique = lastWins(batch, (r) => r.external_id);
  const owners = await ownerIdsByEmail(
    tx,
    unique.flatMap((r) => [r.row.sales_owner_email, r.row.delivery_owner_email]).filter((e): e is string => e !== null),
  );
  const rejected: RowReject[] = [];
  const rows = unique.filter((r) => {
    for (const column of ['sales_owner_email', 'delivery_owner_email'] as const) {
      const e = r.row[column];
      if (e !== null && !owners.has(e)) {
        rejected.push({ pos: r.pos, column, reason: `no owner with email ${e}; import owners first (--owners)` });
        return false;
      }
    }
    return true;
  });
  const [res] = await tx<{ inserted: number; updated: number }[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col(rows, (r) => r.row.external_id)}::text[], ${col(rows, (r) => r.row.name)}::text[],
        ${col(rows, (r) => r.row.segment)}::text[], ${col(rows, (r) => String(r.row.strategic))}::text[]::bool[],
        ${col(rows, (r) => r.row.timezone ?? ctx.defaultTimezone)}::text[],
        ${col(rows, (r) => r.row.billing_email.join(';'))}::text[],
        ${col(rows, (r) => r.row.escalation_email)}::text[],
        ${col(rows, (r) => (r.row.sales_owner_email ? owners.get(r.row.sales_owner_email)!.toString() : null))}::text[]::int8[],
        ${col(rows, (r) => (r.row.delivery_owner_email ? owners.get(r.row.delivery_owner_email)!.toString() : null))}::text[]::int8[],
        ${col(rows, (r) => r.row.locale)}::text[]
      ) AS t(external_id, name, segment, strategic, timezone, billing, escalation_email, sales_owner_id, delivery_owner_id, locale)
    ), up AS (
      INSERT INTO customers AS c (external_id, name, segment, strategic, timezone, billing_emails, escalation_email,
                                  sales_owner_id, delivery_owner_id, locale)
      SELECT external_id, name, segment, strategic, timezone, string_to_array(billing, ';'), escalation_email,
             sales_owner_id, delivery_owner_id, locale
      FROM input
      ON CONFLICT (external_id) DO UPDATE SET
        name = excluded.name, segment = excluded.segment, strategic = excluded.strategic, timezone = excluded.timezone,
        billing_emails = excluded.billing_emails, escalation_email = excluded.escalation_email,
        sales_owner_id = excluded.sales_owner_id, delivery_owner_id = excluded.delivery_owner_id,
        locale = excluded.locale, updated_at = now()
      WHERE (c.name, c.segment, c.strategic, c.timezone, c.billing_emails, c.escalation_email, c.sales_owner_id,
             c.delivery_owner_id, c.locale)
        IS DISTINCT FROM (excluded.name, excluded.segment, excluded.strategic, excluded.timezone, excluded.billing_emails,
             excluded.escalation_email, excluded.sales_owner_id, excluded.delivery_owner_id, excluded.locale)
      RETURNING c.id, c.external_id AS key, (xmax = 0) AS inserted
    )
    ${auditedCounts(tx, 'customer', 'external_id', ctx)}`;
  return { inserted: res!.inserted, updated: res!.updated, rejected, unmatched: [] };
}

/** Customer ids by external id, for the given ids. */
export async function customerIdsByExternalId(tx: Sql, ids: readonly string[]): Promise<Map<string, bigint>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx<{ id: bigint; external_id: string }[]>`
    SELECT id, external_id FROM customers WHERE external_id = ANY(${unique}::text[])`;
  return new Map(rows.map((r) => [r.external_id, r.id]));
}
