import { alertPriority } from '../../src/domain/alerts.js';
import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { ExportableFee, FeeDecisionStore, FeeDecisionStatus, NewFeeDecision } from '../../src/ports/fee-decisions.js';
import { audit, partiesOf, partyColumns, type PartyRow } from './change-requests.js';
import type { Sql } from './connect.js';

// The decisions on late-payment charges (migrations 024, 030). Invoices and KPI tables are never written here.

const text = (v: bigint) => v.toString();
const MAX_ID = 9_223_372_036_854_775_807n;
const isInt8 = (v: bigint) => v >= 0n && v <= MAX_ID;

export function postgresFeeDecisions(sql: Sql, now: () => Date): FeeDecisionStore {
  const inTx = <T>(work: (tx: Sql) => Promise<T>) => sql.begin((tx) => work(tx as unknown as Sql)) as Promise<T>;
  return {
    async customer(customerId) {
      if (!isInt8(customerId)) return null;
      const [r] = await sql<({ id: bigint; external_id: string } & PartyRow)[]>`
        SELECT c.id, c.external_id, ${sql.unsafe(partyColumns)} FROM customers c WHERE c.id = ${text(customerId)}::int8`;
      return r ? { id: BigInt(r.id), externalId: r.external_id, parties: partiesOf(r) } : null;
    },
    async customerIdOf(externalId) {
      const [r] = await sql<{ id: bigint }[]>`SELECT id FROM customers WHERE external_id = ${externalId}`;
      return r ? BigInt(r.id) : null;
    },
    async liveDecisions(customerId) {
      const rows = await sql<{ external_id: string; status: FeeDecisionStatus; decided_by: string }[]>`
        SELECT i.external_id, f.status, f.decided_by FROM fee_decisions f JOIN invoices i ON i.id = f.invoice_id
        WHERE f.customer_id = ${text(customerId)}::int8 AND f.status <> 'refused' ORDER BY f.id`;
      return rows.map((r) => ({ invoiceExternalId: r.external_id, status: r.status, decidedBy: r.decided_by }));
    },
    async refusals(customerId) {
      const rows = await sql<{ external_id: string; refused_by: string; refusal_reason: string | null }[]>`
        SELECT DISTINCT ON (f.invoice_id) i.external_id, f.refused_by, f.refusal_reason
        FROM fee_decisions f JOIN invoices i ON i.id = f.invoice_id
        WHERE f.customer_id = ${text(customerId)}::int8 AND f.status = 'refused'
          AND NOT EXISTS (SELECT 1 FROM fee_decisions l WHERE l.invoice_id = f.invoice_id AND l.status <> 'refused')
        ORDER BY f.invoice_id, f.refused_at DESC, f.id DESC`;
      return rows.map((r) => ({ invoiceExternalId: r.external_id, refusedBy: r.refused_by, reason: r.refusal_reason }));
    },
    record: (customerId, decision, rows, asOf, reason, actor) => inTx((tx) => record(tx, customerId, decision, rows, asOf, reason, actor, now())),
    decideAwaiting: (customerId, decision, actor, reason) => inTx(async (tx) => {
      const at = now();
      const done = decision === 'approved'
        ? await tx<{ id: bigint }[]>`
            UPDATE fee_decisions SET status = 'claimed', approved_by = ${actor}, approved_at = ${at}
            WHERE customer_id = ${text(customerId)}::int8 AND status = 'awaiting_approval' RETURNING id`
        : await tx<{ id: bigint }[]>`
            UPDATE fee_decisions SET status = 'refused', refused_by = ${actor}, refused_at = ${at}, refusal_reason = ${reason}
            WHERE customer_id = ${text(customerId)}::int8 AND status = 'awaiting_approval' RETURNING id`;
      if (done.length === 0) return { decided: 0, alertIds: [] };
      const ids = done.map((d) => text(d.id));
      await audit(tx, actor, `fees.${decision}`, 'customer', customerId, { decisions: ids, ...(reason === null ? {} : { reason }) });
      // The approval cards that showed these claims: redrawn without their buttons.
      const alerts = await tx<{ id: bigint }[]>`
        SELECT id FROM alerts WHERE kind = 'fee_claim_approval' AND customer_id = ${text(customerId)}::int8
          AND details->'decision_ids' ?| ${ids}::text[] ORDER BY id`;
      return { decided: done.length, alertIds: alerts.map((a) => BigInt(a.id)) };
    }),
    async exportable(since) {
      const rows = await sql<{
        id: bigint; customer_external_id: string; number: string; currency: string; compensation_minor: bigint; interest_minor: bigint;
        rule: string; legal_basis: string; decided_by: string; decided_at: Date; approved_by: string | null; status: 'claimed' | 'sent';
        paid_on: string | null; days_late: number;
      }[]>`
        SELECT f.id, c.external_id AS customer_external_id, i.number, f.currency, f.compensation_minor, f.interest_minor,
               f.rule, f.legal_basis, f.decided_by, f.decided_at, f.approved_by, f.status, s.paid_on::text AS paid_on,
               coalesce(f.days_late, greatest(0, f.as_of - i.due_date)) AS days_late
        FROM fee_decisions f JOIN customers c ON c.id = f.customer_id JOIN invoices i ON i.id = f.invoice_id
        LEFT JOIN invoice_settlements s ON s.invoice_id = f.invoice_id
        -- Only what the customer was told (sent) or a person decided and no email has left in doubt (claimed):
        -- an in_doubt claim (migration 033) waits for its resolution.
        WHERE f.exported_at IS NULL AND f.status IN ('claimed', 'sent')
          AND (${since}::date IS NULL OR f.decided_at >= ${since}::date)
        ORDER BY f.decided_at, f.id`;
      return rows.map((r): ExportableFee => ({
        id: BigInt(r.id), customerExternalId: r.customer_external_id, invoiceNumber: r.number, currency: r.currency,
        compensationMinor: BigInt(r.compensation_minor), interestMinor: BigInt(r.interest_minor), rule: r.rule, legalBasis: r.legal_basis,
        decidedBy: r.decided_by, decidedAt: r.decided_at, approvedBy: r.approved_by, status: r.status,
        paidOn: r.paid_on, daysLate: r.days_late,
      }));
    },
    markExported: (ids, batch, actor) => inTx(async (tx) => {
      const done = await tx<{ id: bigint }[]>`
        UPDATE fee_decisions SET exported_at = ${now()}, export_batch = ${batch}
        WHERE id = ANY(${ids.map(text)}::text[]::int8[]) AND exported_at IS NULL AND status IN ('claimed', 'sent') RETURNING id`;
      if (done.length > 0) {
        await tx`INSERT INTO audit_log (actor, action, entity, entity_id, details)
                 SELECT ${actor}, 'fees.exported', 'fee_decision', id, ${tx.json({ batch })} FROM unnest(${done.map((d) => text(d.id))}::text[]::int8[]) AS id`;
      }
      return done.length;
    }),
    resolveInDoubt: (customerId, invoiceNumber, resolution, actor) => inTx(async (tx) => {
      const at = now();
      const told = resolution === 'told';
      const done = await tx<{ id: bigint; email_id: bigint | null; statement_email_id: bigint | null }[]>`
        WITH r AS (
          SELECT f.id, f.email_id, f.statement_email_id FROM fee_decisions f JOIN invoices i ON i.id = f.invoice_id
          WHERE f.customer_id = ${text(customerId)}::int8 AND f.status = 'in_doubt'
            AND (${invoiceNumber}::text IS NULL OR i.number = ${invoiceNumber}::text)
          FOR UPDATE OF f
        )
        UPDATE fee_decisions f SET status = ${told ? 'sent' : 'claimed'}, sent_at = ${told ? at : null}::timestamptz,
               email_id = CASE WHEN ${told}::boolean THEN f.email_id END,
               -- In doubt with a statement email (migration 038): the same, tied to it or free again.
               statement_email_id = CASE WHEN ${told}::boolean THEN f.statement_email_id END,
               resolved_by = ${actor}, resolved_at = ${at}
        FROM r WHERE f.id = r.id
        RETURNING f.id, r.email_id, r.statement_email_id`;
      if (done.length > 0) {
        await tx`INSERT INTO audit_log (actor, action, entity, entity_id, details)
                 SELECT ${actor}, 'fees.doubt_resolved', 'fee_decision', d.id, jsonb_strip_nulls(jsonb_build_object('resolution', ${resolution}::text,
                   'email_id', d.email_id, 'statement_email_id', d.statement_email_id))
                 FROM unnest(${done.map((d) => text(d.id))}::text[]::int8[], ${done.map((d) => d.email_id?.toString() ?? null)}::text[],
                             ${done.map((d) => d.statement_email_id?.toString() ?? null)}::text[]) AS d(id, email_id, statement_email_id)`;
      }
      return done.length;
    }),
  };
}

async function record(
  tx: Sql, customerId: bigint, decision: 'claim' | 'waive', rows: readonly NewFeeDecision[], asOf: CalendarDate, reason: string | null,
  actor: { ownerId: bigint; label: string }, at: Date,
): Promise<number> {
  if (rows.length === 0) return 0;
  // The invoice is looked up within the customer: a decision never lands on another customer's invoice.
  const inserted = await tx<{ id: bigint; number: string; status: string }[]>`
    INSERT INTO fee_decisions (customer_id, invoice_id, decision, status, compensation_minor, interest_minor, currency, rule,
                               legal_basis, as_of, reason, decided_by_id, decided_by, decided_at, approved_by, approved_at, days_late)
    SELECT i.customer_id, i.id, ${decision}, d.status, d.comp, d.interest, d.currency, d.rule, d.basis, ${asOf}::date, ${reason},
           ${text(actor.ownerId)}::int8, ${actor.label}, ${at}, d.approved_by, CASE WHEN d.approved_by IS NULL THEN NULL ELSE ${at}::timestamptz END,
           -- The days the amounts were computed on (fee-preview's daysLate): kept, as a later import may move the due date.
           greatest(0, ${asOf}::date - i.due_date)
    FROM unnest(${rows.map((r) => r.invoiceExternalId)}::text[], ${rows.map((r) => r.status)}::text[],
                ${rows.map((r) => text(r.compensationMinor))}::text[]::int8[], ${rows.map((r) => text(r.interestMinor))}::text[]::int8[],
                ${rows.map((r) => r.currency)}::text[], ${rows.map((r) => r.rule)}::text[], ${rows.map((r) => r.legalBasis)}::text[],
                ${rows.map((r) => r.approvedBy)}::text[])
         AS d(external_id, status, comp, interest, currency, rule, basis, approved_by)
    JOIN invoices i ON i.external_id = d.external_id AND i.customer_id = ${text(customerId)}::int8
    ON CONFLICT (invoice_id) WHERE status <> 'refused' DO NOTHING
    RETURNING id, (SELECT number FROM invoices WHERE id = invoice_id) AS number, status`;
  if (inserted.length > 0) {
    await audit(tx, actor.label, `fees.${decision}`, 'customer', customerId, {
      as_of: asOf, ...(reason === null ? {} : { reason }),
      decisions: inserted.map((r) => ({ id: text(r.id), invoice: r.number, status: r.status })),
    });
  }
  const waiting = inserted.filter((r) => r.status === 'awaiting_approval').map((r) => text(r.id));
  if (waiting.length > 0) await raiseApprovalAlert(tx, customerId, waiting, actor.label, at);
  return inserted.length;
}

/**
 * The card that asks finance to approve or refuse the claims of one click, raised with them: a claim never waits
 * unseen. Its dedupe key names the click's first claim, so one click raises it once.
 */
async function raiseApprovalAlert(tx: Sql, customerId: bigint, decisionIds: readonly string[], claimedBy: string, at: Date): Promise<void> {
  await tx`
    INSERT INTO alerts (kind, priority, dedupe_key, customer_id, details, raised_at)
    VALUES ('fee_claim_approval', ${alertPriority('fee_claim_approval')}, ${`fee_claim_approval:${decisionIds[0]}`}, ${text(customerId)}::int8,
            ${tx.json({ decision_ids: [...decisionIds], claimed_by: claimedBy })}, ${at}::timestamptz)
    ON CONFLICT (dedupe_key) DO NOTHING`;
}

export type { ExportableFee };
