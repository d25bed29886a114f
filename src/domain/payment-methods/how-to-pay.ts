import { dateInZone, type CalendarDate } from '../calendar-date.js';
import { formatIban } from './iban.js';
import type { BankAccount, CurrencyPaymentMethods } from './payment-methods-file.js';

// What a customer reads under "How to pay": per currency of the invoices, where to wire, the exact reference to
// write, the other ways accepted, and, for a while after an approved change of account, a plain warning to
// confirm the new details by phone before paying (changed bank details are the classic invoice-fraud lure).

/** BANK_CHANGE_NOTICE_DAYS when not configured. */
export const defaultBankChangeNoticeDays = 60;

/** A currency's details in force, and when an approver last changed where the money goes (null: never changed). */
export interface PaymentDetailsInForce {
  readonly methods: CurrencyPaymentMethods;
  readonly accountChangedAt: Date | null;
}

/** One invoice to pay: its number is the reference; its pay link is the card payment. */
export interface InvoiceToPay {
  readonly number: string;
  readonly currency: string;
  readonly amountDueMinor: bigint;
  readonly payUrl: string | null;
}

export interface HowToPay {
  readonly currency: string;
  readonly accountName: string;
  /** Printed in groups of four. */
  readonly iban: string | null;
  readonly bic: string | null;
  readonly sortCode: string | null;
  readonly routingNumber: string | null;
  readonly accountNumber: string | null;
  /**
   * The exact reference to write on the transfer: the invoice numbers, comma-separated; when they would not fit a
   * transfer's reference (140 characters, SEPA's remittance field), the first one, as an example (`referencePerInvoice`).
   */
  readonly reference: string;
  readonly referencePerInvoice: boolean;
  readonly wire: boolean;
  readonly directDebitUrl: string | null;
  /** Card is accepted and at least one invoice of this currency may be paid by card (its pay link, under the limit). */
  readonly card: boolean;
  /** Card only for amounts due under this (minor units); null: any amount. */
  readonly cardMaxMinor: bigint | null;
  /** The customer's day the account changed, while the notice lasts; null otherwise. */
  readonly changedOn: CalendarDate | null;
  readonly phoneToConfirm: string;
}

/**
 * Whether an invoice's pay link (a card payment) is offered: no details for its currency (nothing to restrict),
 * or card accepted and the amount due under the currency's card limit.
 * @example cardAllowed(eurWithCardMax100000, 99_999n) // true
 * @example cardAllowed(eurWithCardMax100000, 100_000n) // false
 */
export function cardAllowed(details: CurrencyPaymentMethods | null | undefined, amountDueMinor: bigint): boolean {
  if (!details) return true;
  if (!details.methods.includes('card')) return false;
  return details.cardMaxMinor === null || amountDueMinor < details.cardMaxMinor;
}

/**
 * Whether customers are still told that the account changed: for `noticeDays` days after the approved change.
 * @example changeNoticeActive(new Date('2026-12-01T10:00Z'), new Date('2027-01-29T09:59Z'), 60) // true
 */
export function changeNoticeActive(changedAt: Date | null, now: Date, noticeDays: number): boolean {
  return changedAt !== null && now.getTime() >= changedAt.getTime() && now.getTime() < changedAt.getTime() + noticeDays * 86_400_000;
}

/**
 * "How to pay" for a set of invoices: one entry per currency that has details in force, in the order currencies
 * first appear; currencies without details get none (the email then says nothing it does not know).
 * @example buildHowToPay([{ number: 'F-1', currency: 'EUR', amountDueMinor: 100n, payUrl: null }], { get: () => eur }, now, 60, 'Europe/Paris')[0].reference // 'F-1'
 */
export function buildHowToPay(
  invoices: readonly InvoiceToPay[], detailsOf: (currency: string) => PaymentDetailsInForce | null, now: Date, noticeDays: number, zone: string,
): HowToPay[] {
  const byCurrency = new Map<string, InvoiceToPay[]>();
  for (const inv of invoices) byCurrency.set(inv.currency, [...(byCurrency.get(inv.currency) ?? []), inv]);
  const out: HowToPay[] = [];
  for (const [currency, list] of byCurrency) {
    const d = detailsOf(currency);
    if (!d) continue;
    const m = d.methods;
    out.push({
      currency, accountName: m.accountName, ...accountLines(m.account),
      ...referenceOf(list.map((i) => i.number)),
      wire: m.methods.includes('wire'),
      directDebitUrl: m.methods.includes('direct_debit') ? m.directDebitMandateUrl : null,
      card: list.some((i) => i.payUrl !== null && cardAllowed(m, i.amountDueMinor)),
      cardMaxMinor: m.cardMaxMinor,
      changedOn: changeNoticeActive(d.accountChangedAt, now, noticeDays) ? dateInZone(d.accountChangedAt!, zone) : null,
      phoneToConfirm: m.phoneToConfirm,
    });
  }
  return out;
}

/** SEPA's unstructured remittance information holds 140 characters. */
const referenceMax = 140;

function referenceOf(numbers: readonly string[]): Pick<HowToPay, 'reference' | 'referencePerInvoice'> {
  const all = numbers.join(', ');
  return all.length <= referenceMax ? { reference: all, referencePerInvoice: false } : { reference: numbers[0]!, referencePerInvoice: true };
}

function accountLines(a: BankAccount): Pick<HowToPay, 'iban' | 'bic' | 'sortCode' | 'routingNumber' | 'accountNumber'> {
  switch (a.kind) {
    case 'iban': return { iban: formatIban(a.iban), bic: a.bic, sortCode: null, routingNumber: null, accountNumber: null };
    case 'uk': return { iban: null, bic: null, sortCode: a.sortCode, routingNumber: null, accountNumber: a.accountNumber };
    case 'us': return { iban: null, bic: null, sortCode: null, routingNumber: a.routingNumber, accountNumber: a.accountNumber };
  }
}

/**
 * The account with all but its edges hidden, for chat (an approver compares old and new without the channel
 * holding full account numbers).
 * @example maskAccount({ kind: 'iban', iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' }) // 'IBAN DE89 •••• 3000 · BIC COBADEFFXXX'
 */
export function maskAccount(a: BankAccount): string {
  const tail = (s: string) => `•••• ${s.slice(-4)}`;
  switch (a.kind) {
    case 'iban': return `IBAN ${a.iban.slice(0, 4)} ${tail(a.iban)} · BIC ${a.bic}`;
    case 'uk': return `sort code ${a.sortCode} · account ${tail(a.accountNumber)}`;
    case 'us': return `routing ${a.routingNumber} · account ${tail(a.accountNumber)}`;
  }
}
