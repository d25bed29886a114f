import { statementCustomArgs } from '../domain/sendgrid-events.js';
import { dateInZone, daysBetween } from '../domain/calendar-date.js';
import { disputeLinkExpiresAt, disputeUrl, signDisputeToken } from '../domain/dispute-link.js';
import { distinctRecipients } from '../domain/email-recipients.js';
import { buildHowToPay, cardAllowed, type PaymentDetailsInForce } from '../domain/payment-methods/how-to-pay.js';
import { portalLinkExpiresAt, portalUrl, signPortalToken } from '../domain/portal-link.js';
import type { LinkSecret } from '../domain/signed-id-token.js';
import { signStatementToken, statementUrl } from '../domain/statement-link.js';
import type { CustomerStatementStore } from '../ports/customer-statement.js';
import type { EmailSender } from '../ports/email-sender.js';
import type { RenderReminder } from '../ports/reminder-templates.js';
import type { StatementEmailStore } from '../ports/statement-emails.js';

export interface SendStatementDeps {
  readonly store: StatementEmailStore;
  readonly statements: CustomerStatementStore;
  readonly sender: EmailSender;
  /** The email templates: the statement is the `statement` template, rendered like a reminder. */
  readonly render: RenderReminder;
  readonly from: { readonly email: string; readonly name: string };
  readonly publicBaseUrl: string;
  readonly linkSecret: LinkSecret;
  readonly disputeLinkTtlDays: number;
  readonly portalLinkTtlDays: number;
  /** The payment details in force ("How to pay", as in reminders); absent: none shown, every pay link kept. */
  readonly payments?: {
    readonly detailsOf: () => Promise<(currency: string) => PaymentDetailsInForce | null>;
    /** BANK_CHANGE_NOTICE_DAYS. */
    readonly noticeDays: number;
  };
}

export type SendStatementOutcome =
  | { readonly outcome: 'sent'; readonly statementEmailId: bigint; readonly customerName: string; readonly recipients: number; readonly invoices: number }
  | { readonly outcome: 'unknown_customer' }
  | { readonly outcome: 'nothing_open'; readonly customerName: string }
  | { readonly outcome: 'no_recipient'; readonly customerName: string }
  | {
    readonly outcome: 'failed'; readonly customerName: string; readonly reason: string;
    /** The provider may have accepted it (a timeout mid-request): never resent automatically. */
    readonly inDoubt?: true;
  };

/** Invoices listed in full before "and N more" (then the statement page lists them all); Gmail clips longer emails. */
const maxRows = 100;

/**
 * Emails a customer's billing contacts (not suppressed, as reminders) a statement of every invoice open as of
 * `asOf`, with pay and dispute links and the customer's portal link, in their language. Sent at once through the
 * reminders' sender and recorded (who, when, to how many, outcome) in statement_emails: never a cadence reminder,
 * so no step is claimed and no gap counts it.
 */
export async function sendStatement(
  deps: SendStatementDeps,
  req: {
    readonly customer: { externalId: string } | { customerId: bigint }; readonly requestedBy: string; readonly asOf: Date;
    /** The monthly statement of the customer's segment for this month (YYYY-MM): recorded as kind monthly. */
    readonly monthly?: { readonly month: string };
  },
): Promise<SendStatementOutcome> {
  const customer = await deps.store.findCustomer(req.customer);
  if (!customer) return { outcome: 'unknown_customer' };
  const statement = await deps.statements.findStatement(customer.customerId, req.asOf);
  if (!statement || statement.invoices.length === 0) return { outcome: 'nothing_open', customerName: customer.name };
  const { to } = distinctRecipients([...customer.to], []);
  if (to.length === 0) return { outcome: 'no_recipient', customerName: customer.name };
  const today = dateInZone(req.asOf, customer.timezone);
  const expiresAt = disputeLinkExpiresAt(req.asOf, deps.disputeLinkTtlDays);
  const payment = deps.payments ? await deps.payments.detailsOf() : () => null;
  // Claimed late-payment charges in no reminder: stated here as a reminder states them (the `_late_charges` partial),
  // so a customer the reminder schedule no longer reaches is still told (issue 19 review).
  const charges = await deps.store.claimedCharges(customer.customerId);
  // A card payment (the invoice's pay link) only where the currency accepts card, under its limit (as in reminders).
  const payUrlOf = (i: { currency: string; dueMinor: bigint; payUrl: string | null }) => (cardAllowed(payment(i.currency)?.methods, i.dueMinor) ? i.payUrl : null);
  const rendered = deps.render({
    template: 'statement', locale: customer.locale, customerName: customer.name, companyName: deps.from.name,
    accountManager: customer.accountManager, escalationCopied: false, maxRows,
    lateCharges: charges.map(({ feeDecisionId: _id, ...line }) => line),
    statementUrl: statementUrl(deps.publicBaseUrl, signStatementToken({ customerId: customer.customerId, expiresAt }, deps.linkSecret)),
    portalUrl: portalUrl(deps.publicBaseUrl, signPortalToken({
      customerId: customer.customerId, keyVersion: customer.portalKeyVersion, expiresAt: portalLinkExpiresAt(req.asOf, deps.portalLinkTtlDays),
    }, deps.linkSecret)),
    invoices: statement.invoices.map((i) => ({
      number: i.number, clientReference: i.clientReference, amountDueMinor: i.dueMinor, currency: i.currency, dueDate: i.dueDate,
      daysOverdue: daysBetween(i.dueDate, today), payUrl: payUrlOf(i),
      disputeUrl: disputeUrl(deps.publicBaseUrl, signDisputeToken({ invoiceId: i.invoiceId, expiresAt }, deps.linkSecret)),
    })),
    howToPay: deps.payments === undefined ? [] : buildHowToPay(
      statement.invoices.map((i) => ({ number: i.number, currency: i.currency, amountDueMinor: i.dueMinor, payUrl: payUrlOf(i) })),
      payment, req.asOf, deps.payments.noticeDays, customer.timezone,
    ),
  });
  const result = await deps.sender.send({
    from: deps.from, to, cc: [], replyTo: customer.accountManager?.email ?? null,
    subject: rendered.subject, text: rendered.text, html: rendered.html,
    customArgs: statementCustomArgs(customer.customerId, req.asOf), categories: ['arbot-statement'],
  });
  const outcome = result.outcome === 'sent'
    ? { status: 'sent' as const, provider: result.provider, messageId: result.messageId }
    : { status: 'failed' as const, reason: result.reason, ...(result.outcome === 'unknown' ? { inDoubt: true as const } : {}) };
  const id = await deps.store.record({ customerId: customer.customerId, requestedBy: req.requestedBy, asOf: req.asOf, to, invoiceCount: statement.invoices.length, outcome,
    chargeIds: charges.map((c) => c.feeDecisionId),
    ...(req.monthly ? { monthly: req.monthly } : {}),
  });
  if (outcome.status === 'failed') {
    return { outcome: 'failed', customerName: customer.name, reason: outcome.reason, ...(result.outcome === 'unknown' ? { inDoubt: true as const } : {}) };
  }
  return { outcome: 'sent', statementEmailId: id, customerName: customer.name, recipients: to.length, invoices: statement.invoices.length };
}
