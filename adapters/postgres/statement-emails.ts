import type { StatementCustomer, StatementEmailStore } from '../../src/ports/statement-emails.js';
import type { Sql } from './connect.js';

type Row = {
  id: bigint; external_id: string; name: string; locale: string; timezone: string; portal_key_version: number;
  deliverable: string[]; owner_name: string | null; owner_email: string | null;
};

/** Statement emails: who gets them (the cadence's rule for billing contacts) and the record of each send. */
export function postgresStatementEmailStore(sql: Sql): StatementEmailStore {
  return {
    async findCustomer(ref) {
      const where = 'externalId' in ref ? sql`c.external_id = ${ref.externalId}` : sql`c.id = ${ref.customerId.toString()}::int8`;
      const [r] = await sql<Row[]>`
        SELECT c.id, c.external_id, c.name, c.locale, c.timezone, c.portal_key_version,
               -- The billing contacts a reminder would go to (cadence-candidates.ts: deliverable_emails).
               ARRAY(SELECT b.email FROM unnest(c.billing_emails) AS b(email)
                      WHERE NOT EXISTS (SELECT 1 FROM email_suppressions s
                                         WHERE s.email = b.email AND s.cleared_at IS NULL)) AS deliverable,
               nullif(o.name, '') AS owner_name, o.email AS owner_email
        FROM customers c LEFT JOIN owners o ON o.id = c.sales_owner_id
        WHERE ${where}`;
      if (!r) return null;
      const customer: StatementCustomer = {
        customerId: BigInt(r.id), externalId: r.external_id, name: r.name, locale: r.locale, timezone: r.timezone,
        portalKeyVersion: r.portal_key_version, to: r.deliverable,
        accountManager: r.owner_email === null ? null : { name: r.owner_name, email: r.owner_email },
      };
      return customer;
    },
    async record(r) {
      const o = r.outcome;
      const [row] = await sql<{ id: bigint }[]>`
        WITH ins AS (
          INSERT INTO statement_emails (customer_id, requested_by, as_of, to_emails, invoice_count, status, provider, provider_message_id, last_error,
                                        kind, statement_month)
          VALUES (${r.customerId.toString()}::int8, ${r.requestedBy}, ${r.asOf}, ${[...r.to]}::text[], ${r.invoiceCount}, ${o.status},
                  ${o.status === 'sent' ? o.provider : null}, ${o.status === 'sent' ? o.messageId : null}, ${o.status === 'failed' ? o.reason : null},
                  ${r.monthly ? 'monthly' : 'requested'}, ${r.monthly?.month ?? null})
          RETURNING id, customer_id, status, kind
        ), audit AS (
          INSERT INTO audit_log (actor, action, entity, entity_id, details)
          SELECT ${r.requestedBy}, 'statement.' || status, 'customer', customer_id,
                 jsonb_build_object('statement_email_id', id, 'invoice_count', ${r.invoiceCount}::int, 'kind', kind) FROM ins
        )
        SELECT id FROM ins`;
      return row!.id;
    },
  };
}
