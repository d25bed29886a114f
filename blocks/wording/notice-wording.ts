import type { Fact } from './invoice-wording.js';
import { stepWords } from './invoice-wording.js';
import type { Marks } from './marks.js';

// Alerts that need a person to look at something outside arbot (a mailbox, the ERP): what happened and what to
// do. `who` is the owner as the surface names them (a mention, already marked up). Sentences that end with a
// colon come before the reason, which each surface quotes its own way.

export interface EmailBounced { readonly customerName: string; readonly address: string; readonly reason: string }
export interface EmailProblem {
  readonly problem: 'failed' | 'in_doubt'; readonly customerName: string; readonly step: string; readonly reason: string;
  /** An email in doubt found sent after all; unset or null while the doubt stands. */
  readonly resolved?: EmailResolution | null;
}

/**
 * How a doubt ended: `provider` (its late answer accepted the email) or the SendGrid event that proved delivery
 * (delivered, open, click), on the date in the company's zone.
 */
export interface EmailResolution { readonly how: string; readonly on: string }

const resolvedWords: Readonly<Record<string, string>> = {
  provider: 'the email provider accepted it after all',
  delivered: 'SendGrid reported it delivered',
  open: 'SendGrid reported it opened',
  click: 'SendGrid reported a click in it',
};
export interface PaymentUnmatched {
  readonly paymentExternalId: string; readonly customerName: string; readonly amount: string;
  readonly receivedDate: string; readonly reference: string | null; readonly reason: string;
}

export const bouncedHeader = (a: EmailBounced, m: Marks): string => `${m.icon('envelope')} Email bounced: ${m.esc(a.customerName)}`;

export const bouncedText = (a: EmailBounced, who: string, m: Marks): string =>
  `${who}: a reminder to ${m.bold(a.customerName)} bounced at ${m.esc(a.address)}:`;

export const bouncedTodo = (m: Marks): string =>
  `${m.bold('What to do:')} ask the customer for a working billing address, correct it in the ERP and import it again. Reminders to this contact stay paused until then.`;

export const bouncedSummary = (a: EmailBounced, m: Marks): string => `Email bounced: ${m.esc(a.customerName)}, ${m.esc(a.address)}`;

export const problemHeader = (a: EmailProblem, m: Marks): string => (a.resolved
  ? `${m.icon('white_check_mark')} Email sent after all: ${m.esc(a.customerName)}`
  : `${a.problem === 'failed' ? `${m.icon('x')} Email not sent` : `${m.icon('grey_question')} Email in doubt`}: ${m.esc(a.customerName)}`);

/**
 * A reminder failed (refused by the provider, or retries used up: it was not sent) or is in doubt (arbot cannot
 * tell whether the provider accepted it, so it is never resent automatically: a customer is not reminded twice).
 */
export function problemText(a: EmailProblem, who: string, m: Marks): string {
  const step = m.bold(stepWords(a.step));
  const what = a.problem === 'failed'
    ? `the ${step} reminder to ${m.bold(a.customerName)} could not be sent`
    : `arbot ${a.resolved ? 'could not' : 'cannot'} tell whether the ${step} reminder to ${m.bold(a.customerName)} went out`;
  return `${who}: ${what}:`;
}

/** The resolution in place of what to do: the doubt is over, and the card says how (its to-do no longer applies). */
export const problemTodo = (a: EmailProblem, m: Marks): string => (a.resolved
  ? `${m.icon('white_check_mark')} ${m.bold('Resolved:')} ${resolvedWords[a.resolved.how] ?? m.esc(a.resolved.how)} on ${m.esc(a.resolved.on)}. The reminder counts as sent; nothing to do.`
  : a.problem === 'failed'
  ? `${m.bold('What to do:')} check the reason above (address, provider account, template), fix it, and contact the customer yourself if the reminder matters now.`
  : `${m.bold('What to do:')} look for it in the email provider's activity log. If it was not delivered, contact the customer yourself: arbot will not resend it, so nobody gets the same reminder twice.`);

export const problemSummary = (a: EmailProblem, m: Marks): string =>
  `${a.resolved ? 'Email sent after all' : a.problem === 'failed' ? 'Email failed' : 'Email in doubt'}: ${m.esc(a.customerName)}, ${m.esc(stepWords(a.step))} reminder`;

export const unmatchedHeader = (a: PaymentUnmatched, m: Marks): string =>
  `${m.icon('mag')} Unmatched payment: ${m.esc(a.amount)} from ${m.esc(a.customerName)}`;

export const unmatchedFacts = (a: PaymentUnmatched, m: Marks): Fact[] => [
  { label: 'Customer', value: m.esc(a.customerName) },
  { label: 'Amount', value: m.esc(a.amount) },
  { label: 'Received', value: m.esc(a.receivedDate) },
  { label: 'Payment', value: m.esc(a.paymentExternalId) },
  { label: 'Reference', value: a.reference === null || a.reference === '' ? 'none' : m.esc(a.reference) },
  { label: 'Why it was not matched', value: m.esc(a.reason) },
];

export const unmatchedTodo = (m: Marks): string =>
  `${m.bold('What to do:')} find the invoice it pays, set the invoice number on the payment in the ERP and import it again: arbot retries every unallocated payment on import.`;

export const unmatchedSummary = (a: PaymentUnmatched, m: Marks): string =>
  `Unmatched payment: ${m.esc(a.amount)} from ${m.esc(a.customerName)}, received ${m.esc(a.receivedDate)}`;
