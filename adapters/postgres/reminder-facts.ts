import type { ReminderFactsReader } from '../../src/services/cadence-test-batch.js';
import type { Sql } from './connect.js';

/**
 * Reads, for planned emails that were never claimed, what startSending (reminder-sends.ts) loads with a claimed one:
 * the customer's language and zone, the account manager's name, and when these invoices were last actually emailed.
 * Read only: one SELECT, nothing locked or written.
 */
export function postgresReminderFacts(sql: Sql): ReminderFactsReader {
  return {
    async factsOf(emails) {
      if (emails.length === 0) return [];
      const ords: string[] = [];
      const invoices: string[] = [];
      emails.forEach((e, i) => e.invoices.forEach((inv) => {
        ords.push(String(i + 1));
        invoices.push(inv.invoiceId.toString());
      }));
      const rows = await sql<{ ord: string; locale: string; timezone: string; account_manager: string | null; previous_sent_at: Date | null; portal_key_version: number }[]>`
        WITH e AS (
          SELECT * FROM unnest(${emails.map((e) => e.customerId.toString())}::text[]::int8[]) WITH ORDINALITY AS e(customer_id, ord)
        ), x AS (
          SELECT * FROM unnest(${ords}::text[]::int8[], ${invoices}::text[]::int8[]) AS x(ord, invoice_id)
        ), previous AS (
          -- What startSending reads as previous_sent_at: the latest email about these invoices that actually went out.
          SELECT x.ord, max(p.sent_at) AS previous_sent_at
          FROM x JOIN reminders pr ON pr.invoice_id = x.invoice_id JOIN reminder_emails p ON p.id = pr.email_id AND p.status = 'sent'
          GROUP BY x.ord
        )
        SELECT e.ord::text, c.locale, c.timezone, nullif(o.name, '') AS account_manager, previous.previous_sent_at, c.portal_key_version
        FROM e JOIN customers c ON c.id = e.customer_id LEFT JOIN owners o ON o.id = c.sales_owner_id
        LEFT JOIN previous ON previous.ord = e.ord
        ORDER BY e.ord`;
      const byOrd = new Map(rows.map((r) => [Number(r.ord), r]));
      return emails.map((_e, i) => {
        const r = byOrd.get(i + 1);
        return r ? { locale: r.locale, timezone: r.timezone, accountManagerName: r.account_manager, previousSentAt: r.previous_sent_at, portalKeyVersion: r.portal_key_version } : null;
      });
    },
  };
}
