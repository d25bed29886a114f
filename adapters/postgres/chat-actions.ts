import { customerSegment } from '../../src/domain/rights/terms-policy.js';
import type { ChatActionStore } from '../../src/ports/chat-actions.js';
import {
  audit, decideChangeRequest, insertChangeRequest, insertHold, insertPromise, loadChangeRequest, partiesOf, partyColumns, type PartyRow,
} from './change-requests.js';
import type { Sql } from './connect.js';
import { loadTermsPolicy } from './terms-policy.js';
import { closeReply, invoiceCustomer, loadReplyState } from './reply-actions.js';

const id = (v: bigint) => v.toString();
/**
 * Ids come from chat payloads (button values, modal metadata): one int8 cannot hold names no row, and answering
 * "not found" for it beats the query failing on the cast and the person getting no answer at all.
 */
const isInt8 = (v: bigint) => v >= -(2n ** 63n) && v < 2n ** 63n;

/**
 * Chat actions on Postgres. `now` stamps what the actions date (a dispute's opening and closing, a decision), so
 * the demo clock of the local workspace and tests with a fixed instant see consistent times.
 */
export function postgresChatActionStore(sql: Sql, now: () => Date = () => new Date()): ChatActionStore {
  const inTx = <T>(work: (tx: Sql) => Promise<T>) => sql.begin((tx) => work(tx as unknown as Sql)) as Promise<T>;
  return {
    async dispute(disputeId) {
      if (!isInt8(disputeId)) return null;
      const [d] = await sql<({ id: bigint; invoice_id: bigint; status: never; owner_id: bigint | null; owner_name: string | null; owner_label: string | null } & PartyRow)[]>`
        SELECT d.id, d.invoice_id, d.status, d.owner_id, nullif(o.name, '') AS owner_name, coalesce(nullif(o.name, ''), o.email) AS owner_label,
               ${sql.unsafe(partyColumns)}
        FROM disputes d JOIN invoices i ON i.id = d.invoice_id JOIN customers c ON c.id = i.customer_id
        LEFT JOIN owners o ON o.id = d.owner_id WHERE d.id = ${id(disputeId)}::int8`;
      if (!d) return null;
      const parties = { ...partiesOf(d), disputeOwner: d.owner_id === null ? null : { id: d.owner_id, name: d.owner_label ?? '' } };
      return { id: d.id, invoiceId: d.invoice_id, status: d.status, ownerId: d.owner_id, ownerName: d.owner_name, parties };
    },
    claimDispute: (disputeId, ownerId, actor) => inTx(async (tx) => {
      const won = await tx`UPDATE disputes SET owner_id = ${id(ownerId)}::int8, updated_at = now()
                           WHERE id = ${id(disputeId)}::int8 AND owner_id IS NULL RETURNING id`;
      if (won.length > 0) await audit(tx, actor, 'dispute.claimed', 'dispute', disputeId, { owner_id: id(ownerId) });
      const [o] = await tx<{ name: string | null }[]>`
        SELECT coalesce(nullif(o.name, ''), o.email) AS name FROM disputes d JOIN owners o ON o.id = d.owner_id WHERE d.id = ${id(disputeId)}::int8`;
      return { claimed: won.length > 0, ownerName: o?.name ?? null };
    }),
    setDisputeStatus: (disputeId, from, to, closes, reopens, actor) => inTx(async (tx) => {
      const rows = await tx`
        UPDATE disputes SET status = ${to}, updated_at = now(),
               closed_at = CASE WHEN ${closes}::bool THEN ${now()}::timestamptz WHEN ${reopens}::bool THEN NULL ELSE closed_at END
        WHERE id = ${id(disputeId)}::int8 AND status = ${from} RETURNING id`;
      if (rows.length > 0) await audit(tx, actor, 'dispute.status_changed', 'dispute', disputeId, { from, to });
      return rows.length > 0;
    }),
    openDispute: (invoiceId, reason, actor) => inTx(async (tx) => {
      if (!isInt8(invoiceId)) return null;
      const [inv] = await tx<{ id: bigint; external_id: string }[]>`SELECT id, external_id FROM invoices WHERE id = ${id(invoiceId)}::int8 FOR UPDATE`;
      if (!inv) return null;
      const [open] = await tx<{ id: bigint }[]>`SELECT id FROM disputes WHERE invoice_id = ${id(invoiceId)}::int8 AND closed_at IS NULL LIMIT 1`;
      if (open) return { alreadyOpen: open.id };
      const [d] = await tx<{ id: bigint }[]>`
        INSERT INTO disputes (external_id, invoice_id, reason, status, source, opened_at)
        VALUES (${`chat:${inv.external_id}:${now().toISOString()}`}, ${id(invoiceId)}::int8, ${reason}, 'to_clarify', 'chat', ${now()}::timestamptz)
        RETURNING id`;
      await audit(tx, actor, 'dispute.opened', 'dispute', d!.id, { invoice_id: id(invoiceId), reason });
      return { disputeId: d!.id };
    }),
    addNote: (target, body, actor) => inTx(async (tx) => {
      const [n] = await tx<{ id: bigint }[]>`
        INSERT INTO notes (invoice_id, dispute_id, author, body, created_at)
        VALUES (${target.invoiceId === undefined ? null : id(target.invoiceId)}::int8,
                ${target.disputeId === undefined ? null : id(target.disputeId)}::int8, ${actor}, ${body}, ${now()}::timestamptz)
        RETURNING id`;
      const entity = target.disputeId !== undefined ? 'dispute' : 'invoice';
      await audit(tx, actor, 'note.added', entity, (target.disputeId ?? target.invoiceId)!, { note_id: id(n!.id) });
    }),
    logPromise: (invoiceId, date, amountMinor, note, actor) => inTx((tx) => insertPromise(tx, invoiceId, date, amountMinor, note, actor, now())),
    holdReminders: (invoiceId, until, reason, actor) => inTx(async (tx) => isInt8(invoiceId) && insertHold(tx, invoiceId, until, reason, actor, now())),
    async invoiceCurrency(invoiceId) {
      if (!isInt8(invoiceId)) return null;
      const [r] = await sql<{ currency: string }[]>`SELECT currency FROM invoices WHERE id = ${id(invoiceId)}::int8`;
      return r?.currency ?? null;
    },
    async invoiceParties(invoiceId) {
      if (!isInt8(invoiceId)) return null;
      const [r] = await sql<({ currency: string; segment: string } & PartyRow)[]>`
        SELECT i.currency, c.segment, ${sql.unsafe(partyColumns)}
        FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = ${id(invoiceId)}::int8`;
      return r ? { ...partiesOf(r), currency: r.currency, segment: customerSegment(r.segment) } : null;
    },
    termsPolicy: () => loadTermsPolicy(sql),
    requestChange: (request) => inTx(async (tx) => (isInt8(request.invoiceId) ? insertChangeRequest(tx, request, now()) : null)),
    changeRequest: async (requestId) => (isInt8(requestId) ? loadChangeRequest(sql, requestId) : null),
    decideChange: (requestId, decision, note, actor) => inTx((tx) => decideChangeRequest(tx, requestId, decision, note, actor, now())),
    async approval(emailId) {
      if (!isInt8(emailId)) return null;
      const [a] = await sql<{ id: bigint; status: string; decision: string | null; decided_by: string | null; sales_owner_id: bigint | null; name: string; manager: string | null }[]>`
        SELECT e.id, e.status, e.decision,
               -- People are shown by name; the audit trail keeps the email.
               coalesce((SELECT nullif(d.name, '') FROM owners d WHERE d.email = e.decided_by), e.decided_by) AS decided_by, c.sales_owner_id, c.name, coalesce(nullif(o.name, ''), o.email) AS manager
        FROM reminder_emails e JOIN customers c ON c.id = e.customer_id LEFT JOIN owners o ON o.id = c.sales_owner_id
        WHERE e.id = ${id(emailId)}::int8`;
      return a ? {
        emailId: a.id, status: a.status, decision: a.decision, decidedBy: a.decided_by, accountManagerId: a.sales_owner_id,
        customerName: a.name, accountManagerName: a.manager,
      } : null;
    },
    decideApproval: (emailId, decision, note, actor) => inTx(async (tx) => {
      // Approved: queued for the next tick. Refused or handled personally: never sent (the reminders stay claimed).
      const rows = await tx`
        UPDATE reminder_emails
        SET status = CASE WHEN ${decision} = 'approved' THEN 'queued' ELSE 'cancelled' END,
            decision = ${decision}, decision_note = ${note}, decided_by = ${actor}, decided_at = ${now()}::timestamptz,
            next_attempt_at = NULL, updated_at = now()
        WHERE id = ${id(emailId)}::int8 AND status = 'awaiting_approval' RETURNING id`;
      if (rows.length > 0) await audit(tx, actor, `approval.${decision}`, 'reminder_email', emailId, { note });
      return rows.length > 0;
    }),
    async firstTime(key) {
      const rows = await sql`INSERT INTO processed_interactions (key) VALUES (${key}) ON CONFLICT DO NOTHING RETURNING key`;
      return rows.length > 0;
    },
    async forget(key) {
      await sql`DELETE FROM processed_interactions WHERE key = ${key}`;
    },
    reply: (replyId) => loadReplyState(sql, replyId),
    invoiceCustomer: (invoiceId) => invoiceCustomer(sql, invoiceId),
    closeReply: (replyId, how, actor, resume) => inTx((tx) => closeReply(tx, replyId, how, actor, resume, now())),
  };
}
