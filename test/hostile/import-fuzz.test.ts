import { writeFile } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importApiRoutes } from '../../adapters/http/import-api.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { postgresImportStore } from '../../adapters/postgres/ledger-import-store.js';
import { runCli } from '../../src/cli/main.js';
import { knownColumns, type LedgerKind } from '../../src/domain/import/ledger-rows.js';
import { quietLog } from '../support/cadence-ledger.js';
import { capture, writeCsvFiles } from '../support/csv-files.js';
import { changedTables, fcRuns, fingerprint } from '../support/hostile-db.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The ledger import, fed garbage: JSON items over the bearer-token HTTP API, and CSV files through `arbot import`.
// Bad rows must come back as per-row errors (index, or file:line), good rows must be kept, nothing may crash;
// text full of SQL and markup must be stored verbatim and read back identical; NUL, which Postgres text cannot
// hold, must be refused per row.

const token = 'hostile-api-token-0123456789abcdef';
const maxBodyBytes = 64 * 1024;
let db: TestDb;
let http: HttpServer;
let base: string;

beforeAll(async () => {
  db = await openTestDb();
  http = createHttpServer(importApiRoutes({ store: postgresImportStore(db.sql), apiToken: token, maxBodyBytes, defaultTimezone: 'Europe/Paris' }), quietLog);
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  const r = await api('customers', [{ external_id: 'C-1', name: 'Base', billing_email: 'ap@base.example' }]);
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await http?.close();
  await db?.close();
});

async function api(kind: string, body: unknown, opts: { type?: string; raw?: string } = {}) {
  const res = await fetch(`${base}/api/v1/${kind}`, {
    method: 'POST', body: opts.raw ?? JSON.stringify(body),
    headers: { authorization: `Bearer ${token}`, 'content-type': opts.type ?? 'application/json' },
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- the report's JSON
}

/** Text meant to break something: SQL, LIKE wildcards, markup, quotes, separators, Unicode edge cases. */
const nasty = fc.constantFrom(
  "'; DROP TABLE invoices; --", "O'Brien \\ \\\\ 100% _x_", '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>',
  '<!channel> <@U123> <http://evil.example|click> *bold*', 'a,b;c\r\nd"e', '\ufeffBOM', 'ẞ😀\u202e', '$1 $$ ${x}', '\\x00', '%s%n',
);
const cell = fc.oneof(nasty, fc.string({ unit: 'binary', maxLength: 30 }), fc.string({ maxLength: 12 }), fc.constantFrom('', ' ', '\u0000', 'a\u0000b', 'x'.repeat(20_000)));
const jsonCell = fc.oneof(cell, fc.jsonValue({ maxDepth: 1 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null));

/** An invoice item that may be good (for customer C-1) or broken in any column. */
const invoiceItem = fc.record({
  good: fc.boolean(),
  id: fc.integer({ min: 1, max: 1_000_000 }),
  overrides: fc.dictionary(fc.constantFrom(...knownColumns.invoices, 'unknown_col'), jsonCell, { maxKeys: 3 }),
}).map(({ good, id, overrides }) => ({
  external_id: `F-${id}`, number: `INV-F-${id}`, customer_external_id: 'C-1', issue_date: '2026-01-01', due_date: '2026-01-31',
  currency: 'EUR', amount: '10.00', ...(good ? {} : overrides),
}));

describe('import API (JSON, bearer token)', () => {
  it('answers any array of items with a per-row report (200 or 207), keeps the good rows, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 4, arbitrary: invoiceItem }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) }), { maxLength: 12 }), async (items) => {
        const before = (await db.sql`SELECT count(*)::int AS n FROM invoices`)[0]!.n as number;
        const r = await api('invoices', items);
        const what = JSON.stringify(items).slice(0, 400);
        expect([200, 207, 413], what).toContain(r.status);
        if (r.status === 413) return; // a huge cell pushed the body over the limit: tested on its own below
        const b = r.body;
        expect(b.received, what).toBe(items.length);
        expect(b.inserted + b.updated + b.unchanged + b.rejected, what).toBe(items.length);
        expect(r.status === 207, what).toBe(b.rejected > 0);
        for (const e of b.errors) {
          expect(e.index, what).toBeGreaterThanOrEqual(0);
          expect(e.index, what).toBeLessThan(items.length);
          expect(typeof e.reason, what).toBe('string');
        }
        expect((await db.sql`SELECT count(*)::int AS n FROM invoices`)[0]!.n, what).toBe(before + b.inserted);
      }),
      { ...fcRuns(80), examples: [[[{ external_id: 'NUL-1', number: 'INV\u0000', customer_external_id: 'C-1', issue_date: '2026-01-01', due_date: '2026-01-31', currency: 'EUR', amount: '1.00' }]]] },
    );
  });

  /** One valid row of each kind (the references exist: customer C-1 and invoice BASE-1), `n` making it unique. */
  const goodRow = (kind: LedgerKind, n: number): Record<string, string> => ({
    owners: { email: `nul${n}@acme.example`, name: 'Nul', team: 'sales', approver: 'false', slack_user_id: 'U1', slack_channel_id: 'C1', teams_user_id: 't', teams_conversation_id: 'c', chat_platform: 'slack' },
    customers: { external_id: `NC-${n}`, name: 'Nul Co', segment: 'top', strategic: 'no', timezone: 'Europe/Paris', billing_email: 'ap@nul.example', escalation_email: 'cfo@nul.example', sales_owner_email: '', delivery_owner_email: '', locale: 'fr' },
    invoices: { external_id: `NI-${n}`, number: `INV-N-${n}`, customer_external_id: 'C-1', issue_date: '2026-01-01', due_date: '2026-01-31', currency: 'EUR', amount: '10.00', po_number: 'PO', client_reference: 'REF', proof_url: 'https://x.example/p', pay_url: 'https://x.example/pay' },
    payments: { external_id: `NP-${n}`, customer_external_id: 'C-1', received_date: '2026-02-01', currency: 'EUR', amount: '1.00', reference: 'wire', invoice_number: 'INV-BASE-1' },
    credit_notes: { external_id: `NN-${n}`, number: `CN-${n}`, invoice_external_id: 'BASE-1', issued_date: '2026-02-02', currency: 'EUR', amount: '1.00', reason: 'r' },
    disputes: { external_id: `ND-${n}`, invoice_external_id: 'BASE-1', opened_date: '2026-02-03', reason: 'r', status: 'to_clarify', closed_date: '' },
  })[kind];

  it.each(['owners', 'customers', 'invoices', 'payments', 'credit_notes', 'disputes'] as LedgerKind[])(
    'refuses a NUL in any column of %s as that row\'s error (207), and keeps the good row beside them', async (kind) => {
      expect((await api('invoices', [{ ...goodRow('invoices', 0), external_id: 'BASE-1', number: 'INV-BASE-1' }])).status).toBe(200);
      const columns = knownColumns[kind];
      const bad = columns.map((col, i) => { const row = goodRow(kind, i + 100); return { ...row, [col]: `${row[col] ?? ''}\u0000` }; });
      const good = goodRow(kind, 999);
      const r = await api(kind, [...bad, good]);
      expect(r.status).toBe(207);
      expect(r.body.rejected).toBe(columns.length);
      expect(r.body.inserted + r.body.updated + r.body.unchanged).toBe(1);
      expect(new Set(r.body.errors.map((e: { index: number }) => e.index))).toEqual(new Set(columns.map((_c, i) => i)));
      for (const e of r.body.errors) expect(e.column).toBe(columns[e.index]);
    },
  );

  it('stores SQL and markup metacharacters verbatim in every text column, and reads them back identical', async () => {
    const t = (col: string) => `${col}: '; DROP TABLE invoices; -- \\ \\\\ 100% _x_ "q" <script>x</script> <!channel> *b* 😀`;
    const steps: [LedgerKind, Record<string, unknown>[]][] = [
      ['owners', [{ email: 'meta@acme.example', name: t('owner'), team: 'sales' }]],
      ['customers', [{ external_id: t('cust_id'), name: t('name'), billing_email: 'ap@meta.example' }]],
      ['invoices', [{ external_id: t('inv_id'), number: t('number'), customer_external_id: t('cust_id'), issue_date: '2026-01-01', due_date: '2026-01-31',
        currency: 'EUR', amount: '100.00', po_number: t('po'), client_reference: t('ref') }]],
      ['payments', [{ external_id: t('pay_id'), customer_external_id: t('cust_id'), received_date: '2026-02-01', currency: 'EUR', amount: '1.00', reference: t('pay_ref'), invoice_number: t('nope') }]],
      ['credit_notes', [{ external_id: t('cn_id'), number: t('cn_number'), invoice_external_id: t('inv_id'), issued_date: '2026-02-02', currency: 'EUR', amount: '2.00', reason: t('cn_reason') }]],
      ['disputes', [{ external_id: t('d_id'), invoice_external_id: t('inv_id'), opened_date: '2026-02-03', reason: t('d_reason') }]],
    ];
    for (const [kind, items] of steps) {
      const r = await api(kind, items);
      expect(r.body.errors, kind).toEqual([]);
      expect(r.body.inserted, kind).toBe(1);
    }
    const [o] = await db.sql`SELECT name FROM owners WHERE email = 'meta@acme.example'`;
    const [c] = await db.sql`SELECT external_id, name FROM customers WHERE external_id = ${t('cust_id')}`;
    const [i] = await db.sql`SELECT external_id, number, po_number, client_reference FROM invoices WHERE external_id = ${t('inv_id')}`;
    const [p] = await db.sql`SELECT external_id, reference, invoice_number FROM payments WHERE external_id = ${t('pay_id')}`;
    const [n] = await db.sql`SELECT external_id, number, reason FROM credit_notes WHERE external_id = ${t('cn_id')}`;
    const [d] = await db.sql`SELECT external_id, reason FROM disputes WHERE external_id = ${t('d_id')}`;
    expect({ o, c, i, p, n, d }).toEqual({
      o: { name: t('owner') },
      c: { external_id: t('cust_id'), name: t('name') },
      i: { external_id: t('inv_id'), number: t('number'), po_number: t('po'), client_reference: t('ref') },
      p: { external_id: t('pay_id'), reference: t('pay_ref'), invoice_number: t('nope') },
      n: { external_id: t('cn_id'), number: t('cn_number'), reason: t('cn_reason') },
      d: { external_id: t('d_id'), reason: t('d_reason') },
    });
    // The invoices table is still there, and so is everything else.
    expect((await db.sql`SELECT count(*)::int AS n FROM invoices`)[0]!.n).toBeGreaterThan(0);
  });

  it('refuses a JSON body over the limit with 413 and an NDJSON line over it with 413, storing nothing', async () => {
    const before = await fingerprint(db.sql);
    const big = [{ external_id: 'BIG', name: 'x'.repeat(maxBodyBytes), billing_email: 'ap@big.example' }];
    const r = await api('customers', big);
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('body_too_large');
    const n = await api('customers', null, { type: 'application/x-ndjson', raw: `${JSON.stringify(big[0])}\n` });
    expect(n.status).toBe(413);
    // The NDJSON body is read as the import runs, so its run was started: an import_runs row is left unfinished
    // (finished_at null). No ledger row changed.
    expect(changedTables(before, await fingerprint(db.sql)).filter((t) => t !== 'import_runs')).toEqual([]);
  });

  it.each([
    ['not JSON', '[{', 400], ['an object', '{"a":1}', 400], ['a number', '1', 400], ['nothing', '', 400],
  ])('answers a body that is %s with a 4xx, storing nothing', async (_what, raw, status) => {
    const before = await fingerprint(db.sql);
    const r = await api('invoices', null, { raw });
    expect(r.status).toBe(status);
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
  });
});

describe('arbot import (CSV files)', () => {
  async function cli(args: string[]) {
    const out = capture();
    const err = capture();
    const code = await runCli(['import', ...args], { out, err, db, env: { COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent' } });
    return { code, out: out.text(), err: err.text() };
  }

  const header = 'external_id,number,customer_external_id,issue_date,due_date,currency,amount,po_number,client_reference';
  /** A CSV cell written any way: bare, quoted, with doubled quotes, broken quoting, separators and line breaks. */
  const csvCell = fc.oneof(
    cell.map((c) => `"${c.replace(/"/g, '""')}"`),
    cell.filter((c) => !/[",\r\n]/.test(c)),
    fc.constantFrom('"unclosed', 'a"b', '"a""', '""', '"x"y', '\ufeff', '"multi\r\nline"'),
  );

  it('answers any CSV with exit 0 or 3 and errors as file:line: column: reason, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.array(fc.array(csvCell, { minLength: 7, maxLength: 10 }), { maxLength: 6 }), async (bom, rows) => {
        const files = await writeCsvFiles({ invoices: [`${bom ? '\ufeff' : ''}${header}`, ...rows.map((r) => r.join(','))] });
        const r = await cli(['--invoices', files.invoices!]);
        const what = `${r.err.slice(0, 300)} | ${JSON.stringify(rows).slice(0, 300)}`;
        expect([0, 3], what).toContain(r.code);
        for (const line of r.err.split('\n').filter(Boolean)) expect(line, what).toMatch(/^\/\S+invoices\.csv:\d+: /);
        if (r.code === 3) expect(r.err, what).not.toBe('');
      }),
      { ...fcRuns(40), examples: [[false, [['N-1', 'INV\u0000', 'C-1', '2026-01-01', '2026-01-31', 'EUR', '1.00', '', '']]]] },
    );
  });

  it('reports a NUL, a huge field and a broken quote each on its own line, and keeps the good rows', async () => {
    const files = await writeCsvFiles({
      invoices: [
        header,
        'G-1,INV-G-1,C-1,2026-01-01,2026-01-31,EUR,1.00,"PO ""1"", \'; DROP TABLE invoices; --",\\%_',
        'G-2,INV-G\u00002,C-1,2026-01-01,2026-01-31,EUR,1.00,,',
        `G-3,INV-G-3,C-1,2026-01-01,2026-01-31,EUR,1.00,${'y'.repeat(200_000)},`,
        'G-4,INV-G-4,C-1,2026-01-01,2026-01-31,EUR,1.00,"multi',
        'line",ok',
        'G-5,INV-G-5,C-1,2026-01-01,2026-01-31,EUR,1.00,"unclosed,',
      ],
    });
    const r = await cli(['--invoices', files.invoices!]);
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/invoices\.csv:3: number: contains a NUL character/);
    const [g1] = await db.sql`SELECT po_number, client_reference FROM invoices WHERE external_id = 'G-1'`;
    expect(g1).toEqual({ po_number: `PO "1", '; DROP TABLE invoices; --`, client_reference: '\\%_' });
    // A PO number is an identifier: the line break in G-4's is refused (it was stored until 2026-12-06).
    expect(r.err).toMatch(/invoices\.csv:5: po_number: contains U\+000D \(carriage return\)/);
    expect(await db.sql`SELECT 1 FROM invoices WHERE external_id = 'G-4'`).toHaveLength(0);
    // The broken quote at the end stops the file there, said with its line; the rows before it are kept.
    expect(r.err).toMatch(/invoices\.csv:\d+: Quote Not Closed/);
    expect(r.err.split('\n').filter(Boolean).every((l) => /invoices\.csv:\d+: /.test(l))).toBe(true);
  });

  it('stores a customer name full of SQL and markup verbatim from CSV', async () => {
    const name = `Robert'); DROP TABLE customers; -- "Bobby" \\ 100% _ <script>x</script> <!channel>`;
    const files = await writeCsvFiles({ customers: ['external_id,name,billing_email', `CSV-1,"${name.replace(/"/g, '""')}",ap@csv.example`] });
    const r = await cli(['--customers', files.customers!]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const [c] = await db.sql`SELECT name FROM customers WHERE external_id = 'CSV-1'`;
    expect(c!.name).toBe(name);
  });

  it('refuses a file whose header has a broken quote cleanly: exit 3, said with file:1, nothing stored', async () => {
    const before = await fingerprint(db.sql);
    const files = await writeCsvFiles({ invoices: ['\ufeffexternal_id;number;"', 'a;b;c'] });
    const r = await cli(['--invoices', files.invoices!]);
    expect(r.code).toBe(3);
    // Split by ';': said so, rather than the parser's complaint about the quote (Invalid Opening Quote until 2026-12-06).
    expect(r.err).toMatch(/invoices\.csv:1: header: the file looks separated by ';'/);
    expect(changedTables(before, await fingerprint(db.sql)).filter((t) => t !== 'import_runs')).toEqual([]);
    await writeFile(files.invoices!, '');
  });
});
