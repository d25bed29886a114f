-- KPI totals by day per customer segment: kpi_daily (002) split by the segment of each invoice's customer, so a
-- segment's KPIs and trend (/dso top) are prefix sums of a few thousand rows, like the whole company's, instead of
-- scans of every invoice open over the period joined to customers.
--
-- A segment scope means the customers' segment as it is now: every settlement row counts under its customer's
-- current segment. Settlement changes add their deltas under that segment; a customer changing segment moves the
-- contribution of all its invoices from the old segment to the new one. Σ over segments = kpi_daily.
CREATE TABLE kpi_segment_daily (
  segment text NOT NULL,
  LIKE kpi_daily INCLUDING DEFAULTS,
  PRIMARY KEY (segment, currency, day)
);

-- The deltas of `source` (a query yielding `sign`, `segment` and the columns of invoice_settlements) per segment,
-- currency and day. kpi_daily_deltas_sql groups by its source's currency column alone; handed segment and currency
-- as one key (currencies are three letters, so the key splits back exactly), it computes the very same events.
CREATE FUNCTION kpi_segment_daily_deltas_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    SELECT left(d.currency, -4) AS segment, right(d.currency, 3)::char(3) AS currency, d.day,
           d.sales_minor, d.open_count, d.overdue_count, d.gross_current, d.gross_1_30, d.gross_31_60, d.gross_61_90,
           d.gross_91_plus, d.paid_count, d.paid_days_to_pay, d.paid_days_late, d.paid_on_time
    FROM (%s) d
    $q$, kpi_daily_deltas_sql(format($s$
      SELECT x.sign, x.invoice_id, x.segment || ' ' || x.currency AS currency, x.issue_date, x.due_date, x.amount_minor,
             x.settled_on, x.paid_on
      FROM (%s) x
      $s$, source)));
$f$;

-- What kpi_segment_daily should hold, computed from scratch (the migration fills it with this; tests compare).
CREATE FUNCTION kpi_segment_daily_expected() RETURNS SETOF kpi_segment_daily LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN QUERY EXECUTE kpi_segment_daily_deltas_sql(
    'SELECT 1 AS sign, c.segment, s.* FROM invoice_settlements s JOIN customers c ON c.id = s.customer_id');
END;
$$;

-- Adds the deltas of `source` (as for kpi_segment_daily_deltas_sql) to both rollups, from one computation of the
-- events (the costly part of the statements of an import). Rows of segment '' (a customer no longer there) count in
-- kpi_daily only. All-zero rows are left out; every writer locks the segment rows, then the currency rows, each in
-- one order, so concurrent writers queue on them instead of deadlocking.
CREATE FUNCTION kpi_daily_apply_sql(source text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
    WITH d AS MATERIALIZED (%s), by_segment AS (
      INSERT INTO kpi_segment_daily AS k
      SELECT * FROM d
      WHERE d.segment <> ''
        AND (d.sales_minor, d.open_count, d.overdue_count, d.gross_current, d.gross_1_30, d.gross_31_60, d.gross_61_90,
             d.gross_91_plus, d.paid_count, d.paid_days_to_pay, d.paid_days_late, d.paid_on_time)
            IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
      ORDER BY d.segment, d.currency, d.day
      ON CONFLICT (segment, currency, day) DO UPDATE SET
        sales_minor = k.sales_minor + excluded.sales_minor, open_count = k.open_count + excluded.open_count,
        overdue_count = k.overdue_count + excluded.overdue_count, gross_current = k.gross_current + excluded.gross_current,
        gross_1_30 = k.gross_1_30 + excluded.gross_1_30, gross_31_60 = k.gross_31_60 + excluded.gross_31_60,
        gross_61_90 = k.gross_61_90 + excluded.gross_61_90, gross_91_plus = k.gross_91_plus + excluded.gross_91_plus,
        paid_count = k.paid_count + excluded.paid_count, paid_days_to_pay = k.paid_days_to_pay + excluded.paid_days_to_pay,
        paid_days_late = k.paid_days_late + excluded.paid_days_late, paid_on_time = k.paid_on_time + excluded.paid_on_time
      RETURNING 1
    )
    INSERT INTO kpi_daily AS k
    SELECT d.currency, d.day, sum(d.sales_minor)::int8, sum(d.open_count)::int8, sum(d.overdue_count)::int8,
           sum(d.gross_current)::int8, sum(d.gross_1_30)::int8, sum(d.gross_31_60)::int8, sum(d.gross_61_90)::int8,
           sum(d.gross_91_plus)::int8, sum(d.paid_count)::int8, sum(d.paid_days_to_pay)::int8, sum(d.paid_days_late)::int8,
           sum(d.paid_on_time)::int8
    FROM d
    -- An initplan, run before any row of kpi_daily is touched: the segment rows are written first.
    WHERE (SELECT count(*) FROM by_segment) >= 0
    GROUP BY d.currency, d.day
    -- Σ over segments of each segment's deltas = the deltas per currency: the events are linear in the sign.
    HAVING (sum(d.sales_minor), sum(d.open_count), sum(d.overdue_count), sum(d.gross_current), sum(d.gross_1_30),
            sum(d.gross_31_60), sum(d.gross_61_90), sum(d.gross_91_plus), sum(d.paid_count), sum(d.paid_days_to_pay),
            sum(d.paid_days_late), sum(d.paid_on_time))
           IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    ORDER BY d.currency, d.day
    ON CONFLICT (currency, day) DO UPDATE SET
      sales_minor = k.sales_minor + excluded.sales_minor, open_count = k.open_count + excluded.open_count,
      overdue_count = k.overdue_count + excluded.overdue_count, gross_current = k.gross_current + excluded.gross_current,
      gross_1_30 = k.gross_1_30 + excluded.gross_1_30, gross_31_60 = k.gross_31_60 + excluded.gross_31_60,
      gross_61_90 = k.gross_61_90 + excluded.gross_61_90, gross_91_plus = k.gross_91_plus + excluded.gross_91_plus,
      paid_count = k.paid_count + excluded.paid_count, paid_days_to_pay = k.paid_days_to_pay + excluded.paid_days_to_pay,
      paid_days_late = k.paid_days_late + excluded.paid_days_late, paid_on_time = k.paid_on_time + excluded.paid_on_time
    $q$, kpi_segment_daily_deltas_sql(source));
$f$;

-- 002's settlement triggers call this: settlement rows changed, the old rows' contribution out and the new rows' in,
-- under their customer's segment and in kpi_daily.
CREATE OR REPLACE FUNCTION kpi_daily_on_settlements() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The transition tables are visible to EXECUTE here (not in functions called from here).
  EXECUTE kpi_daily_apply_sql(format(
    'SELECT x.*, coalesce(c.segment, %L) AS segment FROM (%s) x LEFT JOIN customers c ON c.id = x.customer_id', '',
    CASE TG_OP
      WHEN 'INSERT' THEN 'SELECT 1 AS sign, n.* FROM new_rows n'
      WHEN 'DELETE' THEN 'SELECT -1 AS sign, o.* FROM old_rows o'
      ELSE 'SELECT -1 AS sign, o.* FROM old_rows o UNION ALL SELECT 1 AS sign, n.* FROM new_rows n' END));
  RETURN NULL;
END;
$$;

-- Customers changed segment: their invoices' contribution moves from the old segment to the new one (kpi_daily's
-- deltas sum to zero).
CREATE FUNCTION kpi_segment_daily_on_customers() RETURNS trigger LANGUAGE plpgsql
-- Transition tables have no statistics: never let a guess turn the lookup of a few customers' invoices into a scan
-- of the ledger (and, as in 007, no JIT for the cost estimates this inflates).
SET enable_seqscan = off SET jit = off
AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    -- Only with the invoices (a cascade), whose settlement rows then no longer find their customer: nothing is left.
    DELETE FROM kpi_segment_daily;
    RETURN NULL;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.segment <> n.segment) THEN
    RETURN NULL;
  END IF;
  -- A writer of settlement rows reads each customer's segment as last committed. Waiting here for every such
  -- writer still running (and holding off new ones until we commit) means each of their rows is either seen
  -- below, counted under the old segment, and moved, or written after our commit under the new segment.
  -- (Segment changes are rare; settlement writes, which take no lock for this, are not.)
  LOCK TABLE invoice_settlements IN SHARE MODE;
  EXECUTE kpi_daily_apply_sql($q$
    WITH moved AS MATERIALIZED (
      SELECT s.*, o.segment AS old_segment, n.segment AS new_segment
      FROM old_rows o JOIN new_rows n ON n.id = o.id
      -- Through invoices (customer_id, …): a settlement row's customer is its invoice's.
      JOIN invoices i ON i.customer_id = o.id JOIN invoice_settlements s ON s.invoice_id = i.id
      WHERE o.segment <> n.segment
    )
    SELECT m.*, -1 AS sign, m.old_segment AS segment FROM moved m
    UNION ALL
    SELECT m.*, 1 AS sign, m.new_segment AS segment FROM moved m
    $q$);
  RETURN NULL;
END;
$$;

INSERT INTO kpi_segment_daily SELECT * FROM kpi_segment_daily_expected();

CREATE TRIGGER kpi_segment_daily_customers_update AFTER UPDATE ON customers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_segment_daily_on_customers();
CREATE TRIGGER kpi_segment_daily_customers_truncate AFTER TRUNCATE ON customers
  FOR EACH STATEMENT EXECUTE FUNCTION kpi_segment_daily_on_customers();
