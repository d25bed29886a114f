-- Payment import at ledger scale: same-amount matching by index, and settlement refreshes whose cost follows the
-- invoices refreshed, not the size of the ledger.

-- What each open invoice still owes, by payer and currency: "the single open invoice whose remaining amount equals
-- the payment" becomes one index probe per payment instead of a scan of the payer's invoices.
-- (remaining = amount − applied, the same as amount − Σ allocations − Σ credit notes.)
CREATE INDEX invoice_settlements_owing_idx ON invoice_settlements (customer_id, currency, (amount_minor - applied_minor))
  WHERE amount_minor > applied_minor;

-- Same result as 002's version, computed invoice by invoice through the per-invoice indexes. 002's set-based form
-- was planned with hash joins over all of payments and invoices whenever the statistics lagged a bulk load (always,
-- during an import), so each batch of payments cost time in proportion to the whole ledger.
CREATE OR REPLACE FUNCTION invoice_settlement_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql
-- Statistics lag bulk loads: never let a stale estimate turn a per-invoice lookup into a scan of a big table.
-- (Disabling a plan type inflates its cost estimate past jit_above_cost: JIT would then cost more than the query.)
SET enable_seqscan = off SET jit = off
AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  -- Lock first, compute in the next statement: see 002.
  PERFORM 1 FROM invoice_settlements WHERE invoice_id = ANY (ids) ORDER BY invoice_id FOR UPDATE;
  INSERT INTO invoice_settlements AS x (invoice_id, customer_id, currency, issue_date, due_date, amount_minor,
                                        applied_minor, first_applied_on, last_applied_on, settled_on, paid_on)
  SELECT i.id, i.customer_id, i.currency, i.issue_date, i.due_date, i.amount_minor,
         coalesce(s.applied_minor, 0), s.first_on, s.last_on, s.settled_on,
         CASE WHEN s.settled_by_payment THEN s.settled_on END
  FROM invoices i
  CROSS JOIN LATERAL (
    -- Money applied per day; the first day the running total reaches the amount settles the invoice.
    SELECT sum(r.amount_minor) AS applied_minor, min(r.on_date) AS first_on, max(r.on_date) AS last_on,
           min(r.on_date) FILTER (WHERE r.cumulative >= i.amount_minor) AS settled_on,
           (array_agg(r.by_payment ORDER BY r.on_date) FILTER (WHERE r.cumulative >= i.amount_minor))[1] AS settled_by_payment
    FROM (
      SELECT d.on_date, d.amount_minor, d.by_payment, sum(d.amount_minor) OVER (ORDER BY d.on_date) AS cumulative
      FROM (
        SELECT m.on_date, sum(m.amount_minor) AS amount_minor, bool_or(m.by_payment) AS by_payment
        FROM (
          SELECT p.received_date AS on_date, a.amount_minor, true AS by_payment
          FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
          WHERE a.invoice_id = i.id
          UNION ALL
          SELECT n.issued_date, n.amount_minor, false
          FROM credit_notes n
          WHERE n.invoice_id = i.id
        ) m
        GROUP BY m.on_date
      ) d
    ) r
  ) s
  WHERE i.id = ANY (ids)
  ON CONFLICT (invoice_id) DO UPDATE SET
    customer_id = excluded.customer_id, currency = excluded.currency, issue_date = excluded.issue_date,
    due_date = excluded.due_date, amount_minor = excluded.amount_minor, applied_minor = excluded.applied_minor,
    first_applied_on = excluded.first_applied_on, last_applied_on = excluded.last_applied_on,
    settled_on = excluded.settled_on, paid_on = excluded.paid_on;
END;
$$;

-- Its lock of the allocated payments is a lookup by id of a few thousand rows, never a scan of all payments.
ALTER FUNCTION invoice_settlement_on_allocations() SET enable_seqscan = off;
ALTER FUNCTION invoice_settlement_on_allocations() SET jit = off;

