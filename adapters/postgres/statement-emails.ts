import type { StatementCustomer, StatementEmailStore, StatementLateCharge } from '../../src/ports/statement-emails.js';
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
    async claimedCharges(customerId) {
      // As a reminder takes them (reminder-sends.ts fees_included): claimed, in no reminder being sent.
      const rows = await sql<{ id: bigint; number: string; currency: string; compensation_minor: bigint; interest_minor: bigint; legal_basis: string }[]>`
        SELECT f.id, i.number, f.currency, f.compensation_minor, f.interest_minor, f.legal_basis
        FROM fee_decisions f JOIN invoices i ON i.id = f.invoice_id
        WHERE f.customer_id = ${customerId.toString()}::int8 AND f.status = 'claimed' AND f.email_id IS NULL
        ORDER BY i.number`;
      return rows.map((f): StatementLateCharge => ({
        feeDecisionId: BigInt(f.id), invoiceNumber: f.number, currency: f.currency, compensationMinor: BigInt(f.compensation_minor),
        interestMinor: BigInt(f.interest_minor), legalBasis: f.legal_basis,
      }));
    },
    async record(r) {
      const o = r.outcome;
      const charges = (r.chargeIds ?? []).map((id) => id.toString());
      // What the charges the email stated become (migration 038): sent with it, in doubt with it, or left claimed.
      const chargeStatus = o.status === 'sent' ? 'sent' : o.inDoubt ? 'in_doubt' : null;
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
        ), linked AS (
          INSERT INTO fee_decision_statement_emails (fee_decision_id, statement_email_id, included_at)
          SELECT f, ins.id, ${r.asOf} FROM ins, unnest(${charges}::text[]::int8[]) AS f
        ), charges AS (
          -- Only those still claimed and in no reminder: one taken by a reminder meanwhile follows that reminder.
          UPDATE fee_decisions f SET status = ${chargeStatus ?? 'claimed'}, statement_email_id = ins.id,
                 sent_at = CASE WHEN ${chargeStatus} = 'sent' THEN ${r.asOf}::timestamptz END
          FROM ins WHERE ${chargeStatus}::text IS NOT NULL AND f.id = ANY(${charges}::text[]::int8[])
            AND f.status = 'claimed' AND f.email_id IS NULL
          RETURNING f.id, f.status
        ), charges_audit AS (
          INSERT INTO audit_log (actor, action, entity, entity_id, details)
          SELECT ${r.requestedBy}, 'fees.statement_' || c.status, 'fee_decision', c.id, jsonb_build_object('statement_email_id', ins.id::text)
          FROM charges c, ins
        )
        SELECT id FROM ins`;
      return row!.id;
    },
  };
}
