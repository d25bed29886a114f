import { subject, type SubjectRef } from '../../domain/subject.js';
import type { ChatActionStore, ReplyState } from '../../ports/chat-actions.js';
import type { ReplyHandling } from '../../views/reply-view.js';
import { actorLabel, refuseNul, refuseUnlessAllowed, refused, type ActionResult, type Actor } from './action-result.js';

/**
 * Sends a person's answer to a customer's reply: queued at once (the person gets their answer within Slack's 3 s),
 * sent by the answer sender, which reports back on the reply's card.
 */
export interface ReplyAnswering {
  queue(input: { replyId: bigint; body: string; sentBy: { name: string; email: string | null }; now: Date }):
    Promise<{ ok: true; answerId: bigint } | { ok: false; code: string; message: string }>;
  /** Asks the sender to send what is queued now (it also runs on its own schedule). */
  kick(): void;
}

const gone = refused('not_found', "this customer's email is no longer in arbot");

/** The messages a reply's change shows on: its own, and the cards of the invoices it paused. */
function redrawn(r: ReplyState): SubjectRef[] {
  const invoices = new Set([...(r.invoiceId === null ? [] : [r.invoiceId]), ...r.heldInvoiceIds].map(String));
  return [subject('reply', r.id), ...[...invoices].map((i) => subject('invoice', BigInt(i)))];
}

const handledBy = (r: ReplyState) => (r.handled ? ` (${r.handled.by} already did: ${r.handled.how})` : '');

/** "Resume reminders": lifts the reply's pause and closes it. */
export async function resumeAfterReply(store: ChatActionStore, actor: Actor, replyId: bigint): Promise<ActionResult> {
  const r = await store.reply(replyId);
  if (!r) return gone;
  const denied = refuseUnlessAllowed(actor, 'resume_reminders', r.parties);
  if (denied) return denied;
  const done = await store.closeReply(replyId, 'resumed', actorLabel(actor), true);
  if (!done.closed && done.released === 0) return refused('nothing_to_do', `reminders are not paused by this email any more${handledBy(r)}`);
  return { ok: true, refresh: redrawn(r), thread: `${actor.name} resumed reminders after the customer's email` };
}

/** "Done": the reply was dealt with; its pause runs out on its own (at most REPLY_PAUSE_DAYS). */
export async function closeReplyDone(store: ChatActionStore, actor: Actor, replyId: bigint): Promise<ActionResult> {
  const r = await store.reply(replyId);
  if (!r) return gone;
  const denied = refuseUnlessAllowed(actor, 'close_reply', r.parties);
  if (denied) return denied;
  const done = await store.closeReply(replyId, 'done', actorLabel(actor), false);
  if (!done.closed) return refused('already_done', `this email was already dealt with${handledBy(r)}`);
  return { ok: true, refresh: redrawn(r), thread: `${actor.name} marked the customer's email done` };
}

/** "Reply": the answer is queued for the customer's billing contacts, and the reply counts as answered. */
export async function answerReply(
  store: ChatActionStore, answering: ReplyAnswering, actor: Actor, replyId: bigint, body: string, now: Date,
): Promise<ActionResult> {
  const r = await store.reply(replyId);
  if (!r) return gone;
  const denied = refuseUnlessAllowed(actor, 'answer_reply', r.parties);
  if (denied) return denied;
  const nul = refuseNul(body);
  if (nul) return nul;
  if (body.trim() === '') return refused('invalid', 'write the answer to send to the customer');
  const queued = await answering.queue({ replyId, body, sentBy: { name: actor.name, email: actor.email }, now });
  if (!queued.ok) return refused(queued.code, queued.message);
  await store.closeReply(replyId, 'answered', actorLabel(actor), false);
  answering.kick();
  return { ok: true, refresh: redrawn(r), thread: `${actor.name} answered the customer by email` };
}

/**
 * After a promise or dispute made from a reply's pre-filled form succeeded: the reply is closed and its own pause
 * lifted (the promise or the dispute now holds reminders). A reply of another customer than the invoice's is refused
 * before anything is done (`checkReplyFor`).
 */
export async function checkReplyFor(store: ChatActionStore, replyId: bigint, invoiceId: bigint): Promise<ActionResult | null> {
  const [r, customer] = await Promise.all([store.reply(replyId), store.invoiceCustomer(invoiceId)]);
  if (!r) return gone;
  return customer === r.customerId ? null : refused('stale', "this form does not belong to that customer's email; open it again from the email's message");
}

export async function closeReplyAfter(store: ChatActionStore, actor: Actor, replyId: bigint, how: Extract<ReplyHandling, 'promise' | 'dispute'>, result: ActionResult): Promise<ActionResult> {
  if (!result.ok) return result;
  const r = await store.reply(replyId);
  // A change waiting for a finance approver stops nothing yet: the reply's own pause stays until it is decided.
  await store.closeReply(replyId, how, actorLabel(actor), result.pending !== true);
  return r ? { ...result, refresh: [...result.refresh, ...redrawn(r)] } : result;
}
