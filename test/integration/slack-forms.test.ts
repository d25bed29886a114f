import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import type { RecordedRedraw } from '../support/slack-wiring.js';
import { blockActionsBody, postToSlackEndpoint, slackTestIds, stateValue, viewSubmissionBody } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The buttons that ask for details (promise, pause, dispute, note): a click opens the modal through views.open,
// and the submission, shaped like Slack's view_submission, changes Postgres and the message in place.

const secret = slackTestIds.signingSecret;
const now = new Date('2026-03-20T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
let base: string;
let invoiceId: string;
let ts: string;
/** What the other platforms (Teams) were asked to redraw after each action here. */
const elsewhere: RecordedRedraw[] = [];

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, {
    now, recordRedraws: elsewhere,
    users: [
      { id: 'U0ANA', email: 'ana@acme.example', name: 'ana' },
      { id: 'U0EVE', email: 'eve@elsewhere.example', name: 'eve' },
    ],
  });
  ({ fake, base } = h);
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_channel_id: 'C0ANA' }],
    customers: [customer('C-1', 'Europe/Paris', 'standard', { name: 'Northwind', sales_owner_email: 'ana@acme.example' })],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '1200.00')],
  });
  invoiceId = String((await db.sql`SELECT id FROM invoices WHERE external_id = 'I-1'`)[0]!.id);
  ts = await h.publish(`invoice:${invoiceId}`, 'C0ANA');
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

/** Clicks a button on the invoice's message; returns the modal views.open was asked to show. */
async function openForm(actionId: string, userId = 'U0ANA') {
  const opened = fake.calls('views.open').length;
  const r = await postToSlackEndpoint(base, blockActionsBody({
    userId, channelId: 'C0ANA', message: fake.message('C0ANA', ts) as unknown as { ts: string },
    responseUrl: fake.responseUrl({ channel: 'C0ANA', messageTs: ts, userId }),
    actions: [{ type: 'button', actionId, blockId: 'b', value: JSON.stringify({ i: invoiceId }) }],
  }), { secret });
  expect(r.status).toBe(200);
  const call = fake.calls('views.open')[opened];
  expect(call, 'views.open was called').toBeDefined();
  return call!.args.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string }[] };
}

const submit = (callbackId: string, privateMetadata: string, values: Record<string, Record<string, unknown>>, userId = 'U0ANA') =>
  postToSlackEndpoint(base, viewSubmissionBody({ callbackId, userId, privateMetadata, values }), { secret });

const threadTexts = () => fake.replies('C0ANA', ts).map((m) => m.text);

describe('promise to pay', () => {
  it('opens the promise modal on the invoice, with date, amount and note inputs', async () => {
    const view = await openForm(actionIds.logPromise);
    expect(view.callback_id).toBe(formIds.promise);
    expect(JSON.parse(view.private_metadata)).toEqual({ i: invoiceId });
    expect(view.blocks.map((b) => b.block_id)).toEqual(expect.arrayContaining(['arbot.promise_date', 'arbot.promise_amount', 'arbot.promise_note']));
  });

  it('keeps the modal open on the field when the date is in the past, and stores nothing', async () => {
    const r = await submit(formIds.promise, JSON.stringify({ i: invoiceId }), {
      'arbot.promise_date': { date: stateValue.datepicker('2026-03-01') },
      'arbot.promise_amount': { amount: stateValue.plainText(null) },
      'arbot.promise_note': { note: stateValue.plainText(null) },
    });
    expect(r.json).toMatchObject({ response_action: 'errors', errors: { 'arbot.promise_date': expect.stringMatching(/in the past/) } });
    expect((await db.sql`SELECT count(*)::int AS n FROM promises_to_pay`)[0]!.n).toBe(0);
  });

  it('stores the promise in minor units, updates the message and tells the thread', async () => {
    const values = {
      'arbot.promise_date': { date: stateValue.datepicker('2026-03-27') },
      'arbot.promise_amount': { amount: stateValue.plainText('600.50') },
      'arbot.promise_note': { note: stateValue.plainText('Called the CFO') },
    };
    const r = await submit(formIds.promise, JSON.stringify({ i: invoiceId }), values);
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    const rows = await db.sql`SELECT promised_date::text AS date, amount_minor FROM promises_to_pay`;
    expect(rows).toEqual([{ date: '2026-03-27', amount_minor: 60050n }]);
    expect(threadTexts()).toContain('Ana logged a promise to pay 600.50 EUR on 2026-03-27');
    // The same subject is redrawn on the other platforms, with the same thread line.
    expect(elsewhere.at(-1)).toEqual({ ok: true, refresh: [`invoice:${invoiceId}`], thread: 'Ana logged a promise to pay 600.50 EUR on 2026-03-27' });
    expect(JSON.stringify(fake.message('C0ANA', ts)!.blocks)).toContain('2026-03-27');
    const audit = await db.sql`SELECT actor FROM audit_log WHERE action LIKE 'promise%'`;
    expect(audit.map((a) => a.actor)).toEqual(['ana@acme.example']);
  });
});

describe('pause reminders', () => {
  it('needs a reason, then pauses until the date with an audit row', async () => {
    const view = await openForm(actionIds.pauseReminders);
    expect(view.callback_id).toBe(formIds.hold);
    const meta = view.private_metadata;
    const missing = await submit(formIds.hold, meta, {
      'arbot.hold_until': { until: stateValue.datepicker('2026-04-15') }, 'arbot.hold_reason': { reason: stateValue.plainText('  ') },
    });
    expect(missing.json).toMatchObject({ response_action: 'errors' });
    await submit(formIds.hold, meta, {
      'arbot.hold_until': { until: stateValue.datepicker('2026-04-15') }, 'arbot.hold_reason': { reason: stateValue.plainText('Waiting for the PO') },
    });
    const holds = await db.sql`SELECT until_date::text AS until, reason FROM reminder_holds`;
    expect(holds).toEqual([{ until: '2026-04-15', reason: 'Waiting for the PO' }]);
    expect(threadTexts()).toContain('Ana paused reminders until 2026-04-15: Waiting for the PO');
  });
});

describe('open a dispute and add notes', () => {
  it('refuses someone arbot does not know, inside the modal', async () => {
    const r = await submit(formIds.dispute, JSON.stringify({ i: invoiceId }), {
      'arbot.dispute_reason': { reason: stateValue.staticSelect({ value: 'wrong_amount', text: 'Wrong amount' }) },
      'arbot.dispute_comment': { comment: stateValue.plainText(null) },
    }, 'U0EVE');
    expect(r.json).toMatchObject({ response_action: 'errors', errors: { 'arbot.dispute_reason': expect.stringMatching(/does not know you/) } });
    expect((await db.sql`SELECT count(*)::int AS n FROM disputes`)[0]!.n).toBe(0);
  });

  it('opens the dispute with the reason and comment; the invoice message loses its "Open a dispute" button', async () => {
    const view = await openForm(actionIds.openDispute);
    await submit(formIds.dispute, view.private_metadata, {
      'arbot.dispute_reason': { reason: stateValue.staticSelect({ value: 'wrong_amount', text: 'Wrong amount' }) },
      'arbot.dispute_comment': { comment: stateValue.plainText('We agreed 900') },
    });
    const disputes = await db.sql`SELECT reason, status FROM disputes`;
    expect(disputes).toEqual([{ reason: 'Wrong amount: We agreed 900', status: 'to_clarify' }]);
    expect(JSON.stringify(fake.message('C0ANA', ts)!.blocks)).not.toContain(actionIds.openDispute);
  });

  it('answers a second "Open a dispute" click privately instead of a second modal', async () => {
    const opened = fake.calls('views.open').length;
    await postToSlackEndpoint(base, blockActionsBody({
      userId: 'U0ANA', channelId: 'C0ANA', responseUrl: fake.responseUrl({ channel: 'C0ANA', messageTs: ts, userId: 'U0ANA' }),
      actions: [{ type: 'button', actionId: actionIds.openDispute, blockId: 'b', value: JSON.stringify({ i: invoiceId }) }],
    }), { secret });
    expect(fake.calls('views.open').length).toBe(opened);
    expect(fake.responses().at(-1)!.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/already has an open dispute/) });
  });

  it('adds a note to the invoice once, even when Slack delivers the submission twice', async () => {
    const view = await openForm(actionIds.addNote);
    expect(view.callback_id).toBe(formIds.note);
    const body = viewSubmissionBody({ callbackId: formIds.note, privateMetadata: view.private_metadata, view: { id: 'V0NOTE1' },
      values: { 'arbot.note_text': { note: stateValue.plainText('Customer asked for a copy of the PO') } } });
    await postToSlackEndpoint(base, body, { secret });
    await postToSlackEndpoint(base, body, { secret, retryNum: 1 });
    const notes = await db.sql`SELECT body, author FROM notes WHERE invoice_id = ${invoiceId}::int8`;
    expect(notes).toEqual([{ body: 'Customer asked for a copy of the PO', author: 'ana@acme.example' }]);
    expect(threadTexts().filter((t) => t.includes('copy of the PO'))).toHaveLength(1);
  });

  it('refuses a forged private_metadata inside the modal', async () => {
    const r = await submit(formIds.note, '{"i":"1 OR 1=1"}', { 'arbot.note_text': { note: stateValue.plainText('x') } });
    expect(r.json).toMatchObject({ response_action: 'errors', errors: { 'arbot.note_text': expect.stringMatching(/out of date/) } });
  });
});
