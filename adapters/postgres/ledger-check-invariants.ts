import { discountDueAgainSql } from './discount-releases.js';

// The ledger's own invariants, each a set-based scan of the tables it reads (no per-row round trips), read from the
// sources themselves (allocations, credit notes), never from invoice_settlements, whose own check is separate.
// Amounts in details are minor units.

/** A payment's allocations never exceed its amount. */
export const paymentOverAllocated = `
  SELECT 'payment_over_allocated' AS name,
         json_build_object('payment_id', p.id::text, 'payment_external_id', p.external_id) AS ids,
         format('allocations total %s (%s allocations) but the payment is %s %s', a.allocated, a.n, p.amount_minor, p.currency) AS detail,
         lpad(p.id::text, 20, '0') AS ord
  FROM (SELECT payment_id, sum(amount_minor) AS allocated, count(*) AS n FROM payment_allocations GROUP BY payment_id) a
  JOIN payments p ON p.id = a.payment_id
  WHERE a.allocated > p.amount_minor`;

// An invoice's allocations plus its credit notes never exceed its amount: see ledger-check-settlements.ts, which reads
// them in the same pass as the settlement rebuild.

/** An allocation's payment and invoice belong to one customer and are in one currency. */
export const allocationMismatches = `
  SELECT c.name,
         json_build_object('allocation_id', m.id::text, 'payment_id', m.payment_id::text, 'invoice_id', m.invoice_id::text) AS ids,
         c.detail, lpad(m.id::text, 20, '0') AS ord
  FROM (
    SELECT a.id, a.payment_id, a.invoice_id, p.customer_id AS payer_id, i.customer_id AS billed_id,
           p.currency AS paid_in, i.currency AS billed_in
    FROM payment_allocations a
    JOIN payments p ON p.id = a.payment_id
    JOIN invoices i ON i.id = a.invoice_id
    WHERE p.customer_id <> i.customer_id OR p.currency <> i.currency
  ) m
  CROSS JOIN LATERAL (VALUES
    ('allocation_customer_mismatch', m.payer_id <> m.billed_id,
     format('the payment is from customer %s, the invoice billed to customer %s',
            (SELECT external_id FROM customers WHERE id = m.payer_id), (SELECT external_id FROM customers WHERE id = m.billed_id))),
    ('allocation_currency_mismatch', m.paid_in <> m.billed_in,
     format('the payment is in %s, the invoice in %s', m.paid_in, m.billed_in))
  ) AS c(name, broken, detail)
  WHERE c.broken`;

/** A credit note is in its invoice's currency. */
export const creditNoteCurrencyMismatch = `
  SELECT 'credit_note_currency_mismatch' AS name,
         json_build_object('credit_note_id', n.id::text, 'credit_note_external_id', n.external_id, 'invoice_id', i.id::text) AS ids,
         format('the credit note is in %s, its invoice %s in %s', n.currency, i.external_id, i.currency) AS detail,
         lpad(n.id::text, 20, '0') AS ord
  FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id
  WHERE n.currency <> i.currency`;

/**
 * A dispute is closed exactly when its status is a closing one, and not before it opened. (CHECK constraints of 001
 * hold both; checked anyway, as they cost one scan of a small table and a constraint can be dropped or disabled.)
 */
export const disputeClosedStatusMismatch = `
  SELECT 'dispute_closed_status_mismatch' AS name,
         json_build_object('dispute_id', d.id::text, 'invoice_id', d.invoice_id::text) AS ids,
         CASE WHEN d.closed_at < d.opened_at THEN format('closed at %s, before it opened at %s', d.closed_at, d.opened_at)
              WHEN d.closed_at IS NULL THEN format('status %s but not closed', d.status)
              ELSE format('status %s but closed at %s', d.status, d.closed_at) END AS detail,
         lpad(d.id::text, 20, '0') AS ord
  FROM disputes d
  WHERE (d.closed_at IS NULL) <> (d.status IN ('to_clarify', 'awaiting_client')) OR d.closed_at < d.opened_at`;

/**
 * A promise to pay is resolved (kept, broken, cancelled) exactly when it has a resolution time: the promise sweep
 * sets both at once, and the cadence holds for active promises only.
 */
export const promiseResolutionMismatch = `
  SELECT 'promise_resolution_mismatch' AS name,
         json_build_object('promise_id', p.id::text, 'invoice_id', p.invoice_id::text) AS ids,
         CASE WHEN p.resolved_at IS NULL THEN format('status %s but no resolution time', p.status)
              ELSE format('status active but resolved at %s', p.resolved_at) END AS detail,
         lpad(p.id::text, 20, '0') AS ord
  FROM promises_to_pay p
  WHERE (p.status = 'active') <> (p.resolved_at IS NULL)`;

/**
 * Early-payment discounts (migration 026), each against the terms it was granted under (kept on the row): its amount is
 * round-half-up(invoice amount × bp / 10000), the payment that earned it was received within the window (issue date +
 * days), the invoice's own terms (when it has any) are those, it settles the invoice (payments + credit notes +
 * discount = amount), and an invoice has at most one. Computed here, not through early_payment_discount_minor.
 */
export const discountChecks = `
  SELECT c.name,
         json_build_object('discount_id', d.id::text, 'invoice_id', d.invoice_id::text, 'invoice_external_id', i.external_id,
                           'payment_id', d.payment_id::text) AS ids,
         c.detail, lpad(d.id::text, 20, '0') AS ord
  FROM discount_allocations d
  JOIN invoices i ON i.id = d.invoice_id
  JOIN payments p ON p.id = d.payment_id
  CROSS JOIN LATERAL (SELECT div(i.amount_minor::numeric * d.discount_bp + 5000, 10000)::int8 AS expected,
    coalesce((SELECT sum(a.amount_minor) FROM payment_allocations a WHERE a.invoice_id = i.id), 0)
      + coalesce((SELECT sum(n.amount_minor) FROM credit_notes n WHERE n.invoice_id = i.id), 0)
      + (SELECT sum(x.amount_minor) FROM discount_allocations x WHERE x.invoice_id = i.id) AS applied,
    (SELECT count(*) FROM discount_allocations x WHERE x.invoice_id = i.id) AS n) s
  CROSS JOIN LATERAL (VALUES
    ('discount_amount_mismatch', d.amount_minor <> s.expected,
     format('discount %s, but %s bp of the invoice amount %s is %s (minor units of %s)', d.amount_minor, d.discount_bp,
            i.amount_minor, s.expected, i.currency)),
    ('discount_outside_window', p.received_date > i.issue_date + d.discount_days,
     format('payment %s was received %s, after the discount window ended %s', p.external_id, p.received_date,
            i.issue_date + d.discount_days)),
    ('discount_terms_mismatch', i.payment_terms IS NOT NULL
       AND (i.payment_discount_bp, i.payment_discount_days) IS DISTINCT FROM (d.discount_bp, d.discount_days),
     format('granted at %s bp within %s days, but the invoice''s terms are %s', d.discount_bp, d.discount_days, i.payment_terms)),
    ('discount_not_settling', s.applied <> i.amount_minor,
     format('payments, credit notes and discount apply %s, but the invoice is %s %s', s.applied, i.amount_minor, i.currency)),
    ('discount_repeated', s.n > 1, format('the invoice has %s discounts; at most one', s.n))
  ) AS c(name, broken, detail)
  WHERE c.broken`;

/**
 * A discount withdrawn by an import (audit `payment.discount_released`) is granted again once the invoice fits its
 * terms again (discount-releases.ts): an invoice left owing exactly its discount, every payment within the window,
 * with no discount, was not. The condition is the re-grant's own (discountDueAgainSql), over every invoice.
 */
export const discountNotRegranted = `
  SELECT 'discount_not_regranted' AS name,
         json_build_object('invoice_id', i.id::text, 'invoice_external_id', i.external_id) AS ids,
         format('a discount withdrawn earlier fits again (%s bp of %s = %s owed, every payment within %s days of %s) but was not granted again (minor units of %s)',
                t.bp, i.amount_minor, div(i.amount_minor::numeric * t.bp + 5000, 10000), t.days, i.issue_date, i.currency) AS detail,
         lpad(i.id::text, 20, '0') AS ord
  FROM (SELECT DISTINCT entity_id FROM audit_log WHERE entity = 'invoice' AND action = 'payment.discount_released') r
  JOIN invoices i ON i.id = r.entity_id
  CROSS JOIN LATERAL early_payment_terms(i.id) t
  WHERE ${discountDueAgainSql}`;

export const invariantChecks = [
  paymentOverAllocated, allocationMismatches, creditNoteCurrencyMismatch, disputeClosedStatusMismatch,
  promiseResolutionMismatch, discountChecks, discountNotRegranted,
];
