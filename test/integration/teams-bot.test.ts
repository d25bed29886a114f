import { TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TeamsCard } from '../../blocks/teams/adaptive-card.js';
import { subjectView } from '../../adapters/postgres/chat-views-alerts.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import { ArbotTeamsBot } from '../../adapters/teams/teams-bot.js';
import type { TeamsMessages } from '../../adapters/teams/teams-messages.js';
import { teamsSurface } from '../../adapters/teams/teams-surface.js';
import type { ChatSurface } from '../../src/chat/chat-surface.js';
import { subjectKey } from '../../src/domain/subject.js';
import { actionIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import {
  cardActionInvoke, installationUpdate, messageActivity, personalChat, teamsIds, type TeamsPerson,
} from '../support/fake-teams-activities.js';
import { teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The handlers on botbuilder's TestAdapter (no HTTP): table-driven conversations, each an activity in and what the
// bot answered, what it asked to re-render, and what changed in Postgres.

const zone = 'Europe/Paris';
const now = new Date('2026-03-20T10:00:00Z');
const person = (n: number, name: string, email: string): TeamsPerson =>
  ({ id: `29:1user000000000000000000000000000000000000000${n}`, aadObjectId: `0000000${n}-1111-4222-8333-44444444444${n}`, name, email });
const ana = person(1, 'Ana Martin', 'ana@acme.example');
const ben = person(2, 'Ben Okafor', 'ben@acme.example');
const dan = person(3, 'Dan Finance', 'dan@acme.example');
const serviceUrl = 'http://127.0.0.1:9/';

let db: TestDb;
let adapter: TestAdapter;
let disputeId: string;
let invoiceId: string;
let emailId: string;
const refreshed: { subject: string; card: TeamsCard | null; line: string | null }[] = [];
/** What the other platforms (Slack) were asked to redraw. */
const elsewhere: { refresh: string[]; thread: string }[] = [];

const recorder: TeamsMessages = {
  async publish() {
    return 'unused';
  },
  async refresh(subject, card, line) {
    refreshed.push({ subject: subjectKey(subject), card, line });
  },
};

/** Slack, as the chat core redraws it: one entry per done action (its first subject comes with the thread line). */
const slackRecorder: ChatSurface = {
  platform: 'slack',
  async redraw(subject, _view, line) {
    if (line !== null) elsewhere.push({ refresh: [subjectKey(subject)], thread: line });
    else elsewhere.at(-1)?.refresh.push(subjectKey(subject));
  },
};

/** Sends one activity through the bot and returns what it answered. */
async function turn(activity: Record<string, unknown>): Promise<Partial<Activity>[]> {
  await adapter.processActivity(activity as Partial<Activity>);
  return adapter.activeQueue.splice(0);
}

const invokeBody = (replies: Partial<Activity>[]) => (replies.find((r) => r.type === 'invokeResponse')?.value as { status: number; body: { statusCode: number; type: string; value: unknown } });
const cardText = (replies: Partial<Activity>[]) => JSON.stringify(replies.map((r) => r.attachments?.[0]?.content ?? r.text ?? r.value));
const at = (p: TeamsPerson) => ({ serviceUrl, conversationId: personalChat(p) });

beforeAll(async () => {
  db = await openTestDb();
  await importRows(db.sql, {
    owners: [
      { email: ana.email, name: 'Ana', team: 'sales', teams_user_id: ana.aadObjectId },
      { email: ben.email, name: 'Ben', team: 'delivery', teams_user_id: ben.aadObjectId },
      { email: dan.email, name: 'Dan', team: 'finance', approver: 'true', teams_user_id: dan.aadObjectId },
      // Has both platforms and prefers Slack: routed on Slack only.
      { email: 'sam@acme.example', name: 'Sam', team: 'sales', slack_user_id: 'U0SAM', slack_channel_id: 'C0SAM', teams_user_id: '00000009-1111-4222-8333-444444444449', chat_platform: 'slack' },
    ],
    customers: [
      customer('C-1', zone, 'top', { name: 'Northwind', sales_owner_email: ana.email, delivery_owner_email: ben.email }),
      customer('C-2', zone, 'standard', { name: 'Northwind Outlet', sales_owner_email: 'sam@acme.example' }),
    ],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '1200.00'), invoice('I-2', 'C-2', '2026-03-01', '300.00')],
  });
  const [i] = await db.sql<{ id: string }[]>`SELECT id::text FROM invoices WHERE external_id = 'I-1'`;
  invoiceId = i!.id;
  const [d] = await db.sql<{ id: string }[]>`
    INSERT INTO disputes (external_id, invoice_id, reason, opened_at) VALUES ('d1', ${invoiceId}::int8, 'Missing PO', '2026-03-19T09:00:00Z') RETURNING id::text`;
  disputeId = d!.id;
  const [e] = await db.sql<{ id: string }[]>`
    INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
    SELECT id, 'top', 'escalation', 'escalation', 'awaiting_approval', '2026-03-20T08:00:00Z', billing_emails
    FROM customers WHERE external_id = 'C-1' RETURNING id::text`;
  emailId = e!.id;
  const deps = teamsDepsOn(db.sql, { now: () => now, zone });
  deps.core.addSurface(teamsSurface(recorder, deps.core));
  deps.core.addSurface(slackRecorder);
  const bot = new ArbotTeamsBot(deps);
  adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'msteams' });
});
afterAll(async () => {
  await db?.close();
});
beforeEach(() => {
  refreshed.length = 0;
  elsewhere.length = 0;
});

describe('Teams conversations (TestAdapter)', () => {
  it.each([
    ['help', 'help', /Try \*\*dso\*\*/],
    ['an unknown command', 'invoices please', /I don't know “invoices”/],
    ['dso with a date', 'dso 2026-03-31', /DSO and receivables · 2026-03-31/],
    ['dso with a segment', 'dso top', /DSO and receivables · 2026-03-20 · top accounts/],
    ['dso with a bad argument', 'dso march', /march.{0,3} is not a date/],
    ['ar of one customer', 'ar C-1', /Northwind.*Open invoices \(1\)/],
    ['ar matching several', 'ar north', /2 customers match “north”/],
    ['ar matching nothing', 'ar zebra', /No customer matches “zebra”/],
    ['ar without a name', 'ar', /Which customer\?/],
  ])('answers %s', async (_what, text, expected) => {
    expect(cardText(await turn(messageActivity(ana, text, at(ana))))).toMatch(expected);
  });

  it('understands a command in a channel, where arbot is mentioned', async () => {
    const replies = await turn(messageActivity(ben, 'dso 2026-03-31', { serviceUrl, conversationId: teamsIds.salesChannel }));
    expect(cardText(replies)).toMatch(/DSO and receivables · 2026-03-31/);
  });

  it('opens the `dso` summary with a Details button per currency, whose invoke shows that currency in full', async () => {
    const replies = await turn(messageActivity(ana, 'dso 2026-03-31', at(ana)));
    const card = replies.find((r) => r.attachments?.[0])!.attachments![0]!.content as { body: unknown };
    const buttons = JSON.stringify(card).match(/\{"type":"Action\.Execute"[^}]*\}\}/g) ?? [];
    expect(buttons.length).toBeGreaterThan(0);
    const first = JSON.parse(buttons[0]!) as { title: string; verb: string; data: Record<string, string> };
    expect(first).toMatchObject({ title: 'Details', verb: 'arbot.dso_details', data: { asof: '2026-03-31' } });
    const r = invokeBody(await turn(cardActionInvoke(ana, at(ana), first.verb, first.data)));
    expect(r.status).toBe(200);
    expect(r.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const text = JSON.stringify(r.body.value);
    expect(text).toContain(`DSO and receivables · 2026-03-31 · ${first.data.cur}`);
    expect(text).toContain('DSO trend, last 12 month ends');
    expect(text).not.toContain('arbot.dso_details');
    // A stale or forged one is refused as such.
    expect(invokeBody(await turn(cardActionInvoke(ana, at(ana), 'arbot.dso_details', { asof: '2026-03-31', cur: 'nope' }))).body.statusCode).toBe(400);
  });

  it('opens a customer from a choice card', async () => {
    const r = invokeBody(await turn(cardActionInvoke(ana, at(ana), 'arbot.ar_customer', { c: 'C-2' })));
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body.value)).toContain('Northwind Outlet');
  });

  it.each([
    ['Ben claims the dispute', ben, actionIds.claimDispute, () => ({ d: disputeId }), /Claimed by/, 'Ben claimed this dispute'],
    ['Ana cannot claim it again', ana, actionIds.claimDispute, () => ({ d: disputeId }), /already claimed by Ben/, null],
    ['Ana, not its owner, cannot set its status', ana, actionIds.setDisputeStatus, () => ({ d: disputeId, status: 'resolved' }), /only this dispute's owner \(Ben\) or a finance approver/, null],
    ['Dan, a finance approver, can', dan, actionIds.setDisputeStatus, () => ({ d: disputeId, status: 'awaiting_client' }), /Awaiting client/, 'status: awaiting client (by Dan)'],
    ['Ben adds a note', ben, actionIds.addNote, () => ({ d: disputeId, note_text: 'Called *them*' }), /Claimed by/, 'Ben: Called *them*'],
    ['an empty note is refused', ben, actionIds.addNote, () => ({ d: disputeId, note_text: ' ' }), /1 to 3000 characters/, null],
    ['a refusal needs a reason', ana, actionIds.refuseEscalation, () => ({ e: emailId, refuse_reason: '' }), /say why you refuse/, null],
    ['Ben may not decide an approval', ben, actionIds.handlePersonally, () => ({ e: emailId }), /account manager \(Ana\) or a finance approver/, null],
    ['Ana refuses with a reason', ana, actionIds.refuseEscalation, () => ({ e: emailId, refuse_reason: 'Paid by wire' }), /Refused/, 'Ana refused: Paid by wire'],
    ['a promise in the past is refused', ana, actionIds.logPromise, () => ({ i: invoiceId, promise_date: '2026-03-01' }), /in the past/, null],
    ['Ana logs a promise', ana, actionIds.logPromise, () => ({ i: invoiceId, promise_date: '2026-04-01', promise_amount: '600' }), /Overdue: Northwind/, 'Ana logged a promise to pay 600.00 EUR on 2026-04-01'],
    ['Ana pauses reminders', ana, actionIds.pauseReminders, () => ({ i: invoiceId, hold_until: '2026-04-10', hold_reason: 'CFO on leave' }), /Overdue: Northwind/, 'Ana paused reminders until 2026-04-10: CFO on leave'],
    ['a second dispute on the invoice is refused', ana, actionIds.openDispute, () => ({ i: invoiceId, dispute_reason: 'wrong_amount' }), /already has an open dispute/, null],
  ] as const)('%s', async (_what, who, verb, data, shown, line) => {
    const r = invokeBody(await turn(cardActionInvoke(who, at(who), verb, data())));
    expect(r).toMatchObject({ status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' } });
    expect(JSON.stringify(r.body.value)).toMatch(shown);
    if (line === null) expect([refreshed, elsewhere]).toEqual([[], []]);
    else {
      expect(refreshed[0]).toMatchObject({ line });
      // Slack's messages of the same subject are redrawn too, with the same thread line.
      expect(elsewhere).toEqual([expect.objectContaining({ thread: line, refresh: expect.arrayContaining([refreshed[0]!.subject]) })]);
    }
  });

  it('stored what the forms sent: the promise, the hold, the refusal', async () => {
    const [promise] = await db.sql`SELECT promised_date::text AS date, amount_minor::text AS amount FROM promises_to_pay WHERE invoice_id = ${invoiceId}::int8`;
    expect(promise).toEqual({ date: '2026-04-01', amount: '60000' });
    const [email] = await db.sql`SELECT status, decision, decision_note FROM reminder_emails WHERE id = ${emailId}::int8`;
    expect(email).toEqual({ status: 'cancelled', decision: 'refused', decision_note: 'Paid by wire' });
    const [audit] = await db.sql`SELECT count(*)::int AS n FROM audit_log WHERE actor LIKE '%@acme.example' AND action IN ('promise.logged', 'reminders.paused')`;
    expect(audit!.n).toBe(2);
  });

  it('remembers conversations on install and forgets them on uninstall', async () => {
    await turn(installationUpdate(ben, at(ben)));
    const installed = async () => (await db.sql`SELECT installed FROM teams_conversations WHERE conversation_id = ${personalChat(ben)}`)[0]?.installed;
    expect(await installed()).toBe(true);
    // Ben's own alerts now route to his chat with arbot on Teams.
    const facts = await loadRoutingFacts(db.sql, { customer_id: null, invoice_id: BigInt(invoiceId), dispute_id: null, email_id: null }, 'teams');
    expect(facts.deliveryOwner?.channel).toBe(personalChat(ben));
    await turn(installationUpdate(ben, at(ben), 'remove'));
    expect(await installed()).toBe(false);
  });
});

describe('routing by preferred platform', () => {
  it.each([
    ['Ana (Teams only) is routed on Teams, not on Slack', 'I-1', 'salesOwner', { teams: true, slack: false }],
    ['Sam (both, prefers Slack) is routed on Slack, not on Teams', 'I-2', 'salesOwner', { teams: false, slack: true }],
  ] as const)('%s', async (_what, inv, role, expected) => {
    const [row] = await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = ${inv}`;
    const ids = { customer_id: null, invoice_id: row!.id, dispute_id: null, email_id: null };
    // Routed here: a route without `elsewhere`; routed on the other platform: marked so, with no channel.
    const here = (r: { elsewhere?: boolean } | null) => r !== null && r.elsewhere !== true;
    expect(here((await loadRoutingFacts(db.sql, ids, 'teams'))[role])).toBe(expected.teams);
    expect(here((await loadRoutingFacts(db.sql, ids))[role])).toBe(expected.slack);
    expect((await loadRoutingFacts(db.sql, ids, expected.teams ? 'slack' : 'teams'))[role]).toMatchObject({ elsewhere: true, channel: null });
  });

  it('keeps Slack routing for owners imported without Teams ids', async () => {
    await importRows(db.sql, { owners: [{ email: 'sam@acme.example', name: 'Sam', team: 'sales', chat_platform: '' }] });
    const [row] = await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = 'I-2'`;
    const facts = await loadRoutingFacts(db.sql, { customer_id: null, invoice_id: row!.id, dispute_id: null, email_id: null });
    expect(facts.salesOwner?.channel).toBe('C0SAM');
  });
});

describe('Teams: what stops collection for long waits for a finance approver', () => {
  let invoice3: string;
  beforeAll(async () => {
    const [i] = await db.sql<{ id: string }[]>`
      INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
      SELECT 'I-3', 'INV-I-3', customer_id, issue_date, due_date, currency, amount_minor FROM invoices WHERE external_id = 'I-1'
      RETURNING id::text`;
    invoice3 = i!.id;
  });
  const holds = () => db.sql`SELECT until_date, created_by FROM reminder_holds WHERE invoice_id = ${invoice3}::int8`;
  const request = async () => (await db.sql<{ id: string; status: string; decided_by: string | null }[]>`
    SELECT id::text, status, decided_by FROM change_requests WHERE invoice_id = ${invoice3}::int8 ORDER BY id DESC LIMIT 1`)[0];
  const invoke = async (who: TeamsPerson, verb: string, data: Record<string, string>) =>
    JSON.stringify(invokeBody(await turn(cardActionInvoke(who, at(who), verb, data))).body.value);

  it('a pause with no end by the sales owner is pending, no hold; Ben cannot decide; a refusal needs a reason; Dan approves', async () => {
    expect(await invoke(ana, actionIds.pauseReminders, { i: invoice3, hold_until: '', hold_reason: 'Restructuring' })).toMatch(/Overdue: Northwind/);
    expect(refreshed[0]).toMatchObject({ line: expect.stringMatching(/^Ana asked a finance approver to pause reminders with no end date/) });
    const r = (await request())!;
    expect(r.status).toBe('pending');
    expect(await holds()).toEqual([]);
    // The approval card, as the alerts job would post it (its subject is the alert's).
    const [alert] = await db.sql<{ id: string }[]>`SELECT id::text FROM alerts WHERE dedupe_key = ${`change_requested:${r.id}`}`;
    const card = await subjectView(db.sql, `alert:${alert!.id}`, now, zone);
    expect(card).toMatchObject({ kind: 'change_request', request: { requestId: r.id, status: 'pending', limitReason: 'a pause with no end date' } });

    expect(await invoke(ben, actionIds.approveChange, { r: r.id })).toMatch(/only a finance approver can decide this/);
    expect(await invoke(dan, actionIds.refuseChange, { r: r.id, refuse_reason: ' ' })).toMatch(/say why you refuse/);
    expect(await holds()).toEqual([]);
    expect(await invoke(dan, actionIds.approveChange, { r: r.id })).toMatch(/Approved\*\* by Dan\b/);
    expect(await holds()).toEqual([{ until_date: null, created_by: 'ana@acme.example' }]);
    expect(await request()).toMatchObject({ status: 'approved', decided_by: 'dan@acme.example' });
  });

  it('a far promise refused by Dan with a reason: no promise', async () => {
    await invoke(ana, actionIds.logPromise, { i: invoice3, promise_date: '2099-12-31', promise_amount: '0.01' });
    const r = (await request())!;
    expect(r.status).toBe('pending');
    expect(await invoke(dan, actionIds.refuseChange, { r: r.id, refuse_reason: 'Too far out' })).toMatch(/Refused\*\* by Dan\b/);
    expect(await request()).toMatchObject({ status: 'refused' });
    expect(await db.sql`SELECT id FROM promises_to_pay WHERE invoice_id = ${invoice3}::int8`).toEqual([]);
  });

  it('answers `ar` only to people arbot knows (AR_LOOKUP=known)', async () => {
    const eve = person(4, 'Eve', 'eve@elsewhere.example');
    const text = cardText(await turn(messageActivity(eve, 'ar C-1', at(eve))));
    expect(text).toMatch(/does not know you yet/);
    expect(text).not.toMatch(/Open invoices/);
    expect(JSON.stringify(invokeBody(await turn(cardActionInvoke(eve, at(eve), 'arbot.ar_customer', { c: 'C-2' }))).body.value)).toMatch(/does not know you yet/);
  });
});
