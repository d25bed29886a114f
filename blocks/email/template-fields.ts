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
}

export interface CurrencyTotalView {
  readonly currency: string;
  /** e.g. "2 469,00 €". */
  readonly amount: string;
}

/** Everything a template may name. Templates can use any field as a section (`{{#x}}…{{/x}}`) too. */
export interface ReminderTemplateView {
  readonly customerName: string;
  readonly companyName: string;
  readonly accountManagerName: string | null;
  readonly accountManagerEmail: string | null;
  /** The client's escalation contact is in cc (escalation and final notice steps, when the customer has one). */
  readonly escalationCopied: boolean;
  readonly invoiceCount: number;
  readonly singleInvoice: boolean;
  readonly multipleInvoices: boolean;
  readonly firstInvoiceNumber: string;
  readonly firstDueDate: string;
  readonly invoices: readonly InvoiceLineView[];
  /** One line per currency, in the order currencies first appear in `invoices`. */
  readonly totals: readonly CurrencyTotalView[];
}

// Records keyed by the view types: the compiler fails when a view field is added without being listed here.
const topFields: Record<keyof ReminderTemplateView, true> = {
  customerName: true, companyName: true, accountManagerName: true, accountManagerEmail: true,
  escalationCopied: true, invoiceCount: true, singleInvoice: true, multipleInvoices: true,
  firstInvoiceNumber: true, firstDueDate: true, invoices: true, totals: true,
};
const invoiceFields: Record<keyof InvoiceLineView, true> = {
  number: true, clientReference: true, amountDue: true, currency: true, dueDate: true, daysOverdue: true,
  daysOverduePlural: true, isOverdue: true, isDueToday: true, daysUntilDue: true, daysUntilDuePlural: true,
  payUrl: true, disputeUrl: true,
};
const totalFields: Record<keyof CurrencyTotalView, true> = { currency: true, amount: true };

/** List sections push an item whose fields become visible inside the section. */
const listItemFields: Readonly<Record<string, readonly string[]>> = {
  invoices: Object.keys(invoiceFields),
  totals: Object.keys(totalFields),
};

export const knownTopFields: readonly string[] = Object.keys(topFields);

type Span = [string, string, number, number, Span[]?, number?];

/**
 * Checks one template source against the view: every placeholder and section must be a known field (in scope),
 * HTML must never print a value unescaped, and partials or delimiter changes are refused. Returns the problems,
 * each naming the placeholder; an empty list means the template is usable.
 * @example checkTemplateSource('Invoice {{numbre}}', 'text') // ['unknown placeholder {{numbre}} (…)']
 */
export function checkTemplateSource(source: string, part: TemplatePart): string[] {
  let spans: Span[];
  try {
    spans = mustache.parse(source) as Span[];
  } catch (err) {
    return [`cannot be parsed: ${(err as Error).message}`];
  }
  const problems: string[] = [];
  if (part === 'subject' && source.trim().includes('\n')) problems.push('a subject must be a single line');
  walk(spans, new Set(knownTopFields), part, problems);
  return problems;
}

function walk(spans: readonly Span[], scope: ReadonlySet<string>, part: TemplatePart, problems: string[]): void {
  for (const [type, name, , , children] of spans) {
    if (type === 'text' || type === '!') continue;
    if (type === '>' || type === '=') {
      problems.push(`${type === '>' ? 'partials' : 'delimiter changes'} are not supported ({{${type}${name}}})`);
      continue;
    }
    if (!scope.has(name)) {
      const inScope = [...scope].sort().join(', ');
      problems.push(`unknown placeholder {{${type === 'name' || type === '&' ? '' : type}${name}}} (known here: ${inScope})`);
    }
    if (type === '&' && part === 'html') {
      problems.push(`{{{${name}}}} or {{&${name}}} prints "${name}" without HTML escaping; use {{${name}}}`);
    }
    if ((type === '#' || type === '^') && children) {
      const item = type === '#' ? listItemFields[name] : undefined;
      walk(children, item ? new Set([...scope, ...item]) : scope, part, problems);
    }
  }
}
