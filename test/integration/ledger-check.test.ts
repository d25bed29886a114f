import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Sql } from '../../adapters/postgres/connect.js';
import { migrate } from '../../adapters/postgres/migrator.js';
import { runCli } from '../../src/cli/main.js';
import type { LedgerCheckName } from '../../src/ports/ledger-check.js';
import { customer, importRows, invoice, owner } from '../support/cadence-ledger.js';
import { capture } from '../support/csv-files.js';
import { childEnv, runArbot } from '../support/spawn-cli.js';
import { isEmbedded, openTestDb, type TestDb } from '../support/test-db.js';

// `arbot check` on a small ledger built by the real import, then broken one way at a time by direct SQL, the way a
// bug in a writer (or a hand edit) would: with triggers off (session_replication_role = replica) where the
// maintained tables would otherwise follow, and with the dispute CHECK dropped, in this file's own database.

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.close();
});

/** Two customers in EUR: I1 paid by P1, I2 part paid by P2 and credited by N1, I3 disputed, with a promise on I2. */
async function seed(sql: Sql): Promise<void> {
  await importRows(sql, {
    owners: [owner],
    customers: [customer('C1', 'Europe/Paris'), customer('C2', 'Europe/Paris', 'top')],
    invoices: [invoice('I1', 'C1', '2026-03-10', '1000.00'), invoice('I2', 'C1', '2026-03-20', '500.00'), invoice('I3', 'C2', '2026-03-10', '300.00')],
    payments: [
      { external_id: 'P1', customer_external_id: 'C1', received_date: '2026-03-05', currency: 'EUR', amount: '1000.00', invoice_number: 'INV-I1' },
      { external_id: 'P2', customer_external_id: 'C1', received_date: '2026-03-06', currency: 'EUR', amount: '200.00', invoice_number: 'INV-I2' },
    ],
    credit_notes: [{ external_id: 'N1', number: 'CN-1', invoice_external_id: 'I2', issued_date: '2026-03-07', currency: 'EUR', amount: '100.00' }],
    disputes: [{ invoice_external_id: 'I3', opened_date: '2026-03-08', reason: 'Quality issue' }],
  });
  await sql`INSERT INTO promises_to_pay (invoice_id, promised_date, created_by)
            SELECT id, '2026-03-25', 'ana@acme.example' FROM invoices WHERE external_id = 'I2'`;
}

/** Empties the ledger and the tables derived from it (including rows a test corrupted). */
async function reset(sql: Sql): Promise<void> {
  for (const t of ['promises_to_pay', 'reminder_holds', 'disputes', 'credit_notes', 'payment_allocations', 'payments', 'invoices',
    'customers', 'owners', 'invoice_settlements', 'kpi_segment_daily', 'kpi_daily']) {
    await sql.unsafe(`DELETE FROM ${t}`);
  }
}

/** Runs `statements` with every trigger off, in one transaction of its own. */
async function withoutTriggers(sql: Sql, statements: (tx: Sql) => Promise<unknown>): Promise<void> {
  await sql.begin(async (raw) => {
    const tx = raw as unknown as Sql;
    await tx`SET LOCAL session_replication_role = replica`;
    await statements(tx);
  });
}

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, env: { LOG_LEVEL: 'silent', SCHEDULER: 'off' } });
  return { code, out: out.text(), err: err.text() };
}

const id = async (table: string, externalId: string) =>
  String((await db.sql.unsafe<{ id: bigint }[]>(`SELECT id FROM ${table} WHERE external_id = $1`, [externalId]))[0]!.id);

const allocationOf = async (payment: string) => String((await db.sql<{ id: bigint }[]>`
  SELECT a.id FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.external_id = ${payment}`)[0]!.id);

describe('arbot check', () => {
  beforeEach(async () => {
    await reset(db.sql);
    await seed(db.sql);
  });

  it('exits 0 on a clean ledger and says what it checked', async () => {
    const r = await cli('check');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe('ledger check: clean (checked 3 invoices, 2 payments, 2 allocations, 1 credit_notes, 1 disputes, 1 promises, '
      + `3 settlements, ${await count('kpi_daily')} kpi_daily, ${await count('kpi_segment_daily')} kpi_segment_daily, 0 discounts)\n`);
    const json = await cli('check', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ ok: true, violations: [], omitted: 0, checked: { invoices: 3, allocations: 2 } });
  });

  // What breaks, the checks that then report (in report order), the first one's ids and detail.
  const cases: [string, (sql: Sql) => Promise<unknown>, LedgerCheckName[], () => Promise<Record<string, string>>, RegExp][] = [
    ['a payment allocated beyond its amount',
      (sql) => withoutTriggers(sql, (tx) => tx`UPDATE payments SET amount_minor = 60000 WHERE external_id = 'P1'`),
      ['payment_over_allocated'],
      async () => ({ payment_id: await id('payments', 'P1'), payment_external_id: 'P1' }),
      /^allocations total 100000 \(1 allocations\) but the payment is 60000 EUR$/],
    ['an invoice credited beyond what was left',
      (sql) => withoutTriggers(sql, (tx) => tx`
        INSERT INTO credit_notes (external_id, number, invoice_id, issued_date, currency, amount_minor)
        SELECT 'N2', 'CN-2', id, '2026-03-09', 'EUR', 25000 FROM invoices WHERE external_id = 'I2'`),
      ['invoice_over_applied', 'settlement_mismatch'],
      async () => ({ invoice_id: await id('invoices', 'I2'), invoice_external_id: 'I2' }),
      /^allocations 20000 \+ credit notes 35000 = 55000 exceed the amount 50000 EUR$/],
    ['an allocation across customers',
      (sql) => withoutTriggers(sql, (tx) => tx`UPDATE payments SET customer_id = (SELECT id FROM customers WHERE external_id = 'C2') WHERE external_id = 'P2'`),
      ['allocation_customer_mismatch'],
      async () => ({ allocation_id: await allocationOf('P2'), payment_id: await id('payments', 'P2'), invoice_id: await id('invoices', 'I2') }),
      /^the payment is from customer C2, the invoice billed to customer C1$/],
    ['an allocation across currencies',
      (sql) => withoutTriggers(sql, (tx) => tx`UPDATE payments SET currency = 'USD' WHERE external_id = 'P1'`),
      ['allocation_currency_mismatch'],
      async () => ({ allocation_id: await allocationOf('P1'), payment_id: await id('payments', 'P1'), invoice_id: await id('invoices', 'I1') }),
      /^the payment is in USD, the invoice in EUR$/],
    ['a credit note in another currency than its invoice',
      (sql) => withoutTriggers(sql, (tx) => tx`UPDATE credit_notes SET currency = 'USD' WHERE external_id = 'N1'`),
      ['credit_note_currency_mismatch'],
      async () => ({ credit_note_id: await id('credit_notes', 'N1'), credit_note_external_id: 'N1', invoice_id: await id('invoices', 'I2') }),
      /^the credit note is in USD, its invoice I2 in EUR$/],
    ['a dispute resolved but not closed',
      async (sql) => {
        const checks = await sql<{ conname: string }[]>`
          SELECT conname FROM pg_constraint WHERE conrelid = 'disputes'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%closed_at IS NULL%'`;
        for (const c of checks) await sql.unsafe(`ALTER TABLE disputes DROP CONSTRAINT ${c.conname}`);
        await sql`UPDATE disputes SET status = 'resolved'`;
      },
      ['dispute_closed_status_mismatch'],
      async () => ({ dispute_id: await id('disputes', 'I3@2026-03-08'), invoice_id: await id('invoices', 'I3') }),
      /^status resolved but not closed$/],
    ['a promise kept without a resolution time',
      (sql) => sql`UPDATE promises_to_pay SET status = 'kept'`,
      ['promise_resolution_mismatch'],
      async () => ({ promise_id: String((await db.sql<{ id: bigint }[]>`SELECT id FROM promises_to_pay`)[0]!.id), invoice_id: await id('invoices', 'I2') }),
      /^status kept but no resolution time$/],
    ['an invoice without its settlement row',
      (sql) => withoutTriggers(sql, (tx) => tx`DELETE FROM invoice_settlements WHERE invoice_id = (SELECT id FROM invoices WHERE external_id = 'I3')`),
      // The rollups are rebuilt from the settlement rows as they stand: the invoice still counts in them.
      ['settlement_missing', 'kpi_daily_drift', 'kpi_segment_daily_drift'],
      async () => ({ invoice_id: await id('invoices', 'I3'), invoice_external_id: 'I3' }),
      /^the invoice has no invoice_settlements row$/],
    ['a settlement row without its invoice',
      (sql) => withoutTriggers(sql, (tx) => tx`
        INSERT INTO invoice_settlements (invoice_id, customer_id, currency, issue_date, due_date, amount_minor)
        SELECT 999999, customer_id, currency, issue_date, due_date, amount_minor FROM invoice_settlements LIMIT 1`),
      ['settlement_orphan', 'kpi_daily_drift', 'kpi_segment_daily_drift'],
      async () => ({ invoice_id: '999999' }),
      /^an invoice_settlements row for an invoice that does not exist$/],
    ['a payment whose received date moved without its settlement following',
      (sql) => withoutTriggers(sql, (tx) => tx`UPDATE payments SET received_date = '2026-03-15' WHERE external_id = 'P1'`),
      ['settlement_mismatch'],
      async () => ({ invoice_id: await id('invoices', 'I1'), invoice_external_id: 'I1' }),
      /^first_applied_on 2026-03-05, rebuilt 2026-03-15; last_applied_on 2026-03-05, rebuilt 2026-03-15; settled_on 2026-03-05, rebuilt 2026-03-15; paid_on 2026-03-05, rebuilt 2026-03-15$/],
    ['a kpi_daily row off by one',
      (sql) => sql`UPDATE kpi_daily SET open_count = open_count + 1 WHERE day = '2026-01-15'`,
      ['kpi_daily_drift', 'kpi_segment_sum_drift'],
      async () => ({ currency: 'EUR', day: '2026-01-15' }),
      /^open_count 4, rebuilt 3$/],
    ['a kpi_segment_daily row under the wrong segment',
      (sql) => sql`UPDATE kpi_segment_daily SET segment = 'at_risk' WHERE segment = 'top' AND day = '2026-01-15'`,
      ['kpi_segment_daily_drift'],
      async () => ({ segment: 'at_risk', currency: 'EUR', day: '2026-01-15' }),
      /^sales_minor 30000, rebuilt 0; open_count 1, rebuilt 0; gross_current 30000, rebuilt 0$/],
  ];

  it.each(cases)('reports %s with its ids and exits 1', async (_what, breakIt, checks, ids, detail) => {
    await breakIt(db.sql);
    const r = await cli('check', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { ok: boolean; violations: ({ check: string; detail: string } & Record<string, string>)[]; omitted: number };
    expect(report.ok).toBe(false);
    expect(report.omitted).toBe(0);
    expect([...new Set(report.violations.map((v) => v.check))]).toEqual(checks);
    expect(report.violations).toContainEqual({ check: checks[0], ...(await ids()), detail: expect.stringMatching(detail) });
    const text = await cli('check');
    expect(text.code).toBe(1);
    expect(text.out).toContain(`${checks[0]}  ${Object.entries(await ids()).map(([k, v]) => `${k}=${v}`).join(' ')}  `);
  });

  it('lists at most --limit violations per check and counts the rest', async () => {
    await withoutTriggers(db.sql, (tx) => tx`UPDATE payments SET currency = 'USD'`);
    const r = await cli('check', '--json', '--limit', '1');
    const report = JSON.parse(r.out) as { violations: { check: string; payment_id: string }[]; omitted: number };
    expect(report.violations).toEqual([expect.objectContaining({ check: 'allocation_currency_mismatch', payment_id: await id('payments', 'P1') })]);
    expect(report.omitted).toBe(1);
    expect((await cli('check', '--limit', '1')).out).toContain('… and 1 more not listed');
  });

  it.each([['--limit', '0'], ['--limit', 'all'], ['--verbose']])('refuses %s with usage and exit 2', async (...args) => {
    const r = await cli('check', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^arbot: /);
  });
});

const count = async (table: string) => Number((await db.sql.unsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

describe('arbot check as a process', () => {
  // On a real server the child gets this file's database; embedded, a data folder of its own (one PGlite per folder).
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'arbot-check-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  const env = () => childEnv({ DATA_DIR: dataDir, DATABASE_URL: db.url ?? undefined, LOG_LEVEL: 'silent' });
  async function onChildDatabase(work: (sql: Sql) => Promise<unknown>) {
    if (!isEmbedded()) return work(db.sql);
    const own = await openDatabase({ dataDir });
    try {
      await migrate(own.sql);
      return await work(own.sql);
    } finally {
      await own.close();
    }
  }

  it('exits 0 when clean, 1 with parseable JSON naming the ids when not', async () => {
    await onChildDatabase(async (sql) => {
      await reset(sql);
      await seed(sql);
    });
    const clean = await runArbot(['check'], env());
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^ledger check: clean \(checked 3 invoices, /);

    await onChildDatabase((sql) => withoutTriggers(sql, (tx) => tx`UPDATE payments SET amount_minor = 60000 WHERE external_id = 'P1'`));
    const broken = await runArbot(['check', '--json'], env());
    expect(broken.code).toBe(1);
    const report = JSON.parse(broken.stdout) as { ok: boolean; violations: Record<string, string>[] };
    expect(report.ok).toBe(false);
    expect(report.violations).toEqual([expect.objectContaining({ check: 'payment_over_allocated', payment_external_id: 'P1' })]);
  }, 120_000);
});
