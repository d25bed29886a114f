import type { CalendarDate } from '../../src/domain/calendar-date.js';
import type { LateInvoice } from '../../src/domain/fees/fee-preview.js';
import type { Sql } from './connect.js';

interface Row {
  customer_external_id: string;
  customer_name: string;
  country: string | null;
  late_fee_rule: string | null;
  segment: string;
  strategic: boolean;
  external_id: string;
  number: string;
  currency: string;
  amount_minor: bigint;
  due_date: string;
  credited_minor: bigint;
  payments: { on: string; minor: string }[];
}

/**
 * Invoices issued on or before `asOf` and due before it, of customers that may have a late-fee rule (a country or a
 * rule of their own), with their payments (by received date) and credit notes dated on or before `asOf`. Whether a
 * rule applies and what is still owed is decided by src/domain/fees/fee-preview.ts.
 */
export async function lateInvoices(sql: Sql, asOf: CalendarDate, customerExternalId: string | null): Promise<LateInvoice[]> {
  const rows = await sql<Row[]>`
    SELECT c.external_id AS customer_external_id, c.name AS customer_name, c.country, c.late_fee_rule, c.segment,
           c.strategic, i.external_id, i.number, i.currency, i.amount_minor, i.due_date::text AS due_date,
           coalesce((SELECT sum(cn.amount_minor) FROM credit_notes cn
                     WHERE cn.invoice_id = i.id AND cn.issued_date <= ${asOf}::date), 0)::int8 AS credited_minor,
           coalesce((SELECT json_agg(json_build_object('on', p.received_date::text, 'minor', a.amount_minor::text) ORDER BY p.received_date)
                     FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
                     WHERE a.invoice_id = i.id AND p.received_date <= ${asOf}::date), '[]'::json) AS payments
    FROM invoices i
    JOIN customers c ON c.id = i.customer_id
    JOIN invoice_settlements s ON s.invoice_id = i.id
    WHERE i.due_date < ${asOf}::date AND i.issue_date <= ${asOf}::date
      AND (s.settled_on IS NULL OR s.settled_on > ${asOf}::date)
      AND (c.country IS NOT NULL OR c.late_fee_rule IS NOT NULL)
      AND (${customerExternalId}::text IS NULL OR c.external_id = ${customerExternalId}::text)
    ORDER BY c.external_id, i.due_date, i.number`;
  return rows.map((r) => ({
    customer: {
      externalId: r.customer_external_id, name: r.customer_name, country: r.country, lateFeeRule: r.late_fee_rule,
      segment: r.segment, strategic: r.strategic,
    },
    externalId: r.external_id, number: r.number, currency: r.currency, amountMinor: BigInt(r.amount_minor),
    dueDate: r.due_date, creditedMinor: BigInt(r.credited_minor),
    payments: r.payments.map((p) => ({ on: p.on, minor: BigInt(p.minor) })),
  }));
}

export async function customerExists(sql: Sql, externalId: string): Promise<boolean> {
  const [r] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM customers WHERE external_id = ${externalId}`;
  return r!.n > 0;
}
