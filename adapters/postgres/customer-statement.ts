import type { CustomerStatement, CustomerStatementStore } from '../../src/ports/customer-statement.js';
import type { Sql } from './connect.js';

/** Reads a customer's statement: open invoices with what is left to pay (the dispute page's amount-due rule). */
export function postgresCustomerStatementStore(sql: Sql): CustomerStatementStore {
  return {
    async findStatement(customerId, now) {
      const cid = customerId.toString();
      const [c] = await sql<{ name: string; locale: string; timezone: string }[]>`
        SELECT name, locale, timezone FROM customers WHERE id = ${cid}::int8`;
      if (!c) return null;
      const rows = await sql<{ id: bigint; number: string; client_reference: string | null; currency: string;
        due_minor: bigint; due_date: string; pay_url: string | null; under_dispute: boolean }[]>`
        SELECT * FROM (
          SELECT i.id, i.number, i.client_reference, i.currency::text AS currency, i.pay_url,
                 to_char(i.due_date, 'YYYY-MM-DD') AS due_date,
                 (i.amount_minor
                   - coalesce((SELECT sum(a.amount_minor) FROM payment_allocations a WHERE a.invoice_id = i.id), 0)
                   - coalesce((SELECT sum(n.amount_minor) FROM credit_notes n WHERE n.invoice_id = i.id), 0)
                   - coalesce((SELECT sum(d.amount_minor) FROM discount_allocations d WHERE d.invoice_id = i.id), 0))::int8 AS due_minor,
                 EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_id = i.id AND d.closed_at IS NULL) AS under_dispute
          FROM invoices i WHERE i.customer_id = ${cid}::int8 AND i.issue_date <= (${now}::timestamptz AT TIME ZONE ${c.timezone})::date) o
        WHERE due_minor > 0
        ORDER BY due_date, due_minor DESC, number`;
      const statement: CustomerStatement = {
        customerId, customerName: c.name, locale: c.locale, timezone: c.timezone,
        invoices: rows.map((r) => ({
          invoiceId: BigInt(r.id), number: r.number, clientReference: r.client_reference, currency: r.currency,
          dueMinor: BigInt(r.due_minor), dueDate: r.due_date, payUrl: r.pay_url, underDispute: r.under_dispute,
        })),
      };
      return statement;
    },
  };
}
