import { dateInZone, type CalendarDate } from '../../src/domain/calendar-date.js';
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
 */
export async function findEarlyPaymentOffer(sql: Sql, invoiceId: bigint, now: Date): Promise<InvoiceEarlyPaymentOffer | null> {
  const [zone] = await sql<{ timezone: string }[]>`
    SELECT c.timezone FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE i.id = ${invoiceId.toString()}::int8`;
  if (!zone) return null;
  const [r] = await offerRows(sql, [invoiceId], dateInZone(now, zone.timezone));
  const offer = r?.[1];
  return offer ? { ...offer, currency: r[2], timezone: zone.timezone } : null;
}

/**
 * The open early-payment offers of a customer's invoices on `today`, the customer's calendar day (the customer
 * portal: one query for the page). Invoices without an open offer are absent from the map.
 */
export async function findEarlyPaymentOffers(sql: Sql, invoiceIds: readonly bigint[], today: CalendarDate): Promise<Map<bigint, EarlyPaymentOffer>> {
  const rows = await offerRows(sql, invoiceIds, today);
  return new Map(rows.flatMap(([id, offer]) => (offer ? [[id, offer] as const] : [])));
}

async function offerRows(sql: Sql, invoiceIds: readonly bigint[], today: CalendarDate): Promise<[bigint, EarlyPaymentOffer | null, string][]> {
  if (invoiceIds.length === 0) return [];
  const rows = await sql<{ id: bigint; amount_minor: bigint; issue_date: string; currency: string; remaining: bigint; bp: number; days: number }[]>`
    SELECT i.id, i.amount_minor, i.issue_date::text AS issue_date, i.currency::text AS currency,
           ${remainingOn(sql, sql`${today}::date`)} AS remaining, t.bp, t.days
    FROM invoices i JOIN LATERAL early_payment_terms(i.id) t ON true
    WHERE i.id = ANY(${invoiceIds.map(String)}::int8[]) AND t.bp IS NOT NULL AND t.days IS NOT NULL`;
  return rows.map((r) => [BigInt(r.id), openEarlyPaymentOffer(
    { amountMinor: BigInt(r.amount_minor), issueDate: r.issue_date, remainingMinor: BigInt(r.remaining) }, { bp: r.bp, days: r.days }, today), r.currency.trim()]);
}
