import type postgres from 'postgres';
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
  /** Emails answered by at least one human reply matched to that very email (by our reply token or the thread). */
  replied: number;
  /** replied / emails_sent as a percentage with one decimal (33.3), rounded half up in SQL numeric. */
  reply_rate_percent: number;
}

/**
 * Per policy step since a date: emails sent and what became of them (each email counted once per event kind),
 * invoices settled within 7 days after their reminder, and emails a customer answered (a reply matched to that
 * email by token or thread; a reply matched by sender alone names no email, and machine mail is never matched), so a
 * team can see which step and tone work.
 */
export async function cadenceStats(sql: Sql, since: string): Promise<StepStats[]> {
  return sql<StepStats[]>`
    WITH ${sentEmailOutcomes(sql, sql`e.sent_at >= ${since}::date`)}
    SELECT s.policy, s.step_key AS step, count(*)::int AS emails_sent, sum(p.invoices)::int AS invoices_reminded,
           count(*) FILTER (WHERE ev.delivered)::int AS delivered, count(*) FILTER (WHERE ev.opened)::int AS opened,
           count(*) FILTER (WHERE ev.clicked)::int AS clicked, count(*) FILTER (WHERE ev.bounced)::int AS bounced,
           sum(p.paid)::int AS paid_within_7_days,
           count(*) FILTER (WHERE rp.replied)::int AS replied,
           -- numeric, not float: 1 of 3 is 33.3, exactly as rounded (count(*) is never 0 in a group).
           round(100.0 * count(*) FILTER (WHERE rp.replied) / count(*), 1)::float8 AS reply_rate_percent
    FROM sent s JOIN events ev ON ev.id = s.id JOIN paid p ON p.id = s.id JOIN replied rp ON rp.id = s.id
    GROUP BY s.policy, s.step_key ORDER BY s.policy, min(s.sent_at)`;
}

/**
 * The CTEs `sent`, `events`, `paid` and `replied`: each email sent (status 'sent') whose sent_at matches `sentWhere`
 * (a condition on reminder_emails `e`), and per email whether it was delivered, opened, clicked or bounced, how
 * many invoices it reminded and how many of them were settled within 7 days after it, and whether a human replied
 * to it. The one home of these per-email outcomes: cadenceStats and the reminders report (report-reminders.ts)
 * group them their own ways.
 */
export function sentEmailOutcomes(sql: Sql, sentWhere: postgres.Fragment): postgres.Fragment {
  return sql`sent AS (
      SELECT e.id, e.policy, e.step_key, e.template, e.sent_at FROM reminder_emails e
      WHERE e.status = 'sent' AND ${sentWhere}
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
                            WHERE n.invoice_id = i.id AND n.issued_date <= s.sent_at::date + 7), 0)
               - coalesce((SELECT sum(d.amount_minor)::int8 FROM discount_allocations d JOIN payments p ON p.id = d.payment_id
                            WHERE d.invoice_id = i.id AND p.received_date <= s.sent_at::date + 7), 0) <= 0) AS paid,
             count(*) AS invoices
      FROM sent s JOIN reminders r ON r.email_id = s.id JOIN invoices i ON i.id = r.invoice_id GROUP BY s.id
    ), replied AS (
      SELECT s.id, EXISTS (SELECT 1 FROM inbound_replies ir WHERE ir.reminder_email_id = s.id
                             AND ir.matched_by IN ('token', 'thread') AND ir.machine IS NULL) AS replied
      FROM sent s
    )`;
}
