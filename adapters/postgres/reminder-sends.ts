import type { EmailOutcome, SendingEmail } from '../../src/ports/cadence-store.js';
import { raiseAlert } from './alerts.js';
import type { Sql } from './connect.js';
import { retryOnLostConnection } from './retry-lost-connection.js';

/** Queued emails whose time has come, oldest first. */
export async function dueEmailIds(sql: Sql, now: Date, limit: number): Promise<bigint[]> {
  const rows = await sql<{ id: bigint }[]>`
    SELECT id FROM reminder_emails
    WHERE status = 'queued' AND coalesce(next_attempt_at, scheduled_for) <= ${now}
    ORDER BY id LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/**
 * Moves one email from queued to sending (compare-and-set: of two engines, one wins) and loads its content.
 * From here until an outcome is recorded the email is "sending": a crash leaves it there, and the sweep turns
 * it into "in doubt" for a person instead of sending it again.
 */
export async function startSending(sql: Sql, id: bigint, now: Date): Promise<SendingEmail | null> {
  // One round trip: the claim, the customer and the email's invoices.
  const [e] = await sql<{ id: bigint; policy: string; step_key: string; template: string; to_emails: string[]; cc_emails: string[];
    reply_to: string | null; customer_external_id: string; customer_name: string; locale: string; timezone: string;
    account_manager: string | null; attempts: number;
    invoices: { invoice_id: string; number: string; client_reference: string | null; due_date: string; currency: string; amount_due_minor: string; pay_url: string | null }[] }[]>`
    WITH claimed AS (
      UPDATE reminder_emails SET status = 'sending', sending_started_at = ${now}, attempts = attempts + 1, updated_at = now()
      WHERE id = ${id.toString()}::int8 AND status = 'queued'
      RETURNING *
    )
    SELECT e.id, e.attempts, e.policy, e.step_key, e.template, e.to_emails, e.cc_emails, e.reply_to,
           c.external_id AS customer_external_id, c.name AS customer_name, c.locale, c.timezone,
           nullif(o.name, '') AS account_manager,
           coalesce((
             SELECT json_agg(json_build_object(
                      'invoice_id', r.invoice_id::text, 'number', i.number, 'client_reference', i.client_reference,
                      'due_date', i.due_date::text, 'currency', r.currency, 'amount_due_minor', r.amount_due_minor::text,
                      'pay_url', i.pay_url) ORDER BY i.due_date, i.number)
             FROM reminders r JOIN invoices i ON i.id = r.invoice_id WHERE r.email_id = e.id), '[]'::json) AS invoices
    FROM claimed e JOIN customers c ON c.id = e.customer_id LEFT JOIN owners o ON o.id = c.sales_owner_id`;
  if (!e) return null;
  return {
    id: e.id, policy: e.policy, stepKey: e.step_key, template: e.template, customerExternalId: e.customer_external_id,
    customerName: e.customer_name, locale: e.locale, timezone: e.timezone, to: e.to_emails, cc: e.cc_emails,
    replyTo: e.reply_to, accountManagerName: e.account_manager, attempts: e.attempts,
    // Amounts and ids travel as text inside the JSON (never as JSON numbers, which are floats).
    invoices: e.invoices.map((i) => ({
      invoiceId: BigInt(i.invoice_id), number: i.number, clientReference: i.client_reference, dueDate: i.due_date,
      currency: i.currency, amountDueMinor: BigInt(i.amount_due_minor), payUrl: i.pay_url,
    })),
  };
}

/**
 * Records what became of a send, with its audit row and, for failures and doubts, an alert for the owner. The send
 * it records has happened: a lost connection is retried on a fresh one for a few seconds, so a database restart
 * does not turn a sent email into one "in doubt".
 */
export async function recordOutcome(sql: Sql, id: bigint, outcome: EmailOutcome, now: Date): Promise<void> {
  await retryOnLostConnection(() => recordOnce(sql, id, outcome, now));
}

async function recordOnce(sql: Sql, id: bigint, outcome: EmailOutcome, now: Date): Promise<void> {
  const eid = id.toString();
  // The common outcomes are one statement (the update and its audit row, atomically), one round trip.
  if (outcome.status === 'sent') {
    await sql`
      WITH u AS (
        UPDATE reminder_emails SET status = 'sent', sent_at = ${now}, provider = ${outcome.provider},
               provider_message_id = ${outcome.messageId}, subject = ${outcome.subject}, last_error = NULL, updated_at = now()
        WHERE id = ${eid}::int8 RETURNING id
      )
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'cadence', 'email.sent', 'reminder_email', id, ${sql.json({ provider: outcome.provider })} FROM u`;
    return;
  }
  if (outcome.status === 'retry') {
    await sql`
      WITH u AS (
        UPDATE reminder_emails SET status = 'queued', next_attempt_at = ${outcome.nextAttemptAt}, last_error = ${outcome.reason}, updated_at = now()
        WHERE id = ${eid}::int8 RETURNING id
      )
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'cadence', 'email.retry', 'reminder_email', id, ${sql.json({ reason: outcome.reason })} FROM u`;
    return;
  }
  await sql.begin(async (raw) => {
    const tx = raw as unknown as Sql;
    const [row] = await tx<{ customer_id: bigint }[]>`
      UPDATE reminder_emails SET status = ${outcome.status}, last_error = ${outcome.reason}, updated_at = now()
      WHERE id = ${eid}::int8 RETURNING customer_id`;
    await tx`
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      VALUES ('cadence', ${`email.${outcome.status}`}, 'reminder_email', ${eid}::int8, ${tx.json({ reason: outcome.reason })})`;
    await raiseAlert(tx, {
      kind: outcome.status === 'failed' ? 'email_failed' : 'email_in_doubt',
      dedupeKey: `${outcome.status}:${eid}`, customerId: row?.customer_id ?? null, emailId: id,
      details: { reason: outcome.reason }, raisedAt: now,
    });
  });
}

/** Emails stuck in "sending" (the process died mid-send) become "in doubt" with an alert; never resent. */
export async function sweepStaleSending(sql: Sql, now: Date, staleAfterMs: number): Promise<bigint[]> {
  const cutoff = new Date(now.getTime() - staleAfterMs);
  const rows = await sql<{ id: bigint }[]>`
    SELECT id FROM reminder_emails WHERE status = 'sending' AND sending_started_at < ${cutoff} ORDER BY id`;
  for (const r of rows) {
    await recordOutcome(sql, r.id, { status: 'in_doubt', reason: 'the process stopped while sending; the provider may or may not have accepted it' }, now);
  }
  return rows.map((r) => r.id);
}
