import { networkInterfaces } from 'node:os';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { postgresAlertOutbox } from '../../adapters/postgres/alert-outbox.js';
import { postgresAlertProducers } from '../../adapters/postgres/alert-producers.js';
import { loadAlertView, subjectView } from '../../adapters/postgres/chat-views-alerts.js';
import { createTeamsAdapter, type TeamsAdapter, type TeamsOptions } from '../../adapters/teams/teams-app.js';
import type { TeamsDeps } from '../../adapters/teams/teams-context.js';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer } from '../../src/main.js';
import { subject } from '../../src/domain/subject.js';
import { dispatchAlerts, type DispatchDeps } from '../../src/services/dispatch-alerts.js';
import { raiseAlerts } from '../../src/services/raise-alerts.js';
import { actionIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { startFakeTeams, type FakeTeams } from '../support/fake-teams.js';
import {
  cardActionInvoke, installationUpdate, messageActivity, personalChat, rawInvoke, teamsIds, type TeamsPerson,
} from '../support/fake-teams-activities.js';
import { post } from '../support/http.js';
import { teamsAlertChannelOn, teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { keepConsoleOutput } from '../support/test-log.js';

// The real CloudAdapter on arbot's HTTP server, receiving Bot Framework activity JSON as Teams sends it, with the
// activities' serviceUrl pointed at a local Bot Connector that records what arbot posts and updates. Every click
// goes through to Postgres and back to the card.

const zone = 'Europe/Paris';
const now = new Date('2026-03-20T10:00:00Z');
const person = (key: string, name: string, email: string, n: number): TeamsPerson =>
  ({ id: `29:1${key}000000000000000000000000000000000000000${n}`, aadObjectId: `0000000${n}-aaaa-4bbb-8ccc-00000000000${n}`, name, email });
const ana = person('ana', 'Ana Martin', 'ana@acme.example', 1);
const ben = person('ben', 'Ben Okafor', 'ben@acme.example', 2);
const dan = person('dan', 'Dan Finance', 'dan@acme.example', 3);
const eve = person('eve', 'Eve Outsider', 'eve@elsewhere.example', 4);

let db: TestDb;
let fake: FakeTeams;
let http: HttpServer;
let base: string;
let teams: TeamsAdapter;
let disputeId: bigint;
let emailId: bigint;

function deps(): TeamsDeps {
  return teamsDepsOn(db.sql, { now: () => now, zone });
}

const localOptions: TeamsOptions = { appType: 'MultiTenant', local: true, throttle: { attempts: 3, maxWaitMs: 2000 } };
const send = (activity: unknown, headers: Record<string, string> = {}) => post(`${base}/api/messages`, JSON.stringify(activity), headers);
const where = (p: TeamsPerson, replyToId?: string) => ({ serviceUrl: fake.serviceUrl, conversationId: personalChat(p), ...(replyToId ? { replyToId } : {}) });
const disputeRow = async () => (await db.sql`SELECT d.status, o.email AS owner FROM disputes d LEFT JOIN owners o ON o.id = d.owner_id WHERE d.id = ${disputeId.toString()}::int8`)[0];
const cardRef = async (subject: string, conversation: string) =>
  (await db.sql<{ message_ref: string }[]>`SELECT message_ref FROM chat_messages WHERE platform = 'teams' AND subject_key = ${subject} AND channel = ${conversation}`)[0]?.message_ref;
const cardOf = (a: { activity: Record<string, any> }) => a.activity.attachments?.[0]?.content; // eslint-disable-line @typescript-eslint/no-explicit-any -- card JSON

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeTeams({ members: [ana, ben, dan, eve] });
  await importRows(db.sql, {
    owners: [
      { email: ana.email, name: 'Ana', team: 'sales', teams_user_id: ana.aadObjectId },
      { email: ben.email, name: 'Ben', team: 'delivery', teams_user_id: ben.aadObjectId },
      // Dan is known by email only: his Teams id is found through the roster and remembered.
      { email: dan.email, name: 'Dan', team: 'finance', approver: 'true' },
    ],
    customers: [customer('C-1', zone, 'top', { name: '*Northwind* <at>Ana</at> [Co](http://evil.example)', sales_owner_email: ana.email })],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '1200.00')],
  });
  [{ id: disputeId }] = (await db.sql<{ id: bigint }[]>`
    INSERT INTO disputes (external_id, invoice_id, reason, opened_at)
    SELECT 'd1', id, 'Missing PO **urgent**', '2026-03-19T09:00:00Z' FROM invoices WHERE external_id = 'I-1' RETURNING id`) as unknown as [{ id: bigint }];
  [{ id: emailId }] = (await db.sql<{ id: bigint }[]>`
    INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
    SELECT id, 'top', 'escalation', 'escalation', 'awaiting_approval', '2026-03-20T08:00:00Z', billing_emails
    FROM customers WHERE external_id = 'C-1' RETURNING id`) as unknown as [{ id: bigint }];
  teams = createTeamsAdapter(localOptions, deps());
  teams.deps.core.addSurface(teams.surface);
  http = createHttpServer(teams.routes, quietLog);
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await fake?.close();
  await db?.close();
});

describe('Teams authentication', () => {
  it('refuses activities without a valid Bot Framework token when MICROSOFT_APP_ID is set: 401, nothing stored', async () => {
    keepConsoleOutput(); // botbuilder's CloudAdapter prints each refused token's AuthenticationError on the console
    const secured = createTeamsAdapter({ appId: '11111111-2222-4333-8444-555555555555', appPassword: 'not-a-real-secret', appType: 'MultiTenant', local: false }, deps());
    const server = createHttpServer(secured.routes, quietLog);
    const url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/api/messages`;
    try {
      const body = JSON.stringify(installationUpdate(eve, where(eve)));
      const status = async (headers: Record<string, string>) =>
        (await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } })).status;
      expect(await status({})).toBe(401);
      expect(await status({ authorization: 'Bearer not.a.jwt' })).toBe(401);
      expect(await status({ authorization: 'Basic YTpi' })).toBe(401);
      const [n] = await db.sql`SELECT count(*)::int AS n FROM teams_conversations WHERE conversation_id = ${personalChat(eve)}`;
      expect(n!.n).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('refuses to start without an app id unless local mode is asked for', () => {
    expect(() => createTeamsAdapter({ appType: 'MultiTenant', local: false }, deps())).toThrow(/MICROSOFT_APP_ID/);
  });

  const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it.skipIf(external === undefined)('in local mode, refuses requests from other machines: 403', async () => {
    const server = createHttpServer(teams.routes, quietLog);
    const port = await server.listen(0, '0.0.0.0');
    try {
      const r = await post(`http://${external}:${port}/api/messages`, JSON.stringify(installationUpdate(eve, where(eve))));
      expect(r.status).toBe(403);
      expect(r.body.error.message).toMatch(/TEAMS_LOCAL/);
    } finally {
      await server.close();
    }
  });

  it('answers 400 to a body that is not an activity', async () => {
    expect((await post(`${base}/api/messages`, 'not json')).status).toBe(400);
    expect((await post(`${base}/api/messages`, '[1,2]')).status).toBe(400);
  });
});

describe('Teams proactive alerts', () => {
  it('keeps the conversation reference of an install in Postgres', async () => {
    expect((await send(installationUpdate(ana, where(ana)))).status).toBe(200);
    expect((await send(installationUpdate(ben, where(ben)))).status).toBe(200);
    const rows = await db.sql`SELECT conversation_type, user_aad_id, service_url, installed FROM teams_conversations WHERE conversation_id = ${personalChat(ana)}`;
    expect(rows).toEqual([{ conversation_type: 'personal', user_aad_id: ana.aadObjectId, service_url: fake.serviceUrl, installed: true }]);
  });

  it('posts alerts as Adaptive Cards to the owner\'s chat, after a restart (a new adapter), from Postgres only', async () => {
    const restarted = createTeamsAdapter(localOptions, deps());
    const dispatch: DispatchDeps = {
      outbox: postgresAlertOutbox(db.sql),
      view: (a, at) => loadAlertView(db.sql, a, at, zone),
      platforms: [teamsAlertChannelOn(db.sql, restarted.deps, restarted.messages, { sales: null, delivery: null, finance: null })],
      maxAttempts: 5,
    };
    await raiseAlerts(postgresAlertProducers(db.sql), { deliveryAfterDays: 10, incompleteHorizonDays: 14 }, now);
    await dispatchAlerts(dispatch, now);
    const posted = fake.in(personalChat(ana)).filter((a) => a.method === 'POST');
    const cards = posted.map(cardOf);
    expect(cards.length).toBeGreaterThanOrEqual(2);
    expect(posted.every((a) => a.activity.attachments[0].contentType === 'application/vnd.microsoft.card.adaptive')).toBe(true);
    const dispute = cards.find((c) => JSON.stringify(c).includes(actionIds.claimDispute))!;
    expect(dispute.version).toBe('1.5');
    // User text is escaped: no markup, link or mention of the customer's own making survives; Ana's own mention is
    // arbot's, with its entity.
    const text = JSON.stringify(dispute.body);
    expect(text).not.toContain('<at>Ana</at> [Co]');
    expect(text).toContain('‹at›Ana‹/at› ［Co］');
    expect(text).not.toContain('**urgent**');
    expect(dispute.msteams.entities).toEqual([{ type: 'mention', text: '<at>Ana</at>', mentioned: { id: ana.aadObjectId, name: 'Ana' } }]);
    expect(await cardRef(`dispute:${disputeId}`, personalChat(ana))).toBeDefined();
    // Ben has no owner route here (no delivery owner on C-1, no team conversation): nothing went to him.
    expect(fake.in(personalChat(ben))).toEqual([]);
  });

  it('updates the card in place on the next publish, and posts it again when it was deleted', async () => {
    const ref = (await cardRef(`dispute:${disputeId}`, personalChat(ana)))!;
    const view = await subjectView(db.sql, `dispute:${disputeId}`, now, zone);
    const { buildAlertCard } = await import('../../blocks/teams/alert-cards.js');
    await teams.messages.publish(subject('dispute', disputeId), personalChat(ana), buildAlertCard(view!));
    expect(fake.activities.at(-1)).toMatchObject({ method: 'PUT', activityId: ref });
    fake.deleteActivity(ref);
    const again = await teams.messages.publish(subject('dispute', disputeId), personalChat(ana), buildAlertCard(view!));
    expect(again).not.toBe(ref);
    expect(await cardRef(`dispute:${disputeId}`, personalChat(ana))).toBe(again);
  });
});

describe('Teams card actions (Action.Execute)', () => {
  it('claims a dispute: stored, the card replaced for everyone, a reply posted, the clicker gets the new card', async () => {
    const ref = (await cardRef(`dispute:${disputeId}`, personalChat(ana)))!;
    const before = fake.activities.length;
    const r = await send(cardActionInvoke(ana, where(ana, ref), actionIds.claimDispute, { d: disputeId.toString() }));
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(JSON.stringify(r.body.value)).not.toContain(actionIds.claimDispute);
    expect(await disputeRow()).toEqual({ status: 'to_clarify', owner: ana.email });
    const sent = fake.activities.slice(before);
    expect(sent.find((a) => a.method === 'PUT')).toMatchObject({ activityId: ref });
    expect(JSON.stringify(cardOf(sent.find((a) => a.method === 'PUT')!))).toContain('Claimed by');
    expect(sent.find((a) => a.method === 'POST')!.activity).toMatchObject({ text: 'Ana claimed this dispute', replyToId: ref });
  });

  it('tells a second claimer, on their card only, who has it, and changes nothing', async () => {
    const before = fake.activities.length;
    const r = await send(cardActionInvoke(ben, where(ben), actionIds.claimDispute, { d: disputeId.toString() }));
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body.value)).toContain('already claimed by Ana');
    expect(await disputeRow()).toEqual({ status: 'to_clarify', owner: ana.email });
    expect(fake.activities.length).toBe(before);
  });

  it('applies a redelivered invoke (same activity id) once', async () => {
    const invoke = cardActionInvoke(ana, where(ana), actionIds.setDisputeStatus, { d: disputeId.toString(), status: 'awaiting_client' }, { id: 'f:redelivered-1' });
    expect((await send(invoke)).status).toBe(200);
    expect((await send(invoke)).status).toBe(200);
    expect(await disputeRow()).toEqual({ status: 'awaiting_client', owner: ana.email });
    const [audit] = await db.sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dispute.status_changed'`;
    expect(audit!.n).toBe(1);
  });

  it('refuses an approval by someone who is neither the account manager nor a finance approver', async () => {
    const r = await send(cardActionInvoke(ben, where(ben), actionIds.approveEscalation, { e: emailId.toString() }));
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body.value)).toMatch(/account manager \(Ana\) or a finance approver can decide this/);
    const [row] = await db.sql`SELECT status, decision FROM reminder_emails WHERE id = ${emailId.toString()}::int8`;
    expect(row).toEqual({ status: 'awaiting_approval', decision: null });
  });

  it('lets a finance approver known by email only approve (found through the roster, then remembered)', async () => {
    const r = await send(cardActionInvoke(dan, where(dan), actionIds.approveEscalation, { e: emailId.toString() }));
    expect(JSON.stringify(r.body.value)).toContain('Approved');
    const [row] = await db.sql`SELECT status, decision FROM reminder_emails WHERE id = ${emailId.toString()}::int8`;
    expect(row).toEqual({ status: 'queued', decision: 'approved' });
    const [o] = await db.sql`SELECT teams_user_id FROM owners WHERE email = ${dan.email}`;
    expect(o!.teams_user_id).toBe(dan.aadObjectId);
  });

  it('tells someone arbot does not know that they cannot act', async () => {
    const r = await send(cardActionInvoke(eve, where(eve), actionIds.setDisputeStatus, { d: disputeId.toString(), status: 'resolved' }));
    expect(JSON.stringify(r.body.value)).toMatch(/arbot does not know you yet/);
    expect(await disputeRow()).toEqual({ status: 'awaiting_client', owner: ana.email });
  });

  it.each([
    ['no action at all', {}],
    ['an Action.Submit', { action: { type: 'Action.Submit', data: { d: '1' } } }],
    ['an unknown verb', { action: { type: 'Action.Execute', verb: 'arbot.drop_tables', data: { d: '1' } } }],
    ['an id that is not a number', { action: { type: 'Action.Execute', verb: actionIds.claimDispute, data: { d: '1; DROP TABLE disputes' } } }],
    ['a status that does not exist', { action: { type: 'Action.Execute', verb: actionIds.setDisputeStatus, data: { d: '1', status: 'paid' } } }],
    ['a value that is a string', 'claim it'],
  ])('answers a malformed value (%s) with 400 and changes nothing', async (_what, value) => {
    const r = await send(rawInvoke(ana, where(ana), value));
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error' });
    expect(await disputeRow()).toEqual({ status: 'awaiting_client', owner: ana.email });
  });
});

describe('Teams throttling', () => {
  it('waits out a short Retry-After (429) and posts the card once', async () => {
    const { buildAlertCard } = await import('../../blocks/teams/alert-cards.js');
    const view = await subjectView(db.sql, `invoice:${(await db.sql`SELECT id FROM invoices WHERE external_id = 'I-1'`)[0]!.id}`, now, zone);
    const failuresBefore = fake.failures.length;
    const postsBefore = fake.activities.length;
    fake.failNext(1, 429, '1');
    // A subject no row has (it was the key 'test:throttled'): a new card, posted once.
    await teams.messages.publish(subject('alert', 9_000_000_001n), personalChat(ben), buildAlertCard(view!));
    expect(fake.failures.length).toBe(failuresBefore + 1);
    expect(fake.activities.length).toBe(postsBefore + 1);
  });

  it('leaves the alert queued when throttled for longer (or Teams fails), and delivers it on a later attempt', async () => {
    await importRows(db.sql, { payments: [{ external_id: 'P-9', customer_external_id: 'C-1', received_date: '2026-03-19', currency: 'EUR', amount: '7.77' }] });
    await raiseAlerts(postgresAlertProducers(db.sql), { deliveryAfterDays: 10, incompleteHorizonDays: 14 }, now);
    const dispatch: DispatchDeps = {
      outbox: postgresAlertOutbox(db.sql),
      view: (a, at) => loadAlertView(db.sql, a, at, zone),
      platforms: [teamsAlertChannelOn(db.sql, teams.deps, teams.messages, { sales: null, delivery: null, finance: personalChat(ben) })],
      maxAttempts: 5,
    };
    fake.failNext(1, 429, '3600');
    const first = await dispatchAlerts(dispatch, new Date(now.getTime() + 60_000));
    expect(first.retried).toBeGreaterThanOrEqual(1);
    const [queued] = await db.sql`SELECT posted_at FROM alerts WHERE kind = 'import_run_review'`;
    expect(queued!.posted_at).toBeNull();
    fake.failNext(1, 500);
    await dispatchAlerts(dispatch, new Date(now.getTime() + 2 * 3600_000));
    await dispatchAlerts(dispatch, new Date(now.getTime() + 6 * 3600_000));
    const [done] = await db.sql`SELECT posted_at IS NOT NULL AS posted FROM alerts WHERE kind = 'import_run_review'`;
    expect(done!.posted).toBe(true);
    expect(fake.in(personalChat(ben)).some((a) => JSON.stringify(cardOf(a) ?? '').includes('1 unmatched payment'))).toBe(true);
  });
});

describe('Teams commands over HTTP', () => {
  it('answers @arbot dso in a channel with the KPI card', async () => {
    const before = fake.activities.length;
    const r = await send(messageActivity(ana, 'dso 2026-03-31', { serviceUrl: fake.serviceUrl, conversationId: teamsIds.salesChannel }));
    expect(r.status).toBe(200);
    const reply = fake.activities.slice(before).find((a) => a.activity.attachments)!;
    expect(JSON.stringify(cardOf(reply))).toContain('DSO and receivables · 2026-03-31');
    // The channel was remembered on the way.
    const [c] = await db.sql`SELECT conversation_type FROM teams_conversations WHERE conversation_id = ${teamsIds.salesChannel}`;
    expect(c!.conversation_type).toBe('channel');
  });
});

describe('Teams in arbot serve', () => {
  it('reads its settings from the environment, refusing a wrong app type without echoing the password', () => {
    const c = loadConfig({ MICROSOFT_APP_ID: 'x', MICROSOFT_APP_TYPE: 'SingleTenant', TEAMS_SALES_CONVERSATION: '19:a@thread.tacv2' });
    expect([c.MICROSOFT_APP_TYPE, c.TEAMS_LOCAL, c.TEAMS_SALES_CONVERSATION]).toEqual(['SingleTenant', '0', '19:a@thread.tacv2']);
    expect(() => loadConfig({ MICROSOFT_APP_TYPE: 'Anyone' })).toThrow(ConfigError);
    expect(() => loadConfig({ MICROSOFT_APP_TYPE: 'Anyone' })).toThrow(/MICROSOFT_APP_TYPE: expected one of MultiTenant, SingleTenant, UserAssignedMSI/);
    expect(() => loadConfig({ TEAMS_LOCAL: 'yes' })).toThrow(/TEAMS_LOCAL/);
  });

  it('serves /api/messages with TEAMS_LOCAL=1, warns that it is unauthenticated, and says so in the summary', async () => {
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write: (chunk, _e, cb) => { lines.push(String(chunk)); cb(); } }));
    const config = loadConfig({ TEAMS_LOCAL: '1', PORT: '0', HOST: '127.0.0.1', DEMO_LEDGER: 'off', SCHEDULER: 'off', LOCAL_WORKSPACE: '0', COMPANY_TIMEZONE: zone });
    const running = await startServer(config, log, { db, now: () => now });
    try {
      const r = await post(`http://127.0.0.1:${running.port}/api/messages`, JSON.stringify(installationUpdate(eve, where(eve))));
      expect(r.status).toBe(200);
      expect(lines.some((l) => l.includes('"level":40') && l.includes('NOT authenticated'))).toBe(true);
      expect(lines.some((l) => l.includes('Microsoft Teams: on (TEAMS_LOCAL=1'))).toBe(true);
    } finally {
      await running.stop();
    }
  });
});
