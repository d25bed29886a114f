import { subject } from '../../domain/subject.js';
import { changeStatus, statusLabels, type DisputeStatus } from '../../domain/disputes/dispute-status.js';
import type { ChatActionStore } from '../../ports/chat-actions.js';
import { actorLabel, refuseNul, refuseUnlessAllowed, refused, type ActionResult, type Actor } from './action-result.js';

/**
 * Makes the clicker the dispute's single owner; a second claim is told who has it. The customer's owners, the
 * delivery team and finance may claim.
 */
export async function claimDispute(store: ChatActionStore, actor: Actor, disputeId: bigint): Promise<ActionResult> {
  const d = await store.dispute(disputeId);
  if (!d) return refused('not_found', 'this dispute no longer exists');
  const denied = refuseUnlessAllowed(actor, 'claim_dispute', d.parties);
  if (denied) return denied;
  if (d.ownerId === actor.ownerId) return refused('already_yours', 'you already own this dispute');
  const r = await store.claimDispute(disputeId, actor.ownerId!, actorLabel(actor));
  if (!r.claimed) return refused('already_claimed', `already claimed by ${r.ownerName ?? 'someone else'}`);
  return { ok: true, refresh: [subject('dispute', disputeId)], thread: `${actor.name} claimed this dispute` };
}

/**
 * Moves a dispute to another status. Its owner or a finance approver may (a dispute nobody claimed: a finance
 * approver, and then only once claimed); closing it resumes the cadence.
 */
export async function setDisputeStatus(store: ChatActionStore, actor: Actor, disputeId: bigint, to: DisputeStatus): Promise<ActionResult> {
  const d = await store.dispute(disputeId);
  if (!d) return refused('not_found', 'this dispute no longer exists');
  const denied = refuseUnlessAllowed(actor, 'set_dispute_status', d.parties, 'not_owner');
  if (denied) return denied;
  const change = changeStatus(d.status, to, d.ownerId !== null);
  if (!change.ok) return refused(change.reason, change.message);
  const done = await store.setDisputeStatus(disputeId, d.status, to, change.closes, change.reopens, actorLabel(actor));
  if (!done) return refused('changed_meanwhile', 'someone changed this dispute at the same moment; look again and retry');
  return { ok: true, refresh: [subject('dispute', disputeId), subject('invoice', d.invoiceId)], thread: `status: ${statusLabels[to].toLowerCase()} (by ${actor.name})` };
}

/**
 * Opens a dispute from chat (status to_clarify): the cadence pauses for the invoice. The customer's owners and
 * finance may.
 */
export async function openDisputeFromChat(store: ChatActionStore, actor: Actor, invoiceId: bigint, reason: string): Promise<ActionResult> {
  const parties = await store.invoiceParties(invoiceId);
  if (!parties) return refused('not_found', 'this invoice no longer exists');
  const denied = refuseUnlessAllowed(actor, 'open_dispute', parties);
  if (denied) return denied;
  const text = reason.trim();
  if (text.length === 0) return refused('invalid', 'say what the dispute is about');
  const nul = refuseNul(text);
  if (nul) return nul;
  const r = await store.openDispute(invoiceId, text.slice(0, 2000), actorLabel(actor));
  if (r === null) return refused('not_found', 'this invoice no longer exists');
  if ('alreadyOpen' in r) return refused('already_open', 'this invoice already has an open dispute; add a note to it instead');
  return { ok: true, refresh: [subject('invoice', invoiceId)], thread: `${actor.name} opened a dispute: ${text.slice(0, 200)}` };
}

/** Adds a note to an invoice (its customer's owners and finance) or a dispute (also whoever claimed it). */
export async function addNote(store: ChatActionStore, actor: Actor, target: { invoiceId?: bigint; disputeId?: bigint }, body: string): Promise<ActionResult> {
  // The target comes from a form's metadata: a row that does not exist (any more) is a refusal, not a failed insert.
  const parties = target.disputeId !== undefined ? (await store.dispute(target.disputeId))?.parties
    : target.invoiceId !== undefined ? await store.invoiceParties(target.invoiceId) : null;
  if (!parties) return refused('not_found', `this ${target.disputeId !== undefined ? 'dispute' : 'invoice'} no longer exists`);
  const denied = refuseUnlessAllowed(actor, target.disputeId !== undefined ? 'note_dispute' : 'note_invoice', parties);
  if (denied) return denied;
  const text = body.trim();
  if (text.length === 0 || text.length > 3000) return refused('invalid', 'a note needs 1 to 3000 characters');
  const nul = refuseNul(text);
  if (nul) return nul;
  await store.addNote(target, text, actorLabel(actor));
  const about = target.disputeId !== undefined ? subject('dispute', target.disputeId) : subject('invoice', target.invoiceId!);
  return { ok: true, refresh: [about], thread: `${actor.name}: ${text}` };
}
