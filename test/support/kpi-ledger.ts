import type { Sql } from '../../adapters/postgres/connect.js';
import { disputeSpan, type KpiInvoice } from './kpi-oracle/kpi-ledger.js';

/** A small ledger described by keys, inserted as is (no import, no matching): what the KPI tests reason about. */
export interface TestLedger {
  readonly customers: readonly { key: string; segment: string; owner: string | null }[];
  readonly invoices: readonly { key: string; customer: string; currency: string; issue: string; due: string; amount: bigint }[];
  /** `extra`: money received but not allocated to any invoice (never counts). */
  readonly payments: readonly {
    key: string; customer: string; currency: string; received: string; extra?: bigint;
    allocations: readonly { invoice: string; amount: bigint }[];
  }[];
  readonly creditNotes: readonly { key: string; invoice: string; issued: string; amount: bigint }[];
  /** Instants as ISO strings; their calendar dates in the company's zone are what counts. */
  readonly disputes: readonly { key: string; invoice: string; openedAt: string; closedAt: string | null }[];
}

export const emptyLedger: TestLedger = { customers: [], invoices: [], payments: [], creditNotes: [], disputes: [] };

/** The ledger as the pure KPI functions see it, each invoice tagged with its customer's segment and owner. */
export function kpiInvoicesOf(ledger: TestLedger, zone: string): (KpiInvoice & { segment: string; owner: string | null })[] {
  return ledger.invoices.map((inv) => {
    const customer = ledger.customers.find((c) => c.key === inv.customer)!;
    return {
      currency: inv.currency, issueDate: inv.issue, dueDate: inv.due, amountMinor: inv.amount,
      payments: ledger.payments.flatMap((p) => p.allocations.filter((a) => a.invoice === inv.key).map((a) => ({ on: p.received, minor: a.amount }))),
      creditNotes: ledger.creditNotes.filter((n) => n.invoice === inv.key).map((n) => ({ on: n.issued, minor: n.amount })),
      disputes: ledger.disputes.filter((d) => d.invoice === inv.key)
        .map((d) => disputeSpan(new Date(d.openedAt), d.closedAt === null ? null : new Date(d.closedAt), zone)),
      segment: customer.segment,
      owner: customer.owner,
    };
  });
}

const s = (v: bigint) => v.toString();

/** Inserts the ledger with one batched statement per table. Owners are created from the customers' owner keys. */
export async function insertLedger(sql: Sql, ledger: TestLedger): Promise<void> {
  const owners = [...new Set(ledger.customers.flatMap((c) => (c.owner === null ? [] : [c.owner])))];
  await sql`INSERT INTO owners (email, name, team) SELECT lower(x) || '@acme.example', x, 'sales' FROM unnest(${owners}::text[]) x`;
  const cs = ledger.customers;
  await sql`
    INSERT INTO customers (external_id, name, segment, timezone, billing_emails, sales_owner_id)
    SELECT k, k, seg, 'UTC', ARRAY['ap@' || lower(k) || '.example'], o.id
    FROM unnest(${cs.map((c) => c.key)}::text[], ${cs.map((c) => c.segment)}::text[], ${cs.map((c) => c.owner)}::text[]) AS t(k, seg, owner)
    LEFT JOIN owners o ON o.email = lower(t.owner) || '@acme.example'`;
  const iv = ledger.invoices;
  await sql`
    INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
    SELECT k, k, c.id, issue, due, cur, amt
    FROM unnest(${iv.map((i) => i.key)}::text[], ${iv.map((i) => i.customer)}::text[], ${iv.map((i) => i.issue)}::date[],
                ${iv.map((i) => i.due)}::date[], ${iv.map((i) => i.currency)}::text[], ${iv.map((i) => s(i.amount))}::int8[])
         AS t(k, customer, issue, due, cur, amt)
    JOIN customers c ON c.external_id = t.customer`;
  const ps = ledger.payments;
  await sql`
    INSERT INTO payments (external_id, customer_id, received_date, currency, amount_minor)
    SELECT k, c.id, received, cur, amt
    FROM unnest(${ps.map((p) => p.key)}::text[], ${ps.map((p) => p.customer)}::text[], ${ps.map((p) => p.received)}::date[],
                ${ps.map((p) => p.currency)}::text[],
                ${ps.map((p) => s(p.allocations.reduce((t, a) => t + a.amount, p.extra ?? 0n)))}::int8[])
         AS t(k, customer, received, cur, amt)
    JOIN customers c ON c.external_id = t.customer`;
  const al = ps.flatMap((p) => p.allocations.map((a) => ({ payment: p.key, ...a })));
  await sql`
    INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, matched_by)
    SELECT p.id, i.id, amt, 'manual'
    FROM unnest(${al.map((a) => a.payment)}::text[], ${al.map((a) => a.invoice)}::text[], ${al.map((a) => s(a.amount))}::int8[])
         AS t(payment, invoice, amt)
    JOIN payments p ON p.external_id = t.payment JOIN invoices i ON i.external_id = t.invoice`;
  const ns = ledger.creditNotes;
  await sql`
    INSERT INTO credit_notes (external_id, number, invoice_id, issued_date, currency, amount_minor)
    SELECT k, k, i.id, issued, i.currency, amt
    FROM unnest(${ns.map((n) => n.key)}::text[], ${ns.map((n) => n.invoice)}::text[], ${ns.map((n) => n.issued)}::date[],
                ${ns.map((n) => s(n.amount))}::int8[]) AS t(k, invoice, issued, amt)
    JOIN invoices i ON i.external_id = t.invoice`;
  const ds = ledger.disputes;
  await sql`
    INSERT INTO disputes (external_id, invoice_id, status, opened_at, closed_at)
    SELECT k, i.id, CASE WHEN closed IS NULL THEN 'to_clarify' ELSE 'resolved' END, opened, closed
    FROM unnest(${ds.map((d) => d.key)}::text[], ${ds.map((d) => d.invoice)}::text[], ${ds.map((d) => d.openedAt)}::timestamptz[],
                ${ds.map((d) => d.closedAt)}::timestamptz[]) AS t(k, invoice, opened, closed)
    JOIN invoices i ON i.external_id = t.invoice`;
}

/**
 * Empties the ledger tables, children first. DELETE rather than TRUNCATE: on a server TRUNCATE swaps files and
 * costs ~0.5 s, too slow between property runs. (audit_log is append-only and left alone; nothing here writes it.)
 */
export async function clearLedger(sql: Sql): Promise<void> {
  for (const table of ['disputes', 'credit_notes', 'payment_allocations', 'payments', 'invoices', 'customers', 'owners']) {
    await sql.unsafe(`DELETE FROM ${table}`);
  }
}
