-- Early-payment discounts (issue 19): an invoice's own payment terms, and the discount a payment within the window
-- earns, held as an allocation of its own kind.
--
-- invoices.payment_terms: the invoice's own terms ("2/10 net 30"), same syntax and parsed parts as customers' (021).
-- When set they win over the customer's, whole: an invoice with "net 30" has no discount even if its customer has
-- "2/10 net 30". The effective terms are early_payment_terms(invoice id).
--
-- discount_allocations: the discount granted on an invoice, at most one per invoice, tied to the payment allocation
-- that earned it (deleting that allocation deletes the discount). It is money applied to the invoice, not cash: the
-- settlement row counts it in applied_minor (so remaining = amount − allocations − credit notes − discount), dated by
-- the payment's received date; payment_allocations (the cash) never include it, so a payment's allocations still sum
-- to at most its amount and "collected" figures stay cash.
-- The terms in force when it was granted are kept on the row (discount_bp, discount_days): a later change of the
-- customer's terms does not make a past discount wrong.

ALTER TABLE invoices
  ADD COLUMN payment_terms         text,
  ADD COLUMN payment_net_days      integer CHECK (payment_net_days BETWEEN 0 AND 365),
  ADD COLUMN payment_discount_bp   integer CHECK (payment_discount_bp BETWEEN 1 AND 9999),
  ADD COLUMN payment_discount_days integer CHECK (payment_discount_days >= 0),
  ADD CONSTRAINT invoices_payment_terms_parsed CHECK ((payment_terms IS NULL) = (payment_net_days IS NULL)),
  ADD CONSTRAINT invoices_payment_discount_pair CHECK (
    (payment_discount_bp IS NULL) = (payment_discount_days IS NULL)
    AND (payment_discount_bp IS NULL OR (payment_terms IS NOT NULL AND payment_discount_days < payment_net_days)));

-- round-half-up(amount × bp / 10000), in exact arithmetic. Domain twin: discountMinor (src/domain/early-payment-discount.ts).
CREATE FUNCTION early_payment_discount_minor(amount bigint, bp integer) RETURNS bigint
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT div(amount::numeric * bp + 5000, 10000)::int8
$$;

-- The discount terms an invoice has now: its own terms when it has any, else its customer's. No row when it has none.
CREATE FUNCTION early_payment_terms(invoice bigint) RETURNS TABLE (bp integer, days integer)
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN i.payment_terms IS NOT NULL THEN i.payment_discount_bp ELSE c.payment_discount_bp END,
         CASE WHEN i.payment_terms IS NOT NULL THEN i.payment_discount_days ELSE c.payment_discount_days END
  FROM invoices i JOIN customers c ON c.id = i.customer_id
  WHERE i.id = invoice
    AND CASE WHEN i.payment_terms IS NOT NULL THEN i.payment_discount_bp ELSE c.payment_discount_bp END IS NOT NULL
$$;

CREATE TABLE discount_allocations (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  invoice_id    bigint NOT NULL UNIQUE REFERENCES invoices (id),
  payment_id    bigint NOT NULL,
  amount_minor  bigint NOT NULL CHECK (amount_minor > 0),
  discount_bp   integer NOT NULL CHECK (discount_bp BETWEEN 1 AND 9999),
  discount_days integer NOT NULL CHECK (discount_days >= 0),
  created_at    timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (payment_id, invoice_id) REFERENCES payment_allocations (payment_id, invoice_id) ON DELETE CASCADE
);
CREATE INDEX discount_allocations_payment_idx ON discount_allocations (payment_id);

-- New or changed discounts, at the end of the statement (as 011 checks allocations):
--   discount_requires_terms        the invoice has discount terms (its own, else its customer's)
--   discount_matches_terms         the row's bp and days are those terms
--   discount_amount_matches_terms  amount = round-half-up(invoice amount × bp / 10000)
--   discount_within_window         the payment was received on or before issue date + discount days
CREATE FUNCTION ledger_check_discounts() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off SET jit = off
AS $$
DECLARE
  r record;
BEGIN
  SELECT n.id, n.invoice_id, i.external_id AS invoice_key, i.currency, i.amount_minor AS invoice_amount, i.issue_date,
         n.amount_minor, n.discount_bp, n.discount_days, t.bp, t.days, p.external_id AS payment_key, p.received_date
  INTO r
  FROM new_rows n
  JOIN invoices i ON i.id = n.invoice_id
  JOIN payments p ON p.id = n.payment_id
  LEFT JOIN LATERAL early_payment_terms(n.invoice_id) t ON true
  WHERE t.bp IS NULL OR t.bp <> n.discount_bp OR t.days <> n.discount_days
     OR n.amount_minor <> early_payment_discount_minor(i.amount_minor, n.discount_bp)
     OR p.received_date > i.issue_date + n.discount_days
  LIMIT 1;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF r.bp IS NULL THEN
    PERFORM ledger_invariant_failed('discount_requires_terms', 'discount_allocations', format(
      'invoice %s (%s) has no early-payment discount in its payment terms nor its customer''s', r.invoice_id, r.invoice_key));
  ELSIF r.bp <> r.discount_bp OR r.days <> r.discount_days THEN
    PERFORM ledger_invariant_failed('discount_matches_terms', 'discount_allocations', format(
      'discount %s on invoice %s (%s) is %s bp within %s days, but the terms give %s bp within %s days',
      r.id, r.invoice_id, r.invoice_key, r.discount_bp, r.discount_days, r.bp, r.days));
  ELSIF r.amount_minor <> early_payment_discount_minor(r.invoice_amount, r.discount_bp) THEN
    PERFORM ledger_invariant_failed('discount_amount_matches_terms', 'discount_allocations', format(
      'discount %s on invoice %s (%s) is %s, but %s bp of %s is %s (minor units of %s)',
      r.id, r.invoice_id, r.invoice_key, r.amount_minor, r.discount_bp, r.invoice_amount,
      early_payment_discount_minor(r.invoice_amount, r.discount_bp), r.currency));
  END IF;
  PERFORM ledger_invariant_failed('discount_within_window', 'discount_allocations', format(
    'discount %s on invoice %s (%s): payment %s was received %s, after the window ended %s',
    r.id, r.invoice_id, r.invoice_key, r.payment_key, r.received_date, r.issue_date + r.discount_days));
  RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_invariants_discounts_insert AFTER INSERT ON discount_allocations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_discounts();
CREATE TRIGGER ledger_invariants_discounts_update AFTER UPDATE ON discount_allocations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_discounts();

-- At commit: a discount settles its invoice (payments + credit notes + discount = amount). Deferred, like 011's
-- checks, so the allocation and the discount can be written in either order within the transaction.
CREATE FUNCTION ledger_check_discount_settles() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT d.id, d.invoice_id, i.external_id, s.amount_minor, s.applied_minor, s.currency
  INTO r
  FROM discount_allocations d JOIN invoices i ON i.id = d.invoice_id JOIN invoice_settlements s ON s.invoice_id = d.invoice_id
  WHERE d.id = NEW.id AND s.applied_minor <> s.amount_minor;
  IF FOUND THEN
    PERFORM ledger_invariant_failed('discount_settles_invoice', 'discount_allocations', format(
      'discount %s on invoice %s (%s): %s applied with the discount, but the invoice is %s (minor units of %s)',
      r.id, r.invoice_id, r.external_id, r.applied_minor, r.amount_minor, r.currency));
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER ledger_invariants_discount_settles AFTER INSERT OR UPDATE ON discount_allocations
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_discount_settles();

-- 007's settlement refresh, with discounts as money applied on their payment's received date (by_payment: the
-- payment that earned the discount settled the invoice that day, so paid_on is that date).
CREATE OR REPLACE FUNCTION invoice_settlement_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql
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
          UNION ALL
          SELECT p.received_date, da.amount_minor, true
          FROM discount_allocations da JOIN payments p ON p.id = da.payment_id
          WHERE da.invoice_id = i.id
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

-- Discounts refresh their invoice's settlement row as allocations do (same columns: invoice_id).
CREATE TRIGGER invoice_settlement_discounts_insert AFTER INSERT ON discount_allocations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_allocations();
CREATE TRIGGER invoice_settlement_discounts_update AFTER UPDATE ON discount_allocations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_allocations();
CREATE TRIGGER invoice_settlement_discounts_delete AFTER DELETE ON discount_allocations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_allocations();
CREATE TRIGGER invoice_settlement_discounts_truncate AFTER TRUNCATE ON discount_allocations
  FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_allocations();

-- Payment matching by amount asks which payers have discount terms on an invoice of their own: one probe per payer.
CREATE INDEX invoices_discount_terms_idx ON invoices (customer_id) WHERE payment_discount_bp IS NOT NULL;

-- 011's over-applied message, naming the discounts apart from the payments (the check itself is unchanged: applied
-- on the settlement row, which now includes them).
CREATE OR REPLACE FUNCTION ledger_check_invoice_applied() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT s.invoice_id, i.external_id, i.number, s.currency, s.amount_minor, s.applied_minor,
         (SELECT coalesce(sum(n.amount_minor), 0) FROM credit_notes n WHERE n.invoice_id = s.invoice_id) AS credited,
         (SELECT coalesce(sum(d.amount_minor), 0) FROM discount_allocations d WHERE d.invoice_id = s.invoice_id) AS discounted
  INTO r
  FROM invoice_settlements s JOIN invoices i ON i.id = s.invoice_id
  WHERE s.invoice_id = NEW.invoice_id AND s.applied_minor > s.amount_minor;
  IF FOUND THEN
    PERFORM ledger_invariant_failed('invoice_applied_within_amount', 'invoice_settlements', format(
      'invoice %s (%s, number %s) has %s applied (%s by payments, %s by credit notes%s), more than its amount %s (minor units of %s)',
      r.invoice_id, r.external_id, r.number, r.applied_minor, r.applied_minor - r.credited - r.discounted, r.credited,
      CASE WHEN r.discounted > 0 THEN format(', %s by an early-payment discount', r.discounted) ELSE '' END,
      r.amount_minor, r.currency));
  END IF;
  RETURN NULL;
END;
$$;
