import { htmlToText } from '../../src/domain/replies/html-to-text.js';
import { replyExcerpt } from '../../src/domain/replies/reply-excerpt.js';
import { conversationRepliesShown, type ConversationReply, type CustomerConversation } from '../../src/views/customer-view.js';
import { homeRepliesShown, type RepliesWaiting } from '../../src/views/home-queue.js';
import type { ReplyHandling } from '../../src/views/reply-view.js';
import { hoursSince, idList } from './chat-views-invoices.js';
import type { Sql } from './connect.js';

// Customer replies as lists: the conversation in `/ar` and "Replies waiting for me" on the App Home. A reply is the
// customer's (matched_by set); machine mail is never matched, so it never shows. Waiting means nobody has dealt
// with it (handled_at IS NULL), the rule of the inbound_replies_waiting_idx index.

/** Bodies are read only as far as an excerpt can need: stripReply looks at the top of the text. */
const bodyRead = 20_000;

/** An instant as the company reads it, to the minute: "2026-03-12 09:14". */
const localMinute = (sql: Sql, instant: ReturnType<Sql>, zone: string) =>
  sql`to_char(${instant} AT TIME ZONE ${zone}, 'YYYY-MM-DD HH24:MI')`;

/** Sender and subject on one line: a list line must not break (a folded header can carry a line break). */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

type BodyColumns = { text_body: string | null; html_body: string | null };

/** The start of a reply's new part: its text body, else its HTML body as text. */
const excerptOf = (r: BodyColumns): string => replyExcerpt(r.text_body ?? (r.html_body === null ? '' : htmlToText(r.html_body)));

/**
 * The customer's latest replies (newest first, at most `conversationRepliesShown`) received by `now`, with the
 * answers sent from chat, and how many of all their replies wait for someone.
 * @example await loadCustomerConversation(sql, 42n, now, 'Europe/Paris') // { zone: 'Europe/Paris', waiting: 1, replies: [ … ] }
 */
export async function loadCustomerConversation(sql: Sql, customerId: bigint, now: Date, zone: string): Promise<CustomerConversation> {
  const cid = customerId.toString();
  const rows = await sql<(BodyColumns & {
    id: bigint; received: string; from_address: string; subject: string; step_key: string | null;
    handled_how: ReplyHandling | null; handled_by: string | null; handled: string | null;
  })[]>`
    SELECT r.id, ${localMinute(sql, sql`r.received_at`, zone)} AS received, coalesce(r.from_address, '') AS from_address,
           coalesce(r.subject, '') AS subject, left(r.text_body, ${bodyRead}) AS text_body,
           CASE WHEN r.text_body IS NULL THEN left(r.html_body, ${bodyRead * 4}) END AS html_body,
           e.step_key, r.handled_how, r.handled_by, ${localMinute(sql, sql`r.handled_at`, zone)} AS handled
    FROM inbound_replies r LEFT JOIN reminder_emails e ON e.id = r.reminder_email_id
    WHERE r.customer_id = ${cid}::int8 AND r.matched_by IS NOT NULL AND r.received_at <= ${now}
    ORDER BY r.received_at DESC, r.id DESC LIMIT ${conversationRepliesShown}`;
  const [w] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM inbound_replies
    WHERE customer_id = ${cid}::int8 AND matched_by IS NOT NULL AND handled_at IS NULL AND received_at <= ${now}`;
  const answers = await sql<{ reply_id: bigint; sent_by: string; status: ConversationReply['answers'][number]['status']; at: string }[]>`
    SELECT a.reply_id, a.sent_by, a.status, ${localMinute(sql, sql`coalesce(a.sent_at, a.created_at)`, zone)} AS at
    FROM reply_answers a WHERE a.reply_id = ANY(${idList(rows.map((r) => r.id))}::text[]::int8[])
    ORDER BY a.created_at, a.id`;
  return {
    zone,
    waiting: w!.n,
    replies: rows.map((r) => ({
      replyId: r.id.toString(), receivedAt: r.received, from: oneLine(r.from_address), subject: oneLine(r.subject), excerpt: excerptOf(r), step: r.step_key,
      handled: r.handled_how === null ? null : { how: r.handled_how, by: r.handled_by ?? '', at: r.handled ?? '' },
      answers: answers.filter((a) => a.reply_id === r.id).map((a) => ({ by: a.sent_by, at: a.at, status: a.status })),
    })),
  };
}

/**
 * "Replies waiting for me" as of `now`: matched replies nobody has dealt with, of the customers the owner looks
 * after as sales or delivery owner (every customer's for finance people), oldest first, at most `homeRepliesShown`.
 * @example await loadRepliesWaiting(sql, anaId, now, 'Europe/Paris') // { total: 3, replies: [ … ] }
 */
export async function loadRepliesWaiting(sql: Sql, ownerId: bigint, now: Date, zone: string): Promise<RepliesWaiting> {
  const me = ownerId.toString();
  const rows = await sql<(BodyColumns & {
    id: bigint; received_at: Date; received: string; from_address: string; subject: string; name: string; external_id: string; total: number;
  })[]>`
    SELECT r.id, r.received_at, ${localMinute(sql, sql`r.received_at`, zone)} AS received, coalesce(r.from_address, '') AS from_address,
           coalesce(r.subject, '') AS subject, left(r.text_body, ${bodyRead}) AS text_body,
           CASE WHEN r.text_body IS NULL THEN left(r.html_body, ${bodyRead * 4}) END AS html_body,
           c.name, c.external_id, (count(*) OVER ())::int AS total
    FROM inbound_replies r JOIN customers c ON c.id = r.customer_id
    WHERE r.matched_by IS NOT NULL AND r.handled_at IS NULL AND r.received_at <= ${now}
      AND (c.sales_owner_id = ${me}::int8 OR c.delivery_owner_id = ${me}::int8
           OR EXISTS (SELECT 1 FROM owners o WHERE o.id = ${me}::int8 AND o.team = 'finance'))
    ORDER BY r.received_at, r.id LIMIT ${homeRepliesShown}`;
  return {
    total: rows[0]?.total ?? 0,
    replies: rows.map((r) => ({
      replyId: r.id.toString(), customerName: r.name, customerExternalId: r.external_id, from: oneLine(r.from_address), subject: oneLine(r.subject),
      excerpt: excerptOf(r), receivedAt: `${r.received} (${zone})`, waitingHours: hoursSince(r.received_at, now),
    })),
  };
}
