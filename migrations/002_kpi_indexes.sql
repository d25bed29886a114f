-- KPIs for any "as of" date without reading the whole ledger: a settlement summary per invoice, kept exact
-- by triggers, and the indexes the KPI queries range over.
--
-- invoice_settlements is derived data, one row per invoice. A row is recomputed from scratch (never adjusted
-- incrementally) from the invoice, its allocations with their payments' received dates, and its credit notes,
-- by the one function invoice_settlement_refresh, whenever any of those change; nothing else writes it.
-- Because remaining(invoice, t) only falls as t grows (payments and credit notes are positive), the first
-- date it reaches zero decides "open at D" for every D:
--   open at D  <=>  issue_date <= D AND (settled_on IS NULL OR settled_on > D).
-- It is a table of its own, not columns of invoices: updating a narrow row with three indexes costs a
-- fraction of rewriting an invoice row and its dozen indexes on every payment.
CREATE TABLE invoice_settlements (
  invoice_id       bigint PRIMARY KEY,
  -- Copies of the invoice's columns the KPIs read, so KPI scans never touch invoices.
  customer_id      bigint NOT NULL,
  currency         char(3) NOT NULL,
  issue_date       date NOT NULL,
  due_date         date NOT NULL,
  amount_minor     bigint NOT NULL,
  -- Σ allocations + Σ credit notes, whatever their dates.
  applied_minor    bigint NOT NULL DEFAULT 0,
  -- Earliest and latest date money was applied (payment received dates, credit note dates); NULL if none.
  first_applied_on date,
  last_applied_on  date,
  -- The first date on which remaining <= 0; NULL while it owes something.
  settled_on       date,
  -- settled_on when a payment received that day brought remaining to zero; NULL while unpaid, or when a
  -- credit note alone settled it.
  paid_on          date,
  -- Money was applied before it was settled (a part payment or credit): only these invoices are open with
  -- less than their amount outstanding. A column, so the planner has statistics for it.
  part_applied     boolean GENERATED ALWAYS AS (first_applied_on < coalesce(settled_on, 'infinity'::date)) STORED
);

CREATE FUNCTION invoice_settlement_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  -- Lock first, compute in the next statement: under READ COMMITTED that statement's snapshot includes every
  -- change committed by a writer that held these rows before us, and a writer still uncommitted locks after
  -- us and recomputes itself. So the last writer always computes from all committed inputs.
  PERFORM 1 FROM invoice_settlements WHERE invoice_id = ANY (ids) ORDER BY invoice_id FOR UPDATE;
  WITH applied AS (
    SELECT a.invoice_id, p.received_date AS on_date, a.amount_minor, true AS by_payment
    FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
    WHERE a.invoice_id = ANY (ids)
    UNION ALL
    SELECT n.invoice_id, n.issued_date, n.amount_minor, false
    FROM credit_notes n
    WHERE n.invoice_id = ANY (ids)
  ), by_day AS (
    SELECT invoice_id, on_date, sum(amount_minor) AS amount_minor, bool_or(by_payment) AS by_payment
    FROM applied GROUP BY invoice_id, on_date
  ), running AS (
    SELECT d.*, sum(d.amount_minor) OVER (PARTITION BY d.invoice_id ORDER BY d.on_date) AS cumulative
    FROM by_day d
  ), settled AS (
    SELECT DISTINCT ON (r.invoice_id) r.invoice_id, r.on_date, r.by_payment
    FROM running r JOIN invoices i ON i.id = r.invoice_id
    WHERE r.cumulative >= i.amount_minor
    ORDER BY r.invoice_id, r.on_date
  ), summary AS (
    SELECT invoice_id, sum(amount_minor) AS applied_minor, min(on_date) AS first_on, max(on_date) AS last_on
    FROM by_day GROUP BY invoice_id
  )
  INSERT INTO invoice_settlements AS x (invoice_id, customer_id, currency, issue_date, due_date, amount_minor,
                                        applied_minor, first_applied_on, last_applied_on, settled_on, paid_on)
  SELECT i.id, i.customer_id, i.currency, i.issue_date, i.due_date, i.amount_minor,
         coalesce(s.applied_minor, 0), s.first_on, s.last_on, t.on_date, CASE WHEN t.by_payment THEN t.on_date END
  FROM invoices i
  LEFT JOIN summary s ON s.invoice_id = i.id
  LEFT JOIN settled t ON t.invoice_id = i.id
  WHERE i.id = ANY (ids)
  ON CONFLICT (invoice_id) DO UPDATE SET
    customer_id = excluded.customer_id, currency = excluded.currency, issue_date = excluded.issue_date,
    due_date = excluded.due_date, amount_minor = excluded.amount_minor, applied_minor = excluded.applied_minor,
    first_applied_on = excluded.first_applied_on, last_applied_on = excluded.last_applied_on,
    settled_on = excluded.settled_on, paid_on = excluded.paid_on;
END;
$$;

-- Statement-level triggers with transition tables: one refresh per statement (an import batch), not per row.
CREATE FUNCTION invoice_settlement_on_allocations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- Lock the payments whose received dates we read, so a concurrent change of such a date either waits for
    -- us (and then sees our allocation) or we wait for it (and then read the new date).
    PERFORM 1 FROM payments WHERE id IN (SELECT payment_id FROM new_rows) ORDER BY id FOR SHARE;
    PERFORM invoice_settlement_refresh(ARRAY(SELECT DISTINCT invoice_id FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM 1 FROM payments WHERE id IN (SELECT payment_id FROM new_rows) ORDER BY id FOR SHARE;
    PERFORM invoice_settlement_refresh(ARRAY(SELECT invoice_id FROM old_rows UNION SELECT invoice_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM invoice_settlement_refresh(ARRAY(SELECT DISTINCT invoice_id FROM old_rows));
  ELSE -- TRUNCATE: every invoice that had money applied
    PERFORM invoice_settlement_refresh(ARRAY(SELECT invoice_id FROM invoice_settlements WHERE first_applied_on IS NOT NULL));
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION invoice_settlement_on_credit_notes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM invoice_settlement_refresh(ARRAY(SELECT DISTINCT invoice_id FROM new_rows));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM invoice_settlement_refresh(ARRAY(SELECT invoice_id FROM old_rows UNION SELECT invoice_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM invoice_settlement_refresh(ARRAY(SELECT DISTINCT invoice_id FROM old_rows));
  ELSE
    PERFORM invoice_settlement_refresh(ARRAY(SELECT invoice_id FROM invoice_settlements WHERE first_applied_on IS NOT NULL));
  END IF;
  RETURN NULL;
END;
$$;

-- A payment's received date dates every allocation of it. (A payment with allocations cannot be deleted.)
CREATE FUNCTION invoice_settlement_on_payments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM invoice_settlement_refresh(ARRAY(
    SELECT DISTINCT a.invoice_id
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    JOIN payment_allocations a ON a.payment_id = n.id
    WHERE o.received_date <> n.received_date));
  RETURN NULL;
END;
$$;

CREATE FUNCTION invoice_settlement_on_invoices() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    -- A new invoice has nothing applied yet (allocations and credit notes reference it), so its row is known
    -- without computing; DO NOTHING in case a refresh in the same statement already wrote it.
    INSERT INTO invoice_settlements (invoice_id, customer_id, currency, issue_date, due_date, amount_minor)
    SELECT id, customer_id, currency, issue_date, due_date, amount_minor FROM new_rows
    ON CONFLICT (invoice_id) DO NOTHING;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM invoice_settlement_refresh(ARRAY(
      SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
      WHERE (o.customer_id, o.currency, o.issue_date, o.due_date, o.amount_minor)
            IS DISTINCT FROM (n.customer_id, n.currency, n.issue_date, n.due_date, n.amount_minor)));
  ELSIF TG_OP = 'DELETE' THEN
    DELETE FROM invoice_settlements WHERE invoice_id IN (SELECT id FROM old_rows);
  ELSE
    DELETE FROM invoice_settlements;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER invoice_settlement_allocations_insert AFTER INSERT ON payment_allocations
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_allocations();
CREATE TRIGGER invoice_settlement_allocations_update AFTER UPDATE ON payment_allocations
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_allocations();
CREATE TRIGGER invoice_settlement_allocations_delete AFTER DELETE ON payment_allocations
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_allocations();
CREATE TRIGGER invoice_settlement_allocations_truncate AFTER TRUNCATE ON payment_allocations
  FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_allocations();

CREATE TRIGGER invoice_settlement_credit_notes_insert AFTER INSERT ON credit_notes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_credit_notes();
CREATE TRIGGER invoice_settlement_credit_notes_update AFTER UPDATE ON credit_notes
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_credit_notes();
CREATE TRIGGER invoice_settlement_credit_notes_delete AFTER DELETE ON credit_notes
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_credit_notes();
CREATE TRIGGER invoice_settlement_credit_notes_truncate AFTER TRUNCATE ON credit_notes
  FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_credit_notes();

CREATE TRIGGER invoice_settlement_payments_update AFTER UPDATE ON payments
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_payments();

CREATE TRIGGER invoice_settlement_invoices_insert AFTER INSERT ON invoices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_invoices();
CREATE TRIGGER invoice_settlement_invoices_update AFTER UPDATE ON invoices
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_invoices();
CREATE TRIGGER invoice_settlement_invoices_delete AFTER DELETE ON invoices
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_invoices();
CREATE TRIGGER invoice_settlement_invoices_truncate AFTER TRUNCATE ON invoices
  FOR EACH STATEMENT EXECUTE FUNCTION invoice_settlement_on_invoices();

-- Invoices already in the ledger.
SELECT invoice_settlement_refresh(ARRAY(SELECT id FROM invoices));

-- KPI totals by day, per currency: the change each day brings to every additive KPI input, so that a total
-- at any date D is a sum over the days up to D (a few thousand rows, whatever the size of the ledger).
-- Derived from invoice_settlements alone, by kpi_daily_deltas_sql, on every change of a settlement row:
-- the old row's contribution is taken out and the new one's put in, in the same statement. Amounts are
-- gross (the invoice amount while open); what was applied to invoices still open is added back at query
-- time from the few partly paid invoices (invoice_settlements_part_applied_idx).
CREATE TABLE kpi_daily (
  currency         char(3) NOT NULL,
  day              date NOT NULL,
  sales_minor      bigint NOT NULL DEFAULT 0, -- Σ amount of invoices issued that day
  open_count       bigint NOT NULL DEFAULT 0, -- Δ invoices open
  overdue_count    bigint NOT NULL DEFAULT 0, -- Δ invoices open and past due
  gross_current    bigint NOT NULL DEFAULT 0, -- Δ amount of open invoices 0 days or less past due
  gross_1_30       bigint NOT NULL DEFAULT 0, -- … 1-30 days past due, and so on
  gross_31_60      bigint NOT NULL DEFAULT 0,
  gross_61_90      bigint NOT NULL DEFAULT 0,
  gross_91_plus    bigint NOT NULL DEFAULT 0,
  paid_count       bigint NOT NULL DEFAULT 0, -- Δ invoices issued and paid within the last 90 days
  paid_days_to_pay bigint NOT NULL DEFAULT 0, -- Δ Σ (paid date - issue date) of those
  paid_days_late   bigint NOT NULL DEFAULT 0, -- Δ Σ max(0, paid date - due date)
  paid_on_time     bigint NOT NULL DEFAULT 0, -- Δ how many of those were paid by their due date
  PRIMARY KEY (currency, day)
);

-- The day-by-day contribution of settlement rows given by `source` (a query yielding `sign` (+1 or -1) and
-- the columns of invoice_settlements), summed per currency and day. An invoice is open on [issue, settled);
-- while open it sits in one aging bucket (k = 3 current … 7 for 91+), moving on due+1, due+31, due+61 and
-- due+91; it counts in the 90-day paid window on [max(paid, issue), paid + 90). Each event is a narrow row
-- (currency, day, k, v) from one plain SELECT: much cheaper per invoice than one wide row per event.
CREATE FUNCTION kpi_daily_deltas_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    WITH net AS MATERIALIZED (
      -- An update that leaves the dates and amount as they were (most part payments) nets to nothing here.
      -- (Grouping, not a join: transition tables have no statistics and a join of two goes nested-loop.)
      SELECT sum(sign)::int8 AS sign, currency, issue_date, due_date, amount_minor, settled_on, paid_on
      FROM (%s) src
      GROUP BY invoice_id, currency, issue_date, due_date, amount_minor, settled_on, paid_on
      HAVING sum(sign) <> 0
    ), r AS (
      SELECT sign, currency, issue_date AS i, due_date AS du, settled_on AS st, coalesce(settled_on, 'infinity'::date) AS s,
             paid_on AS p, greatest(paid_on, issue_date) AS pf, sign * amount_minor AS a
      FROM net
    ), bounds(b, k) AS (VALUES (1, 4), (31, 5), (61, 6), (91, 7)), ev(currency, day, k, v) AS (
      SELECT currency, i, 0, a FROM r
      UNION ALL SELECT currency, i, 1, sign FROM r WHERE i < s
      UNION ALL SELECT currency, st, 1, -sign FROM r WHERE i < st
      UNION ALL SELECT currency, du + 1, 2, sign FROM r WHERE du + 1 < s
      UNION ALL SELECT currency, st, 2, -sign FROM r WHERE du + 1 < st
      UNION ALL SELECT currency, i, 3, a FROM r WHERE i < s
      UNION ALL SELECT r.currency, r.du + bounds.b, bounds.k - 1, -r.a FROM r CROSS JOIN bounds WHERE r.du + bounds.b < r.s
      UNION ALL SELECT r.currency, r.du + bounds.b, bounds.k, r.a FROM r CROSS JOIN bounds WHERE r.du + bounds.b < r.s
      UNION ALL SELECT currency, st, CASE WHEN st <= du + 1 THEN 3 WHEN st <= du + 31 THEN 4 WHEN st <= du + 61 THEN 5
                                          WHEN st <= du + 91 THEN 6 ELSE 7 END, -a FROM r WHERE i < st
      UNION ALL SELECT currency, pf, 8, sign FROM r WHERE pf < p + 90
      UNION ALL SELECT currency, p + 90, 8, -sign FROM r WHERE pf < p + 90
      UNION ALL SELECT currency, pf, 9, sign * (p - i) FROM r WHERE pf < p + 90
      UNION ALL SELECT currency, p + 90, 9, -sign * (p - i) FROM r WHERE pf < p + 90
      UNION ALL SELECT currency, pf, 10, sign * greatest(0, p - du) FROM r WHERE pf < p + 90 AND p > du
      UNION ALL SELECT currency, p + 90, 10, -sign * greatest(0, p - du) FROM r WHERE pf < p + 90 AND p > du
      UNION ALL SELECT currency, pf, 11, sign FROM r WHERE pf < p + 90 AND p <= du
      UNION ALL SELECT currency, p + 90, 11, -sign FROM r WHERE pf < p + 90 AND p <= du
    )
    SELECT currency, day,
           coalesce(sum(v) FILTER (WHERE k = 0), 0)::int8 AS sales_minor,
           coalesce(sum(v) FILTER (WHERE k = 1), 0)::int8 AS open_count,
           coalesce(sum(v) FILTER (WHERE k = 2), 0)::int8 AS overdue_count,
           coalesce(sum(v) FILTER (WHERE k = 3), 0)::int8 AS gross_current,
           coalesce(sum(v) FILTER (WHERE k = 4), 0)::int8 AS gross_1_30,
           coalesce(sum(v) FILTER (WHERE k = 5), 0)::int8 AS gross_31_60,
           coalesce(sum(v) FILTER (WHERE k = 6), 0)::int8 AS gross_61_90,
           coalesce(sum(v) FILTER (WHERE k = 7), 0)::int8 AS gross_91_plus,
           coalesce(sum(v) FILTER (WHERE k = 8), 0)::int8 AS paid_count,
           coalesce(sum(v) FILTER (WHERE k = 9), 0)::int8 AS paid_days_to_pay,
           coalesce(sum(v) FILTER (WHERE k = 10), 0)::int8 AS paid_days_late,
           coalesce(sum(v) FILTER (WHERE k = 11), 0)::int8 AS paid_on_time
    FROM ev
    GROUP BY currency, day
    $q$, source);
$f$;

-- What kpi_daily should hold, computed from scratch (the migration fills it with this; tests compare).
CREATE FUNCTION kpi_daily_expected() RETURNS SETOF kpi_daily LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY EXECUTE kpi_daily_deltas_sql('SELECT 1 AS sign, s.* FROM invoice_settlements s');
END;
$$;

CREATE FUNCTION kpi_daily_on_settlements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The transition tables are visible to EXECUTE here (not in functions called from here).
  EXECUTE format($q$
    INSERT INTO kpi_daily AS k
    SELECT * FROM (%s) d
    WHERE (d.sales_minor, d.open_count, d.overdue_count, d.gross_current, d.gross_1_30, d.gross_31_60, d.gross_61_90,
           d.gross_91_plus, d.paid_count, d.paid_days_to_pay, d.paid_days_late, d.paid_on_time)
          IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    -- Same order in every transaction: concurrent writers queue on these rows instead of deadlocking.
    ORDER BY d.currency, d.day
    ON CONFLICT (currency, day) DO UPDATE SET
      sales_minor = k.sales_minor + excluded.sales_minor, open_count = k.open_count + excluded.open_count,
      overdue_count = k.overdue_count + excluded.overdue_count, gross_current = k.gross_current + excluded.gross_current,
      gross_1_30 = k.gross_1_30 + excluded.gross_1_30, gross_31_60 = k.gross_31_60 + excluded.gross_31_60,
      gross_61_90 = k.gross_61_90 + excluded.gross_61_90, gross_91_plus = k.gross_91_plus + excluded.gross_91_plus,
      paid_count = k.paid_count + excluded.paid_count, paid_days_to_pay = k.paid_days_to_pay + excluded.paid_days_to_pay,
      paid_days_late = k.paid_days_late + excluded.paid_days_late, paid_on_time = k.paid_on_time + excluded.paid_on_time
    $q$, kpi_daily_deltas_sql(CASE TG_OP
      WHEN 'INSERT' THEN 'SELECT 1 AS sign, n.* FROM new_rows n'
      WHEN 'DELETE' THEN 'SELECT -1 AS sign, o.* FROM old_rows o'
      ELSE 'SELECT -1 AS sign, o.* FROM old_rows o UNION ALL SELECT 1 AS sign, n.* FROM new_rows n' END));
  RETURN NULL;
END;
$$;

INSERT INTO kpi_daily SELECT * FROM kpi_daily_expected();

CREATE TRIGGER kpi_daily_settlements_insert AFTER INSERT ON invoice_settlements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_daily_on_settlements();
CREATE TRIGGER kpi_daily_settlements_update AFTER UPDATE ON invoice_settlements
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_daily_on_settlements();
CREATE TRIGGER kpi_daily_settlements_delete AFTER DELETE ON invoice_settlements
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_daily_on_settlements();

-- Scans for segment filters and breakdowns (kpi_daily has no customer dimension): open at D, open at the CEI
-- start, paid in the last 90 days, in one range over settled_on ("never settled" sorting last), carrying what
-- the KPIs read so the scan need not visit the table.
CREATE INDEX invoice_settlements_open_idx ON invoice_settlements ((coalesce(settled_on, 'infinity'::date)))
  INCLUDE (invoice_id, settled_on, paid_on, issue_date, due_date, currency, customer_id, amount_minor,
           applied_minor, first_applied_on, last_applied_on);
-- Invoices that had money applied before they were settled (part payments): what kpi_daily's gross amounts
-- must be reduced by.
CREATE INDEX invoice_settlements_part_applied_idx ON invoice_settlements ((coalesce(settled_on, 'infinity'::date)))
  INCLUDE (invoice_id, issue_date, due_date, currency, applied_minor, first_applied_on, last_applied_on)
  WHERE part_applied;
-- Sales windows: by issue date for all currencies (replacing the plain issue-date index) and by currency,
-- whose leading column also gives the list of currencies (a skip scan).
DROP INDEX invoices_issue_date_idx;
CREATE INDEX invoices_issue_date_idx ON invoices (issue_date) INCLUDE (currency, amount_minor, customer_id);
CREATE INDEX invoices_currency_issue_idx ON invoices (currency, issue_date) INCLUDE (amount_minor, customer_id);
-- Which customers have invoices in a currency by a date (the groups of a breakdown): one probe per customer.
-- Same name and leading column as before, so lookups by customer are served as they were.
DROP INDEX invoices_customer_idx;
CREATE INDEX invoices_customer_idx ON invoices (customer_id, currency, issue_date);
-- Disputes open at D: those never closed, or closed after D.
CREATE INDEX disputes_closed_at_idx ON disputes (closed_at);
