import type { types } from '@slack/bolt';
import { customerCommentMaxLength, customerDisputeReasonLabels, customerDisputeReasons } from '../../src/domain/customer-dispute.js';
import { isCalendarDate } from '../../src/domain/calendar-date.js';
import type { FormPrefill } from '../../src/chat/interaction.js';
import { type ApprovalFacts, type InvoiceFacts } from '../../src/views/alert-view.js';
import { formIds } from '../../src/views/control-ids.js';
import { blockKitLimits, contextBlock, option, plainText, sectionBlock, type KnownBlock, type ModalView } from './block-kit.js';
import { stepLabel } from './invoice-text.js';
import { escapeMrkdwn } from './mrkdwn.js';
import { backOffSurrogate } from '../wording/plain-text.js';

/**
 * Where each answer sits in a submission: `view.state.values[blockId][actionId]`. These ids are a contract with
 * the view_submission handlers (and with modals already open in someone's Slack when arbot is redeployed), so
 * they never change.
 */
export const modalInputs = {
  promise: {
    date: { blockId: 'arbot.promise_date', actionId: 'date' },
    amount: { blockId: 'arbot.promise_amount', actionId: 'amount' },
    note: { blockId: 'arbot.promise_note', actionId: 'note' },
  },
  hold: {
    until: { blockId: 'arbot.hold_until', actionId: 'until' },
    reason: { blockId: 'arbot.hold_reason', actionId: 'reason' },
  },
  dispute: {
    reason: { blockId: 'arbot.dispute_reason', actionId: 'reason' },
    comment: { blockId: 'arbot.dispute_comment', actionId: 'comment' },
  },
  note: {
    note: { blockId: 'arbot.note_text', actionId: 'note' },
  },
  refuse: {
    reason: { blockId: 'arbot.refuse_reason', actionId: 'reason' },
  },
  refuseChange: {
    reason: { blockId: 'arbot.change_refuse_reason', actionId: 'reason' },
  },
  answerReply: {
    body: { blockId: 'arbot.reply_body', actionId: 'body' },
  },
} as const;

interface InputId { readonly blockId: string; readonly actionId: string }

type Form = keyof typeof formIds;

export function modal(form: Form, title: string, submit: string, privateMetadata: string, blocks: KnownBlock[]): ModalView {
  // The handler needs the metadata whole (it names the subject); a cut one would point at the wrong row.
  if (privateMetadata.length > blockKitLimits.privateMetadata) {
    throw new Error(`private_metadata of ${privateMetadata.length} characters exceeds Slack's ${blockKitLimits.privateMetadata}`);
  }
  return {
    type: 'modal',
    callback_id: formIds[form],
    title: plainText(title, blockKitLimits.viewTitle),
    submit: plainText(submit, blockKitLimits.viewButton),
    close: plainText('Cancel', blockKitLimits.viewButton),
    private_metadata: privateMetadata,
    blocks,
  };
}

export function input(id: InputId, label: string, element: types.InputBlockElement, opts: { optional?: boolean; hint?: string } = {}): KnownBlock {
  return {
    type: 'input',
    block_id: id.blockId,
    label: plainText(label, blockKitLimits.inputLabel),
    element: { ...element, action_id: id.actionId } as types.InputBlockElement,
    optional: opts.optional ?? false,
    ...(opts.hint === undefined ? {} : { hint: plainText(opts.hint, blockKitLimits.inputHint) }),
  };
}

export const textInput = (maxLength: number, multiline: boolean, placeholder?: string, initial?: string | null): types.PlainTextInput => ({
  type: 'plain_text_input',
  multiline,
  max_length: maxLength,
  // Slack refuses an initial value longer than max_length: a pre-filled text is cut to it.
  ...(initial ? { initial_value: initial.length <= maxLength ? initial : initial.slice(0, backOffSurrogate(initial, maxLength)) } : {}),
  ...(placeholder === undefined ? {} : { placeholder: plainText(placeholder, blockKitLimits.placeholder) }),
});

const datepicker = (placeholder: string, initial?: string | null): types.Datepicker => ({
  type: 'datepicker',
  placeholder: plainText(placeholder, blockKitLimits.placeholder),
  // Slack refuses an initial_date that is not YYYY-MM-DD: anything else leaves the picker empty.
  ...(initial && isCalendarDate(initial) ? { initial_date: initial } : {}),
});

/** Above a form pre-filled from a customer's reply: what was read is a proposal, for the person to check. */
const prefilledNote = (prefill: FormPrefill | null): KnownBlock[] =>
  (prefill === null ? [] : [contextBlock([':inbox_tray: Filled in from what the customer\'s reply seems to say: check it before saving.'])]);

/** The invoice the form is about, on top of it. */
const invoiceSummary = (invoice: InvoiceFacts) => sectionBlock(
  `*${escapeMrkdwn(invoice.customerName)}* · invoice *${escapeMrkdwn(invoice.number)}* · ${escapeMrkdwn(invoice.amountDue)} due on ${escapeMrkdwn(invoice.dueDate)}`);

/**
 * Log a promise to pay: the date, the amount (empty: all of it) and a note; `prefill` (from a customer's reply)
 * starts them as what was read in it.
 */
export function buildPromiseModal(invoice: InvoiceFacts, privateMetadata: string, prefill: FormPrefill | null = null): ModalView {
  const f = modalInputs.promise;
  return modal('promise', 'Promise to pay', 'Save promise', privateMetadata, [
    invoiceSummary(invoice),
    ...prefilledNote(prefill),
    input(f.date, 'Pays by', datepicker('Pick the promised date', prefill?.promiseDate)),
    input(f.amount, `Amount (${invoice.currency})`, textInput(40, false, 'e.g. 1250.00', prefill?.promiseAmount), {
      optional: true,
      hint: `In ${invoice.currency}, with a "." for decimals. Leave empty for the whole ${invoice.amountDue} due.`,
    }),
    input(f.note, 'Note', textInput(3000, true, 'Who promised, how, anything agreed', prefill?.comment), { optional: true }),
  ]);
}

/** Pause the reminders of an invoice until a date, with a reason for the audit trail. */
export function buildHoldModal(invoice: InvoiceFacts, privateMetadata: string): ModalView {
  const f = modalInputs.hold;
  return modal('hold', 'Pause reminders', 'Pause', privateMetadata, [
    invoiceSummary(invoice),
    input(f.until, 'Pause until', datepicker('Reminders resume after this date')),
    input(f.reason, 'Reason', textInput(500, true, 'Why the reminders should wait')),
  ]);
}

/** Open a dispute on an invoice: one of the dispute page's reasons, and a comment; `prefill` as for a promise. */
export function buildDisputeModal(invoice: InvoiceFacts, privateMetadata: string, prefill: FormPrefill | null = null): ModalView {
  const f = modalInputs.dispute;
  const options = customerDisputeReasons.map((r) => option(customerDisputeReasonLabels[r], r));
  const reason = prefill?.disputeReason ?? null;
  const select: types.StaticSelect = {
    type: 'static_select',
    placeholder: plainText('Choose a reason', blockKitLimits.placeholder),
    options,
    // Slack wants the very option object among the options.
    ...(reason === null ? {} : { initial_option: options[customerDisputeReasons.indexOf(reason)]! }),
  };
  return modal('dispute', 'Open a dispute', 'Open dispute', privateMetadata, [
    invoiceSummary(invoice),
    ...prefilledNote(prefill),
    input(f.reason, 'Reason', select),
    input(f.comment, 'Comment', textInput(customerCommentMaxLength, true, 'What the customer says, what is needed', prefill?.comment), { optional: true }),
  ]);
}

/** Add a note to an invoice or a dispute (`subject` is shown as given, escaped: "Acme · INV-7"). */
export function buildNoteModal(subject: string, privateMetadata: string): ModalView {
  return modal('note', 'Add a note', 'Add note', privateMetadata, [
    sectionBlock(`Note on *${escapeMrkdwn(subject)}*. It goes to the thread and the audit trail.`),
    input(modalInputs.note.note, 'Note', textInput(3000, true)),
  ]);
}

/** Refuse an approval-gated step: the reason is required and shown on the message. */
export function buildRefuseModal(approval: ApprovalFacts, privateMetadata: string): ModalView {
  return modal('refuse', 'Refuse the reminder', 'Refuse', privateMetadata, [
    sectionBlock(`The *${stepLabel(approval.step)}* reminder to *${escapeMrkdwn(approval.customerName)}* will not be sent.`),
    input(modalInputs.refuse.reason, 'Reason', textInput(1000, true, 'Why it should not go out')),
  ]);
}

/** Refuse a change waiting for a finance approver: the reason is required, audited and shown on the message. */
export function buildRefuseChangeModal(what: string, customerName: string, privateMetadata: string): ModalView {
  return modal('refuseChange', 'Refuse the request', 'Refuse', privateMetadata, [
    sectionBlock(`*${escapeMrkdwn(customerName)}*: the request to ${escapeMrkdwn(what)} will not take effect.`),
    input(modalInputs.refuseChange.reason, 'Reason', textInput(1000, true, 'Why collection should go on')),
  ]);
}
