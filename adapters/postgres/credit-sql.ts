import type postgres from 'postgres';
import type { Sql } from './connect.js';
import { owesOn, remainingOn } from './settlement-sql.js';

// The credit facts of customer `c` (our own SQL's alias) on `today` (a date expression), shared by the alerts job,
// the chat views and the credit API so they never disagree.

/** The customer's local day at `now`. */
export const customerToday = (sql: Sql, now: Date): postgres.Fragment => sql`((${now}::timestamptz AT TIME ZONE c.timezone)::date)`;

/**
 * Open AR of customer `c` in `currency` (an expression) on `today`: what its invoices issued by then still owe
 * (remainingOn, the one home of that sum). Only invoices that still owe (owesOn, the settlement row) are summed, so
 * the alerts job, which runs every minute, never adds up the payments of invoices long paid.
 */
export function openArSql(sql: Sql, currency: postgres.Fragment, today: postgres.Fragment): postgres.Fragment {
  return sql`coalesce((
    SELECT sum(greatest(o.r, 0))::int8 FROM (
      SELECT ${remainingOn(sql, today)} AS r FROM invoices i JOIN invoice_settlements s ON s.invoice_id = i.id
      WHERE i.customer_id = c.id AND i.currency = ${currency} AND i.issue_date <= ${today} AND ${owesOn(sql, 's', today)}) o), 0)::int8`;
}

/** The most days any open invoice of customer `c` is past its due date on `today`; null when none is overdue. */
export function oldestOverdueSql(sql: Sql, today: postgres.Fragment): postgres.Fragment {
  return sql`(
    SELECT max(${today} - i.due_date) FROM invoices i JOIN invoice_settlements s ON s.invoice_id = i.id
    WHERE i.customer_id = c.id AND i.due_date < ${today} AND i.issue_date <= ${today} AND ${owesOn(sql, 's', today)})`;
}
