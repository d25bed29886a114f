import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runCli } from '../../src/cli/main.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import { capture, writeCsvFiles } from '../support/csv-files.js';
import { post } from '../support/http.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// What an ERP export gets wrong, caught at import: a repeated external id, a payment dated in the future, a file
// separated by ';' or tabs, decimal commas, and identifiers hiding control, bidi or zero-width characters.
// CSV through `arbot import`, JSON through the HTTP API of `startServer`, both with a fixed clock.

const token = 'test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${token}` };
const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
// 23:30 UTC: already 2026-12-07 in Paris (the CLI's zone), still 2026-12-06 in New York (the API's).
const now = () => new Date('2026-12-06T23:30:00Z');
let db: TestDb;
let app: Running;
let base: string;

beforeAll(async () => {
  db = await openTestDb();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', API_TOKEN: token, COMPANY_TIMEZONE: 'America/New_York', DEMO_LEDGER: 'off', SCHEDULER: 'off' });
  app = await startServer(config, quiet, { db, now });
  base = `http://127.0.0.1:${app.port}`;
  const files = await writeCsvFiles({
    customers: ['external_id,name,billing_email', 'C-1,Northwind,ap@nw.example', 'C-2,Globex,ap@globex.example'],
    invoices: ['external_id,number,customer_external_id,issue_date,due_date,currency,amount', 'B-1,INV-B-1,C-1,2026-01-01,2026-01-31,EUR,100.00'],
  });
  expect((await cli('--customers', files.customers!, '--invoices', files.invoices!)).code).toBe(0);
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

async function cli(...args: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(['import', ...args], { out, err, db, now, env: { COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent' } });
  return { code, out: out.text(), err: err.text() };
}
const api = (kind: string, items: unknown[]) => post(`${base}/api/v1/${kind}`, JSON.stringify(items), auth);
const invoiceHeader = 'external_id,number,customer_external_id,issue_date,due_date,currency,amount,po_number';
const invoiceLine = (id: string, number = `INV-${id}`, amount = '10.00') => `${id},${number},C-1,2026-02-01,2026-03-03,EUR,${amount},`;
const invoiceItem = (id: string, extra: Record<string, unknown> = {}) => ({
  external_id: id, number: `INV-${id}`, customer_external_id: 'C-1', issue_date: '2026-02-01', due_date: '2026-03-03', currency: 'EUR', amount: '10.00', ...extra,
});

describe('an external id repeated in one file or body', () => {
  it('rejects the later rows, naming the first line, across batches of 2,500 rows', async () => {
    const rows = Array.from({ length: 2600 }, (_, i) => invoiceLine(`R-${i}`));
    const f = (await writeCsvFiles({ invoices: [invoiceHeader, ...rows, invoiceLine('R-0', 'INV-R-0', '20.00'), invoiceLine('R-2599', 'INV-R-X'), invoiceLine('R-1')] })).invoices!;
    const r = await cli('--invoices', f);
    expect(r.err.trim().split('\n')).toEqual([
      `${f}:2602: external_id: repeats line 2`,
      `${f}:2603: external_id: repeats line 2601`,
      `${f}:2604: external_id: repeats line 3`,
    ]);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/2603 rows: 2600 inserted, 0 updated, 0 unchanged, 3 rejected/);
    // The first row stands: the repeat did not silently win.
    const [first] = await db.sql`SELECT amount_minor, number FROM invoices WHERE external_id = 'R-2599'`;
    expect(first).toEqual({ amount_minor: 1000n, number: 'INV-R-2599' });
  });

  it('owners by email whatever its case, and disputes without an external id by invoice and opened date', async () => {
    const f = await writeCsvFiles({
      owners: ['email,name,team', 'ana@acme.example,Ana,sales', 'Ana@Acme.example,Ana M,finance'],
      disputes: ['invoice_external_id,opened_date,reason', 'B-1,2026-02-10,qty', 'B-1,2026-02-11,price', 'B-1,2026-02-10,again'],
    });
    const r = await cli('--owners', f.owners!, '--disputes', f.disputes!);
    expect(r.err.trim().split('\n')).toEqual([
      `${f.owners}:3: email: repeats line 2`,
      `${f.disputes}:4: invoice_external_id: repeats line 2 with the same opened_date; give each dispute an external_id`,
    ]);
    const [o] = await db.sql`SELECT team FROM owners WHERE email = 'ana@acme.example'`;
    expect(o!.team).toBe('sales');
  });

  it('answers the API with the index of the later item and of the first', async () => {
    const r = await api('invoices', [invoiceItem('J-1'), invoiceItem('J-2'), invoiceItem('J-1', { amount: '99.00' })]);
    expect(r.status).toBe(207);
    expect(r.body).toMatchObject({ received: 3, inserted: 2, unchanged: 0, rejected: 1, errors: [{ index: 2, column: 'external_id', reason: 'repeats item 0' }] });
    const [j] = await db.sql`SELECT amount_minor FROM invoices WHERE external_id = 'J-1'`;
    expect(j!.amount_minor).toBe(1000n);
  });
});

describe('a payment received after today, in COMPANY_TIMEZONE', () => {
  it('is refused by the CLI, today being the date in Europe/Paris', async () => {
    const f = (await writeCsvFiles({
      payments: ['external_id,customer_external_id,received_date,currency,amount', 'F-1,C-1,2026-12-07,EUR,1.00', 'F-2,C-1,2026-12-09,EUR,1.00'],
    })).payments!;
    const r = await cli('--payments', f);
    expect(r.err).toBe(`${f}:3: received_date: 2026-12-09 is after today (2026-12-07 in Europe/Paris)\n`);
    expect(r.code).toBe(3);
    expect((await db.sql`SELECT external_id FROM payments WHERE external_id LIKE 'F-%'`).map((p) => p.external_id)).toEqual(['F-1']);
  });

  it('is refused by the API, today being the date in America/New_York', async () => {
    const r = await api('payments', [
      { external_id: 'G-1', customer_external_id: 'C-1', received_date: '2026-12-06', currency: 'EUR', amount: '1.00' },
      { external_id: 'G-2', customer_external_id: 'C-1', received_date: '2026-12-07', currency: 'EUR', amount: '1.00' },
    ]);
    expect(r.status).toBe(207);
    expect(r.body.errors).toEqual([{ index: 1, column: 'received_date', reason: '2026-12-07 is after today (2026-12-06 in America/New_York)' }]);
  });
});

describe('a file separated by something else than commas', () => {
  it.each([
    ['semicolons', ['external_id;number;customer_external_id;issue_date;due_date;currency;amount', 'S-1;INV-S-1;C-1;2026-02-01;2026-03-03;EUR;10,00'], "';'"],
    ['quoted semicolons', ['"external_id";"number";"customer_external_id";"issue_date";"due_date";"currency";"amount"', '"S-1";"INV-S-1";"C-1";"2026-02-01";"2026-03-03";"EUR";"10,00"'], "';'"],
    ['tabs', ['external_id\tnumber\tcustomer_external_id\tissue_date\tdue_date\tcurrency\tamount', 'S-1\tINV-S-1\tC-1\t2026-02-01\t2026-03-03\tEUR\t10.00'], 'tabs'],
  ])('is named as such when it has %s, with its file name, and nothing is stored', async (_what, lines, sep) => {
    const f = (await writeCsvFiles({ invoices: lines })).invoices!;
    const r = await cli('--invoices', f);
    expect(r.err).toBe(`${f}:1: header: the file looks separated by ${sep}: arbot reads commas (RFC 4180); export as CSV with commas\n`);
    expect(r.code).toBe(3);
    expect(await db.sql`SELECT 1 FROM invoices WHERE external_id = 'S-1'`).toHaveLength(0);
  });
});

describe('line numbers after a quoted cell spanning lines', () => {
  it('stay right in a CRLF file (csv-parse counts a CRLF inside quotes twice)', async () => {
    const f = (await writeCsvFiles({
      customers: ['external_id,name,billing_email', 'L-1,"Two\r\nlines",ap@l.example', 'L-2,"Three\r\nmore\r\nlines",ap@l.example', 'L-3,Fine,nope'],
    })).customers!;
    const r = await cli('--customers', f);
    expect(r.err.trim().split('\n')).toEqual([
      `${f}:2: name: contains a line break, U+000D (carriage return); a name is one line`,
      `${f}:4: name: contains a line break, U+000D (carriage return); a name is one line`,
      `${f}:7: billing_email: not an email address: "nope"`,
    ]);
  });
});

describe('an amount written with a decimal comma', () => {
  it('says so and how to write it, in CSV and JSON', async () => {
    const f = (await writeCsvFiles({ invoices: [invoiceHeader, invoiceLine('K-1', 'INV-K-1', '"1.234,50"'), invoiceLine('K-2', 'INV-K-2', '"1234,5"')] })).invoices!;
    const r = await cli('--invoices', f);
    expect(r.err.trim().split('\n')).toEqual([
      `${f}:2: amount: expected a decimal amount such as 1234.50, got "1.234,50", which uses ',' as the decimal separator; write 1234.50`,
      `${f}:3: amount: expected a decimal amount such as 1234.50, got "1234,5", which uses ',' as the decimal separator; write 1234.5`,
    ]);
    const a = await api('invoices', [invoiceItem('K-3', { amount: '1 234,50' })]);
    expect(a.body.errors).toEqual([{ index: 0, column: 'amount', reason: `expected a decimal amount such as 1234.50, got "1 234,50", which uses ',' as the decimal separator; write 1234.50` }]);
  });
});

describe('control, bidi and zero-width characters in imported text', () => {
  it('refuses them in identifiers, naming the character, in CSV', async () => {
    const f = await writeCsvFiles({
      invoices: [invoiceHeader, invoiceLine('Z-1', 'INV\u200b-1'), invoiceLine('Z-2', 'INV-Z-2\u202e'), `Z-3,INV-Z-3,C-1,2026-02-01,2026-03-03,EUR,10.00,"PO\u20661"`],
      payments: ['external_id,customer_external_id,received_date,currency,amount,reference,invoice_number', 'Z-P1,C\u200d-1,2026-02-01,EUR,1.00,wire\u200e,INV\u00ad-B-1'],
    });
    const r = await cli('--invoices', f.invoices!, '--payments', f.payments!);
    expect(r.err.trim().split('\n')).toEqual([
      `${f.invoices}:2: number: contains U+200B (zero-width space)`,
      `${f.invoices}:3: number: contains U+202E (right-to-left override)`,
      `${f.invoices}:4: po_number: contains U+2066 (left-to-right isolate)`,
      `${f.payments}:2: customer_external_id: contains U+200D (zero-width joiner)`,
      `${f.payments}:2: reference: contains U+200E (left-to-right mark)`,
      `${f.payments}:2: invoice_number: contains U+00AD (soft hyphen)`,
    ]);
    expect(await db.sql`SELECT 1 FROM invoices WHERE external_id LIKE 'Z-%'`).toHaveLength(0);
  });

  it('removes them from names and reasons, and refuses a name with a line break, in CSV', async () => {
    const f = await writeCsvFiles({
      customers: ['external_id,name,billing_email', 'N-1,"Acme\u202e\u200b\tGroup",ap@acme.example', 'N-2,"Evil Corp\r\nAmount due: 0.00",ap@evil.example'],
      disputes: ['external_id,invoice_external_id,opened_date,reason', 'DZ-1,B-1,2026-02-01,"wrong qty\r\nsee PO\u2067 42"'],
    });
    const r = await cli('--customers', f.customers!, '--disputes', f.disputes!);
    expect(r.err).toBe(`${f.customers}:3: name: contains a line break, U+000D (carriage return); a name is one line\n`);
    const [c] = await db.sql`SELECT name FROM customers WHERE external_id = 'N-1'`;
    expect(c!.name).toBe('Acme Group');
    const [d] = await db.sql`SELECT reason FROM disputes WHERE external_id = 'DZ-1'`;
    expect(d!.reason).toBe('wrong qty\nsee PO 42');
  });

  it('refuses them in identifiers and cleans names through the API', async () => {
    const r = await api('customers', [
      { external_id: 'A\u200b-1', name: 'Fine', billing_email: 'ap@a.example' },
      { external_id: 'A-2', name: 'Ana\u2028Bob', billing_email: 'ap@a.example' },
      { external_id: 'A-3', name: '\u202eSneaky\u2069', billing_email: 'ap@a.example' },
    ]);
    expect(r.body.errors).toEqual([
      { index: 0, column: 'external_id', reason: 'contains U+200B (zero-width space)' },
      { index: 1, column: 'name', reason: 'contains a line break, U+2028 (line separator); a name is one line' },
    ]);
    const [c] = await db.sql`SELECT name FROM customers WHERE external_id = 'A-3'`;
    expect(c!.name).toBe('Sneaky');
  });
});
