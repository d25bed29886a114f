import { parseLimitInput } from '../../domain/credit/limit-input.js';
import { formatAmount } from '../../domain/money.js';
import type { CreditActionStore, CreditActor, CreditState } from '../../ports/credit-actions.js';
import { mayAct } from '../../domain/rights/chat-rights.js';
import { actorLabel, refuseNul, refuseUnlessAllowed, refused, type ActionResult, type Actor } from './action-result.js';

// The credit buttons of a credit alert (issue 19). The alert names the customer; each action re-reads its credit,
// asks the rights policy (set_credit_hold: the account manager or finance; release_credit_hold and set_credit_limit:
// a finance approver) and writes with its audit row.

/** Longest hold reason kept (credit_holds.reason's CHECK). */
export const creditHoldReasonMax = 500;

const gone = refused('not_found', 'this alert or its customer no longer exists');
const who = (a: Actor): CreditActor => ({ ownerId: a.ownerId!, label: actorLabel(a) });

async function loaded(store: CreditActionStore, alertId: bigint): Promise<CreditState | null> {
  return store.creditOfAlert(alertId);
}

/** The form of a credit button may open only for someone who may then act: nobody types a reason for nothing. */
export async function refuseCreditForm(store: CreditActionStore, actor: Actor, alertId: bigint, form: 'credit_hold' | 'credit_limit'): Promise<ActionResult | null> {
  const s = await loaded(store, alertId);
  if (s === null) return gone;
  if (form === 'credit_hold' && s.hold !== null) return refused('already_held', `${s.parties.customerName} is already on credit hold`);
  return refuseUnlessAllowed(actor, form === 'credit_hold' ? 'set_credit_hold' : 'set_credit_limit', s.parties);
}

/** Puts the alert's customer on credit hold, with a reason: its cards and `/ar` say so until a finance approver releases it. */
export async function setCreditHold(store: CreditActionStore, actor: Actor, alertId: bigint, reason: string): Promise<ActionResult> {
  const s = await loaded(store, alertId);
  return s === null ? gone : holdCustomer(store, actor, s, reason);
}

/** The one rule of a hold, from a credit alert or from /ar: who may, a reason, one hold at a time, audited. */
async function holdCustomer(store: CreditActionStore, actor: Actor, s: CreditState, reason: string): Promise<ActionResult> {
  const denied = refuseUnlessAllowed(actor, 'set_credit_hold', s.parties);
  if (denied) return denied;
  const why = reason.trim();
  if (why === '') return refused('invalid', 'say why the customer is put on credit hold');
  if ([...why].length > creditHoldReasonMax) return refused('invalid', `a reason has at most ${creditHoldReasonMax} characters`);
  const nul = refuseNul(why);
  if (nul) return nul;
  if (await store.setCreditHold(s.customerId, why, who(actor)) === 'already_held') {
    return refused('already_held', `${s.parties.customerName} is already on credit hold`);
  }
  return { ok: true, refresh: await store.creditSubjects(s.customerId), thread: `${actor.name} put ${s.parties.customerName} on credit hold: ${why}` };
}

/** Releases the customer's credit hold: a finance approver only. */
export async function releaseCreditHold(store: CreditActionStore, actor: Actor, alertId: bigint): Promise<ActionResult> {
  const s = await loaded(store, alertId);
  return s === null ? gone : releaseHoldOf(store, actor, s);
}

async function releaseHoldOf(store: CreditActionStore, actor: Actor, s: CreditState): Promise<ActionResult> {
  const denied = refuseUnlessAllowed(actor, 'release_credit_hold', s.parties);
  if (denied) return denied;
  if (!await store.releaseCreditHold(s.customerId, who(actor))) return refused('not_held', `${s.parties.customerName} is not on credit hold`);
  return { ok: true, refresh: await store.creditSubjects(s.customerId), thread: `${actor.name} released the credit hold of ${s.parties.customerName}` };
}

/**
 * Sets the customer's credit limit to the amount typed (in the limit's currency, or with a currency: "EUR 50000"):
 * a finance approver only, raising or lowering it alike.
 */
export async function setCreditLimit(store: CreditActionStore, actor: Actor, alertId: bigint, amount: string): Promise<ActionResult> {
  const s = await loaded(store, alertId);
  return s === null ? gone : applyCreditLimit(store, actor, s, amount, s.limitCurrency);
}

/** Before the /ar credit-limit form opens: only who may then act types an amount. The customer's credit, or the refusal. */
export async function refuseCustomerLimitForm(store: CreditActionStore, actor: Actor, customerId: bigint): Promise<ActionResult | CreditState> {
  const s = await store.creditOfCustomer(customerId);
  if (s === null) return refused('not_found', 'this customer no longer exists');
  return refuseUnlessAllowed(actor, 'set_credit_limit', s.parties) ?? s;
}

/**
 * "Set credit limit" on a customer's /ar view: the same rule, audit and redraw as a credit alert's button. The
 * amount is in `currency` (the form offers the limit's own, or the one chosen), unless it names one itself.
 */
export async function setCustomerCreditLimit(store: CreditActionStore, actor: Actor, customerId: bigint, amount: string, currency: string): Promise<ActionResult> {
  const s = await refuseCustomerLimitForm(store, actor, customerId);
  if ('ok' in s) return s;
  const code = currency.trim().toUpperCase();
  return applyCreditLimit(store, actor, s, amount, code === '' ? s.limitCurrency : code);
}

async function applyCreditLimit(store: CreditActionStore, actor: Actor, s: CreditState, amount: string, currency: string | null): Promise<ActionResult> {
  const denied = refuseUnlessAllowed(actor, 'set_credit_limit', s.parties);
  if (denied) return denied;
  const parsed = parseLimitInput(amount, currency);
  if (!parsed.ok) return refused('invalid', parsed.reason);
  const from = await store.setCreditLimit(s.customerId, parsed.minor, parsed.currency, who(actor));
  const to = `${formatAmount(parsed.minor, parsed.currency)} ${parsed.currency}`;
  const was = from === null ? '' : ` (was ${formatAmount(from.minor, from.currency)} ${from.currency})`;
  return { ok: true, refresh: await store.creditSubjects(s.customerId), thread: `${actor.name} set the credit limit of ${s.parties.customerName} to ${to}${was}` };
}

/**
 * Before /ar's credit-hold form opens: only who may then put the customer on hold types a reason, and not while a
 * hold is in force. The customer's credit, or the refusal.
 */
export async function refuseCustomerHoldForm(store: CreditActionStore, actor: Actor, customerId: bigint): Promise<ActionResult | CreditState> {
  const s = await store.creditOfCustomer(customerId);
  if (s === null) return refused('not_found', 'this customer no longer exists');
  if (s.hold !== null) return refused('already_held', `${s.parties.customerName} is already on credit hold`);
  return refuseUnlessAllowed(actor, 'set_credit_hold', s.parties) ?? s;
}

/** "Put on credit hold" on a customer's /ar view: the same rule, audit and redraw as a credit alert's button. */
export async function setCustomerCreditHold(store: CreditActionStore, actor: Actor, customerId: bigint, reason: string): Promise<ActionResult> {
  const s = await store.creditOfCustomer(customerId);
  return s === null ? refused('not_found', 'this customer no longer exists') : holdCustomer(store, actor, s, reason);
}

/**
 * "Release hold" on a customer's /ar view: a finance approver only, as on a credit alert. The clicker's /ar view is
 * redrawn (its hold line and button go).
 */
export async function releaseCustomerCreditHold(store: CreditActionStore, actor: Actor, customerId: bigint): Promise<ActionResult> {
  const s = await store.creditOfCustomer(customerId);
  if (s === null) return refused('not_found', 'this customer no longer exists');
  const r = await releaseHoldOf(store, actor, s);
  return r.ok && s.customerExternalId !== undefined ? { ...r, redrawCustomer: s.customerExternalId } : r;
}

/**
 * Which credit hold button a customer's /ar view offers the person asking: "hold" while none is in force and they
 * may set one, "release" while one is and they may release it, else null.
 */
export async function customerHoldButton(store: CreditActionStore, actor: Actor, customerId: bigint): Promise<'hold' | 'release' | null> {
  const s = await store.creditOfCustomer(customerId);
  if (s === null) return null;
  const action = s.hold === null ? 'set_credit_hold' : 'release_credit_hold';
  if (!mayAct(action, actor, s.parties).allowed) return null;
  return s.hold === null ? 'hold' : 'release';
}
