import type { ClaimOutcome } from '../../src/ports/cadence-store.js';
import type { PlannedEmail } from '../../src/services/plan-reminders.js';
import { col } from './batch.js';
import type { Sql } from './connect.js';


/**
 * Claims planned emails: creates each email and its (invoice, step) reminders in one transaction. The unique
 * (invoice, step) key makes the claim exactly-once: an invoice another engine already claimed is left out, and
 * an email left with no invoice is removed before commit. Returns what this call actually claimed.
 */
export async function claimReminders(sql: Sql, plans: readonly PlannedEmail[], now: Date): Promise<ClaimOutcome[]> {
  if (plans.length === 0) return [];
  return sql.begin(async (raw) => {
    const tx = raw as unknown as Sql;
    const status = (p: PlannedEmail) => (p.step.requiresApproval ? 'awaiting_approval' : 'queued');
    // Ids are drawn first so each plan knows its email id without relying on the order of RETURNING rows.
    const emails = await tx<{ id: bigint }[]>`
      SELECT nextval(pg_get_serial_sequence('reminder_emails', 'id')) AS id FROM generate_series(1, ${plans.length}::int)`;
    await tx`
      INSERT INTO reminder_emails (id, customer_id, policy, step_key, template, status, scheduled_for, to_emails, cc_emails,
                                   reply_to, next_attempt_at)
      OVERRIDING SYSTEM VALUE
      SELECT id, customer_id, policy, step_key, template, status, scheduled_for, string_to_array(to_list, ';'),
             string_to_array(cc_list, ';'), reply_to, ${now}
      FROM unnest(${col(emails, (e) => e.id.toString())}::text[]::int8[],
                  ${col(plans, (p) => p.customerId.toString())}::text[]::int8[], ${col(plans, (p) => p.policy)}::text[],
                  ${col(plans, (p) => p.step.key)}::text[], ${col(plans, (p) => p.step.template)}::text[],
                  ${col(plans, status)}::text[], ${col(plans, (p) => p.scheduledFor.toISOString())}::text[]::timestamptz[],
                  ${col(plans, (p) => p.to.join(';'))}::text[], ${col(plans, (p) => p.cc.join(';'))}::text[],
                  ${col(plans, (p) => p.replyTo)}::text[])
           AS t(id, customer_id, policy, step_key, template, status, scheduled_for, to_list, cc_list, reply_to)`;
    const items = plans.flatMap((p, i) => p.invoices.map((inv) => ({ p, inv, emailId: emails[i]!.id })));
    const claimed = await tx<{ email_id: bigint; invoice_id: bigint }[]>`
      INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
      SELECT * FROM unnest(${col(items, (x) => x.inv.invoiceId.toString())}::text[]::int8[], ${col(items, (x) => x.p.step.key)}::text[],
                           ${col(items, (x) => x.p.policy)}::text[], ${col(items, (x) => x.emailId.toString())}::text[]::int8[],
                           ${col(items, (x) => x.inv.amountDueMinor.toString())}::text[]::int8[], ${col(items, (x) => x.inv.currency)}::text[])
      ORDER BY 1
      ON CONFLICT (invoice_id, step_key) DO NOTHING
      RETURNING email_id, invoice_id`;
    const byEmail = new Map<bigint, bigint[]>();
    for (const c of claimed) byEmail.set(c.email_id, [...(byEmail.get(c.email_id) ?? []), c.invoice_id]);
    const empty = emails.filter((e) => !byEmail.has(e.id)).map((e) => e.id.toString());
    if (empty.length > 0) await tx`DELETE FROM reminder_emails WHERE id = ANY(${empty}::text[]::int8[])`;
    await tx`
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'cadence', 'reminder.claimed', 'invoice', invoice_id, jsonb_build_object('email_id', email_id)
      FROM unnest(${claimed.map((c) => c.invoice_id.toString())}::text[]::int8[], ${claimed.map((c) => c.email_id.toString())}::text[]::int8[])
           AS t(invoice_id, email_id)`;
    return plans.flatMap((p, i) => {
      const id = emails[i]!.id;
      const invoiceIds = byEmail.get(id);
      return invoiceIds ? [{ emailId: id, plan: p, status: status(p), invoiceIds }] : [];
    });
  }) as Promise<ClaimOutcome[]>;
}
