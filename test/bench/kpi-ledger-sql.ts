import type { Sql } from '../../adapters/postgres/connect.js';

export interface KpiLedgerCounts {
  readonly customers: number;
  readonly owners: number;
  /** Even: invoices come in pairs (same customer, same day), some pairs settled by one payment. */
  readonly invoices: number;
  readonly payments: number;
  readonly disputes: number;
}

export const fullCounts: KpiLedgerCounts = { customers: 20_000, owners: 50, invoices: 1_000_000, payments: 800_000, disputes: 20_000 };

/**
 * Generates a three-year ledger ending `today` straight in SQL (generate_series, INSERT … SELECT) into the
 * real tables. Rows go in with triggers off (session_replication_role = replica, as a bulk load would), then
 * the settlement summary, kpi_daily and kpi_segment_daily are built the way migrations 002 and 010 build them
 * for an existing ledger; the tests show that equals what the triggers maintain row by row.
 *
 * Shape: invoices spread evenly over 1,096 days, in pairs of one customer; terms 30/45/60 days; 2% of pairs
 * never paid (old overdue debt), the others paid from 12 days early to 32 days late (so the last ~2 months
 * are largely open); 3% of first invoices get a 40% part payment 5 days before due. Payments are made
 * exactly `counts.payments` by settling enough fully paid pairs with a single payment. Disputes: three
 * quarters on any invoice (mostly closed long ago), a quarter on recent invoices (60% still open).
 */
export async function generateKpiLedger(sql: Sql, today: string, counts: KpiLedgerCounts = fullCounts): Promise<void> {
  const pairs = counts.invoices / 2;
  await sql.begin(async (tx) => {
    await tx`SET LOCAL session_replication_role = replica`;
    await insertRows(tx as unknown as Sql, today, counts, pairs);
    await tx`SELECT invoice_settlement_refresh(ARRAY(SELECT id FROM invoices))`;
    await tx`INSERT INTO kpi_daily SELECT * FROM kpi_daily_expected()`;
    await tx`INSERT INTO kpi_segment_daily SELECT * FROM kpi_segment_daily_expected()`;
  });
}

async function insertRows(sql: Sql, today: string, counts: KpiLedgerCounts, pairs: number): Promise<void> {
  await sql`SELECT setseed(0.42)`;
  await sql`
    INSERT INTO owners (email, name, team)
    SELECT 'owner' || g || '@bench.example', 'Owner ' || g, 'sales' FROM generate_series(1, ${counts.owners}::int) g`;
  await sql`
    INSERT INTO customers (external_id, name, segment, timezone, billing_emails, sales_owner_id)
    SELECT 'C' || g, 'Customer ' || g, (ARRAY['top', 'standard', 'standard', 'standard', 'at_risk'])[1 + g % 5], 'UTC',
           ARRAY['ap' || g || '@customer.example'], (SELECT min(id) FROM owners) + g % ${counts.owners}::int
    FROM generate_series(1, ${counts.customers}::int) g`;

  // One row per pair with its fate; the two invoices of a pair are n = 2p - 1 and n = 2p.
  await sql`
    CREATE TEMP TABLE bench_pairs AS
    SELECT p, customer_id, CASE WHEN customer_id % 20 < 14 THEN 'USD' WHEN customer_id % 20 < 19 THEN 'EUR' ELSE 'JPY' END AS currency,
           issue, terms, bad, delay, delay + floor(random() * 10)::int AS delay2, random() < 0.03 AS partial, false AS combined
    FROM (
      SELECT p, (SELECT min(id) FROM customers) + floor(random() * ${counts.customers}::int)::int AS customer_id,
             ${today}::date - 1095 + ((p - 1) * 1096 / ${pairs}::int) AS issue,
             (ARRAY[30, 45, 60])[1 + floor(random() * 3)::int] AS terms,
             random() < 0.02 AS bad, floor(random() * 45)::int - 12 AS delay
      FROM generate_series(1, ${pairs}::int) p
    ) x`;
  // Fully paid invoices plus part payments give too many payments: settle enough pairs with one payment.
  const [need] = await sql<{ n: number }[]>`
    SELECT (count(*) FILTER (WHERE NOT bad AND issue + terms + delay <= ${today}::date)
          + count(*) FILTER (WHERE NOT bad AND issue + terms + delay2 <= ${today}::date)
          + count(*) FILTER (WHERE partial AND issue + terms - 5 <= ${today}::date) - ${counts.payments}::int)::int AS n
    FROM bench_pairs`;
  await sql`
    UPDATE bench_pairs SET combined = true, delay2 = delay
    WHERE p IN (SELECT p FROM bench_pairs WHERE NOT bad AND issue + terms + delay2 <= ${today}::date ORDER BY p LIMIT ${need!.n}::int)`;

  await sql`
    CREATE TEMP TABLE bench_invoices AS
    SELECT 2 * b.p - 2 + k AS n, b.*, k,
           -- 100.00 to 20,000.00 (USD, EUR), 10,000 to 2,000,000 yen
           10000 + floor(random() * 1990000)::int8 AS amount,
           CASE WHEN b.bad THEN NULL WHEN k = 1 THEN b.issue + b.terms + b.delay ELSE b.issue + b.terms + b.delay2 END AS paid_on
    FROM bench_pairs b CROSS JOIN (VALUES (1), (2)) AS kk(k)`;
  await sql`
    INSERT INTO invoices (id, external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
    OVERRIDING SYSTEM VALUE
    SELECT n, 'I' || n, 'INV-' || n, customer_id, issue, issue + terms, currency, amount FROM bench_invoices ORDER BY n`;
  await sql`SELECT setval(pg_get_serial_sequence('invoices', 'id'), ${counts.invoices}::int)`;

  // Payments: a part payment (id = invoice n) and a final payment (id = invoices + n, or the pair's first
  // invoice's id for a pair settled at once).
  await sql`
    CREATE TEMP TABLE bench_allocations AS
    SELECT n AS payment_id, n AS invoice_id, customer_id, currency, issue + terms - 5 AS received, amount * 4 / 10 AS amount
    FROM bench_invoices WHERE k = 1 AND partial AND issue + terms - 5 <= ${today}::date
    UNION ALL
    SELECT ${counts.invoices}::int8 + CASE WHEN combined THEN 2 * p - 1 ELSE n END, n, customer_id, currency, paid_on,
           amount - CASE WHEN k = 1 AND partial AND issue + terms - 5 <= ${today}::date THEN amount * 4 / 10 ELSE 0 END
    FROM bench_invoices WHERE paid_on <= ${today}::date`;
  await sql`
    INSERT INTO payments (id, external_id, customer_id, received_date, currency, amount_minor)
    OVERRIDING SYSTEM VALUE
    SELECT payment_id, 'P' || payment_id, min(customer_id), min(received), min(currency), sum(amount)
    FROM bench_allocations GROUP BY payment_id ORDER BY payment_id`;
  await sql`SELECT setval(pg_get_serial_sequence('payments', 'id'), (SELECT max(id) FROM payments))`;
  await sql`
    INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, matched_by)
    SELECT payment_id, invoice_id, amount, 'invoice_number' FROM bench_allocations ORDER BY invoice_id`;

  await sql`
    INSERT INTO disputes (external_id, invoice_id, status, opened_at, closed_at)
    SELECT 'D' || g, i.id, CASE WHEN closed IS NULL THEN 'to_clarify' ELSE 'resolved' END, opened, closed
    FROM (
      SELECT g, invoice_id, opened,
             CASE WHEN random() < CASE WHEN g % 4 = 0 THEN 0.4 ELSE 0.95 END
                  THEN least(opened + (1 + floor(random() * 40)) * interval '1 day', now() - interval '1 hour') END AS closed
      FROM (
        SELECT g, i.id AS invoice_id,
               least((i.issue_date + floor(random() * (i.due_date - i.issue_date + 20))::int)::timestamp AT TIME ZONE 'UTC'
                     + random() * interval '1 day', now() - interval '2 hours') AS opened
        FROM (
          SELECT g, CASE WHEN g % 4 = 0 THEN ${counts.invoices}::int - floor(random() * ${counts.invoices}::int / 9)::int
                         ELSE 1 + floor(random() * ${counts.invoices}::int)::int END AS n
          FROM generate_series(1, ${counts.disputes}::int) g
        ) pick JOIN invoices i ON i.id = pick.n
      ) o
    ) d JOIN invoices i ON i.id = d.invoice_id`;
  await sql`DROP TABLE bench_pairs, bench_invoices, bench_allocations`;
}
