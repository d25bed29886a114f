import type { Sql } from './connect.js';

export interface NewPromise {
  readonly invoiceExternalId: string;
  readonly promisedDate: string;
  readonly amountMinor: bigint | null;
  readonly note: string;
  readonly createdBy: string;
}

/** Records a promise to pay on an invoice and its audit row; returns the promise id, or null for an unknown invoice. */
export async function insertPromise(sql: Sql, p: NewPromise): Promise<bigint | null> {
  const [row] = await sql<{ id: bigint }[]>`
    WITH ins AS (
      INSERT INTO promises_to_pay (invoice_id, promised_date, amount_minor, note, created_by)
      SELECT id, ${p.promisedDate}::date, ${p.amountMinor === null ? null : p.amountMinor.toString()}::int8, ${p.note}, ${p.createdBy}
      FROM invoices WHERE external_id = ${p.invoiceExternalId}
      RETURNING id, invoice_id, promised_date
    ), audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT ${p.createdBy}, 'promise.logged', 'invoice', invoice_id,
             jsonb_build_object('promise_id', id, 'promised_date', promised_date)
      FROM ins
    )
    SELECT id FROM ins`;
  return row?.id ?? null;
}

/**
 * Records a reminder email as already sent on a day (09:00 UTC), claiming its (invoice, step) like the cadence does:
 * the demo ledger's history, so its customers at D+10 are not written to as if for the first time.
 */
export async function insertSentReminder(
  sql: Sql, r: { invoice_external_id: string; policy: string; step_key: string; template: string; sent_on: string },
): Promise<void> {
  const at = `${r.sent_on}T09:00:00Z`;
  await sql`
    WITH i AS (
      SELECT i.id, i.customer_id, i.amount_minor, i.currency, c.billing_emails
      FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.external_id = ${r.invoice_external_id}
    ), e AS (
      INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails, sent_at, provider, subject)
      SELECT customer_id, ${r.policy}, ${r.step_key}, ${r.template}, 'sent', ${at}::timestamptz, billing_emails, ${at}::timestamptz,
             'demo', 'demo ledger history'
      FROM i RETURNING id
    )
    INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
    SELECT i.id, ${r.step_key}, ${r.policy}, e.id, i.amount_minor, i.currency FROM i, e
    ON CONFLICT (invoice_id, step_key) DO NOTHING`;
}
