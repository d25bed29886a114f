import type { PaidInvoiceFacts, TemplateStepFacts } from '../../src/domain/reports/reminder-report.js';
import type { InstantRange, ReportMonth } from '../../src/ports/reports.js';
import { sentEmailOutcomes } from './cadence-stats.js';
import type { Sql } from './connect.js';

/** Emails sent in [from, until) per policy step and template: the per-email outcomes of cadence-stats.ts, grouped. */
export async function reminderSteps(sql: Sql, p: InstantRange): Promise<TemplateStepFacts[]> {
  return sql<TemplateStepFacts[]>`
    WITH ${sentEmailOutcomes(sql, sql`e.sent_at >= ${p.from} AND e.sent_at < ${p.until}`)}
    SELECT s.policy, s.step_key AS step, s.template, count(*)::int AS sent,
           count(*) FILTER (WHERE ev.delivered)::int AS delivered, count(*) FILTER (WHERE ev.opened)::int AS opened,
           count(*) FILTER (WHERE ev.clicked)::int AS clicked, count(*) FILTER (WHERE ev.bounced)::int AS bounced,
           count(*) FILTER (WHERE rp.replied)::int AS replied,
           sum(pd.invoices)::int AS "invoicesReminded", sum(pd.paid)::int AS "paidWithin7Days",
           -- The step's own template today (not a variant of its experiment): the control of the report's comparisons.
           EXISTS (SELECT 1 FROM cadence_steps cs WHERE cs.policy = s.policy AND cs.key = s.step_key AND cs.template = s.template) AS "stepTemplate"
    FROM sent s JOIN events ev ON ev.id = s.id JOIN paid pd ON pd.id = s.id JOIN replied rp ON rp.id = s.id
    GROUP BY s.policy, s.step_key, s.template ORDER BY s.policy, min(s.sent_at), s.step_key, s.template`;
}

/**
 * Invoices paid in the month (invoice_settlements.paid_on: a payment brought what they owe to zero) and the
 * reminders (one per invoice and step) of emails sent on or before that day in `zone`.
 */
export async function paidInvoiceReminders(sql: Sql, zone: string, m: ReportMonth): Promise<PaidInvoiceFacts> {
  const [r] = await sql<{ invoices: number; reminders: number }[]>`
    SELECT count(*)::int AS invoices, coalesce(sum(x.n), 0)::int AS reminders
    FROM invoice_settlements i CROSS JOIN LATERAL (
      SELECT count(*) AS n FROM reminders r JOIN reminder_emails e ON e.id = r.email_id
      WHERE r.invoice_id = i.invoice_id AND e.status = 'sent' AND (e.sent_at AT TIME ZONE ${zone})::date <= i.paid_on) x
    -- paid_on, when set, is settled_on: the range on settled_on lets invoice_settlements_open_idx find the month.
    WHERE coalesce(i.settled_on, 'infinity'::date) BETWEEN ${m.first}::date AND ${m.last}::date
      AND i.paid_on >= ${m.first}::date AND i.paid_on <= ${m.last}::date`;
  return r!;
}
