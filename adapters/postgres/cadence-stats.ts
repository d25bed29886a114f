import type { Sql } from './connect.js';

export interface StepStats {
  policy: string;
  step: string;
  emails_sent: number;
  invoices_reminded: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  paid_within_7_days: number;
}

/**
 * Per policy step since a date: emails sent and what became of them (each email counted once per event kind),
 * and invoices settled within 7 days after their reminder, so a team can see which step and tone work.
 */
export async function cadenceStats(sql: Sql, since: string): Promise<StepStats[]> {
  return sql<StepStats[]>`
    WITH sent AS (
      SELECT e.id, e.policy, e.step_key, e.sent_at FROM reminder_emails e
      WHERE e.status = 'sent' AND e.sent_at >= ${since}::date
    ), events AS (
      SELECT s.id,
             bool_or(ev.event = 'delivered') AS delivered, bool_or(ev.event = 'open') AS opened,
             bool_or(ev.event = 'click') AS clicked, bool_or(ev.event IN ('bounce', 'dropped')) AS bounced
      FROM sent s LEFT JOIN email_events ev ON ev.email_id = s.id GROUP BY s.id
    ), paid AS (
      SELECT s.id, count(*) FILTER (WHERE i.amount_minor
               - coalesce((SELECT sum(a.amount_minor)::int8 FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                            WHERE a.invoice_id = i.id AND p.received_date <= s.sent_at::date + 7), 0)
               - coalesce((SELECT sum(n.amount_minor)::int8 FROM credit_notes n
                            WHERE n.invoice_id = i.id AND n.issued_date <= s.sent_at::date + 7), 0) <= 0) AS paid,
             count(*) AS invoices
      FROM sent s JOIN reminders r ON r.email_id = s.id JOIN invoices i ON i.id = r.invoice_id GROUP BY s.id
    )
    SELECT s.policy, s.step_key AS step, count(*)::int AS emails_sent, sum(p.invoices)::int AS invoices_reminded,
           count(*) FILTER (WHERE ev.delivered)::int AS delivered, count(*) FILTER (WHERE ev.opened)::int AS opened,
           count(*) FILTER (WHERE ev.clicked)::int AS clicked, count(*) FILTER (WHERE ev.bounced)::int AS bounced,
           sum(p.paid)::int AS paid_within_7_days
    FROM sent s JOIN events ev ON ev.id = s.id JOIN paid p ON p.id = s.id
    GROUP BY s.policy, s.step_key ORDER BY s.policy, min(s.sent_at)`;
}
