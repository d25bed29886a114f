-- Ledger invariants the database itself enforces, whoever writes (the import, a script, psql):
--   payment_allocated_within_amount     Σ allocations of a payment <= the payment's amount
--   invoice_applied_within_amount       Σ allocations + Σ credit notes of an invoice <= the invoice's amount
--                                       (invoice_settlements.applied_minor <= amount_minor, kept by 002's triggers)
--   allocation_same_customer_currency   a payment settles only invoices of its own customer and currency
--   credit_note_invoice_currency        a credit note is in its invoice's currency
-- A write that breaks one fails with SQLSTATE 23514 (check_violation), the invariant's name as the error's
-- constraint name, and a message naming the rows (ids, external ids, amounts in minor units).
--
-- When each is checked, and why:
-- * Adding money (INSERT or UPDATE of payment_allocations and credit_notes) is checked at the end of the statement,
--   by statement-level AFTER triggers reading the transition tables: one query per statement, not one per row, so
--   an import's batch of thousands of allocations pays one set of index probes. A writer adding money never needs
--   a moment where the ledger is inconsistent, so nothing is lost by checking at once.
-- * Changing what money was applied against (an invoice's customer, currency or amount; a payment's customer,
--   currency or amount) is checked at COMMIT, by row-level CONSTRAINT TRIGGERs, DEFERRABLE INITIALLY DEFERRED,
--   whose WHEN clause queues nothing for a change that cannot break anything (an insert, a date or text change, an
--   amount raised): the import's batches cost nothing extra. Deferring lets the import keep its set-based upsert
--   (one statement per batch) and then, in the same transaction, release the allocations that no longer fit and
--   match the released money again (adapters/postgres/allocation-releases.ts): the ledger is consistent again
--   before the commit, which is all the check asks. Each deferred check reads the row again at commit, so a change
--   repaired later in the transaction passes.
-- * An invoice's applied total is checked on its invoice_settlements row (recomputed by 002's triggers whenever an
--   allocation, a credit note or the invoice changes), deferred the same way with WHEN applied > amount: one check
--   covers every way of over-applying an invoice and queues nothing for a row that fits.
-- Rows already in the ledger are not checked by this migration (`arbot check` reports them); a later change of
-- such a row is.

CREATE FUNCTION ledger_invariant_failed(invariant text, tbl text, msg text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = invariant, TABLE = tbl,
    MESSAGE = format('ledger invariant %s: %s', invariant, msg);
END;
$$;

-- New or changed allocations: same customer and currency as their invoice, and their payments not over-allocated.
-- One pass over the statement's rows, one probe each of payments, invoices and the payment's allocations.
CREATE FUNCTION ledger_check_allocations() RETURNS trigger LANGUAGE plpgsql
-- Transition tables have no statistics: probe payments and invoices by key, never scan them (and no JIT, see 007).
SET enable_seqscan = off SET jit = off
AS $$
DECLARE
  r record;
BEGIN
  SELECT n.payment_id, p.external_id AS payment_key, p.customer_id AS payment_customer, p.currency AS payment_currency,
         p.amount_minor AS payment_amount, x.allocated,
         n.invoice_id, i.external_id AS invoice_key, i.customer_id AS invoice_customer, i.currency AS invoice_currency
  INTO r
  FROM new_rows n
  JOIN payments p ON p.id = n.payment_id
  JOIN invoices i ON i.id = n.invoice_id
  CROSS JOIN LATERAL (SELECT sum(a.amount_minor) AS allocated FROM payment_allocations a WHERE a.payment_id = n.payment_id) x
  WHERE p.customer_id <> i.customer_id OR p.currency <> i.currency OR x.allocated > p.amount_minor
  LIMIT 1;
  IF NOT FOUND THEN
    RETURN NULL;
  END IF;
  IF r.payment_customer <> r.invoice_customer OR r.payment_currency <> r.invoice_currency THEN
    PERFORM ledger_invariant_failed('allocation_same_customer_currency', 'payment_allocations', format(
      'payment %s (%s) of customer %s in %s cannot settle invoice %s (%s) of customer %s in %s',
      r.payment_id, r.payment_key, r.payment_customer, r.payment_currency,
      r.invoice_id, r.invoice_key, r.invoice_customer, r.invoice_currency));
  END IF;
  PERFORM ledger_invariant_failed('payment_allocated_within_amount', 'payment_allocations', format(
    'payment %s (%s) would have %s allocated, more than its amount %s (minor units of %s)',
    r.payment_id, r.payment_key, r.allocated, r.payment_amount, r.payment_currency));
  RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_invariants_allocations_insert AFTER INSERT ON payment_allocations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_allocations();
CREATE TRIGGER ledger_invariants_allocations_update AFTER UPDATE ON payment_allocations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_allocations();

-- New or changed credit notes: in their invoice's currency. (What they add to the invoice is checked on its
-- settlement row, below.)
CREATE FUNCTION ledger_check_credit_notes() RETURNS trigger LANGUAGE plpgsql
SET enable_seqscan = off SET jit = off
AS $$
DECLARE
  r record;
BEGIN
  SELECT n.id, n.external_id, n.currency, i.id AS invoice_id, i.external_id AS invoice_key, i.currency AS invoice_currency
  INTO r
  FROM new_rows n JOIN invoices i ON i.id = n.invoice_id
  WHERE n.currency <> i.currency
  LIMIT 1;
  IF FOUND THEN
    PERFORM ledger_invariant_failed('credit_note_invoice_currency', 'credit_notes', format(
      'credit note %s (%s) is in %s but its invoice %s (%s) is in %s',
      r.id, r.external_id, r.currency, r.invoice_id, r.invoice_key, r.invoice_currency));
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER ledger_invariants_credit_notes_insert AFTER INSERT ON credit_notes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_credit_notes();
CREATE TRIGGER ledger_invariants_credit_notes_update AFTER UPDATE ON credit_notes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ledger_check_credit_notes();

-- At commit: an invoice's allocations + credit notes still fit its amount.
CREATE FUNCTION ledger_check_invoice_applied() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT s.invoice_id, i.external_id, i.number, s.currency, s.amount_minor, s.applied_minor,
         (SELECT coalesce(sum(n.amount_minor), 0) FROM credit_notes n WHERE n.invoice_id = s.invoice_id) AS credited
  INTO r
  FROM invoice_settlements s JOIN invoices i ON i.id = s.invoice_id
  WHERE s.invoice_id = NEW.invoice_id AND s.applied_minor > s.amount_minor;
  IF FOUND THEN
    PERFORM ledger_invariant_failed('invoice_applied_within_amount', 'invoice_settlements', format(
      'invoice %s (%s, number %s) has %s applied (%s by payments, %s by credit notes), more than its amount %s (minor units of %s)',
      r.invoice_id, r.external_id, r.number, r.applied_minor, r.applied_minor - r.credited, r.credited,
      r.amount_minor, r.currency));
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER ledger_invariants_invoice_applied AFTER INSERT OR UPDATE ON invoice_settlements
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.applied_minor > NEW.amount_minor)
  EXECUTE FUNCTION ledger_check_invoice_applied();

-- At commit: an invoice that changed customer or currency is settled only by its own customer's payments in its
-- currency, and credited only in its currency.
CREATE FUNCTION ledger_check_invoice_counterparts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT a.payment_id, p.external_id AS payment_key, p.customer_id AS payment_customer, p.currency AS payment_currency,
         i.id AS invoice_id, i.external_id AS invoice_key, i.customer_id AS invoice_customer, i.currency AS invoice_currency
  INTO r
  FROM invoices i JOIN payment_allocations a ON a.invoice_id = i.id JOIN payments p ON p.id = a.payment_id
  WHERE i.id = NEW.id AND (p.customer_id <> i.customer_id OR p.currency <> i.currency)
  LIMIT 1;
  IF FOUND THEN
    PERFORM ledger_invariant_failed('allocation_same_customer_currency', 'invoices', format(
      'invoice %s (%s) is now of customer %s in %s, but payment %s (%s) of customer %s in %s is allocated to it',
      r.invoice_id, r.invoice_key, r.invoice_customer, r.invoice_currency,
      r.payment_id, r.payment_key, r.payment_customer, r.payment_currency));
  END IF;
  SELECT n.id, n.external_id, n.currency, i.id AS invoice_id, i.external_id AS invoice_key, i.currency AS invoice_currency
  INTO r
  FROM invoices i JOIN credit_notes n ON n.invoice_id = i.id
  WHERE i.id = NEW.id AND n.currency <> i.currency
  LIMIT 1;
  IF FOUND THEN
    PERFORM ledger_invariant_failed('credit_note_invoice_currency', 'invoices', format(
      'invoice %s (%s) is now in %s, but its credit note %s (%s) is in %s',
      r.invoice_id, r.invoice_key, r.invoice_currency, r.id, r.external_id, r.currency));
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER ledger_invariants_invoice_counterparts AFTER UPDATE ON invoices
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (OLD.customer_id IS DISTINCT FROM NEW.customer_id OR OLD.currency IS DISTINCT FROM NEW.currency)
  EXECUTE FUNCTION ledger_check_invoice_counterparts();

-- At commit: a payment whose amount fell, or that changed customer or currency, still fits its allocations.
CREATE FUNCTION ledger_check_payment() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r record;
BEGIN
  SELECT p.id, p.external_id, p.currency, p.amount_minor, x.allocated
  INTO r
  FROM payments p
  CROSS JOIN LATERAL (SELECT sum(a.amount_minor) AS allocated FROM payment_allocations a WHERE a.payment_id = p.id) x
  WHERE p.id = NEW.id AND x.allocated > p.amount_minor;
  IF FOUND THEN
    PERFORM ledger_invariant_failed('payment_allocated_within_amount', 'payments', format(
      'payment %s (%s) has %s allocated, more than its amount %s (minor units of %s)',
      r.id, r.external_id, r.allocated, r.amount_minor, r.currency));
  END IF;
  SELECT p.id, p.external_id, p.customer_id AS payment_customer, p.currency AS payment_currency,
         i.id AS invoice_id, i.external_id AS invoice_key, i.customer_id AS invoice_customer, i.currency AS invoice_currency
  INTO r
  FROM payments p JOIN payment_allocations a ON a.payment_id = p.id JOIN invoices i ON i.id = a.invoice_id
  WHERE p.id = NEW.id AND (p.customer_id <> i.customer_id OR p.currency <> i.currency)
  LIMIT 1;
  IF FOUND THEN
    PERFORM ledger_invariant_failed('allocation_same_customer_currency', 'payments', format(
      'payment %s (%s) is now of customer %s in %s, but is allocated to invoice %s (%s) of customer %s in %s',
      r.id, r.external_id, r.payment_customer, r.payment_currency,
      r.invoice_id, r.invoice_key, r.invoice_customer, r.invoice_currency));
  END IF;
  RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER ledger_invariants_payment AFTER UPDATE ON payments
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  WHEN (NEW.amount_minor < OLD.amount_minor OR OLD.customer_id IS DISTINCT FROM NEW.customer_id
        OR OLD.currency IS DISTINCT FROM NEW.currency)
  EXECUTE FUNCTION ledger_check_payment();
