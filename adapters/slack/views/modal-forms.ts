import type { ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { modalInputs } from '../../../blocks/slack/modals.js';
import { feeModalInputs } from '../../../blocks/slack/fee-modals.js';
import { creditModalInputs } from '../../../blocks/slack/credit-modals.js';
import { planModalInputs } from '../../../blocks/slack/plan-modals.js';
import { customerCreditModalInputs } from '../../../blocks/slack/customer-credit-modals.js';
import { bankChangeModalInputs } from '../../../blocks/slack/bank-change-modals.js';
import { dbIdText } from '../../../src/chat/chat-action.js';
import { inputIds, type InputId } from '../../../src/chat/inputs.js';
import { formIds } from '../../../src/views/control-ids.js';

type Values = ViewSubmitAction['view']['state']['values'];
/** Where an answer sits in a submission: `view.state.values[blockId][actionId]`. */
export type Field = { readonly blockId: string; readonly actionId: string };
type Read = (values: Values, f: Field) => string;

const text: Read = (values, f) => values[f.blockId]?.[f.actionId]?.value ?? '';
const date: Read = (values, f) => values[f.blockId]?.[f.actionId]?.selected_date ?? '';
const selected: Read = (values, f) => values[f.blockId]?.[f.actionId]?.selected_option?.value ?? '';

// The private_metadata of modals arbot opened (adapters/slack/form-modal.ts): exactly the subject, nothing else,
// and for a promise or dispute opened from a customer's reply, the reply (`rp`, which the submission then closes).
const id = dbIdText;
const invoiceMeta = z.strictObject({ i: id });
const fromReplyMeta = z.strictObject({ i: id, rp: id.optional() });
const noteMeta = z.union([z.strictObject({ i: id }), z.strictObject({ d: id })]);

export interface ModalForm {
  readonly meta: z.ZodType<Record<string, string>>;
  /** Where a refusal is shown (Slack shows errors under a field, so each form names the one its refusals concern). */
  readonly errorField: Field;
  /** Each answer's name for the core (src/chat/inputs.ts), where it sits, and how it is read. */
  readonly answers: readonly (readonly [InputId, Field, Read])[];
}

const p = modalInputs.promise;
const h = modalInputs.hold;
const d = modalInputs.dispute;
const n = modalInputs.note.note;
const r = modalInputs.refuse.reason;
const rc = modalInputs.refuseChange.reason;
const a = modalInputs.answerReply.body;
const w = feeModalInputs.waive.reason;

const ch = creditModalInputs.holdReason;
const cl = creditModalInputs.limitAmount;
const pl = planModalInputs;
const planAnswers = [[inputIds.planCount, pl.count, selected], [inputIds.planFirstDate, pl.firstDate, date], [inputIds.planInterval, pl.interval, selected]] as const;

/** Every modal arbot opens, by callback id. */
export const modalForms: Readonly<Record<string, ModalForm>> = {
  [formIds.promise]: { meta: fromReplyMeta, errorField: p.date, answers: [[inputIds.promiseDate, p.date, date], [inputIds.promiseAmount, p.amount, text], [inputIds.promiseNote, p.note, text]] },
  [formIds.hold]: { meta: invoiceMeta, errorField: h.until, answers: [[inputIds.holdUntil, h.until, date], [inputIds.holdReason, h.reason, text]] },
  [formIds.dispute]: { meta: fromReplyMeta, errorField: d.reason, answers: [[inputIds.disputeReason, d.reason, selected], [inputIds.disputeComment, d.comment, text]] },
  [formIds.note]: { meta: noteMeta, errorField: n, answers: [[inputIds.note, n, text]] },
  [formIds.refuse]: { meta: z.strictObject({ e: id }), errorField: r, answers: [[inputIds.refuseReason, r, text]] },
  [formIds.refuseChange]: { meta: z.strictObject({ r: id }), errorField: rc, answers: [[inputIds.refuseReason, rc, text]] },
  [formIds.answerReply]: { meta: z.strictObject({ rp: id }), errorField: a, answers: [[inputIds.replyBody, a, text]] },
  [formIds.waiveFees]: { meta: z.strictObject({ cu: id }), errorField: w, answers: [[inputIds.waiveReason, w, text]] },
  [formIds.creditHold]: { meta: z.strictObject({ a: id }), errorField: ch, answers: [[inputIds.creditHoldReason, ch, text]] },
  [formIds.creditLimit]: { meta: z.strictObject({ a: id }), errorField: cl, answers: [[inputIds.creditLimitAmount, cl, text]] },
  [formIds.refusePlan]: { meta: z.strictObject({ a: id }), errorField: pl.refuseReason, answers: [[inputIds.planRefuseReason, pl.refuseReason, text]] },
  [formIds.offerPlan]: { meta: invoiceMeta, errorField: pl.count, answers: planAnswers },
  [formIds.replan]: { meta: z.strictObject({ a: id }), errorField: pl.count, answers: planAnswers },
  [formIds.proposePlan]: { meta: z.strictObject({ a: id }), errorField: pl.count, answers: [...planAnswers, [inputIds.planProposalNote, pl.proposalNote, text]] },
  [formIds.refuseFees]: { meta: z.strictObject({ cu: id }), errorField: feeModalInputs.refuse.reason, answers: [[inputIds.feeRefuseReason, feeModalInputs.refuse.reason, text]] },
  [formIds.customerCreditLimit]: {
    meta: z.strictObject({ cu: id }), errorField: customerCreditModalInputs.amount,
    answers: [[inputIds.creditLimitAmount, customerCreditModalInputs.amount, text], [inputIds.creditLimitCurrency, customerCreditModalInputs.currency, text]],
  },
  [formIds.refuseBankChange]: {
    meta: z.strictObject({ bc: id }), errorField: bankChangeModalInputs.refuseReason,
    answers: [[inputIds.bankChangeRefuseReason, bankChangeModalInputs.refuseReason, text]],
  },
  [formIds.customerCreditHold]: {
    meta: z.strictObject({ cu: id }), errorField: customerCreditModalInputs.holdReason,
    answers: [[inputIds.creditHoldReason, customerCreditModalInputs.holdReason, text]],
  },
};

/** The subject (and reply) from the metadata and the answers under the core's names: what decodeAction reads. */
export function submittedData(form: ModalForm, meta: Record<string, string>, values: Values): Record<string, string> {
  return { ...meta, ...Object.fromEntries(form.answers.map(([name, f, read]) => [name, read(values, f)])) };
}

/**
 * What to say under an answer the core could not take. Slack's modals cap every text at the length the core
 * accepts (max_length), so past the reason picker only a forged submission gets here.
 */
export function answerError(form: ModalForm, name: InputId): { field: Field; message: string } {
  const field = form.answers.find(([n]) => n === name)?.[1] ?? form.errorField;
  const messages: Partial<Record<InputId, string>> = {
    [inputIds.disputeReason]: 'choose a reason',
    [inputIds.promiseDate]: 'pick the date the customer promised to pay',
    [inputIds.holdUntil]: 'pick a date from today on, or leave it empty',
    [inputIds.note]: 'a note needs 1 to 3000 characters',
    [inputIds.replyBody]: 'an answer needs 1 to 10000 characters',
    [inputIds.planCount]: 'choose the number of instalments',
    [inputIds.planFirstDate]: 'pick the date of the first instalment',
    [inputIds.planInterval]: 'choose monthly or every 14 days',
  };
  return { field, message: messages[name] ?? 'this answer is too long; shorten it and submit again' };
}
