import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runCli } from '../../src/cli/main.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import { capture } from '../support/csv-files.js';
import { clearLedger, insertLedger } from '../support/kpi-ledger.js';
import { paidOnDueDate, twoCurrencies } from '../support/kpi-scenarios.js';
import { childEnv, runArbot } from '../support/spawn-cli.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

const token = 'kpi-test-token-0123456789';
const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
// 23:30 UTC on Mar 31 is already Apr 1 in Tokyo: "today" follows COMPANY_TIMEZONE, not UTC.
const now = () => new Date('2026-03-31T23:30:00Z');
let db: TestDb;
let app: Running;
let base: string;

beforeAll(async () => {
  db = await openTestDb();
  await clearLedger(db.sql);
  await insertLedger(db.sql, twoCurrencies.ledger);
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', API_TOKEN: token, COMPANY_TIMEZONE: 'Asia/Tokyo', DEMO_LEDGER: 'off', SCHEDULER: 'off', LOG_LEVEL: 'silent' });
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
  const code = await runCli(argv, { out, err, db, now, env: { COMPANY_TIMEZONE: 'Asia/Tokyo', LOG_LEVEL: 'silent', SCHEDULER: 'off' } });
  return { code, out: out.text(), err: err.text() };
}

async function getKpi(query: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) {
  const res = await fetch(`${base}/api/v1/kpi${query}`, { headers });
  return { status: res.status, body: await res.json() as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- asserted below
}

describe('arbot kpi', () => {
  it('prints the JSON of every currency as of a date', async () => {
    const r = await cli('kpi', '--as-of', '2026-03-31', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ as_of: '2026-03-31', currencies: twoCurrencies.expected });
  });

  it('narrows to one currency and one segment', async () => {
    const r = await cli('kpi', '--as-of', '2026-03-31', '--currency', 'usd', '--segment', 'top', '--json');
    expect(JSON.parse(r.out)).toEqual({ as_of: '2026-03-31', currencies: paidOnDueDate.expected });
    const none = await cli('kpi', '--as-of', '2026-03-31', '--segment', 'standard', '--json');
    expect(JSON.parse(none.out)).toEqual({ as_of: '2026-03-31', currencies: [] });
  });

  it('defaults --as-of to today in COMPANY_TIMEZONE', async () => {
    const r = await cli('kpi', '--json');
    expect(JSON.parse(r.out).as_of).toBe('2026-04-01');
  });

  it('prints a readable table by default', async () => {
    const r = await cli('kpi', '--as-of', '2026-03-31');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('KPIs as of 2026-03-31');
    expect(lines).toContainEqual(expect.stringMatching(/^\s+JPY\s+USD$/));
    expect(lines).toContainEqual(expect.stringMatching(/^open AR\s+40000\s+1150\.00$/));
    expect(lines).toContainEqual(expect.stringMatching(/^overdue share \(amount\)\s+0\.00%\s+39\.13%$/));
    expect(lines).toContainEqual(expect.stringMatching(/^avg dispute age \(days\)\s+-\s+-$/));
    expect(lines).toContainEqual(expect.stringMatching(/^DSO, countback\s+24\.80\s+56\.20$/));
    const empty = await cli('kpi', '--as-of', '2020-01-01');
    expect(empty.out).toBe('KPIs as of 2020-01-01: no invoices issued on or before that date\n');
  });

  it.each([
    [['--as-of', '2026-02-30'], '--as-of: expected a date YYYY-MM-DD, got "2026-02-30"'],
    [['--as-of', 'yesterday'], '--as-of: expected a date YYYY-MM-DD, got "yesterday"'],
    [['--currency', 'EURO'], '--currency: expected an ISO 4217 currency code such as USD, got "EURO"'],
    [['--segment', 'vip'], '--segment: expected one of top, standard, at_risk, got "vip"'],
    [['--as-of'], 'option --as-of needs a value'],
    [['--month', '3'], 'unknown option --month for kpi'],
  ])('refuses %j with exit 2 and says why', async (args, message) => {
    const r = await cli('kpi', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`arbot: ${message}`);
    expect(r.out).toBe('');
  });

  it('exits 2 from the real entry point on a bad date', async () => {
    const r = await runArbot(['kpi', '--as-of', '31/03/2026'], childEnv({ DATA_DIR: '/nonexistent-not-opened' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('arbot: --as-of: expected a date YYYY-MM-DD, got "31/03/2026"');
  }, 60_000);
});

describe('GET /api/v1/kpi', () => {
  it('returns the same JSON as the CLI', async () => {
    expect(await getKpi('?as_of=2026-03-31')).toEqual({ status: 200, body: { as_of: '2026-03-31', currencies: twoCurrencies.expected } });
    expect(await getKpi('?as_of=2026-03-31&currency=JPY')).toEqual({ status: 200, body: { as_of: '2026-03-31', currencies: [twoCurrencies.expected[0]] } });
    expect((await getKpi('?as_of=2026-03-31&segment=at_risk')).body.currencies).toEqual([]);
    expect((await getKpi('')).body.as_of).toBe('2026-04-01');
  });

  it.each([
    ['no token', {}, 401, 'unauthorized'],
    ['a wrong token', { authorization: 'Bearer not-the-right-token' }, 401, 'unauthorized'],
  ])('refuses %s', async (_what, headers, status, code) => {
    const r = await getKpi('?as_of=2026-03-31', headers);
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
  });

  it.each([
    ['?as_of=2026-13-01', 'as_of: expected a date YYYY-MM-DD, got "2026-13-01"'],
    ['?currency=XX', 'currency: expected an ISO 4217 currency code such as USD, got "XX"'],
    ['?segment=gold', 'segment: expected one of top, standard, at_risk, got "gold"'],
    ['?asof=2026-03-31', 'unknown parameter "asof"; use as_of, currency, segment'],
  ])('answers 400 to %s', async (query, message) => {
    expect(await getKpi(query)).toEqual({ status: 400, body: { error: { code: 'invalid_parameter', message } } });
  });

  it('is GET only: other methods get 405, and POST stays the import API', async () => {
    const del = await fetch(`${base}/api/v1/kpi`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(del.status).toBe(405);
    const post = await fetch(`${base}/api/v1/kpi`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '[]' });
    expect(post.status).toBe(404);
    expect(((await post.json()) as { error: { code: string } }).error.code).toBe('unknown_kind');
  });
});
