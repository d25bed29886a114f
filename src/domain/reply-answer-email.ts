import { referencedMessageIds } from './email-message-id.js';
import { headerOf, messageIdOf, parseHeaderBlock } from './inbound-email.js';
import { replyAddress, replyTokenTtlDays, signReplyToken } from './reply-address.js';
import { bareAddress } from './reply-matching.js';
import type { LinkSecret } from './signed-id-token.js';
import { cleanFreeText } from './text-safety.js';

/**
 * An answer written in chat to a customer's reply, as an email: who gets it, its subject, its place in the
 * customer's thread (In-Reply-To, References), our Message-ID for it and where the customer's next reply goes.
 * Pure: the random part of the Message-ID, the secret and `now` are arguments. The words themselves (text and
 * HTML) are rendered by blocks/email/answer-email.ts and passed in.
 */

/** The longest answer, in characters (reply_answers.body holds at most this many). */
export const answerBodyMaxLength = 10_000;

/** Most characters of a References header we write, so the line stays under RFC 5322's 998 even unfolded. */
export const referencesMaxLength = 900;

/** The subject we give an answer to a reply that has none (nor a reminder it answered). */
const noSubject = 'Your email';

/**
 * To: the customer's billing contacts, each once, the reply's sender first when they are one of them.
 * @example answerRecipients(['ap@acme.example', 'ann@acme.example'], 'Ann <ANN@acme.example>') // ['ann@acme.example', 'ap@acme.example']
 */
export function answerRecipients(billingEmails: readonly string[], replySender: string | null): string[] {
  const contacts = [...new Set(billingEmails.map((e) => e.trim().toLowerCase()).filter((e) => e !== ''))];
  const sender = replySender === null ? null : bareAddress(replySender);
  return sender !== null && contacts.includes(sender) ? [sender, ...contacts.filter((e) => e !== sender)] : contacts;
}

/** Reply prefixes mail clients write: "Re" (French clients write "RE :"), German, Nordic, Finnish, Dutch, Italian, Portuguese. */
const replyPrefix = /^\s*(?:re|aw|sv|vs|antw|rif|res)\s*(?:\[\d+\])?\s*:\s*/i;

/**
 * "Re: " and the customer's subject, once however many reply prefixes it carries; on one line, at most 300
 * characters. A reply without a subject takes the reminder's (`fallback`), or a plain one.
 * @example answerSubject('RE: Re: Invoice 42', null) // "Re: Invoice 42"
 * @example answerSubject('AW: Zahlungserinnerung', null) // "Re: Zahlungserinnerung"
 */
export function answerSubject(theirSubject: string | null, fallback: string | null): string {
  const oneLine = (s: string | null) => cleanFreeText(s ?? '').replace(/\s+/g, ' ').trim();
  let subject = oneLine(theirSubject) || oneLine(fallback) || noSubject;
  for (let prev = ''; prev !== subject;) {
    prev = subject;
    subject = subject.replace(replyPrefix, '');
  }
  return [...`Re: ${subject || noSubject}`].slice(0, 300).join('');
}

export interface AnswerThreading {
  /** The reply's Message-ID; null when it carried none (it is then stored under a hash, which is no id). */
  readonly inReplyTo: string | null;
  /** The thread, oldest first, ending with the reply itself; at most `referencesMaxLength` characters joined. */
  readonly references: readonly string[];
}

/**
 * Where an answer sits in the customer's thread (RFC 5322 §3.6.4): In-Reply-To the reply, References the reply's
 * References (or its In-Reply-To when it has none) and then the reply. A long thread keeps its first message and as
 * many of the latest as fit. Only `<…>` ids without spaces are kept, so nothing else reaches a header.
 * @example answerThreading('Message-ID: <r2@c.example>\r\nReferences: <a@us.example> <r1@c.example>\r\n') // { inReplyTo: '<r2@c.example>', references: ['<a@us.example>', '<r1@c.example>', '<r2@c.example>'] }
 */
export function answerThreading(replyHeaders: string | null): AnswerThreading {
  const headers = parseHeaderBlock(replyHeaders ?? '');
  const own = messageIdOf(headers);
  const refs = headerOf(headers, 'references');
  const parents = refs !== undefined
    ? referencedMessageIds(undefined, refs).reverse()
    : referencedMessageIds(headerOf(headers, 'in-reply-to'), undefined).slice(0, 1);
  const ids = [...parents.filter((id) => id !== own), ...(own === null ? [] : [own])];
  return { inReplyTo: own, references: boundReferences(ids) };
}

/** Drops ids after the first until the header fits; then the first too; never the last (the reply). */
function boundReferences(ids: readonly string[]): string[] {
  const out = [...ids];
  const size = () => out.join(' ').length;
  while (size() > referencesMaxLength && out.length > 2) out.splice(1, 1);
  if (size() > referencesMaxLength && out.length === 2) out.shift();
  return size() > referencesMaxLength ? [] : out;
}

/**
 * Our Message-ID for one answer: the reply it answers, random hex (unguessable, like a reminder's: see
 * buildMessageId) and our domain. A customer's reply to the answer names it, and matching finds the answer by it.
 * @example answerMessageId(7n, '9f2c4e1a0b7d3c5e', 'reply.ar.example.com') // "<arbot.answer.7.9f2c4e1a0b7d3c5e@reply.ar.example.com>"
 */
export function answerMessageId(replyId: bigint, randomHex: string, domain: string): string {
  return `<arbot.answer.${replyId}.${randomHex}@${domain}>`;
}

/**
 * Where the customer's next reply goes: with an inbound domain and a reply that answered one of our reminder emails,
 * the reply address of that email (a token naming it, valid `replyTokenTtlDays` from `now`), so the answer's reply is
 * matched like the first; otherwise where reminders send replies (the account manager), or nowhere special.
 * @example answerReplyTo({ inboundDomain: undefined, emailId: 42n, usualReplyTo: 'jane@us.example' }, secret, now) // "jane@us.example"
 */
export function answerReplyTo(
  o: { inboundDomain: string | undefined; emailId: bigint | null; usualReplyTo: string | null }, secret: LinkSecret, now: Date,
): string | null {
  if (!o.inboundDomain || o.emailId === null) return o.usualReplyTo;
  return replyAddress(o.inboundDomain, signReplyToken(o.emailId, new Date(now.getTime() + replyTokenTtlDays * 86_400_000), secret));
}

/** The person who wrote an answer, as chat named them. */
export interface AnswerAuthor {
  readonly name: string;
  readonly email: string | null;
}

/**
 * The author as reply_answers.sent_by keeps them: "Name <email>", or the name alone; one line.
 * @example formatAuthor({ name: 'Ana Martin', email: 'ana@us.example' }) // "Ana Martin <ana@us.example>"
 */
export function formatAuthor(a: AnswerAuthor): string {
  const name = cleanFreeText(a.name).replace(/\s+/g, ' ').trim();
  const email = a.email === null ? '' : a.email.replace(/[\s<>]/g, '');
  return email === '' ? name : `${name} <${email}>`.trim();
}

/**
 * formatAuthor read back.
 * @example parseAuthor('Ana Martin <ana@us.example>') // { name: 'Ana Martin', email: 'ana@us.example' }
 */
export function parseAuthor(sentBy: string): AnswerAuthor {
  const m = /^(.*?)\s*<([^<>\s]*)>$/.exec(sentBy);
  return m ? { name: m[1]!, email: m[2] === '' ? null : m[2]! } : { name: sentBy, email: null };
}

/** An answer as queued, with the reply's header block for threading. */
export interface AnswerToSend {
  readonly answerId: bigint;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  readonly messageId: string;
  readonly replyTo: string | null;
  readonly replyHeaders: string | null;
}

/** The email of an answer, field for field what the EmailSender port takes (src/ports/email-sender.ts). */
export interface AnswerEmail {
  readonly from: { readonly email: string; readonly name: string };
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly customArgs: Readonly<Record<string, string>>;
  readonly categories: readonly string[];
  readonly messageId: string;
  readonly inReplyTo?: string;
  readonly references?: readonly string[];
}

/**
 * The custom args of an answer: `arbot_answer_id`, never `arbot_email_id` (that one ties events to reminder emails).
 * @example answerCustomArgs(5n) // { arbot_answer_id: "5" }
 */
export const answerCustomArgs = (answerId: bigint): Record<string, string> => ({ arbot_answer_id: answerId.toString() });

/** The SendGrid categories of every answer. */
export const answerCategories: readonly string[] = ['arbot', 'arbot-answer'];

/**
 * The whole email of a queued answer, its words rendered (blocks/email/answer-email.ts).
 * @example composeAnswerEmail(answer, { text, html }, { email: 'billing@us.example', name: 'Acme AR' }).inReplyTo // "<r2@c.example>"
 */
export function composeAnswerEmail(a: AnswerToSend, words: { text: string; html: string }, from: AnswerEmail['from']): AnswerEmail {
  const thread = answerThreading(a.replyHeaders);
  return {
    from, to: a.to, cc: a.cc, replyTo: a.replyTo, subject: a.subject, text: words.text, html: words.html,
    customArgs: answerCustomArgs(a.answerId), categories: answerCategories, messageId: a.messageId,
    ...(thread.inReplyTo === null ? {} : { inReplyTo: thread.inReplyTo }),
    ...(thread.references.length === 0 ? {} : { references: thread.references }),
  };
}
