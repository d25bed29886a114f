import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modalInputs } from '../../blocks/slack/modals.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody, stateValue, viewSubmissionBody } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// What stops collection for long waits for a finance approver, over signed Slack requests on Postgres: the request
// becomes an approval card for finance, nothing stops until a finance approver approves, a refusal needs a reason.

const now = new Date('2026-03-20T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
const invoices: Record<string, string> = {};

const users = { ana: 'U0ANA', fay: 'U0FAY', dan: 'U0DAN' } as const;

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, {
    now, users: [
      { id: users.ana, email: 'ana@acme.example', name: 'ana' },
      { id: users.fay, email: 'fay@acme.example', name: 'fay' },
      { id: users.dan, email: 'dan@acme.example', name: 'dan' },
    ],
  });
  fake = h.fake;
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: users.ana },
      { email: 'fay@acme.example', name: 'Fay', team: 'finance', slack_user_id: users.fay },
      { email: 'dan@acme.example', name: 'Dan', team: 'finance', approver: 'true', slack_user_id: users.dan },
    ],
    customers: [customer('C-1', 'Europe/Paris', 'standard', { name: 'Northwind', sales_owner_email: 'ana@acme.example' })],
    invoices: ['I-1', 'I-2', 'I-3', 'I-4'].map((id) => invoice(id, 'C-1', '2026-03-10', '1200.00')),
  });
  for (const r of await db.sql<{ external_id: string; id: bigint }[]>`SELECT external_id, id FROM invoices`) invoices[r.external_id] = String(r.id);
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

const input = (f: { blockId: string; actionId: string }, v: unknown) => ({ [f.blockId]: { [f.actionId]: v } });

async function pause(userId: string, invoiceId: string, until: string | null) {
  const r = await h.post(viewSubmissionBody({
    callbackId: formIds.hold, userId, privateMetadata: JSON.stringify({ i: invoiceId }),
    values: { ...input(modalInputs.hold.until, stateValue.datepicker(until)), ...input(modalInputs.hold.reason, stateValue.plainText('Restructuring')) },
  }));
  expect(r.status).toBe(200);
  return r;
}

async function promise(userId: string, invoiceId: string, date: string, amount: string) {
  const r = await h.post(viewSubmissionBody({
    callbackId: formIds.promise, userId, privateMetadata: JSON.stringify({ i: invoiceId }),
    values: {
      ...input(modalInputs.promise.date, stateValue.datepicker(date)), ...input(modalInputs.promise.amount, stateValue.plainText(amount)),
      ...input(modalInputs.promise.note, stateValue.plainText('by phone')),
    },
  }));
  expect(r.status).toBe(200);
  return r;
}

let seq = 0;
/** Clicks a button of the approval card in #finance; returns the private replies. */
async function click(userId: string, actionId: string, requestId: string) {
  const id = `c${++seq}`;
  const r = await h.post(blockActionsBody({
    userId, channelId: 'C0FIN', responseUrl: fake.responseUrl({ channel: 'C0FIN', userId, id }),
    actions: [{ type: 'button', actionId, blockId: 'arbot.change_actions', value: JSON.stringify({ r: requestId }) }],
  }));
  expect(r.status).toBe(200);
  return fake.responses(id).map((c) => c.args as { text?: string; response_type?: string });
}

const requestOf = async (invoiceId: string) => (await db.sql<{ id: bigint; status: string; decided_by: string | null; decision_note: string | null }[]>`
  SELECT id, status, decided_by, decision_note FROM change_requests WHERE invoice_id = ${invoiceId}::int8 ORDER BY id DESC LIMIT 1`)[0];
const holds = (invoiceId: string) => db.sql`SELECT until_date, created_by FROM reminder_holds WHERE invoice_id = ${invoiceId}::int8`;
const promises = (invoiceId: string) => db.sql`SELECT promised_date::text AS date, amount_minor, created_by FROM promises_to_pay WHERE invoice_id = ${invoiceId}::int8`;
const auditOf = (entity: string, id: bigint | string) =>
  db.sql`SELECT actor, action FROM audit_log WHERE entity = ${entity} AND entity_id = ${String(id)}::int8 ORDER BY id`;

describe('a long pause asked by the sales owner', () => {
  let requestId: string;
  let alertId: string;
  let ts: string;

  it('becomes a pending request and an approval card for finance, with no hold', async () => {
    const r = await pause(users.ana, invoices['I-1']!, null);
    expect(r.text).toBe(''); // the modal closes: the request is made
    const req = (await requestOf(invoices['I-1']!))!;
    expect(req).toMatchObject({ status: 'pending', decided_by: null });
    requestId = String(req.id);
    expect(await holds(invoices['I-1']!)).toEqual([]);
    expect(await auditOf('change_request', requestId)).toEqual([{ actor: 'ana@acme.example', action: 'change.requested' }]);
    const [alert] = await db.sql<{ id: bigint; kind: string }[]>`SELECT id, kind FROM alerts WHERE dedupe_key = ${`change_requested:${requestId}`}`;
    expect(alert!.kind).toBe('change_requested');
    alertId = String(alert!.id);

    ts = await h.publish(`alert:${alertId}`, 'C0FIN');
    const card = fake.message('C0FIN', ts)!;
    expect(card.text).toMatch(/Ana asks to pause reminders with no end date for Northwind/);
    const buttons = JSON.stringify(card.blocks);
    expect(buttons).toContain(actionIds.approveChange);
    expect(buttons).toContain(actionIds.refuseChange);
    expect(buttons).toContain('a pause with no end date');
  });

  it('cannot be decided by a finance non-approver nor by the requester, privately; nothing changes', async () => {
    for (const who of [users.fay, users.ana]) {
      const replies = await click(who, actionIds.approveChange, requestId);
      expect(replies).toEqual([expect.objectContaining({ response_type: 'ephemeral', text: 'only a finance approver can decide this' })]);
      const refuse = await click(who, actionIds.refuseChange, requestId);
      expect(refuse).toEqual([expect.objectContaining({ text: 'only a finance approver can decide this' })]);
    }
    expect(await holds(invoices['I-1']!)).toEqual([]);
    expect((await requestOf(invoices['I-1']!))!.status).toBe('pending');
  });

  it('a second request of the same kind on the invoice is refused while the first waits', async () => {
    const r = await pause(users.ana, invoices['I-1']!, '2026-12-31');
    expect(r.json).toMatchObject({ response_action: 'errors', errors: { [modalInputs.hold.until.blockId]: expect.stringMatching(/already waits for a finance approver/) } });
  });

  it('approved by a finance approver, creates the hold as asked, audited, and the card shows who decided', async () => {
    expect(await click(users.dan, actionIds.approveChange, requestId)).toEqual([]);
    expect(await holds(invoices['I-1']!)).toEqual([{ until_date: null, created_by: 'ana@acme.example' }]);
    expect(await requestOf(invoices['I-1']!)).toMatchObject({ status: 'approved', decided_by: 'dan@acme.example' });
    expect(await auditOf('change_request', requestId)).toEqual([
      { actor: 'ana@acme.example', action: 'change.requested' }, { actor: 'dan@acme.example', action: 'change.approved' },
    ]);
    const [paused] = await db.sql<{ details: { approved_by: string } }[]>`
      SELECT details FROM audit_log WHERE action = 'reminders.paused' AND entity_id = ${invoices['I-1']!}::int8`;
    expect(paused!.details.approved_by).toBe('dan@acme.example');
    const card = fake.message('C0FIN', ts)!;
    expect(JSON.stringify(card.blocks)).toMatch(/Approved\* by Dan\b/);
    expect(JSON.stringify(card.blocks)).not.toContain(actionIds.approveChange);
    // Decided once.
    expect(await click(users.dan, actionIds.approveChange, requestId)).toEqual([expect.objectContaining({ text: 'already approved by Dan' })]);
  });
});

describe('a far promise asked by the sales owner, refused by a finance approver', () => {
  it('is pending with no promise; the refusal needs a reason; refused, nothing is in effect', async () => {
    await promise(users.ana, invoices['I-2']!, '2099-12-31', '0.01');
    const req = (await requestOf(invoices['I-2']!))!;
    expect(req.status).toBe('pending');
    expect(await promises(invoices['I-2']!)).toEqual([]);

    const opened = fake.calls('views.open').length;
    expect(await click(users.dan, actionIds.refuseChange, String(req.id))).toEqual([]);
    const modal = fake.calls('views.open')[opened]!.args.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe(formIds.refuseChange);
    const submitRefusal = (reason: string) => h.post(viewSubmissionBody({
      callbackId: formIds.refuseChange, userId: users.dan, privateMetadata: modal.private_metadata,
      values: input(modalInputs.refuseChange.reason, stateValue.plainText(reason)),
    }));
    expect((await submitRefusal('  ')).json).toMatchObject({ response_action: 'errors', errors: { [modalInputs.refuseChange.reason.blockId]: 'say why you refuse, for the audit trail' } });
    expect((await submitRefusal('They always pay within 45 days')).text).toBe('');
    expect(await requestOf(invoices['I-2']!)).toMatchObject({ status: 'refused', decided_by: 'dan@acme.example', decision_note: 'They always pay within 45 days' });
    expect(await promises(invoices['I-2']!)).toEqual([]);
    expect(await auditOf('change_request', req.id)).toEqual([
      { actor: 'ana@acme.example', action: 'change.requested' }, { actor: 'dan@acme.example', action: 'change.refused' },
    ]);
  });
});

describe('within the limits, or asked by a finance approver', () => {
  it('applies a pause of 30 days by the sales owner at once', async () => {
    await pause(users.ana, invoices['I-3']!, '2026-04-19');
    expect(await holds(invoices['I-3']!)).toEqual([{ until_date: expect.any(Date), created_by: 'ana@acme.example' }]);
    expect(await requestOf(invoices['I-3']!)).toBeUndefined();
  });

  it('applies a finance approver\'s own pause with no end and far promise at once', async () => {
    await pause(users.dan, invoices['I-4']!, null);
    await promise(users.dan, invoices['I-4']!, '2099-12-31', '0.01');
    expect(await holds(invoices['I-4']!)).toEqual([{ until_date: null, created_by: 'dan@acme.example' }]);
    expect(await promises(invoices['I-4']!)).toEqual([{ date: '2099-12-31', amount_minor: 1n, created_by: 'dan@acme.example' }]);
    expect(await requestOf(invoices['I-4']!)).toBeUndefined();
  });

  it('but a finance non-approver\'s long pause waits like anyone\'s', async () => {
    await pause(users.fay, invoices['I-3']!, '2026-06-30');
    expect(await requestOf(invoices['I-3']!)).toMatchObject({ status: 'pending' });
    expect(await holds(invoices['I-3']!)).toHaveLength(1); // the earlier 30-day pause only
  });
});
