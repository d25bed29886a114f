import type { DisputableInvoice } from '../../src/domain/customer-dispute.js';
import type { AuditEntry, CustomerDisputeStore, CustomerDisputeUnit, NewCustomerDispute } from '../../src/ports/customer-disputes.js';
import { raiseAlert } from './alerts.js';
import type { Sql } from './connect.js';

interface InvoiceRow {
  id: bigint;
  external_id: string;
  number: string;
  client_reference: string | null;
  po_number: string | null;
  currency: string;
  amount_minor: bigint;
  due_minor: bigint;
  due_date: string;
  customer_id: bigint;
  customer_external_id: string;
  customer_name: string;
  locale: string;
  open_dispute_id: bigint | null;
}

/** The invoice as the dispute page shows it: amount due after payments and credit notes, and any open dispute. */
async function findInvoice(sql: Sql, invoiceId: bigint): Promise<DisputableInvoice | null> {
  const [r] = await sql<InvoiceRow[]>`
    SELECT i.id, i.external_id, i.number, i.client_reference, i.po_number, i.currency::text AS currency, i.amount_minor,
           (i.amount_minor
             - coalesce((SELECT sum(a.amount_minor) FROM payment_allocations a WHERE a.invoice_id = i.id), 0)
             - coalesce((SELECT sum(n.amount_minor) FROM credit_notes n WHERE n.invoice_id = i.id), 0)
             - coalesce((SELECT sum(d.amount_minor) FROM discount_allocations d WHERE d.invoice_id = i.id), 0))::int8 AS due_minor,
           to_char(i.due_date, 'YYYY-MM-DD') AS due_date,
           c.id AS customer_id, c.external_id AS customer_external_id, c.name AS customer_name, c.locale,
           (SELECT d.id FROM disputes d WHERE d.invoice_id = i.id AND d.closed_at IS NULL
             ORDER BY d.opened_at, d.id LIMIT 1) AS open_dispute_id
    FROM invoices i JOIN customers c ON c.id = i.customer_id
    WHERE i.id = ${invoiceId.toString()}::int8`;
  if (!r) return null;
  return {
    invoiceId: r.id, invoiceExternalId: r.external_id, number: r.number, clientReference: r.client_reference,
    poNumber: r.po_number, currency: r.currency, amountMinor: r.amount_minor, dueMinor: r.due_minor, dueDate: r.due_date,
    customerId: r.customer_id, customerExternalId: r.customer_external_id, customerName: r.customer_name,
    locale: r.locale, openDisputeId: r.open_dispute_id,
  };
}

function unitFor(tx: Sql): CustomerDisputeUnit {
  return {
    async lockInvoice(invoiceId) {
      // NO KEY UPDATE serializes dispute openings on one invoice without blocking inserts that merely reference it.
      const locked = await tx`SELECT id FROM invoices WHERE id = ${invoiceId.toString()}::int8 FOR NO KEY UPDATE`;
      return locked.length === 0 ? null : findInvoice(tx, invoiceId);
    },
    async insertDispute(d: NewCustomerDispute) {
      const [row] = await tx<{ id: bigint }[]>`
        INSERT INTO disputes (external_id, invoice_id, reason, status, source, opened_at)
        VALUES (${d.externalId}, ${d.invoiceId.toString()}::int8, ${d.reason}, 'to_clarify', 'customer_link', ${d.openedAt})
        RETURNING id`;
      return row!.id;
    },
    async audit(e: AuditEntry) {
      await tx`
        INSERT INTO audit_log (actor, action, entity, entity_id, details)
        VALUES (${e.actor}, ${e.action}, ${e.entity}, ${e.entityId === null ? null : e.entityId.toString()}::int8,
                ${tx.json(e.details as never)})`;
    },
    raiseAlert: (a) => raiseAlert(tx, a),
  };
}

export function postgresCustomerDisputeStore(sql: Sql): CustomerDisputeStore {
  return {
    findInvoice: (invoiceId) => findInvoice(sql, invoiceId),
    unit: async (work) => (await sql.begin((tx) => work(unitFor(tx as unknown as Sql)))) as Awaited<ReturnType<typeof work>>,
  };
}
