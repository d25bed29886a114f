import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEarlyPaymentOffer } from '../../adapters/postgres/early-payment-offers.js';
import { postgresImportStore } from '../../adapters/postgres/ledger-import-store.js';
import type { LedgerKind } from '../../src/domain/import/ledger-rows.js';
import { importLedger } from '../../src/services/import-ledger.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { cadenceConfig, customer, importRows, owner, quietLog } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { expectLedgerClean, ledgerViolations } from '../support/ledger-clean.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Early-payment discounts (issue 19) on Postgres, through the real import service: "2/10 net 30" on 1,000.00 EUR
// issued 2026-03-01 gives 20.00 off until 2026-03-11 (the last day included).

let db: TestDb;
let sendgrid: FakeSendGrid;
let deps: CadenceDeps;

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  deps = await cadenceDeps(cadenceConfig(sendgrid), db.sql, quietLog);
  await importRows(db.sql, { owners: [owner] });
});
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

const inv = (id: string, customerId: string, terms: string, extra: Record<string, string> = {}) => ({
  external_id: id, number: id, customer_external_id: customerId, issue_date: '2026-03-01', due_date: '2026-03-31',
  currency: 'EUR', amount: '1000.00', payment_terms: terms, ...extra,
});
const pay = (id: string, customerId: string, received: string, amount: string, invoiceNumber = '') => ({
  external_id: id, customer_external_id: customerId, received_date: received, currency: 'EUR', amount, invoice_number: invoiceNumber,
});

async function settlement(invoice: string) {
  const [r] = await db.sql<{ applied: string; remaining: string; settled_on: string | null; paid_on: string | null; discount: string | null; cash: string | null }[]>`
    SELECT s.applied_minor::text AS applied, (s.amount_minor - s.applied_minor)::text AS remaining,
           s.settled_on::text AS settled_on, s.paid_on::text AS paid_on,
           (SELECT amount_minor::text FROM discount_allocations d WHERE d.invoice_id = i.id) AS discount,
           (SELECT sum(amount_minor)::text FROM payment_allocations a WHERE a.invoice_id = i.id) AS cash
    FROM invoices i JOIN invoice_settlements s ON s.invoice_id = i.id WHERE i.external_id = ${invoice}`;
  return r!;
}

/** Imports and returns the report (importRows throws on rejects; this one keeps the report). */
async function importReport(rows: Partial<Record<LedgerKind, Record<string, string>[]>>) {
  const sources = Object.entries(rows).map(([kind, list]) => ({
    kind: kind as LedgerKind, name: kind,
    items: (async function* () { let pos = 0; for (const cells of list ?? []) yield { pos: ++pos, cells }; })(),
  }));
  return importLedger(postgresImportStore(db.sql), sources,
    { actor: 'test', via: 'csv', defaultTimezone: 'Europe/Paris', today: { date: '2026-12-31', zone: 'Europe/Paris' } });
}

describe('early-payment discounts on the ledger', () => {
  it('settles an invoice paid 98% within the window with a discount allocation; arbot check is clean', async () => {
    await importRows(db.sql, {
      customers: [customer('D1', 'Europe/Paris')],
      invoices: [inv('D1-1', 'D1', '2/10 net 30'), inv('D1-2', 'D1', '2/10 net 30')],
      // By invoice number on the window's last day, and by amount (no number) within it.
      payments: [pay('D1-p1', 'D1', '2026-03-11', '980.00', 'D1-1'), pay('D1-p2', 'D1', '2026-03-05', '980.00')],
    });
    for (const id of ['D1-1', 'D1-2']) {
      const s = await settlement(id);
      expect(s).toMatchObject({ applied: '100000', remaining: '0', discount: '2000', cash: '98000' });
    }
    expect(await settlement('D1-1')).toMatchObject({ settled_on: '2026-03-11', paid_on: '2026-03-11' });
    const [row] = await db.sql`SELECT discount_bp, discount_days FROM discount_allocations d JOIN invoices i ON i.id = d.invoice_id WHERE i.external_id = 'D1-1'`;
    expect(row).toEqual({ discount_bp: 200, discount_days: 10 });
    const [audit] = await db.sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'payment.discount_allocated'`;
    expect(audit!.n).toBe(2);
    await expectLedgerClean(db.sql);
  });

  it('allocates 98% paid the day after the window as a part payment, the rest still open', async () => {
    const report = await importReport({
      customers: [customer('D2', 'Europe/Paris')],
      invoices: [inv('D2-1', 'D2', '2/10 net 30')],
      payments: [pay('D2-p1', 'D2', '2026-03-12', '980.00', 'D2-1')],
    });
    expect(report.sources.flatMap((s) => s.unmatched)).toEqual([]);
    expect(await settlement('D2-1')).toEqual({ applied: '98000', remaining: '2000', settled_on: null, paid_on: null, discount: null, cash: '98000' });
    await expectLedgerClean(db.sql);
  });

  it('uses the customer\'s terms when the invoice has none, and the invoice\'s own "net 30" over them', async () => {
    await importRows(db.sql, {
      customers: [customer('D3', 'Europe/Paris', 'standard', { payment_terms: '2/10 net 30' })],
      invoices: [inv('D3-1', 'D3', ''), inv('D3-2', 'D3', 'net 30')],
      payments: [pay('D3-p1', 'D3', '2026-03-04', '980.00', 'D3-1'), pay('D3-p2', 'D3', '2026-03-04', '980.00', 'D3-2')],
    });
    expect(await settlement('D3-1')).toMatchObject({ remaining: '0', discount: '2000' });
    expect(await settlement('D3-2')).toMatchObject({ remaining: '2000', discount: null });
    await expectLedgerClean(db.sql);
  });

  it('settles with part payments in the window once they reach the discounted amount', async () => {
    await importRows(db.sql, {
      customers: [customer('D4', 'Europe/Paris')],
      invoices: [inv('D4-1', 'D4', '1.5/10 net 45', { amount: '1000.01' })],
      payments: [pay('D4-p1', 'D4', '2026-03-02', '400.00', 'D4-1')],
    });
    expect(await settlement('D4-1')).toMatchObject({ remaining: '60001', discount: null });
    // 1.5% of 1000.01 = 15.00015 → 15.00; the rest to pay is 600.01 − 15.00 = 585.01.
    await importRows(db.sql, { payments: [pay('D4-p2', 'D4', '2026-03-11', '585.01', 'D4-1')] });
    expect(await settlement('D4-1')).toMatchObject({ remaining: '0', discount: '1500', cash: '98501' });
    await expectLedgerClean(db.sql);
  });

  it('withdraws the discount when the invoice amount is changed by a later import, and says so', async () => {
    await importRows(db.sql, {
      customers: [customer('D5', 'Europe/Paris')],
      invoices: [inv('D5-1', 'D5', '2/10 net 30')],
      payments: [pay('D5-p1', 'D5', '2026-03-03', '980.00', 'D5-1')],
    });
    expect(await settlement('D5-1')).toMatchObject({ remaining: '0', discount: '2000' });
    const report = await importReport({ invoices: [inv('D5-1', 'D5', '2/10 net 30', { amount: '1100.00' })] });
    expect(report.sources[0]!.released).toEqual([expect.objectContaining({
      invoice_external_id: 'D5-1', payment_external_id: 'D5-p1', released_minor: 2000n,
      reason: 'early-payment discount on invoice D5-1 withdrawn: the invoice amount changed',
    })]);
    expect(await settlement('D5-1')).toMatchObject({ remaining: '12000', discount: null, cash: '98000' });
    await expectLedgerClean(db.sql);
  });
});

describe('payments changed by a later import', () => {
  it('withdraws the discount of a payment moved after the window, keeping its cash allocated', async () => {
    await importRows(db.sql, {
      customers: [customer('D6', 'Europe/Paris')],
      invoices: [inv('D6-1', 'D6', '2/10 net 30')],
      payments: [pay('D6-p1', 'D6', '2026-03-10', '980.00', 'D6-1')],
    });
    expect(await settlement('D6-1')).toMatchObject({ remaining: '0', discount: '2000' });
    const report = await importReport({ payments: [pay('D6-p1', 'D6', '2026-03-13', '980.00', 'D6-1')] });
    expect(report.sources[0]!.released).toEqual([expect.objectContaining({
      invoice_external_id: 'D6-1', payment_external_id: 'D6-p1', released_minor: 2000n,
      reason: 'early-payment discount on invoice D6-1 withdrawn: the payment is no longer within the discount window',
    })]);
    expect(await settlement('D6-1')).toMatchObject({ remaining: '2000', discount: null, cash: '98000' });
    await expectLedgerClean(db.sql);
  });
});

describe('Postgres constraints on discount allocations', () => {
  async function allocated(customerTerms: string, invoiceTerms: string, received: string) {
    const c = `K${Math.random().toString(36).slice(2, 8)}`;
    await importRows(db.sql, {
      customers: [customer(c, 'Europe/Paris', 'standard', { payment_terms: customerTerms })],
      invoices: [inv(`${c}-1`, c, invoiceTerms)],
      // 500.00: a part payment, so no discount is granted by the import itself.
      payments: [pay(`${c}-p`, c, received, '500.00', `${c}-1`)],
    });
    const [a] = await db.sql<{ payment_id: string; invoice_id: string }[]>`
      SELECT a.payment_id::text, a.invoice_id::text FROM payment_allocations a JOIN invoices i ON i.id = a.invoice_id
      WHERE i.external_id = ${`${c}-1`}`;
    return a!;
  }
  const insert = (a: { payment_id: string; invoice_id: string }, amount: number, bp = 200, days = 10) => db.sql`
    INSERT INTO discount_allocations (payment_id, invoice_id, amount_minor, discount_bp, discount_days)
    VALUES (${a.payment_id}::int8, ${a.invoice_id}::int8, ${amount}, ${bp}, ${days})`;

  it('rejects a discount on an invoice without discount terms', async () => {
    const a = await allocated('', 'net 30', '2026-03-03');
    await expect(insert(a, 2000)).rejects.toMatchObject({ code: '23514', constraint_name: 'discount_requires_terms' });
  });
  it('rejects an amount other than the terms give, terms other than the invoice\'s, and a payment after the window', async () => {
    const a = await allocated('', '2/10 net 30', '2026-03-03');
    await expect(insert(a, 1999)).rejects.toMatchObject({ constraint_name: 'discount_amount_matches_terms' });
    await expect(insert(a, 3000, 300)).rejects.toMatchObject({ constraint_name: 'discount_matches_terms' });
    const late = await allocated('', '2/10 net 30', '2026-03-12');
    await expect(insert(late, 2000)).rejects.toMatchObject({ constraint_name: 'discount_within_window' });
  });
  it('rejects at commit a discount that does not settle its invoice, and a second discount on one invoice', async () => {
    const a = await allocated('2/10 net 30', '', '2026-03-03');
    // 500.00 paid + 20.00 discount leaves 480.00 owed: refused when the transaction commits.
    await expect(insert(a, 2000)).rejects.toMatchObject({ constraint_name: 'discount_settles_invoice' });
    await expect(db.sql.begin(async (tx) => {
      await tx`UPDATE payments SET amount_minor = 98000 WHERE id = ${a.payment_id}::int8`;
      await tx`UPDATE payment_allocations SET amount_minor = 98000 WHERE payment_id = ${a.payment_id}::int8`;
      await tx`INSERT INTO discount_allocations (payment_id, invoice_id, amount_minor, discount_bp, discount_days)
               VALUES (${a.payment_id}::int8, ${a.invoice_id}::int8, 2000, 200, 10)`;
      await tx`INSERT INTO discount_allocations (payment_id, invoice_id, amount_minor, discount_bp, discount_days)
               VALUES (${a.payment_id}::int8, ${a.invoice_id}::int8, 2000, 200, 10)`;
    })).rejects.toMatchObject({ code: '23505', constraint_name: 'discount_allocations_invoice_id_key' });
  });
});

describe('arbot check on discount allocations', () => {
  // What a writer bypassing the triggers could leave (session_replication_role = replica turns them off). Each case
  // breaks a customer of its own; the discount checks found name that customer's invoice. (These cases leave the
  // ledger's derived tables stale: no later test here checks the whole ledger.)
  it.each([
    ['an amount other than round-half-up of the terms', 'X1', `UPDATE discount_allocations d SET amount_minor = 2001 FROM invoices i
       WHERE i.id = d.invoice_id AND i.external_id = 'X1-1'`, ['discount_amount_mismatch', 'discount_not_settling'],
     /^discount 2001, but 200 bp of the invoice amount 100000 is 2000 \(minor units of EUR\)$/],
    ['a payment received after the window', 'X2', `UPDATE payments SET received_date = '2026-03-12' WHERE external_id = 'X2-p'`,
     ['discount_outside_window'], /^payment X2-p was received 2026-03-12, after the discount window ended 2026-03-11$/],
    ['terms other than the invoice\'s', 'X3', `UPDATE invoices SET payment_terms = '3/10 net 30', payment_discount_bp = 300 WHERE external_id = 'X3-1'`,
     ['discount_terms_mismatch'], /^granted at 200 bp within 10 days, but the invoice's terms are 3\/10 net 30$/],
    ['a discount that no longer settles its invoice', 'X4', `UPDATE invoices SET amount_minor = 150000 WHERE external_id = 'X4-1'`,
     ['discount_amount_mismatch', 'discount_not_settling'], /^discount 2000, but 200 bp of the invoice amount 150000 is 3000/],
  ])('reports %s', async (_what, c, breaking, checks, detail) => {
    await importRows(db.sql, {
      customers: [customer(c, 'Europe/Paris')],
      invoices: [inv(`${c}-1`, c, '2/10 net 30')],
      payments: [pay(`${c}-p`, c, '2026-03-11', '980.00', `${c}-1`)],
    });
    const mine = async () => (await ledgerViolations(db.sql))
      .filter((v) => v.check.startsWith('discount_') && v.invoice_external_id === `${c}-1`);
    expect(await mine()).toEqual([]);
    await db.sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx.unsafe(breaking);
    });
    const found = await mine();
    expect(found.map((v) => v.check).sort()).toEqual([...checks].sort());
    expect(found.find((v) => v.check === checks[0])!.detail).toMatch(detail);
  });
});

describe('the D-7 email and the portal figures', () => {
  it('state the discounted amount and the end date while the window is open, in en and fr', async () => {
    // Due Tuesday 17 March: the D-7 email goes on Tuesday 10 March, the window ends Wednesday 11 March.
    await importRows(db.sql, {
      customers: [customer('E-EN', 'Europe/Paris', 'standard', { locale: 'en' }), customer('E-FR', 'Europe/Paris', 'standard', { locale: 'fr' })],
      invoices: [inv('E-EN-1', 'E-EN', '2/10 net 30', { due_date: '2026-03-17' }), inv('E-FR-1', 'E-FR', '2/10 net 30', { due_date: '2026-03-17' })],
    });
    // The dry run plans the same emails the tick sends, with the same figures (the test batch renders from it).
    const dry = await runCadenceTick(deps, new Date('2026-03-10T08:30:00Z'), { dryRun: true });
    const planned = dry.planned.find((p) => p.customerExternalId === 'E-FR')!;
    expect(planned.invoices[0]!.discountTerms).toEqual({ amountMinor: 100000n, issueDate: '2026-03-01', bp: 200, days: 10 });
    await runCadenceTick(deps, new Date('2026-03-10T08:30:00Z'));
    const textOf = (id: string) => {
      const b = sendgrid.accepted().find((x) => x.custom_args.arbot_step === 'upcoming' && x.personalizations[0].to[0].email === `ap@${id.toLowerCase()}.example`);
      expect(b, `upcoming email to ${id}`).toBeDefined();
      return (b.content.find((c: { type: string }) => c.type === 'text/plain').value as string).replace(/[\u202f\u00a0]/g, ' ');
    };
    expect(textOf('E-EN')).toMatch(/Early-payment discount: pay €980\.00 instead of €1,000\.00 by March 11, 2026 \(you save €20\.00\)/);
    expect(textOf('E-FR')).toMatch(/Escompte pour paiement anticipé : réglez 980,00 € au lieu de 1 000,00 € au plus tard le 11 mars 2026 \(vous économisez 20,00 €\)/);

    const [found] = await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = 'E-EN-1'`;
    const id = found!.id;
    expect(await findEarlyPaymentOffer(db.sql, BigInt(id), new Date('2026-03-11T22:59:00Z')))
      .toEqual({ discountMinor: 2000n, payMinor: 98000n, endsOn: '2026-03-11', currency: 'EUR', timezone: 'Europe/Paris' });
    // 2026-03-12 00:00 in Paris: the window has ended.
    expect(await findEarlyPaymentOffer(db.sql, BigInt(id), new Date('2026-03-11T23:00:00Z'))).toBeNull();
  });

  it('sends no reminder for an invoice the discount settled, and one for the rest of a late 98% payment', async () => {
    // D1's and D2's invoices are due 31 March: the D-7 email goes on Tuesday 24 March.
    await runCadenceTick(deps, new Date('2026-03-24T08:30:00Z'));
    const upcomingTo = (email: string) => sendgrid.accepted()
      .filter((x) => x.custom_args.arbot_step === 'upcoming' && x.personalizations[0].to[0].email === email);
    expect(upcomingTo('ap@d1.example')).toEqual([]);
    const [d2] = upcomingTo('ap@d2.example');
    expect(d2).toBeDefined();
    const text = (d2.content[0].value as string).replace(/[\u202f\u00a0]/g, ' ');
    expect(text).toContain('Invoice D2-1');
    expect(text).toMatch(/Amount due: €20\.00/);
    expect(text).not.toContain('Early-payment discount');
  });

  it('says nothing of a discount once the window has ended', async () => {
    await importRows(db.sql, {
      customers: [customer('E-LATE', 'Europe/Paris', 'standard', { locale: 'en' })],
      invoices: [inv('E-LATE-1', 'E-LATE', '2/5 net 30', { due_date: '2026-03-17' })],
    });
    await runCadenceTick(deps, new Date('2026-03-10T08:30:00Z'));
    const b = sendgrid.accepted().find((x) => x.personalizations[0].to[0].email === 'ap@e-late.example');
    expect(b).toBeDefined();
    expect(b.content[0].value).not.toContain('Early-payment discount');
  });
});
