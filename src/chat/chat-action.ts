import { z } from 'zod';
import { isCalendarDate, type CalendarDate } from '../domain/calendar-date.js';
import { isCurrencyCode } from '../domain/currency.js';
import { customerCommentMaxLength, customerDisputeReasons, type CustomerDisputeReason } from '../domain/customer-dispute.js';
import { disputeStatuses, type DisputeStatus } from '../domain/disputes/dispute-status.js';
import { answerBodyMaxLength } from '../domain/reply-answer-email.js';
import { maxDbId, subject, type SubjectRef } from '../domain/subject.js';
import { actionIds, formIds } from '../views/control-ids.js';
import { inputIds, type InputId } from './inputs.js';
import { customerActionIds } from '../views/card-controls.js';
import { planFormIntervals, type PlanFormAnswers, type PlanFormInterval } from '../views/plan-offer-view.js';
import type { DoubtResolution } from '../ports/fee-decisions.js';

/** The forms a button opens first on a surface that asks in a dialog (Slack's modals); Teams shows them inline. */
export type FormName =
  | 'promise' | 'hold' | 'dispute' | 'note' | 'refuse_approval' | 'refuse_change' | 'answer_reply' | 'waive_fees'
  | 'credit_hold' | 'credit_limit'
  | 'refuse_plan' | 'offer_plan' | 'replan'
  | 'propose_plan'
  | 'refuse_fees' | 'customer_credit_limit' | 'refuse_bank_change'
  | 'customer_credit_hold';

/**
 * Everything a person can ask arbot in chat, whatever the surface: Slack's button values and modal submissions,
 * Teams' Action.Execute data and the local workspace all decode to this (`decodeAction` below), and
 * `handleInteraction` is the one place that acts on it. Ids are database ids, checked against int8 on decoding;
 * free text is as typed (the services check it).
 */
export type ChatAction =
  | { readonly type: 'claim_dispute'; readonly disputeId: bigint }
  | { readonly type: 'set_dispute_status'; readonly disputeId: bigint; readonly status: DisputeStatus }
  | { readonly type: 'decide_approval'; readonly emailId: bigint; readonly decision: 'approved' | 'personal' | 'refused'; readonly note: string | null }
  | { readonly type: 'decide_change'; readonly requestId: bigint; readonly decision: 'approved' | 'refused'; readonly note: string | null }
  /** A change of the bank details customers pay to (payment_detail_changes), decided by a finance approver. */
  | { readonly type: 'decide_bank_change'; readonly changeId: bigint; readonly decision: 'approved' | 'refused'; readonly reason: string }
  /** `replyId`: logged from a customer's reply (its button), which it then closes. */
  | { readonly type: 'log_promise'; readonly invoiceId: bigint; readonly date: string; readonly amount: string; readonly note: string; readonly replyId: bigint | null }
  | { readonly type: 'pause_reminders'; readonly invoiceId: bigint; readonly until: string; readonly reason: string }
  | { readonly type: 'open_dispute'; readonly invoiceId: bigint; readonly reason: CustomerDisputeReason; readonly comment: string; readonly replyId: bigint | null }
  /** "Snooze 1 day": no reminder to the customer about this invoice before tomorrow, in one click. */
  | { readonly type: 'snooze_invoice'; readonly invoiceId: bigint }
  | { readonly type: 'add_note'; readonly target: SubjectRef & { readonly kind: 'invoice' | 'dispute' }; readonly text: string }
  /** Answers a customer's reply by email, threaded on it, to the customer's billing contacts. */
  | { readonly type: 'answer_reply'; readonly replyId: bigint; readonly body: string }
  /** Lifts the pause a customer's reply put on reminders, and closes the reply. */
  | { readonly type: 'resume_reminders'; readonly replyId: bigint }
  /** The reply was dealt with (outside arbot, or nothing to do): closes it; its pause runs out on its own. */
  | { readonly type: 'close_reply'; readonly replyId: bigint }
  /** Shows a customer's reply whole (a card shows its start). */
  | { readonly type: 'show_reply'; readonly replyId: bigint }
  /**
   * A button whose details are asked in a form first: the surface shows the form, its submission is the action.
   * `reply`: the form answers a customer's reply and is pre-filled from what was read in it.
   */
  | { readonly type: 'open_form'; readonly form: FormName; readonly subject: SubjectRef; readonly reply: bigint | null }
  /** `/ar <query>`, `@arbot ar <query>` and the chooser's buttons (which name the customer by ERP id). */
  | { readonly type: 'show_customer'; readonly query: string }
  /** `/dso`, `@arbot dso` and "Share in channel" (`share`: for everyone in the conversation). */
  | { readonly type: 'show_dso'; readonly asOf: CalendarDate | null; readonly segment: string | null; readonly share: boolean }
  /** The "Details" button of a /dso summary: one currency's full figures, for the person who clicked. */
  | { readonly type: 'show_dso_details'; readonly asOf: CalendarDate; readonly segment: string | null; readonly currency: string }
  /** Slack's App Home tab, drawn for the person who opened it. */
  | { readonly type: 'show_home' }
  /** `/review [YYYY-MM]`, `@arbot review`: the monthly top-account review (null: the last complete month). */
  | { readonly type: 'show_review'; readonly month: string | null }
  /** `/team [owner]`, `@arbot team`: per owner and team (`owner`: an email or part of a name; null: everyone). */
  | { readonly type: 'show_team'; readonly owner: string | null }
  /** `/ar`'s late-payment charges (customer: database id): claim them in the next email, waive them with a reason. */
  | { readonly type: 'claim_fees'; readonly customerId: bigint }
  | { readonly type: 'waive_fees'; readonly customerId: bigint; readonly reason: string }
  /** A finance approver approves or refuses the claims on a top or strategic account. */
  | { readonly type: 'decide_fees'; readonly customerId: bigint; readonly decision: 'approved' | 'refused'; readonly reason: string }
  /** Credit (issue 19), from a credit alert (`alertId` names the customer): hold with a reason, release, new limit as typed. */
  | { readonly type: 'set_credit_hold'; readonly alertId: bigint; readonly reason: string }
  | { readonly type: 'release_credit_hold'; readonly alertId: bigint }
  | { readonly type: 'set_credit_limit'; readonly alertId: bigint; readonly amount: string }
  /** "Send statement" on a customer's /ar view (the customer by ERP id). */
  | { readonly type: 'send_statement'; readonly customerExternalId: string }
  /** "Revoke portal links" on a customer's /ar view. */
  | { readonly type: 'revoke_portal_links'; readonly customerExternalId: string }
  /** Payment plans (issue 20), from a plan alert (`alertId` names the plan): approve, refuse with a reason. */
  | { readonly type: 'decide_plan'; readonly alertId: bigint; readonly decision: 'approve' | 'refuse'; readonly reason: string }
  /** On a broken plan's card: the customer was called, or the normal reminders go on (the card's buttons end). */
  | { readonly type: 'follow_broken_plan'; readonly alertId: bigint; readonly what: 'call_done' | 'resume_reminders' }
  /** "Offer a payment plan" on an invoice card (every open invoice of its customer in its currency), or "Re-plan" on a broken plan. */
  | { readonly type: 'offer_plan'; readonly invoiceId: bigint; readonly schedule: PlanFormAnswers }
  | { readonly type: 'replan'; readonly alertId: bigint; readonly schedule: PlanFormAnswers }
  /** "Propose other dates" on a plan request's card: another schedule, and a note, emailed to the customer. */
  | { readonly type: 'propose_plan'; readonly alertId: bigint; readonly schedule: PlanFormAnswers; readonly note: string }
  /** "Set credit limit" on a customer's /ar view (customer: database id): the amount, in the currency chosen. */
  | { readonly type: 'set_customer_credit_limit'; readonly customerId: bigint; readonly amount: string; readonly currency: string }
  /** On /ar (customer: database id): a person's word on the late-payment charges whose email ended in doubt. */
  | { readonly type: 'resolve_fee_doubt'; readonly customerId: bigint; readonly resolution: DoubtResolution }
  /** On /ar (customer: database id): put the customer on credit hold with a reason, or release its hold. */
  | { readonly type: 'set_customer_credit_hold'; readonly customerId: bigint; readonly reason: string }
  | { readonly type: 'release_customer_credit_hold'; readonly customerId: bigint };

export type ChatActionType = ChatAction['type'];

/**
 * Ids of the controls that are not on alert cards: the `/ar` chooser (Teams' verb too), the `/dso` share button
 * and its "Details" buttons (Teams' verb too).
 */
export const commandActionIds = { showCustomer: 'arbot.ar_customer', shareDso: 'arbot.dso_share', dsoDetails: 'arbot.dso_details' } as const;

/** A database id as a control carries it: decimal digits, and no more than int8 holds (a bigger one is no row). */
export const dbIdText = z.string().refine((v) => /^[0-9]{1,19}$/.test(v) && BigInt(v) <= maxDbId);
const dbId = dbIdText.transform(BigInt);
/** An answer left empty may arrive as "" or not at all. */
/**
 * Typed text: a lone UTF-16 surrogate (valid JSON as "\ud800", not valid Unicode) becomes U+FFFD here, once for every
 * form, so no service, audit row (jsonb refuses it) or renderer ever meets one.
 */
const unpairedSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const text = (max: number) => z.string().max(max).default('').transform((v) => v.replace(unpairedSurrogate, '\ufffd'));
const wellFormed = (v: string) => v.replace(unpairedSurrogate, '\ufffd');

const invoiceData = z.object({ i: dbId });
const disputeData = z.object({ d: dbId });
const emailData = z.object({ e: dbId });
const requestData = z.object({ r: dbId });
const replyData = z.object({ rp: dbId });
const customerData = z.object({ cu: dbId });
const bankChangeData = z.object({ bc: dbId });

interface Entry<T> {
  readonly data: z.ZodType<T>;
  /** The form a surface that asks in a dialog opens first (the subject's data only), and its answers come back under `formIds`. */
  readonly form?: FormName;
  readonly build: (data: T) => ChatAction;
}
const entry = <T>(e: Entry<T>): Entry<unknown> => e as Entry<unknown>;

const promise = z.object({ i: dbId, rp: dbId.optional(), [inputIds.promiseDate]: text(10), [inputIds.promiseAmount]: text(40), [inputIds.promiseNote]: text(3000) });
const hold = z.object({ i: dbId, [inputIds.holdUntil]: text(10), [inputIds.holdReason]: text(500) });
const dispute = z.object({ i: dbId, rp: dbId.optional(), [inputIds.disputeReason]: z.enum(customerDisputeReasons), [inputIds.disputeComment]: text(customerCommentMaxLength) });
const note = z.union([z.object({ d: dbId, [inputIds.note]: text(3000) }), z.object({ i: dbId, [inputIds.note]: text(3000) })]);
const refusal = text(1000);
const planSchedule = {
  [inputIds.planCount]: z.string().regex(/^[0-9]{1,2}$/).transform(Number),
  [inputIds.planFirstDate]: z.string().refine(isCalendarDate),
  [inputIds.planInterval]: z.enum(planFormIntervals),
};
const planAnswers = (v: { [inputIds.planCount]: number; [inputIds.planFirstDate]: string; [inputIds.planInterval]: PlanFormInterval }): PlanFormAnswers => ({
  count: v[inputIds.planCount], firstDate: v[inputIds.planFirstDate], interval: v[inputIds.planInterval],
});

/**
 * Every control arbot draws, by its id (Slack's action_id and callback_id, Teams' verb): the data it must carry
 * and the action it means. One entry per control; a new button is a new entry here and its action's handler.
 */
const entries: Readonly<Record<string, Entry<unknown>>> = {
  [actionIds.claimDispute]: entry({ data: disputeData, build: (v) => ({ type: 'claim_dispute', disputeId: v.d }) }),
  // Slack's menu names the status in the option's value (`st`), Teams in its input (`status`).
  [actionIds.setDisputeStatus]: entry({
    data: z.object({ d: dbId, st: z.enum(disputeStatuses).optional(), [inputIds.status]: z.enum(disputeStatuses).optional() })
      .refine((v) => (v.st ?? v.status) !== undefined),
    build: (v) => ({ type: 'set_dispute_status', disputeId: v.d, status: (v.st ?? v.status)! }),
  }),
  [actionIds.approveEscalation]: entry({ data: emailData, build: (v) => ({ type: 'decide_approval', emailId: v.e, decision: 'approved', note: null }) }),
  [actionIds.handlePersonally]: entry({ data: emailData, build: (v) => ({ type: 'decide_approval', emailId: v.e, decision: 'personal', note: null }) }),
  [actionIds.refuseEscalation]: entry({
    data: z.object({ e: dbId, [inputIds.refuseReason]: refusal }), form: 'refuse_approval',
    build: (v) => ({ type: 'decide_approval', emailId: v.e, decision: 'refused', note: v[inputIds.refuseReason] }),
  }),
  [actionIds.approveChange]: entry({ data: requestData, build: (v) => ({ type: 'decide_change', requestId: v.r, decision: 'approved', note: null }) }),
  [actionIds.refuseChange]: entry({
    data: z.object({ r: dbId, [inputIds.refuseReason]: refusal }), form: 'refuse_change',
    build: (v) => ({ type: 'decide_change', requestId: v.r, decision: 'refused', note: v[inputIds.refuseReason] }),
  }),
  [actionIds.logPromise]: entry({
    data: promise, form: 'promise',
    build: (v) => ({
      type: 'log_promise', invoiceId: v.i, date: v[inputIds.promiseDate], amount: v[inputIds.promiseAmount], note: v[inputIds.promiseNote], replyId: v.rp ?? null,
    }),
  }),
  [actionIds.pauseReminders]: entry({
    data: hold, form: 'hold',
    build: (v) => ({ type: 'pause_reminders', invoiceId: v.i, until: v[inputIds.holdUntil], reason: v[inputIds.holdReason] }),
  }),
  [actionIds.openDispute]: entry({
    data: dispute, form: 'dispute',
    build: (v) => ({ type: 'open_dispute', invoiceId: v.i, reason: v[inputIds.disputeReason], comment: v[inputIds.disputeComment], replyId: v.rp ?? null }),
  }),
  [actionIds.addNote]: entry({
    data: note, form: 'note',
    build: (v) => ({ type: 'add_note', target: 'd' in v ? { kind: 'dispute', id: v.d } : { kind: 'invoice', id: v.i }, text: v[inputIds.note] }),
  }),
  [actionIds.snoozeDay]: entry({ data: invoiceData, build: (v) => ({ type: 'snooze_invoice', invoiceId: v.i }) }),
  [actionIds.answerReply]: entry({
    // Bounded in UTF-16 units here (twice the limit, so any text of answerBodyMaxLength characters passes); the
    // service counts characters and says by how much a longer answer is over.
    data: z.object({ rp: dbId, [inputIds.replyBody]: text(2 * answerBodyMaxLength) }), form: 'answer_reply',
    build: (v) => ({ type: 'answer_reply', replyId: v.rp, body: v[inputIds.replyBody] }),
  }),
  [actionIds.resumeReminders]: entry({ data: replyData, build: (v) => ({ type: 'resume_reminders', replyId: v.rp }) }),
  [actionIds.replyDone]: entry({ data: replyData, build: (v) => ({ type: 'close_reply', replyId: v.rp }) }),
  [actionIds.fullReply]: entry({ data: replyData, build: (v) => ({ type: 'show_reply', replyId: v.rp }) }),
  [actionIds.claimFees]: entry({ data: customerData, build: (v) => ({ type: 'claim_fees', customerId: v.cu }) }),
  [actionIds.waiveFees]: entry({
    data: z.object({ cu: dbId, [inputIds.waiveReason]: text(1000) }), form: 'waive_fees',
    build: (v) => ({ type: 'waive_fees', customerId: v.cu, reason: v[inputIds.waiveReason] }),
  }),
  [actionIds.approveFees]: entry({ data: customerData, build: (v) => ({ type: 'decide_fees', customerId: v.cu, decision: 'approved', reason: '' }) }),
  // A refusal says why (a form): on /ar and on the fee_claim_approval card alike.
  [actionIds.refuseFees]: entry({
    data: z.object({ cu: dbId, [inputIds.feeRefuseReason]: refusal }), form: 'refuse_fees',
    build: (v) => ({ type: 'decide_fees', customerId: v.cu, decision: 'refused', reason: v[inputIds.feeRefuseReason] }),
  }),
  [actionIds.creditHold]: entry({
    data: z.object({ a: dbId, [inputIds.creditHoldReason]: text(1000) }), form: 'credit_hold',
    build: (v) => ({ type: 'set_credit_hold', alertId: v.a, reason: v[inputIds.creditHoldReason] }),
  }),
  [actionIds.creditRelease]: entry({ data: z.object({ a: dbId }), build: (v) => ({ type: 'release_credit_hold', alertId: v.a }) }),
  [actionIds.creditLimit]: entry({
    data: z.object({ a: dbId, [inputIds.creditLimitAmount]: text(40) }), form: 'credit_limit',
    build: (v) => ({ type: 'set_credit_limit', alertId: v.a, amount: v[inputIds.creditLimitAmount] }),
  }),
  [actionIds.approveBankChange]: entry({ data: bankChangeData, build: (v) => ({ type: 'decide_bank_change', changeId: v.bc, decision: 'approved', reason: '' }) }),
  [actionIds.refuseBankChange]: entry({
    data: z.object({ bc: dbId, [inputIds.bankChangeRefuseReason]: refusal }), form: 'refuse_bank_change',
    build: (v) => ({ type: 'decide_bank_change', changeId: v.bc, decision: 'refused', reason: v[inputIds.bankChangeRefuseReason] }),
  }),
  [actionIds.approvePlan]: entry({ data: z.object({ a: dbId }), build: (v) => ({ type: 'decide_plan', alertId: v.a, decision: 'approve', reason: '' }) }),
  [actionIds.refusePlan]: entry({
    data: z.object({ a: dbId, [inputIds.planRefuseReason]: refusal }), form: 'refuse_plan',
    build: (v) => ({ type: 'decide_plan', alertId: v.a, decision: 'refuse', reason: v[inputIds.planRefuseReason] }),
  }),
  [actionIds.planCallDone]: entry({ data: z.object({ a: dbId }), build: (v) => ({ type: 'follow_broken_plan', alertId: v.a, what: 'call_done' }) }),
  [actionIds.planResume]: entry({ data: z.object({ a: dbId }), build: (v) => ({ type: 'follow_broken_plan', alertId: v.a, what: 'resume_reminders' }) }),
  [actionIds.replan]: entry({
    data: z.object({ a: dbId, ...planSchedule }), form: 'replan',
    build: (v) => ({ type: 'replan', alertId: v.a, schedule: planAnswers(v) }),
  }),
  [actionIds.offerPlan]: entry({
    data: z.object({ i: dbId, ...planSchedule }), form: 'offer_plan',
    build: (v) => ({ type: 'offer_plan', invoiceId: v.i, schedule: planAnswers(v) }),
  }),
  [actionIds.proposePlan]: entry({
    data: z.object({ a: dbId, ...planSchedule, [inputIds.planProposalNote]: text(1000) }), form: 'propose_plan',
    build: (v) => ({ type: 'propose_plan', alertId: v.a, schedule: planAnswers(v), note: v[inputIds.planProposalNote] }),
  }),
  [actionIds.setCustomerCreditLimit]: entry({
    data: z.object({ cu: dbId, [inputIds.creditLimitAmount]: text(40), [inputIds.creditLimitCurrency]: text(3) }), form: 'customer_credit_limit',
    build: (v) => ({ type: 'set_customer_credit_limit', customerId: v.cu, amount: v[inputIds.creditLimitAmount], currency: v[inputIds.creditLimitCurrency] }),
  }),
  [actionIds.feesTold]: entry({ data: customerData, build: (v) => ({ type: 'resolve_fee_doubt', customerId: v.cu, resolution: 'told' }) }),
  [actionIds.feesNotTold]: entry({ data: customerData, build: (v) => ({ type: 'resolve_fee_doubt', customerId: v.cu, resolution: 'not_told' }) }),
  [actionIds.setCustomerCreditHold]: entry({
    data: z.object({ cu: dbId, [inputIds.creditHoldReason]: text(1000) }), form: 'customer_credit_hold',
    build: (v) => ({ type: 'set_customer_credit_hold', customerId: v.cu, reason: v[inputIds.creditHoldReason] }),
  }),
  [actionIds.releaseCustomerCreditHold]: entry({ data: customerData, build: (v) => ({ type: 'release_customer_credit_hold', customerId: v.cu }) }),
  [commandActionIds.showCustomer]: entry({ data: z.object({ c: z.string().min(1).max(200).transform(wellFormed) }), build: (v) => ({ type: 'show_customer', query: v.c }) }),
  [customerActionIds.sendStatement]: entry({ data: z.object({ c: z.string().min(1).max(200).transform(wellFormed) }), build: (v) => ({ type: 'send_statement', customerExternalId: v.c }) }),
  [customerActionIds.revokePortal]: entry({ data: z.object({ c: z.string().min(1).max(200).transform(wellFormed) }), build: (v) => ({ type: 'revoke_portal_links', customerExternalId: v.c }) }),
  [commandActionIds.shareDso]: entry({
    data: z.object({ asof: z.string().refine(isCalendarDate), seg: z.string().min(1).max(40).optional() }),
    build: (v) => ({ type: 'show_dso', asOf: v.asof, segment: v.seg ?? null, share: true }),
  }),
  [commandActionIds.dsoDetails]: entry({
    data: z.object({ asof: z.string().refine(isCalendarDate), seg: z.string().min(1).max(40).optional(), cur: z.string().refine(isCurrencyCode) }),
    build: (v) => ({ type: 'show_dso_details', asOf: v.asof, segment: v.seg ?? null, currency: v.cur }),
  }),
};

/** A form's submission means its button's action, with the answers. */
const formButton: Readonly<Record<string, string>> = {
  [formIds.promise]: actionIds.logPromise,
  [formIds.hold]: actionIds.pauseReminders,
  [formIds.dispute]: actionIds.openDispute,
  [formIds.note]: actionIds.addNote,
  [formIds.refuse]: actionIds.refuseEscalation,
  [formIds.refuseChange]: actionIds.refuseChange,
  [formIds.answerReply]: actionIds.answerReply,
  [formIds.waiveFees]: actionIds.waiveFees,
  [formIds.creditHold]: actionIds.creditHold,
  [formIds.creditLimit]: actionIds.creditLimit,
  [formIds.refusePlan]: actionIds.refusePlan,
  [formIds.offerPlan]: actionIds.offerPlan,
  [formIds.replan]: actionIds.replan,
  [formIds.proposePlan]: actionIds.proposePlan,
  [formIds.refuseFees]: actionIds.refuseFees,
  [formIds.customerCreditLimit]: actionIds.setCustomerCreditLimit,
  [formIds.refuseBankChange]: actionIds.refuseBankChange,
  [formIds.customerCreditHold]: actionIds.setCustomerCreditHold,
};

export type DecodedAction =
  | { readonly ok: true; readonly action: ChatAction }
  /** `field`: the answer that is wrong, when one is (a form can say so on the field); null: a stale or forged control. */
  | { readonly ok: false; readonly field: InputId | null };

/** The subject a form is about, from the data its button carries. */
function formSubject(data: Record<string, unknown>) {
  const id = (k: string) => dbId.safeParse(data[k]);
  for (const [key, kind] of [['d', 'dispute'], ['e', 'approval'], ['r', 'change'], ['i', 'invoice'], ['rp', 'reply'], ['cu', 'customer'], ['a', 'alert'], ['bc', 'bank_change']] as const) {
    const parsed = id(key);
    if (parsed.success) return subject(kind, parsed.data);
  }
  return null;
}

/**
 * Reads a click or a submission: the control's id and the data it carries (a button's subject, merged with the
 * form's answers under `inputIds`). `asksFirst`: the surface opens a form before acting (Slack), so a click on a
 * button that needs answers opens it instead. zod `safeParse` throughout: a forged, stale or malformed value is
 * a returned refusal, never a throw.
 * @example decodeAction('arbot.dispute_claim', { d: '45' }) // { ok: true, action: { type: 'claim_dispute', disputeId: 45n } }
 * @example decodeAction('arbot.promise', { i: '7' }, { asksFirst: true }) // { ok: true, action: { type: 'open_form', form: 'promise', subject: { kind: 'invoice', id: 7n }, reply: null } }
 */
export function decodeAction(id: string, data: unknown, opts: { asksFirst?: boolean } = {}): DecodedAction {
  const button = Object.hasOwn(formButton, id) ? formButton[id]! : id;
  if (!Object.hasOwn(entries, button) || typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, field: null };
  const e = entries[button]!;
  const record = data as Record<string, unknown>;
  if (opts.asksFirst && e.form !== undefined && button === id) {
    const s = formSubject(record);
    // A promise or dispute asked from a customer's reply names the reply too: the form is pre-filled from it.
    const reply = s?.kind === 'reply' ? null : dbId.safeParse(record.rp);
    return s === null ? { ok: false, field: null } : { ok: true, action: { type: 'open_form', form: e.form, subject: s, reply: reply?.success ? reply.data : null } };
  }
  const parsed = e.data.safeParse(record);
  if (parsed.success) return { ok: true, action: e.build(parsed.data) };
  const issue = parsed.error.issues[0];
  const field = Object.values(inputIds).find((i) => issue?.path[0] === i) ?? null;
  return { ok: false, field: formSubject(record) === null ? null : field };
}

/** The ids of the buttons and menus on arbot's cards (not the commands' own), for a surface to listen to. */
export const cardControlIds: readonly string[] = Object.keys(entries).filter((id) => !(Object.values(commandActionIds) as string[]).includes(id));

/** Whether an id is one of arbot's controls (a verb Teams may send). */
export const isActionId = (id: unknown): id is string => typeof id === 'string' && (Object.hasOwn(entries, id) || Object.hasOwn(formButton, id));
