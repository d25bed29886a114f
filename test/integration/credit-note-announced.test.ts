import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresChatActionStore } from '../../adapters/postgres/chat-actions.js';
import { raiseCreditNoteAwaitedAlerts } from '../../adapters/postgres/alert-producers.js';
import { loadAlertView, type AlertRow } from '../../adapters/postgres/chat-views-alerts.js';
import { loadInvoiceFacts } from '../../adapters/postgres/chat-views-invoices.js';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { routeAlert } from '../../src/domain/alert-routing.js';
import { buildApprovalAlert } from '../../blocks/slack/approval-alerts.js';
import { invoiceFields } from '../../blocks/slack/invoice-text.js';
import { invoiceFacts as teamsInvoiceFacts } from '../../blocks/teams/invoice-text.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { claimDispute, setDisputeStatus } from '../../src/services/chat-actions/dispute-actions.js';
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

/** Ana claims the invoice's dispute (opened on 11 March) and closes it as credit_note_issued on 12 March, in chat. */
async function closeAsCreditNote(invoiceExternalId: string) {
  const [d] = await db.sql<{ id: bigint }[]>`
    INSERT INTO disputes (external_id, invoice_id, reason, status, source, opened_at)
    SELECT ${`${invoiceExternalId}@chat`}, id, 'wrong quantity', 'to_clarify', 'chat', '2026-03-11T09:00:00Z'
    FROM invoices WHERE external_id = ${invoiceExternalId} RETURNING id`;
  const [o] = await db.sql<{ id: bigint }[]>`SELECT id FROM owners WHERE email = ${owner.email}`;
  const ana = { ownerId: o!.id, email: owner.email, name: owner.name, team: 'sales' as const, approver: false, platformId: 'slack:U-ANA' };
  const store = postgresChatActionStore(db.sql, () => closedAt);
  expect(await claimDispute(store, ana, d!.id)).toMatchObject({ ok: true });
  expect(await setDisputeStatus(store, ana, d!.id, 'credit_note_issued')).toMatchObject({ ok: true });
}
const closedAt = new Date('2026-03-12T10:00:00Z');
const invoiceId = async (externalId: string) =>
  (await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = ${externalId}`)[0]!.id;

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

  it('says so on the invoice\'s cards, Slack and Teams alike, and on an approval that would escalate it', async () => {
    const id = await invoiceId('IK1');
    const facts = (await loadInvoiceFacts(db.sql, [id], tick, 'Europe/Paris')).get(id)!;
    expect(facts.closedDispute).toEqual({
      status: 'credit_note_issued', closedOn: '2026-03-12', daysAgo: 1, closedBy: 'Ana Martin', creditNoteAwaited: true,
    });
    const line = 'Credit note announced by Ana Martin on 2026-03-12, not yet in the ledger';
    expect(invoiceFields(facts).join('\n')).toContain(line);
    expect(teamsInvoiceFacts(facts).map(([, v]) => v).join('\n')).toContain(line);
    const approval = buildApprovalAlert({
      emailId: '1', customerName: 'Customer K1', customerExternalId: 'K1', step: 'escalation', invoices: [facts],
      owner: null, status: 'pending', decidedBy: null, decisionNote: null, sentBefore: [],
    });
    expect(JSON.stringify(approval.blocks)).toContain('First contact: arbot has sent Customer K1 nothing about these invoices yet.');
    expect(JSON.stringify(approval.blocks)).toContain('A dispute on this invoice closed recently');
  });

  it('tells finance and the account manager once when the credit note is still missing after the wait', async () => {
    expect(await raiseCreditNoteAwaitedAlerts(db.sql, new Date('2026-03-21T10:00:00Z'), 10)).toBe(0); // 9 days
    expect(await raiseCreditNoteAwaitedAlerts(db.sql, new Date('2026-03-22T10:30:00Z'), 10)).toBe(1);
    expect(await raiseCreditNoteAwaitedAlerts(db.sql, new Date('2026-03-23T10:30:00Z'), 10)).toBe(0); // once
    const [a] = await db.sql<(AlertRow & { kind: 'credit_note_awaited' })[]>`SELECT * FROM alerts WHERE kind = 'credit_note_awaited'`;
    expect(routeAlert(a!.kind, { salesOwner: { ownerId: 1n, channel: 'C-ANA' }, deliveryOwner: null, disputeOwner: null },
      { sales: null, delivery: null, finance: 'C-FIN' }).map((t) => t.channel)).toEqual(['C-FIN', 'C-ANA']);
    const view = await loadAlertView(db.sql, a!, new Date('2026-03-23T10:30:00Z'), 'Europe/Paris');
    expect(view).toMatchObject({ kind: 'credit_note_awaited', invoice: { number: 'INV-IK1' } });
    expect(JSON.stringify(buildAlertMessage(view!).blocks)).toContain('Credit note announced by Ana Martin on 2026-03-12, not yet in the ledger');
  });

  it('resumes for what is left once the credit note arrives', async () => {
    await importRows(db.sql, {
      credit_notes: [{ external_id: 'CN-K1', number: 'CN-K1', invoice_external_id: 'IK1', issued_date: '2026-03-12', currency: 'EUR', amount: '40.00' }],
    });
    expect((await planned(['K1'])).steps).toEqual(['overdue']);
    const id = await invoiceId('IK1');
    const facts = (await loadInvoiceFacts(db.sql, [id], tick, 'Europe/Paris')).get(id)!;
    expect(facts.closedDispute).toMatchObject({ creditNoteAwaited: false, status: 'credit_note_issued' });
    expect(invoiceFields(facts).join('\n')).toContain('Closed 1 day ago (2026-03-12) as credit note issued by Ana Martin');
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
