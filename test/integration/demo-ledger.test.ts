import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { capture, ledgerCsv, writeCsvFiles } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { postgresCustomerPortalStore } from '../../adapters/postgres/customer-portal.js';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db.close();
});

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, env: { COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent' } });
  return { code, out: out.text(), err: err.text() };
}

async function counts() {
  const [r] = await db.sql<Record<string, number>[]>`
    SELECT (SELECT count(*) FROM owners)::int AS owners, (SELECT count(*) FROM customers)::int AS customers,
           (SELECT count(*) FROM invoices)::int AS invoices, (SELECT count(*) FROM promises_to_pay)::int AS promises`;
  return r!;
}

describe('arbot demo', () => {
  it('refuses a ledger that holds imported rows (one owner is enough) with one line and exit 1, writing nothing', async () => {
    const files = await writeCsvFiles({ owners: ledgerCsv.owners.slice(0, 2) });
    expect((await cli('import', '--owners', files.owners!)).code).toBe(0);
    const before = await counts();
    const r = await cli('demo');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toBe('arbot: the ledger already holds owners, customers, invoices or payments; the demo ledger only goes into an empty database (use a new DATA_DIR or database)\n');
    expect(await counts()).toEqual(before);
    expect(await db.sql`SELECT 1 FROM app_meta WHERE key = 'demo_ledger'`).toHaveLength(0);
  });

  it('loads into an empty ledger once; a second run refuses and leaves it as it was', async () => {
    await db.sql`DELETE FROM owners`;
    const first = await cli('demo');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const loaded = await counts();
    expect(loaded).toMatchObject({ customers: 14, promises: 1 });
    const again = await cli('demo');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^arbot: the ledger already holds [^\n]+\n$/);
    expect(await counts()).toEqual(loaded);
  });

  it('holds a customer in an active payment plan (first instalment paid) and one whose plan request waits on its card', async () => {
    const plans = await db.sql<{ id: bigint; customer: string; status: string; origin: string; customer_id: bigint; instalments: number }[]>`
      SELECT p.id, c.external_id AS customer, p.status, p.origin, p.customer_id,
             (SELECT count(*) FROM plan_instalments s WHERE s.plan_id = p.id)::int AS instalments
      FROM payment_plans p JOIN customers c ON c.id = p.customer_id ORDER BY c.external_id`;
    expect(plans.map(({ customer, status, origin, instalments }) => ({ customer, status, origin, instalments }))).toEqual([
      { customer: 'C-013', status: 'active', origin: 'owner', instalments: 3 },
      { customer: 'C-014', status: 'requested', origin: 'customer', instalments: 3 },
    ]);
    const cards = await db.sql`SELECT 1 FROM alerts WHERE kind = 'plan_request' AND details->>'plan_id' = ${plans[1]!.id.toString()}`;
    expect(cards).toHaveLength(1);
    // As the portal shows them: "In a payment plan" with the first instalment paid; "Payment plan requested".
    const store = postgresCustomerPortalStore(db.sql);
    const [meta] = await db.sql<{ at: Date }[]>`SELECT (value->>'loaded_at')::timestamptz AS at FROM app_meta WHERE key = 'demo_ledger'`;
    const at = meta!.at;
    const active = (await store.findPortal(BigInt(plans[0]!.customer_id), at))!;
    expect(active.invoices.map((i) => [i.inPlan, i.planRequested])).toEqual([[true, false]]);
    expect(active.plans[0]!.instalments.map((i) => i.remainingMinor)).toEqual([0n, 300000n, 300000n]);
    const asked = (await store.findPortal(BigInt(plans[1]!.customer_id), at))!;
    expect(asked.invoices.map((i) => [i.inPlan, i.planRequested])).toEqual([[false, true]]);
    expect(asked.plans).toEqual([]);
  });
});
