import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customer, importRows, owner } from '../support/cadence-ledger.js';
import { expectLedgerClean, ledgerViolations } from '../support/ledger-clean.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Issue 19: an early-payment discount withdrawn by a re-import (the invoice or its payment changed) is granted again,
// visibly, when a later re-import makes the invoice fit its terms again; `arbot check` reports one left withdrawn.
// "2/10 net 30" on 1,000.00 EUR issued 2026-03-01: 20.00 off (round-half-up of 100,000 × 200 / 10,000 = 2,000 minor)
// until 2026-03-11; paid 980.00 within the window. At 1,100.00 the discount would be 22.00 (2,200 minor).

let db: TestDb;

beforeAll(async () => {
  db = await openTestDb();
  await importRows(db.sql, { owners: [owner] });
});
afterAll(async () => {
  await db?.close();
});

const inv = (id: string, customerId: string, amount = '1000.00') => ({
  external_id: id, number: id, customer_external_id: customerId, issue_date: '2026-03-01', due_date: '2026-03-31',
  currency: 'EUR', amount, payment_terms: '2/10 net 30',
});
const pay = (id: string, customerId: string, received: string, amount: string, invoiceNumber: string) => ({
  external_id: id, customer_external_id: customerId, received_date: received, currency: 'EUR', amount, invoice_number: invoiceNumber,
});

async function settlement(invoice: string) {
  const [r] = await db.sql<{ remaining: string; paid_on: string | null; discount: string | null; cash: string | null }[]>`
    SELECT (s.amount_minor - s.applied_minor)::text AS remaining, s.paid_on::text AS paid_on,
           (SELECT amount_minor::text FROM discount_allocations d WHERE d.invoice_id = i.id) AS discount,
           (SELECT sum(amount_minor)::text FROM payment_allocations a WHERE a.invoice_id = i.id) AS cash
    FROM invoices i JOIN invoice_settlements s ON s.invoice_id = i.id WHERE i.external_id = ${invoice}`;
  return r!;
}

const audits = (invoice: string) => db.sql<{ action: string; amount: string }[]>`
  SELECT l.action, l.details->>'amount_minor' AS amount FROM audit_log l JOIN invoices i ON i.id = l.entity_id
  WHERE l.entity = 'invoice' AND i.external_id = ${invoice} AND l.action LIKE 'payment.discount_%' ORDER BY l.id`;

describe('a withdrawn early-payment discount', () => {
  it('is granted again when a re-import puts the invoice back to the amount it was earned on, audited', async () => {
    await importRows(db.sql, { customers: [customer('R1', 'Europe/Paris')], invoices: [inv('R1-1', 'R1')], payments: [pay('R1-p', 'R1', '2026-03-03', '980.00', 'R1-1')] });
    expect(await settlement('R1-1')).toMatchObject({ remaining: '0', discount: '2000', cash: '98000' });
    await importRows(db.sql, { invoices: [inv('R1-1', 'R1', '1100.00')] });
    expect(await settlement('R1-1')).toMatchObject({ remaining: '12000', discount: null, cash: '98000', paid_on: null });
    await importRows(db.sql, { invoices: [inv('R1-1', 'R1')] });
    expect(await settlement('R1-1')).toMatchObject({ remaining: '0', discount: '2000', cash: '98000', paid_on: '2026-03-03' });
    expect(await audits('R1-1')).toEqual([
      { action: 'payment.discount_allocated', amount: '2000' },
      { action: 'payment.discount_released', amount: '2000' },
      // The same write as the first grant, then the row that says it restores a withdrawn one.
      { action: 'payment.discount_allocated', amount: '2000' },
      { action: 'payment.discount_regranted', amount: '2000' },
    ]);
    // Importing the same invoice again changes nothing: one discount, one re-grant.
    await importRows(db.sql, { invoices: [inv('R1-1', 'R1')] });
    expect(await audits('R1-1')).toHaveLength(4);
    await expectLedgerClean(db.sql);
  });

  it('is granted again when a re-import moves the payment back into the window', async () => {
    await importRows(db.sql, { customers: [customer('R2', 'Europe/Paris')], invoices: [inv('R2-1', 'R2')], payments: [pay('R2-p', 'R2', '2026-03-10', '980.00', 'R2-1')] });
    await importRows(db.sql, { payments: [pay('R2-p', 'R2', '2026-03-13', '980.00', 'R2-1')] });
    expect(await settlement('R2-1')).toMatchObject({ remaining: '2000', discount: null, cash: '98000' });
    await importRows(db.sql, { payments: [pay('R2-p', 'R2', '2026-03-11', '980.00', 'R2-1')] });
    expect(await settlement('R2-1')).toMatchObject({ remaining: '0', discount: '2000', cash: '98000', paid_on: '2026-03-11' });
    expect((await audits('R2-1')).map((a) => a.action)).toEqual([
      'payment.discount_allocated', 'payment.discount_released', 'payment.discount_allocated', 'payment.discount_regranted',
    ]);
    await expectLedgerClean(db.sql);
  });

  it('is granted again when a payment lowered below the discounted amount is re-imported at it, instead of failing the import', async () => {
    await importRows(db.sql, { customers: [customer('R5', 'Europe/Paris')], invoices: [inv('R5-1', 'R5')], payments: [pay('R5-p', 'R5', '2026-03-05', '980.00', 'R5-1')] });
    await importRows(db.sql, { payments: [pay('R5-p', 'R5', '2026-03-05', '900.00', 'R5-1')] });
    // Lowered: the discount is withdrawn and 80.00 released; 1,000.00 − 900.00 = 100.00 owed.
    expect(await settlement('R5-1')).toMatchObject({ remaining: '10000', discount: null, cash: '90000' });
    // Raised back: its 80.00 goes to the same invoice (one allocation, now 980.00) with the 20.00 discount.
    await importRows(db.sql, { payments: [pay('R5-p', 'R5', '2026-03-05', '980.00', 'R5-1')] });
    expect(await settlement('R5-1')).toMatchObject({ remaining: '0', discount: '2000', cash: '98000', paid_on: '2026-03-05' });
    expect(await db.sql`SELECT a.amount_minor::text FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE p.external_id = 'R5-p'`)
      .toEqual([{ amount_minor: '98000' }]);
    const allocated = await db.sql<{ amount: string }[]>`
      SELECT l.details->>'amount_minor' AS amount FROM audit_log l JOIN payments p ON p.id = l.entity_id
      WHERE l.entity = 'payment' AND l.action = 'payment.allocated' AND p.external_id = 'R5-p' ORDER BY l.id`;
    expect(allocated.map((a) => a.amount)).toEqual(['98000', '8000']);
    expect((await audits('R5-1')).map((a) => a.action)).toEqual([
      'payment.discount_allocated', 'payment.discount_released', 'payment.discount_allocated', 'payment.discount_regranted',
    ]);
    await expectLedgerClean(db.sql);
  });

  it('is not granted again while the invoice does not fit: another amount, or a payment still after the window', async () => {
    await importRows(db.sql, { customers: [customer('R3', 'Europe/Paris')], invoices: [inv('R3-1', 'R3'), inv('R3-2', 'R3')],
      payments: [pay('R3-p1', 'R3', '2026-03-05', '980.00', 'R3-1'), pay('R3-p2', 'R3', '2026-03-05', '980.00', 'R3-2')] });
    await importRows(db.sql, { invoices: [inv('R3-1', 'R3', '1100.00')], payments: [pay('R3-p2', 'R3', '2026-03-20', '980.00', 'R3-2')] });
    // R3-1 at 1,100.00 owes 120.00, not its 22.00 discount; R3-2 re-imported unchanged with its payment still late.
    await importRows(db.sql, { invoices: [inv('R3-1', 'R3', '1100.00'), inv('R3-2', 'R3')], payments: [pay('R3-p2', 'R3', '2026-03-20', '980.00', 'R3-2')] });
    expect(await settlement('R3-1')).toMatchObject({ remaining: '12000', discount: null });
    expect(await settlement('R3-2')).toMatchObject({ remaining: '2000', discount: null });
    await expectLedgerClean(db.sql);
  });

  it('is granted by a later payment within the window that pays the rest less the discount (the matcher, as the first time)', async () => {
    await importRows(db.sql, { customers: [customer('R4', 'Europe/Paris')], invoices: [inv('R4-1', 'R4')], payments: [pay('R4-p1', 'R4', '2026-03-03', '980.00', 'R4-1')] });
    await importRows(db.sql, { invoices: [inv('R4-1', 'R4', '1100.00')] });
    // 1,100.00 − 980.00 − 22.00 = 98.00.
    await importRows(db.sql, { payments: [pay('R4-p2', 'R4', '2026-03-08', '98.00', 'R4-1')] });
    expect(await settlement('R4-1')).toMatchObject({ remaining: '0', discount: '2200', cash: '107800', paid_on: '2026-03-08' });
    await expectLedgerClean(db.sql);
  });

  it('left withdrawn where it fits again is reported by arbot check (discount_not_regranted)', async () => {
    // As the code before the re-grant left it: R1-1 fits again, but its discount is gone.
    await db.sql`DELETE FROM discount_allocations d USING invoices i WHERE i.id = d.invoice_id AND i.external_id = 'R1-1'`;
    const found = await ledgerViolations(db.sql);
    expect(found.map((v) => [v.check, v.invoice_external_id])).toEqual([['discount_not_regranted', 'R1-1']]);
    expect(found[0]!.detail).toBe('a discount withdrawn earlier fits again (200 bp of 100000 = 2000 owed, every payment within 10 days of 2026-03-01) but was not granted again (minor units of EUR)');
  });
});
