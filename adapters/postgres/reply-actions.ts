import type { ReplyState } from '../../src/ports/chat-actions.js';
import { replyHoldCreatedBy } from '../../src/domain/reply-pause.js';
import type { ReplyHandling } from '../../src/views/reply-view.js';
import { audit, partiesOf, partyColumns, type PartyRow } from './change-requests.js';
import type { Sql } from './connect.js';

// What the reply buttons change: whether a person dealt with a customer's reply, and the pause it put on reminders.

const isInt8 = (v: bigint) => v >= 0n && v < 2n ** 63n;

/** A reply matched to a customer, with the customer's parties and the invoices it paused. */
export async function loadReplyState(sql: Sql, replyId: bigint): Promise<ReplyState | null> {
  if (!isInt8(replyId)) return null;
  const [r] = await sql<({ id: bigint; customer_id: bigint; invoice_id: bigint | null; handled_how: ReplyHandling | null; handled_by: string | null; held: string[] } & PartyRow)[]>`
    SELECT r.id, r.customer_id, r.invoice_id, r.handled_how, r.handled_by,
           array(SELECT h.invoice_id::text FROM reminder_holds h WHERE h.created_by = ${replyHoldCreatedBy(replyId)} AND h.invoice_id IS NOT NULL ORDER BY h.invoice_id) AS held,
           ${sql.unsafe(partyColumns)}
    FROM inbound_replies r JOIN customers c ON c.id = r.customer_id
    WHERE r.id = ${replyId.toString()}::int8 AND r.matched_by IS NOT NULL`;
  if (!r) return null;
  return {
    id: r.id,
    customerId: r.customer_id,
    invoiceId: r.invoice_id,
    heldInvoiceIds: r.held.map(BigInt),
    handled: r.handled_how === null ? null : { how: r.handled_how, by: r.handled_by ?? '' },
    parties: partiesOf(r),
  };
}

export async function invoiceCustomer(sql: Sql, invoiceId: bigint): Promise<bigint | null> {
  if (!isInt8(invoiceId)) return null;
  const [r] = await sql<{ customer_id: bigint }[]>`SELECT customer_id FROM invoices WHERE id = ${invoiceId.toString()}::int8`;
  return r?.customer_id ?? null;
}

/**
 * In one transaction: the reply marked dealt with (the first time only) and, with `resume`, its holds lifted. The
 * audit trail records both.
 */
export async function closeReply(
  tx: Sql, replyId: bigint, how: ReplyHandling, actor: string, resume: boolean, at: Date,
): Promise<{ closed: boolean; released: number }> {
  const closed = await tx`
    UPDATE inbound_replies SET handled_at = ${at}, handled_by = ${actor}, handled_how = ${how}
    WHERE id = ${replyId.toString()}::int8 AND handled_at IS NULL AND customer_id IS NOT NULL RETURNING id`;
  const released = resume
    ? await tx`
        UPDATE reminder_holds SET released_at = ${at}
        WHERE created_by = ${replyHoldCreatedBy(replyId)} AND released_at IS NULL RETURNING id`
    : [];
  if (closed.length > 0 || released.length > 0) {
    await audit(tx, actor, 'reply.handled', 'inbound_reply', replyId, { how, closed: closed.length > 0, released_holds: released.length });
  }
  return { closed: closed.length > 0, released: released.length };
}
