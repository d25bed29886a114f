/**
 * Who may do what in chat: one table, action → the roles that may do it. Every chat action service asks `mayAct`
 * with the person and the customer's parties (loaded through the ChatActionStore port); no adapter decides rights.
 */

/** The person acting, as arbot knows them (ownerId null: someone arbot does not know). */
export interface Person {
  readonly ownerId: bigint | null;
  readonly team: 'sales' | 'delivery' | 'finance' | null;
  readonly approver: boolean;
}

/** Someone named in a refusal ("sales owner (Ana Martin)"). */
export interface PartyRef {
  readonly id: bigint;
  readonly name: string;
}

/** The people around the subject of an action: the customer's owners and, for a dispute, who claimed it. */
export interface Parties {
  readonly customerName: string;
  /** The customer's sales owner, also its account manager. */
  readonly salesOwner: PartyRef | null;
  readonly deliveryOwner: PartyRef | null;
  /** Set for actions on a dispute; null when nobody has claimed it. */
  readonly disputeOwner?: PartyRef | null;
}

export type Role =
  | 'sales_owner' | 'delivery_owner' | 'account_manager' | 'dispute_owner' | 'delivery_team' | 'finance' | 'finance_approver';

export type ChatAction =
  | 'log_promise' | 'pause_reminders' | 'open_dispute' | 'note_invoice' | 'note_dispute' | 'claim_dispute'
  | 'set_dispute_status' | 'decide_approval' | 'decide_change' | 'answer_reply' | 'resume_reminders' | 'close_reply'
  | 'claim_fees' | 'waive_fees' | 'approve_fees'
  | 'set_credit_hold' | 'release_credit_hold' | 'set_credit_limit'
  | 'offer_plan' | 'decide_plan'
  | 'send_statement' | 'revoke_portal_links'
  | 'resolve_fee_doubt';

interface Rule {
  /** "log a promise": how the refusal names the action. */
  readonly verb: string;
  readonly roles: readonly Role[];
}

/**
 * The policy. Collection stops (a promise, a pause, a dispute) only by the people who answer for the customer or
 * by finance; a dispute may also be claimed by anyone in delivery, who often fixes what it is about. Status changes
 * and escalation decisions stay as they were: the dispute's owner or the account manager, or a finance approver.
 * What stops collection for long (see change-limits.ts) is decided by a finance approver only.
 */
export const chatRights: Readonly<Record<ChatAction, Rule>> = {
  log_promise: { verb: 'log a promise', roles: ['sales_owner', 'delivery_owner', 'finance'] },
  pause_reminders: { verb: 'pause reminders', roles: ['sales_owner', 'delivery_owner', 'finance'] },
  open_dispute: { verb: 'open a dispute', roles: ['sales_owner', 'delivery_owner', 'finance'] },
  note_invoice: { verb: 'add a note to this invoice', roles: ['sales_owner', 'delivery_owner', 'finance'] },
  note_dispute: { verb: 'add a note to this dispute', roles: ['sales_owner', 'delivery_owner', 'dispute_owner', 'finance'] },
  claim_dispute: { verb: 'claim this dispute', roles: ['sales_owner', 'delivery_owner', 'delivery_team', 'finance'] },
  set_dispute_status: { verb: 'change this dispute', roles: ['dispute_owner', 'finance_approver'] },
  decide_approval: { verb: 'decide this', roles: ['account_manager', 'finance_approver'] },
  decide_change: { verb: 'decide this', roles: ['finance_approver'] },
  // A customer's reply: the people who answer for the customer, and finance, answer it, close it, or let the
  // cadence go on (resuming only lifts the pause the reply itself put on).
  answer_reply: { verb: "answer this customer's email", roles: ['sales_owner', 'delivery_owner', 'finance'] },
  resume_reminders: { verb: 'resume reminders', roles: ['sales_owner', 'delivery_owner', 'finance'] },
  close_reply: { verb: "close this customer's email", roles: ['sales_owner', 'delivery_owner', 'finance'] },
  // Late-payment charges charge money: the customer's sales owner or finance decide; on a top or strategic account
  // a claim waits for a finance approver (src/services/chat-actions/fee-actions.ts), who alone approves or refuses it.
  claim_fees: { verb: 'claim late-payment charges', roles: ['sales_owner', 'finance'] },
  waive_fees: { verb: 'waive late-payment charges', roles: ['sales_owner', 'finance'] },
  approve_fees: { verb: 'approve or refuse this claim', roles: ['finance_approver'] },
  // Credit (issue 19): the account manager or finance may stop new orders at once; lifting a hold or changing the
  // limit lets the customer owe more, so it is a finance approver's decision.
  set_credit_hold: { verb: 'put this customer on credit hold', roles: ['sales_owner', 'finance'] },
  release_credit_hold: { verb: "release this customer's credit hold", roles: ['finance_approver'] },
  set_credit_limit: { verb: "change this customer's credit limit", roles: ['finance_approver'] },
  // Payment plans: offered like a promise is logged; a plan above the policy's amount waits for a finance approver
  // (src/domain/plans/plan-policy.ts needsFinanceApprover), one within it for the account manager or a finance approver.
  offer_plan: { verb: 'offer a payment plan', roles: ['sales_owner', 'delivery_owner', 'finance'] },
  decide_plan: { verb: 'decide this payment plan', roles: ['account_manager', 'finance_approver'] },
  // The customer portal (issue 20): emailing a statement and revoking the links already sent are the account's
  // sales owner's or finance's to do.
  send_statement: { verb: 'send a statement to this customer', roles: ['sales_owner', 'finance'] },
  revoke_portal_links: { verb: "revoke this customer's portal links", roles: ['sales_owner', 'finance'] },
  // A charge whose email ended in doubt: the people who may claim it say whether the customer was told (sent, then
  // exported) or not (claimed again for the next email), as `arbot fees resolve` does.
  resolve_fee_doubt: { verb: 'say whether the customer was told of late-payment charges', roles: ['sales_owner', 'finance'] },
};

const same = (p: Person, o: PartyRef | null | undefined) => p.ownerId !== null && o != null && o.id === p.ownerId;

/**
 * Whether a person holds a role towards the parties.
 * @example holdsRole({ ownerId: 3n, team: 'delivery', approver: false }, 'delivery_team', parties) // true
 */
export function holdsRole(p: Person, role: Role, parties: Parties): boolean {
  if (p.ownerId === null) return false;
  switch (role) {
    case 'sales_owner':
    case 'account_manager': return same(p, parties.salesOwner);
    case 'delivery_owner': return same(p, parties.deliveryOwner);
    case 'dispute_owner': return same(p, parties.disputeOwner);
    case 'delivery_team': return p.team === 'delivery';
    case 'finance': return p.team === 'finance';
    case 'finance_approver': return isFinanceApprover(p);
  }
}

/**
 * A finance approver: an owner of the finance team with the approver flag.
 * @example isFinanceApprover({ ownerId: 9n, team: 'finance', approver: true }) // true
 */
export function isFinanceApprover(p: Person): boolean {
  return p.ownerId !== null && p.team === 'finance' && p.approver;
}

export type RightsDecision = { readonly allowed: true } | { readonly allowed: false; readonly message: string };

/**
 * May this person do this action on a subject with these parties? A refusal says who can.
 * @example mayAct('log_promise', { ownerId: 1n, team: 'sales', approver: false }, { customerName: 'Acme', salesOwner: { id: 1n, name: 'Ana' }, deliveryOwner: null }) // { allowed: true }
 * @example mayAct('log_promise', { ownerId: 2n, team: 'sales', approver: false }, acme).message // "only Acme's sales owner (Ana Martin), delivery owner (Chloé Petit) or finance can log a promise"
 */
export function mayAct(action: ChatAction, p: Person, parties: Parties): RightsDecision {
  const rule = chatRights[action];
  if (rule.roles.some((r) => holdsRole(p, r, parties))) return { allowed: true };
  return { allowed: false, message: whoCan(action, parties) };
}

/**
 * The sentence that names who may do an action: "only Acme's sales owner (Ana Martin), delivery owner (Chloé Petit)
 * or finance can log a promise".
 */
export function whoCan(action: ChatAction, parties: Parties): string {
  const rule = chatRights[action];
  const named = (label: string, o: PartyRef | null | undefined, none: string) => `${label} (${o ? o.name : none})`;
  const customerRoles: string[] = [];
  const others: string[] = [];
  for (const role of rule.roles) {
    switch (role) {
      case 'sales_owner': customerRoles.push(named('sales owner', parties.salesOwner, 'none set')); break;
      case 'account_manager': customerRoles.push(named('account manager', parties.salesOwner, 'none set')); break;
      case 'delivery_owner': customerRoles.push(named('delivery owner', parties.deliveryOwner, 'none set')); break;
      case 'dispute_owner': others.push(named("this dispute's owner", parties.disputeOwner, 'nobody yet: claim it first')); break;
      case 'delivery_team': others.push('the delivery team'); break;
      case 'finance': others.push('finance'); break;
      case 'finance_approver': others.push('a finance approver'); break;
    }
  }
  const parts = [...(customerRoles.length > 0 ? [`${parties.customerName}'s ${customerRoles.join(', ')}`] : []), ...others];
  const list = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)!}`;
  return `only ${list} can ${rule.verb}`;
}
