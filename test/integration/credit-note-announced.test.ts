import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { cadenceConfig, importD3Ledger, importRows, owner, quietLog } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// "Credit note issued" closes a dispute on the promise that a credit is coming. Until that credit note is in the
// ledger, reminding the customer for the full amount would contradict what they were told.
let db: TestDb;
let sendgrid: FakeSendGrid;
let deps: CadenceDeps;
const tick = new Date('2026-03-13T08:30:00Z'); // D+3 of invoices due 2026-03-10, Paris

async function planned(ids: string[]) {
  const r = await runCadenceTick(deps, tick, { dryRun: true });
  return {
    steps: r.planned.filter((p) => ids.includes(p.customerExternalId)).map((p) => p.step.key),
    paused: r.paused,
  };
}

async function closeAsCreditNote(invoiceExternalId: string) {
  await db.sql`
    INSERT INTO disputes (external_id, invoice_id, reason, status, source, opened_at, closed_at)
    SELECT ${`${invoiceExternalId}@chat`}, id, 'wrong quantity', 'credit_note_issued', 'chat', '2026-03-11T09:00:00Z', '2026-03-12T10:00:00Z'
    FROM invoices WHERE external_id = ${invoiceExternalId}`;
}

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  deps = await cadenceDeps(cadenceConfig(sendgrid), db.sql, quietLog);
  await importRows(db.sql, { owners: [owner] });
  await importD3Ledger(db.sql, ['K1', 'K2']);
});
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

describe('a dispute closed as credit_note_issued', () => {
  it('keeps the invoice\'s reminders paused while the credit note is not in the ledger', async () => {
    await closeAsCreditNote('IK1');
    const p = await planned(['K1', 'K2']);
    expect(p.steps).toEqual(['overdue']); // K2 only
    expect(p.paused.credit_note_announced).toBe(1);
  });

  it('resumes for what is left once the credit note arrives', async () => {
    await importRows(db.sql, {
      credit_notes: [{ external_id: 'CN-K1', number: 'CN-K1', invoice_external_id: 'IK1', issued_date: '2026-03-12', currency: 'EUR', amount: '40.00' }],
    });
    expect((await planned(['K1'])).steps).toEqual(['overdue']);
    const r = await runCadenceTick(deps, tick);
    expect(r.sent).toBe(2);
    const [k1] = await db.sql<{ amount_due_minor: bigint }[]>`
      SELECT r.amount_due_minor FROM reminders r JOIN invoices i ON i.id = r.invoice_id
      WHERE i.external_id = 'IK1' AND r.step_key = 'overdue'`;
    expect(k1!.amount_due_minor).toBe(6000n);
  });

  it('does not wait for a credit note that was already in the ledger when the dispute closed', async () => {
    await importD3Ledger(db.sql, ['K3']);
    await importRows(db.sql, {
      credit_notes: [{ external_id: 'CN-K3', number: 'CN-K3', invoice_external_id: 'IK3', issued_date: '2026-03-11', currency: 'EUR', amount: '10.00' }],
    });
    await closeAsCreditNote('IK3');
    expect((await planned(['K3'])).steps).toEqual(['overdue']);
  });
});
