import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadenceCandidates } from '../../adapters/postgres/cadence-candidates.js';
import { matchCandidates, unallocatedPayments } from '../../adapters/postgres/payments.js';
import { customer, importRows, invoice, owner } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Postgres sums bigint into numeric, which the driver hands over as a string: "100000" < "40000" as text.
// Every money column a query returns must come back as a BigInt.

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
  await importRows(db.sql, {
    owners: [owner],
    customers: [customer('C-1', 'Europe/Paris')],
    invoices: [invoice('G', 'C-1', '2026-03-02', '1000.00'), invoice('H', 'C-1', '2026-03-03', '400.00')],
    payments: [{ external_id: 'P1', customer_external_id: 'C-1', received_date: '2026-02-25', currency: 'EUR', amount: '400.00', invoice_number: 'INV-G' },
      { external_id: 'P2', customer_external_id: 'C-1', received_date: '2026-02-25', currency: 'EUR', amount: '50.00', reference: 'nothing' }],
  });
});
afterAll(async () => {
  await db.close();
});

describe('money columns read back as BigInt', () => {
  it('allocates a partial payment for its own amount, not the invoice\'s', async () => {
    const [a] = await db.sql`SELECT amount_minor FROM payment_allocations`;
    expect(a!.amount_minor).toBe(40000n);
  });

  it.each([
    ['unallocated payments', async () => (await unallocatedPayments(db.sql, ['P2'])).map((p) => p.unallocated_minor)],
    ['match candidates', async () => [...(await matchCandidates(db.sql, [{ customerId: 1n, currency: 'EUR', amount: 1n, numbers: ['INV-G'] }])).values()].flat().map((c) => c.remaining)],
    ['cadence candidates', async () => (await cadenceCandidates(db.sql, new Date('2026-03-05T10:00:00Z'), '2026-03-05', '2026-02-01', '2026-04-01')).flatMap((c) => [c.remaining_minor, c.amount_minor])],
  ])('%s', async (_name, read) => {
    const values = await read();
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(typeof v).toBe('bigint');
  });
});
