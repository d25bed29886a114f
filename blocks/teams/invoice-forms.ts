import { customerCommentMaxLength, customerDisputeReasonLabels, customerDisputeReasons } from '../../src/domain/customer-dispute.js';
import type { InvoiceFacts } from '../../src/views/alert-view.js';
import { inputIds, teamsVerbs } from './action-data.js';
import { dateInput, execute, showCard, teamsCardLimits, textInput, type InputChoiceSet, type ShowCardAction } from './adaptive-card.js';

// Slack's modals become small forms that unfold on the card (Action.ShowCard), each submitted by one
// Action.Execute whose data names the subject; Teams merges the inputs' values into that data. Labels and
// placeholders are plain text in Adaptive Cards (never parsed as markdown), so data in them needs no escaping.

const invoiceData = (invoice: InvoiceFacts) => ({ i: invoice.invoiceId });

/** Log a promise to pay: the date, the amount (empty: all of it) and a note. */
export function promiseForm(invoice: InvoiceFacts): ShowCardAction {
  return showCard('Log a promise to pay', [
    dateInput(inputIds.promiseDate, 'Pays by', 'Pick the date the customer promised to pay'),
    textInput(inputIds.promiseAmount, `Amount (${invoice.currency})`, { maxLength: 40, placeholder: `Empty: the whole ${invoice.amountDue} due` }),
    textInput(inputIds.promiseNote, 'Note', { maxLength: 3000, multiline: true, placeholder: 'Who promised, how, anything agreed' }),
  ], execute('Save promise', teamsVerbs.logPromise, invoiceData(invoice), 'positive'));
}

/** Pause the reminders of an invoice until a date (empty: until released), with a reason. */
export function holdForm(invoice: InvoiceFacts): ShowCardAction {
  return showCard('Pause reminders', [
    dateInput(inputIds.holdUntil, 'Pause until (empty: until released)'),
    textInput(inputIds.holdReason, 'Reason', { maxLength: 500, multiline: true, required: 'Say why the reminders should wait' }),
  ], execute('Pause', teamsVerbs.pauseReminders, invoiceData(invoice)));
}

/** Open a dispute: one of the dispute page's reasons, and a comment. */
export function disputeForm(invoice: InvoiceFacts): ShowCardAction {
  const reason: InputChoiceSet = {
    type: 'Input.ChoiceSet',
    id: inputIds.disputeReason,
    label: 'Reason',
    style: 'compact',
    isRequired: true,
    errorMessage: 'Choose a reason',
    choices: customerDisputeReasons.map((r) => ({ title: customerDisputeReasonLabels[r], value: r })),
  };
  return showCard('Open a dispute', [
    reason,
    textInput(inputIds.disputeComment, 'Comment', { maxLength: customerCommentMaxLength, multiline: true, placeholder: 'What the customer says, what is needed' }),
  ], execute('Open dispute', teamsVerbs.openDispute, invoiceData(invoice)));
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
};
