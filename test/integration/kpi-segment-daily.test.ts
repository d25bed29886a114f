import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { kpiRollupViolations } from '../../adapters/postgres/ledger-check-kpi.js';
import { monthEndsThrough } from '../../src/domain/kpi/calendar-months.js';
import { computeKpis } from '../../src/services/compute-kpis.js';
import { clearLedger, insertLedger } from '../support/kpi-ledger.js';
import { expectLedgerClean } from '../support/ledger-clean.js';
import { ceiMonthEnd, paidOnDueDate } from '../support/kpi-scenarios.js';
import { isEmbedded, openTestDb, type TestDb } from '../support/test-db.js';

// kpi_segment_daily (migration 010): each settlement row counts under its customer's current segment, whatever
// changes the settlement, the invoice's customer or the customer's segment. The property test covers random
// changes; these are the moves it reaches rarely, and writers racing a segment change (real server only).

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.close();
});

const segments = ['top', 'standard', 'at_risk'] as const;
const daily = () => postgresKpiStore(db.sql, 'UTC');
const scan = () => postgresKpiStore(db.sql, 'UTC', { strategy: 'scan' });
const kpis = (store: ReturnType<typeof daily>, asOf: string, segment?: string) =>
  computeKpis({ store, zone: 'UTC', now: () => new Date('2030-01-01T00:00:00Z') }, { asOf, segment });

/** Rows of the rollups that differ from their rebuild, or whose segments do not add up to kpi_daily (as `arbot check`). */
const drift = () => kpiRollupViolations(db.sql);

/** Each segment's KPIs and trend from the rollup equal the invoice scans', and the rollup has no drift. */
async function expectConsistent(asOf: string): Promise<void> {
  for (const segment of segments) {
    expect(await kpis(daily(), asOf, segment)).toEqual(await kpis(scan(), asOf, segment));
    const ends = monthEndsThrough(asOf, 12);
    expect(await daily().trend(ends, { segment })).toEqual(await scan().trend(ends, { segment }));
  }
  expect(await drift()).toEqual([]);
  // These ledgers give a customer's invoices to another customer than their payments' (twoCustomers, direct writes):
  // every other check of `arbot check` holds.
  await expectLedgerClean(db.sql, { except: ['allocation_customer_mismatch'] });
}

// Every other invoice goes to C2, with the payments that settle it (a payment settles its own customer's invoices).
const toC2 = new Set(ceiMonthEnd.ledger.invoices.filter((_, k) => k % 2 === 1).map((i) => i.key));
const twoCustomers = {
  ...ceiMonthEnd.ledger,
  customers: [{ key: 'C1', segment: 'top', owner: 'Ana' }, { key: 'C2', segment: 'standard', owner: null }],
  invoices: ceiMonthEnd.ledger.invoices.map((i) => (toC2.has(i.key) ? { ...i, customer: 'C2' } : i)),
  payments: ceiMonthEnd.ledger.payments.map((p) => (p.allocations.some((a) => toC2.has(a.invoice)) ? { ...p, customer: 'C2' } : p)),
};

describe('kpi_segment_daily', () => {
  beforeEach(async () => {
    await clearLedger(db.sql);
  });

  it('gives a segment the KPIs worked out by hand, and none to the other segments', async () => {
    await insertLedger(db.sql, paidOnDueDate.ledger);
    const { asOf, expected } = paidOnDueDate;
    expect((await kpis(daily(), asOf, 'top')).currencies).toEqual(expected);
    expect((await kpis(daily(), asOf, 'at_risk')).currencies).toEqual([]);
    await expectConsistent(asOf);
  });

  it('moves a customer\'s invoices when its segment changes, by UPDATE or by the import\'s upsert', async () => {
    await insertLedger(db.sql, twoCustomers);
    await expectConsistent(ceiMonthEnd.asOf);
    await db.sql`UPDATE customers SET segment = 'at_risk' WHERE external_id = 'C1'`;
    expect((await kpis(daily(), paidOnDueDate.asOf, 'top')).currencies).toEqual([]);
    await expectConsistent(ceiMonthEnd.asOf);
    // Two customers in one statement, one of them unchanged; then both into one segment.
    await db.sql`UPDATE customers SET segment = CASE external_id WHEN 'C1' THEN 'top' ELSE segment END`;
    await expectConsistent(ceiMonthEnd.asOf);
    await db.sql`
      INSERT INTO customers (external_id, name, segment, timezone, billing_emails)
      VALUES ('C1', 'C1', 'standard', 'UTC', ARRAY['ap@c1.example']), ('C3', 'C3', 'top', 'UTC', ARRAY['ap@c3.example'])
      ON CONFLICT (external_id) DO UPDATE SET segment = excluded.segment`;
    expect((await kpis(daily(), ceiMonthEnd.asOf, 'top')).currencies).toEqual([]);
    await expectConsistent(ceiMonthEnd.asOf);
  });

  it('moves an invoice given to a customer of another segment, and forgets deleted invoices', async () => {
    await insertLedger(db.sql, twoCustomers);
    // The payment that settles it moves along in the same transaction (checked at commit, migration 011).
    await db.sql.begin(async (tx) => {
      await tx`UPDATE invoices SET customer_id = (SELECT id FROM customers WHERE external_id = 'C2')
               WHERE external_id = ${twoCustomers.invoices[0]!.key}`;
      await tx`UPDATE payments SET customer_id = (SELECT id FROM customers WHERE external_id = 'C2')
               WHERE id IN (SELECT payment_id FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id
                            WHERE i.external_id = ${twoCustomers.invoices[0]!.key})`;
    });
    await expectConsistent(ceiMonthEnd.asOf);
    await db.sql`DELETE FROM payment_allocations`;
    await db.sql`DELETE FROM credit_notes`;
    await db.sql`DELETE FROM disputes`;
    await db.sql`DELETE FROM invoices WHERE customer_id = (SELECT id FROM customers WHERE external_id = 'C1')`;
    await expectConsistent(ceiMonthEnd.asOf);
  });

  it('is empty once customers are truncated with everything that refers to them', async () => {
    await insertLedger(db.sql, twoCustomers);
    await db.sql`TRUNCATE customers CASCADE`;
    expect(await db.sql`SELECT * FROM kpi_segment_daily`).toEqual([]);
    expect(await drift()).toEqual([]);
  });
});

describe.skipIf(isEmbedded())('kpi_segment_daily with writers racing a segment change (real server)', () => {
  const newInvoice = (sql: TestDb['sql'], key: string) => sql`
    INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
    SELECT ${key}, ${key}, id, '2026-05-02', '2026-06-01', 'USD', 12345 FROM customers WHERE external_id = 'C1'`;
  /** 'waiting' when `work` has not finished 300 ms on. */
  const stillWaiting = (work: Promise<unknown>) =>
    Promise.race([work.then(() => 'done'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);

  it('counts an invoice written while the change is uncommitted under the new segment', async () => {
    await clearLedger(db.sql);
    await insertLedger(db.sql, twoCustomers);
    const other = await openDatabase({ databaseUrl: db.url!, dataDir: '', max: 1 });
    try {
      let insert: Promise<unknown> = Promise.resolve();
      await db.sql.begin(async (tx) => {
        await tx`UPDATE customers SET segment = 'at_risk' WHERE external_id = 'C1'`;
        // The segment change holds off new settlement rows until it commits, so they read the new segment.
        insert = newInvoice(other.sql, 'RACE1');
        expect(await stillWaiting(insert)).toBe('waiting');
      });
      await insert;
    } finally {
      await other.close();
    }
    await expectConsistent(ceiMonthEnd.asOf);
  });

  it('moves an invoice written, uncommitted, before the change once its writer commits', async () => {
    await clearLedger(db.sql);
    await insertLedger(db.sql, twoCustomers);
    const other = await openDatabase({ databaseUrl: db.url!, dataDir: '', max: 1 });
    try {
      let change: Promise<unknown> = Promise.resolve();
      await other.sql.begin(async (tx) => {
        await newInvoice(tx as unknown as TestDb['sql'], 'RACE2');
        // The segment change waits for this writer, then sees its row (counted under the old segment) and moves it.
        change = db.sql`UPDATE customers SET segment = 'at_risk' WHERE external_id = 'C1'`;
        expect(await stillWaiting(change)).toBe('waiting');
      });
      await change;
    } finally {
      await other.close();
    }
    await expectConsistent(ceiMonthEnd.asOf);
  });
});
