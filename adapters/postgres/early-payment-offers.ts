import { dateInZone } from '../../src/domain/calendar-date.js';
import { openEarlyPaymentOffer, type EarlyPaymentOffer } from '../../src/domain/fees/early-payment-discount.js';
import type { Sql } from './connect.js';
import { remainingOn } from './settlement-sql.js';

/** An invoice's open early-payment offer, with the currency and the customer's zone its dates are read in. */
export interface InvoiceEarlyPaymentOffer extends EarlyPaymentOffer {
  readonly currency: string;
  readonly timezone: string;
}

/**
 * The early-payment offer of an invoice as of `now`, on its customer's calendar day: the same figures the D-7 email
 * states (openEarlyPaymentOffer over what the invoice still owes that day, with its own terms or else its
 * customer's). Null when it has no discount terms, the window has ended, or nothing is left to pay for it.
 * For the customer portal.
 */
export async function findEarlyPaymentOffer(sql: Sql, invoiceId: bigint, now: Date): Promise<InvoiceEarlyPaymentOffer | null> {
  const [zone] = await sql<{ timezone: string }[]>`
    SELECT c.timezone FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = ${invoiceId.toString()}::int8`;
  if (!zone) return null;
  const today = dateInZone(now, zone.timezone);
  const [r] = await sql<{ amount_minor: bigint; issue_date: string; currency: string; remaining: bigint; bp: number | null; days: number | null }[]>`
    SELECT i.amount_minor, i.issue_date::text AS issue_date, i.currency::text AS currency,
           ${remainingOn(sql, sql`${today}::date`)} AS remaining, t.bp, t.days
    FROM invoices i LEFT JOIN LATERAL early_payment_terms(i.id) t ON true
    WHERE i.id = ${invoiceId.toString()}::int8`;
  if (!r || r.bp === null || r.days === null) return null;
  const offer = openEarlyPaymentOffer(
    { amountMinor: BigInt(r.amount_minor), issueDate: r.issue_date, remainingMinor: BigInt(r.remaining) }, { bp: r.bp, days: r.days }, today);
  return offer && { ...offer, currency: r.currency, timezone: zone.timezone };
}
