import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthRoutes } from '../../adapters/http/health.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { openDatabase } from '../../adapters/postgres/connect.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import { get, post } from '../support/http.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { expectLedgerClean } from '../support/ledger-clean.js';

const token = 'test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${token}` };
const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
let db: TestDb;
let app: Running;
let base: string;

beforeAll(async () => {
  db = await openTestDb();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', API_TOKEN: token, API_MAX_BODY_BYTES: '65536', COMPANY_TIMEZONE: 'America/New_York', DEMO_LEDGER: 'off', SCHEDULER: 'off' });
  app = await startServer(config, quiet, { db });
  base = `http://127.0.0.1:${app.port}`;
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

const owners = [{ email: 'Ana@Acme.example', name: 'Ana', team: 'sales' }, { email: 'dan@acme.example', team: 'finance', approver: true }];
const customers = [
  { external_id: 'C-1', name: 'Northwind', segment: 'top', billing_email: ['ap@nw.example'], sales_owner_email: 'ana@acme.example' },
  { external_id: 'C-2', name: 'Globex', billing_email: 'ap@globex.example', timezone: 'Asia/Tokyo' },
];
const invoices = Array.from({ length: 30 }, (_, i) => ({
  external_id: `e${i}`, number: `INV-${i}`, customer_external_id: i % 2 ? 'C-1' : 'C-2', issue_date: '2026-01-01',
  due_date: '2026-01-31', currency: 'USD', amount: `${100 + i}.50`,
}));

describe('import API', () => {
  it('answers /healthz with the database reachable', async () => {
    expect(await get(`${base}/healthz`)).toEqual({ status: 200, body: { status: 'ok', database: 'reachable' } });
    expect((await get(`${base}/readyz`)).status).toBe(200);
  });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer nope-nope-nope-nope' }],
    ['another scheme', { authorization: `Basic ${token}` }],
  ])('refuses a call with %s: 401 and nothing stored', async (_what, headers) => {
    const r = await post(`${base}/api/v1/owners`, JSON.stringify(owners), headers);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthorized');
    const [n] = await db.sql`SELECT count(*)::int AS n FROM owners`;
    expect(n!.n).toBe(0);
  });

  it('upserts owners, customers and invoices from JSON arrays', async () => {
    expect(await post(`${base}/api/v1/owners`, JSON.stringify(owners), auth)).toMatchObject({ status: 200, body: { inserted: 2, rejected: 0 } });
    expect(await post(`${base}/api/v1/customers`, JSON.stringify(customers), auth)).toMatchObject({ status: 200, body: { inserted: 2 } });
    expect(await post(`${base}/api/v1/invoices`, JSON.stringify(invoices), auth)).toMatchObject({
      status: 200, body: { kind: 'invoices', received: 30, inserted: 30, updated: 0, unchanged: 0, rejected: 0, errors: [] },
    });
    const [c] = await db.sql`SELECT timezone, billing_emails FROM customers WHERE external_id = 'C-1'`;
    expect(c).toEqual({ timezone: 'America/New_York', billing_emails: ['ap@nw.example'] });
    const audit = await db.sql`SELECT DISTINCT actor FROM audit_log`;
    expect(audit).toEqual([{ actor: 'api' }]);
  });

  it('changes nothing when the same items are posted again', async () => {
    const r = await post(`${base}/api/v1/invoices`, JSON.stringify(invoices), auth);
    expect(r.body).toMatchObject({ inserted: 0, updated: 0, unchanged: 30 });
  });

  it('stores the valid items and answers 207 with per-item errors', async () => {
    const items = [
      { ...invoices[0], external_id: 'x1', number: 'INV-X1' },
      { ...invoices[0], external_id: 'x2', number: 'INV-X2', due_date: 'tomorrow' },
      'not an object',
      { ...invoices[0], external_id: 'x3', number: 'INV-X3', customer_external_id: 'C-404' },
      { ...invoices[0], external_id: 'x4', number: 'INV-X4', amount: 0.1 + 0.2 },
    ];
    const r = await post(`${base}/api/v1/invoices`, JSON.stringify(items), auth);
    expect(r.status).toBe(207);
    expect(r.body).toMatchObject({ received: 5, inserted: 1, rejected: 4 });
    expect(r.body.errors).toEqual([
      { index: 1, column: 'due_date', reason: 'expected a date YYYY-MM-DD, got "tomorrow"' },
      { index: 2, column: 'row', reason: 'each item must be a JSON object' },
      { index: 3, column: 'customer_external_id', reason: 'no customer "C-404"; import it first (--customers) or in the same run' },
      { index: 4, column: 'row', reason: 'amount: send this number as a decimal string, such as "1234.50"' },
    ]);
    const [x] = await db.sql`SELECT count(*)::int AS n FROM invoices WHERE external_id LIKE 'x%'`;
    expect(x!.n).toBe(1);
  });

  it('streams NDJSON one item a line', async () => {
    const body = [{ external_id: 'p1', customer_external_id: 'C-1', received_date: '2026-02-01', currency: 'USD', amount: '101.50', invoice_number: 'INV-1' },
      { external_id: 'p2', customer_external_id: 'C-2', received_date: '2026-02-01', currency: 'USD', amount: '1.00' }]
      .map((x) => JSON.stringify(x)).join('\n');
    const r = await post(`${base}/api/v1/payments`, `${body}\n{broken\n`, { ...auth, 'content-type': 'application/x-ndjson' });
    expect(r.status).toBe(207);
    expect(r.body).toMatchObject({ received: 3, inserted: 2, rejected: 1, unmatched_payments: 1, errors: [{ index: 2, column: 'row', reason: 'not valid JSON' }] });
    expect(r.body.unmatched[0]).toMatchObject({ index: 1, external_id: 'p2', unallocated_minor: '100' });
  });

  it('validates without writing on ?dry_run=1', async () => {
    const r = await post(`${base}/api/v1/owners?dry_run=1`, JSON.stringify([{ email: 'new@acme.example', team: 'delivery' }]), auth);
    expect(r.body).toMatchObject({ dry_run: true, inserted: 1 });
    const [n] = await db.sql`SELECT count(*)::int AS n FROM owners WHERE email = 'new@acme.example'`;
    expect(n!.n).toBe(0);
  });

  it.each([
    ['a body that is not JSON', '/api/v1/owners', '{', {}, 400, 'invalid_json'],
    ['an object instead of an array', '/api/v1/owners', '{}', {}, 400, 'expected_array'],
    ['an unknown kind', '/api/v1/bananas', '[]', {}, 404, 'unknown_kind'],
    ['a form body', '/api/v1/owners', 'a=1', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
    ['a body over API_MAX_BODY_BYTES', '/api/v1/owners', JSON.stringify(Array(20000).fill({ email: 'a@b.example' })), {}, 413, 'body_too_large'],
  ])('refuses %s', async (_what, path, body, headers, status, code) => {
    const r = await post(`${base}${path}`, body, { ...auth, ...headers });
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
  });


  it('closes the import run of an NDJSON body cut short by an oversized line, saying why', async () => {
    const ok = JSON.stringify({ email: 'before-the-big-line@acme.example', team: 'sales' });
    const big = JSON.stringify({ email: 'big@acme.example', name: 'x'.repeat(70_000), team: 'sales' });
    const r = await post(`${base}/api/v1/owners`, `${ok}\n${big}\n`, { ...auth, 'content-type': 'application/x-ndjson' });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('line_too_large');
    expect(r.body.error.message).toMatch(/^item 1 is over 65536 bytes \(API_MAX_BODY_BYTES\); items before it may already be stored: fix or split that item and send the body again/);
    const [run] = await db.sql<{ finished: boolean; failed: string | null }[]>`
      SELECT finished_at IS NOT NULL AS finished, summary->>'failed' AS failed FROM import_runs ORDER BY id DESC LIMIT 1`;
    expect(run!.finished).toBe(true);
    expect(run!.failed).toMatch(/^item 1 is over 65536 bytes/);
  });
  it('produces no duplicates when the same import runs twice at once', async () => {
    const batch = Array.from({ length: 400 }, (_, i) => ({
      external_id: `c${i}`, number: `INV-C${i}`, customer_external_id: 'C-2', issue_date: '2026-02-01', due_date: '2026-03-03', currency: 'JPY', amount: String(1000 + i),
    }));
    const pays = batch.map((b, i) => ({ external_id: `cp${i}`, customer_external_id: 'C-2', received_date: '2026-03-01', currency: 'JPY', amount: b.amount, invoice_number: b.number }));
    const [a, b] = await Promise.all([
      post(`${base}/api/v1/invoices`, JSON.stringify(batch), auth),
      post(`${base}/api/v1/invoices`, JSON.stringify(batch), auth),
    ]);
    expect(a.body.inserted + b.body.inserted).toBe(400);
    expect(a.body.rejected + b.body.rejected).toBe(0);
    const [pa, pb] = await Promise.all([
      post(`${base}/api/v1/payments`, JSON.stringify(pays), auth),
      post(`${base}/api/v1/payments`, JSON.stringify(pays), auth),
    ]);
    expect(pa.body.inserted + pb.body.inserted).toBe(400);
    const [n] = await db.sql`
      SELECT (SELECT count(*) FROM invoices WHERE external_id LIKE 'c%')::int AS invoices,
             (SELECT count(*) FROM payments WHERE external_id LIKE 'cp%')::int AS payments,
             (SELECT count(*) FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.external_id LIKE 'cp%')::int AS allocations,
             (SELECT count(*) FROM invoices i WHERE i.external_id LIKE 'c%'
                AND i.amount_minor <> (SELECT coalesce(sum(amount_minor), 0) FROM payment_allocations WHERE invoice_id = i.id))::int AS unsettled`;
    expect(n).toEqual({ invoices: 400, payments: 400, allocations: 400, unsettled: 0 });
  });

  it('leaves a ledger that arbot check finds clean', async () => {
    await expectLedgerClean(db.sql);
  });
});

describe('health without a database', () => {
  it('answers 503 when the database does not answer', async () => {
    const dead = await openDatabase({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', dataDir: '' });
    const http = createHttpServer(healthRoutes(dead.sql), quiet);
    const port = await http.listen(0, '127.0.0.1');
    try {
      expect(await get(`http://127.0.0.1:${port}/healthz`)).toEqual({ status: 503, body: { status: 'unavailable', database: 'unreachable' } });
    } finally {
      await http.close();
      await dead.close();
    }
  });
});
