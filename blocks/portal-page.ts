import { daysBetween } from '../src/domain/calendar-date.js';
import { formatMoney } from '../src/domain/money.js';
import { buildHowToPay, cardAllowed, defaultBankChangeNoticeDays, type PaymentDetailsInForce } from '../src/domain/payment-methods/how-to-pay.js';
import type { PlanRefusalFacts } from '../src/domain/plans/validate-plan.js';
import type { PortalPromiseRefusal } from '../src/domain/portal-promise.js';
import type { CustomerPortal, PortalInvoice } from '../src/ports/customer-portal.js';
import { howToPayView } from './email/reminder-email.js';
import { formattingLocale } from './email/template-language.js';
import { pageLanguage, renderCustomerPage } from './pages/customer-page.js';
import { planProposalView, type PortalProposalInput } from './portal-plan-proposal.js';

/** A portal form's problem: a promise refusal (with its bound) or the plan request's. */
export type PortalFormError =
  | PortalPromiseRefusal
  | { readonly code: 'count_invalid'; readonly max: number }
  | { readonly code: 'plan_too_long'; readonly latest: string }
  | { readonly code: 'note_too_long' }
  | { readonly code: 'plan_refused'; readonly refused: string; readonly facts: PlanRefusalFacts };

/** The plan form's bounds, from the plan policy: 2 to `maxCount` monthly payments, the first from `firstMin` to `firstMax`. */
export interface PlanFormBounds {
  readonly maxCount: number;
  readonly firstMin: string;
  readonly firstMax: string;
}

export interface PortalPageInput extends PortalProposalInput {
  readonly portal: CustomerPortal;
  /** The customer's day: "overdue" and the promise form's bounds. */
  readonly today: string;
  readonly latestPromiseDate: string;
  readonly csrf: string;
  /** Paths the forms post to (same origin): /p/<token>/promise and, with a plan port, /p/<token>/plan. */
  readonly promiseAction: string;
  readonly planAction: string | null;
  /** With planAction: what the plan form offers. */
  readonly planBounds?: PlanFormBounds | null;
  readonly disputeUrl: (invoiceId: bigint) => string;
  /** After a refused form: what the customer sent, and why it was refused. */
  readonly form?: {
    readonly which: 'promise' | 'plan';
    readonly invoiceIds: readonly string[];
    readonly date?: string;
    readonly amount?: string;
    readonly count?: string;
    readonly firstDate?: string;
    readonly note?: string;
    readonly error: PortalFormError;
  };
  /**
   * The payment details in force per currency, for "How to pay" (as on the statement page: the account, the reference
   * to write) and the card rule of each pay link; absent: no "How to pay", every pay link kept.
   */
  readonly paymentDetails?: (currency: string) => PaymentDetailsInForce | null;
  /** With paymentDetails: the instant the page is drawn and BANK_CHANGE_NOTICE_DAYS (whether a change is announced). */
  readonly now?: Date;
  readonly bankChangeNoticeDays?: number;
  /** After a promise was recorded, or a plan request taken. */
  readonly done?: { readonly kind: 'promised'; readonly amountMinor: bigint; readonly currency: string; readonly date: string; readonly numbers: readonly string[] }
    | { readonly kind: 'plan_requested'; readonly numbers: readonly string[] };
}

/** Longest plan note the page takes. */
export const planNoteMaxLength = 2000;

/** Only http(s) links from the ERP end up in an href. */
const webLink = (url: string | null) => (url !== null && /^https?:\/\//i.test(url.trim()) ? url.trim() : null);

/**
 * The customer portal: open invoices per currency (amount due, due date, state, pay, proof-of-delivery and dispute
 * links, the total), a promise-to-pay form and, when plans are on, a plan request form. Pure; no script.
 * @example renderPortalPage({ portal, today: '2026-03-20', latestPromiseDate: '2026-05-19', csrf, promiseAction: '/p/t/promise', planAction: null, disputeUrl })
 */
export function renderPortalPage(i: PortalPageInput): string {
  const locale = formattingLocale(i.portal.locale);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const plural = new Intl.PluralRules(locale);
  const day = (d: string) => dates.format(new Date(`${d}T00:00:00Z`));
  const money = (minor: bigint, currency: string) => formatMoney(minor, currency, locale);
  const byCurrency = new Map<string, PortalInvoice[]>();
  for (const inv of i.portal.invoices) byCurrency.set(inv.currency, [...(byCurrency.get(inv.currency) ?? []), inv]);
  const chosen = new Set(i.form?.invoiceIds ?? []);
  // An invoice in an active, requested or proposed plan follows that plan: neither the promise form nor the plan
  // request form offers it (the services refuse it too), and with none left the plan form is not shown.
  const promisable = i.portal.invoices.filter((inv) => !inv.inPlan && !inv.planRequested);
  const planAction = promisable.length > 0 ? i.planAction : null;
  const choices = (which: 'promise' | 'plan') => promisable.map((inv) => ({
    value: inv.invoiceId.toString(), choiceId: `${which}-invoice-${inv.invoiceId}`, number: inv.number,
    amountDue: money(inv.dueMinor, inv.currency), dueDate: day(inv.dueDate),
    checked: i.form?.which === which && chosen.has(inv.invoiceId.toString()),
  }));
  const err = i.form?.error;
  const bounds = planAction ? i.planBounds ?? null : null;
  const planForm = i.form?.which === 'plan' ? i.form : null;
  // As on the statement page and in reminders: a pay link (card) only where the currency accepts card for that amount.
  const detailsOf = i.paymentDetails ?? (() => null);
  const payUrlOf = (inv: PortalInvoice) => {
    const url = webLink(inv.payUrl);
    return url !== null && cardAllowed(detailsOf(inv.currency)?.methods, inv.dueMinor) ? url : null;
  };
  const howToPay = i.paymentDetails === undefined || i.now === undefined ? [] : buildHowToPay(
    i.portal.invoices.map((inv) => ({ number: inv.number, currency: inv.currency, amountDueMinor: inv.dueMinor, payUrl: payUrlOf(inv) })),
    detailsOf, i.now, i.bankChangeNoticeDays ?? defaultBankChangeNoticeDays, i.portal.timezone,
  ).map((h) => howToPayView(h, i.portal.locale));
  const errorView = err ? [{
    [err.code]: true, anchor: anchorOf(err, i.form!.which),
    bound: 'earliest' in err ? day(err.earliest) : 'latest' in err ? day(err.latest) : 'maxMinor' in err ? money(err.maxMinor, err.currency)
      : 'max' in err ? String(err.max) : null,
    number: 'invoiceId' in err ? i.portal.invoices.find((inv) => inv.invoiceId === err.invoiceId)?.number ?? null : null,
    planRefusal: err.code === 'plan_refused' ? planRefusalView(err.refused, err.facts, day, money) : null,
  }] : [];
  return renderCustomerPage('portal', pageLanguage(i.portal.locale), {
    locale,
    customerName: i.portal.customerName,
    asOf: day(i.today),
    hasInvoices: i.portal.invoices.length > 0,
    currencies: [...byCurrency].map(([currency, invoices]) => ({
      currency,
      total: money(invoices.reduce((s, inv) => s + inv.dueMinor, 0n), currency),
      portalInvoices: invoices.map((inv) => {
        const daysOverdue = Math.max(0, daysBetween(inv.dueDate, i.today));
        return {
          number: inv.number, clientReference: inv.clientReference, amountDue: money(inv.dueMinor, inv.currency),
          dueDate: day(inv.dueDate), isOverdue: daysOverdue > 0, daysOverdue, daysOverduePlural: plural.select(daysOverdue) !== 'one',
          disputed: inv.disputed, inPlan: inv.inPlan, planPending: inv.planRequested, creditNoteAnnounced: inv.creditNoteAnnounced,
          hasPromise: inv.promise !== null, promiseOn: inv.promise ? day(inv.promise.date) : null,
          promiseAmount: inv.promise?.amountMinor != null ? money(inv.promise.amountMinor, inv.currency) : null,
          earlyPayment: inv.earlyPayment && {
            discountedAmount: money(inv.earlyPayment.payMinor, inv.currency), discountAmount: money(inv.earlyPayment.discountMinor, inv.currency),
            discountEndsOn: day(inv.earlyPayment.endsOn),
          },
          payUrl: payUrlOf(inv), proofUrl: webLink(inv.proofUrl), disputeUrl: i.disputeUrl(inv.invoiceId),
        };
      }),
    })),
    howToPay,
    csrf: i.csrf,
    promiseAction: i.promiseAction,
    promiseChoices: choices('promise'),
    hasPromiseChoices: promisable.length > 0,
    promiseLeavesPlanned: promisable.length < i.portal.invoices.length,
    promiseMinDate: i.today,
    promiseMaxDate: i.latestPromiseDate,
    promiseMinDateText: day(i.today),
    promiseMaxDateText: day(i.latestPromiseDate),
    promiseDate: i.form?.which === 'promise' ? i.form.date ?? '' : '',
    promiseAmount: i.form?.which === 'promise' ? i.form.amount ?? '' : '',
    planAction,
    planChoices: planAction ? choices('plan') : [],
    planCountOptions: bounds ? Array.from({ length: Math.max(0, bounds.maxCount - 1) }, (_, k) => ({
      countValue: String(k + 2), countSelected: String(k + 2) === (planForm?.count ?? ''),
    })) : [],
    planCountMax: bounds?.maxCount ?? 0,
    planFirstMin: bounds?.firstMin ?? '',
    planFirstMax: bounds?.firstMax ?? '',
    planFirstMinText: bounds ? day(bounds.firstMin) : '',
    planFirstMaxText: bounds ? day(bounds.firstMax) : '',
    planFirstDate: planForm?.firstDate ?? '',
    planNote: planForm?.note ?? '',
    planNoteMax: planNoteMaxLength,
    hasActivePlans: i.portal.plans.length > 0,
    activePlans: i.portal.plans.map((p) => ({
      planTotal: money(p.totalMinor, p.currency),
      planInvoices: p.invoiceNumbers.join(', '),
      planCount: p.instalments.length,
      instalments: p.instalments.map((x, k) => ({
        instalmentNo: k + 1, instalmentDate: day(x.dueDate), instalmentAmount: money(x.amountMinor, p.currency),
        instalmentPaid: x.remainingMinor === 0n, instalmentPartly: x.remainingMinor > 0n && x.remainingMinor < x.amountMinor,
        instalmentLeft: money(x.remainingMinor, p.currency),
      })),
    })),
    hasPortalErrors: errorView.length > 0,
    portalErrors: errorView,
    promised: i.done?.kind === 'promised'
      ? { promisedAmount: money(i.done.amountMinor, i.done.currency), promisedDate: day(i.done.date), promisedInvoices: i.done.numbers.join(', ') }
      : null,
    planRequested: i.done?.kind === 'plan_requested' ? { promisedInvoices: i.done.numbers.join(', ') } : null,
    ...planProposalView(i, locale, day),
  });
}

/** The plan service's refusals the page words itself (_portal_error), with the fact each needs; any other is said in general terms. */
const wordedPlanRefusals: Readonly<Record<string, keyof PlanRefusalFacts>> = {
  instalment_too_small: 'minMinor', already_in_plan: 'invoiceNumber', not_owed: 'invoiceNumber',
  too_many_instalments: 'max', too_long: 'latest', date_not_after_today: 'today',
};

/**
 * A plan service's refusal as the page words it, in the customer's language: its code as a flag, the facts it
 * states formatted (the English message is chat's and the log's, never the customer's).
 */
function planRefusalView(code: string, f: PlanRefusalFacts, day: (d: string) => string, money: (m: bigint, c: string) => string) {
  const needs = Object.hasOwn(wordedPlanRefusals, code) ? wordedPlanRefusals[code]! : null;
  const worded = needs !== null && f[needs] !== undefined && (code !== 'instalment_too_small' || (f.currency !== undefined && f.amountMinor !== undefined));
  return {
    [worded ? code : 'other']: true,
    invoiceNumber: f.invoiceNumber ?? null, instalmentNo: f.instalmentNo ?? null, max: f.max ?? null,
    amount: f.amountMinor !== undefined && f.currency ? money(f.amountMinor, f.currency) : null,
    min: f.minMinor !== undefined && f.currency ? money(f.minMinor, f.currency) : null,
    latest: f.latest ? day(f.latest) : null, today: f.today ? day(f.today) : null,
  };
}

/** The form field a problem is about, for the summary's link. */
function anchorOf(err: PortalFormError, which: 'promise' | 'plan'): string {
  switch (err.code) {
    case 'date_invalid': case 'date_too_early': case 'date_too_late': return which === 'plan' ? 'plan-first-date' : 'promise-date';
    case 'amount_invalid': case 'amount_too_high': return 'promise-amount';
    case 'count_invalid': case 'plan_too_long': return 'plan-count';
    case 'note_too_long': return 'plan-note';
    case 'plan_refused':
      return err.refused === 'already_in_plan' || err.refused === 'not_owed' ? 'plan-invoices' : err.refused === 'date_not_after_today' ? 'plan-first-date' : 'plan-count';
    default: return `${which}-invoices`;
  }
}
