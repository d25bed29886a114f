import { subject } from '../../domain/subject.js';
import type { BankChange, PaymentMethodsStore } from '../../ports/payment-methods.js';
import { actorLabel, refuseUnlessAllowed, refuseUnlessReason, refused, type ActionResult, type Actor } from './action-result.js';

const verbs = { approved: 'approved', refused: 'refused' } as const;

/**
 * Decides a change of the bank details customers pay to: approved, the new details are shown from the next email
 * and page on (with the change notice when the account itself changed); refused, nothing changes. Only a finance
 * approver may (the `decide_change` right), once, and never the person who loaded the change: changed bank details
 * are the classic invoice-fraud lure, so two people see every change.
 */
export async function decideBankChange(
  store: PaymentMethodsStore, actor: Actor, changeId: bigint, decision: 'approved' | 'refused', now: Date, reason = '',
): Promise<ActionResult> {
  const change = await refuseToDecideBankChange(store, actor, changeId);
  if ('ok' in change) return change;
  const why = reason.trim();
  if (decision === 'refused') {
    // A refusal says why: the card shows it, the audit keeps it (migration 030 requires it).
    const bad = refuseUnlessReason(why, 'say why the new bank details are refused, for the audit trail');
    if (bad) return bad;
  }
  const done = await store.decide(changeId, decision, decision === 'refused' ? why : null, actorLabel(actor), now);
  if (!done) return refused('already_decided', 'someone decided this at the same moment');
  return {
    ok: true,
    refresh: change.alertId === null ? [] : [subject('alert', change.alertId)],
    thread: `${actor.name} ${verbs[decision]} the new ${change.currency} bank details loaded by ${change.requestedBy}${
      decision === 'refused' ? `: ${why}` : change.accountChanged ? ': customers are told of the change and asked to confirm by phone' : ''}`,
  };
}

/**
 * Whether the actor may decide this change now (also before the refusal form opens, so nobody types a reason for
 * nothing): the change, or the refusal to say privately.
 */
export async function refuseToDecideBankChange(store: PaymentMethodsStore, actor: Actor, changeId: bigint): Promise<BankChange | ActionResult> {
  const change = await store.change(changeId);
  if (!change) return refused('not_found', 'this change of bank details no longer exists');
  const denied = refuseUnlessAllowed(actor, 'decide_change', { customerName: 'the company', salesOwner: null, deliveryOwner: null });
  if (denied) return denied;
  if (change.status !== 'pending') return refused('already_decided', `already ${change.status}${change.decidedBy ? ` by ${change.decidedBy}` : ''}`);
  if (actor.email !== null && sameLabel(change.requestedBy, actor.email)) {
    return refused('own_change', 'you loaded this change of bank details: another finance approver must decide it');
  }
  return change;
}

/** The CLI records "cli:<who>"; chat knows the person's email. */
function sameLabel(requestedBy: string, email: string): boolean {
  const who = requestedBy.startsWith('cli:') ? requestedBy.slice(4) : requestedBy;
  return who.trim().toLowerCase() === email.trim().toLowerCase();
}
