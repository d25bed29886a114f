import type { Sql } from '../../adapters/postgres/connect.js';
import { customer, importRows, invoice } from './cadence-ledger.js';

// Due customer emails for the fault suites, as test/integration/instances.test.ts builds them: each customer has
// one invoice due 2026-03-10 whose D+3 reminder is due on 2026-03-13 (its earlier step already sent).

export interface DueEmail {
  readonly customer: string;
  readonly to: string;
  readonly status: string;
}

let n = 0;

/** `count` customers with one reminder due on 2026-03-13 each; returns their external ids. */
export async function dueEmails(sql: Sql, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `F${++n}`);
  await importRows(sql, {
    customers: ids.map((id) => customer(id, 'Europe/Paris', 'standard', { sales_owner_email: '' })),
    invoices: ids.map((id) => invoice(`I${id}`, id, '2026-03-10', '100.00')),
  });
  await sql`
    WITH e AS (
      INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails, sent_at)
      SELECT id, 'standard', 'upcoming', 'upcoming', 'sent', '2026-03-03T08:00:00Z', billing_emails, '2026-03-03T08:00:00Z'
      FROM customers WHERE external_id = ANY(${ids}) RETURNING id, customer_id
    )
    INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
    SELECT i.id, 'upcoming', 'standard', e.id, i.amount_minor, i.currency FROM e JOIN invoices i ON i.customer_id = e.customer_id`;
  return ids;
}

/** The reminder emails of these customers past their first step, by customer. */
export function emailsOf(sql: Sql, ids: readonly string[]): Promise<DueEmail[]> {
  return sql<DueEmail[]>`
    SELECT c.external_id AS customer, e.to_emails[1] AS to, e.status
    FROM reminder_emails e JOIN customers c ON c.id = e.customer_id
    WHERE c.external_id = ANY(${ids as string[]}) AND e.step_key <> 'upcoming' ORDER BY c.external_id`.then((r) => [...r]);
}
