import { dateInZone, instantInZone } from '../../src/domain/calendar-date.js';
import { formatAmount } from '../../src/domain/money.js';
import { disputeReasonOf, readUnderstanding } from '../../src/domain/replies/reply-proposal.js';
import { stripReply } from '../../src/domain/replies/strip-reply.js';
import { replyHoldCreatedBy } from '../../src/domain/reply-pause.js';
import { subject } from '../../src/domain/subject.js';
import { replyPlainText } from '../../src/services/reply-text.js';
import type { AlertView } from '../../src/views/alert-view.js';
import { replyTextShown, type ReplyFacts, type ReplyHandling, type ReplyProposal, type UnmatchedReplyFacts } from '../../src/views/reply-view.js';
import { loadInvoiceFacts, money } from './chat-views-invoices.js';
import { invoiceOverdueView, loadCustomerContext } from './chat-views-subjects.js';
import type { Sql } from './connect.js';
import { owesOn } from './settlement-sql.js';

// Customer replies as chat shows them (issue 17): the reply's card under its invoice's message, the reply whole
// ("Full reply"), and a reply nobody could place. Customer text is returned as written: renderers escape it.

interface ReplyRow {
  id: bigint;
  from_address: string | null;
  subject: string | null;
  received_at: Date;
  text_body: string | null;
  html_body: string | null;
  raw_mime: Uint8Array | null;
  matched_by: 'token' | 'thread' | 'sender' | null;
  understanding: unknown;
  invoice_id: bigint | null;
  reminder_email_id: bigint | null;
  customer_id: bigint | null;
  handled_at: Date | null;
  handled_by: string | null;
  handled_how: ReplyHandling | null;
  customer_name: string | null;
  customer_external_id: string | null;
  customer_timezone: string | null;
}

async function loadReplyRow(sql: Sql, replyId: bigint): Promise<ReplyRow | null> {
  const [r] = await sql<ReplyRow[]>`
    SELECT r.id, r.from_address, r.subject, r.received_at, r.text_body, r.html_body, r.raw_mime, r.matched_by, r.understanding,
           r.invoice_id, r.reminder_email_id, r.customer_id, r.handled_at, r.handled_by, r.handled_how,
           c.name AS customer_name, c.external_id AS customer_external_id, c.timezone AS customer_timezone
    FROM inbound_replies r LEFT JOIN customers c ON c.id = r.customer_id
    WHERE r.id = ${replyId.toString()}::int8`;
  return r ?? null;
}

/** The reply's text without quoted history or signature (what a card shows the start of). */
async function strippedText(r: ReplyRow): Promise<string> {
  return stripReply(await replyPlainText({ textBody: r.text_body, htmlBody: r.html_body, rawMime: r.raw_mime }));
}

const sizeText = (bytes: bigint): string =>
  bytes < 1024n ? `${bytes} B` : bytes < 1024n * 1024n ? `${(bytes + 512n) / 1024n} KB` : `${(bytes * 10n / (1024n * 1024n)) / 10n}.${(bytes * 10n / (1024n * 1024n)) % 10n} MB`;

/** A matched reply's facts as of `now`; null when it does not exist or was not matched to a customer. */
export async function loadReplyFacts(sql: Sql, replyId: bigint, now: Date, zone: string): Promise<ReplyFacts | null> {
  const r = await loadReplyRow(sql, replyId);
  if (!r || r.matched_by === null || r.customer_id === null) return null;
  const id = r.id.toString();
  const customerToday = dateInZone(now, r.customer_timezone ?? zone);
  const [attachments, numbers, hold, answers] = await Promise.all([
    sql<{ filename: string | null; size_bytes: bigint; kept: boolean }[]>`
      SELECT filename, size_bytes, content IS NOT NULL AS kept FROM inbound_reply_attachments WHERE reply_id = ${id}::int8 ORDER BY position`,
    r.reminder_email_id === null
      ? sql<{ number: string }[]>`
          SELECT i.number FROM invoices i LEFT JOIN invoice_settlements s ON s.invoice_id = i.id
          WHERE i.customer_id = ${r.customer_id.toString()}::int8 AND ${owesOn(sql, 's', sql`${customerToday}::date`)}
          ORDER BY i.due_date, i.id LIMIT 20`
      : sql<{ number: string }[]>`
          SELECT i.number FROM reminders m JOIN invoices i ON i.id = m.invoice_id
          WHERE m.email_id = ${r.reminder_email_id.toString()}::int8 ORDER BY i.due_date, i.id LIMIT 20`,
    sql<{ until: string | null }[]>`
      SELECT max(until_date)::text AS until FROM reminder_holds
      WHERE created_by = ${replyHoldCreatedBy(r.id)} AND released_at IS NULL AND until_date >= ${customerToday}::date`,
    sql<{ sent_by: string; at: Date; status: ReplyFacts['answers'][number]['status'] }[]>`
      SELECT sent_by, coalesce(sent_at, created_at) AS at, status FROM reply_answers WHERE reply_id = ${id}::int8 ORDER BY id`,
  ]);
  const invoice = r.invoice_id === null ? null : (await loadInvoiceFacts(sql, [r.invoice_id], now, zone)).get(r.invoice_id) ?? null;
  const text = await strippedText(r);
  return {
    replyId: id,
    customerName: r.customer_name ?? 'an unknown customer',
    customerExternalId: r.customer_external_id ?? '',
    from: r.from_address ?? 'an unknown sender',
    subject: r.subject ?? '',
    receivedAt: `${instantInZone(r.received_at, zone)} (${zone})`,
    text: text.length > replyTextShown ? text.slice(0, replyTextShown) : text,
    cut: text.length > replyTextShown,
    attachments: attachments.map((a) => ({ name: a.filename ?? 'unnamed', size: sizeText(BigInt(a.size_bytes)), kept: a.kept })),
    invoice,
    invoiceNumbers: numbers.map((n) => n.number),
    matchedBy: r.matched_by,
    proposal: proposalOf(r.understanding, invoice?.currency ?? null),
    pausedUntil: hold[0]?.until ?? null,
    handled: r.handled_at === null || r.handled_how === null
      ? null
      : { how: r.handled_how, by: r.handled_by ?? 'someone', at: `${instantInZone(r.handled_at, zone)} (${zone})` },
    answers: answers.map((a) => ({ by: a.sent_by, at: `${instantInZone(a.at, zone)} (${zone})`, status: a.status })),
  };
}

/** What was read in the reply, for display and to pre-fill the promise and dispute forms. */
function proposalOf(stored: unknown, invoiceCurrency: string | null): ReplyProposal {
  const u = readUnderstanding(stored);
  const currency = u.promise?.currency ?? invoiceCurrency;
  const amountMinor = u.promise?.amountMinor ?? null;
  return {
    promise: u.promise === null ? null : {
      date: u.promise.date,
      amount: amountMinor === null || currency === null ? null : money(amountMinor, currency),
      amountInput: amountMinor === null || currency === null ? null : formatAmount(amountMinor, currency),
    },
    dispute: u.dispute === null ? null : { reason: disputeReasonOf(u.dispute.signal), evidence: u.dispute.evidence },
    alreadyPaid: u.alreadyPaid,
  };
}

/**
 * `reply:<id>`: the reply's card, posted in the thread of its invoice's message (which is posted first where it is
 * missing). Null when the reply is gone or was never matched.
 */
export async function replyView(sql: Sql, replyId: bigint, now: Date, zone: string): Promise<AlertView | null> {
  const reply = await loadReplyFacts(sql, replyId, now, zone);
  if (!reply) return null;
  const [row] = await sql<{ customer_id: bigint; invoice_id: bigint | null }[]>`
    SELECT customer_id, invoice_id FROM inbound_replies WHERE id = ${replyId.toString()}::int8`;
  const context = row ? await loadCustomerContext(sql, { customer_id: row.customer_id, invoice_id: null, dispute_id: null, email_id: null }) : null;
  const parentView = row?.invoice_id == null ? null : await invoiceOverdueView(sql, row.invoice_id, now, zone);
  return {
    kind: 'customer_reply',
    reply,
    owner: context?.sales ?? null,
    thread: parentView === null || row?.invoice_id == null ? null : { subject: subject('invoice', row.invoice_id), view: parentView },
  };
}

/** The whole text of a matched reply (quoted history included), for "Full reply"; null when there is none. */
export async function loadReplyFullText(sql: Sql, replyId: bigint): Promise<string | null> {
  const r = await loadReplyRow(sql, replyId);
  if (!r || r.matched_by === null) return null;
  return replyPlainText({ textBody: r.text_body, htmlBody: r.html_body, rawMime: r.raw_mime });
}

/** A person's reply that matched nothing, for finance. */
export async function unmatchedReplyView(sql: Sql, replyId: bigint, zone: string): Promise<AlertView | null> {
  const r = await loadReplyRow(sql, replyId);
  if (!r) return null;
  const facts: UnmatchedReplyFacts = {
    replyId: r.id.toString(),
    from: r.from_address ?? 'an unknown sender',
    subject: r.subject ?? '',
    receivedAt: `${instantInZone(r.received_at, zone)} (${zone})`,
    excerpt: (await strippedText(r)).slice(0, 300),
  };
  return { kind: 'reply_unmatched', reply: facts };
}

/** The customer's billing contacts, whom an answer to the reply goes to. */
export async function loadReplyRecipients(sql: Sql, replyId: bigint): Promise<string[]> {
  const [r] = await sql<{ billing_emails: string[] }[]>`
    SELECT c.billing_emails FROM inbound_replies r JOIN customers c ON c.id = r.customer_id WHERE r.id = ${replyId.toString()}::int8`;
  return r?.billing_emails ?? [];
}
