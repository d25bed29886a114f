import type { EmailTemplates } from '../../blocks/email/load-templates.js';
import { buildReminderEmail } from '../../blocks/email/reminder-email.js';
import { dateInZone, daysBetween, type CalendarDate } from '../domain/calendar-date.js';
import { disputeLinkExpiresAt, disputeUrl, signDisputeToken, type LinkSecret } from '../domain/dispute-link.js';
import type { SendingEmail } from '../ports/cadence-store.js';
import type { OutgoingEmail } from '../ports/email-sender.js';

export interface RendererOptions {
  readonly templates: EmailTemplates;
  readonly from: { readonly email: string; readonly name: string };
  readonly publicBaseUrl: string;
  readonly linkSecret: LinkSecret;
  readonly linkTtlDays: number;
}

/**
 * Turns a claimed reminder into the message a provider sends: the customer's language, a signed dispute link per
 * invoice, reply-to the account manager, and `arbot_email_id` so tracking events find their way back.
 */
export function createReminderRenderer(o: RendererOptions): (email: SendingEmail, now: Date) => OutgoingEmail {
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
  return (email, now) => {
    const today = todayIn(now, email.timezone);
    const expiresAt = disputeLinkExpiresAt(now, o.linkTtlDays);
    const rendered = buildReminderEmail({
      template: email.template,
      locale: email.locale,
      customerName: email.customerName,
      companyName: o.from.name,
      accountManager: email.replyTo ? { name: email.accountManagerName, email: email.replyTo } : null,
      escalationCopied: email.cc.length > 0,
      invoices: email.invoices.map((i) => ({
        number: i.number, clientReference: i.clientReference, amountDueMinor: i.amountDueMinor, currency: i.currency,
        dueDate: i.dueDate, daysOverdue: daysBetween(i.dueDate, today), payUrl: i.payUrl,
        disputeUrl: disputeUrl(o.publicBaseUrl, signDisputeToken({ invoiceId: i.invoiceId, expiresAt }, o.linkSecret)),
      })),
    }, o.templates);
    return {
      from: o.from, to: email.to, cc: email.cc, replyTo: email.replyTo,
      subject: rendered.subject, text: rendered.text, html: rendered.html,
      customArgs: { arbot_email_id: email.id.toString(), arbot_step: email.stepKey, arbot_policy: email.policy },
      categories: ['arbot', `arbot-${email.stepKey}`],
    };
  };
}
