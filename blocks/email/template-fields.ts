import mustache from 'mustache';

/** The reminder templates every language must ship; cadence_steps.template names one of them. */
export const reminderTemplateNames = ['upcoming', 'overdue', 'escalation', 'final_notice'] as const;
export type ReminderTemplateName = (typeof reminderTemplateNames)[number];

/** The three files of one template: `<name>.subject.txt`, `<name>.txt`, `<name>.html`. */
export const templateParts = ['subject', 'text', 'html'] as const;
export type TemplatePart = (typeof templateParts)[number];

/** One invoice line as templates see it: every value already formatted for the customer's locale. */
export interface InvoiceLineView {
  readonly number: string;
  readonly clientReference: string | null;
  /** Remaining amount, e.g. "1 234,50 €". */
  readonly amountDue: string;
  readonly currency: string;
  /** e.g. "31 March 2026", "31 mars 2026". */
  readonly dueDate: string;
  /** Whole days past the due date, 0 when not yet overdue. */
  readonly daysOverdue: number;
  readonly daysOverduePlural: boolean;
  readonly isOverdue: boolean;
  readonly isDueToday: boolean;
  /** Whole days until the due date, 0 when due today or overdue. */
  readonly daysUntilDue: number;
  readonly daysUntilDuePlural: boolean;
  readonly payUrl: string | null;
  readonly disputeUrl: string;
  /** An early-payment discount is open on the send day (the three fields below are set exactly then). */
  readonly earlyPayment: boolean;
  /** What settles the invoice by the discount's end date, e.g. "980,00 €". */
  readonly discountedAmount: string | null;
  /** The discount, e.g. "20,00 €". */
  readonly discountAmount: string | null;
  /** The discount window's last day, e.g. "11 March 2026". */
  readonly discountEndsOn: string | null;
}

/** A late-payment charge line: claimed on one invoice, with its legal basis; never in the invoice's amount or the totals. */
export interface LateChargeView {
  readonly number: string;
  /** e.g. "40,00 €"; null when the rule has no fixed compensation. */
  readonly compensation: string | null;
  readonly interest: string;
  readonly total: string;
  readonly legalBasis: string;
}

export interface CurrencyTotalView {
  readonly currency: string;
  /** e.g. "2 469,00 €". */
  readonly amount: string;
}

/** "How to pay" for one currency (partial `_how_to_pay`): every value formatted; null fields are left out. */
export interface HowToPayView {
  readonly currency: string;
  readonly accountName: string;
  /** In groups of four. */
  readonly iban: string | null;
  readonly bic: string | null;
  readonly sortCode: string | null;
  readonly routingNumber: string | null;
  readonly accountNumber: string | null;
  /** The exact reference to write on the transfer: the invoice numbers (or, with referencePerInvoice, the first). */
  readonly reference: string;
  /** Too many invoices for one reference: the customer writes the number of each invoice paid ("e.g. {{reference}}"). */
  readonly referencePerInvoice: boolean;
  readonly wire: boolean;
  readonly directDebitUrl: string | null;
  readonly card: boolean;
  /** e.g. "€1,000.00": card only for invoices under it; null: any amount. */
  readonly cardMax: string | null;
  /** The day the bank account changed ("1 December 2026"), while customers are still warned; null otherwise. */
  readonly changedOn: string | null;
  /** The number to call to confirm the details, as printed. */
  readonly phoneToConfirm: string;
  /** The same number for a tel: link ("+33123456789"). */
  readonly phoneTel: string;
}

/** Everything a template may name. Templates can use any field as a section (`{{#x}}…{{/x}}`) too. */
export interface ReminderTemplateView {
  readonly customerName: string;
  readonly companyName: string;
  readonly accountManagerName: string | null;
  readonly accountManagerEmail: string | null;
  /** The client's escalation contact is in cc (escalation and final notice steps, when the customer has one). */
  readonly escalationCopied: boolean;
  /**
   * The day arbot last actually emailed the customer about these invoices, formatted for their locale ("3 December
   * 2026"); null when it never did. Templates state only this fact, never "several times" or "earlier reminder".
   */
  readonly previousEmailDate: string | null;
  /** Every invoice of the email, listed or not. */
  readonly invoiceCount: number;
  readonly singleInvoice: boolean;
  readonly multipleInvoices: boolean;
  readonly firstInvoiceNumber: string;
  readonly firstDueDate: string;
  /** The invoices listed: at most EMAIL_MAX_ROWS, oldest due date first, then largest amount. */
  readonly invoices: readonly InvoiceLineView[];
  /** How many are listed. */
  readonly shownCount: number;
  /** Some invoices are not listed: the email says how many and what they add up to, and links the statement. */
  readonly hasMore: boolean;
  readonly moreCount: number;
  readonly morePlural: boolean;
  /** What the invoices not listed add up to, per currency, e.g. "€1,200.00 and JP¥5,000"; "" when none. */
  readonly moreTotal: string;
  /** The customer's statement page (every open invoice), or null when the email has none. */
  readonly statementUrl: string | null;
  /** The customer's portal (open invoices, promise to pay, questions), or null when the email has none. */
  readonly portalUrl: string | null;
  /** One line per currency over every invoice of the email, in the order currencies first appear. */
  readonly totals: readonly CurrencyTotalView[];
  /** Late-payment charges claimed, one per invoice, in invoice-number order (empty: none). */
  readonly lateCharges: readonly LateChargeView[];
  readonly hasLateCharges: boolean;
  /** How to pay, per currency with payment details (bank details, reference, methods, a change notice). */
  readonly howToPay: readonly HowToPayView[];
}

// Records keyed by the view types: the compiler fails when a view field is added without being listed here.
const topFields: Record<keyof ReminderTemplateView, true> = {
  customerName: true, companyName: true, accountManagerName: true, accountManagerEmail: true,
  escalationCopied: true, previousEmailDate: true, invoiceCount: true, singleInvoice: true, multipleInvoices: true,
  firstInvoiceNumber: true, firstDueDate: true, invoices: true, shownCount: true, hasMore: true, moreCount: true,
  morePlural: true, moreTotal: true, statementUrl: true, totals: true, lateCharges: true, hasLateCharges: true, howToPay: true, portalUrl: true,
};
const invoiceFields: Record<keyof InvoiceLineView, true> = {
  number: true, clientReference: true, amountDue: true, currency: true, dueDate: true, daysOverdue: true,
  daysOverduePlural: true, isOverdue: true, isDueToday: true, daysUntilDue: true, daysUntilDuePlural: true,
  payUrl: true, disputeUrl: true, earlyPayment: true, discountedAmount: true, discountAmount: true, discountEndsOn: true,
};
const totalFields: Record<keyof CurrencyTotalView, true> = { currency: true, amount: true };
const lateChargeFields: Record<keyof LateChargeView, true> = { number: true, compensation: true, interest: true, total: true, legalBasis: true };
export const howToPayFields: Record<keyof HowToPayView, true> = {
  currency: true, accountName: true, iban: true, bic: true, sortCode: true, routingNumber: true, accountNumber: true,
  reference: true, referencePerInvoice: true, wire: true, directDebitUrl: true, card: true, cardMax: true, changedOn: true, phoneToConfirm: true, phoneTel: true,
};

/** List sections push an item whose fields become visible inside the section. */
const listItemFields: Readonly<Record<string, readonly string[]>> = {
  invoices: Object.keys(invoiceFields),
  totals: Object.keys(totalFields),
  lateCharges: Object.keys(lateChargeFields),
  howToPay: Object.keys(howToPayFields),
};

export const knownTopFields: readonly string[] = Object.keys(topFields);

/** What a template may name: top-level fields, and the fields of the items of each list section. */
export interface TemplateFieldSpec {
  readonly top: readonly string[];
  readonly lists: Readonly<Record<string, readonly string[]>>;
}

/** The reminder emails' fields. */
export const reminderFieldSpec: TemplateFieldSpec = { top: knownTopFields, lists: listItemFields };

/** Shared pieces of a template set: `_<name>` files of the same language and kind, included as `{{> _<name>}}`. */
export type TemplatePartials = Readonly<Record<string, string>>;

type Span = [string, string, number, number, Span[]?, number?];

/**
 * Checks one template source against the view: every placeholder and section must be a known field (in scope),
 * HTML must never print a value unescaped, delimiter changes are refused, and a partial must be one of `partials`
 * (checked in the scope it is included in). Returns the problems, each naming the placeholder; an empty list means
 * the template is usable.
 * @example checkTemplateSource('Invoice {{numbre}}', 'text') // ['unknown placeholder {{numbre}} (…)']
 */
export function checkTemplateSource(
  source: string, part: TemplatePart, partials: TemplatePartials = {}, spec: TemplateFieldSpec = reminderFieldSpec,
): string[] {
  const problems: string[] = [];
  if (part === 'subject' && source.trim().includes('\n')) problems.push('a subject must be a single line');
  const parsed = parse(source, problems);
  if (parsed) walk(parsed, new Set(spec.top), { part, partials, spec, problems, depth: 0 });
  return problems;
}

function parse(source: string, problems: string[], partial?: string): Span[] | null {
  try {
    return mustache.parse(source) as Span[];
  } catch (err) {
    problems.push(`${partial ? `partial ${partial} ` : ''}cannot be parsed: ${(err as Error).message}`);
    return null;
  }
}

interface WalkContext {
  readonly part: TemplatePart;
  readonly partials: TemplatePartials;
  readonly spec: TemplateFieldSpec;
  readonly problems: string[];
  /** Partials inside partials, bounded so a partial including itself is reported rather than followed forever. */
  readonly depth: number;
}

function walk(spans: readonly Span[], scope: ReadonlySet<string>, c: WalkContext): void {
  for (const [type, name, , , children] of spans) {
    if (type === 'text' || type === '!') continue;
    if (type === '=') {
      c.problems.push(`delimiter changes are not supported ({{=${name}}})`);
      continue;
    }
    if (type === '>') {
      const source = Object.hasOwn(c.partials, name) ? c.partials[name] : undefined;
      const known = Object.keys(c.partials).sort().join(', ') || 'none';
      if (source === undefined) c.problems.push(`unknown partial {{>${name}}}: partials are not supported other than the _<name> files of this language and kind (known: ${known})`);
      else if (c.depth >= 4) c.problems.push(`partial {{>${name}}} is nested too deeply (a partial including itself?)`);
      else {
        const inner = parse(source, c.problems, name);
        if (inner) walk(inner, scope, { ...c, depth: c.depth + 1 });
      }
      continue;
    }
    if (!scope.has(name)) {
      const inScope = [...scope].sort().join(', ');
      c.problems.push(`unknown placeholder {{${type === 'name' || type === '&' ? '' : type}${name}}} (known here: ${inScope})`);
    }
    if (type === '&' && c.part === 'html') {
      c.problems.push(`{{{${name}}}} or {{&${name}}} prints "${name}" without HTML escaping; use {{${name}}}`);
    }
    if ((type === '#' || type === '^') && children) {
      const item = type === '#' && Object.hasOwn(c.spec.lists, name) ? c.spec.lists[name] : undefined;
      walk(children, item ? new Set([...scope, ...item]) : scope, c);
    }
  }
}
