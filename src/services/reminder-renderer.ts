import { randomBytes } from 'node:crypto';
import { dateInZone, daysBetween, type CalendarDate } from '../domain/calendar-date.js';
import { disputeLinkExpiresAt, disputeUrl, signDisputeToken, type LinkSecret } from '../domain/dispute-link.js';
import { buildMessageId, messageIdDomain } from '../domain/email-message-id.js';
import { distinctRecipients } from '../domain/email-recipients.js';
import { buildHowToPay, cardAllowed, defaultBankChangeNoticeDays, type PaymentDetailsInForce } from '../domain/payment-methods/how-to-pay.js';
import { replyAddress, replyTokenTtlDays, signReplyToken } from '../domain/reply-address.js';
import { reminderCategories, reminderCustomArgs } from '../domain/sendgrid-limits.js';
import { signStatementToken, statementUrl } from '../domain/statement-link.js';
import type { PlannedInvoice, SendingEmail } from '../ports/cadence-store.js';
import { openEarlyPaymentOffer } from '../domain/fees/early-payment-discount.js';
import type { ReminderInvoice } from '../views/reminder-email-view.js';
import { portalLinkExpiresAt, portalUrl, signPortalToken } from '../domain/portal-link.js';
import type { OutgoingEmail } from '../ports/email-sender.js';
import type { RenderReminder } from '../ports/reminder-templates.js';

export interface RendererOptions {
  /** The email templates (blocks/email in production). */
  readonly renderReminder: RenderReminder;
  readonly from: { readonly email: string; readonly name: string };
  readonly publicBaseUrl: string;
  readonly linkSecret: LinkSecret;
  readonly linkTtlDays: number;
  /** EMAIL_MAX_ROWS: invoices listed before "and N more"; the templates' default (25) when absent. */
  readonly maxRows?: number;
  /** INBOUND_DOMAIN: replies go to r+<token>@ this domain, where arbot reads them; unset, to the account manager. */
  readonly inboundDomain?: string | undefined;
  /** BANK_CHANGE_NOTICE_DAYS: how long after an approved change of bank details emails warn customers (default 60). */
  readonly bankChangeNoticeDays?: number;
  /** PORTAL_LINK_TTL_DAYS: how long the portal link of each reminder works (default 90). */
  readonly portalLinkTtlDays?: number;
}

/** The early-payment offer open on the customer's `today` for what the reminder says is due (none without terms). */
function earlyPaymentFor(i: PlannedInvoice, today: CalendarDate): ReminderInvoice['earlyPayment'] {
  const t = i.discountTerms;
  if (!t) return null;
  return openEarlyPaymentOffer({ amountMinor: t.amountMinor, issueDate: t.issueDate, remainingMinor: i.amountDueMinor }, t, today);
}
/**
 * The payment details in force per currency (src/services/payment-methods.ts paymentDetailsLookup); a renderer
 * given none shows no "How to pay" and every pay link, as before payment methods existed.
 */
export type PaymentDetailsOf = (currency: string) => PaymentDetailsInForce | null;
const noPaymentDetails: PaymentDetailsOf = () => null;

/** A reminder to render: an email being sent, or one planned but never claimed (a test batch), so no id yet. */
export type ReminderToRender = Omit<SendingEmail, 'id' | 'attempts'>;

/** What the customer reads and who it is addressed to: every address once, subject and bodies with signed links. */
export type ReminderContent = Pick<OutgoingEmail, 'to' | 'cc' | 'subject' | 'text' | 'html'>;

/**
 * The words of a reminder, as the customer reads them: the customer's language, a signed dispute link per invoice
 * and one to the customer's statement, each address once across To and Cc. Nothing here depends on the email's id,
 * so a test batch renders exactly what the tick will send at the same instant.
 */
export function createReminderContentRenderer(o: RendererOptions): (email: ReminderToRender, now: Date, payment?: PaymentDetailsOf) => ReminderContent {
  // A tick renders every email at one `now`, in a handful of time zones: each zone's day is worked out once.
  let daysAt = NaN;
  const days = new Map<string, CalendarDate>();
  const todayIn = (now: Date, zone: string): CalendarDate => {
    if (now.getTime() !== daysAt) {
      days.clear();
      daysAt = now.getTime();
    }
    let day = days.get(zone);
    if (day === undefined) {
      day = dateInZone(now, zone);
      days.set(zone, day);
    }
    return day;
  };
  return (email, now, payment = noPaymentDetails) => {
    const today = todayIn(now, email.timezone);
    // A card payment (the invoice's pay link) only where the currency accepts card, under its limit.
    const payUrlOf = (i: ReminderToRender['invoices'][number]) => (cardAllowed(payment(i.currency)?.methods, i.amountDueMinor) ? i.payUrl : null);
    const expiresAt = disputeLinkExpiresAt(now, o.linkTtlDays);
    // Cc never repeats a To address (an escalation contact who is also a billing contact gets it once, in To).
    const { to, cc } = distinctRecipients(email.to, email.cc);
    const rendered = o.renderReminder({
      template: email.template,
      locale: email.locale,
      customerName: email.customerName,
      companyName: o.from.name,
      accountManager: email.replyTo ? { name: email.accountManagerName, email: email.replyTo } : null,
      escalationCopied: cc.length > 0,
      previousEmailDate: email.previousSentAt ? dateInZone(email.previousSentAt, email.timezone) : null,
      maxRows: o.maxRows,
      lateCharges: email.lateCharges ?? [],
      statementUrl: statementUrl(o.publicBaseUrl, signStatementToken({ customerId: email.customerId, expiresAt }, o.linkSecret)),
      portalUrl: email.portalKeyVersion === undefined ? null : portalUrl(o.publicBaseUrl, signPortalToken({
        customerId: email.customerId, keyVersion: email.portalKeyVersion, expiresAt: portalLinkExpiresAt(now, o.portalLinkTtlDays ?? 90),
      }, o.linkSecret)),
      invoices: email.invoices.map((i) => ({
        number: i.number, clientReference: i.clientReference, amountDueMinor: i.amountDueMinor, currency: i.currency,
        dueDate: i.dueDate, daysOverdue: daysBetween(i.dueDate, today), payUrl: payUrlOf(i),
        disputeUrl: disputeUrl(o.publicBaseUrl, signDisputeToken({ invoiceId: i.invoiceId, expiresAt }, o.linkSecret)),
        earlyPayment: earlyPaymentFor(i, today),
      })),
      howToPay: buildHowToPay(
        email.invoices.map((i) => ({ number: i.number, currency: i.currency, amountDueMinor: i.amountDueMinor, payUrl: webPayUrl(payUrlOf(i)) })),
        payment, now, o.bankChangeNoticeDays ?? defaultBankChangeNoticeDays, email.timezone,
      ),
    });
    return { to, cc, subject: rendered.subject, text: rendered.text, html: rendered.html };
  };
}

/**
 * Turns a claimed reminder into the message a provider sends: its content (createReminderContentRenderer), reply-to
 * the account manager (or, with an inbound domain, an address that names this email, so arbot reads the reply; the
 * template still names the account manager), our own Message-ID for threading, and `arbot_email_id` so tracking
 * events find their way back.
 */
export function createReminderRenderer(o: RendererOptions): (email: SendingEmail, now: Date, payment?: PaymentDetailsOf) => OutgoingEmail {
  const content = createReminderContentRenderer(o);
  return (email, now, payment) => {
    const { to, cc, subject, text, html } = content(email, now, payment);
    const replyTo = o.inboundDomain
      ? replyAddress(o.inboundDomain, signReplyToken(email.id, new Date(now.getTime() + replyTokenTtlDays * 86_400_000), o.linkSecret))
      : email.replyTo;
    return {
      from: o.from, to, cc, replyTo,
      messageId: buildMessageId(email.id, randomBytes(8).toString('hex'), messageIdDomain(o.inboundDomain, o.from.email)),
      subject, text, html,
      customArgs: reminderCustomArgs(email.id, email.stepKey, email.policy),
      categories: reminderCategories(email.stepKey),
    };
  };
}

// The templates drop a pay link that is not http(s) (blocks/email); card is said to be accepted only where one shows.
const webPayUrl = (url: string | null) => (url !== null && /^https?:\/\//i.test(url.trim()) ? url : null);
