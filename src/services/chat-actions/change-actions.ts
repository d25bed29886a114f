import { subject } from '../../domain/subject.js';
import type { ChangeRequestState, ChatActionStore } from '../../ports/chat-actions.js';
import { actorLabel, refuseNul, refuseUnlessAllowed, refuseUnlessReason, refused, type ActionResult, type Actor } from './action-result.js';

/**
 * Why the actor cannot decide this request now (gone, not a finance approver, already decided), or null: checked
 * again at the decision, and before opening the refusal form so nobody types a reason for nothing.
 */
export async function refuseToDecideChange(store: ChatActionStore, actor: Actor, requestId: bigint): Promise<ActionResult | null> {
  return whyNotDecide(actor, await store.changeRequest(requestId));
}

function whyNotDecide(actor: Actor, r: ChangeRequestState | null): ActionResult | null {
  if (!r) return refused('not_found', 'this request no longer exists');
  const denied = refuseUnlessAllowed(actor, 'decide_change', { customerName: r.customerName, salesOwner: null, deliveryOwner: null });
  if (denied) return denied;
  if (r.status !== 'pending') return refused('already_decided', `already ${r.status}${r.decidedBy ? ` by ${r.decidedBy}` : ''}`);
  return null;
}

const verbs = { approved: 'approved', refused: 'refused' } as const;

/**
 * Decides a change that waits for a finance approver (a long pause, a far promise): approved, the pause or the
 * promise is made now; refused (with a reason), nothing stops. Only a finance approver may; once.
 */
export async function decideChange(
  store: ChatActionStore, actor: Actor, requestId: bigint, decision: 'approved' | 'refused', note: string | null,
): Promise<ActionResult> {
  const r = await store.changeRequest(requestId);
  const undecidable = whyNotDecide(actor, r);
  if (undecidable || !r) return undecidable ?? refused('not_found', 'this request no longer exists');
  const bad = decision === 'refused' ? refuseUnlessReason(note, 'say why you refuse, for the audit trail') : refuseNul(note);
  if (bad) return bad;
  const done = await store.decideChange(requestId, decision, note?.trim() || null, actorLabel(actor));
  if (!done) return refused('already_decided', 'someone decided this at the same moment');
  const what = r.change.kind === 'pause' ? 'the pause' : 'the promise to pay';
  return {
    ok: true,
    refresh: [...(r.alertId === null ? [] : [subject('alert', r.alertId)]), subject('invoice', r.invoiceId)],
    thread: `${actor.name} ${verbs[decision]} ${what} asked by ${r.requestedBy}${note?.trim() ? `: ${note.trim()}` : ''}`,
  };
}
