import type { Sql } from '../../adapters/postgres/connect.js';
import { customer, importRows, invoice } from './cadence-ledger.js';

// A small ledger whose every report figure is worked out by hand in test/integration/report-data.test.ts.
// Company time: Europe/Paris. March 2026 runs from 2026-02-28T23:00Z to 2026-03-31T22:00Z (CEST from Mar 29),
// February from 2026-01-31T23:00Z to 2026-02-28T23:00Z.
//
// Owners: ana (sales), bob (sales), dee (delivery).
// Customers: TOP1 (segment top; sales ana, delivery dee), STR1 (standard but strategic; sales bob, delivery ana),
//            STD1 (standard; sales ana) — not in the review.
// Invoices (EUR unless said):
//   T1 TOP1 issued 02-10 due 03-10 1000.00; paid 400.00 on 03-05          → open 600.00 at 03-31, overdue
//   T2 TOP1 issued 03-15 due 04-14  500.00                                 → open, not yet due at 03-31
//   T3 TOP1 issued 01-05 due 02-04  200.00; paid 200.00 on 02-20           → settled in February
//   T4 TOP1 issued 03-01 due 03-20  300.00 USD                             → overdue at 03-31
//   S1 STR1 issued 02-01 due 02-15  800.00; credit 100.00 03-02, paid 700.00 03-25 → paid on 03-25
//   D1 STD1 issued 01-10 due 02-10  250.00                                 → overdue
//   D2 STD1 issued 03-01 due 03-31  100.00; paid 100.00 on 03-10           → paid on 03-10

export const owners = [
  { email: 'ana@acme.example', name: 'Ana', team: 'sales' },
  { email: 'bob@acme.example', name: 'Bob', team: 'sales' },
  { email: 'dee@acme.example', name: 'Dee', team: 'delivery' },
];

const issued = (row: ReturnType<typeof invoice>, issue: string) => ({ ...row, issue_date: issue });

export async function seedReportLedger(sql: Sql): Promise<void> {
  await importRows(sql, {
    owners,
    customers: [
      customer('TOP1', 'Europe/Paris', 'top', { sales_owner_email: 'ana@acme.example', delivery_owner_email: 'dee@acme.example' }),
      customer('STR1', 'Europe/Paris', 'standard', { strategic: 'true', sales_owner_email: 'bob@acme.example', delivery_owner_email: 'ana@acme.example' }),
      customer('STD1', 'Europe/Paris', 'standard', { sales_owner_email: 'ana@acme.example' }),
    ],
    invoices: [
      issued(invoice('T1', 'TOP1', '2026-03-10', '1000.00'), '2026-02-10'),
      issued(invoice('T2', 'TOP1', '2026-04-14', '500.00'), '2026-03-15'),
      issued(invoice('T3', 'TOP1', '2026-02-04', '200.00'), '2026-01-05'),
      issued(invoice('T4', 'TOP1', '2026-03-20', '300.00', 'USD'), '2026-03-01'),
      issued(invoice('S1', 'STR1', '2026-02-15', '800.00'), '2026-02-01'),
      issued(invoice('D1', 'STD1', '2026-02-10', '250.00'), '2026-01-10'),
      issued(invoice('D2', 'STD1', '2026-03-31', '100.00'), '2026-03-01'),
    ],
    payments: [
      { external_id: 'P1', customer_external_id: 'TOP1', received_date: '2026-03-05', currency: 'EUR', amount: '400.00', invoice_number: 'INV-T1' },
      { external_id: 'P2', customer_external_id: 'TOP1', received_date: '2026-02-20', currency: 'EUR', amount: '200.00', invoice_number: 'INV-T3' },
      { external_id: 'P3', customer_external_id: 'STR1', received_date: '2026-03-25', currency: 'EUR', amount: '700.00', invoice_number: 'INV-S1' },
      { external_id: 'P4', customer_external_id: 'STD1', received_date: '2026-03-10', currency: 'EUR', amount: '100.00', invoice_number: 'INV-D2' },
    ],
    credit_notes: [
      { external_id: 'C1', number: 'CN-1', invoice_external_id: 'S1', issued_date: '2026-03-02', currency: 'EUR', amount: '100.00', reason: 'discount' },
    ],
  });
  await seedDisputes(sql);
  await seedPromises(sql);
  await seedEmails(sql);
}

// Disputes (UTC instants): owner, opened, closed.
//   DS1 T1 'price'                 ana 02-27 10:00 → 03-02 10:00 (72 h; SLA deadline 03-01 10:00 in March: a breach)
//   DS2 T2 'delivery not received' dee 03-16 09:00 → 03-17 09:00 (24 h)
//   DS3 T4 'price ' (trimmed)      ana 03-30 12:00 → open (deadline 04-01 12:00, after March)
//   DS4 S1 'price'                 bob 03-10 08:00 → 03-11 20:00 (36 h, credit note issued)
//   DS5 D1 'missing PO'            nobody 01-20 10:00 → 02-10 10:00
//   DS6 T1 'price'                 bob 02-05 10:00 → open (deadline 02-07: a February breach)
async function seedDisputes(sql: Sql): Promise<void> {
  await sql`
    INSERT INTO disputes (external_id, invoice_id, reason, status, owner_id, opened_at, closed_at)
    SELECT v.ext, i.id, v.reason, v.status, o.id, v.opened::timestamptz, v.closed::timestamptz
    FROM (VALUES
      ('DS1', 'T1', 'price', 'resolved', 'ana@acme.example', '2026-02-27T10:00Z', '2026-03-02T10:00Z'),
      ('DS2', 'T2', 'delivery not received', 'resolved', 'dee@acme.example', '2026-03-16T09:00Z', '2026-03-17T09:00Z'),
      ('DS3', 'T4', 'price ', 'to_clarify', 'ana@acme.example', '2026-03-30T12:00Z', NULL),
      ('DS4', 'S1', 'price', 'credit_note_issued', 'bob@acme.example', '2026-03-10T08:00Z', '2026-03-11T20:00Z'),
      ('DS5', 'D1', 'missing PO', 'resolved', NULL, '2026-01-20T10:00Z', '2026-02-10T10:00Z'),
      ('DS6', 'T1', 'price', 'awaiting_client', 'bob@acme.example', '2026-02-05T10:00Z', NULL)
    ) AS v(ext, inv, reason, status, owner, opened, closed)
    JOIN invoices i ON i.external_id = v.inv LEFT JOIN owners o ON o.email = v.owner`;
}

// Promises resolved: PR1 T1 kept 03-05, PR2 T4 broken 03-21, PR3 S1 kept 03-26, PR4 D1 broken 02-20 (February).
async function seedPromises(sql: Sql): Promise<void> {
  await sql`
    INSERT INTO promises_to_pay (invoice_id, promised_date, status, created_by, resolved_at)
    SELECT i.id, v.promised::date, v.status, 'test', v.resolved::timestamptz
    FROM (VALUES ('T1', '2026-03-04', 'kept', '2026-03-05T12:00Z'), ('T4', '2026-03-20', 'broken', '2026-03-21T12:00Z'),
                 ('S1', '2026-03-25', 'kept', '2026-03-26T12:00Z'), ('D1', '2026-02-19', 'broken', '2026-02-20T12:00Z'))
      AS v(inv, promised, status, resolved)
    JOIN invoices i ON i.external_id = v.inv`;
}

// Reminder emails (UTC). Sent, policy standard:
//   E1 TOP1 overdue/overdue       03-13 08:00 → T1; delivered, open, click
//   E2 STR1 overdue/overdue       03-18 08:00 → S1; delivered, open; a human reply matched by token
//   E3 STD1 overdue/overdue_firm  03-05 08:00 → D1; delivered; an auto-reply (machine, unmatched) and a reply matched by sender
//   E4 TOP1 upcoming/upcoming     03-13 09:00 → T4; no events
//   E5 STR1 overdue/overdue       02-20 08:00 → S1 (February: only in reminders per paid invoice)
// Approvals (top policy, escalation):
//   A1 TOP1 scheduled 03-30 08:00 awaiting; A2 TOP1 03-31 08:00 awaiting;
//   A3 STR1 03-20 08:00 approved on 04-02 09:00 (still pending at the end of 03-31); A4 STR1 03-10 refused on 03-11.
async function seedEmails(sql: Sql): Promise<void> {
  await sql`
    WITH v(ref, cust, policy, step, template, status, at, decision, decided) AS (VALUES
      ('E1', 'TOP1', 'standard', 'overdue', 'overdue', 'sent', '2026-03-13T08:00Z', NULL, NULL),
      ('E2', 'STR1', 'standard', 'overdue', 'overdue', 'sent', '2026-03-18T08:00Z', NULL, NULL),
      ('E3', 'STD1', 'standard', 'overdue', 'overdue_firm', 'sent', '2026-03-05T08:00Z', NULL, NULL),
      ('E4', 'TOP1', 'standard', 'upcoming', 'upcoming', 'sent', '2026-03-13T09:00Z', NULL, NULL),
      ('E5', 'STR1', 'standard', 'overdue', 'overdue', 'sent', '2026-02-20T08:00Z', NULL, NULL),
      ('A1', 'TOP1', 'top', 'escalation', 'escalation', 'awaiting_approval', '2026-03-30T08:00Z', NULL, NULL),
      ('A2', 'TOP1', 'top', 'escalation', 'escalation', 'awaiting_approval', '2026-03-31T08:00Z', NULL, NULL),
      ('A3', 'STR1', 'top', 'escalation', 'escalation', 'queued', '2026-03-20T08:00Z', 'approved', '2026-04-02T09:00Z'),
      ('A4', 'STR1', 'top', 'final_notice', 'final_notice', 'cancelled', '2026-03-10T08:00Z', 'refused', '2026-03-11T08:00Z')
    )
    INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails, sent_at, subject, decision, decided_at)
    SELECT c.id, v.policy, v.step, v.template, v.status, v.at::timestamptz, c.billing_emails,
           CASE WHEN v.status = 'sent' THEN v.at::timestamptz END, v.ref, v.decision, v.decided::timestamptz
    FROM v JOIN customers c ON c.external_id = v.cust`;
  // (invoice, step) is unique in reminders: E2 and E5 both remind S1 at step overdue, so each row's step_key carries
  // its email's name; the reports read the step from the email.
  await sql`
    INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
    SELECT i.id, e.step_key || '_' || e.subject, e.policy, e.id, i.amount_minor, i.currency
    FROM (VALUES ('E1', 'T1'), ('E2', 'S1'), ('E3', 'D1'), ('E4', 'T4'), ('E5', 'S1')) AS v(ref, inv)
    JOIN reminder_emails e ON e.subject = v.ref JOIN invoices i ON i.external_id = v.inv`;
  await sql`
    INSERT INTO email_events (sg_event_id, email_id, event, occurred_at)
    SELECT v.ref || '-' || v.event, e.id, v.event, e.sent_at + interval '1 hour'
    FROM (VALUES ('E1', 'delivered'), ('E1', 'open'), ('E1', 'click'), ('E2', 'delivered'), ('E2', 'open'), ('E3', 'delivered'))
      AS v(ref, event)
    JOIN reminder_emails e ON e.subject = v.ref`;
  await sql`
    INSERT INTO inbound_replies (message_id, received_at, mode, raw_size, reminder_email_id, customer_id, matched_by, machine)
    SELECT v.mid, e.sent_at + interval '2 hours', 'parsed', 100, CASE WHEN v.machine IS NULL THEN e.id END,
           CASE WHEN v.matched IS NOT NULL THEN e.customer_id END, v.matched, v.machine
    FROM (VALUES ('<r1@x>', 'E2', 'token', NULL), ('<r2@x>', 'E3', NULL, 'auto_reply'), ('<r3@x>', 'E3', 'sender', NULL))
      AS v(mid, ref, matched, machine)
    JOIN reminder_emails e ON e.subject = v.ref`;
}
