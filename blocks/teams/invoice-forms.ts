import { customerCommentMaxLength, customerDisputeReasonLabels, customerDisputeReasons } from '../../src/domain/customer-dispute.js';
import type { FormPrefill } from '../../src/chat/interaction.js';
import type { InvoiceFacts } from '../../src/views/alert-view.js';
import { inputIds, teamsVerbs } from './action-data.js';
import {
  dateInput, execute, noteBlock, showCard, teamsCardLimits, textInput, type CardElement, type InputChoiceSet, type ShowCardAction,
} from './adaptive-card.js';
import { teamsMarks } from './teams-markdown.js';
import { offerPlanForm } from './plan-forms.js';

// Slack's modals become small forms that unfold on the card (Action.ShowCard), each submitted by one
// Action.Execute whose data names the subject; Teams merges the inputs' values into that data. Labels and
// placeholders are plain text in Adaptive Cards (never parsed as markdown), so data in them needs no escaping.

/**
 * A form opened from a customer's reply: its answers start as what was read in the reply, it says so, and its
 * submission names the reply too (`rp`), which the action then closes.
 */
export interface FromReply {
  readonly prefill: FormPrefill;
  /** The button's label (src/views/card-controls.ts: replyControls). */
  readonly title: string;
}

/** The subject a form's submission names: the invoice, and the reply it was opened from. */
const invoiceData = (invoice: InvoiceFacts, from: FromReply | null): Record<string, string> =>
  (from === null ? { i: invoice.invoiceId } : { i: invoice.invoiceId, rp: from.prefill.replyId });

/** Above a pre-filled form: what was read in a reply is a proposal, for the person to check before saving. */
const prefilledNote = (from: FromReply | null): CardElement[] =>
  (from === null ? [] : [noteBlock(`${teamsMarks.icon('inbox_tray')} Filled in from what the customer's reply seems to say: check it before saving.`)]);

/** Log a promise to pay: the date, the amount (empty: all of it) and a note; from a reply, date and amount pre-filled. */
export function promiseForm(invoice: InvoiceFacts, from: FromReply | null = null): ShowCardAction {
  const p = from?.prefill;
  return showCard(from?.title ?? 'Log a promise to pay', [
    ...prefilledNote(from),
    dateInput(inputIds.promiseDate, 'Pays by', 'Pick the date the customer promised to pay', p?.promiseDate),
    textInput(inputIds.promiseAmount, `Amount (${invoice.currency})`, { maxLength: 40, placeholder: `Empty: the whole ${invoice.amountDue} due`, value: p?.promiseAmount }),
    textInput(inputIds.promiseNote, 'Note', { maxLength: 3000, multiline: true, placeholder: 'Who promised, how, anything agreed' }),
  ], execute('Save promise', teamsVerbs.logPromise, invoiceData(invoice, from), 'positive'));
}

/** Pause the reminders of an invoice until a date (empty: until released), with a reason. */
export function holdForm(invoice: InvoiceFacts): ShowCardAction {
  return showCard('Pause reminders', [
    dateInput(inputIds.holdUntil, 'Pause until (empty: until released)'),
    textInput(inputIds.holdReason, 'Reason', { maxLength: 500, multiline: true, required: 'Say why the reminders should wait' }),
  ], execute('Pause', teamsVerbs.pauseReminders, invoiceData(invoice, null)));
}

/**
 * Open a dispute: one of the dispute page's reasons, and a comment; from a reply, the reason it suggested and the
 * words that suggested it. Input values are plain text (never markdown): the customer's words go in as written.
 */
export function disputeForm(invoice: InvoiceFacts, from: FromReply | null = null): ShowCardAction {
  const p = from?.prefill;
  const reason: InputChoiceSet = {
    type: 'Input.ChoiceSet',
    id: inputIds.disputeReason,
    label: 'Reason',
    style: 'compact',
    ...(p?.disputeReason ? { value: p.disputeReason } : {}),
    isRequired: true,
    errorMessage: 'Choose a reason',
    choices: customerDisputeReasons.map((r) => ({ title: customerDisputeReasonLabels[r], value: r })),
  };
  return showCard(from?.title ?? 'Open a dispute', [
    ...prefilledNote(from),
    reason,
    textInput(inputIds.disputeComment, 'Comment', {
      maxLength: customerCommentMaxLength, multiline: true, placeholder: 'What the customer says, what is needed', value: p?.comment,
    }),
  ], execute('Open dispute', teamsVerbs.openDispute, invoiceData(invoice, from)));
}

/** Add a note to an invoice ({"i"}) or a dispute ({"d"}): it goes to the audit trail and a reply. */
export function noteForm(subject: { i: string } | { d: string }): ShowCardAction {
  return showCard('Add a note', [
    textInput(inputIds.note, 'Note', { maxLength: teamsCardLimits.inputMaxLength, multiline: true, required: 'Write the note' }),
  ], execute('Add note', teamsVerbs.addNote, { ...subject }));
}

/** The invoice controls that ask for details, by control id, as their inline forms. */
export const invoiceForms: Readonly<Partial<Record<string, (invoice: InvoiceFacts) => ShowCardAction>>> = {
  [teamsVerbs.logPromise]: promiseForm,
  [teamsVerbs.pauseReminders]: holdForm,
  [teamsVerbs.openDispute]: disputeForm,
  [teamsVerbs.addNote]: (invoice) => noteForm({ i: invoice.invoiceId }),
  [teamsVerbs.offerPlan]: offerPlanForm,
};
