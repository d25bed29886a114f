import type { OwnerRef } from '../../src/views/alert-view.js';
import { blockKitLimits, fieldsBlock, headerBlock, sectionBlock, type SlackMessage } from './block-kit.js';
import { quoteText } from './dispute-alerts.js';
import { stepLabel } from './invoice-text.js';
import { escapeMrkdwn, mention, truncate } from './mrkdwn.js';

// Alerts that need a person to look at something outside arbot (a mailbox, the ERP): what happened and what to
// do, no buttons.

const fallback = (text: string) => truncate(text, blockKitLimits.fallbackText);

/** A reminder bounced: reminders to that contact stop until the address is fixed. */
export function buildEmailBouncedAlert(a: { customerName: string; address: string; reason: string; owner: OwnerRef | null }): SlackMessage {
  return {
    text: fallback(`Email bounced: ${escapeMrkdwn(a.customerName)}, ${escapeMrkdwn(a.address)}`),
    blocks: [
      headerBlock(`:envelope: Email bounced: ${a.customerName}`),
      sectionBlock(`${mention(a.owner)}: a reminder to *${escapeMrkdwn(a.customerName)}* bounced at ${escapeMrkdwn(a.address)}:\n${quoteText(a.reason, 1000)}`),
      sectionBlock('*What to do:* ask the customer for a working billing address, correct it in the ERP and import it again. Reminders to this contact stay paused until then.'),
    ],
  };
}

/**
 * A reminder failed (refused by the provider, or retries used up: it was not sent) or is in doubt (arbot cannot
 * tell whether the provider accepted it, so it is never resent automatically: a customer is not reminded twice).
 */
export function buildEmailProblemAlert(a: { problem: 'failed' | 'in_doubt'; customerName: string; step: string; reason: string; owner: OwnerRef | null }): SlackMessage {
  const failed = a.problem === 'failed';
  const what = failed
    ? `the *${stepLabel(a.step)}* reminder to *${escapeMrkdwn(a.customerName)}* could not be sent`
    : `arbot cannot tell whether the *${stepLabel(a.step)}* reminder to *${escapeMrkdwn(a.customerName)}* went out`;
  const todo = failed
    ? '*What to do:* check the reason above (address, provider account, template), fix it, and contact the customer yourself if the reminder matters now.'
    : "*What to do:* look for it in the email provider's activity log. If it was not delivered, contact the customer yourself: arbot will not resend it, so nobody gets the same reminder twice.";
  return {
    text: fallback(`${failed ? 'Email failed' : 'Email in doubt'}: ${escapeMrkdwn(a.customerName)}, ${stepLabel(a.step)} reminder`),
    blocks: [
      headerBlock(`${failed ? ':x: Email not sent' : ':grey_question: Email in doubt'}: ${a.customerName}`),
      sectionBlock(`${mention(a.owner)}: ${what}:\n${quoteText(a.reason, 1000)}`),
      sectionBlock(todo),
    ],
  };
}

/** A payment arbot could not allocate to an invoice: for finance to match by hand. */
export function buildPaymentUnmatchedAlert(a: {
  paymentExternalId: string; customerName: string; amount: string; receivedDate: string; reference: string | null; reason: string;
}): SlackMessage {
  return {
    text: fallback(`Unmatched payment: ${escapeMrkdwn(a.amount)} from ${escapeMrkdwn(a.customerName)}, received ${escapeMrkdwn(a.receivedDate)}`),
    blocks: [
      headerBlock(`:mag: Unmatched payment: ${a.amount} from ${a.customerName}`),
      fieldsBlock([
        `*Customer*\n${escapeMrkdwn(a.customerName)}`,
        `*Amount*\n${escapeMrkdwn(a.amount)}`,
        `*Received*\n${escapeMrkdwn(a.receivedDate)}`,
        `*Payment*\n${escapeMrkdwn(a.paymentExternalId)}`,
        `*Reference*\n${a.reference === null || a.reference === '' ? 'none' : escapeMrkdwn(a.reference)}`,
        `*Why it was not matched*\n${escapeMrkdwn(a.reason)}`,
      ]),
      sectionBlock('*What to do:* find the invoice it pays, set the invoice number on the payment in the ERP and import it again: arbot retries every unallocated payment on import.'),
    ],
  };
}
