import type { MatchedEmail, ReplyMatch } from '../../src/domain/reply-matching.js';
import { alertPriority } from '../../src/domain/alerts.js';
import type { RecordedMatch, ReplyCandidates, ReplyMatchStore, ReplyPause, ReplyReading } from '../../src/ports/reply-matching.js';
import type { Sql } from './connect.js';
import { owesOn } from './settlement-sql.js';

interface EmailRow { email_id: bigint; customer_id: bigint; timezone: string; ord: number }

async function loadCandidates(sql: Sql, keys: Parameters<ReplyMatchStore['loadCandidates']>[0]): Promise<ReplyCandidates> {
  const byId = await sql<EmailRow[]>`
    SELECT e.id AS email_id, c.id AS customer_id, c.timezone, k.ord::int AS ord
    FROM unnest(${keys.emailIds.map(String)}::text[]::int8[]) WITH ORDINALITY AS k(id, ord)
    JOIN reminder_emails e ON e.id = k.id JOIN customers c ON c.id = e.customer_id
    ORDER BY k.ord`;
  // A reply to an answer sent from chat threads on the answer's Message-ID: it stands for the reminder email the
  // answered reply was matched to (an answer to a reply matched by sender alone names no email, and is skipped).
  const byMessageId = await sql<EmailRow[]>`
    WITH k AS (SELECT * FROM unnest(${[...keys.messageIds]}::text[]) WITH ORDINALITY AS k(message_id, ord)),
    named AS (
      SELECT e.id AS email_id, k.ord FROM k JOIN reminder_emails e ON e.message_id = k.message_id
      UNION ALL
      SELECT r.reminder_email_id, k.ord FROM k JOIN reply_answers a ON a.message_id = k.message_id
      JOIN inbound_replies r ON r.id = a.reply_id WHERE r.reminder_email_id IS NOT NULL
    )
    SELECT e.id AS email_id, c.id AS customer_id, c.timezone, n.ord::int AS ord
    FROM named n JOIN reminder_emails e ON e.id = n.email_id JOIN customers c ON c.id = e.customer_id
    ORDER BY n.ord`;
  // billing_emails are stored lower case (the import folds them), as the sender is given.
  const senders = keys.sender === null ? [] : await sql<{ customer_id: bigint; timezone: string }[]>`
    SELECT id AS customer_id, timezone FROM customers WHERE billing_emails @> ARRAY[${keys.sender}]::text[] ORDER BY id`;
  const zones = new Map<bigint, string>();
  for (const r of [...byId, ...byMessageId, ...senders]) zones.set(r.customer_id, r.timezone);
  const email = (r: EmailRow): MatchedEmail => ({ emailId: r.email_id, customerId: r.customer_id });
  return {
    emailsById: byId.map(email),
    emailsByMessageId: byMessageId.map(email),
    senderCustomers: senders.map((r) => ({ customerId: r.customer_id, timezone: r.timezone })),
    zones,
  };
}

async function recordMatch(tx: Sql, replyId: bigint, match: ReplyMatch, pause: ReplyPause | null, read: ReplyReading): Promise<RecordedMatch> {
  const emailId = match.by === 'token' || match.by === 'thread' ? match.emailId.toString() : null;
  const customerId = match.by === null ? null : match.customerId.toString();
  const machine = match.by === null ? match.machine : null;
  // matched_at IS NULL under the row lock: a concurrent redelivery waits, then finds the reply read and writes nothing.
  const updated = await tx`
    UPDATE inbound_replies SET reminder_email_id = ${emailId}::int8, customer_id = ${customerId}::int8,
           matched_by = ${match.by}, machine = ${machine}, matched_at = now()
    WHERE id = ${replyId.toString()}::int8 AND matched_at IS NULL
    RETURNING id`;
  if (updated.length === 0) return { recorded: false, heldInvoices: 0, threadInvoiceId: null };
  const reply = replyId.toString();
  if (match.by === null) {
    // A person's reply nobody could place goes to finance; machine mail (auto-replies, bounces) is only recorded.
    if (match.machine === null) {
      await tx`
        INSERT INTO alerts (kind, priority, dedupe_key, reply_id, raised_at)
        VALUES ('reply_unmatched', ${alertPriority('reply_unmatched')}, ${`reply_unmatched:${reply}`}, ${reply}::int8, ${read.raisedAt})
        ON CONFLICT (dedupe_key) DO NOTHING`;
    }
    return { recorded: true, heldInvoices: 0, threadInvoiceId: null };
  }
  const today = pause?.today ?? null;
  const [thread] = match.by === 'sender'
    ? await tx<{ id: bigint }[]>`
        SELECT i.id FROM invoices i LEFT JOIN invoice_settlements s ON s.invoice_id = i.id
        WHERE i.customer_id = ${customerId}::int8 AND ${owesOn(tx, 's', tx`coalesce(${today}::date, current_date)`)}
        ORDER BY i.due_date, i.id LIMIT 1`
    : await tx<{ id: bigint }[]>`
        SELECT i.id FROM reminders r JOIN invoices i ON i.id = r.invoice_id
        WHERE r.email_id = ${emailId}::int8 ORDER BY i.due_date, i.id LIMIT 1`;
  const threadInvoiceId = thread?.id ?? null;
  await tx`
    UPDATE inbound_replies SET invoice_id = ${threadInvoiceId === null ? null : threadInvoiceId.toString()}::int8,
           understanding = ${read.understanding === null ? null : tx.json(read.understanding as never)}
    WHERE id = ${reply}::int8`;
  await tx`
    INSERT INTO alerts (kind, priority, dedupe_key, customer_id, invoice_id, email_id, reply_id, raised_at)
    VALUES ('customer_reply', ${alertPriority('customer_reply')}, ${`customer_reply:${reply}`}, ${customerId}::int8,
            ${threadInvoiceId === null ? null : threadInvoiceId.toString()}::int8, ${emailId}::int8, ${reply}::int8, ${read.raisedAt})
    ON CONFLICT (dedupe_key) DO NOTHING`;
  if (pause === null) return { recorded: true, heldInvoices: 0, threadInvoiceId };
  const invoices = match.by === 'sender'
    ? tx`SELECT i.id FROM invoices i LEFT JOIN invoice_settlements s ON s.invoice_id = i.id
         WHERE i.customer_id = ${customerId}::int8 AND ${owesOn(tx, 's', tx`${pause.today}::date`)}`
    : tx`SELECT DISTINCT r.invoice_id AS id FROM reminders r WHERE r.email_id = ${emailId}::int8`;
  const held = await tx`
    INSERT INTO reminder_holds (invoice_id, until_date, reason, created_by, created_at)
    SELECT v.id, ${pause.untilDate}::date, ${pause.reason}, ${pause.createdBy}, ${pause.createdAt}
    FROM (${invoices}) v
    WHERE NOT EXISTS (SELECT 1 FROM reminder_holds h WHERE h.created_by = ${pause.createdBy} AND h.invoice_id = v.id)
    RETURNING id`;
  return { recorded: true, heldInvoices: held.length, threadInvoiceId };
}

/** Finding what a reply answers (reminder_emails, customers) and recording it (inbound_replies, reminder_holds). */
export function postgresReplyMatchStore(sql: Sql): ReplyMatchStore {
  return {
    loadCandidates: (keys) => loadCandidates(sql, keys),
    recordMatch: async (replyId, match, pause, read) =>
      (await sql.begin((tx) => recordMatch(tx as unknown as Sql, replyId, match, pause, read))) as RecordedMatch,
  };
}
