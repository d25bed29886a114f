import mustache from 'mustache';
import { isCalendarDate } from '../../src/domain/calendar-date.js';
import { formatMoney } from '../../src/domain/money.js';
import type { ReminderEmailModel, ReminderInvoice, ReminderLateCharge } from '../../src/views/reminder-email-view.js';
import type { EmailTemplates } from './load-templates.js';
import type { HowToPay } from '../../src/domain/payment-methods/how-to-pay.js';
import type { CurrencyTotalView, HowToPayView, InvoiceLineView, LateChargeView, ReminderTemplateView } from './template-fields.js';
import { formattingLocale, pickTemplateLanguage } from './template-language.js';
import { escapeHtml } from '../html-escape.js';
import { legalBasisIn } from './legal-basis.js';

export type { ReminderEmailModel, ReminderInvoice } from '../../src/views/reminder-email-view.js';

/** EMAIL_MAX_ROWS when not configured: keeps the HTML far below Gmail's ~102 KB clipping. */
export const defaultMaxRows = 25;

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** Text parts are not HTML, so values go in as they are. */
const noEscape = (value: unknown): string => String(value);

export { escapeHtml };

/**
 * Renders one reminder email in the customer's language (English when none), with amounts and dates formatted
 * for the customer's locale. Customer and invoice text is HTML-escaped in `html` only. Pure: no I/O, no clock.
 * Throws RangeError on a model the engine should never produce (no invoice, unknown template, bad date).
 * @example
 * buildReminderEmail({ template: 'overdue', locale: 'fr', customerName: 'Acme', companyName: 'Finance',
 *   accountManager: null, escalationCopied: false, invoices: [{ number: 'F-1', clientReference: null,
 *   amountDueMinor: 123450n, currency: 'EUR', dueDate: '2026-03-31', daysOverdue: 3, payUrl: null,
 *   disputeUrl: 'https://ar.example/d/t' }] }, loadEmailTemplates()).subject
 * // "Rappel : facture F-1 en attente de règlement"
 */
export function buildReminderEmail(model: ReminderEmailModel, templates: EmailTemplates): RenderedEmail {
  const language = pickTemplateLanguage(model.locale, templates.languages);
  const source = templates.sources.get(`${language}/${model.template}`);
  if (!source) throw new RangeError(`no email template "${model.template}" (known: ${templates.names.join(', ')})`);
  const view = buildReminderView(model);
  const partials = templates.partials.get(language) ?? { text: {}, html: {} };
  return {
    subject: mustache.render(source.subject, view, {}, { escape: noEscape }).replace(/\s+/g, ' ').trim(),
    text: mustache.render(source.text, view, partials.text, { escape: noEscape }),
    html: mustache.render(source.html, view, partials.html, { escape: escapeHtml }),
  };
}

const formatsByLocale = new Map<string, { dates: Intl.DateTimeFormat; plural: Intl.PluralRules; list: Intl.ListFormat }>();

/** Intl objects are costly to build and cheap to use: one pair per locale for every email of a tick. */
function localeFormats(locale: string) {
  let f = formatsByLocale.get(locale);
  if (!f) {
    f = {
      dates: new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }),
      plural: new Intl.PluralRules(locale),
      list: new Intl.ListFormat(locale, { type: 'conjunction' }),
    };
    formatsByLocale.set(locale, f);
  }
  return f;
}

/**
 * Formats the model into the values templates print: money via formatMoney, dates as the calendar date in the
 * customer's locale (formatted in UTC, so the day never shifts), one total per currency.
 * @example buildReminderView(model).invoices[0].dueDate // "31 mars 2026" for locale "fr"
 */
export function buildReminderView(model: ReminderEmailModel): ReminderTemplateView {
  if (model.invoices.length === 0) throw new RangeError('a reminder email lists at least one invoice');
  const maxRows = model.maxRows ?? defaultMaxRows;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRows must be a whole number ≥ 1, not ${maxRows}`);
  const locale = formattingLocale(model.locale);
  const { dates, plural, list } = localeFormats(locale);
  const isPlural = (n: number) => plural.select(n) !== 'one';
  const ordered = [...model.invoices].sort(listingOrder);
  const first = ordered[0]!;
  const shown = ordered.slice(0, maxRows);
  const more = ordered.slice(maxRows);

  const invoices = shown.map((inv): InvoiceLineView => {
    if (!isCalendarDate(inv.dueDate)) throw new RangeError(`invoice ${inv.number}: due date "${inv.dueDate}" is not YYYY-MM-DD`);
    const daysOverdue = Math.max(0, inv.daysOverdue);
    const daysUntilDue = Math.max(0, -inv.daysOverdue);
    return {
      number: inv.number,
      clientReference: nonEmpty(inv.clientReference),
      amountDue: formatMoney(inv.amountDueMinor, inv.currency, locale),
      currency: inv.currency,
      dueDate: dates.format(new Date(`${inv.dueDate}T00:00:00Z`)),
      daysOverdue,
      daysOverduePlural: isPlural(daysOverdue),
      isOverdue: daysOverdue > 0,
      isDueToday: inv.daysOverdue === 0,
      daysUntilDue,
      daysUntilDuePlural: isPlural(daysUntilDue),
      payUrl: webLink(inv.payUrl),
      disputeUrl: inv.disputeUrl,
      ...earlyPaymentView(inv, locale, dates),
    };
  });

  const totals = sumByCurrency(ordered, locale);
  for (const inv of more) {
    if (!isCalendarDate(inv.dueDate)) throw new RangeError(`invoice ${inv.number}: due date "${inv.dueDate}" is not YYYY-MM-DD`);
  }

  return {
    customerName: model.customerName,
    companyName: model.companyName,
    accountManagerName: nonEmpty(model.accountManager?.name ?? null),
    accountManagerEmail: nonEmpty(model.accountManager?.email ?? null),
    escalationCopied: model.escalationCopied,
    previousEmailDate: model.previousEmailDate && isCalendarDate(model.previousEmailDate)
      ? dates.format(new Date(`${model.previousEmailDate}T00:00:00Z`)) : null,
    invoiceCount: ordered.length,
    singleInvoice: ordered.length === 1,
    multipleInvoices: ordered.length > 1,
    firstInvoiceNumber: first.number,
    firstDueDate: invoices[0]!.dueDate,
    invoices,
    shownCount: invoices.length,
    hasMore: more.length > 0,
    moreCount: more.length,
    morePlural: isPlural(more.length),
    moreTotal: list.format(sumByCurrency(more, locale).map((t) => t.amount)),
    statementUrl: model.statementUrl ? webLink(model.statementUrl) : null,
    portalUrl: model.portalUrl ? webLink(model.portalUrl) : null,
    totals,
    lateCharges: lateChargeViews(model.lateCharges ?? [], locale),
    hasLateCharges: (model.lateCharges ?? []).length > 0,
    howToPay: (model.howToPay ?? []).map((h) => howToPayView(h, locale, dates)),
  };
}

/** Each claimed charge on its own line, in the customer's locale: compensation and interest, their sum, the legal basis. */
function lateChargeViews(charges: readonly ReminderLateCharge[], locale: string): LateChargeView[] {
  return [...charges].sort((a, b) => (a.invoiceNumber < b.invoiceNumber ? -1 : a.invoiceNumber > b.invoiceNumber ? 1 : 0)).map((c) => ({
    number: c.invoiceNumber,
    compensation: c.compensationMinor > 0n ? formatMoney(c.compensationMinor, c.currency, locale) : null,
    interest: formatMoney(c.interestMinor, c.currency, locale),
    total: formatMoney(c.compensationMinor + c.interestMinor, c.currency, locale),
    legalBasis: legalBasisIn(c.legalBasis, pickTemplateLanguage(locale, ['en', 'fr'])),
  }));
}

type EarlyPaymentView = Pick<InvoiceLineView, 'earlyPayment' | 'discountedAmount' | 'discountAmount' | 'discountEndsOn'>;

function earlyPaymentView(inv: ReminderInvoice, locale: string, dates: Intl.DateTimeFormat): EarlyPaymentView {
  const e = inv.earlyPayment;
  if (!e) return { earlyPayment: false, discountedAmount: null, discountAmount: null, discountEndsOn: null };
  if (!isCalendarDate(e.endsOn)) throw new RangeError(`invoice ${inv.number}: discount end "${e.endsOn}" is not YYYY-MM-DD`);
  return {
    earlyPayment: true,
    discountedAmount: formatMoney(e.payMinor, inv.currency, locale),
    discountAmount: formatMoney(e.discountMinor, inv.currency, locale),
    discountEndsOn: dates.format(new Date(`${e.endsOn}T00:00:00Z`)),
  };
}

/**
 * "How to pay" as the partial `_how_to_pay` prints it: the card limit as money, the change date in the customer's
 * locale. Shared by the statement page (blocks/statement-page.ts), so the portal says exactly what the emails say.
 * @example howToPayView(eur, 'fr', dates).changedOn // "1 décembre 2026"
 */
export function howToPayView(h: HowToPay, locale: string, dates: Intl.DateTimeFormat = localeFormats(formattingLocale(locale)).dates): HowToPayView {
  return {
    currency: h.currency, accountName: h.accountName, iban: h.iban, bic: h.bic, sortCode: h.sortCode,
    routingNumber: h.routingNumber, accountNumber: h.accountNumber, reference: h.reference, referencePerInvoice: h.referencePerInvoice, wire: h.wire,
    directDebitUrl: h.directDebitUrl === null ? null : webLink(h.directDebitUrl), card: h.card,
    cardMax: h.cardMaxMinor === null ? null : formatMoney(h.cardMaxMinor, h.currency, formattingLocale(locale)),
    changedOn: h.changedOn === null ? null : dates.format(new Date(`${h.changedOn}T00:00:00Z`)),
    phoneToConfirm: h.phoneToConfirm,
    phoneTel: h.phoneToConfirm.replace(/[^0-9+]/g, ''),
  };
}

/** Oldest due date first, then the largest amount, then the invoice number, so the order never depends on input. */
function listingOrder(a: ReminderInvoice, b: ReminderInvoice): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  if (a.amountDueMinor !== b.amountDueMinor) return a.amountDueMinor > b.amountDueMinor ? -1 : 1;
  return a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
}

/** One total per currency, in the order currencies first appear; never added across currencies. */
function sumByCurrency(invoices: readonly ReminderInvoice[], locale: string): CurrencyTotalView[] {
  const sums = new Map<string, bigint>();
  for (const inv of invoices) sums.set(inv.currency, (sums.get(inv.currency) ?? 0n) + inv.amountDueMinor);
  return [...sums].map(([currency, minor]) => ({ currency, amount: formatMoney(minor, currency, locale) }));
}

function nonEmpty(text: string | null): string | null {
  return text === null || text.trim() === '' ? null : text;
}

// An ERP-supplied pay link ends up in an href: anything but http(s) (javascript:, data:) is left out.
function webLink(url: string | null): string | null {
  return url !== null && /^https?:\/\//i.test(url.trim()) ? url.trim() : null;
}
