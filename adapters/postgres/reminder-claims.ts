import { alertPriority } from '../../src/domain/alerts.js';
import type { ClaimSummary, PlannedEmail } from '../../src/ports/cadence-store.js';
import type { Sql } from './connect.js';

/**
 * Claims planned emails in one statement (so one transaction and one round trip): each email with its
 * (invoice, step) reminders, an audit row per reminder, and the approval request alert of a gated step. The
 * unique (invoice, step) key makes the claim exactly-once: an invoice another engine already claimed is left out,
 * and an email left with no invoice is never inserted (its drawn id is simply unused). Returns what this call
 * actually claimed.
 */
export async function claimReminders(sql: Sql, plans: readonly PlannedEmail[], now: Date): Promise<ClaimSummary> {
  if (plans.length === 0) return { claimed: 0, awaitingApproval: 0 };
  const email = {
    customer: [] as string[], policy: [] as string[], step: [] as string[], template: [] as string[], status: [] as string[],
    scheduled: [] as string[], to: [] as string[], cc: [] as string[], replyTo: [] as (string | null)[],
  };
  const item = { ord: [] as string[], invoice: [] as string[], amount: [] as string[], currency: [] as string[] };
  plans.forEach((p, i) => {
    email.customer.push(p.customerId.toString());
    email.policy.push(p.policy);
    email.step.push(p.step.key);
    email.template.push(p.template);
    email.status.push(p.step.requiresApproval ? 'awaiting_approval' : 'queued');
    email.scheduled.push(p.scheduledFor.toISOString());
    email.to.push(p.to.join(';'));
    email.cc.push(p.cc.join(';'));
    email.replyTo.push(p.replyTo);
    for (const inv of p.invoices) {
      item.ord.push(String(i + 1));
      item.invoice.push(inv.invoiceId.toString());
      item.amount.push(inv.amountDueMinor.toString());
      item.currency.push(inv.currency);
    }
  });
  // Foreign keys are checked at the end of the statement, so reminders may name emails inserted beside them.
  // `p` is materialized so each email draws its id once. Reminders are inserted in invoice order, so concurrent
  // engines take the unique key's locks in the same order and never deadlock.
  const [r] = await sql<ClaimSummary[]>`
    WITH p AS MATERIALIZED (
      SELECT nextval(pg_get_serial_sequence('reminder_emails', 'id')) AS id, t.*
      FROM unnest(${email.customer}::text[]::int8[], ${email.policy}::text[], ${email.step}::text[], ${email.template}::text[],
                  ${email.status}::text[], ${email.scheduled}::text[]::timestamptz[], ${email.to}::text[], ${email.cc}::text[],
                  ${email.replyTo}::text[])
           WITH ORDINALITY AS t(customer_id, policy, step_key, template, status, scheduled_for, to_list, cc_list, reply_to, ord)
    ), rem AS (
      INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
      SELECT x.invoice_id, p.step_key, p.policy, p.id, x.amount_due_minor, x.currency
      FROM unnest(${item.ord}::text[]::int8[], ${item.invoice}::text[]::int8[], ${item.amount}::text[]::int8[], ${item.currency}::text[])
           AS x(ord, invoice_id, amount_due_minor, currency)
      JOIN p ON p.ord = x.ord
      ORDER BY x.invoice_id
      ON CONFLICT (invoice_id, step_key) DO NOTHING
      RETURNING email_id, invoice_id
    ), n AS (
      SELECT email_id, count(*)::int AS invoices FROM rem GROUP BY email_id
    ), em AS (
      INSERT INTO reminder_emails (id, customer_id, policy, step_key, template, status, scheduled_for, to_emails, cc_emails,
                                   reply_to, next_attempt_at)
      OVERRIDING SYSTEM VALUE
      SELECT p.id, p.customer_id, p.policy, p.step_key, p.template, p.status, p.scheduled_for, string_to_array(p.to_list, ';'),
             string_to_array(p.cc_list, ';'), p.reply_to, ${now}
      FROM p JOIN n ON n.email_id = p.id
      RETURNING status
    ), audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'cadence', 'reminder.claimed', 'invoice', invoice_id, jsonb_build_object('email_id', email_id) FROM rem
    ), approvals AS (
      INSERT INTO alerts (kind, priority, dedupe_key, customer_id, email_id, details, raised_at)
      SELECT 'approval_requested', ${alertPriority('approval_requested')}, 'approval_requested:' || p.id, p.customer_id, p.id,
             jsonb_build_object('policy', p.policy, 'step', p.step_key, 'invoices', n.invoices), ${now}
      FROM p JOIN n ON n.email_id = p.id
      WHERE p.status = 'awaiting_approval'
      ON CONFLICT (dedupe_key) DO NOTHING
    )
    SELECT count(*)::int AS claimed, (count(*) FILTER (WHERE status = 'awaiting_approval'))::int AS "awaitingApproval" FROM em`;
  return r!;
}
