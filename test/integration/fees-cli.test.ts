import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { capture, writeCsvFiles } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// `arbot fees rates load|list`, `arbot fees rules list` and `arbot fees preview` on a real Postgres ledger: one late
// invoice per jurisdiction, worked out by hand below, customers left out by rule, and nothing written by a preview.

const now = () => new Date('2026-12-06T10:00:00Z');
const env = { COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent' };
let db: TestDb;

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, now, env });
  return { code, out: out.text(), err: err.text() };
}

const ratesCsv = [
  'series,valid_from,rate_bp',
  // ECB main refinancing rate
  'ecb_mro,2024-06-12,425', 'ecb_mro,2024-09-18,365', 'ecb_mro,2024-10-23,340', 'ecb_mro,2024-12-18,315',
  'ecb_mro,2025-02-05,290', 'ecb_mro,2025-03-12,265', 'ecb_mro,2025-04-23,240', 'ecb_mro,2025-06-11,215',
  // Basiszinssatz
  'de_basiszins,2025-01-01,227', 'de_basiszins,2025-07-01,127',
  // Bank of England base rate
  'boe_base,2024-11-07,475', 'boe_base,2025-02-06,450', 'boe_base,2025-05-08,425', 'boe_base,2025-08-07,400',
];

beforeAll(async () => {
  db = await openTestDb();
  const f = await writeCsvFiles({
    customers: [
      'external_id,name,segment,strategic,billing_email,country,late_fee_rule',
      'F-1,Lumière SA,standard,false,ap@f.example,FR,',
      'D-1,Berlin GmbH,standard,true,ap@d.example,DE,',
      'G-1,London Ltd,top,false,ap@g.example,GB,',
      'I-1,Milano Srl,standard,false,ap@i.example,IT,',
      'U-1,Ohio Inc,standard,false,ap@u.example,US,',
      'O-1,Opt Out SARL,standard,false,ap@o.example,FR,none',
      'N-1,Nowhere Co,standard,false,ap@n.example,,',
    ],
    invoices: [
      'external_id,number,customer_external_id,issue_date,due_date,currency,amount',
      'f1,F-INV-1,F-1,2025-05-01,2025-05-31,EUR,10000.00',
      'f2,F-INV-2,F-1,2025-08-01,2025-09-30,EUR,1000.00',
      'f3,F-INV-3,F-1,2025-06-01,2025-06-30,EUR,500.00',
      'd1,D-INV-1,D-1,2025-05-16,2025-06-15,EUR,5000.00',
      'g1,G-INV-1,G-1,2025-07-01,2025-07-31,GBP,1000.00',
      'i1,I-INV-1,I-1,2025-06-30,2025-07-30,EUR,1234.56',
      'u1,U-INV-1,U-1,2025-05-31,2025-06-30,USD,100.00',
      'o1,O-INV-1,O-1,2025-05-31,2025-06-30,EUR,100.00',
      'n1,N-INV-1,N-1,2025-05-31,2025-06-30,EUR,100.00',
    ],
    payments: [
      'external_id,customer_external_id,received_date,currency,amount,invoice_number',
      'pf3,F-1,2025-07-15,EUR,500.00,F-INV-3',
      'pd1,D-1,2025-07-10,EUR,2000.00,D-INV-1',
    ],
    credit_notes: [
      'external_id,number,invoice_external_id,issued_date,currency,amount',
      'ci1,CN-1,i1,2025-08-10,EUR,234.56',
    ],
  });
  const r = await cli('import', '--customers', f.customers!, '--invoices', f.invoices!, '--payments', f.payments!, '--credit-notes', f.credit_notes!);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
});
afterAll(async () => {
  await db?.close();
});

describe('arbot fees rates', () => {
  it('refuses a bad file whole, naming every bad line, and stores nothing', async () => {
    const f = (await writeCsvFiles({ rates: ['series,valid_from,rate_bp', 'ecb_mro,2025-06-11,215', 'ecb_mro,2025-06-31,215', 'boe_base,2025-08-07,4.00', 'ecb_mro,2025-06-11,200'] })).rates!;
    const r = await cli('fees', 'rates', 'load', f);
    expect(r.code).toBe(3);
    expect(r.err.trim().split('\n')).toEqual([
      `${f}:3: valid_from: expected a date YYYY-MM-DD, got "2025-06-31"`,
      `${f}:4: rate_bp: expected whole basis points between -10000 and 10000 (4.50% is 450), got "4.00"`,
      `${f}:5: valid_from: repeats line 2 (same series and date)`,
      `arbot: ${f}: nothing loaded; fix the lines above and load the file again`,
    ]);
    const [n] = await db.sql`SELECT count(*)::int AS n FROM reference_rates`;
    expect(n!.n).toBe(0);
  });

  it('a late invoice without its rate loaded shows why, instead of an amount', async () => {
    const r = await cli('fees', 'preview', '--as-of', '2025-08-29', '--customer', 'F-1', '--json');
    expect(r.code).toBe(0);
    const line = JSON.parse(r.out).lines[0];
    expect(line).toMatchObject({ invoice_number: 'F-INV-1', interest: null, fixed_compensation: { amount: '40.00', currency: 'EUR' } });
    expect(line.problems).toEqual(['no ecb_mro rate in force on 2025-01-01; load it with arbot fees rates load']);
    expect(r.err).toBe('arbot: F-INV-1: no ecb_mro rate in force on 2025-01-01; load it with arbot fees rates load\n');
  });

  it('loads, lists, and loads the same file again without change', async () => {
    const f = (await writeCsvFiles({ rates: ratesCsv })).rates!;
    expect(await cli('fees', 'rates', 'load', f)).toEqual({ code: 0, out: '14 rates: 14 inserted, 0 updated, 0 unchanged\n', err: '' });
    expect((await cli('fees', 'rates', 'load', f)).out).toBe('14 rates: 0 inserted, 0 updated, 14 unchanged\n');
    const list = await cli('fees', 'rates', 'list');
    expect(list.out).toContain('de_basiszins   2025-07-01     127 bp  1.27%\n');
    const json = JSON.parse((await cli('fees', 'rates', 'list', '--json')).out);
    expect(json.rates).toHaveLength(14);
    expect(json.rates[0]).toEqual({ series: 'boe_base', valid_from: '2024-11-07', rate_bp: 475 });
  });
});

describe('arbot fees rules list', () => {
  it('shows the built-in rules with their legal basis', async () => {
    const r = await cli('fees', 'rules', 'list');
    expect(r.code).toBe(0);
    expect(r.out).toContain('uk     boe_base + 800 bp (fixed_when_overdue, actual/365); 40.00 GBP under 1000.00, 70.00 GBP under 10000.00, 100.00 GBP from 10000.00');
    expect(r.out).toContain('Code de commerce art. L441-10');
    expect(r.out).toContain('§288 Abs. 2 BGB');
  });
});

describe('arbot fees preview', () => {
  // As of 2025-08-29 (hand-computed; interest = Σ base × (reference + margin) × days / 3,650,000 minor units, half up):
  //  F-INV-1 fr  EUR 10,000.00 due 05-31, 90 days: 30 d at 3.15+10 (1 Jan), 60 d at 2.15+10 (1 Jul)
  //              1,000,000×1315×30 + 1,000,000×1215×60 = 112,350,000,000 → 30,780.82 → EUR 307.81; EUR 40
  //  D-INV-1 de  EUR 5,000.00 due 06-15, 2,000.00 paid 07-10, 75 days: 15 d 500,000 at 11.27%, 10 d 500,000 at 10.27%,
  //              50 d 300,000 at 10.27%: 8,452,500,000 + 5,135,000,000 + 15,405,000,000 = 28,992,500,000 → 7,943.15
  //              → EUR 79.43; EUR 40; strategic: needs approval
  //  G-INV-1 uk  GBP 1,000.00 due 07-31, 29 days; overdue in H2, so the base rate on 30 June (4.25%) + 8:
  //              100,000×1225×29 = 3,552,500,000 → 973.29 → GBP 9.73; GBP 1,000.00 is not under 1,000: GBP 70; top: needs approval
  //  I-INV-1 eu  EUR 1,234.56 less a 234.56 credit note (from the due date) = 1,000.00, due 07-30, 30 days at 2.15+8:
  //              100,000×1015×30 = 3,045,000,000 → 834.25 → EUR 8.34; EUR 40
  //  Left out: F-INV-2 (not due), F-INV-3 (paid), U-INV-1 (US: no rule), O-INV-1 (opted out), N-INV-1 (no country).
  //  Totals: EUR interest 307.81 + 79.43 + 8.34 = 395.58, compensation 120.00; GBP interest 9.73, compensation 70.00.
  it('proposes interest and compensation per late invoice, with totals per currency', async () => {
    const r = await cli('fees', 'preview', '--as-of', '2025-08-29', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out);
    expect(p.as_of).toBe('2025-08-29');
    expect(p.lines.map((l: Record<string, unknown>) => [l.invoice_number, l.rule, l.currency, l.amount_due, l.days_late, l.interest, l.fixed_compensation, l.needs_approval])).toEqual([
      ['D-INV-1', 'de', 'EUR', '3000.00', 75, '79.43', { amount: '40.00', currency: 'EUR' }, true],
      ['F-INV-1', 'fr', 'EUR', '10000.00', 90, '307.81', { amount: '40.00', currency: 'EUR' }, false],
      ['G-INV-1', 'uk', 'GBP', '1000.00', 29, '9.73', { amount: '70.00', currency: 'GBP' }, true],
      ['I-INV-1', 'eu', 'EUR', '1000.00', 30, '8.34', { amount: '40.00', currency: 'EUR' }, false],
    ]);
    expect(p.lines[1].legal_basis).toMatch(/^Code de commerce art\. L441-10/);
    expect(p.lines[0].periods).toEqual([
      { from: '2025-06-16', until: '2025-07-01', days: 15, base: '5000.00', reference_bp: 227, rate_bp: 1127 },
      { from: '2025-07-01', until: '2025-07-11', days: 10, base: '5000.00', reference_bp: 127, rate_bp: 1027 },
      { from: '2025-07-11', until: '2025-08-30', days: 50, base: '3000.00', reference_bp: 127, rate_bp: 1027 },
    ]);
    expect(p.totals).toEqual([
      { currency: 'EUR', interest: '395.58', fixed_compensation: '120.00' },
      { currency: 'GBP', interest: '9.73', fixed_compensation: '70.00' },
    ]);
  });

  it('prints a table flagging top and strategic accounts, the totals and each rule\'s legal basis', async () => {
    const r = await cli('fees', 'preview', '--as-of', '2025-08-29');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('Late-payment charges as of 2025-08-29 (proposals: nothing is charged, invoices and KPIs are unchanged)');
    expect(lines.find((l) => l.includes('G-INV-1'))).toMatch(/G-1 London Ltd\s+G-INV-1\s+GBP\s+1000\.00\s+29\s+uk\s+9\.73\s+70\.00 GBP\s+needs approval$/);
    expect(lines.find((l) => l.includes('F-INV-1'))).not.toMatch(/needs approval/);
    expect(r.out).toContain('  EUR: interest 395.58, fixed compensation 120.00\n');
    expect(r.out).toContain('  uk: Late Payment of Commercial Debts (Interest) Act 1998');
  });

  it('one customer with --customer; a date with no late invoice; the day it falls due counts zero days', async () => {
    const one = JSON.parse((await cli('fees', 'preview', '--as-of', '2025-08-29', '--customer', 'G-1', '--json')).out);
    expect(one.lines.map((l: { invoice_number: string }) => l.invoice_number)).toEqual(['G-INV-1']);
    // G-INV-1 is due 2025-07-31: on that day it is not late, the day after it is one day late.
    expect(JSON.parse((await cli('fees', 'preview', '--as-of', '2025-07-31', '--customer', 'G-1', '--json')).out).lines).toEqual([]);
    const day1 = JSON.parse((await cli('fees', 'preview', '--as-of', '2025-08-01', '--customer', 'G-1', '--json')).out).lines[0];
    // 100,000 × 1225 × 1 / 3,650,000 = 33.56 → GBP 0.34
    expect(day1).toMatchObject({ days_late: 1, interest: '0.34' });
    expect((await cli('fees', 'preview', '--as-of', '2025-05-01')).out).toContain('no late invoice of a customer with a late-fee rule');
  });

  it('changes nothing: invoice amounts and KPIs are the same after a preview', async () => {
    const kpi = async () => (await cli('kpi', '--as-of', '2025-08-29', '--json')).out;
    const before = await kpi();
    const amounts = await db.sql`SELECT external_id, amount_minor FROM invoices ORDER BY external_id`;
    await cli('fees', 'preview', '--as-of', '2025-08-29');
    expect(await kpi()).toBe(before);
    expect(await db.sql`SELECT external_id, amount_minor FROM invoices ORDER BY external_id`).toEqual(amounts);
  });

  it.each([
    [['fees', 'preview', '--customer', 'NOPE'], "arbot: --customer NOPE: no such customer; see 'arbot fees --help'\n"],
    [['fees', 'preview', '--as-of', 'yesterday'], "arbot: --as-of yesterday: expected an ISO 8601 date or time, e.g. 2026-03-10, 2026-03-10T09:00 or 2026-03-10T09:00Z; see 'arbot fees --help'\n"],
    [['fees', 'preview', '--limit', '3'], "arbot: unknown option --limit for fees; see 'arbot fees --help'\n"],
    [['fees'], "arbot: name what to do: fees preview, export, resolve, rates list, rates load, rules list or rules load; see 'arbot fees --help'\n"],
    [['fees', 'rates', 'load'], "arbot: name the file: arbot fees rates load FILE.csv; see 'arbot fees --help'\n"],
  ])('usage errors exit 2 with one line: %j', async (argv, err) => {
    expect(await cli(...argv)).toEqual({ code: 2, out: '', err });
  });
});

describe('arbot help', () => {
  it('lists the fees command, and fees --help shows its lines alone', async () => {
    expect((await cli('help')).out).toMatch(/^ {2}arbot fees preview \[--as-of YYYY-MM-DD\] \[--customer ID\] \[--json\]$/m);
    const r = await cli('fees', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}arbot fees rates list\|load FILE\.csv$/m);
    expect(r.out).not.toMatch(/arbot kpi/);
  });
});
