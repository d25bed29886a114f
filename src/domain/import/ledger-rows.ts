import { z } from 'zod';
import { disputeStatuses } from '../disputes/dispute-status.js';
import { parseAmount } from '../money.js';
import {
  calendarDate, choice, currency, email, emailList, flag, freeText, identifier, locale, name, optional, optionalCalendarDate,
  optionalEmail, optionalIdentifier, requiredChoice, timeZone, url, trimmed,
} from './fields.js';
import { fastInvoice, fastPayment } from './fast-rows.js';
import { decimalCommaFix } from './decimal-comma.js';
import type { CalendarDate } from '../calendar-date.js';
import { parseCountry } from '../fees/country.js';
import { ruleNamePattern } from '../fees/late-fee-rule.js';
import { parsePaymentTerms } from '../fees/payment-terms.js';

// The five kinds of ledger rows an ERP sends, by CSV or JSON. Column names are the public interface.

export const ledgerKinds = ['owners', 'customers', 'invoices', 'payments', 'credit_notes', 'disputes'] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

export const teams = ['sales', 'delivery', 'finance'] as const;
export const segments = ['top', 'standard', 'at_risk'] as const;
export { disputeStatuses, type DisputeStatus } from '../disputes/dispute-status.js';

const amountText = z.string().transform((v) => v.trim());

/** Where an owner's own alerts go when they have ids on both platforms. */
export const chatPlatforms = ['slack', 'teams'] as const;

const owner = z.object({
  email,
  name: name(null),
  team: requiredChoice(teams),
  approver: flag,
  slack_user_id: optionalIdentifier,
  slack_channel_id: optionalIdentifier,
  // Teams: the person's AAD object id, and a conversation (channel or chat) for their alerts.
  teams_user_id: optionalIdentifier,
  teams_conversation_id: optionalIdentifier,
  // Which platform gets the owner's own alerts when they have ids on both; empty: Slack first.
  chat_platform: optional
    .transform((v) => (v === null ? null : v.toLowerCase()))
    .pipe(z.enum(chatPlatforms, { error: (i) => `expected slack or teams, got "${String(i.input)}"` }).nullable()),
});

/** `net 30` or `2/10 net 30` (src/domain/fees/payment-terms.ts); empty is none. */
const optionalPaymentTerms = optional.transform((v, ctx) => {
  if (v === null) return null;
  const t = parsePaymentTerms(v);
  if (t.ok) return t.terms;
  ctx.addIssue({ code: 'custom', message: t.reason });
  return z.NEVER;
});

const customer = z.object({
  external_id: identifier('the customer id in your ERP'),
  name: name('the customer name'),
  segment: choice(segments, 'standard'),
  strategic: flag,
  timezone: timeZone,
  billing_email: emailList,
  escalation_email: optionalEmail,
  sales_owner_email: optionalEmail,
  delivery_owner_email: optionalEmail,
  locale,
  // Collections policy (all optional): jurisdiction, credit limit, payment terms, late-fee rule (src/domain/fees/).
  country: optional.transform((v, ctx) => {
    if (v === null) return null;
    const c = parseCountry(v);
    if (c.ok) return c.code;
    ctx.addIssue({ code: 'custom', message: c.reason });
    return z.NEVER;
  }),
  // A NUL is this column's own error, before the pair with credit_limit_currency is looked at.
  credit_limit: trimmed,
  credit_limit_currency: optional.transform((v, ctx) => {
    if (v === null) return null;
    const r = currency.safeParse(v);
    if (r.success) return r.data;
    ctx.addIssue({ code: 'custom', message: r.error.issues[0]!.message });
    return z.NEVER;
  }),
  payment_terms: optionalPaymentTerms,
  // Empty: the country's default rule; `none`: opted out. Whether a custom rule exists is checked when storing.
  late_fee_rule: optional.transform((v, ctx) => {
    if (v === null) return null;
    const name = v.toLowerCase();
    if (ruleNamePattern.test(name)) return name;
    ctx.addIssue({ code: 'custom', message: `expected a rule name such as eu, fr, de, uk or none, got "${v}"` });
    return z.NEVER;
  }),
});

const invoice = z.object({
  external_id: identifier('the invoice id in your ERP'),
  number: identifier('the invoice number'),
  customer_external_id: identifier('the customer id'),
  issue_date: calendarDate,
  due_date: calendarDate,
  currency,
  amount: amountText,
  po_number: optionalIdentifier,
  client_reference: optionalIdentifier,
  proof_url: url,
  pay_url: url,
  // The invoice's own terms (same syntax as customers'); when set they win over the customer's (early-payment discounts).
  payment_terms: optionalPaymentTerms,
});

const payment = z.object({
  external_id: identifier('the payment id in your ERP'),
  customer_external_id: identifier('the customer id'),
  received_date: calendarDate,
  currency,
  amount: amountText,
  reference: optionalIdentifier,
  invoice_number: optionalIdentifier,
});

const creditNote = z.object({
  external_id: identifier('the credit note id in your ERP'),
  number: identifier('the credit note number'),
  invoice_external_id: identifier('the invoice id it credits'),
  issued_date: calendarDate,
  currency,
  amount: amountText,
  reason: freeText,
});

const dispute = z.object({
  external_id: optionalIdentifier,
  invoice_external_id: identifier('the invoice id'),
  opened_date: calendarDate,
  reason: freeText.transform((v) => v ?? ''),
  status: choice(disputeStatuses, 'to_clarify'),
  closed_date: optionalCalendarDate,
});

export type OwnerRow = z.output<typeof owner>;
/**
 * Columns added after the first ledger format (collections policy): a file or JSON item without one leaves what is
 * stored as it is, so an ERP export in the older format never wipes a credit limit, payment terms or a fee rule
 * (a column present and empty clears it). `credit_limit` stands for the pair with `credit_limit_currency`.
 */
export const keptWhenAbsent = {
  customers: ['country', 'credit_limit', 'payment_terms', 'late_fee_rule'],
  invoices: ['payment_terms'],
} as const;
export type KeptColumn<K extends keyof typeof keptWhenAbsent> = (typeof keptWhenAbsent)[K][number];

export type CustomerRow = Omit<z.output<typeof customer>, 'credit_limit'> & {
  credit_limit_minor: bigint | null;
  /** keptWhenAbsent columns the row did not have (absent: every column was there). */
  absent_columns?: readonly KeptColumn<'customers'>[];
};
export type InvoiceRow = Omit<z.output<typeof invoice>, 'amount'> & {
  amount_minor: bigint;
  absent_columns?: readonly KeptColumn<'invoices'>[];
};
export type PaymentRow = Omit<z.output<typeof payment>, 'amount'> & { amount_minor: bigint };
export type CreditNoteRow = Omit<z.output<typeof creditNote>, 'amount'> & { amount_minor: bigint };
export type DisputeRow = Omit<z.output<typeof dispute>, 'external_id'> & { external_id: string };

export interface RowsByKind {
  owners: OwnerRow;
  customers: CustomerRow;
  invoices: InvoiceRow;
  payments: PaymentRow;
  credit_notes: CreditNoteRow;
  disputes: DisputeRow;
}

export interface FieldError {
  readonly column: string;
  readonly reason: string;
}

export type RowResult<K extends LedgerKind> =
  | { ok: true; row: RowsByKind[K] }
  | { ok: false; errors: FieldError[] };

/** What a row is checked against beyond its own cells: today, in the company's zone (a payment cannot be received later). */
export interface RowContext {
  readonly today?: { readonly date: CalendarDate; readonly zone: string };
}

const schemas = {
  owners: owner, customers: customer, invoices: invoice, payments: payment, credit_notes: creditNote, disputes: dispute,
};

/** Columns of each kind, required ones first; `*` in docs marks the required ones. */
export const requiredColumns: Record<LedgerKind, readonly string[]> = {
  owners: ['email', 'team'],
  customers: ['external_id', 'name', 'billing_email'],
  invoices: ['external_id', 'number', 'customer_external_id', 'issue_date', 'due_date', 'currency', 'amount'],
  payments: ['external_id', 'customer_external_id', 'received_date', 'currency', 'amount'],
  credit_notes: ['external_id', 'number', 'invoice_external_id', 'issued_date', 'currency', 'amount'],
  disputes: ['invoice_external_id', 'opened_date'],
};
export const knownColumns: Record<LedgerKind, readonly string[]> = Object.fromEntries(
  ledgerKinds.map((k) => [k, Object.keys(schemas[k].shape)]),
) as unknown as Record<LedgerKind, readonly string[]>;

/**
 * Validates one row given as text cells (a missing cell is empty text).
 * Returns every problem of the row, one per column, so a person can fix the row in one go.
 * @example parseLedgerRow('invoices', { ..., amount: '12.345', currency: 'EUR' })
 *   // { ok: false, errors: [{ column: 'amount', reason: 'EUR allows 2 decimals, got "12.345"' }] }
 */
export function parseLedgerRow<K extends LedgerKind>(kind: K, cells: Readonly<Record<string, string>>, ctx: RowContext = {}): RowResult<K> {
  const fast = kind === 'invoices' ? fastInvoice(cells) : kind === 'payments' ? fastPayment(cells) : null;
  if (fast) return finish(kind, fast, ctx, cells);
  return parseLedgerRowBySchema(kind, cells, ctx);
}

/** The definition: the same row read through the zod schemas only (the fast path must agree with it exactly). */
export function parseLedgerRowBySchema<K extends LedgerKind>(kind: K, cells: Readonly<Record<string, string>>, ctx: RowContext = {}): RowResult<K> {
  const schema = schemas[kind] as z.ZodObject;
  const input: Record<string, string> = {};
  for (const col of Object.keys(schema.shape)) input[col] = cells[col] ?? '';
  const parsed = schema.safeParse(input);
  const errors: FieldError[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ column: String(i.path[0] ?? ''), reason: i.message }));
  if (!parsed.success) return { ok: false, errors: firstPerColumn(errors) };
  return finish(kind, parsed.data as Record<string, unknown>, ctx, cells);
}

/**
 * The keptWhenAbsent columns missing from a row's cells (a CSV header or a JSON item without them).
 * @example absentColumns('customers', { external_id: 'C-1', name: 'Acme', billing_email: 'ap@acme.example' }) // ['country', 'credit_limit', 'payment_terms', 'late_fee_rule']
 */
export function absentColumns(kind: 'customers' | 'invoices', cells: Readonly<Record<string, string>>): string[] {
  const present = (c: string) => Object.hasOwn(cells, c) || (c === 'credit_limit' && Object.hasOwn(cells, 'credit_limit_currency'));
  return keptWhenAbsent[kind].filter((c) => !present(c));
}

function finish<K extends LedgerKind>(kind: K, data: Record<string, unknown>, ctx: RowContext, cells: Readonly<Record<string, string>>): RowResult<K> {
  const errors: FieldError[] = [];
  const out: Record<string, unknown> = { ...data };
  if (kind === 'customers' || kind === 'invoices') {
    const absent = absentColumns(kind, cells);
    if (absent.length > 0) out.absent_columns = absent;
  }
  if (kind === 'invoices' || kind === 'payments' || kind === 'credit_notes') {
    const amount = parseAmount(String(data.amount), String(data.currency));
    const comma = amount.ok ? null : decimalCommaFix(String(data.amount));
    if (!amount.ok) {
      errors.push({ column: 'amount', reason: comma === null ? amount.reason : `${amount.reason}, which uses ',' as the decimal separator; write ${comma}` });
    }
    else if (amount.minor <= 0n) errors.push({ column: 'amount', reason: `must be more than zero, got "${String(data.amount)}"` });
    delete out.amount;
    if (amount.ok) out.amount_minor = amount.minor;
  }
  if (kind === 'customers') {
    const limit = String(data.credit_limit);
    const cur = data.credit_limit_currency as string | null;
    delete out.credit_limit;
    out.credit_limit_minor = null;
    if (limit !== '' && cur === null) errors.push({ column: 'credit_limit_currency', reason: `required with credit_limit ${limit}: its ISO 4217 currency` });
    else if (limit === '' && cur !== null) errors.push({ column: 'credit_limit', reason: `required with credit_limit_currency ${cur}: the limit, such as 50000.00` });
    else if (limit !== '' && cur !== null) {
      const amount = parseAmount(limit, cur);
      const comma = amount.ok ? null : decimalCommaFix(limit);
      if (!amount.ok) errors.push({ column: 'credit_limit', reason: comma === null ? amount.reason : `${amount.reason}, which uses ',' as the decimal separator; write ${comma}` });
      else if (amount.minor < 0n) errors.push({ column: 'credit_limit', reason: `must not be negative, got "${limit}"` });
      else out.credit_limit_minor = amount.minor;
    }
  }
  if (kind === 'invoices' && String(data.due_date) < String(data.issue_date)) {
    errors.push({ column: 'due_date', reason: `is before issue_date ${String(data.issue_date)}` });
  }
  if (kind === 'payments' && ctx.today && String(data.received_date) > ctx.today.date) {
    errors.push({ column: 'received_date', reason: `${String(data.received_date)} is after today (${ctx.today.date} in ${ctx.today.zone})` });
  }
  if (kind === 'disputes') {
    const closing = data.status === 'resolved' || data.status === 'credit_note_issued';
    if (closing && data.closed_date === null) {
      errors.push({ column: 'closed_date', reason: `required when status is ${String(data.status)}` });
    }
    if (!closing && data.closed_date !== null) {
      errors.push({ column: 'status', reason: `is ${String(data.status)} but closed_date is set; use resolved or credit_note_issued` });
    }
    if (data.closed_date !== null && String(data.closed_date) < String(data.opened_date)) {
      errors.push({ column: 'closed_date', reason: `is before opened_date ${String(data.opened_date)}` });
    }
    out.external_id = data.external_id ?? `${String(data.invoice_external_id)}@${String(data.opened_date)}`;
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, row: out as unknown as RowsByKind[K] };
}

function firstPerColumn(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => (seen.has(e.column) ? false : (seen.add(e.column), true)));
}

/**
 * Turns one JSON item of the HTTP API into text cells. Amounts may be decimal strings or plain JSON
 * numbers without exponent; a list of billing emails may be an array.
 */
export function cellsFromJson(item: unknown): { ok: true; cells: Record<string, string> } | { ok: false; errors: FieldError[] } {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    return { ok: false, errors: [{ column: '', reason: 'each item must be a JSON object' }] };
  }
  const cells: Record<string, string> = {};
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(item)) {
    if (value === null || value === undefined) cells[key] = '';
    else if (typeof value === 'string') cells[key] = value;
    else if (typeof value === 'boolean') cells[key] = String(value);
    else if (typeof value === 'number') {
      const s = String(value);
      // JSON numbers are doubles: accept only what round-trips as a plain decimal of at most 15 digits.
      if (!Number.isFinite(value) || /e/i.test(s) || s.replace(/[-.]/g, '').length > 15) {
        errors.push({ column: key, reason: `send this number as a decimal string, such as "1234.50"` });
      } else cells[key] = s;
    } else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) cells[key] = value.join(';');
    else errors.push({ column: key, reason: 'expected text, a number, true/false or a list of text' });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, cells };
}
