import { type InvoiceFacts, type PlanNotice } from './alert-view.js';
import { actionIds, type ActionId } from './control-ids.js';
import type { ReplyFacts } from './reply-view.js';
import type { CreditFacts } from './credit-view.js';

/**
 * A button on a card, the same on every surface: its control id (decoded by src/chat/chat-action.ts), its label
 * and its emphasis. Each renderer draws it its own way (Slack: a button carrying the subject; Teams: an
 * Action.Execute, or the control's inline form when it asks for details).
 */
export interface CardControl {
  readonly id: ActionId;
  readonly label: string;
  readonly style?: 'primary' | 'danger';
}

/**
 * What someone can do about an overdue invoice. "Open a dispute" is left out while one is open: there is one
 * dispute per invoice at a time, and its own controls sit on the dispute's message. "Offer a payment plan" shows
 * only on an invoice that still owes money and whose customer has no plan requested, proposed or active in its
 * currency (the offer covers every open invoice of that customer and currency, so it would be refused).
 */
export function invoiceControls(invoice: InvoiceFacts): CardControl[] {
  return [
    { id: actionIds.logPromise, label: 'Log a promise to pay', style: 'primary' },
    { id: actionIds.pauseReminders, label: 'Pause reminders' },
    ...(invoice.openDispute === null ? [{ id: actionIds.openDispute, label: 'Open a dispute' }] : []),
    { id: actionIds.addNote, label: 'Add a note' },
    { id: actionIds.snoozeDay, label: 'Snooze 1 day' },
    ...(mayOfferPlan(invoice) ? [{ id: actionIds.offerPlan, label: 'Offer a payment plan' }] : []),
  ];
}

/**
 * Whether an invoice card offers a payment plan: it owes money and no plan of its customer and currency is open.
 * @example mayOfferPlan({ ...invoice, planning: { owing: true, inOpenPlan: false, maxInstalments: 6 } }) // true
 */
export function mayOfferPlan(invoice: InvoiceFacts): boolean {
  const p = invoice.planning;
  return p != null && p.owing && !p.inOpenPlan;
}

/**
 * What an owner can do about a customer's reply. Log promise and Open dispute open their forms pre-filled from
 * what was read in the reply (and need its invoice); Resume shows while the reply pauses reminders; Done while
 * nobody has dealt with it; Full reply when the card shows only the start. Their data is `{ rp }` (and `i`, the
 * invoice, for the promise and dispute forms).
 */
export function replyControls(reply: ReplyFacts): CardControl[] {
  const invoice = reply.invoice;
  return [
    { id: actionIds.answerReply, label: 'Reply', style: 'primary' },
    ...(invoice === null ? [] : [{ id: actionIds.logPromise, label: 'Log promise' }]),
    ...(invoice === null || invoice.openDispute !== null ? [] : [{ id: actionIds.openDispute, label: 'Open dispute' }]),
    ...(reply.pausedUntil === null ? [] : [{ id: actionIds.resumeReminders, label: 'Resume reminders' }]),
    ...(reply.handled !== null ? [] : [{ id: actionIds.replyDone, label: 'Done' }]),
    ...(reply.cut ? [{ id: actionIds.fullReply, label: 'Full reply' }] : []),
  ];
}

/**
 * What can be done about a customer's credit, on its credit alerts (data `{ a }`): put it on hold (the account
 * manager or finance, with a reason) or, while held, release it (a finance approver); change the limit (a finance
 * approver, with the new amount). The service checks the rights; the buttons show to everyone in the channel.
 */
export function creditControls(credit: CreditFacts): CardControl[] {
  return [
    credit.hold === null
      ? { id: actionIds.creditHold, label: 'Put on credit hold', style: 'danger' }
      : { id: actionIds.creditRelease, label: 'Release hold', style: 'primary' },
    { id: actionIds.creditLimit, label: credit.limit === null ? 'Set limit' : 'Raise limit' },
  ];
}

/** The customer view's portal controls (issue 20); they carry the customer's ERP id, as the /ar chooser does. */
export const customerActionIds = { sendStatement: 'arbot.statement_send', revokePortal: 'arbot.portal_revoke' } as const;

/**
 * What the customer's sales owner or finance can do from the /ar view: those the person viewing may press (`may`;
 * absent: both, and the services answer each click).
 */
export function customerControls(may?: { readonly sendStatement: boolean; readonly revokePortal: boolean }): { readonly id: string; readonly label: string; readonly style?: 'primary' | 'danger' }[] {
  return [
    ...(may?.sendStatement ?? true ? [{ id: customerActionIds.sendStatement, label: 'Send statement' }] : []),
    ...(may?.revokePortal ?? true ? [{ id: customerActionIds.revokePortal, label: 'Revoke portal links', style: 'danger' as const }] : []),
  ];
}

/**
 * A payment plan's card (data `{ a }`, the alert): a request still waiting gets Approve, Propose other dates (a
 * form: another schedule for the customer to accept on the portal) and Refuse (a reason); a
 * broken plan gets Call done, Re-plan (the offer form) and Resume normal reminders until someone re-plans or
 * resumes. A card drawn without its alert has none. The service checks the rights.
 */
export function planControls(plan: PlanNotice): CardControl[] {
  if (plan.alertId === undefined) return [];
  const what = plan.outcome?.what;
  if (plan.event === 'requested') {
    return plan.status !== 'requested' ? [] : [
      { id: actionIds.approvePlan, label: 'Approve', style: 'primary' },
      { id: actionIds.proposePlan, label: 'Propose other dates' },
      { id: actionIds.refusePlan, label: 'Refuse', style: 'danger' },
    ];
  }
  if (plan.status !== 'broken' || what === 'resumed' || what === 'replanned') return [];
  return [
    { id: actionIds.planCallDone, label: 'Call done' },
    { id: actionIds.replan, label: 'Re-plan', style: 'primary' },
    { id: actionIds.planResume, label: 'Resume normal reminders' },
  ];
}
