import { alertPriority, type NewAlert } from '../../src/domain/alerts.js';
import type { Sql } from './connect.js';

const id = (v: bigint | null | undefined) => (v === null || v === undefined ? null : v.toString());

/** Records an alert for the chat adapters to post; a second alert with the same dedupe key is ignored. */
export async function raiseAlert(sql: Sql, a: NewAlert): Promise<boolean> {
  const rows = await sql`
    INSERT INTO alerts (kind, priority, dedupe_key, customer_id, invoice_id, dispute_id, email_id, reply_id, details, raised_at)
    VALUES (${a.kind}, ${alertPriority(a.kind)}, ${a.dedupeKey}, ${id(a.customerId)}::int8, ${id(a.invoiceId)}::int8, ${id(a.disputeId)}::int8,
            ${id(a.emailId)}::int8, ${id(a.replyId)}::int8, ${sql.json((a.details ?? {}) as never)}, ${a.raisedAt})
    ON CONFLICT (dedupe_key) DO NOTHING
    RETURNING id`;
  return rows.length > 0;
}
