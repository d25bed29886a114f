import type { Sql } from '../../adapters/postgres/connect.js';

/**
 * Adds a year of reminder emails to the KPI ledger (kpi-ledger-sql.ts), as the cadence would have sent them since
 * arbot was adopted a year before `today`: per pair of invoices (one customer, one due date), an `upcoming` email
 * 7 days before due, and an `overdue` email 3 days after due when the pair was still unpaid then; each with its
 * reminders (one per invoice and step), a `delivered` event, an `open` on every third, a `click` on every tenth,
 * and a human reply on every twentieth. Emails go out at 08:00 UTC. Triggers stay on: none is on these tables.
 */
export async function generateReminderEmails(sql: Sql, today: string): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`
      CREATE TEMP TABLE bench_sends AS
      SELECT row_number() OVER (ORDER BY day, first_id, step) AS n, *
      FROM (
        SELECT i.id AS first_id, i.customer_id, s.step, s.day
        FROM invoices i
        CROSS JOIN LATERAL (VALUES ('upcoming', i.due_date - 7), ('overdue', i.due_date + 3)) AS s(step, day)
        LEFT JOIN invoice_settlements st ON st.invoice_id = i.id
        WHERE i.id % 2 = 1 AND s.day > ${today}::date - 365 AND s.day <= ${today}::date
          AND (s.step = 'upcoming' OR coalesce(st.settled_on, 'infinity'::date) > i.due_date + 3)
      ) x`;
    await tx`
      INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails, sent_at, subject, attempts)
      SELECT b.customer_id, 'standard', b.step, b.step, 'sent', b.day + time '08:00', c.billing_emails, b.day + time '08:00', 'Bench ' || b.n, 1
      FROM bench_sends b JOIN customers c ON c.id = b.customer_id ORDER BY b.n`;
    // Emails were inserted in n order, so the k-th new id is send n = k.
    await tx`
      CREATE TEMP TABLE bench_email_ids AS
      SELECT b.n, b.first_id, b.step, e.id AS email_id
      FROM bench_sends b JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM reminder_emails WHERE subject LIKE 'Bench %') e ON e.n = b.n`;
    await tx`
      INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
      SELECT i.id, b.step, 'standard', b.email_id, i.amount_minor, i.currency
      FROM bench_email_ids b JOIN invoices i ON i.id IN (b.first_id, b.first_id + 1)`;
    await tx`
      INSERT INTO email_events (sg_event_id, email_id, event, occurred_at)
      SELECT 'bench-' || b.email_id || '-' || ev.event, b.email_id, ev.event, e.sent_at + ev.after
      FROM bench_email_ids b JOIN reminder_emails e ON e.id = b.email_id
      CROSS JOIN LATERAL (VALUES ('delivered', interval '1 minute', true), ('open', interval '3 hours', b.n % 3 = 0),
                                 ('click', interval '4 hours', b.n % 10 = 0)) AS ev(event, after, happened)
      WHERE ev.happened`;
    await tx`
      INSERT INTO inbound_replies (message_id, received_at, mode, raw_size, reminder_email_id, customer_id, matched_by)
      SELECT '<bench-' || b.email_id || '@reply.example>', e.sent_at + interval '1 day', 'parsed', 1000, b.email_id, e.customer_id, 'token'
      FROM bench_email_ids b JOIN reminder_emails e ON e.id = b.email_id WHERE b.n % 20 = 0`;
    await tx`DROP TABLE bench_sends, bench_email_ids`;
  });
}
