import {
  customerCommentMaxLength,
  customerDisputeReasons,
  type DisputableInvoice,
} from '../src/domain/customer-dispute.js';
import { formatMoney } from '../src/domain/money.js';
import { escapeHtml } from './html-escape.js';
import { customerPageCsp, pageLanguage, renderCustomerPage } from './pages/customer-page.js';
import type { noticeKinds } from './pages/load-page-templates.js';

/**
 * The customer's dispute page, as HTML strings, in the customer's language (blocks/pages/templates/<lang>/, English
 * when there is none for it). Pure apart from the templates read at start: no clock, no other I/O. Every piece of
 * customer or invoice text is escaped by the templates.
 */

export { escapeHtml };

/** The page's Content-Security-Policy: nothing but its own inline style, forms only to itself, never framed. */
export const disputePageCsp = customerPageCsp;

/** Invoice facts formatted for the customer's locale; every field is still raw text, escaped when rendered. */
export interface DisputeInvoiceView {
  readonly locale: string;
  readonly customerName: string;
  readonly invoiceNumber: string;
  readonly clientReference: string | null;
  readonly poNumber: string | null;
  readonly amountDue: string;
  /** The invoice's total when part of it is already settled, else null. */
  readonly invoiceTotal: string | null;
  readonly dueDate: string;
}

/** A BCP 47 tag Intl accepts, else "en": a bad locale in the ledger must not break the page. */
function usableLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/**
 * Formats an invoice for the page: amounts with formatMoney and the due date in the customer's locale.
 * @example disputeInvoiceView({ ...inv, dueMinor: 123450n, currency: 'EUR', locale: 'fr' }).amountDue // "1 234,50 €"
 */
export function disputeInvoiceView(inv: DisputableInvoice): DisputeInvoiceView {
  const locale = usableLocale(inv.locale);
  const due = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${inv.dueDate}T00:00:00Z`));
  return {
    locale,
    customerName: inv.customerName,
    invoiceNumber: inv.number,
    clientReference: inv.clientReference,
    poNumber: inv.poNumber,
    amountDue: formatMoney(inv.dueMinor > 0n ? inv.dueMinor : 0n, inv.currency, locale),
    invoiceTotal: inv.dueMinor === inv.amountMinor ? null : formatMoney(inv.amountMinor, inv.currency, locale),
    dueDate: due,
  };
}

/** Errors by field: a code the page words in the customer's language, or a text shown as it is. */
export interface DisputeFormErrors {
  readonly reason?: DisputeFormErrorCode | string;
  readonly comment?: DisputeFormErrorCode | string;
}

/** The form's own errors, worded by the page template in the customer's language. */
export const disputeFormErrorCodes = ['reason_required', 'comment_required', 'comment_too_long'] as const;
export type DisputeFormErrorCode = (typeof disputeFormErrorCodes)[number];

export interface DisputeFormInput {
  readonly invoice: DisputeInvoiceView;
  /** The hidden CSRF field's value (issueCsrfToken). */
  readonly csrf: string;
  /** What the customer sent, shown again next to the errors. */
  readonly values?: { readonly reason?: string; readonly comment?: string };
  readonly errors?: DisputeFormErrors;
}

function errorView(error: string, anchor: string) {
  const code = (disputeFormErrorCodes as readonly string[]).includes(error) ? error : null;
  return { anchor, [code ?? 'text']: code ? true : error };
}

function factsView(v: DisputeInvoiceView) {
  return {
    locale: v.locale, customerName: v.customerName, invoiceNumber: v.invoiceNumber, clientReference: v.clientReference,
    poNumber: v.poNumber, invoiceTotal: v.invoiceTotal, amountDue: v.amountDue, dueDate: v.dueDate,
  };
}

/** The form: invoice facts, a reason radio group in a fieldset, a comment, one button. Posts to its own URL. */
export function renderDisputeForm(input: DisputeFormInput): string {
  const { invoice: v, csrf, values = {}, errors = {} } = input;
  const language = pageLanguage(v.locale);
  const reasonError = errors.reason ? [errorView(errors.reason, `reason-${customerDisputeReasons[0]}`)] : [];
  const commentError = errors.comment ? [errorView(errors.comment, 'comment')] : [];
  return renderCustomerPage('dispute_form', language, {
    ...factsView(v),
    csrf,
    hasErrors: reasonError.length + commentError.length > 0,
    errors: [...reasonError, ...commentError],
    reasonError,
    commentError,
    reasons: customerDisputeReasons.map((r) => ({ value: r, checked: values.reason === r, [r]: true })),
    commentMax: customerCommentMaxLength.toLocaleString(language),
    commentMaxLength: customerCommentMaxLength,
    commentDescribedBy: errors.comment ? 'comment-hint comment-error' : 'comment-hint',
    comment: values.comment ?? '',
  });
}

/** After a dispute was opened: thanks, and no reminders meanwhile. */
export function renderDisputeOpened(v: DisputeInvoiceView): string {
  return renderCustomerPage('dispute_opened', pageLanguage(v.locale), factsView(v));
}

/** `commentAdded`: the customer's message was just recorded on the open dispute (a POST), not merely shown (a GET). */
export function renderAlreadyDisputed(v: DisputeInvoiceView, commentAdded: boolean): string {
  return renderCustomerPage('already_disputed', pageLanguage(v.locale), { ...factsView(v), commentAdded });
}

/** The invoice is settled in full: nothing to dispute. */
export function renderInvoicePaid(v: DisputeInvoiceView): string {
  return renderCustomerPage('invoice_paid', pageLanguage(v.locale), factsView(v));
}

/** Every page that is not about an invoice (or a statement): what happened, what to do, and maybe a link to try again. */
export type NoticeKind = (typeof noticeKinds)[number];

/**
 * A short page for anything other than the form and its outcomes, in the language of `locale` (the customer's when
 * known, else the browser's Accept-Language, else English). `retryHref` is a URL relative to the page (e.g. the
 * token itself, which resolves to /d/<token>); `reference` is a correlation id for support.
 */
export function renderNotice(kind: NoticeKind, opts: { retryHref?: string; reference?: string; locale?: string | null } = {}): string {
  const retry = ['form_expired', 'wrong_origin', 'unreadable_form'].includes(kind) ? opts.retryHref ?? null : null;
  return renderCustomerPage('notice', pageLanguage(opts.locale), { [kind]: true, retryHref: retry, reference: opts.reference ?? null });
}
