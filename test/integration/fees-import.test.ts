import { Writable } from 'node:stream';
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runCli } from '../../src/cli/main.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import { capture, writeCsvFiles } from '../support/csv-files.js';
import { post } from '../support/http.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The customers import's collections-policy columns (country, credit_limit + credit_limit_currency, payment_terms,
// late_fee_rule): good values stored parsed, bad ones rejected per line with nothing of the row written, by CSV
// (`arbot import`) and by the HTTP API.

const token = 'test-token-0123456789abcdef';
const auth = { authorization: `Bearer ${token}` };
const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
const now = () => new Date('2026-12-06T10:00:00Z');
const env = { COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent' };
let db: TestDb;
let app: Running;
let base: string;

beforeAll(async () => {
  db = await openTestDb();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', API_TOKEN: token, COMPANY_TIMEZONE: 'Europe/Paris', DEMO_LEDGER: 'off', SCHEDULER: 'off' });
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

const header = 'external_id,name,billing_email,country,credit_limit,credit_limit_currency,payment_terms,late_fee_rule';
const policyOf = async (id: string) => (await db.sql`
  SELECT country, credit_limit_minor, credit_limit_currency, payment_terms, payment_net_days, payment_discount_bp,
         payment_discount_days, late_fee_rule
  FROM customers WHERE external_id = ${id}`)[0];

describe('customers CSV with policy columns', () => {
  it('stores country upper-cased, the limit in minor units, the terms parsed, and the rule name', async () => {
    const f = (await writeCsvFiles({
      customers: [header, 'P-1,Lumière SA,ap@lumiere.example,fr,50000.00,eur,2/10 NET 30,', 'P-2,Brit Ltd,ap@brit.example,GB,,,net 45,none', 'P-3,Yen KK,ap@yen.example,JP,5000000,JPY,,uk'],
    })).customers!;
    const r = await cli('import', '--customers', f);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(await policyOf('P-1')).toEqual({
      country: 'FR', credit_limit_minor: 5_000_000n, credit_limit_currency: 'EUR', payment_terms: '2/10 net 30', payment_net_days: 30,
      payment_discount_bp: 200, payment_discount_days: 10, late_fee_rule: null,
    });
    expect(await policyOf('P-2')).toMatchObject({ country: 'GB', credit_limit_minor: null, payment_terms: 'net 45', payment_discount_bp: null, late_fee_rule: 'none' });
    expect(await policyOf('P-3')).toMatchObject({ country: 'JP', credit_limit_minor: 5_000_000n, credit_limit_currency: 'JPY', late_fee_rule: 'uk' });
    // The same file again changes nothing.
    expect((await cli('import', '--customers', f)).out).toMatch(/3 rows: 0 inserted, 0 updated, 3 unchanged, 0 rejected/);
  });

  it('rejects each bad value as file:line: column: reason and stores nothing of that row', async () => {
    const f = (await writeCsvFiles({
      customers: [
        header,
        'Q-1,Bad Country,ap@q.example,UK,,,,',
        'Q-2,Limit Alone,ap@q.example,FR,1000,,,',
        'Q-3,Currency Alone,ap@q.example,FR,,EUR,,',
        'Q-4,Comma Limit,ap@q.example,FR,"1234,50",EUR,,',
        'Q-5,Bad Terms,ap@q.example,FR,,,2/30 net 30,',
        'Q-6,Unknown Rule,ap@q.example,FR,,,,acme',
        'Q-7,Odd Rule,ap@q.example,FR,,,,Bad Rule!',
        'Q-8,Bad Currency,ap@q.example,FR,10,EURO,,',
        'Q-9,Good,ap@q.example,de,,,,',
      ],
    })).customers!;
    const r = await cli('import', '--customers', f);
    expect(r.code).toBe(3);
    expect(r.err.trim().split('\n').sort()).toEqual([
      `${f}:2: country: expected an ISO 3166-1 alpha-2 country code such as FR, got "UK" (the United Kingdom is GB)`,
      `${f}:3: credit_limit_currency: required with credit_limit 1000: its ISO 4217 currency`,
      `${f}:4: credit_limit: required with credit_limit_currency EUR: the limit, such as 50000.00`,
      `${f}:5: credit_limit: expected a decimal amount such as 1234.50, got "1234,50", which uses ',' as the decimal separator; write 1234.50`,
      `${f}:6: payment_terms: discount days (30) must be fewer than net days (30)`,
      `${f}:7: late_fee_rule: no rule "acme"; use none, eu, fr, de, uk, or load it first (arbot fees rules load)`,
      `${f}:8: late_fee_rule: expected a rule name such as eu, fr, de, uk or none, got "Bad Rule!"`,
      `${f}:9: credit_limit_currency: expected an ISO 4217 currency code such as EUR, got "EURO"`,
    ].sort());
    const stored = await db.sql`SELECT external_id FROM customers WHERE external_id LIKE 'Q-%' ORDER BY external_id`;
    expect(stored.map((s) => s.external_id)).toEqual(['Q-9']);
  });

  it('accepts a custom rule once it is loaded', async () => {
    const dir = (await writeCsvFiles({ x: ['x'] })).x!.replace(/x\.csv$/, '');
    const ruleFile = `${dir}acme.json`;
    await writeFile(ruleFile, JSON.stringify({
      name: 'acme', legal_basis: 'Framework agreement §9', reference_series: 'ecb_mro', margin_bp: 1200, rate_fixing: 'per_half_year',
      fixed_compensation: { currency: 'EUR', amount: '50.00' },
    }));
    expect(await cli('fees', 'rules', 'load', ruleFile)).toMatchObject({ code: 0, err: '' });
    const f = (await writeCsvFiles({ customers: [header, 'Q-6,Unknown Rule,ap@q.example,FR,,,,ACME'] })).customers!;
    expect(await cli('import', '--customers', f)).toMatchObject({ code: 0, err: '' });
    expect(await policyOf('Q-6')).toMatchObject({ late_fee_rule: 'acme' });
  });
});

describe('customers API with policy columns', () => {
  it('takes the same fields, a JSON number limit included, and answers 207 naming item and column', async () => {
    const items = [
      { external_id: 'A-1', name: 'Api GmbH', billing_email: 'ap@api.example', country: 'de', credit_limit: 25000.5, credit_limit_currency: 'EUR', payment_terms: 'net 60' },
      { external_id: 'A-2', name: 'Api Two', billing_email: 'ap@api.example', country: 'XX' },
      { external_id: 'A-3', name: 'Api Three', billing_email: 'ap@api.example', credit_limit: '100.001', credit_limit_currency: 'EUR' },
      { external_id: 'A-4', name: 'Api Four', billing_email: 'ap@api.example', payment_terms: 'whenever' },
    ];
    const r = await post(`${base}/api/v1/customers`, JSON.stringify(items), auth);
    expect(r.status).toBe(207);
    expect(r.body).toMatchObject({ received: 4, inserted: 1, rejected: 3 });
    expect(r.body.errors).toEqual([
      { index: 1, column: 'country', reason: 'expected an ISO 3166-1 alpha-2 country code such as FR, got "XX"' },
      { index: 2, column: 'credit_limit', reason: 'EUR allows 2 decimals, got "100.001"' },
      { index: 3, column: 'payment_terms', reason: 'expected terms such as "net 30" or "2/10 net 30", got "whenever"' },
    ]);
    expect(await policyOf('A-1')).toMatchObject({ country: 'DE', credit_limit_minor: 2_500_050n, credit_limit_currency: 'EUR', payment_net_days: 60 });
    const [n] = await db.sql`SELECT count(*)::int AS n FROM customers WHERE external_id IN ('A-2', 'A-3', 'A-4')`;
    expect(n!.n).toBe(0);
  });
});

describe('the database refuses what the import would', () => {
  it.each([
    ['a limit without its currency', `UPDATE customers SET credit_limit_currency = NULL WHERE external_id = 'P-1'`],
    ['a lower-case country', `UPDATE customers SET country = 'fr' WHERE external_id = 'P-1'`],
    ['a discount lasting as long as the terms', `UPDATE customers SET payment_discount_days = 30 WHERE external_id = 'P-1'`],
    ['terms text without parsed days', `UPDATE customers SET payment_net_days = NULL WHERE external_id = 'P-1'`],
  ])('CHECK: %s', async (_what, statement) => {
    await expect(db.sql.unsafe(statement)).rejects.toThrow(/violates check constraint/);
  });
});

describe('an ERP export in the older format (without the policy columns) keeps what is stored', () => {
  const termsOf = async (id: string) => (await db.sql`
    SELECT payment_terms, payment_net_days, payment_discount_bp, payment_discount_days FROM invoices WHERE external_id = ${id}`)[0];

  it('keeps a customer\'s country, limit, terms and rule when the file has no such columns; an empty cell clears', async () => {
    const first = (await writeCsvFiles({ customers: [header, 'K-1,Keep SA,ap@keep.example,FR,50000.00,EUR,2/10 net 30,uk'] })).customers!;
    expect((await cli('import', '--customers', first)).code).toBe(0);
    const kept = { country: 'FR', credit_limit_minor: 5_000_000n, credit_limit_currency: 'EUR', payment_terms: '2/10 net 30', payment_net_days: 30, payment_discount_bp: 200, payment_discount_days: 10, late_fee_rule: 'uk' };
    expect(await policyOf('K-1')).toEqual(kept);
    // The old format: a name change goes through, the policy stays.
    const old = (await writeCsvFiles({ customers: ['external_id,name,billing_email', 'K-1,Keep SAS,ap@keep.example'] })).customers!;
    expect((await cli('import', '--customers', old)).code).toBe(0);
    expect(await policyOf('K-1')).toEqual(kept);
    expect((await db.sql`SELECT name FROM customers WHERE external_id = 'K-1'`)[0]!.name).toBe('Keep SAS');
    // Only the limit pair given, empty: the limit is cleared, the rest kept.
    const limitOnly = (await writeCsvFiles({ customers: ['external_id,name,billing_email,credit_limit,credit_limit_currency', 'K-1,Keep SAS,ap@keep.example,,'] })).customers!;
    expect((await cli('import', '--customers', limitOnly)).code).toBe(0);
    expect(await policyOf('K-1')).toEqual({ ...kept, credit_limit_minor: null, credit_limit_currency: null });
    // The API: an item without the keys keeps them too.
    const r = await post(`${base}/api/v1/customers`, JSON.stringify([{ external_id: 'K-1', name: 'Keep SAS', billing_email: 'ap@keep.example', credit_limit: 100, credit_limit_currency: 'EUR' }]), auth);
    expect(r.status).toBe(200);
    expect(await policyOf('K-1')).toEqual({ ...kept, credit_limit_minor: 10_000n });
  });

  it('keeps an invoice\'s own payment terms when the invoices file has no payment_terms column, in a mixed API batch too', async () => {
    const withTerms = (await writeCsvFiles({
      invoices: ['external_id,number,customer_external_id,issue_date,due_date,currency,amount,payment_terms',
        'KI-1,K-INV-1,K-1,2026-11-20,2026-12-20,EUR,100.00,2/10 net 30', 'KI-2,K-INV-2,K-1,2026-11-20,2026-12-20,EUR,100.00,net 45'],
    })).invoices!;
    expect((await cli('import', '--invoices', withTerms)).code).toBe(0);
    const old = (await writeCsvFiles({
      invoices: ['external_id,number,customer_external_id,issue_date,due_date,currency,amount',
        'KI-1,K-INV-1,K-1,2026-11-20,2026-12-21,EUR,100.00', 'KI-2,K-INV-2,K-1,2026-11-20,2026-12-20,EUR,100.00'],
    })).invoices!;
    expect((await cli('import', '--invoices', old)).code).toBe(0);
    expect(await termsOf('KI-1')).toEqual({ payment_terms: '2/10 net 30', payment_net_days: 30, payment_discount_bp: 200, payment_discount_days: 10 });
    expect((await db.sql`SELECT due_date::text AS d FROM invoices WHERE external_id = 'KI-1'`)[0]!.d).toBe('2026-12-21');
    const inv = (id: string, extra: object) => ({ external_id: id, number: `K-INV-${id.slice(3)}`, customer_external_id: 'K-1', issue_date: '2026-11-20', due_date: '2026-12-20', currency: 'EUR', amount: '100.00', ...extra });
    const r = await post(`${base}/api/v1/invoices`, JSON.stringify([inv('KI-1', {}), inv('KI-2', { payment_terms: '' })]), auth);
    expect(r.status).toBe(200);
    expect(await termsOf('KI-1')).toMatchObject({ payment_terms: '2/10 net 30' });
    expect(await termsOf('KI-2')).toEqual({ payment_terms: null, payment_net_days: null, payment_discount_bp: null, payment_discount_days: null });
  });
});
