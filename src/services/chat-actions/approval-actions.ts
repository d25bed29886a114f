import { subject } from '../../domain/subject.js';
import type { ChatActionStore } from '../../ports/chat-actions.js';
import { actorLabel, refuseNul, refuseUnlessAllowed, refuseUnlessReason, refused, type ActionResult, type Actor } from './action-result.js';

const verbs = { approved: 'approved', refused: 'refused', personal: 'will handle it personally' } as const;

/**
 * Decides an approval-gated reminder for a top account: approve (it is sent on the next tick), refuse (with a
 * reason) or "I'll handle it personally" (not sent). Only the account manager or a finance approver may; once.
 */
export async function decideApproval(
  store: ChatActionStore, actor: Actor, emailId: bigint, decision: 'approved' | 'refused' | 'personal', note: string | null,
): Promise<ActionResult> {
  const a = await store.approval(emailId);
  if (!a) return refused('not_found', 'this approval request no longer exists');
  const manager = a.accountManagerId === null ? null : { id: a.accountManagerId, name: a.accountManagerName ?? '' };
  const denied = refuseUnlessAllowed(actor, 'decide_approval', { customerName: a.customerName, salesOwner: manager, deliveryOwner: null });
  if (denied) return denied;
  if (a.status !== 'awaiting_approval') {
    return refused('already_decided', `already decided${a.decidedBy ? ` by ${a.decidedBy}` : ''}`);
  }
  const bad = decision === 'refused' ? refuseUnlessReason(note, 'say why you refuse, for the audit trail') : refuseNul(note);
  if (bad) return bad;
  const done = await store.decideApproval(emailId, decision, note?.trim() || null, actorLabel(actor));
  if (!done) return refused('already_decided', 'someone decided this at the same moment');
  return { ok: true, refresh: [subject('approval', emailId), subject('approval-reminder', emailId)], thread: `${actor.name} ${verbs[decision]}${note ? `: ${note.trim()}` : ''}` };
}
