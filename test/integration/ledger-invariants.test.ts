import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Migration 011: whoever writes, Postgres refuses a ledger where a payment settles more than its amount, an invoice
// has more applied than its amount, a payment settles another customer's or currency's invoice, or a credit note is
// not in its invoice's currency. Money added is checked at the end of the statement; a change of an invoice or a
// payment at commit, so a transaction may repair what it changed before it commits.

let db: TestDb;
let ids: Record<string, string>;
beforeAll(async () => {
  db = await openTestDb();
  const sql = db.sql;
  const customers = await sql<{ id: string; external_id: string }[]>`
    INSERT INTO customers (external_id, name, timezone, billing_emails)
    VALUES ('A', 'A', 'UTC', ARRAY['ap@a.example']), ('B', 'B', 'UTC', ARRAY['ap@b.example'])
    RETURNING id::text, external_id`;
  const c = Object.fromEntries(customers.map((r) => [r.external_id, r.id]));
  const invoices = await sql<{ id: string; external_id: string }[]>`
    INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
    VALUES ('I1', 'INV-1', ${c.A!}, '2026-01-01', '2026-01-31', 'EUR', 100000),
           ('I2', 'INV-2', ${c.A!}, '2026-01-01', '2026-01-31', 'EUR', 50000),
           ('I3', 'INV-3', ${c.B!}, '2026-01-01', '2026-01-31', 'EUR', 50000),
           ('I4', 'INV-4', ${c.A!}, '2026-01-01', '2026-01-31', 'USD', 50000)
    RETURNING id::text, external_id`;
  const payments = await sql<{ id: string; external_id: string }[]>`
    INSERT INTO payments (external_id, customer_id, received_date, currency, amount_minor)
    VALUES ('P1', ${c.A!}, '2026-02-01', 'EUR', 60000), ('P2', ${c.A!}, '2026-02-01', 'EUR', 100000)
    RETURNING id::text, external_id`;
  ids = { ...c, ...Object.fromEntries([...invoices, ...payments].map((r) => [r.external_id, r.id])) };
  // P1 pays 600.00 of INV-1; INV-1 has a 100.00 credit note. Consistent so far.
  await sql`INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, matched_by) VALUES (${ids.P1!}, ${ids.I1!}, 60000, 'manual')`;
  await sql`INSERT INTO credit_notes (external_id, number, invoice_id, issued_date, currency, amount_minor)
            VALUES ('N1', 'CN-1', ${ids.I1!}, '2026-02-02', 'EUR', 10000)`;
});
afterAll(async () => {
  await db?.close();
});

/** The refusal of a write: its SQLSTATE, the invariant it names and its message. */
async function refusal(write: () => Promise<unknown>): Promise<{ code: string; constraint: string; message: string }> {
  try {
    await write();
  } catch (err) {
    const e = err as { code: string; constraint_name: string; message: string };
    return { code: e.code, constraint: e.constraint_name, message: e.message };
  }
  throw new Error('the write was accepted');
}

/** Everything the invariants are about, to show a refused write left nothing behind. */
const ledger = () => db.sql`
  SELECT (SELECT json_agg(a ORDER BY a.id) FROM (SELECT id, payment_id, invoice_id, amount_minor FROM payment_allocations) a) AS allocations,
         (SELECT json_agg(n ORDER BY n.id) FROM (SELECT id, invoice_id, currency, amount_minor FROM credit_notes) n) AS credit_notes,
         (SELECT json_agg(i ORDER BY i.id) FROM (SELECT id, customer_id, currency, amount_minor FROM invoices) i) AS invoices,
         (SELECT json_agg(p ORDER BY p.id) FROM (SELECT id, customer_id, currency, amount_minor FROM payments) p) AS payments,
         (SELECT json_agg(s ORDER BY s.invoice_id) FROM (SELECT invoice_id, applied_minor FROM invoice_settlements) s) AS settlements`;

describe('ledger invariants in Postgres (migration 011)', () => {
  const allocate = (payment: string, invoice: string, amount: number) => () => db.sql`
    INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, matched_by)
    VALUES (${ids[payment]!}, ${ids[invoice]!}, ${amount}, 'manual')`;

  it.each([
    ['an allocation beyond what the payment has left', allocate('P1', 'I2', 10000), 'payment_allocated_within_amount',
      /payment \d+ \(P1\) would have 70000 allocated, more than its amount 60000 \(minor units of EUR\)/],
    ['an allocation beyond what the invoice still owes', allocate('P2', 'I1', 40000), 'invoice_applied_within_amount',
      /invoice \d+ \(I1, number INV-1\) has 110000 applied \(100000 by payments, 10000 by credit notes\), more than its amount 100000/],
    ['a payment settling another customer\'s invoice', allocate('P2', 'I3', 100), 'allocation_same_customer_currency',
      /payment \d+ \(P2\) of customer \d+ in EUR cannot settle invoice \d+ \(I3\) of customer \d+ in EUR/],
    ['a payment settling an invoice in another currency', allocate('P2', 'I4', 100), 'allocation_same_customer_currency',
      /payment \d+ \(P2\) of customer \d+ in EUR cannot settle invoice \d+ \(I4\) of customer \d+ in USD/],
    ['a credit note in another currency than its invoice', () => db.sql`
      INSERT INTO credit_notes (external_id, number, invoice_id, issued_date, currency, amount_minor)
      VALUES ('N2', 'CN-2', ${ids.I2!}, '2026-02-02', 'USD', 100)`, 'credit_note_invoice_currency',
      /credit note \d+ \(N2\) is in USD but its invoice \d+ \(I2\) is in EUR/],
    ['a credit note beyond what the invoice still owes', () => db.sql`
      INSERT INTO credit_notes (external_id, number, invoice_id, issued_date, currency, amount_minor)
      VALUES ('N3', 'CN-3', ${ids.I1!}, '2026-02-02', 'EUR', 30001)`, 'invoice_applied_within_amount',
      /invoice \d+ \(I1, number INV-1\) has 100001 applied \(60000 by payments, 40001 by credit notes\)/],
    ['a credit note raised beyond it', () => db.sql`UPDATE credit_notes SET amount_minor = 40001 WHERE external_id = 'N1'`,
      'invoice_applied_within_amount', /has 100001 applied/],
    ['an allocation raised beyond the payment', () => db.sql`UPDATE payment_allocations SET amount_minor = 60001`,
      'payment_allocated_within_amount', /\(P1\) would have 60001 allocated/],
    ['a payment lowered below what it settled', () => db.sql`UPDATE payments SET amount_minor = 59999 WHERE external_id = 'P1'`,
      'payment_allocated_within_amount', /payment \d+ \(P1\) has 60000 allocated, more than its amount 59999/],
    ['a payment moved to another customer', () => db.sql`UPDATE payments SET customer_id = ${ids.B!} WHERE external_id = 'P1'`,
      'allocation_same_customer_currency', /payment \d+ \(P1\) is now of customer \d+ in EUR, but is allocated to invoice \d+ \(I1\)/],
    ['a payment moved to another currency', () => db.sql`UPDATE payments SET currency = 'USD' WHERE external_id = 'P1'`,
      'allocation_same_customer_currency', /\(P1\) is now of customer \d+ in USD/],
    ['an invoice lowered below what is applied', () => db.sql`UPDATE invoices SET amount_minor = 69999 WHERE external_id = 'I1'`,
      'invoice_applied_within_amount', /\(I1, number INV-1\) has 70000 applied \(60000 by payments, 10000 by credit notes\), more than its amount 69999/],
    ['an invoice moved to another customer', () => db.sql`UPDATE invoices SET customer_id = ${ids.B!} WHERE external_id = 'I1'`,
      'allocation_same_customer_currency', /invoice \d+ \(I1\) is now of customer \d+ in EUR, but payment \d+ \(P1\)/],
    ['an invoice moved to another currency', () => db.sql`UPDATE invoices SET currency = 'USD' WHERE external_id = 'I1'`,
      'allocation_same_customer_currency', /invoice \d+ \(I1\) is now of customer \d+ in USD/],
  ])('refuses %s, naming the invariant and the rows, and leaves the ledger as it was', async (_what, write, constraint, message) => {
    const before = await ledger();
    const r = await refusal(write);
    expect(r).toMatchObject({ code: '23514', constraint });
    expect(r.message).toMatch(new RegExp(`^ledger invariant ${constraint}: `));
    expect(r.message).toMatch(message);
    expect(await ledger()).toEqual(before);
  });

  it('refuses a credit note left in the old currency of its invoice, even with no payment on it', async () => {
    await db.sql`INSERT INTO credit_notes (external_id, number, invoice_id, issued_date, currency, amount_minor)
                 VALUES ('N4', 'CN-4', ${ids.I2!}, '2026-02-02', 'EUR', 100)`;
    const r = await refusal(() => db.sql`UPDATE invoices SET currency = 'USD' WHERE external_id = 'I2'`);
    expect(r).toMatchObject({ code: '23514', constraint: 'credit_note_invoice_currency' });
    expect(r.message).toMatch(/invoice \d+ \(I2\) is now in USD, but its credit note \d+ \(N4\) is in EUR/);
    await db.sql`DELETE FROM credit_notes WHERE external_id = 'N4'`;
  });

  it('checks changes at commit: a transaction that lowers an invoice and releases what no longer fits commits', async () => {
    await db.sql.begin(async (tx) => {
      await tx`UPDATE invoices SET amount_minor = 30000 WHERE external_id = 'I1'`;
      await tx`UPDATE payment_allocations SET amount_minor = 20000 WHERE payment_id = ${ids.P1!}`;
    });
    const [s] = await db.sql`SELECT amount_minor, applied_minor, settled_on IS NOT NULL AS settled FROM invoice_settlements WHERE invoice_id = ${ids.I1!}`;
    expect(s).toEqual({ amount_minor: 30000n, applied_minor: 30000n, settled: true });
    // … and one that does not repair it is refused at commit, whole.
    const before = await ledger();
    const r = await refusal(() => db.sql.begin(async (tx) => {
      await tx`UPDATE invoices SET amount_minor = 100000 WHERE external_id = 'I1'`;
      await tx`UPDATE payments SET amount_minor = 10000 WHERE external_id = 'P1'`;
    }));
    expect(r).toMatchObject({ code: '23514', constraint: 'payment_allocated_within_amount' });
    expect(await ledger()).toEqual(before);
  });
});
