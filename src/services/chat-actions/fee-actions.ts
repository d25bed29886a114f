import type { CalendarDate } from '../../domain/calendar-date.js';
import type { FeeLine } from '../../domain/fees/fee-preview.js';
import { formatMoney } from '../../domain/money.js';
import { isFinanceApprover, mayAct, type ChatAction } from '../../domain/rights/chat-rights.js';
import { subject } from '../../domain/subject.js';
import type { DoubtResolution, FeeDecisionStore, FeeCustomer, LiveFeeDecision, NewFeeDecision, RefusedFeeClaim } from '../../ports/fee-decisions.js';
import type { FeeStore } from '../../ports/fees.js';
import type { CustomerLateCharges } from '../../views/customer-view.js';
import { whereChargesGo } from '../../views/late-charge-reach.js';
import { previewLateFees } from '../fees.js';
import type { ReminderReach } from '../reminder-reach.js';
import { actorLabel, refuseUnlessAllowed, refuseUnlessReason, refused, type ActionResult, type Actor } from './action-result.js';

/** What the fee decisions read and write: the proposals (rules, rates, late invoices) and the decisions. */
export interface FeeDecisionDeps {
  readonly fees: FeeStore;
  readonly decisions: FeeDecisionStore;
  /**
   * Whether a reminder is still due to a customer, so the claim's words say where the charges will be stated;
   * absent: not known, and the words say the next reminder email (as before issue 19's review).
   */
  readonly reach?: ReminderReach;
}

/** True unless the reach says no reminder is due to the customer any more. */
const reminderDue = (deps: FeeDecisionDeps, customerId: bigint): Promise<boolean> =>
  deps.reach === undefined ? Promise.resolve(true) : deps.reach.reminderAhead(customerId);

/** A proposal that can be decided: computed, with a legal basis, something to claim, all in the invoice's currency. */
interface Decidable {
  readonly line: FeeLine;
  readonly compensationMinor: bigint;
  readonly interestMinor: bigint;
  readonly legalBasis: string;
}

function decidable(l: FeeLine): Decidable | null {
  if (l.legalBasis === null || l.interestMinor === null || l.problems.length > 0) return null;
  // A fixed compensation in another currency than the invoice's (EUR 40 on a USD invoice) is decided by hand.
  if (l.compensation !== null && l.compensation.currency !== l.currency) return null;
  const compensationMinor = l.compensation?.minor ?? 0n;
  if (compensationMinor + l.interestMinor <= 0n) return null;
  return { line: l, compensationMinor, interestMinor: l.interestMinor, legalBasis: l.legalBasis };
}

interface Proposals {
  readonly customer: FeeCustomer;
  readonly lines: readonly FeeLine[];
  readonly live: ReadonlyMap<string, LiveFeeDecision>;
  /** Claims a finance approver refused, on invoices not decided again since. */
  readonly refused: ReadonlyMap<string, RefusedFeeClaim>;
}

async function proposals(deps: FeeDecisionDeps, customer: FeeCustomer, asOf: CalendarDate): Promise<Proposals> {
  const [preview, live, refused] = await Promise.all([
    previewLateFees(deps.fees, asOf, customer.externalId), deps.decisions.liveDecisions(customer.id), deps.decisions.refusals(customer.id),
  ]);
  return {
    customer, lines: preview.ok ? preview.preview.lines : [], live: new Map(live.map((d) => [d.invoiceExternalId, d])),
    refused: new Map(refused.map((r) => [r.invoiceExternalId, r])),
  };
}

/** What /ar's line says was decided: the live decision, else the last refusal with its reason, else nothing. */
function decisionOf(p: Proposals, invoiceExternalId: string): { status: string; by: string; reason?: string | null } | null {
  const live = p.live.get(invoiceExternalId);
  if (live !== undefined) return { status: live.status, by: live.decidedBy };
  const refused = p.refused.get(invoiceExternalId);
  return refused === undefined ? null : { status: 'refused', by: refused.refusedBy, reason: refused.reason };
}

/** The invoices a click decides: late, with something to claim, and not decided yet. */
const undecided = (p: Proposals): Decidable[] =>
  p.lines.filter((l) => !p.live.has(l.invoiceExternalId)).map(decidable).filter((d): d is Decidable => d !== null);

/**
 * The "Late-payment charges" section of `/ar <customer>` as of a day: every late invoice with a proposal, what was
 * decided on it, and the invoices whose charges could not be computed. Null when the customer has no late invoice
 * with a late-fee rule (or is opted out). Read-only. With the `viewer`, it says which buttons that person may press.
 */
export async function lateChargesSection(
  deps: FeeDecisionDeps, customerExternalId: string, asOf: CalendarDate, viewer?: Actor,
): Promise<CustomerLateCharges | null> {
  const id = await deps.decisions.customerIdOf(customerExternalId);
  const customer = id === null ? null : await deps.decisions.customer(id);
  if (customer === null) return null;
  const p = await proposals(deps, customer, asOf);
  if (p.lines.length === 0) return null;
  const money = (minor: bigint, currency: string) => formatMoney(minor, currency, 'en');
  const lines = p.lines.flatMap((l) => {
    const d = decidable(l);
    if (d === null) return [];
    return [{
      invoiceNumber: l.invoiceNumber, daysLate: l.daysLate, rule: l.rule, legalBasis: d.legalBasis, needsApproval: l.needsApproval,
      compensation: l.compensation === null ? null : money(d.compensationMinor, l.currency),
      interest: money(d.interestMinor, l.currency), total: money(d.compensationMinor + d.interestMinor, l.currency),
      decision: decisionOf(p, l.invoiceExternalId),
    }];
  });
  return {
    customerId: customer.id.toString(), asOf, lines, undecided: undecided(p).length,
    awaitingApproval: [...p.live.values()].filter((d) => d.status === 'awaiting_approval').length,
    inDoubt: [...p.live.values()].filter((d) => d.status === 'in_doubt').length,
    notComputed: p.lines.filter((l) => decidable(l) === null && !p.live.has(l.invoiceExternalId))
      .map((l) => `${l.invoiceNumber}: ${l.problems[0] ?? (l.compensation !== null && l.compensation.currency !== l.currency
        ? `compensation in ${l.compensation.currency} on a ${l.currency} invoice: decide it by hand` : 'nothing to claim')}`),
    ...(viewer === undefined ? {} : { viewerMay: viewerMay(viewer, customer) }),
    // Asked only when a claim is on its way to the customer (claimed, or waiting for an approver).
    ...([...p.live.values()].some((d) => d.status === 'claimed' || d.status === 'awaiting_approval')
      ? { reminderDue: await reminderDue(deps, customer.id) } : {}),
  };
}

/** The rights of the person an `/ar` answer is drawn for, as the services will check them on a click. */
function viewerMay(viewer: Actor, customer: FeeCustomer): NonNullable<CustomerLateCharges['viewerMay']> {
  const may = (action: ChatAction) => mayAct(action, viewer, customer.parties).allowed;
  return { claim: may('claim_fees'), waive: may('waive_fees'), approve: may('approve_fees'), resolveDoubt: may('resolve_fee_doubt') };
}

const plural = (n: number) => `${n} invoice${n === 1 ? '' : 's'}`;

async function loadCustomer(deps: FeeDecisionDeps, customerId: bigint): Promise<FeeCustomer | ActionResult> {
  const c = await deps.decisions.customer(customerId);
  return c ?? refused('not_found', 'this customer no longer exists');
}

/**
 * "Claim in next email": records a claim on every late invoice of the customer with charges not yet decided, at the
 * amounts proposed today; the next reminder to the customer states them, each with its legal basis, or, when no
 * reminder is due to them any more, their next statement email (the confirmation says which). On a top or
 * strategic account a claim waits for a finance approver (unless one makes it). The customer's sales owner or
 * finance may. Invoice amounts and KPIs never include fees.
 */
export async function claimFees(deps: FeeDecisionDeps, actor: Actor, customerId: bigint, asOf: CalendarDate): Promise<ActionResult> {
  const customer = await loadCustomer(deps, customerId);
  if ('ok' in customer) return customer;
  const denied = refuseUnlessAllowed(actor, 'claim_fees', customer.parties);
  if (denied) return denied;
  const todo = undecided(await proposals(deps, customer, asOf));
  if (todo.length === 0) return refused('nothing_to_decide', `no late invoice of ${customer.parties.customerName} has charges left to decide`);
  const approver = isFinanceApprover(actor);
  const label = actorLabel(actor);
  const rows: NewFeeDecision[] = todo.map((d) => ({
    ...newRow(d),
    status: d.line.needsApproval && !approver ? 'awaiting_approval' : 'claimed',
    approvedBy: d.line.needsApproval && approver ? label : null,
  }));
  const n = await deps.decisions.record(customerId, 'claim', rows, asOf, null, { ownerId: actor.ownerId!, label });
  if (n === 0) return refused('already_decided', 'someone decided these charges at the same moment');
  const waiting = rows.filter((r) => r.status === 'awaiting_approval').length;
  return {
    ok: true, refresh: [], ...(waiting > 0 ? { pending: true } : {}),
    thread: `${actor.name} claimed late-payment charges on ${plural(n)} of ${customer.parties.customerName}`
      + (waiting > 0 ? `; ${waiting === n ? 'they wait' : `${waiting} wait`} for a finance approver` : `; ${whereChargesGo(await reminderDue(deps, customerId))}`),
  };
}

/** "Waive": records a waiver, with its reason, on every late invoice of the customer with charges not yet decided. */
export async function waiveFees(deps: FeeDecisionDeps, actor: Actor, customerId: bigint, reason: string, asOf: CalendarDate): Promise<ActionResult> {
  const customer = await loadCustomer(deps, customerId);
  if ('ok' in customer) return customer;
  const denied = refuseUnlessAllowed(actor, 'waive_fees', customer.parties);
  if (denied) return denied;
  const bad = refuseUnlessReason(reason, 'say why the charges are waived, for the audit trail');
  if (bad) return bad;
  const todo = undecided(await proposals(deps, customer, asOf));
  if (todo.length === 0) return refused('nothing_to_decide', `no late invoice of ${customer.parties.customerName} has charges left to decide`);
  const rows: NewFeeDecision[] = todo.map((d) => ({ ...newRow(d), status: 'waived', approvedBy: null }));
  const n = await deps.decisions.record(customerId, 'waive', rows, asOf, reason.trim(), { ownerId: actor.ownerId!, label: actorLabel(actor) });
  if (n === 0) return refused('already_decided', 'someone decided these charges at the same moment');
  return { ok: true, refresh: [], thread: `${actor.name} waived late-payment charges on ${plural(n)} of ${customer.parties.customerName}: ${reason.trim()}` };
}

const nothingWaits = (c: FeeCustomer) => refused('already_decided', `no claim of ${c.parties.customerName} waits for a finance approver`);

/**
 * Before the refusal form opens (and before every decision): only a finance approver, and only while a claim waits,
 * decides or types a reason. The customer when they may, else the refusal to say privately.
 */
export async function refuseToDecideFees(deps: FeeDecisionDeps, actor: Actor, customerId: bigint): Promise<ActionResult | FeeCustomer> {
  const customer = await loadCustomer(deps, customerId);
  if ('ok' in customer) return customer;
  const denied = refuseUnlessAllowed(actor, 'approve_fees', customer.parties);
  if (denied) return denied;
  const waiting = (await deps.decisions.liveDecisions(customerId)).some((d) => d.status === 'awaiting_approval');
  return waiting ? customer : nothingWaits(customer);
}

/**
 * A finance approver approves (they go in the next email) or refuses, with a reason (nothing is claimed), the
 * claims waiting, from /ar or from the approval card; the card is redrawn without its buttons.
 */
export async function decideFees(
  deps: FeeDecisionDeps, actor: Actor, customerId: bigint, decision: 'approved' | 'refused', reason = '',
): Promise<ActionResult> {
  const customer = await refuseToDecideFees(deps, actor, customerId);
  if ('ok' in customer) return customer;
  const why = reason.trim();
  if (decision === 'refused') {
    const bad = refuseUnlessReason(why, 'say why the claim is refused, for the audit trail');
    if (bad) return bad;
  }
  const done = await deps.decisions.decideAwaiting(customerId, decision, actorLabel(actor), decision === 'refused' ? why : null);
  if (done.decided === 0) return nothingWaits(customer);
  return {
    ok: true, refresh: done.alertIds.map((id) => subject('alert', id)),
    thread: `${actor.name} ${decision} the late-payment charges claimed on ${plural(done.decided)} of ${customer.parties.customerName}${
      decision === 'refused' ? `: ${why}` : ''}`,
  };
}

/**
 * "Customer was told" / "Not told (state again)" on /ar: a person's word on the customer's claims whose reminder
 * email ended in doubt, once they have checked with the provider or the customer. Told: sent (the export takes
 * them); not told: claimed again, stated in the customer's next email. The same store method as
 * `arbot fees resolve` (src/cli/fees-resolve.ts), audited `fees.doubt_resolved` with the person. Those who may claim
 * the charges may; the clicker's /ar view is redrawn.
 */
export async function resolveFeeDoubt(deps: FeeDecisionDeps, actor: Actor, customerId: bigint, resolution: DoubtResolution): Promise<ActionResult> {
  const customer = await loadCustomer(deps, customerId);
  if ('ok' in customer) return customer;
  const denied = refuseUnlessAllowed(actor, 'resolve_fee_doubt', customer.parties);
  if (denied) return denied;
  const n = await deps.decisions.resolveInDoubt(customerId, null, resolution, actorLabel(actor));
  const name = customer.parties.customerName;
  if (n === 0) return refused('nothing_in_doubt', `no late-payment charge of ${name} is in doubt any more`);
  return {
    ok: true, refresh: [], redrawCustomer: customer.externalId,
    thread: resolution === 'told'
      ? `${actor.name} recorded that ${name} was told of the late-payment charges on ${plural(n)}: sent, and exported from now on`
      : `${actor.name} recorded that ${name} was not told of the late-payment charges on ${plural(n)}: ${whereChargesGo(await reminderDue(deps, customerId))}`,
  };
}

function newRow(d: Decidable): Omit<NewFeeDecision, 'status' | 'approvedBy'> {
  return {
    invoiceExternalId: d.line.invoiceExternalId, compensationMinor: d.compensationMinor, interestMinor: d.interestMinor,
    currency: d.line.currency, rule: d.line.rule, legalBasis: d.legalBasis,
  };
}
