import type { CustomerRow } from '../../src/domain/import/ledger-rows.js';
import type { BatchOutcome, ImportContext, Positioned, RowReject } from '../../src/ports/ledger-import.js';
import { auditedCounts, col, lastWins } from './batch.js';
import type { Sql } from './connect.js';
import { ownerIdsByEmail } from './owners.js';
import { knownRuleNames } from './fee-rules.js';

export async function upsertCustomers(tx: Sql, batch: readonly Positioned<CustomerRow>[], ctx: ImportContext): Promise<BatchOutcome> {
  const unique = lastWins(batch, (r) => r.external_id);
  const owners = await ownerIdsByEmail(
    tx,
    unique.flatMap((r) => [r.row.sales_owner_email, r.row.delivery_owner_email]).filter((e): e is string => e !== null),
  );
  const rules = await knownRuleNames(tx);
  const rejected: RowReject[] = [];
  const rows = unique.filter((r) => {
    const rule = r.row.late_fee_rule;
    if (rule !== null && !rules.has(rule)) {
      rejected.push({ pos: r.pos, column: 'late_fee_rule', reason: `no rule "${rule}"; use ${[...rules].join(', ')}, or load it first (arbot fees rules load)` });
      return false;
    }
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
    WITH given AS (
      SELECT * FROM unnest(
        ${col(rows, (r) => r.row.external_id)}::text[], ${col(rows, (r) => r.row.name)}::text[],
        ${col(rows, (r) => r.row.segment)}::text[], ${col(rows, (r) => String(r.row.strategic))}::text[]::bool[],
        ${col(rows, (r) => r.row.timezone ?? ctx.defaultTimezone)}::text[],
        ${col(rows, (r) => r.row.billing_email.join(';'))}::text[],
        ${col(rows, (r) => r.row.escalation_email)}::text[],
        ${col(rows, (r) => (r.row.sales_owner_email ? owners.get(r.row.sales_owner_email)!.toString() : null))}::text[]::int8[],
        ${col(rows, (r) => (r.row.delivery_owner_email ? owners.get(r.row.delivery_owner_email)!.toString() : null))}::text[]::int8[],
        ${col(rows, (r) => r.row.locale)}::text[],
        ${col(rows, (r) => r.row.country)}::text[],
        ${col(rows, (r) => r.row.credit_limit_minor?.toString() ?? null)}::text[]::int8[],
        ${col(rows, (r) => r.row.credit_limit_currency)}::text[],
        ${col(rows, (r) => r.row.payment_terms?.text ?? null)}::text[],
        ${col(rows, (r) => r.row.payment_terms ? String(r.row.payment_terms.netDays) : null)}::text[]::int4[],
        ${col(rows, (r) => r.row.payment_terms?.discount ? String(r.row.payment_terms.discount.bp) : null)}::text[]::int4[],
        ${col(rows, (r) => r.row.payment_terms?.discount ? String(r.row.payment_terms.discount.days) : null)}::text[]::int4[],
        ${col(rows, (r) => r.row.late_fee_rule)}::text[],
        ${col(rows, (r) => (r.row.absent_columns ?? []).join(','))}::text[]
      ) AS t(external_id, name, segment, strategic, timezone, billing, escalation_email, sales_owner_id, delivery_owner_id, locale,
             country, credit_limit_minor, credit_limit_currency, payment_terms, payment_net_days, payment_discount_bp,
             payment_discount_days, late_fee_rule, absent)
    ), input AS (
      -- A policy column the row did not have keeps what is stored (ledger-rows.ts keptWhenAbsent); a new customer
      -- gets NULL for it, as for an empty cell.
      SELECT r.external_id, r.name, r.segment, r.strategic, r.timezone, r.billing, r.escalation_email, r.sales_owner_id,
             r.delivery_owner_id, r.locale,
             CASE WHEN 'country' = ANY(k.cols) THEN e.country ELSE r.country END AS country,
             CASE WHEN 'credit_limit' = ANY(k.cols) THEN e.credit_limit_minor ELSE r.credit_limit_minor END AS credit_limit_minor,
             CASE WHEN 'credit_limit' = ANY(k.cols) THEN e.credit_limit_currency::text ELSE r.credit_limit_currency END AS credit_limit_currency,
             CASE WHEN 'payment_terms' = ANY(k.cols) THEN e.payment_terms ELSE r.payment_terms END AS payment_terms,
             CASE WHEN 'payment_terms' = ANY(k.cols) THEN e.payment_net_days ELSE r.payment_net_days END AS payment_net_days,
             CASE WHEN 'payment_terms' = ANY(k.cols) THEN e.payment_discount_bp ELSE r.payment_discount_bp END AS payment_discount_bp,
             CASE WHEN 'payment_terms' = ANY(k.cols) THEN e.payment_discount_days ELSE r.payment_discount_days END AS payment_discount_days,
             CASE WHEN 'late_fee_rule' = ANY(k.cols) THEN e.late_fee_rule ELSE r.late_fee_rule END AS late_fee_rule
      FROM given r CROSS JOIN LATERAL (SELECT string_to_array(nullif(r.absent, ''), ',') AS cols) k
      LEFT JOIN customers e ON e.external_id = r.external_id
    ), up AS (
      INSERT INTO customers AS c (external_id, name, segment, strategic, timezone, billing_emails, escalation_email,
                                  sales_owner_id, delivery_owner_id, locale, country, credit_limit_minor,
                                  credit_limit_currency, payment_terms, payment_net_days, payment_discount_bp,
                                  payment_discount_days, late_fee_rule)
      SELECT external_id, name, segment, strategic, timezone, string_to_array(billing, ';'), escalation_email,
             sales_owner_id, delivery_owner_id, locale, country, credit_limit_minor, credit_limit_currency, payment_terms,
             payment_net_days, payment_discount_bp, payment_discount_days, late_fee_rule
      FROM input
      ON CONFLICT (external_id) DO UPDATE SET
        name = excluded.name, segment = excluded.segment, strategic = excluded.strategic, timezone = excluded.timezone,
        billing_emails = excluded.billing_emails, escalation_email = excluded.escalation_email,
        sales_owner_id = excluded.sales_owner_id, delivery_owner_id = excluded.delivery_owner_id,
        locale = excluded.locale, country = excluded.country, credit_limit_minor = excluded.credit_limit_minor,
        credit_limit_currency = excluded.credit_limit_currency, payment_terms = excluded.payment_terms,
        payment_net_days = excluded.payment_net_days, payment_discount_bp = excluded.payment_discount_bp,
        payment_discount_days = excluded.payment_discount_days, late_fee_rule = excluded.late_fee_rule, updated_at = now()
      WHERE (c.name, c.segment, c.strategic, c.timezone, c.billing_emails, c.escalation_email, c.sales_owner_id,
             c.delivery_owner_id, c.locale, c.country, c.credit_limit_minor, c.credit_limit_currency, c.payment_terms,
             c.payment_net_days, c.payment_discount_bp, c.payment_discount_days, c.late_fee_rule)
        IS DISTINCT FROM (excluded.name, excluded.segment, excluded.strategic, excluded.timezone, excluded.billing_emails,
             excluded.escalation_email, excluded.sales_owner_id, excluded.delivery_owner_id, excluded.locale,
             excluded.country, excluded.credit_limit_minor, excluded.credit_limit_currency, excluded.payment_terms,
             excluded.payment_net_days, excluded.payment_discount_bp, excluded.payment_discount_days, excluded.late_fee_rule)
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
