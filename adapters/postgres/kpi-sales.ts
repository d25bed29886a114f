import type { Sql } from './connect.js';
import { customerJoin, groupKey, scopeFilter, type KpiShape } from './kpi-scope.js';

export interface SalesRow {
  readonly grp: string;
  readonly currency: string;
  /** The issue date (by day) or the first day of the month (by month), YYYY-MM-DD. */
  readonly on: string;
  readonly sales: bigint;
}

/**
 * Sales of invoices issued in (after, through], summed per group, currency and issue day (or month). Windows
 * that are not whole months (90 days, the CEI window, the current month) are added up from these daily sums.
 */
export async function salesBy(
  sql: Sql, unit: 'day' | 'month', after: string, through: string, shape: KpiShape,
  only?: readonly { grp: string; currency: string }[],
): Promise<SalesRow[]> {
  const bucket = unit === 'day' ? sql`i.issue_date` : sql`date_trunc('month', i.issue_date)::date`;
  const just = only === undefined ? sql`` : sql`
    AND (${groupKey(sql, shape)}, i.currency::text) IN (
      SELECT * FROM unnest(${only.map((o) => o.grp)}::text[], ${only.map((o) => o.currency)}::text[]))`;
  return sql<SalesRow[]>`
    SELECT ${groupKey(sql, shape)} AS grp, i.currency, to_char(${bucket}, 'YYYY-MM-DD') AS on,
           sum(i.amount_minor)::int8 AS sales
    FROM invoices i ${customerJoin(sql, shape)}
    WHERE i.issue_date > ${after}::date AND i.issue_date <= ${through}::date ${scopeFilter(sql, shape)} ${just}
    GROUP BY 1, 2, ${bucket}`;
}

/**
 * Which of `only` (groups and currencies) have an invoice issued in (after, through]: "sales > 0", amounts
 * being positive. Each is one probe through invoices (customer_id, currency, issue_date) per customer.
 */
export async function groupsWithSales(
  sql: Sql, after: string, through: string, shape: KpiShape, only: readonly { grp: string; currency: string }[],
): Promise<Set<string>> {
  const customers = shape.groupBy === undefined && shape.scope.segment === undefined
    ? sql`(SELECT NULL::int8 AS id) c`
    : sql`customers c`;
  const segment = shape.scope.segment === undefined ? sql`` : sql`AND c.segment = ${shape.scope.segment}`;
  const byCustomer = shape.groupBy === undefined && shape.scope.segment === undefined ? sql`` : sql`AND i.customer_id = c.id`;
  const rows = await sql<{ grp: string; currency: string }[]>`
    SELECT w.grp, w.currency
    FROM unnest(${only.map((o) => o.grp)}::text[], ${only.map((o) => o.currency)}::text[]) AS w(grp, currency)
    WHERE EXISTS (
      SELECT 1 FROM ${customers}
      WHERE ${groupKey(sql, shape)} = w.grp ${segment}
        AND EXISTS (SELECT 1 FROM invoices i WHERE i.currency = w.currency::char(3) ${byCustomer}
                      AND i.issue_date > ${after}::date AND i.issue_date <= ${through}::date))`;
  return new Set(rows.map((r) => `${r.grp}\u0000${r.currency}`));
}

/**
 * The groups and currencies KPIs are reported for at `date`: those with an invoice issued on or before it.
 * Currencies come from a skip scan over invoices (currency, issue_date), one index probe per currency; with
 * a grouping, each customer of the scope is probed per currency through invoices (customer_id, currency, …).
 */
export async function reportedGroups(sql: Sql, date: string, shape: KpiShape): Promise<{ grp: string; currency: string }[]> {
  const segment = shape.scope.segment === undefined ? sql`` : sql`AND c.segment = ${shape.scope.segment}`;
  const currency = shape.scope.currency === undefined ? sql`` : sql`AND cur.currency = ${shape.scope.currency}`;
  const currencies = sql`
    WITH RECURSIVE cur AS (
      SELECT min(currency) AS currency FROM invoices
      UNION ALL
      SELECT (SELECT min(i.currency) FROM invoices i WHERE i.currency > cur.currency) FROM cur WHERE cur.currency IS NOT NULL
    )`;
  if (shape.groupBy === undefined) {
    return sql<{ grp: string; currency: string }[]>`
      ${currencies}
      SELECT ''::text AS grp, cur.currency::text AS currency
      FROM cur
      WHERE cur.currency IS NOT NULL ${currency}
        AND EXISTS (
          SELECT 1 FROM invoices i ${customerJoin(sql, shape)}
          WHERE i.currency = cur.currency AND i.issue_date <= ${date}::date ${segment})
      ORDER BY 1, 2`;
  }
  // Stops at the first customer of a group with such an invoice.
  return sql<{ grp: string; currency: string }[]>`
    ${currencies}, g AS (SELECT DISTINCT ${groupKey(sql, shape)} AS grp FROM customers c WHERE true ${segment})
    SELECT g.grp, cur.currency::text AS currency
    FROM g CROSS JOIN cur
    WHERE cur.currency IS NOT NULL ${currency}
      AND EXISTS (
        SELECT 1 FROM customers c
        WHERE ${groupKey(sql, shape)} = g.grp ${segment}
          AND EXISTS (SELECT 1 FROM invoices i WHERE i.customer_id = c.id AND i.currency = cur.currency AND i.issue_date <= ${date}::date))
    ORDER BY 1, 2`;
}
