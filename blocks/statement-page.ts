import { daysBetween } from '../src/domain/calendar-date.js';
import { formatMoney } from '../src/domain/money.js';
import { buildHowToPay, cardAllowed, defaultBankChangeNoticeDays, type PaymentDetailsInForce } from '../src/domain/payment-methods/how-to-pay.js';
import type { CustomerStatement } from '../src/ports/customer-statement.js';
import { howToPayView } from './email/reminder-email.js';
import { formattingLocale } from './email/template-language.js';
import { pageLanguage, renderCustomerPage } from './pages/customer-page.js';

/**
 * The customer's statement page: every open invoice with its amount due, due date, pay link and dispute link, oldest
 * due first (then the largest amount), totals per currency first, in the customer's language. Pure: `today` and the
 * dispute link of each invoice are given.
 * @example renderStatementPage(statement, { today: '2026-03-31', disputeUrl: (id) => `https://ar.example/d/${sign(id)}` })
 */
export function renderStatementPage(
  s: CustomerStatement,
  o: {
    readonly today: string;
    readonly disputeUrl: (invoiceId: bigint) => string;
    /** The payment details in force per currency, for "How to pay"; absent: none shown, every pay link kept. */
    readonly paymentDetails?: (currency: string) => PaymentDetailsInForce | null;
    /** The instant the page is drawn and BANK_CHANGE_NOTICE_DAYS: whether a change of bank details is still announced. */
    readonly now?: Date;
    readonly bankChangeNoticeDays?: number;
  },
): string {
  const locale = formattingLocale(s.locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const plural = new Intl.PluralRules(locale);
  const day = (d: string) => dates.format(new Date(`${d}T00:00:00Z`));
  const invoices = [...s.invoices].sort((a, b) =>
    a.dueDate !== b.dueDate ? (a.dueDate < b.dueDate ? -1 : 1) : a.dueMinor !== b.dueMinor ? (a.dueMinor > b.dueMinor ? -1 : 1) : a.number < b.number ? -1 : 1);
  const detailsOf = o.paymentDetails ?? (() => null);
  // An ERP-supplied pay link ends up in an href: anything but http(s) is left out; card only under the currency's limit.
  const payUrlOf = (i: (typeof invoices)[number]) =>
    i.payUrl !== null && /^https?:\/\//i.test(i.payUrl.trim()) && cardAllowed(detailsOf(i.currency)?.methods, i.dueMinor) ? i.payUrl.trim() : null;
  const howToPay = o.now === undefined ? [] : buildHowToPay(
    invoices.map((i) => ({ number: i.number, currency: i.currency, amountDueMinor: i.dueMinor, payUrl: payUrlOf(i) })),
    detailsOf, o.now, o.bankChangeNoticeDays ?? defaultBankChangeNoticeDays, s.timezone,
  ).map((h) => howToPayView(h, s.locale));
  const sums = new Map<string, bigint>();
  for (const i of invoices) sums.set(i.currency, (sums.get(i.currency) ?? 0n) + i.dueMinor);
  return renderCustomerPage('statement', pageLanguage(s.locale), {
    locale,
    customerName: s.customerName,
    asOf: day(o.today),
    hasInvoices: invoices.length > 0,
    invoiceCount: invoices.length,
    invoicesPlural: plural.select(invoices.length) !== 'one',
    totals: [...sums].map(([currency, minor]) => ({ currency, amount: formatMoney(minor, currency, locale) })),
    howToPay,
    invoices: invoices.map((i) => {
      const daysOverdue = Math.max(0, daysBetween(i.dueDate, o.today));
      return {
        number: i.number, clientReference: i.clientReference, amountDue: formatMoney(i.dueMinor, i.currency, locale),
        dueDate: day(i.dueDate), isOverdue: daysOverdue > 0, daysOverdue, daysOverduePlural: plural.select(daysOverdue) !== 'one',
        underDispute: i.underDispute,
        payUrl: payUrlOf(i),
        disputeUrl: o.disputeUrl(i.invoiceId),
      };
    }),
  });
}
