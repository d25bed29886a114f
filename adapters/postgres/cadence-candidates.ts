import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { CadenceCandidate } from '../../src/ports/cadence-store.js';
import type { Sql } from './connect.js';

/**
 * Streams invoices due between `from` and `to` (a window wide enough for every step of every policy around
 * `now`) that still owe money. Only the window is read, never the whole ledger; the due rule decides the rest.
 * Amounts count payments and credit notes dated on or before `today`, so a back-filled tick sees the past.
 */
export function cadenceCandidates(sql: Sql, now: Date, today: CalendarDate, from: CalendarDate, to: CalendarDate) {
  return sql<CadenceCandidate[]>`
    SELECT i.id AS invoice_id, i.number, i.due_date::text AS due_date, i.currency, i.amount_minor,
           i.amount_minor - coalesce(pa.s, 0) - coalesce(cn.s, 0) AS remaining_minor,
           i.client_reference, i.pay_url,
           c.id AS customer_id, c.external_id AS customer_external_id, c.name AS customer_name, c.segment, c.strategic,
           c.timezone, c.country, c.locale, c.billing_emails, c.escalation_email, so.email AS sales_owner_email,
           EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.opened_at <= ${now}
                     AND (d.closed_at IS NULL OR d.closed_at > ${now})) AS open_dispute,
           (SELECT max(p.promised_date)::text FROM promises_to_pay p
             WHERE p.invoice_id = i.id AND p.status = 'active' AND p.created_at <= ${now}) AS promised_date,
           EXISTS (SELECT 1 FROM reminder_holds h
                    WHERE (h.invoice_id = i.id OR h.customer_id = c.id) AND h.created_at <= ${now}
                      AND (h.released_at IS NULL OR h.released_at > ${now})
                      AND (h.until_date IS NULL OR h.until_date >= (${now}::timestamptz AT TIME ZONE c.timezone)::date)) AS on_hold,
           ARRAY(SELECT b.email FROM unnest(c.billing_emails) AS b(email)
                  WHERE NOT EXISTS (SELECT 1 FROM email_suppressions s
                                     WHERE s.email = b.email AND s.cleared_at IS NULL)) AS deliverable_emails,
           coalesce((SELECT array_agg(r.step_key) FROM reminders r WHERE r.invoice_id = i.id), '{}') AS claimed_keys
    FROM invoices i
    JOIN customers c ON c.id = i.customer_id
    LEFT JOIN owners so ON so.id = c.sales_owner_id
    LEFT JOIN LATERAL (SELECT sum(a.amount_minor)::int8 AS s FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                        WHERE a.invoice_id = i.id AND p.received_date <= ${today}::date) pa ON true
    LEFT JOIN LATERAL (SELECT sum(n.amount_minor)::int8 AS s FROM credit_notes n
                        WHERE n.invoice_id = i.id AND n.issued_date <= ${today}::date) cn ON true
    WHERE i.due_date BETWEEN ${from}::date AND ${to}::date
      AND i.issue_date <= ${today}::date
      AND i.amount_minor - coalesce(pa.s, 0) - coalesce(cn.s, 0) > 0`;
}
