import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { capture, ledgerCsv, writeCsvFiles } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { expectLedgerClean } from '../support/ledger-clean.js';

let db: TestDb;
let files: Record<string, string>;
beforeAll(async () => {
  db = await openTestDb();
  files = await writeCsvFiles(ledgerCsv);
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

const all = () => ['--owners', files.owners!, '--customers', files.customers!, '--invoices', files.invoices!,
  '--payments', files.payments!, '--disputes', files.disputes!];

async function counts() {
  const [r] = await db.sql<Record<string, number>[]>`
    SELECT (SELECT count(*) FROM owners)::int AS owners, (SELECT count(*) FROM customers)::int AS customers,
           (SELECT count(*) FROM invoices)::int AS invoices, (SELECT count(*) FROM payments)::int AS payments,
           (SELECT count(*) FROM payment_allocations)::int AS allocations, (SELECT count(*) FROM disputes)::int AS disputes,
           (SELECT count(*) FROM audit_log)::int AS audit`;
  return r!;
}

describe('arbot import (CSV)', () => {
  it('--dry-run validates everything, references included, and writes nothing', async () => {
    const before = await counts();
    const r = await cli('import', ...all(), '--dry-run');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/invoices\s+\S+invoices\.csv: 5 rows: 5 inserted, 0 updated, 0 unchanged, 0 rejected/);
    expect(r.out).toContain('dry run: nothing was written');
    expect(await counts()).toEqual(before);
  });

  it('loads a clean export, exits 0 and audits every created row', async () => {
    const r = await cli('import', ...all());
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(await counts()).toEqual({ owners: 2, customers: 3, invoices: 5, payments: 4, allocations: 3, disputes: 2, audit: 2 + 3 + 5 + 4 + 3 + 2 });
    const [c] = await db.sql`SELECT name, segment, strategic, timezone, billing_emails, locale FROM customers WHERE external_id = 'C-1'`;
    expect(c).toEqual({ name: 'Northwind, Inc.', segment: 'top', strategic: true, timezone: 'Europe/Paris', billing_emails: ['ap@northwind.example', 'billing@northwind.example'], locale: 'fr' });
    const [g] = await db.sql`SELECT timezone FROM customers WHERE external_id = 'C-2'`;
    expect(g!.timezone).toBe('Europe/Paris'); // the company's zone when the row gives none
    const [k] = await db.sql`SELECT amount_minor, currency FROM invoices WHERE number = 'INV-4'`;
    expect(k).toEqual({ amount_minor: 12345n, currency: 'KWD' });
  });

  it('matches payments by invoice number, by reference and by exact amount, and lists what it cannot match', async () => {
    const rows = await db.sql<{ payment: string; invoice: string; amount_minor: bigint; matched_by: string }[]>`
      SELECT p.external_id AS payment, i.number AS invoice, a.amount_minor, a.matched_by
      FROM payment_allocations a JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id
      ORDER BY p.external_id`;
    expect(rows).toEqual([
      { payment: 'p1', invoice: 'INV-1', amount_minor: 100000n, matched_by: 'invoice_number' },
      { payment: 'p2', invoice: 'INV-2', amount_minor: 10000n, matched_by: 'reference' },
      { payment: 'p3', invoice: 'INV-5', amount_minor: 73025n, matched_by: 'amount' },
    ]);
    const r = await cli('import', '--payments', files.payments!, '--json');
    const report = JSON.parse(r.out);
    expect(report.sources[0]).toMatchObject({ kind: 'payments', unchanged: 4, unmatched_payments: 1 });
    expect(report.sources[0].unmatched[0]).toMatchObject({ external_id: 'p4', customer_external_id: 'C-2', unallocated_minor: '9999' });
  });

  it('stores imported disputes with their status and dates in the company time zone', async () => {
    const rows = await db.sql`
      SELECT d.external_id, d.status, to_char(d.opened_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD HH24:MI') AS opened,
             to_char(d.closed_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS closed
      FROM disputes d ORDER BY d.external_id`;
    expect(rows).toEqual([
      { external_id: 'e2@2026-02-10', status: 'resolved', opened: '2026-02-10 00:00', closed: '2026-02-12' },
      { external_id: 'e3@2026-02-15', status: 'to_clarify', opened: '2026-02-15 00:00', closed: null },
    ]);
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await counts();
    const r = await cli('import', ...all(), '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    for (const s of report.sources) expect(s, s.kind).toMatchObject({ inserted: 0, updated: 0, rejected: 0, unchanged: s.rows });
    expect(await counts()).toEqual(before);
  });

  it('updates a changed row and audits the update', async () => {
    const changed = await writeCsvFiles({ invoices: [ledgerCsv.invoices[0]!, ledgerCsv.invoices[3]!.replace(',500,', ',650,')] });
    const r = await cli('import', '--invoices', changed.invoices!);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/1 rows: 0 inserted, 1 updated, 0 unchanged, 0 rejected/);
    const [inv] = await db.sql`SELECT amount_minor FROM invoices WHERE external_id = 'e3'`;
    expect(inv!.amount_minor).toBe(65000n);
    const audits = await db.sql`SELECT action, actor FROM audit_log WHERE entity = 'invoice' AND action = 'invoice.updated'`;
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actor).toMatch(/^cli:/);
  });

  it('reports each bad row as file:line: column: reason, keeps the good rows and exits 3', async () => {
    const bad = await writeCsvFiles({
      invoices: [
        ledgerCsv.invoices[0]!,
        'n1,INV-10,C-1,2026-03-01,2026-03-31,EUR,10.00,,,,',
        'n2,INV-11,C-1,2026-03-01,2026-02-30,EUR,10.00,,,,',
        'n3,INV-12,C-404,2026-03-01,2026-03-31,EUR,10.00,,,,',
        'n4,INV-13,C-1,2026-03-01',
        '"n5","INV-14","C-1","2026-03-01","2026-03-31","EUR","1.999",,,,',
        'n6,INV-1,C-1,2026-03-01,2026-03-31,EUR,10.00,,,,',
        '"n7","INV-15","C-2","2026-03-01","2026-03-31","USD","12.00","multi',
        'line PO",,,',
      ],
    });
    const f = bad.invoices!;
    const r = await cli('import', '--invoices', f);
    expect(r.code).toBe(3);
    expect(r.err.trim().split('\n').sort()).toEqual([
      `${f}:3: due_date: expected a date YYYY-MM-DD, got "2026-02-30"`,
      `${f}:4: customer_external_id: no customer "C-404"; import it first (--customers) or in the same run`,
      `${f}:5: row: expected 11 cells as in the header, got 4`,
      `${f}:6: amount: EUR allows 2 decimals, got "1.999"`,
      `${f}:7: number: invoice number INV-1 already belongs to invoice e1`,
      // A PO number is an identifier: a line break in it is refused (it was stored until 2026-12-06).
      `${f}:8: po_number: contains U+000D (carriage return)`,
    ].sort());
    expect(r.out).toMatch(/7 rows: 1 inserted, 0 updated, 0 unchanged, 6 rejected/);
    const kept = await db.sql`SELECT external_id, po_number FROM invoices WHERE external_id IN ('n1', 'n7') ORDER BY 1`;
    expect(kept).toEqual([{ external_id: 'n1', po_number: null }]);
  });

  it('refuses a file whose header lacks a required column, naming it at line 1', async () => {
    const bad = await writeCsvFiles({ invoices: ['external_id,number,customer_external_id,issue_date,currency,amount', 'x,INV-99,C-1,2026-01-01,EUR,1'] });
    const r = await cli('import', '--invoices', bad.invoices!);
    expect(r.code).toBe(3);
    expect(r.err).toBe(`${bad.invoices}:1: header: missing required column due_date (the first row must name the columns)\n`);
  });

  it.each([
    [[], /name at least one file/],
    [['--invoices'], /option --invoices needs a value/],
    [['--bills', 'x.csv'], /unknown option --bills for import/],
    [['--invoices', '/nonexistent/invoices.csv'], /--invoices \/nonexistent\/invoices\.csv: no such file/],
  ])('exits 2 on a usage error %j', async (args, message) => {
    const r = await cli('import', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });

  it('rejects an empty file clearly', async () => {
    const path = `${files.owners}.empty.csv`;
    await writeFile(path, '');
    const r = await cli('import', '--owners', path);
    expect(r.code).toBe(3);
    expect(r.err).toContain(`${path}:1: header: the file is empty`);
  });

  it('leaves a ledger that arbot check finds clean', async () => {
    await expectLedgerClean(db.sql);
  });
});
