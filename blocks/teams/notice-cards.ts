import type { OwnerRef } from '../../src/views/alert-view.js';
import { adaptiveCard, factSet, headerBlock, textBlock, type CardElement, type TeamsCard } from './adaptive-card.js';
import { quoteBox } from './dispute-cards.js';
import { stepLabel } from './invoice-text.js';
import type { Mentions } from './mentions.js';
import { bold, escapeTeamsMarkdown } from './teams-markdown.js';

// Alerts that need a person to look at something outside arbot (a mailbox, the ERP): what happened and what to
// do, no buttons.

const card = (body: CardElement[], summary: string, mentions: Mentions): TeamsCard =>
  ({ card: adaptiveCard(body, { fallbackText: summary, mentions: mentions.entities }), summary });

export function buildEmailBouncedCard(a: { customerName: string; address: string; reason: string; owner: OwnerRef | null }, mentions: Mentions, notice: CardElement[]): TeamsCard {
  return card([
    ...notice,
    headerBlock(`✉️ Email bounced: ${escapeTeamsMarkdown(a.customerName)}`),
    textBlock(`${mentions.name(a.owner)}: a reminder to ${bold(a.customerName)} bounced at ${escapeTeamsMarkdown(a.address)}:`),
    quoteBox(a.reason, 1000),
    textBlock('**What to do:** ask the customer for a working billing address, correct it in the ERP and import it again. Reminders to this contact stay paused until then.'),
  ], `Email bounced: ${a.customerName}, ${a.address}`, mentions);
}

export function buildEmailProblemCard(
  a: { problem: 'failed' | 'in_doubt'; customerName: string; step: string; reason: string; owner: OwnerRef | null }, mentions: Mentions, notice: CardElement[],
): TeamsCard {
  const failed = a.problem === 'failed';
  const what = failed
    ? `the **${stepLabel(a.step)}** reminder to ${bold(a.customerName)} could not be sent`
    : `arbot cannot tell whether the **${stepLabel(a.step)}** reminder to ${bold(a.customerName)} went out`;
  const todo = failed
    ? '**What to do:** check the reason above (address, provider account, template), fix it, and contact the customer yourself if the reminder matters now.'
    : "**What to do:** look for it in the email provider's activity log. If it was not delivered, contact the customer yourself: arbot will not resend it, so nobody gets the same reminder twice.";
  return card([
    ...notice,
    headerBlock(`${failed ? '❌ Email not sent' : '❔ Email in doubt'}: ${escapeTeamsMarkdown(a.customerName)}`),
    textBlock(`${mentions.name(a.owner)}: ${what}:`),
    quoteBox(a.reason, 1000),
    textBlock(todo),
  ], `${failed ? 'Email failed' : 'Email in doubt'}: ${a.customerName}, ${a.step.replace(/_/g, ' ')} reminder`, mentions);
}

export function buildPaymentUnmatchedCard(
  a: { paymentExternalId: string; customerName: string; amount: string; receivedDate: string; reference: string | null; reason: string }, mentions: Mentions, notice: CardElement[],
): TeamsCard {
  return card([
    ...notice,
    headerBlock(`🔍 Unmatched payment: ${escapeTeamsMarkdown(a.amount)} from ${escapeTeamsMarkdown(a.customerName)}`),
    factSet([
      ['Customer', escapeTeamsMarkdown(a.customerName)],
      ['Amount', escapeTeamsMarkdown(a.amount)],
      ['Received', escapeTeamsMarkdown(a.receivedDate)],
      ['Payment', escapeTeamsMarkdown(a.paymentExternalId)],
      ['Reference', a.reference === null || a.reference === '' ? 'none' : escapeTeamsMarkdown(a.reference)],
      ['Why it was not matched', escapeTeamsMarkdown(a.reason)],
    ]),
    textBlock('**What to do:** find the invoice it pays, set the invoice number on the payment in the ERP and import it again: arbot retries every unallocated payment on import.'),
  ], `Unmatched payment: ${a.amount} from ${a.customerName}, received ${a.receivedDate}`, mentions);
}
