import type { AccountFacts, AccountMoneyFacts } from '../../src/domain/reports/account-review.js';
import type { ReportMonth } from '../../src/ports/reports.js';
import type { Sql } from './connect.js';
import { dateParam, openAt, remainingAt } from './kpi-scope.js';

const topAccounts = 'c.segment = \'top\' OR c.strategic';

/**
 * Top or strategic accounts (by name) with their disputes: opened in [from, until) of each month, and open at its
 * end (opened before it, not closed before it). One pass over the disputes that can count (opened since the previous
 * month began, or not closed before its end), grouped by customer.
 */
export async function reviewAccounts(sql: Sql, cur: ReportMonth, prev: ReportMonth): Promise<AccountFacts[]> {
  const rows = await sql<{ id: bigint; external_id: string; name: string; segment: string; strategic: boolean; opened: number; open: number; prev_opened: number; prev_open: number }[]>`
    WITH d AS (
      -- The customer by one primary-key lookup per dispute (a scalar subquery, which the planner keeps as such): as a
      -- join, it would hash the whole invoices table for a few thousand disputes.
      SELECT (SELECT i.customer_id FROM invoices i WHERE i.id = d.invoice_id) AS customer_id, d.opened_at, d.closed_at
      FROM disputes d
      WHERE d.opened_at < ${cur.until} AND (d.opened_at >= ${prev.from} OR d.closed_at IS NULL OR d.closed_at >= ${prev.until})
    ), x AS (
      SELECT d.customer_id,
             count(*) FILTER (WHERE d.opened_at >= ${cur.from})::int AS opened,
             count(*) FILTER (WHERE d.closed_at IS NULL OR d.closed_at >= ${cur.until})::int AS open,
             count(*) FILTER (WHERE d.opened_at >= ${prev.from} AND d.opened_at < ${prev.until})::int AS prev_opened,
             count(*) FILTER (WHERE d.opened_at < ${prev.until} AND (d.closed_at IS NULL OR d.closed_at >= ${prev.until}))::int AS prev_open
      FROM d GROUP BY d.customer_id
    )
    SELECT c.id, c.external_id, c.name, c.segment, c.strategic, coalesce(x.opened, 0) AS opened, coalesce(x.open, 0) AS open,
           coalesce(x.prev_opened, 0) AS prev_opened, coalesce(x.prev_open, 0) AS prev_open
    FROM customers c LEFT JOIN x ON x.customer_id = c.id
    WHERE ${sql.unsafe(topAccounts)}
    ORDER BY c.name, c.external_id`;
  return rows.map((r) => ({
    customerId: r.id, externalId: r.external_id, name: r.name, segment: r.segment, strategic: r.strategic,
    current: { opened: r.opened, open: r.open }, previous: { opened: r.prev_opened, open: r.prev_open },
  }));
}

/**
 * Per top or strategic account and currency, for the month and the previous one: invoiced (invoices issued in the
 * month, full amounts), collected (payments received in the month), open and overdue (remaining at the month's last
 * day L, overdue when due before L: the KPI definitions of src/domain/kpi/open-receivables.ts, through the
 * settlement summary). Rows where every figure of both months is zero are left out.
 */
export async function reviewMoney(sql: Sql, cur: ReportMonth, prev: ReportMonth): Promise<AccountMoneyFacts[]> {
  const cl = dateParam(sql, cur.last);
  const pl = dateParam(sql, prev.last);
  const rows = await sql<{ customer_id: bigint; currency: string; invoiced: bigint; collected: bigint; open: bigint; overdue: bigint;
    p_invoiced: bigint; p_collected: bigint; p_open: bigint; p_overdue: bigint }[]>`
    WITH acc AS (SELECT c.id FROM customers c WHERE ${sql.unsafe(topAccounts)}),
    inv AS (
      SELECT i.customer_id, i.currency,
             coalesce(sum(i.amount_minor) FILTER (WHERE i.issue_date >= ${cur.first}::date AND i.issue_date <= ${cl}), 0)::int8 AS invoiced,
             coalesce(sum(i.amount_minor) FILTER (WHERE i.issue_date >= ${prev.first}::date AND i.issue_date <= ${pl}), 0)::int8 AS p_invoiced,
             coalesce(sum(r.rem_c) FILTER (WHERE s.open_c), 0)::int8 AS open,
             coalesce(sum(r.rem_c) FILTER (WHERE s.open_c AND i.due_date < ${cl}), 0)::int8 AS overdue,
             coalesce(sum(r.rem_p) FILTER (WHERE s.open_p), 0)::int8 AS p_open,
             coalesce(sum(r.rem_p) FILTER (WHERE s.open_p AND i.due_date < ${pl}), 0)::int8 AS p_overdue
      FROM invoice_settlements i JOIN acc ON acc.id = i.customer_id
      CROSS JOIN LATERAL (SELECT ${openAt(sql, cl)} AS open_c, ${openAt(sql, pl)} AS open_p) s
      CROSS JOIN LATERAL (SELECT CASE WHEN s.open_c THEN ${remainingAt(sql, cl)} END AS rem_c,
                                 CASE WHEN s.open_p THEN ${remainingAt(sql, pl)} END AS rem_p) r
      -- Every row counted is open at a month end or issued in one of the months, so settled (if ever) on or after
      -- the previous month's first day: that range is what invoice_settlements_open_idx reads.
      WHERE coalesce(i.settled_on, 'infinity'::date) >= ${prev.first}::date AND i.issue_date <= ${cl}
        AND (coalesce(i.settled_on, 'infinity'::date) > ${pl} OR i.issue_date >= ${prev.first}::date)
      GROUP BY i.customer_id, i.currency
    ), pay AS (
      SELECT p.customer_id, p.currency,
             coalesce(sum(p.amount_minor) FILTER (WHERE p.received_date >= ${cur.first}::date), 0)::int8 AS collected,
             coalesce(sum(p.amount_minor) FILTER (WHERE p.received_date <= ${pl}), 0)::int8 AS p_collected
      FROM payments p JOIN acc ON acc.id = p.customer_id
      WHERE p.received_date >= ${prev.first}::date AND p.received_date <= ${cl}
      GROUP BY p.customer_id, p.currency
    )
    SELECT coalesce(inv.customer_id, pay.customer_id) AS customer_id, coalesce(inv.currency, pay.currency) AS currency,
           coalesce(inv.invoiced, 0)::int8 AS invoiced, coalesce(pay.collected, 0)::int8 AS collected,
           coalesce(inv.open, 0)::int8 AS open, coalesce(inv.overdue, 0)::int8 AS overdue,
           coalesce(inv.p_invoiced, 0)::int8 AS p_invoiced, coalesce(pay.p_collected, 0)::int8 AS p_collected,
           coalesce(inv.p_open, 0)::int8 AS p_open, coalesce(inv.p_overdue, 0)::int8 AS p_overdue
    FROM inv FULL JOIN pay ON pay.customer_id = inv.customer_id AND pay.currency = inv.currency
    WHERE coalesce(inv.invoiced, 0) <> 0 OR coalesce(inv.open, 0) <> 0 OR coalesce(inv.p_invoiced, 0) <> 0 OR coalesce(inv.p_open, 0) <> 0
       OR coalesce(pay.collected, 0) <> 0 OR coalesce(pay.p_collected, 0) <> 0`;
  return rows.map((r) => ({
    customerId: r.customer_id,
    currency: r.currency,
    current: { invoiced_minor: r.invoiced, collected_minor: r.collected, open_minor: r.open, overdue_minor: r.overdue },
    previous: { invoiced_minor: r.p_invoiced, collected_minor: r.p_collected, open_minor: r.p_open, overdue_minor: r.p_overdue },
  }));
}
