import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runCli } from '../../src/cli/main.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import { post } from '../support/http.js';
import { capture, writeCsvFiles } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// An imported update that would break a ledger invariant (migration 011) releases what no longer fits, matches the
// released money again with the usual rules, audits each release and lists it in the report and import_runs.summary;
// a credit note cannot be released, so one that does not fit is refused with the amounts. Each case runs through
// the CSV import (CLI) and through the API, on a ledger of its own.

const token = 'test-token-0123456789abcdef';
const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
let db: TestDb;
let app: Running;
let base: string;

beforeAll(async () => {
  db = await openTestDb();
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', API_TOKEN: token, COMPANY_TIMEZONE: 'Europe/Paris', DEMO_LEDGER: 'off', SCHEDULER: 'off' });
  app = await startServer(config, quiet, { db });
  base = `http://127.0.0.1:${app.port}`;
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

type Row = Record<string, string>;
const kinds = { customers: 'customers', invoices: 'invoices', payments: 'payments', credit_notes: 'credit-notes' } as const;
type Kind = keyof typeof kinds;

/** What both paths answer for one source: the counts, the rejects and the released and unmatched lists. */
interface Answer {
  ok: boolean;
  inserted: number;
  updated: number;
  rejected: number;
  errors: { pos: number; column: string; reason: string }[];
  released_allocations: number;
  released: Record<string, unknown>[];
  unmatched: Record<string, unknown>[];
}

const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function viaCsv(kind: Kind, rows: Row[]): Promise<Answer> {
  const header = Object.keys(rows[0]!);
  const files = await writeCsvFiles({ [kind]: [header.join(','), ...rows.map((r) => header.map((h) => csvCell(r[h] ?? '')).join(','))] });
  const out = capture();
  const err = capture();
  const code = await runCli(['import', `--${kinds[kind]}`, files[kind]!, '--json'],
    { out, err, db, env: { COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent' } });
  const s = JSON.parse(out.text()).sources[0];
  // Positions are CSV line numbers (the header is line 1): as item indexes, to compare with the API's.
  const at = <T extends { pos: number }>({ pos, ...x }: T) => ({ ...x, pos: pos - 2 });
  return {
    ok: code === 0, inserted: s.inserted, updated: s.updated, rejected: s.rejected, errors: s.errors.map(at),
    released_allocations: s.released_allocations, released: s.released.map(at), unmatched: s.unmatched.map(at),
  };
}

async function viaApi(kind: Kind, rows: Row[]): Promise<Answer> {
  const r = await post(`${base}/api/v1/${kinds[kind]}`, JSON.stringify(rows), { authorization: `Bearer ${token}` });
  const b = r.body;
  return {
    ok: r.status === 200, inserted: b.inserted, updated: b.updated, rejected: b.rejected,
    errors: b.errors.map(({ index, ...e }: { index: number }) => ({ pos: index, ...e })),
    released_allocations: b.released_allocations ?? 0,
    released: (b.released ?? []).map(({ index, ...x }: { index: number }) => ({ ...x, pos: index })),
    unmatched: (b.unmatched ?? []).map(({ index, ...x }: { index: number }) => ({ ...x, pos: index })),
  };
}

const customer = (id: string): Row => ({ external_id: id, name: id, billing_email: `ap@${id.toLowerCase()}.example` });
const invoice = (id: string, customerId: string, currency: string, amount: string): Row => ({
  external_id: id, number: id, customer_external_id: customerId, issue_date: '2026-01-01', due_date: '2026-01-31', currency, amount,
});
const payment = (id: string, customerId: string, currency: string, amount: string, extra: Row = {}): Row => ({
  external_id: id, customer_external_id: customerId, received_date: '2026-02-01', currency, amount, reference: '', invoice_number: '', ...extra,
});
const creditNote = (id: string, invoiceId: string, currency: string, amount: string): Row => ({
  external_id: id, number: id, invoice_external_id: invoiceId, issued_date: '2026-02-10', currency, amount,
});

/** Allocations of the payments or invoices named, as "payment → invoice amount". */
async function allocations(keys: string[]): Promise<string[]> {
  const rows = await db.sql<{ line: string }[]>`
    SELECT p.external_id || ' -> ' || i.external_id || ' ' || a.amount_minor || ' ' || a.matched_by AS line
    FROM payment_allocations a JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id
    WHERE p.external_id = ANY(${keys}) OR i.external_id = ANY(${keys})
    ORDER BY p.external_id, i.external_id`;
  return rows.map((r) => r.line);
}

/** What the invoice still owes by invoice_settlements, and whether it counts as settled. */
async function owing(invoiceKey: string): Promise<{ remaining: bigint; settled: boolean }> {
  const [s] = await db.sql<{ remaining: bigint; settled: boolean }[]>`
    SELECT s.amount_minor - s.applied_minor AS remaining, s.settled_on IS NOT NULL AS settled
    FROM invoice_settlements s JOIN invoices i ON i.id = s.invoice_id WHERE i.external_id = ${invoiceKey}`;
  return s!;
}

/** The payment.released audit rows of a payment, with the run that wrote them. */
async function releaseAudits(paymentKey: string) {
  return db.sql<{ invoice: string; amount_minor: number; reason: string; run: boolean }[]>`
    SELECT i.external_id AS invoice, (l.details->>'amount_minor')::int AS amount_minor, l.details->>'reason' AS reason,
           (l.details->>'import_run')::int8 = (SELECT max(id) FROM import_runs) AS run
    FROM audit_log l JOIN payments p ON p.id = l.entity_id JOIN invoices i ON i.id = (l.details->>'invoice_id')::int8
    WHERE l.action = 'payment.released' AND l.entity = 'payment' AND p.external_id = ${paymentKey}
      AND (l.details->>'payment_id')::int8 = p.id
    ORDER BY l.id`;
}

/** The last import run's summary for its (only) source. */
async function lastSummary() {
  const [r] = await db.sql<{ summary: { sources: Record<string, unknown>[] } }[]>`SELECT summary FROM import_runs ORDER BY id DESC LIMIT 1`;
  return r!.summary.sources[0]!;
}

describe.each([['csv', viaCsv], ['api', viaApi]] as const)('import updates that break an invariant (%s)', (path, load) => {
  const k = (id: string) => `${path}-${id}`;
  const setUp = async (rows: { customers: string[]; invoices: Row[]; payments?: Row[]; credit_notes?: Row[] }) => {
    expect((await load('customers', rows.customers.map((c) => customer(c)))).ok).toBe(true);
    expect((await load('invoices', rows.invoices)).ok).toBe(true);
    if (rows.payments) expect((await load('payments', rows.payments)).ok).toBe(true);
    if (rows.credit_notes) expect((await load('credit_notes', rows.credit_notes)).ok).toBe(true);
  };

  it('a payment lowered below what it settled gives the rest back: the invoice is open again for it', async () => {
    const [c, inv, pay] = [k('C1'), k('INV-1'), k('PAY-1')];
    await setUp({ customers: [c], invoices: [invoice(inv, c, 'EUR', '1000.00')], payments: [payment(pay, c, 'EUR', '1000.00', { invoice_number: inv })] });
    expect(await allocations([pay])).toEqual([`${pay} -> ${inv} 100000 invoice_number`]);

    const r = await load('payments', [payment(pay, c, 'EUR', '100.00', { invoice_number: inv })]);
    expect(r).toMatchObject({ ok: true, updated: 1, rejected: 0, released_allocations: 1, unmatched: [] });
    const released = {
      pos: 0, external_id: pay, payment_external_id: pay, invoice_external_id: inv, invoice_number: inv, released_minor: '90000',
      currency: 'EUR', reason: `payment ${pay} lowered to 100.00 EUR, less than the 1,000.00 EUR allocated`,
    };
    expect(r.released).toEqual([released]);
    expect(await allocations([pay])).toEqual([`${pay} -> ${inv} 10000 invoice_number`]);
    expect(await owing(inv)).toEqual({ remaining: 90000n, settled: false });
    expect(await releaseAudits(pay)).toEqual([{ invoice: inv, amount_minor: 90000, reason: released.reason, run: true }]);
    const s = await lastSummary();
    expect(s).toMatchObject({ kind: 'payments', released_allocations: 1, unmatched_payments: 0 });
    expect(s.released).toEqual([{ ...released, pos: path === 'csv' ? 2 : 0 }]);
  });

  it('a payment moved to another customer gives back all it settled and is matched again for its new customer', async () => {
    const [c, other, inv, theirs, pay] = [k('C6'), k('C6b'), k('INV-6'), k('INV-6b'), k('PAY-6')];
    await setUp({
      customers: [c, other], invoices: [invoice(inv, c, 'EUR', '250.00'), invoice(theirs, other, 'EUR', '250.00')],
      payments: [payment(pay, c, 'EUR', '250.00')],
    });
    expect(await allocations([pay])).toEqual([`${pay} -> ${inv} 25000 amount`]);

    const r = await load('payments', [payment(pay, other, 'EUR', '250.00')]);
    expect(r).toMatchObject({ ok: true, updated: 1, released_allocations: 1, unmatched: [] });
    expect(r.released).toEqual([{
      pos: 0, external_id: pay, payment_external_id: pay, invoice_external_id: inv, invoice_number: inv, released_minor: '25000',
      currency: 'EUR', reason: `payment ${pay} moved to customer ${other}; invoice ${inv} is ${c}'s`,
    }]);
    expect(await allocations([pay])).toEqual([`${pay} -> ${theirs} 25000 amount`]);
    expect(await owing(inv)).toEqual({ remaining: 25000n, settled: false });
    expect(await releaseAudits(pay)).toEqual([{ invoice: inv, amount_minor: 25000, reason: r.released[0]!.reason, run: true }]);
  });

  it('an invoice changed to another currency gives back its payments, which are matched again or listed as unmatched', async () => {
    const [c, inv, pay] = [k('C2'), k('INV-2'), k('PAY-2')];
    await setUp({ customers: [c], invoices: [invoice(inv, c, 'EUR', '500.00')], payments: [payment(pay, c, 'EUR', '500.00', { invoice_number: inv })] });
    expect(await allocations([pay])).toEqual([`${pay} -> ${inv} 50000 invoice_number`]);

    const r = await load('invoices', [invoice(inv, c, 'USD', '500.00')]);
    expect(r).toMatchObject({ ok: true, updated: 1, released_allocations: 1 });
    expect(r.released).toEqual([{
      pos: 0, external_id: inv, payment_external_id: pay, invoice_external_id: inv, invoice_number: inv, released_minor: '50000',
      currency: 'EUR', reason: `invoice ${inv} is now in USD; payment ${pay} is in EUR`,
    }]);
    // Matched again with the usual rules: the invoice it names is now in another currency.
    expect(r.unmatched).toEqual([{
      pos: 0, external_id: pay, customer_external_id: c, currency: 'EUR', unallocated_minor: '50000',
      reason: `invoice ${inv} is in USD, the payment in EUR`,
    }]);
    expect(await allocations([pay, inv])).toEqual([]);
    expect(await owing(inv)).toEqual({ remaining: 50000n, settled: false });
    expect(await releaseAudits(pay)).toEqual([{ invoice: inv, amount_minor: 50000, reason: r.released[0]!.reason, run: true }]);
    const s = await lastSummary();
    expect(s).toMatchObject({ kind: 'invoices', released_allocations: 1, unmatched_payments: 1 });
    expect((s.released as unknown[]).length).toBe(1);
    expect(s.unmatched).toEqual([expect.objectContaining({ external_id: pay, unallocated_minor: '50000' })]);
  });

  it('an invoice lowered below what is applied releases the most recent payments first, as far as needed', async () => {
    const [c, inv, early, late] = [k('C3'), k('INV-3'), k('PAY-3a'), k('PAY-3b')];
    await setUp({
      customers: [c], invoices: [invoice(inv, c, 'EUR', '1000.00')],
      payments: [payment(early, c, 'EUR', '600.00', { invoice_number: inv }),
        { ...payment(late, c, 'EUR', '400.00', { invoice_number: inv }), received_date: '2026-02-05' }],
    });
    expect(await owing(inv)).toEqual({ remaining: 0n, settled: true });

    const r = await load('invoices', [invoice(inv, c, 'EUR', '10.00')]);
    const reason = `invoice ${inv} lowered to 10.00 EUR, less than the 1,000.00 EUR applied to it`;
    expect(r).toMatchObject({ ok: true, updated: 1, released_allocations: 2 });
    expect(r.released.map((x) => [x.payment_external_id, x.released_minor, x.reason])).toEqual([[late, '40000', reason], [early, '59000', reason]]);
    expect(await allocations([inv])).toEqual([`${early} -> ${inv} 1000 invoice_number`]);
    expect(await owing(inv)).toEqual({ remaining: 0n, settled: true });
    // The released money names a settled invoice: finance places it by hand.
    expect(r.unmatched.map((u) => [u.external_id, u.unallocated_minor, u.reason]).sort()).toEqual([
      [early, '59000', `invoice ${inv} is already settled`], [late, '40000', `invoice ${inv} is already settled`]]);
    expect(await releaseAudits(late)).toEqual([{ invoice: inv, amount_minor: 40000, reason, run: true }]);
    expect(await releaseAudits(early)).toEqual([{ invoice: inv, amount_minor: 59000, reason, run: true }]);
    expect(await lastSummary()).toMatchObject({ released_allocations: 2, unmatched_payments: 2 });
  });

  it('an invoice moved to another customer gives back the first customer\'s payment, which settles another of its invoices', async () => {
    const [c, other, inv, spare, pay] = [k('C4'), k('C4b'), k('INV-4'), k('INV-4b'), k('PAY-4')];
    await setUp({ customers: [c, other], invoices: [invoice(inv, c, 'EUR', '300.00')], payments: [payment(pay, c, 'EUR', '300.00', { reference: `wire ${inv}` })] });
    expect(await allocations([pay])).toEqual([`${pay} -> ${inv} 30000 reference`]);

    const r = await load('invoices', [invoice(spare, c, 'EUR', '300.00'), invoice(inv, other, 'EUR', '300.00')]);
    expect(r).toMatchObject({ ok: true, inserted: 1, updated: 1, released_allocations: 1, unmatched: [] });
    expect(r.released).toEqual([{
      pos: 1, external_id: inv, payment_external_id: pay, invoice_external_id: inv, invoice_number: inv, released_minor: '30000',
      currency: 'EUR', reason: `invoice ${inv} moved to customer ${other}; payment ${pay} is from ${c}`,
    }]);
    expect(await allocations([pay])).toEqual([`${pay} -> ${spare} 30000 amount`]);
    expect(await owing(inv)).toEqual({ remaining: 30000n, settled: false });
    expect(await owing(spare)).toEqual({ remaining: 0n, settled: true });
    expect(await releaseAudits(pay)).toEqual([{ invoice: inv, amount_minor: 30000, reason: r.released[0]!.reason, run: true }]);
    const [allocated] = await db.sql`
      SELECT count(*)::int AS n FROM audit_log l JOIN payments p ON p.id = l.entity_id
      WHERE l.action = 'payment.allocated' AND p.external_id = ${pay} AND (l.details->>'import_run')::int8 = (SELECT max(id) FROM import_runs)`;
    expect(allocated!.n).toBe(1);
  });

  it('refuses a credit note beyond what the invoice still owes, and an invoice change below or away from its credit notes', async () => {
    const [c, inv, small, pay] = [k('C5'), k('INV-5'), k('INV-5b'), k('PAY-5')];
    await setUp({
      customers: [c], invoices: [invoice(inv, c, 'EUR', '1000.00'), invoice(small, c, 'EUR', '100.00')],
      payments: [payment(pay, c, 'EUR', '200.00', { invoice_number: inv })],
    });
    const over = await load('credit_notes', [creditNote(k('CN-1'), inv, 'EUR', '1200.00'), creditNote(k('CN-2'), inv, 'EUR', '800.00')]);
    expect(over).toMatchObject({ ok: false, inserted: 1, rejected: 1 });
    expect(over.errors).toEqual([{ pos: 0, column: 'amount', reason: `1,200.00 EUR is more than invoice ${inv} still owes (800.00 EUR)` }]);
    expect(await owing(inv)).toEqual({ remaining: 0n, settled: true });

    // The accepted one raised, or moved to an invoice that owes less: the same check, its own amount counted once.
    const raised = await load('credit_notes', [creditNote(k('CN-2'), inv, 'EUR', '800.01')]);
    expect(raised.errors).toEqual([{ pos: 0, column: 'amount', reason: `800.01 EUR is more than invoice ${inv} still owes (800.00 EUR)` }]);
    const moved = await load('credit_notes', [creditNote(k('CN-2'), small, 'EUR', '800.00')]);
    expect(moved.errors).toEqual([{ pos: 0, column: 'amount', reason: `800.00 EUR is more than invoice ${small} still owes (100.00 EUR)` }]);
    expect(await load('credit_notes', [creditNote(k('CN-2'), inv, 'EUR', '700.00')])).toMatchObject({ ok: true, updated: 1 });

    // An invoice lowered below its credit notes, or to another currency, cannot release them: the row is refused.
    const lowered = await load('invoices', [invoice(inv, c, 'EUR', '500.00'), invoice(small, c, 'USD', '100.00')]);
    expect(lowered).toMatchObject({ ok: false, updated: 1, rejected: 1 });
    expect(lowered.errors).toEqual([{
      pos: 0, column: 'amount', reason: `500.00 EUR is less than the credit notes on invoice ${inv} (700.00 EUR); a credit note cannot be released`,
    }]);
    await load('credit_notes', [creditNote(k('CN-3'), small, 'USD', '1.00')]);
    const recurrency = await load('invoices', [invoice(small, c, 'EUR', '100.00')]);
    expect(recurrency.errors).toEqual([{
      pos: 0, column: 'currency', reason: `invoice ${small} has credit notes in USD; a credit note cannot be released, so its currency cannot change to EUR`,
    }]);
    const [i] = await db.sql`SELECT amount_minor, currency FROM invoices WHERE external_id = ${inv}`;
    expect(i).toEqual({ amount_minor: 100000n, currency: 'EUR' });
    expect(await owing(inv)).toEqual({ remaining: 10000n, settled: false });
  });
});

describe('the CLI prints released allocations', () => {
  it('one line each, with the amount, the payment, the invoice and why', async () => {
    const files = await writeCsvFiles({
      customers: ['external_id,name,billing_email', 'T1,T1,ap@t1.example'],
      invoices: ['external_id,number,customer_external_id,issue_date,due_date,currency,amount', 'TI-1,TI-1,T1,2026-01-01,2026-01-31,EUR,1000.00'],
      payments: ['external_id,customer_external_id,received_date,currency,amount,reference,invoice_number', 'TP-1,T1,2026-02-01,EUR,1000.00,,TI-1'],
      lowered: ['external_id,number,customer_external_id,issue_date,due_date,currency,amount', 'TI-1,TI-1,T1,2026-01-01,2026-01-31,EUR,250.00'],
    });
    const cli = async (...argv: string[]) => {
      const out = capture();
      const err = capture();
      await runCli(argv, { out, err, db, env: { COMPANY_TIMEZONE: 'Europe/Paris', LOG_LEVEL: 'silent' } });
      return out.text();
    };
    await cli('import', '--customers', files.customers!, '--invoices', files.invoices!, '--payments', files.payments!);
    // A dry run shows the same releases and writes nothing (the checks deferred to commit run before its rollback).
    const dry = await cli('import', '--invoices', files.lowered!, '--dry-run');
    expect(dry).toContain('  released 750.00 EUR of payment TP-1 from invoice TI-1 (TI-1)');
    expect(dry).toContain('dry run: nothing was written');
    expect(await allocations(['TP-1'])).toEqual(['TP-1 -> TI-1 100000 invoice_number']);
    const text = await cli('import', '--invoices', files.lowered!);
    expect(text).toMatch(/invoices\s+\S+lowered\.csv: 1 rows: 0 inserted, 1 updated, 0 unchanged, 0 rejected, 1 unmatched, 1 allocations released/);
    expect(text).toContain(`  released 750.00 EUR of payment TP-1 from invoice TI-1 (TI-1), ${files.lowered}:2: ` +
      'invoice TI-1 lowered to 250.00 EUR, less than the 1,000.00 EUR applied to it');
    expect(text).toContain('  unmatched payment TP-1 (T1) 750.00 EUR: invoice TI-1 is already settled');
  });
});

describe('after every release above', () => {
  it('leaves the settlement summary and the KPI rollups exact (as recomputed from scratch)', async () => {
    const nonZero = (rows: Record<string, unknown>[]) =>
      rows.filter((r) => Object.entries(r).some(([k, v]) => !['segment', 'currency', 'day'].includes(k) && v !== 0n));
    const daily = await db.sql`
      (SELECT * FROM kpi_daily EXCEPT SELECT * FROM kpi_daily_expected())
      UNION ALL (SELECT * FROM kpi_daily_expected() EXCEPT SELECT * FROM kpi_daily)`;
    expect(nonZero(daily)).toEqual([]);
    const segments = await db.sql`
      (SELECT * FROM kpi_segment_daily EXCEPT SELECT * FROM kpi_segment_daily_expected())
      UNION ALL (SELECT * FROM kpi_segment_daily_expected() EXCEPT SELECT * FROM kpi_segment_daily)`;
    expect(nonZero(segments)).toEqual([]);
    const [released] = await db.sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'payment.released'`;
    expect(released!.n).toBeGreaterThanOrEqual(10);
    const drifted = await db.sql`
      SELECT s.invoice_id FROM invoice_settlements s JOIN invoices i ON i.id = s.invoice_id
      WHERE s.applied_minor <> coalesce((SELECT sum(amount_minor) FROM payment_allocations WHERE invoice_id = i.id), 0)
                             + coalesce((SELECT sum(amount_minor) FROM credit_notes WHERE invoice_id = i.id), 0)
         OR (s.customer_id, s.currency, s.amount_minor) IS DISTINCT FROM (i.customer_id, i.currency, i.amount_minor)`;
    expect(drifted).toEqual([]);
  });
});
