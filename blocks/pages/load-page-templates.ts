import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkTemplateSource, howToPayFields, type TemplateFieldSpec, type TemplatePartials } from '../email/template-fields.js';
import { fallbackLanguage } from '../email/template-language.js';
import { planProposalFields } from '../portal-plan-proposal.js';

/**
 * The customer pages (dispute page, statement) as Mustache files, like the emails:
 * `blocks/pages/templates/<lang>/<page>.{title.txt,html}`, with partials `_<name>.html`. Read once and checked
 * when this module is loaded, so a typo stops arbot at start rather than showing a broken page to a customer.
 */
export const defaultPageTemplatesDir = fileURLToPath(new URL('./templates/', import.meta.url));

export const pageNames = ['dispute_form', 'dispute_opened', 'already_disputed', 'invoice_paid', 'notice', 'statement', 'portal'] as const;
export type PageName = (typeof pageNames)[number];

export const noticeKinds = [
  'link_malformed', 'link_forged', 'link_expired', 'invoice_unknown', 'customer_unknown', 'form_expired',
  'wrong_origin', 'rate_limited', 'unreadable_form', 'internal', 'link_revoked',
] as const;

const portalErrorFields = ['anchor', 'bound', 'text', 'invoices_required', 'invoice_not_open', 'mixed_currencies', 'date_invalid',
  'date_too_early', 'date_too_late', 'amount_invalid', 'amount_too_high', 'count_invalid', 'plan_too_long', 'note_too_long', 'plan_refused'];
const portalChoiceFields = ['value', 'choiceId', 'number', 'amountDue', 'dueDate', 'checked'];

const errorFields = ['anchor', 'reason_required', 'comment_required', 'comment_too_long', 'text'];

/** Every field a page template may name (one set for all pages: they share the facts and the shell). */
export const pageFieldSpec: TemplateFieldSpec = {
  top: [
    'title', 'locale', 'customerName', 'invoiceNumber', 'clientReference', 'poNumber', 'invoiceTotal', 'amountDue',
    'dueDate', 'csrf', 'hasErrors', 'errors', 'reasonError', 'commentError', 'reasons', 'commentMax',
    'commentMaxLength', 'commentDescribedBy', 'comment', 'commentAdded', 'retryHref', 'reference', ...noticeKinds,
    'hasInvoices', 'asOf', 'invoiceCount', 'invoicesPlural', 'totals', 'invoices', 'howToPay',
    // The customer portal (blocks/portal-page.ts).
    'currencies', 'promiseAction', 'promiseChoices', 'promiseMinDate', 'promiseMaxDate', 'promiseMinDateText',
    'promiseMaxDateText', 'promiseDate', 'promiseAmount', 'planAction', 'planChoices', 'planCountOptions', 'planCountMax', 'planFirstMin', 'planFirstMax',
    'planFirstMinText', 'planFirstMaxText', 'planFirstDate', 'planNote', 'planNoteMax', 'hasActivePlans', 'activePlans',
    'hasPortalErrors', 'portalErrors', 'promised', 'planRequested',
    // The promise form leaves out invoices in a payment plan (all of them: no form).
    'hasPromiseChoices', 'promiseLeavesPlanned',
    // Payment plans proposed to the customer (blocks/portal-plan-proposal.ts).
    ...planProposalFields.top,
  ],
  lists: {
    errors: errorFields, reasonError: errorFields, commentError: errorFields,
    reasons: ['value', 'checked', 'not_received', 'wrong_amount', 'missing_reference', 'quality_issue', 'other'],
    totals: ['currency', 'amount'],
    invoices: ['number', 'clientReference', 'amountDue', 'dueDate', 'isOverdue', 'daysOverdue', 'daysOverduePlural',
      'underDispute', 'payUrl', 'disputeUrl'],
    // The statement's "How to pay", the same fields as the emails' (blocks/email/template-fields.ts).
    howToPay: Object.keys(howToPayFields),
    currencies: ['currency', 'total', 'portalInvoices'],
    portalInvoices: ['number', 'clientReference', 'amountDue', 'dueDate', 'isOverdue', 'daysOverdue', 'daysOverduePlural',
      'disputed', 'inPlan', 'planPending', 'creditNoteAnnounced', 'hasPromise', 'promiseOn', 'promiseAmount', 'payUrl', 'proofUrl', 'disputeUrl',
      'earlyPayment'],
    promiseChoices: portalChoiceFields, planChoices: portalChoiceFields,
    portalErrors: [...portalErrorFields, 'invoice_in_plan', 'number', 'planRefusal'],
    // The plan service's refusal, worded by the page (blocks/portal-page.ts planRefusalView).
    planRefusal: ['instalment_too_small', 'already_in_plan', 'not_owed', 'too_many_instalments', 'too_long', 'date_not_after_today', 'other',
      'invoiceNumber', 'instalmentNo', 'max', 'amount', 'min', 'latest', 'today'],
    // An invoice's early-payment discount still open (issue 19): the D-7 email's figures.
    earlyPayment: ['discountedAmount', 'discountAmount', 'discountEndsOn'],
    promised: ['promisedAmount', 'promisedDate', 'promisedInvoices'],
    planRequested: ['promisedInvoices'],
    planCountOptions: ['countValue', 'countSelected'],
    activePlans: ['planTotal', 'planInvoices', 'planCount', 'instalments'],
    instalments: ['instalmentNo', 'instalmentDate', 'instalmentAmount', 'instalmentPaid', 'instalmentPartly', 'instalmentLeft'],
    ...planProposalFields.lists,
  },
};

export interface PageTemplates {
  /** Language subtags with a full set; always includes "en". */
  readonly languages: readonly string[];
  /** Keyed by `${language}/${page}`. */
  readonly sources: ReadonlyMap<string, { readonly title: string; readonly html: string }>;
  readonly partials: ReadonlyMap<string, TemplatePartials>;
}

export class PageTemplateError extends Error {
  readonly code = 'invalid_page_templates';
}

/** Reads and checks every page template; the error lists every problem as `<file>: <problem>`. */
export function loadPageTemplates(dir: string = defaultPageTemplatesDir): PageTemplates {
  const problems: string[] = [];
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      problems.push(`${path}: missing`);
      return undefined;
    }
  };
  let languages: string[] = [];
  try {
    languages = readdirSync(dir).filter((d) => /^[a-z]{2,3}$/.test(d) && statSync(join(dir, d)).isDirectory()).sort();
  } catch (err) {
    problems.push(`${dir}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!languages.includes(fallbackLanguage)) problems.push(`${join(dir, fallbackLanguage)}: missing (the fallback language)`);
  const sources = new Map<string, { title: string; html: string }>();
  const partials = new Map<string, TemplatePartials>();
  for (const lang of languages) {
    const own: Record<string, string> = {};
    for (const file of readdirSync(join(dir, lang))) {
      const m = /^(_[a-z][a-z0-9_]*)\.html$/.exec(file);
      if (m) own[m[1]!] = readFileSync(join(dir, lang, file), 'utf8');
    }
    partials.set(lang, own);
    for (const page of pageNames) {
      const titlePath = join(dir, lang, `${page}.title.txt`);
      const htmlPath = join(dir, lang, `${page}.html`);
      const title = read(titlePath);
      const html = read(htmlPath);
      if (title !== undefined) for (const p of checkTemplateSource(title, 'subject', {}, pageFieldSpec)) problems.push(`${titlePath}: ${p}`);
      if (html !== undefined) for (const p of checkTemplateSource(html, 'html', own, pageFieldSpec)) problems.push(`${htmlPath}: ${p}`);
      if (title !== undefined && html !== undefined) sources.set(`${lang}/${page}`, { title: title.trim(), html });
    }
  }
  if (problems.length > 0) throw new PageTemplateError(`page templates in ${dir} are not usable:\n  ${problems.join('\n  ')}`);
  return { languages, sources, partials };
}
