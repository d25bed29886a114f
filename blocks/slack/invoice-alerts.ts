import {
  creditNoteHeader, creditNoteSummary, creditNoteText, creditNoteTodo, customerReasonLabel, deliveryAsk, deliveryHeader, deliverySummary,
  incompleteHeader, incompleteSummary, incompleteText, incompleteTodo, missingItems, overdueHeader, overdueSummary, overdueText,
  promiseBrokenHeader, promiseBrokenSummary, promiseBrokenText, customerPromiseHeader, customerPromiseSummary, customerPromiseText,
} from '../wording/invoice-alert-wording.js';
import { invoiceControls } from '../../src/views/card-controls.js';
import { type DisputeFacts, type InvoiceFacts, type MissingInvoiceField, type OwnerRef } from '../../src/views/alert-view.js';
import { actionIds } from '../../src/views/control-ids.js';
import { invoiceValue } from './action-value.js';
import {
  actionsBlock, blockKitLimits, button, fieldsBlock, headerBlock, literalTextBlock, sectionBlock,
  type KnownBlock, type SlackMessage,
} from './block-kit.js';
import { disputeControls } from './dispute-alerts.js';
import { invoiceFields } from './invoice-text.js';
import { mention, mrkdwnMarks as md, plainTextMarks as plain, truncate } from './mrkdwn.js';

// The invoice alerts in Block Kit: the shared wording (blocks/wording/invoice-alert-wording.ts) in mrkdwn, the
// headers in plain_text, and Slack's buttons.

const fallback = (text: string) => truncate(text, blockKitLimits.fallbackText);

/** The invoice's controls (src/views/card-controls.ts) as Slack buttons, each carrying the invoice. */
export function invoiceActions(invoice: InvoiceFacts): KnownBlock {
  const value = invoiceValue(invoice.invoiceId);
  return actionsBlock(invoiceControls(invoice).map((c) => button({ text: c.label, actionId: c.id, value, ...(c.style ? { style: c.style } : {}) })), 'arbot.invoice_actions');
}

/** An invoice just became overdue (or arrived overdue): to the sales owner's channel. */
export function buildOverdueAlert(invoice: InvoiceFacts, owner: OwnerRef | null): SlackMessage {
  const blocks: KnownBlock[] = [
    headerBlock(overdueHeader(invoice, plain)),
    sectionBlock(overdueText(invoice, mention(owner), md)),
    fieldsBlock(invoiceFields(invoice)),
    invoiceActions(invoice),
  ];
  return { text: fallback(overdueSummary(invoice, md)), blocks };
}

/**
 * To the delivery owner of an invoice past the delivery threshold or with a delivery-related dispute. Only such a
 * dispute makes it a "blocker"; otherwise it asks whether anything blocks payment. A dispute brings its claim and
 * status controls along.
 */
export function buildDeliveryBlockerAlert(invoice: InvoiceFacts, owner: OwnerRef | null, dispute: DisputeFacts | null): SlackMessage {
  const value = invoiceValue(invoice.invoiceId);
  const blocks: KnownBlock[] = [
    headerBlock(deliveryHeader(invoice, dispute, plain)),
    sectionBlock(`${mention(owner)}: ${deliveryAsk(invoice, dispute, md)}`),
    ...(dispute === null ? [] : [literalTextBlock(dispute.reason, { label: customerReasonLabel })]),
    fieldsBlock(invoiceFields(invoice)),
    ...(dispute === null
      ? [actionsBlock([
        button({ text: 'Open a dispute', actionId: actionIds.openDispute, value }),
        button({ text: 'Add a note', actionId: actionIds.addNote, value }),
      ], 'arbot.invoice_actions')]
      : disputeControls(dispute)),
  ];
  return { text: fallback(deliverySummary(invoice, dispute, md)), blocks };
}

/** A promise to pay passed its date (plus grace) unpaid: the promise no longer pauses the reminders. */
export function buildPromiseBrokenAlert(invoice: InvoiceFacts, promisedDate: string, owner: OwnerRef | null): SlackMessage {
  const blocks: KnownBlock[] = [
    headerBlock(promiseBrokenHeader(invoice, plain)),
    sectionBlock(promiseBrokenText(invoice, promisedDate, mention(owner), md)),
    fieldsBlock(invoiceFields(invoice)),
    invoiceActions(invoice),
  ];
  return { text: fallback(promiseBrokenSummary(invoice, promisedDate, md)), blocks };
}

/** The customer promised to pay on the portal: to the sales owner, with the invoice's controls. */
export function buildCustomerPromiseAlert(invoice: InvoiceFacts, numbers: readonly string[], amount: string, promisedDate: string, owner: OwnerRef | null): SlackMessage {
  const blocks: KnownBlock[] = [
    headerBlock(customerPromiseHeader(invoice, plain)),
    sectionBlock(customerPromiseText(invoice, numbers, amount, promisedDate, mention(owner), md)),
    fieldsBlock(invoiceFields(invoice)),
    invoiceActions(invoice),
  ];
  return { text: fallback(customerPromiseSummary(invoice, amount, promisedDate, md)), blocks };
}

/**
 * A credit note was announced (dispute closed as credit_note_issued) and has not reached the ledger: the invoice's
 * reminders are paused meanwhile, so finance must issue it (or the dispute must be reopened).
 */
export function buildCreditNoteAwaitedAlert(invoice: InvoiceFacts, owner: OwnerRef | null): SlackMessage {
  const blocks: KnownBlock[] = [
    headerBlock(creditNoteHeader(invoice, plain)),
    sectionBlock(creditNoteText(invoice, mention(owner), md)),
    sectionBlock(creditNoteTodo(md)),
    fieldsBlock(invoiceFields(invoice)),
    actionsBlock([button({ text: 'Add a note', actionId: actionIds.addNote, value: invoiceValue(invoice.invoiceId) })], 'arbot.invoice_actions'),
  ];
  return { text: fallback(creditNoteSummary(invoice, md)), blocks };
}

/** An invoice lacks what the customer needs to pay it, flagged to the sales owner before the first reminder. */
export function buildIncompleteInvoiceAlert(invoice: InvoiceFacts, missing: readonly MissingInvoiceField[], owner: OwnerRef | null): SlackMessage {
  const value = invoiceValue(invoice.invoiceId);
  const blocks: KnownBlock[] = [
    headerBlock(incompleteHeader(invoice, plain)),
    sectionBlock(`${incompleteText(invoice, mention(owner), md)}\n${missingItems(missing).join('\n')}`),
    sectionBlock(incompleteTodo(md)),
    fieldsBlock(invoiceFields(invoice)),
    actionsBlock([
      button({ text: 'Pause reminders', actionId: actionIds.pauseReminders, value }),
      button({ text: 'Add a note', actionId: actionIds.addNote, value }),
    ], 'arbot.invoice_actions'),
  ];
  return { text: fallback(incompleteSummary(invoice, missing, md)), blocks };
}
