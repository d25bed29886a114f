import { randomBytes } from 'node:crypto';
import { messageIdDomain } from '../domain/email-message-id.js';
import {
  answerBodyMaxLength, answerMessageId, answerRecipients, answerReplyTo, answerSubject, composeAnswerEmail, formatAuthor,
  parseAuthor, type AnswerAuthor,
} from '../domain/reply-answer-email.js';
import type { LinkSecret } from '../domain/signed-id-token.js';
import type { EmailSender, OutgoingEmail, SendResult } from '../ports/email-sender.js';
import type { AnswerOutcome, ClaimedAnswer, RenderAnswer, ReplyAnswerStore } from '../ports/reply-answers.js';
import { toOutcome } from './cadence-tick.js';

/** What answers are sent as: the sender reminders use, and the reply addresses they carry. */
export interface AnswerMailSettings {
  /** EMAIL_FROM and EMAIL_FROM_NAME; the name signs every answer after the person's, as reminders name the company. */
  readonly from: { readonly email: string; readonly name: string };
  /** INBOUND_DOMAIN: the customer's next reply goes to r+<token>@ this domain, and our Message-IDs end with it. */
  readonly inboundDomain?: string | undefined;
  readonly linkSecret: LinkSecret;
}

export interface QueueAnswerDeps {
  readonly store: ReplyAnswerStore;
  readonly mail: AnswerMailSettings;
  /** The random part of the answer's Message-ID; injected by tests only. */
  readonly randomHex?: () => string;
}

export type AnswerRefusalCode = 'empty' | 'too_long' | 'nul' | 'unknown_reply' | 'unmatched_reply' | 'no_billing_contacts';

/** An answer queued, or why not, with what to do about it (safe to show the person who wrote it). */
export type QueueAnswerResult =
  | { readonly ok: true; readonly answerId: bigint }
  | { readonly ok: false; readonly code: AnswerRefusalCode; readonly message: string };

const refusal = (code: AnswerRefusalCode, message: string): QueueAnswerResult => ({ ok: false, code, message });

/**
 * Queues an answer to a customer's reply, to go by email to the customer's billing contacts, threaded on the reply.
 * The chat action has checked the person's rights; this checks the answer and the reply, decides everything the
 * email is (recipients, subject, our Message-ID, reply address) and records it queued: sendQueuedAnswers sends it.
 * An expected refusal is a value whose message says what to fix.
 */
export async function queueReplyAnswer(
  deps: QueueAnswerDeps, input: { replyId: bigint; body: string; sentBy: AnswerAuthor; now: Date },
): Promise<QueueAnswerResult> {
  const body = input.body.replace(/\r\n?/g, '\n');
  if (body.includes('\u0000')) return refusal('nul', 'the answer contains a NUL character, which cannot be sent; remove it and try again');
  if (body.trim() === '') return refusal('empty', 'the answer is empty: write what the customer should read, then send it');
  const length = [...body].length;
  if (length > answerBodyMaxLength) {
    return refusal('too_long', `the answer is ${length} characters long, at most ${answerBodyMaxLength}: shorten it (or attach the details elsewhere) and send it again`);
  }
  const reply = await deps.store.loadReplyToAnswer(input.replyId);
  if (reply === null) return refusal('unknown_reply', 'this reply no longer exists in arbot: nothing was sent');
  if (reply.customerId === null) {
    return refusal('unmatched_reply', 'arbot does not know which customer sent this reply, so it cannot answer it: answer it from your mailbox');
  }
  const to = answerRecipients(reply.billingEmails, reply.fromAddress);
  if (to.length === 0) {
    return refusal('no_billing_contacts', `${reply.customerName ?? 'this customer'} has no billing contact arbot can email (none on file, or every one bounced): add one in the ERP and import it, then answer again`);
  }
  const hex = deps.randomHex?.() ?? randomBytes(8).toString('hex');
  const answerId = await deps.store.insertAnswer({
    replyId: reply.replyId, customerId: reply.customerId, sentBy: formatAuthor(input.sentBy), body, to,
    subject: answerSubject(reply.subject, reply.emailSubject),
    messageId: answerMessageId(reply.replyId, hex, messageIdDomain(deps.mail.inboundDomain, deps.mail.from.email)),
    replyTo: answerReplyTo({ inboundDomain: deps.mail.inboundDomain, emailId: reply.emailId, usualReplyTo: reply.usualReplyTo }, deps.mail.linkSecret, input.now),
    createdAt: input.now,
  });
  return { ok: true, answerId };
}

export interface SendAnswersDeps {
  readonly store: ReplyAnswerStore;
  readonly sender: EmailSender;
  readonly render: RenderAnswer;
  readonly from: AnswerMailSettings['from'];
  /** After this many provider attempts a retryable failure becomes a failure (default 8, as for reminders). */
  readonly maxAttempts?: number;
  /** An answer "sending" longer than this is taken to have died mid-send (default 10 minutes): in doubt, never resent. */
  readonly staleSendingMs?: number;
  /** Answers sent in one run at most (default 200); the rest wait for the next. */
  readonly limit?: number;
}

export interface SendAnswersReport {
  sent: number;
  failed: number;
  /** Answers found in doubt this run: the provider's outcome unknown, or stuck "sending" (swept). */
  inDoubt: number;
  retried: number;
  /** The replies whose answers changed status, each once: their chat cards show it. */
  replyIds: bigint[];
}

/**
 * Sends the queued answers due at `now`, one claimed at a time so a crash leaves at most one "sending", after turning
 * answers stuck "sending" into in_doubt. Outcomes mean what they mean for reminders (toOutcome): sent; retry later
 * with backoff; failed; in doubt (the provider may have it) and never sent again.
 */
export async function sendQueuedAnswers(deps: SendAnswersDeps, now: Date): Promise<SendAnswersReport> {
  const report: SendAnswersReport = { sent: 0, failed: 0, inDoubt: 0, retried: 0, replyIds: [] };
  const touched = (replyId: bigint | null) => {
    if (replyId !== null && !report.replyIds.includes(replyId)) report.replyIds.push(replyId);
  };
  const swept = await deps.store.sweepStaleAnswers(now, deps.staleSendingMs ?? 10 * 60_000);
  report.inDoubt += swept.length;
  swept.forEach(touched);
  for (let n = 0; n < (deps.limit ?? 200); n++) {
    const answer = await deps.store.claimNextAnswer(now);
    if (answer === null) break;
    const outcome = await sendOne(deps, answer, now);
    touched(await deps.store.recordAnswerOutcome(answer.answerId, outcome, now));
    if (outcome.status === 'sent') report.sent++;
    else if (outcome.status === 'retry') report.retried++;
    else if (outcome.status === 'failed') report.failed++;
    else report.inDoubt++;
  }
  return report;
}

async function sendOne(deps: SendAnswersDeps, a: ClaimedAnswer, now: Date): Promise<AnswerOutcome> {
  const author = parseAuthor(a.sentBy);
  let email: OutgoingEmail;
  try {
    const words = deps.render({ body: a.body, authorName: author.name, companyName: deps.from.name });
    email = composeAnswerEmail(a, words, deps.from);
  } catch (err) {
    return { status: 'failed', reason: `could not build the email: ${(err as Error).message}` };
  }
  let result: SendResult;
  try {
    result = await deps.sender.send(email);
  } catch (err) {
    // A sender that throws has broken its contract; whether the provider got the email is unknown.
    return { status: 'in_doubt', reason: `sender error: ${(err as Error).message}` };
  }
  const outcome = toOutcome(result, a.attempts, deps.maxAttempts ?? 8, now, email.subject);
  if (outcome.status !== 'sent') return outcome;
  // The reply is handled by the person who answered it, named as chat actions name people (email, else name).
  return { status: 'sent', provider: outcome.provider, providerMessageId: outcome.messageId, handledBy: author.email ?? author.name };
}
