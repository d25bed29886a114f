import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresChatActionStore } from '../../adapters/postgres/chat-actions.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';
import { decideApproval } from '../../src/services/chat-actions/approval-actions.js';
import { addNote, claimDispute, openDisputeFromChat, setDisputeStatus } from '../../src/services/chat-actions/dispute-actions.js';
import { logPromise, pauseReminders } from '../../src/services/chat-actions/invoice-actions.js';
import type { ChatActionStore } from '../../src/ports/chat-actions.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { isEmbedded, openTestDb, type TestDb } from '../support/test-db.js';
import { expectLedgerClean } from '../support/ledger-clean.js';

let db: TestDb;
let store: ChatActionStore;
const actors: Record<string, Actor> = {};
let invoiceId: bigint;

async function owner(email: string): Promise<Actor> {
  const [o] = await db.sql<{ id: bigint; name: string; team: 'sales' | 'finance' | 'delivery'; approver: boolean }[]>`
    SELECT id, name, team, approver FROM owners WHERE email = ${email}`;
  return { ownerId: o!.id, email, name: o!.name, team: o!.team, approver: o!.approver, platformId: `slack:${email}` };
}

beforeAll(async () => {
  db = await openTestDb();
  store = postgresChatActionStore(db.sql);
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales' },
      // Ben is the customer's delivery owner: he may claim its disputes, not decide its approvals.
      { email: 'ben@acme.example', name: 'Ben', team: 'delivery' },
      { email: 'dan@acme.example', name: 'Dan', team: 'finance', approver: 'true' },
    ],
    customers: [customer('C-1', 'Europe/Paris', 'top', { sales_owner_email: 'ana@acme.example', delivery_owner_email: 'ben@acme.example' })],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '1200.00'), invoice('I-2', 'C-1', '2026-03-10', '80.00')],
  });
  actors.ana = await owner('ana@acme.example');
  actors.ben = await owner('ben@acme.example');
  actors.dan = await owner('dan@acme.example');
  actors.stranger = { ownerId: null, email: null, name: 'U999', team: null, approver: false, platformId: 'slack:U999' };
  invoiceId = (await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = 'I-1'`)[0]!.id;
});
afterAll(async () => {
  await db.close();
});

async function newDispute(): Promise<bigint> {
  const inv = (await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = 'I-2'`)[0]!.id;
  await db.sql`UPDATE disputes SET status = 'resolved', closed_at = now() WHERE invoice_id = ${inv.toString()}::int8 AND closed_at IS NULL`;
  const r = await openDisputeFromChat(store, actors.ana!, inv, 'Wrong amount');
  expect(r.ok).toBe(true);
  const [d] = await db.sql<{ id: bigint }[]>`SELECT id FROM disputes WHERE invoice_id = ${inv.toString()}::int8 AND closed_at IS NULL`;
  return d!.id;
}

describe('dispute actions', () => {
  it('gives a dispute one owner: the second claim is told who has it', async () => {
    const d = await newDispute();
    expect(await claimDispute(store, actors.ben!, d)).toMatchObject({ ok: true, thread: 'Ben claimed this dispute' });
    expect(await claimDispute(store, actors.ana!, d)).toEqual({ ok: false, code: 'already_claimed', message: 'already claimed by Ben' });
    const audit = await db.sql`SELECT actor FROM audit_log WHERE action = 'dispute.claimed' AND entity_id = ${d.toString()}::int8`;
    expect(audit).toEqual([{ actor: 'ben@acme.example' }]);
  });

  it.skipIf(isEmbedded())('lets exactly one of many simultaneous claims win (real server)', async () => {
    const d = await newDispute();
    const results = await Promise.all([actors.ana!, actors.ben!, actors.dan!].map((a) => claimDispute(store, a, d)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it.each([
    ['the owner', 'ben', true],
    ['a finance approver', 'dan', true],
    ['another owner', 'ana', false],
    ['someone arbot does not know', 'stranger', false],
  ])('lets %s set the status: %s', async (_who, who, allowed) => {
    const d = await newDispute();
    await claimDispute(store, actors.ben!, d);
    const r = await setDisputeStatus(store, actors[who]!, d, 'awaiting_client');
    expect(r.ok).toBe(allowed);
    const [row] = await db.sql`SELECT status FROM disputes WHERE id = ${d.toString()}::int8`;
    expect(row!.status).toBe(allowed ? 'awaiting_client' : 'to_clarify');
  });

  it('asks for a claim before a status change, and closes and reopens with closed_at', async () => {
    const d = await newDispute();
    expect(await setDisputeStatus(store, actors.dan!, d, 'resolved')).toMatchObject({ ok: false, code: 'not_claimed' });
    await claimDispute(store, actors.dan!, d);
    expect(await setDisputeStatus(store, actors.dan!, d, 'resolved')).toMatchObject({ ok: true });
    let [row] = await db.sql`SELECT status, closed_at IS NOT NULL AS closed FROM disputes WHERE id = ${d.toString()}::int8`;
    expect(row).toEqual({ status: 'resolved', closed: true });
    expect(await setDisputeStatus(store, actors.dan!, d, 'resolved')).toMatchObject({ ok: false, code: 'unchanged' });
    await setDisputeStatus(store, actors.dan!, d, 'awaiting_client');
    [row] = await db.sql`SELECT status, closed_at IS NOT NULL AS closed FROM disputes WHERE id = ${d.toString()}::int8`;
    expect(row).toEqual({ status: 'awaiting_client', closed: false });
  });

  it('refuses a second open dispute on one invoice and keeps notes', async () => {
    await newDispute();
    const inv = (await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = 'I-2'`)[0]!.id;
    expect(await openDisputeFromChat(store, actors.ana!, inv, 'Again')).toMatchObject({ ok: false, code: 'already_open' });
    expect(await addNote(store, actors.ana!, { invoiceId: inv }, "  Client's AP says next week  ")).toMatchObject({ ok: true, thread: "Ana: Client's AP says next week" });
    expect(await addNote(store, actors.stranger!, { invoiceId: inv }, 'x')).toMatchObject({ ok: false, code: 'unknown_user' });
  });
});

describe('invoice actions', () => {
  it('logs a promise with an amount in the invoice currency', async () => {
    expect(await logPromise(store, actors.ana!, invoiceId, { date: '2026-03-20', amount: '600', note: 'after month end' }, '2026-03-12'))
      .toMatchObject({ ok: true, thread: 'Ana logged a promise to pay 600.00 EUR on 2026-03-20' });
    const [p] = await db.sql`SELECT promised_date::text AS date, amount_minor, created_by FROM promises_to_pay`;
    expect(p).toEqual({ date: '2026-03-20', amount_minor: 60000n, created_by: 'ana@acme.example' });
  });

  it.each([
    [{ date: '2026-03-01', amount: '', note: '' }, /in the past/],
    [{ date: 'soon', amount: '', note: '' }, /pick the date/],
    [{ date: '2026-03-20', amount: '12.345', note: '' }, /EUR allows 2 decimals/],
    [{ date: '2026-03-20', amount: '0', note: '' }, /more than zero/],
  ])('refuses a bad promise %j', async (input, message) => {
    const r = await logPromise(store, actors.ana!, invoiceId, input, '2026-03-12');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('pauses reminders until a date with a reason', async () => {
    expect(await pauseReminders(store, actors.ana!, invoiceId, { until: '2026-04-01', reason: 'CFO on leave' }, '2026-03-12'))
      .toMatchObject({ ok: true });
    expect(await pauseReminders(store, actors.ana!, invoiceId, { until: '2026-04-01', reason: ' ' }, '2026-03-12'))
      .toMatchObject({ ok: false, message: 'say why reminders are paused' });
  });
});

describe('approval decisions', () => {
  async function pendingApproval(): Promise<bigint> {
    const [e] = await db.sql<{ id: bigint }[]>`
      INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
      SELECT id, 'top', 'escalation', 'escalation', 'awaiting_approval', '2026-03-20T08:00:00Z', billing_emails
      FROM customers WHERE external_id = 'C-1' RETURNING id`;
    return e!.id;
  }

  it.each([
    ['the account manager', 'ana', true],
    ['a finance approver', 'dan', true],
    ['the delivery owner', 'ben', false],
    ['someone arbot does not know', 'stranger', false],
  ])('lets %s approve: %s', async (_who, who, allowed) => {
    const e = await pendingApproval();
    const r = await decideApproval(store, actors[who]!, e, 'approved', null);
    expect(r.ok).toBe(allowed);
    const [row] = await db.sql`SELECT status, decision FROM reminder_emails WHERE id = ${e.toString()}::int8`;
    expect(row).toEqual(allowed ? { status: 'queued', decision: 'approved' } : { status: 'awaiting_approval', decision: null });
  });

  it('needs a reason to refuse, decides once, and cancels the send', async () => {
    const e = await pendingApproval();
    expect(await decideApproval(store, actors.ana!, e, 'refused', '')).toMatchObject({ ok: false, code: 'invalid' });
    expect(await decideApproval(store, actors.ana!, e, 'refused', 'Talking to their CFO on Monday')).toMatchObject({ ok: true });
    expect(await decideApproval(store, actors.dan!, e, 'approved', null)).toMatchObject({ ok: false, code: 'already_decided', message: 'already decided by Ana' });
    const [row] = await db.sql`SELECT status, decision, decision_note FROM reminder_emails WHERE id = ${e.toString()}::int8`;
    expect(row).toEqual({ status: 'cancelled', decision: 'refused', decision_note: 'Talking to their CFO on Monday' });
  });
});

describe('interaction idempotency', () => {
  it('processes a platform interaction key once', async () => {
    expect(await store.firstTime('slack:1234.5678:U1:arbot.dispute_claim')).toBe(true);
    expect(await store.firstTime('slack:1234.5678:U1:arbot.dispute_claim')).toBe(false);
  });
});

it('leaves a ledger that arbot check finds clean', async () => {
  await expectLedgerClean(db.sql);
});
