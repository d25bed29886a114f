import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import { capture } from '../support/csv-files.js';
import { seedReportLedger } from '../support/report-ledger.js';
import { childEnv, runArbot } from '../support/spawn-cli.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

const token = 'report-test-token-0123456789';
const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
// "Today" is 2026-04-10 in Paris: reports default to as_of 2026-04-10 and the month of March.
const now = () => new Date('2026-04-10T10:00:00Z');
const env = { COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent', SCHEDULER: 'off' };
let db: TestDb;
let app: Running;
let base: string;

beforeAll(async () => {
  db = await openTestDb();
  await seedReportLedger(db.sql);
  // A customer name a spreadsheet would run as a formula, with a comma and quotes for RFC 4180.
  await db.sql`UPDATE customers SET name = '=HYPERLINK("http://evil.example","click"), Inc' WHERE external_id = 'TOP1'`;
  const config = loadConfig({ ...env, PORT: '0', HOST: '127.0.0.1', API_TOKEN: token, DEMO_LEDGER: 'off' });
  app = await startServer(config, quiet, { db, now });
  base = `http://127.0.0.1:${app.port}`;
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, now, env });
  return { code, out: out.text(), err: err.text() };
}

async function get(path: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) {
  const res = await fetch(`${base}${path}`, { headers });
  return { status: res.status, body: await res.json() as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted below
}

const names = ['dso', 'review', 'team', 'disputes', 'reminders'];

describe('arbot report', () => {
  it.each(names)('prints %s as JSON, the same JSON as the API', async (name) => {
    const r = await cli('report', name, '--as-of', '2026-03-31', '--format', 'json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.report).toBe(name);
    expect(json.as_of).toBe('2026-03-31');
    expect(await get(`/api/v1/reports/${name}?as_of=2026-03-31`)).toEqual({ status: 200, body: json });
  });

  it.each(names.flatMap((name) => [[name, '--as-of', '9998-12-31'], [name, '--month', '1900-01']]))(
    'answers %s %s %s at the edges of the calendar without failing', async (...argv) => {
      const r = await cli('report', ...argv, '--format', 'json');
      expect([r.code, r.err]).toEqual([0, '']);
      expect(JSON.parse(r.out).report).toBe(argv[0]);
    });

  it('writes amounts as minor units in strings in JSON', async () => {
    const json = JSON.parse((await cli('report', 'review', '--month', '2026-03', '--format', 'json')).out);
    expect(json.month).toBe('2026-03');
    expect(json.totals[0]).toMatchObject({ currency: 'EUR', invoiced_minor: '50000', collected_minor: '110000', change: { invoiced_minor: '-130000' } });
  });

  it('defaults to today in COMPANY_TIMEZONE and the last complete month', async () => {
    const json = JSON.parse((await cli('report', 'team', '--format', 'json')).out);
    expect([json.as_of, json.month]).toEqual(['2026-04-10', '2026-03']);
  });

  it('writes CSV by RFC 4180 with formula-looking cells neutralised', async () => {
    const r = await cli('report', 'review', '--month', '2026-03', '--format', 'csv');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('account,name,currency,invoiced,invoiced_change,collected,collected_change,open,open_change,overdue,overdue_change,disputes_opened,disputes_open');
    // Accounts are ordered by name, and '=' sorts before 'C': TOP1 (EUR, then USD) comes before STR1.
    expect(lines[1]).toBe(`TOP1,"'=HYPERLINK(""http://evil.example"",""click""), Inc",EUR,500.00,'-500.00,400.00,'+200.00,1100.00,'+100.00,600.00,'+600.00,2,2`);
    expect(lines[3]).toBe("STR1,Customer STR1,EUR,0.00,'-800.00,700.00,'+700.00,0.00,'-800.00,0.00,'-800.00,1,0");
    expect(lines.at(-3)).toBe("TOTAL,,EUR,500.00,'-1300.00,1100.00,'+900.00,1100.00,'-700.00,600.00,'-200.00,,");
    expect(r.out.endsWith('\n')).toBe(true);
  });

  // A child process can only share a server database (embedded PGlite has one writer: this test process).
  it.runIf(process.env.DATABASE_URL)('prints the same CSV from the real process, whose stdout shows control characters as escapes', async () => {
    const inProcess = await cli('report', 'review', '--month', '2026-03', '--format', 'csv');
    const real = await runArbot(['report', 'review', '--month', '2026-03', '--format', 'csv'], childEnv({ ...env, DATABASE_URL: db.url! }));
    expect([real.code, real.stdout]).toEqual([0, inProcess.out]);
  }, 60_000);

  it('prints a table by default', async () => {
    const r = await cli('report', 'disputes', '--month', '2026-03');
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Dispute reasons, 2026-03');
    expect(lines[1]).toMatch(/^reason\s+opened\s+currency\s+amount\s+resolved\s+median_resolution_hours$/);
    expect(lines[2]).toMatch(/^price\s+2\s+EUR\s+800\.00\s+2\s+54$/);
    expect(lines).toContain('Disputes opened per month');
  });

  it.each([
    [['report'], 'name a report: dso, review, team, disputes, reminders'],
    [['report', 'aging'], 'unknown report aging (dso, review, team, disputes, reminders)'],
    [['report', 'team', 'extra'], 'unexpected argument extra for report'],
    [['report', 'team', '--format', 'xlsx'], '--format xlsx: expected table, json or csv'],
    [['report', 'team', '--as-of', '31/03/2026'], '--as-of: expected a date YYYY-MM-DD in the years 1900 to 9998, got "31/03/2026"'],
    [['report', 'team', '--month', '2026-13'], '--month: expected a month YYYY-MM in the years 1900 to 9998, got "2026-13"'],
    [['report', 'team', '--month', '2026-04', '--as-of', '2026-04-10'], '--month: 2026-04 ends after as_of 2026-04-10; give a month that ends on or before it'],
    [['report', 'team', '--json'], 'unknown option --json for report'],
    [['report', 'team', '--month'], 'option --month needs a value'],
  ])('refuses %j with exit 2 and one line', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`arbot: ${message}; see 'arbot report --help'\n`);
    expect(r.out).toBe('');
  });
});

describe('GET /api/v1/reports/NAME', () => {
  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-right-token' }],
  ])('refuses %s with 401, before saying whether the report exists', async (_what, headers) => {
    for (const path of ['/api/v1/reports/team', '/api/v1/reports/nope']) {
      const r = await get(path, headers);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
    }
  });

  it.each([
    ['?as_of=2026-02-30', 'as_of: expected a date YYYY-MM-DD in the years 1900 to 9998, got "2026-02-30"'],
    ['?month=March', 'month: expected a month YYYY-MM in the years 1900 to 9998, got "March"'],
    ['?month=2026-04&as_of=2026-04-10', 'month: 2026-04 ends after as_of 2026-04-10; give a month that ends on or before it'],
    ['?asof=2026-03-31', 'unknown parameter "asof"; use as_of, month'],
    ['?as_of=2026-03-31&as_of=2026-02-28', 'as_of: given more than once'],
    ['?as_of=%00%ff', 'as_of: expected a date YYYY-MM-DD in the years 1900 to 9998, got "\u0000\ufffd"'],
  ])('answers 400 to %s', async (query, message) => {
    expect(await get(`/api/v1/reports/review${query}`)).toEqual({ status: 400, body: { error: { code: 'invalid_parameter', message } } });
  });

  it.each([
    ['aging', '/api/v1/reports/aging'],
    ['an empty name', '/api/v1/reports/'],
    ['a name of 500 characters', `/api/v1/reports/${'x'.repeat(500)}`],
    ['a bidi override', '/api/v1/reports/%E2%80%AEtoday'],
  ])('answers 404 to %s, with a short message', async (_what, path) => {
    const r = await get(path);
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('unknown_report');
    expect(r.body.error.message.length).toBeLessThan(200);
  });

  it('answers a target too long to serve with the server\'s 400, not a crash', async () => {
    const r = await get(`/api/v1/reports/${'x'.repeat(5000)}`);
    expect(r.status).toBe(400);
    expect((await get('/api/v1/reports/team?as_of=2026-03-31')).status).toBe(200);
  });

  it('is GET only', async () => {
    const res = await fetch(`${base}/api/v1/reports/team`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' });
    expect(res.status).toBe(405);
  });

  it('answers with the report JSON', async () => {
    const r = await get('/api/v1/reports/reminders?month=2026-03');
    expect(r.status).toBe(200);
    expect(r.body.as_of).toBe('2026-03-31');
    expect(r.body.paid_invoices).toEqual({ invoices: 2, reminders: 2, reminders_per_paid_invoice: 1 });
    expect(r.body.comparisons[0]).toMatchObject({ control: 'overdue', variant: 'overdue_firm', z: -0.866, p_value: 0.3865 });
  });
});
