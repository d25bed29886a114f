import { z } from 'zod';
import { isCurrencyCode } from '../currency.js';
import { checkBic, checkRoutingNumber, checkSortCode, checkUkAccountNumber, checkUsAccountNumber } from './bank-codes.js';
import { checkIban, type AccountCheck } from './iban.js';
import { jsonPathLine } from './json-path-line.js';

// The file of `arbot payment-methods load FILE.json`: per currency, where to pay and how. One object keyed by the
// ISO 4217 code; every account number is checked (IBAN mod 97, BIC format, sort code, ABA routing checksum).

export const paymentMethodKinds = ['wire', 'direct_debit', 'card'] as const;
export type PaymentMethodKind = (typeof paymentMethodKinds)[number];

/** Where a wire goes: a SEPA/international account, a UK account, or a US account. */
export type BankAccount =
  | { readonly kind: 'iban'; readonly iban: string; readonly bic: string }
  | { readonly kind: 'uk'; readonly sortCode: string; readonly accountNumber: string }
  | { readonly kind: 'us'; readonly routingNumber: string; readonly accountNumber: string };

/** How customers pay invoices of one currency, every value checked and normalized. */
export interface CurrencyPaymentMethods {
  readonly currency: string;
  readonly accountName: string;
  readonly account: BankAccount;
  /** At least one, in the file's order without repeats. */
  readonly methods: readonly PaymentMethodKind[];
  /** Where a customer signs a direct-debit mandate; set exactly when `direct_debit` is offered. */
  readonly directDebitMandateUrl: string | null;
  /** Card (the invoice's pay link) only for amounts due under this, in minor units; null: any amount. */
  readonly cardMaxMinor: bigint | null;
  /** The number customers call to confirm a change of bank details, as printed. */
  readonly phoneToConfirm: string;
}

const https = z.string().trim().max(500).refine((u) => /^https:\/\/[^\s"<>]+$/i.test(u), 'must be an https:// link');

/** One currency's entry in the file (and as stored): checked again by `checkCurrencyEntry`. */
export const paymentMethodsEntrySchema = z.strictObject({
  account_name: z.string().trim().min(1, 'the account holder name is required').max(140),
  iban: z.string().max(64).optional(),
  bic: z.string().max(32).optional(),
  sort_code: z.string().max(16).optional(),
  routing_number: z.string().max(16).optional(),
  account_number: z.string().max(32).optional(),
  methods: z.array(z.enum(paymentMethodKinds)).min(1, 'offer at least one of wire, direct_debit, card'),
  direct_debit_mandate_url: https.optional(),
  card_max_minor: z.union([z.number().int().positive().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^[1-9][0-9]{0,17}$/, 'must be a whole number of minor units, e.g. 500000')]).optional(),
  phone_to_confirm: z.string().trim().refine((p) => /^\+?[0-9 ().-]{6,30}$/.test(p) && (p.match(/[0-9]/g)?.length ?? 0) >= 8,
    'must be a phone number with at least 8 digits, e.g. +33 1 23 45 67 89'),
});
type Entry = z.infer<typeof paymentMethodsEntrySchema>;

export type PaymentMethodsParse =
  | { readonly ok: true; readonly currencies: readonly CurrencyPaymentMethods[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Reads and checks the whole file. Each problem names its path and what to fix, with the file's line when found:
 * "line 4: EUR.iban: checksum fails (check the digits)". Nothing is usable unless everything is.
 * @example parsePaymentMethodsFile('{"EUR":{…,"iban":"DE89370400440532013001",…}}').problems // ['line 1: EUR.iban: checksum fails (check the digits)']
 */
export function parsePaymentMethodsFile(text: string): PaymentMethodsParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`not valid JSON: ${(err as Error).message}`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: ['the file must be one JSON object keyed by currency, e.g. {"EUR": {…}, "GBP": {…}}'] };
  }
  const problems: string[] = [];
  const currencies: CurrencyPaymentMethods[] = [];
  const say = (path: readonly (string | number)[], message: string) => {
    const line = jsonPathLine(text, path);
    problems.push(`${line === null ? '' : `line ${line}: `}${path.join('.')}: ${message}`);
  };
  const entries = Object.entries(json);
  if (entries.length === 0) problems.push('the file names no currency: add one, e.g. {"EUR": {…}}');
  for (const [currency, value] of entries) {
    const checked = checkCurrencyEntry(currency, value);
    if (checked.ok) currencies.push(checked.value);
    else for (const p of checked.problems) say([currency, ...p.path], p.message);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, currencies };
}

interface Problem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Checks one currency's entry (as in the file or as stored).
 * @example checkCurrencyEntry('XYZ', {}).ok // false: "is not an ISO 4217 currency code"
 */
export function checkCurrencyEntry(currency: string, value: unknown): { ok: true; value: CurrencyPaymentMethods } | { ok: false; problems: Problem[] } {
  if (!isCurrencyCode(currency)) return { ok: false, problems: [{ path: [], message: 'is not an ISO 4217 currency code in capitals (e.g. EUR, GBP, USD)' }] };
  const parsed = paymentMethodsEntrySchema.safeParse(value);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issueMessage(i) })) };
  }
  const e = parsed.data;
  const problems: Problem[] = [];
  const account = accountOf(e, problems);
  const methods = [...new Set(e.methods)];
  if (methods.includes('direct_debit') && e.direct_debit_mandate_url === undefined) {
    problems.push({ path: ['direct_debit_mandate_url'], message: 'direct_debit is offered: give the link where customers sign the mandate (https://…)' });
  }
  if (!methods.includes('direct_debit') && e.direct_debit_mandate_url !== undefined) {
    problems.push({ path: ['direct_debit_mandate_url'], message: 'is set but direct_debit is not in methods: add it to methods or remove the link' });
  }
  if (!methods.includes('card') && e.card_max_minor !== undefined) {
    problems.push({ path: ['card_max_minor'], message: 'is set but card is not in methods: add it to methods or remove the limit' });
  }
  if (problems.length > 0 || account === null) return { ok: false, problems };
  return {
    ok: true,
    value: {
      currency, accountName: e.account_name, account, methods,
      directDebitMandateUrl: e.direct_debit_mandate_url ?? null,
      cardMaxMinor: e.card_max_minor === undefined ? null : BigInt(e.card_max_minor),
      phoneToConfirm: e.phone_to_confirm.replace(/\s+/g, ' '),
    },
  };
}

function issueMessage(i: z.core.$ZodIssue): string {
  if (i.code === 'unrecognized_keys') return `unknown field ${i.keys.map((k) => `"${k}"`).join(', ')} (known: ${Object.keys(paymentMethodsEntrySchema.shape).join(', ')})`;
  if (i.code === 'invalid_type' && i.input === undefined) return 'is required';
  if (i.code === 'invalid_value' && i.path.length === 2) return `must be one of ${paymentMethodKinds.join(', ')}`;
  return i.message;
}

/** Exactly one way to name the account: IBAN and BIC, sort code and account number, or routing and account number. */
function accountOf(e: Entry, problems: Problem[]): BankAccount | null {
  const groups = [e.iban !== undefined || e.bic !== undefined, e.sort_code !== undefined, e.routing_number !== undefined].filter(Boolean).length;
  if (groups !== 1) {
    problems.push({ path: [], message: 'give exactly one of: iban and bic; sort_code and account_number; routing_number and account_number' });
    return null;
  }
  const check = (field: string, v: string | undefined, f: (t: string) => AccountCheck): string | null => {
    if (v === undefined) {
      problems.push({ path: [field], message: 'is required with the other bank fields given' });
      return null;
    }
    const r = f(v);
    if (!r.ok) problems.push({ path: [field], message: r.reason });
    return r.ok ? r.value : null;
  };
  if (e.iban !== undefined || e.bic !== undefined) {
    if (e.account_number !== undefined) problems.push({ path: ['account_number'], message: 'is not used with an IBAN: remove it' });
    const iban = check('iban', e.iban, checkIban);
    const bic = check('bic', e.bic, checkBic);
    return iban && bic ? { kind: 'iban', iban, bic } : null;
  }
  if (e.sort_code !== undefined) {
    const sortCode = check('sort_code', e.sort_code, checkSortCode);
    const accountNumber = check('account_number', e.account_number, checkUkAccountNumber);
    return sortCode && accountNumber ? { kind: 'uk', sortCode, accountNumber } : null;
  }
  const routingNumber = check('routing_number', e.routing_number, checkRoutingNumber);
  const accountNumber = check('account_number', e.account_number, checkUsAccountNumber);
  return routingNumber && accountNumber ? { kind: 'us', routingNumber, accountNumber } : null;
}

/**
 * The entry as the file (and the database) hold it: snake case, normalized, so loading it again gives the same.
 * @example toPaymentMethodsEntry(eur).iban // 'DE89370400440532013000'
 */
export function toPaymentMethodsEntry(m: CurrencyPaymentMethods): Record<string, unknown> {
  const a = m.account;
  return {
    account_name: m.accountName,
    ...(a.kind === 'iban' ? { iban: a.iban, bic: a.bic } : a.kind === 'uk' ? { sort_code: a.sortCode, account_number: a.accountNumber }
      : { routing_number: a.routingNumber, account_number: a.accountNumber }),
    methods: [...m.methods],
    ...(m.directDebitMandateUrl === null ? {} : { direct_debit_mandate_url: m.directDebitMandateUrl }),
    ...(m.cardMaxMinor === null ? {} : { card_max_minor: m.cardMaxMinor.toString() }),
    phone_to_confirm: m.phoneToConfirm,
  };
}

/**
 * Whether where the money goes changed (holder or account), as opposed to methods, links or limits: customers are
 * told plainly only of the former.
 * @example bankAccountChanged(eur, { ...eur, methods: ['wire'] }) // false
 */
export function bankAccountChanged(before: CurrencyPaymentMethods, after: CurrencyPaymentMethods): boolean {
  return before.accountName !== after.accountName || JSON.stringify(before.account) !== JSON.stringify(after.account);
}

/**
 * Whether two entries say the same (a load that repeats the current details changes nothing).
 * @example samePaymentMethods(eur, eur) // true
 */
export function samePaymentMethods(a: CurrencyPaymentMethods, b: CurrencyPaymentMethods): boolean {
  return JSON.stringify(toPaymentMethodsEntry(a)) === JSON.stringify(toPaymentMethodsEntry(b));
}
