import { addDaysToDate, dateInZone } from '../domain/calendar-date.js';
import { customerDisputeReasonText } from '../domain/customer-dispute.js';
import { lookupRefusal, mayLookUpCustomers } from '../domain/rights/customer-lookup.js';
import { decideApproval } from '../services/chat-actions/approval-actions.js';
import { decideChange, refuseToDecideChange } from '../services/chat-actions/change-actions.js';
import { decideBankChange, refuseToDecideBankChange } from '../services/chat-actions/bank-change-actions.js';
import { addNote, claimDispute, openDisputeFromChat, setDisputeStatus } from '../services/chat-actions/dispute-actions.js';
import { logPromise, pauseReminders } from '../services/chat-actions/invoice-actions.js';
import {
  customerHoldButton, refuseCreditForm, refuseCustomerHoldForm, refuseCustomerLimitForm, releaseCreditHold, releaseCustomerCreditHold, setCreditHold,
  setCreditLimit, setCustomerCreditHold, setCustomerCreditLimit,
} from '../services/chat-actions/credit-actions.js';
import { formatAmount } from '../domain/money.js';
import { isFinanceApprover } from '../domain/rights/chat-rights.js';
import { answerReply, checkReplyFor, closeReplyAfter, closeReplyDone, resumeAfterReply } from '../services/chat-actions/reply-actions.js';
import { refuseUnlessAllowed, refused, type ActionResult, type Actor } from '../services/chat-actions/action-result.js';
import { dsoChartUrl, dsoReport } from '../services/chat-commands/dso-report.js';
import { runReportAction } from './report-actions.js';
import { decidePlanFromChat, followBrokenPlan, offerPlanFromChat, planOfferForm, refuseToDecidePlan } from '../services/chat-actions/plan-actions.js';
import { claimFees, decideFees, lateChargesSection, refuseToDecideFees, resolveFeeDoubt, waiveFees } from '../services/chat-actions/fee-actions.js';
import { customerPortalButtons, revokePortalLinks, sendStatementFromChat } from '../services/chat-actions/portal-actions.js';
import { proposePlanForm, proposePlanFromChat } from '../services/chat-actions/plan-proposal-actions.js';
import type { ChatAction } from './chat-action.js';
import type { ChatCoreDeps } from './chat-core-deps.js';
import { replyFormPrefill } from '../views/reply-view.js';
import type { ChatForm, ChatShown } from './interaction.js';

/** What one action came to, before the core redraws: a service's result, a form to open, or something to show. */
export type ActionOutcome = { readonly result: ActionResult } | { readonly form: ChatForm } | { readonly shown: ChatShown };

const result = (r: Promise<ActionResult>) => r.then((x) => ({ result: x }));

/**
 * The one place an action meets its service. Each service checks the actor's rights against the subject's
 * parties (src/domain/rights) and returns a refusal as a value. The actor is looked up only when the action needs
 * it (a platform call the first time someone is seen): `/dso` shows the same to everyone.
 */
export async function runAction(deps: ChatCoreDeps, actorOf: () => Promise<Actor>, action: ChatAction): Promise<ActionOutcome> {
  const now = deps.now();
  const today = dateInZone(now, deps.zone);
  const { store } = deps;
  switch (action.type) {
    case 'claim_dispute': return result(claimDispute(store, await actorOf(), action.disputeId));
    case 'set_dispute_status': return result(setDisputeStatus(store, await actorOf(), action.disputeId, action.status));
    case 'decide_approval': return result(decideApproval(store, await actorOf(), action.emailId, action.decision, action.note));
    case 'decide_change': return result(decideChange(store, await actorOf(), action.requestId, action.decision, action.note));
    case 'decide_bank_change':
      return deps.paymentMethods
        ? result(decideBankChange(deps.paymentMethods, await actorOf(), action.changeId, action.decision, now, action.reason))
        : { result: refused('unavailable', 'this arbot process cannot change payment details; ask finance to decide in the main workspace') };
    case 'log_promise': {
      const stale = action.replyId === null ? null : await checkReplyFor(store, action.replyId, action.invoiceId);
      if (stale) return { result: stale };
      const actor = await actorOf();
      const r = await logPromise(store, actor, action.invoiceId, { date: action.date, amount: action.amount, note: action.note }, today, deps.rights.limits);
      return { result: action.replyId === null ? r : await closeReplyAfter(store, actor, action.replyId, 'promise', r) };
    }
    case 'pause_reminders':
      return result(pauseReminders(store, await actorOf(), action.invoiceId, { until: action.until, reason: action.reason }, today, deps.rights.limits));
    case 'snooze_invoice':
      // A pause until tomorrow: the same rights, limits, audit trail and card line as a pause typed in its form.
      return result(pauseReminders(store, await actorOf(), action.invoiceId, { until: addDaysToDate(today, 1), reason: 'snoozed for a day from chat' }, today, deps.rights.limits));
    case 'open_dispute': {
      const stale = action.replyId === null ? null : await checkReplyFor(store, action.replyId, action.invoiceId);
      if (stale) return { result: stale };
      const actor = await actorOf();
      const r = await openDisputeFromChat(store, actor, action.invoiceId, customerDisputeReasonText(action.reason, action.comment.trim()));
      return { result: action.replyId === null ? r : await closeReplyAfter(store, actor, action.replyId, 'dispute', r) };
    }
    case 'answer_reply': return result(answerReply(store, deps.answering, await actorOf(), action.replyId, action.body, now));
    case 'resume_reminders': return result(resumeAfterReply(store, await actorOf(), action.replyId));
    case 'close_reply': return result(closeReplyDone(store, await actorOf(), action.replyId));
    case 'show_reply': {
      // The whole email is shown to the people who may act on it, as its card is.
      const r = await store.reply(action.replyId);
      const denied = r === null ? refused('not_found', "this customer's email is no longer in arbot") : refuseUnlessAllowed(await actorOf(), 'close_reply', r.parties);
      if (denied) return { result: denied };
      const [reply, fullText] = await Promise.all([deps.views.reply(action.replyId, now), deps.views.replyFullText(action.replyId)]);
      return reply === null || fullText === null ? gone("customer's email") : { shown: { show: 'reply', reply, fullText } };
    }
    case 'add_note':
      return result(addNote(store, await actorOf(), action.target.kind === 'dispute' ? { disputeId: action.target.id } : { invoiceId: action.target.id }, action.text));
    case 'open_form': return openForm(deps, actorOf, action, now);
    case 'send_statement': return result(sendStatementFromChat(deps.portal, await actorOf(), action.customerExternalId, now));
    case 'revoke_portal_links': return result(revokePortalLinks(deps.portal, await actorOf(), action.customerExternalId));
    case 'show_customer': {
      // A lookup shows any customer's account: for the people arbot knows, unless AR_LOOKUP=anyone.
      if (deps.rights.arLookup !== 'anyone' && !mayLookUpCustomers(await actorOf(), deps.rights.arLookup)) return { result: refused('not_allowed', lookupRefusal) };
      const query = action.query.trim().slice(0, 200);
      const found = await deps.views.customer(query, now);
      // What could be claimed for late payment, beside (never inside) the receivables.
      const withCharges = found?.kind === 'customer'
        ? { ...found, overview: { ...found.overview, lateCharges: await lateChargesSection(deps.fees, found.overview.customerExternalId, today, await actorOf()) } }
        : found;
      // A finance approver also gets "Set credit limit" (the service checks again on every click).
      const withLimit = withCharges?.kind === 'customer' && withCharges.overview.credit !== undefined && isFinanceApprover(await actorOf())
        ? { ...withCharges, overview: { ...withCharges.overview, creditLimitButton: true } }
        : withCharges;
      // "Put on credit hold" or "Release hold", for who may press it (the service checks again on every click).
      const hold = withLimit?.kind === 'customer' && withLimit.overview.credit !== undefined
        ? await customerHoldButton(deps.credit, await actorOf(), BigInt(withLimit.overview.credit.customerId))
        : null;
      const withHold = hold !== null && withLimit?.kind === 'customer' ? { ...withLimit, overview: { ...withLimit.overview, creditHoldButton: hold } } : withLimit;
      // "Send statement" and "Revoke portal links", for who may press them (the services check again on every click).
      const portalButtons = withHold?.kind === 'customer' ? await customerPortalButtons(deps.portal, await actorOf(), withHold.overview.customerExternalId) : null;
      const withPortal = portalButtons !== null && withHold?.kind === 'customer' ? { ...withHold, overview: { ...withHold.overview, portalButtons } } : withHold;
      return { shown: { show: 'customer', query, found: withPortal } };
    }
    case 'show_dso': {
      const report = await dsoReport(deps.kpi, { asOf: action.asOf, segment: action.segment });
      const chartUrl = dsoChartUrl(deps.charts, report.asOf, action.segment, now);
      return { shown: { show: 'dso', report, segment: action.segment, share: action.share, details: null, chartUrl } };
    }
    case 'show_dso_details': {
      // Read-only, like /dso: the same figures for everyone, the one currency only.
      const report = await dsoReport(deps.kpi, { asOf: action.asOf, segment: action.segment, currency: action.currency });
      return { shown: { show: 'dso', report, segment: action.segment, share: false, details: action.currency, chartUrl: null } };
    }
    case 'set_credit_hold': return result(setCreditHold(deps.credit, await actorOf(), action.alertId, action.reason));
    case 'release_credit_hold': return result(releaseCreditHold(deps.credit, await actorOf(), action.alertId));
    case 'set_credit_limit': return result(setCreditLimit(deps.credit, await actorOf(), action.alertId, action.amount));
    case 'decide_plan': return result(decidePlanFromChat(deps.plans, deps.views, await actorOf(), action.alertId, action.decision, action.reason, now));
    case 'follow_broken_plan': return result(followBrokenPlan(deps.plans, deps.views, await actorOf(), action.alertId, action.what, now));
    case 'offer_plan': return result(offerPlanFromChat(deps.plans, deps.views, await actorOf(), { invoiceId: action.invoiceId }, action.schedule, now));
    case 'replan': return result(offerPlanFromChat(deps.plans, deps.views, await actorOf(), { alertId: action.alertId }, action.schedule, now));
    case 'propose_plan': return result(proposePlanFromChat(deps.plans, deps.views, await actorOf(), action.alertId, action.schedule, action.note, now));
    case 'show_review':
    case 'show_team': return runReportAction(deps, actorOf, action, today);
    case 'claim_fees': return result(claimFees(deps.fees, await actorOf(), action.customerId, today));
    case 'waive_fees': return result(waiveFees(deps.fees, await actorOf(), action.customerId, action.reason, today));
    case 'decide_fees': return result(decideFees(deps.fees, await actorOf(), action.customerId, action.decision, action.reason));
    case 'set_customer_credit_limit':
      return result(setCustomerCreditLimit(deps.credit, await actorOf(), action.customerId, action.amount, action.currency));
    case 'resolve_fee_doubt': return result(resolveFeeDoubt(deps.fees, await actorOf(), action.customerId, action.resolution));
    case 'set_customer_credit_hold': return result(setCustomerCreditHold(deps.credit, await actorOf(), action.customerId, action.reason));
    case 'release_customer_credit_hold': return result(releaseCustomerCreditHold(deps.credit, await actorOf(), action.customerId));
    case 'show_home': {
      const actor = await actorOf();
      return { shown: { show: 'home', queue: actor.ownerId === null ? null : await deps.views.homeQueue(actor.ownerId, now) } };
    }
  }
}

const gone = (what: string) => ({ result: refused('not_found', `this ${what} no longer exists`) });


/** The form a button asks in first, with what it shows; refused when the action could not be done anyway. */
async function openForm(deps: ChatCoreDeps, actorOf: () => Promise<Actor>, action: Extract<ChatAction, { type: 'open_form' }>, now: Date): Promise<ActionOutcome> {
  const { subject } = action;
  switch (action.form) {
    case 'promise':
    case 'hold':
    case 'dispute': {
      const invoice = subject.kind === 'invoice' ? await deps.views.invoice(subject.id, now) : null;
      if (!invoice) return gone('invoice');
      if (action.form === 'dispute' && invoice.openDispute) return { result: refused('already_open', 'this invoice already has an open dispute; add a note to it instead') };
      const reply = action.reply === null || action.form === 'hold' ? null : await deps.views.reply(action.reply, now);
      return { form: { form: action.form, subject, invoice, prefill: reply === null ? null : replyFormPrefill(reply) } };
    }
    case 'answer_reply': {
      const reply = subject.kind === 'reply' ? await deps.views.reply(subject.id, now) : null;
      if (!reply) return gone("customer's email");
      const r = await deps.store.reply(subject.id);
      const denied = r === null ? null : refuseUnlessAllowed(await actorOf(), 'answer_reply', r.parties);
      if (denied) return { result: denied };
      return { form: { form: 'answer_reply', subject, reply, to: await deps.views.replyRecipients(subject.id) } };
    }
    case 'note': {
      if (subject.kind === 'dispute') {
        const d = await deps.views.dispute(subject.id, now);
        return d ? { form: { form: 'note', subject, title: `${d.invoice.customerName} · dispute on ${d.invoice.number}` } } : gone('dispute');
      }
      const invoice = subject.kind === 'invoice' ? await deps.views.invoice(subject.id, now) : null;
      return invoice ? { form: { form: 'note', subject, title: `${invoice.customerName} · ${invoice.number}` } } : gone('invoice');
    }
    case 'refuse_approval': {
      const approval = subject.kind === 'approval' ? await deps.views.approval(subject.id, now) : null;
      return approval ? { form: { form: 'refuse_approval', subject, approval } } : gone('approval request');
    }
    case 'refuse_plan': {
      // Checked before the form opens, like every refusal's: only who may decide types a reason.
      const r = subject.kind === 'alert' ? await refuseToDecidePlan(deps.plans, deps.views, await actorOf(), subject.id, now) : refused('not_found', 'this alert no longer exists');
      return 'ok' in r ? { result: r } : { form: { form: 'refuse_plan', subject, plan: r } };
    }
    case 'offer_plan':
    case 'replan': {
      const fits = action.form === 'offer_plan' ? subject.kind === 'invoice' : subject.kind === 'alert';
      const r = fits ? await planOfferForm(deps.plans, deps.views, await actorOf(), action.form, subject.id, now) : refused('not_found', 'this card is out of date; use the latest message');
      return 'ok' in r ? { result: r } : { form: { form: action.form, subject, offer: r } };
    }
    case 'propose_plan': {
      // Checked before the form opens, like a refusal's: only who may approve the plan proposes other dates.
      const r = subject.kind === 'alert' ? await proposePlanForm(deps.plans, deps.views, await actorOf(), subject.id, now) : refused('not_found', 'this alert no longer exists');
      return 'ok' in r ? { result: r } : { form: { form: 'propose_plan', subject, plan: r.plan, offer: r.offer } };
    }
    case 'credit_hold':
    case 'credit_limit': {
      // Checked before the form opens, like a refusal's: only who may act types a reason or an amount.
      const refusal = subject.kind === 'alert' ? await refuseCreditForm(deps.credit, await actorOf(), subject.id, action.form) : refused('not_found', 'this alert no longer exists');
      if (refusal) return { result: refusal };
      const credit = await deps.views.credit(subject.id, now);
      return credit ? { form: { form: action.form, subject, credit } } : gone('alert');
    }
    case 'refuse_change': {
      // Checked before the form opens too, so nobody types a reason for nothing.
      const refusal = subject.kind === 'change' ? await refuseToDecideChange(deps.store, await actorOf(), subject.id) : refused('not_found', 'this request no longer exists');
      if (refusal) return { result: refusal };
      const request = await deps.views.changeRequest(subject.id, now);
      return request ? { form: { form: 'refuse_change', subject, request } } : gone('request');
    }
    case 'refuse_fees': {
      // Only a finance approver, and only while a claim waits, types a reason.
      const customer = subject.kind === 'customer' ? await refuseToDecideFees(deps.fees, await actorOf(), subject.id) : refused('not_found', 'this customer no longer exists');
      if ('ok' in customer) return { result: customer };
      const charges = await lateChargesSection(deps.fees, customer.externalId, dateInZone(now, deps.zone));
      return { form: { form: 'refuse_fees', subject, customerName: customer.parties.customerName, charges } };
    }
    case 'customer_credit_limit': {
      const s = subject.kind === 'customer' ? await refuseCustomerLimitForm(deps.credit, await actorOf(), subject.id) : refused('not_found', 'this customer no longer exists');
      if ('ok' in s) return { result: s };
      const limit = s.limitMinor === null || s.limitCurrency === null ? null : { amount: formatAmount(s.limitMinor, s.limitCurrency), currency: s.limitCurrency };
      return { form: { form: 'customer_credit_limit', subject, customerName: s.parties.customerName, limit } };
    }
    case 'customer_credit_hold': {
      // Checked before the form opens, like the credit alert's: only who may hold the customer types a reason.
      const s = subject.kind === 'customer' ? await refuseCustomerHoldForm(deps.credit, await actorOf(), subject.id) : refused('not_found', 'this customer no longer exists');
      if ('ok' in s) return { result: s };
      return { form: { form: 'customer_credit_hold', subject, customerName: s.parties.customerName } };
    }
    case 'refuse_bank_change': {
      if (!deps.paymentMethods || subject.kind !== 'bank_change') return gone('change of bank details');
      const change = await refuseToDecideBankChange(deps.paymentMethods, await actorOf(), subject.id);
      if ('ok' in change) return { result: change };
      return { form: { form: 'refuse_bank_change', subject, change: { currency: change.currency, requestedBy: change.requestedBy } } };
    }
    case 'waive_fees': {
      // Checked before the form opens too, so nobody types a reason for nothing.
      const customer = subject.kind === 'customer' ? await deps.fees.decisions.customer(subject.id) : null;
      if (!customer) return gone('customer');
      const denied = refuseUnlessAllowed(await actorOf(), 'waive_fees', customer.parties);
      if (denied) return { result: denied };
      const charges = await lateChargesSection(deps.fees, customer.externalId, dateInZone(now, deps.zone));
      if (!charges || charges.undecided === 0) return { result: refused('nothing_to_decide', `no late invoice of ${customer.parties.customerName} has charges left to decide`) };
      return { form: { form: 'waive_fees', subject, customerName: customer.parties.customerName, charges } };
    }
  }
}
