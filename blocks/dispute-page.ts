import { createHash } from 'node:crypto';
import {
  customerCommentMaxLength,
  customerDisputeReasonLabels,
  customerDisputeReasons,
  type CustomerDisputeReason,
  type DisputableInvoice,
} from '../src/domain/customer-dispute.js';
import { formatMoney } from '../src/domain/money.js';
import { escapeHtml } from './html-escape.js';

/**
 * The customer's dispute page, as HTML strings. Pure: no I/O, no clock. Works without JavaScript and without any
 * other resource (the style is inline and allowed by its hash), so the page's CSP can forbid everything else.
 * Every piece of customer or invoice text goes through escapeHtml.
 */

export { escapeHtml };

const style = [
  'body{margin:0;font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}',
  'main{max-width:40rem;margin:0 auto;padding:1.5rem 1rem 3rem}',
  'h1{font-size:1.5rem;line-height:1.25;margin:0 0 1rem}',
  'h2{font-size:1.1rem;margin:0 0 .5rem}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0 0 1.5rem}',
  'dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}',
  'fieldset{border:1px solid #595959;border-radius:4px;padding:.75rem 1rem;margin:0 0 1rem}',
  'legend{font-weight:600;padding:0 .25rem}',
  '.choice{display:flex;gap:.5rem;align-items:center;margin:.35rem 0}',
  '.choice input{width:1.15rem;height:1.15rem;margin:0}',
  'label{cursor:pointer}',
  '.field>label{display:block;font-weight:600}',
  'textarea{display:block;width:100%;box-sizing:border-box;min-height:8rem;font:inherit;padding:.5rem;margin:.25rem 0;border:1px solid #595959;border-radius:4px}',
  'button{font:inherit;font-weight:600;color:#fff;background:#1a5fb4;border:0;border-radius:4px;padding:.6rem 1.2rem;cursor:pointer}',
  'button:hover{background:#144a8c}',
  'a{color:#1a5fb4}',
  ':focus-visible{outline:3px solid #1a5fb4;outline-offset:2px}',
  '.hint{color:#4a4a4a;font-size:.9rem;margin:.25rem 0}',
  '.error{color:#b00020;font-weight:600;margin:.25rem 0}',
  '.summary{border:2px solid #b00020;border-radius:4px;padding:.75rem 1rem;margin:0 0 1.5rem}',
  '.notice{border-left:4px solid #1a5fb4;background:#f0f5fb;padding:.75rem 1rem;margin:0 0 1.5rem}',
].join('');

/** The page's Content-Security-Policy: nothing but its own inline style, forms only to itself, never framed. */
export const disputePageCsp = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

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

function invoiceFacts(v: DisputeInvoiceView): string {
  const inLocale = (text: string) => `<span lang="${escapeHtml(v.locale)}">${escapeHtml(text)}</span>`;
  const rows: [string, string][] = [
    ['Customer', escapeHtml(v.customerName)],
    ['Invoice', escapeHtml(v.invoiceNumber)],
    ...(v.clientReference ? [['Your reference', escapeHtml(v.clientReference)] as [string, string]] : []),
    ...(v.poNumber ? [['Purchase order', escapeHtml(v.poNumber)] as [string, string]] : []),
    ...(v.invoiceTotal ? [['Invoice total', inLocale(v.invoiceTotal)] as [string, string]] : []),
    ['Amount due', inLocale(v.amountDue)],
    ['Due date', inLocale(v.dueDate)],
  ];
  return `<dl>\n${rows.map(([k, val]) => `<dt>${k}</dt><dd>${val}</dd>`).join('\n')}\n</dl>`;
}

export interface DisputeFormErrors {
  readonly reason?: string;
  readonly comment?: string;
}

export interface DisputeFormInput {
  readonly invoice: DisputeInvoiceView;
  /** The hidden CSRF field's value (issueCsrfToken). */
  readonly csrf: string;
  /** What the customer sent, shown again next to the errors. */
  readonly values?: { readonly reason?: string; readonly comment?: string };
  readonly errors?: DisputeFormErrors;
}

/** The form: invoice facts, a reason radio group in a fieldset, a comment, one button. Posts to its own URL. */
export function renderDisputeForm(input: DisputeFormInput): string {
  const { invoice: v, csrf, values = {}, errors = {} } = input;
  const problems = (['reason', 'comment'] as const).filter((f) => errors[f]);
  const summary = problems.length === 0 ? '' : `<div class="summary" role="alert" aria-labelledby="summary-title">
<h2 id="summary-title">Please check the form</h2>
<ul>${problems.map((f) => `<li><a href="#${f === 'reason' ? `reason-${customerDisputeReasons[0]}` : 'comment'}">${escapeHtml(errors[f]!)}</a></li>`).join('')}</ul>
</div>\n`;
  const choices = customerDisputeReasons.map((r: CustomerDisputeReason) => {
    const id = `reason-${r}`;
    const checked = values.reason === r ? ' checked' : '';
    return `<div class="choice"><input type="radio" id="${id}" name="reason" value="${r}" required${checked}><label for="${id}">${escapeHtml(customerDisputeReasonLabels[r])}</label></div>`;
  }).join('\n');
  const reasonError = errors.reason ? `<p class="error" id="reason-error">${escapeHtml(errors.reason)}</p>\n` : '';
  const commentError = errors.comment ? `<p class="error" id="comment-error">${escapeHtml(errors.comment)}</p>\n` : '';
  const commentDescribedBy = errors.comment ? 'comment-hint comment-error' : 'comment-hint';
  return page(`Question about invoice ${v.invoiceNumber}`, `${summary}<h1>Is something wrong with invoice ${escapeHtml(v.invoiceNumber)}?</h1>
<p>Tell us what is wrong and our accounts team will look into it. While they do, we will not send you reminders about this invoice.</p>
${invoiceFacts(v)}
<form method="post" accept-charset="utf-8">
<input type="hidden" name="csrf" value="${escapeHtml(csrf)}">
<fieldset${errors.reason ? ' aria-describedby="reason-error"' : ''}>
<legend>What is wrong?</legend>
${reasonError}${choices}
</fieldset>
<div class="field">
<label for="comment">Details</label>
<p class="hint" id="comment-hint">Required when you choose “Other”. Up to ${customerCommentMaxLength.toLocaleString('en')} characters.</p>
${commentError}<textarea id="comment" name="comment" rows="6" maxlength="${customerCommentMaxLength}" aria-describedby="${commentDescribedBy}"${errors.comment ? ' aria-invalid="true"' : ''}>${escapeHtml(values.comment ?? '')}</textarea>
</div>
<button type="submit">Send to the accounts team</button>
</form>`);
}

/** After a dispute was opened: thanks, and no reminders meanwhile. */
export function renderDisputeOpened(v: DisputeInvoiceView): string {
  return page(`Invoice ${v.invoiceNumber}: we are on it`, `<h1>Thank you: we have your message</h1>
<p class="notice" role="status">Our accounts team will look into invoice ${escapeHtml(v.invoiceNumber)} and get back to you. We will not send you reminders about it in the meantime.</p>
${invoiceFacts(v)}`);
}

/** `commentAdded`: the customer's message was just recorded on the open dispute (a POST), not merely shown (a GET). */
export function renderAlreadyDisputed(v: DisputeInvoiceView, commentAdded: boolean): string {
  const added = commentAdded ? ' We have added your message to it.' : ' If you have more to tell us, reply to our last email.';
  return page(`Invoice ${v.invoiceNumber} is already being looked at`, `<h1>This invoice is already being looked at</h1>
<p class="notice" role="status">Our accounts team is already looking into a question about invoice ${escapeHtml(v.invoiceNumber)}.${added} We will not send you reminders about it until it is settled.</p>
${invoiceFacts(v)}`);
}

/** The invoice is settled in full: nothing to dispute. */
export function renderInvoicePaid(v: DisputeInvoiceView): string {
  return page(`Invoice ${v.invoiceNumber} is paid`, `<h1>Invoice ${escapeHtml(v.invoiceNumber)} is paid in full</h1>
<p class="notice" role="status">Thank you: our records show this invoice as settled, so there is nothing to dispute. If something is still wrong, reply to our last email.</p>
${invoiceFacts(v)}`);
}

/** Every page that is not about an invoice: what happened, what to do, and (optionally) a link to try again. */
export type NoticeKind =
  | 'link_malformed' | 'link_forged' | 'link_expired' | 'invoice_unknown' | 'form_expired' | 'wrong_origin'
  | 'rate_limited' | 'unreadable_form' | 'internal';

const notices: Readonly<Record<NoticeKind, { title: string; text: string; retry?: string }>> = {
  link_malformed: { title: 'This link does not work', text: 'The link may be incomplete. Open it again from our email, or copy the whole address into your browser. If it still does not work, reply to the email and we will help.' },
  link_forged: { title: 'This link does not work', text: 'We could not confirm this link. Open it again from our email, or copy the whole address into your browser. If it still does not work, reply to the email and we will help.' },
  link_expired: { title: 'This link has expired', text: 'Links in our emails work for a limited time. Use the link in our most recent email, or reply to it and we will help.' },
  invoice_unknown: { title: 'We cannot find this invoice', text: 'This invoice is no longer in our records. Please reply to our email and we will help.' },
  form_expired: { title: 'Please send the form again', text: 'The form was open for a long time or did not come from our page, so nothing was sent.', retry: 'Open the form again' },
  wrong_origin: { title: 'This form must be sent from our page', text: 'Nothing was sent. Please open the link from our email and fill in the form there.', retry: 'Open the form' },
  rate_limited: { title: 'Too many attempts', text: 'Please wait a minute, then try again. Nothing else was sent.' },
  unreadable_form: { title: 'We could not read the form', text: 'Nothing was sent. Please fill in the form again (the details are limited in length).', retry: 'Open the form again' },
  internal: { title: 'Something went wrong on our side', text: 'Nothing was sent. Please try again in a few minutes.' },
};

/**
 * A short page for anything other than the form and its outcomes.
 * `retryHref` is a URL relative to the page (e.g. the token itself, which resolves to /d/<token>); `reference` is
 * a correlation id for support.
 */
export function renderNotice(kind: NoticeKind, opts: { retryHref?: string; reference?: string } = {}): string {
  const n = notices[kind];
  const retry = n.retry && opts.retryHref !== undefined ? `\n<p><a href="${escapeHtml(opts.retryHref)}">${n.retry}</a></p>` : '';
  const ref = opts.reference ? `\n<p class="hint">Reference: ${escapeHtml(opts.reference)}</p>` : '';
  return page(n.title, `<h1>${n.title}</h1>\n<p>${n.text}</p>${retry}${ref}`);
}
