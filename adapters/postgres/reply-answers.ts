import type { AnswerOutcome, ClaimedAnswer, NewAnswer, ReplyAnswerStore, ReplyToAnswer } from '../../src/ports/reply-answers.js';
import type { Sql } from './connect.js';
import { retryOnLostConnection } from './retry-lost-connection.js';

interface ReplyRow {
  id: bigint; customer_id: bigint | null; customer_name: string | null; from_address: string | null; subject: string | null;
  reminder_email_id: bigint | null; email_subject: string | null; usual_reply_to: string | null; billing_emails: string[];
}

async function loadReplyToAnswer(sql: Sql, replyId: bigint): Promise<ReplyToAnswer | null> {
  // Billing contacts as the cadence sends to them: those not suppressed (cadence-candidates' deliverable_emails).
  const [r] = await sql<ReplyRow[]>`
    SELECT r.id, r.customer_id, c.name AS customer_name, r.from_address, r.subject, r.reminder_email_id,
           e.subject AS email_subject, coalesce(o.email, e.reply_to) AS usual_reply_to,
           ARRAY(SELECT b.email FROM unnest(c.billing_emails) AS b(email)
                  WHERE NOT EXISTS (SELECT 1 FROM email_suppressions s WHERE s.email = b.email AND s.cleared_at IS NULL)) AS billing_emails
    FROM inbound_replies r
    LEFT JOIN customers c ON c.id = r.customer_id
    LEFT JOIN owners o ON o.id = c.sales_owner_id
    LEFT JOIN reminder_emails e ON e.id = r.reminder_email_id
    WHERE r.id = ${replyId.toString()}::int8`;
  if (!r) return null;
  return {
    replyId: r.id, customerId: r.customer_id, customerName: r.customer_name, fromAddress: r.from_address, subject: r.subject,
    emailId: r.reminder_email_id, emailSubject: r.email_subject, usualReplyTo: r.usual_reply_to, billingEmails: r.billing_emails,
  };
}

async function insertAnswer(sql: Sql, a: NewAnswer): Promise<bigint> {
  const [row] = await sql<{ id: bigint }[]>`
    WITH a AS (
      INSERT INTO reply_answers (reply_id, customer_id, sent_by, body, to_emails, subject, message_id, reply_to, status,
                                 next_attempt_at, created_at)
      VALUES (${a.replyId.toString()}::int8, ${a.customerId.toString()}::int8, ${a.sentBy}, ${a.body}, ${[...a.to]}::text[],
              ${a.subject}, ${a.messageId}, ${a.replyTo}, 'queued', ${a.createdAt}, ${a.createdAt})
      RETURNING id
    ), audit AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT ${a.sentBy}, 'reply_answer.queued', 'reply_answer', id, ${sql.json({ reply_id: a.replyId.toString() })} FROM a
    )
    SELECT id FROM a`;
  return row!.id;
}

interface ClaimedRow {
  id: bigint; reply_id: bigint; sent_by: string; body: string; to_emails: string[]; cc_emails: string[]; subject: string;
  message_id: string; reply_to: string | null; attempts: number; reply_headers: string | null;
}

async function claimNextAnswer(sql: Sql, now: Date): Promise<ClaimedAnswer | null> {
  // The row lock re-checks status = 'queued' on the row's latest version, so of two senders only one claims it.
  const [a] = await sql<ClaimedRow[]>`
    WITH next AS (
      SELECT id FROM reply_answers WHERE status = 'queued' AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
    ), claimed AS (
      UPDATE reply_answers a SET status = 'sending', sending_started_at = ${now}, attempts = a.attempts + 1
      FROM next WHERE a.id = next.id
      RETURNING a.*
    )
    SELECT a.id, a.reply_id, a.sent_by, a.body, a.to_emails, a.cc_emails, a.subject, a.message_id, a.reply_to, a.attempts,
           r.headers AS reply_headers
    FROM claimed a JOIN inbound_replies r ON r.id = a.reply_id`;
  if (!a) return null;
  return {
    answerId: a.id, replyId: a.reply_id, sentBy: a.sent_by, body: a.body, to: a.to_emails, cc: a.cc_emails, subject: a.subject,
    messageId: a.message_id, replyTo: a.reply_to, attempts: a.attempts, replyHeaders: a.reply_headers,
  };
}

/**
 * The send it records has happened: a lost connection is retried on a fresh one for a few seconds, so a database
 * restart does not leave a sent answer to be swept in doubt (reminder-sends does the same).
 */
async function recordAnswerOutcome(sql: Sql, answerId: bigint, outcome: AnswerOutcome, now: Date): Promise<bigint | null> {
  let replyId: bigint | null = null;
  await retryOnLostConnection(async () => {
    replyId = await recordOnce(sql, answerId, outcome, now);
  });
  return replyId;
}

async function recordOnce(sql: Sql, answerId: bigint, outcome: AnswerOutcome, now: Date): Promise<bigint | null> {
  const id = answerId.toString();
  // The audit row of the answer updated in CTE `a` (none when it was no longer there to update).
  const audit = (details: Record<string, string>) => sql`
    INSERT INTO audit_log (actor, action, entity, entity_id, details)
    SELECT 'arbot', ${`reply_answer.${outcome.status}`}, 'reply_answer', id, ${sql.json(details)} FROM a`;
  let rows: { reply_id: bigint }[];
  switch (outcome.status) {
    case 'sent':
      // The provider's word wins over a sweep that guessed in doubt meanwhile. The reply is answered unless someone
      // already dealt with it another way (handled_at IS NULL under the row lock).
      rows = await sql<{ reply_id: bigint }[]>`
        WITH a AS (
          UPDATE reply_answers SET status = 'sent', sent_at = ${now}, provider = ${outcome.provider},
                 provider_message_id = ${outcome.providerMessageId}, last_error = NULL
          WHERE id = ${id}::int8 AND status IN ('sending', 'in_doubt')
          RETURNING id, reply_id
        ), handled AS (
          UPDATE inbound_replies r SET handled_at = ${now}, handled_by = ${outcome.handledBy}, handled_how = 'answered'
          FROM a WHERE r.id = a.reply_id AND r.handled_at IS NULL
          RETURNING r.id
        ), logged AS (${audit({ provider: outcome.provider })})
        SELECT reply_id FROM a`;
      break;
    case 'retry':
      rows = await sql<{ reply_id: bigint }[]>`
        WITH a AS (
          UPDATE reply_answers SET status = 'queued', next_attempt_at = ${outcome.nextAttemptAt}, last_error = ${outcome.reason}
          WHERE id = ${id}::int8 AND status = 'sending'
          RETURNING id, reply_id
        ), logged AS (${audit({ reason: outcome.reason })})
        SELECT reply_id FROM a`;
      break;
    default:
      rows = await sql<{ reply_id: bigint }[]>`
        WITH a AS (
          UPDATE reply_answers SET status = ${outcome.status}, last_error = ${outcome.reason}
          WHERE id = ${id}::int8 AND status = 'sending'
          RETURNING id, reply_id
        ), logged AS (${audit({ reason: outcome.reason })})
        SELECT reply_id FROM a`;
  }
  return rows[0]?.reply_id ?? null;
}

async function sweepStaleAnswers(sql: Sql, now: Date, staleAfterMs: number): Promise<bigint[]> {
  const reason = 'the process stopped while sending; the provider may or may not have accepted it';
  const rows = await sql<{ reply_id: bigint }[]>`
    WITH a AS (
      UPDATE reply_answers SET status = 'in_doubt', last_error = ${reason}
      WHERE status = 'sending' AND sending_started_at < ${new Date(now.getTime() - staleAfterMs)}
      RETURNING id, reply_id
    ), logged AS (
      INSERT INTO audit_log (actor, action, entity, entity_id, details)
      SELECT 'arbot', 'reply_answer.in_doubt', 'reply_answer', id, ${sql.json({ reason })} FROM a
    )
    SELECT DISTINCT reply_id FROM a ORDER BY reply_id`;
  return rows.map((r) => r.reply_id);
}

/** Answers to customer replies (reply_answers), and the reply they mark answered (inbound_replies). */
export function postgresReplyAnswerStore(sql: Sql): ReplyAnswerStore {
  return {
    loadReplyToAnswer: (replyId) => loadReplyToAnswer(sql, replyId),
    insertAnswer: (a) => insertAnswer(sql, a),
    claimNextAnswer: (now) => claimNextAnswer(sql, now),
    recordAnswerOutcome: (answerId, outcome, now) => recordAnswerOutcome(sql, answerId, outcome, now),
    sweepStaleAnswers: (now, ms) => sweepStaleAnswers(sql, now, ms),
  };
}
