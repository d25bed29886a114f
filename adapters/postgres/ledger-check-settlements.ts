import { differs } from './ledger-check-rows.js';

// invoice_settlements (migrations 002, 007) against a rebuild from its sources, computed here from scratch for every
// invoice at once: never through invoice_settlement_refresh, the function that maintains it, whose mistakes the
// rebuild must not share. Its definitions are the KPI oracle's (test/support/kpi-oracle/kpi-ledger.ts), which the KPI property
// test holds equal to the stored rows: money applied is allocations dated by their payment's received date plus
// credit notes dated by their issue date; settled_on is the first such date on which the running total reaches the
// amount (remainingAt <= 0, settledDate); paid_on is settled_on when a payment was received that day (paidDate).
// Early-payment discounts (migration 026) are money applied on the received date of the payment that earned them.

const columns = ['customer_id', 'currency', 'issue_date', 'due_date', 'amount_minor', 'applied_minor', 'first_applied_on',
  'last_applied_on', 'settled_on', 'paid_on'] as const;

const rebuilt = `
  WITH applied AS (
    SELECT a.invoice_id, p.received_date AS on_date, a.amount_minor, true AS by_payment, false AS discount
    FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
    UNION ALL
    SELECT invoice_id, issued_date, amount_minor, false, false FROM credit_notes
    UNION ALL
    -- Early-payment discounts (026): applied on the day of the payment that earned them, which paid the invoice.
    SELECT d.invoice_id, p.received_date, d.amount_minor, true, true
    FROM discount_allocations d JOIN payments p ON p.id = d.payment_id
  ), by_day AS (
    SELECT invoice_id, on_date, sum(amount_minor) AS amount_minor, bool_or(by_payment) AS by_payment,
           coalesce(sum(amount_minor) FILTER (WHERE by_payment AND NOT discount), 0) AS allocated,
           coalesce(sum(amount_minor) FILTER (WHERE NOT by_payment), 0) AS credited,
           coalesce(sum(amount_minor) FILTER (WHERE discount), 0) AS discounted
    FROM applied GROUP BY invoice_id, on_date
  ), running AS (
    SELECT d.invoice_id, d.on_date, d.amount_minor, d.allocated, d.credited, d.discounted,
           sum(d.amount_minor) OVER (PARTITION BY d.invoice_id ORDER BY d.on_date) AS through_day
    FROM by_day d
  ), summary AS (
    SELECT r.invoice_id, sum(r.amount_minor)::int8 AS applied_minor, sum(r.allocated) AS allocated, sum(r.credited) AS credited,
           sum(r.discounted) AS discounted,
           min(r.on_date) AS first_applied_on,
           max(r.on_date) AS last_applied_on, min(r.on_date) FILTER (WHERE r.through_day >= i.amount_minor) AS settled_on
    FROM running r JOIN invoices i ON i.id = r.invoice_id
    GROUP BY r.invoice_id
  )
  SELECT i.id AS invoice_id, i.external_id, i.customer_id, i.currency, i.issue_date, i.due_date, i.amount_minor,
         coalesce(s.applied_minor, 0) AS applied_minor, s.allocated, s.credited, s.discounted, s.first_applied_on, s.last_applied_on, s.settled_on,
         CASE WHEN d.by_payment THEN s.settled_on END AS paid_on
  FROM invoices i
  LEFT JOIN summary s ON s.invoice_id = i.id
  LEFT JOIN by_day d ON d.invoice_id = i.id AND d.on_date = s.settled_on`;

/**
 * Every invoice has its settlement row, every settlement row its invoice, and each row equals its rebuild; and, from
 * the same rebuild (one pass over allocations and credit notes), no invoice has more applied than its amount.
 */
export const settlementChecks = `
  WITH rebuilt AS MATERIALIZED (${rebuilt})
  (SELECT 'invoice_over_applied' AS name,
          json_build_object('invoice_id', e.invoice_id::text, 'invoice_external_id', e.external_id) AS ids,
          format('allocations %s + credit notes %s%s = %s exceed the amount %s %s', e.allocated, e.credited,
                 CASE WHEN e.discounted > 0 THEN format(' + discounts %s', e.discounted) ELSE '' END, e.applied_minor,
                 e.amount_minor, e.currency) AS detail,
          lpad(e.invoice_id::text, 20, '0') AS ord
   FROM rebuilt e
   WHERE e.applied_minor > e.amount_minor)
  UNION ALL
  (SELECT CASE WHEN x.invoice_id IS NULL THEN 'settlement_missing'
              WHEN e.invoice_id IS NULL THEN 'settlement_orphan'
              ELSE 'settlement_mismatch' END AS name,
         json_strip_nulls(json_build_object('invoice_id', coalesce(e.invoice_id, x.invoice_id)::text,
                                              'invoice_external_id', e.external_id)) AS ids,
         CASE WHEN x.invoice_id IS NULL THEN 'the invoice has no invoice_settlements row'
              WHEN e.invoice_id IS NULL THEN 'an invoice_settlements row for an invoice that does not exist'
              ELSE concat_ws('; ', ${columns.map((c) => differs(c, `x.${c}`, `e.${c}`)).join(', ')}) END AS detail,
         lpad(coalesce(e.invoice_id, x.invoice_id)::text, 20, '0') AS ord
  FROM rebuilt e
  FULL JOIN invoice_settlements x ON x.invoice_id = e.invoice_id
  WHERE x.invoice_id IS NULL OR e.invoice_id IS NULL
     OR (${columns.map((c) => `x.${c}`).join(', ')}) IS DISTINCT FROM (${columns.map((c) => `e.${c}`).join(', ')}))`;
