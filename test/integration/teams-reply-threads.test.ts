import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { teamsAlertPublisher } from '../../adapters/teams/teams-alert-publisher.js';
import { createTeamsAdapter, type TeamsAdapter } from '../../adapters/teams/teams-app.js';
import { baseConversationId } from '../../adapters/teams/teams-conversations.js';
import { teamsSurface } from '../../adapters/teams/teams-surface.js';
import type { ChatSurface } from '../../src/chat/chat-surface.js';
import { subject, type SubjectRef } from '../../src/domain/subject.js';
import type { ChatPublisher } from '../../src/services/dispatch-alerts.js';
import type { AlertView, ThreadParent } from '../../src/views/alert-view.js';
import type { ReplyFacts } from '../../src/views/reply-view.js';
import { reply } from '../blocks/teams/reply-fixtures.js';
import { ana, invoice } from '../blocks/slack/fixtures.js';
import { quietLog } from '../support/cadence-ledger.js';
import { startFakeTeams, type FakeTeams, type RecordedActivity } from '../support/fake-teams.js';
import { installationUpdate, personalChat, teamsIds, type TeamsPerson } from '../support/fake-teams-activities.js';
import { post } from '../support/http.js';
import { memoryChatMessages, type MemoryChatMessages } from '../support/memory-chat-messages.js';
import { teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// A customer's reply goes in the reply chain of its invoice's card: the real CloudAdapter posts proactively to a
// local Bot Connector (test/support/fake-teams.ts), which records the conversation id and the activity each post
// replies to. Conversations are installed over HTTP as Teams does it; which card is where is kept by the
// chat_messages port in memory (its Postgres side, thread_ref, is tested with the Postgres adapter).

const now = new Date('2026-03-20T10:00:00Z');
const owner: TeamsPerson = { id: '29:1threads00000000000000000000000000000000001', aadObjectId: '00000001-aaaa-4bbb-8ccc-000000000001', name: 'Ana Costa', email: ana.email };

let db: TestDb;
let fake: FakeTeams;
let http: HttpServer;
let teams: TeamsAdapter;
let posted: MemoryChatMessages;
let publisher: ChatPublisher;
let surface: ChatSurface;

const cardText = (a: RecordedActivity) => JSON.stringify(a.activity.attachments?.[0]?.content ?? a.activity.text);
const calls = (from: number) => fake.activities.slice(from).map((a) => [a.method, a.conversationId, a.activityId]);
const refOf = async (s: SubjectRef, conversation: string) => (await posted.messagesOf('teams', s)).find((m) => m.channel === conversation);

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeTeams();
  posted = memoryChatMessages();
  const deps = { ...teamsDepsOn(db.sql, { now: () => now, zone: 'Europe/Paris' }), messages: posted };
  teams = createTeamsAdapter({ appType: 'MultiTenant', local: true, throttle: { attempts: 2, maxWaitMs: 500 } }, deps);
  http = createHttpServer(teams.routes, quietLog);
  const base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  for (const conversationId of [teamsIds.salesChannel, personalChat(owner)]) {
    const r = await post(`${base}/api/messages`, JSON.stringify(installationUpdate(owner, { serviceUrl: fake.serviceUrl, conversationId })));
    expect(r.status).toBeLessThan(300);
  }
  publisher = teamsAlertPublisher(deps.core.people, teams.messages);
  surface = teamsSurface(teams.messages, deps.core);
});
afterAll(async () => {
  await http?.close();
  await fake?.close();
  await db?.close();
});

/** An invoice's card and a reply to it, with ids of their own per test so that conversations do not share cards. */
function scenario(n: number) {
  const inv = invoice({ invoiceId: String(1000 + n), number: `INV-T${n}` });
  const parent: ThreadParent = { subject: subject('invoice', BigInt(1000 + n)), view: { kind: 'invoice_overdue', invoice: inv, owner: ana } };
  const view = (over: Partial<ReplyFacts> = {}): AlertView =>
    ({ kind: 'customer_reply', reply: reply({ replyId: String(900 + n), invoice: inv, ...over }), owner: ana, thread: parent });
  return { parent, replySubject: subject('reply', BigInt(900 + n)), view };
}

let n = 0;

describe.each([
  ['a channel', teamsIds.salesChannel, true],
  ['a personal chat', personalChat(owner), false],
])('a customer reply in %s', (_where, conversation, isChannel) => {
  /** Where a post in the chain of `parentId` goes: the thread's conversation id in a channel; chats have no threads. */
  const chain = (parentId: string) => (isChannel ? `${conversation};messageid=${parentId}` : conversation);

  it('posts its invoice\'s card first, then the reply in that card\'s chain; a second publish updates both in place', async () => {
    const { parent, replySubject, view } = scenario(++n);
    const mark = fake.activities.length;
    await publisher.publish(replySubject, conversation, view(), null);
    const parentId = (await refOf(parent.subject, conversation))!.ref;
    const replyId = (await refOf(replySubject, conversation))!.ref;
    expect(calls(mark)).toEqual([['POST', conversation, null], ['POST', chain(parentId), parentId]]);
    const [parentPost, replyPost] = fake.activities.slice(mark);
    expect(cardText(parentPost!)).toContain(`INV-T${n}`);
    expect(cardText(parentPost!)).not.toContain('Reply from');
    expect(cardText(replyPost!)).toContain('Reply from Northwind Traders');
    expect(replyPost!.activity.replyToId).toBe(parentId);
    // Remembered under the conversation itself, with its parent: a click in the thread finds the reply.
    expect(await refOf(replySubject, conversation)).toEqual({ channel: conversation, ref: replyId, thread: parentId });
    expect(await posted.subjectOf('teams', baseConversationId(chain(parentId)), replyId)).toEqual(replySubject);

    const again = fake.activities.length;
    await publisher.publish(replySubject, conversation, view({ handled: { how: 'done', by: 'Ana Costa', at: '2026-03-20 11:00' } }), null);
    expect(calls(again)).toEqual([['PUT', conversation, parentId], ['PUT', chain(parentId), replyId]]);
    expect(cardText(fake.activities.at(-1)!)).toContain('Ana Costa marked it done');
    expect((await refOf(replySubject, conversation))!.ref).toBe(replyId);
  });

  it('goes under the invoice card already there, without posting it again', async () => {
    const { parent, replySubject, view } = scenario(++n);
    await publisher.publish(parent.subject, conversation, parent.view, null);
    const parentId = (await refOf(parent.subject, conversation))!.ref;
    const mark = fake.activities.length;
    await publisher.publish(replySubject, conversation, view(), null);
    expect(calls(mark)).toEqual([['PUT', conversation, parentId], ['POST', chain(parentId), parentId]]);
  });

  it('redraws the reply in its thread and posts the line about it in the invoice card\'s chain', async () => {
    const { parent, replySubject, view } = scenario(++n);
    await publisher.publish(replySubject, conversation, view(), null);
    const parentId = (await refOf(parent.subject, conversation))!.ref;
    const replyId = (await refOf(replySubject, conversation))!.ref;
    const mark = fake.activities.length;
    await surface.redraw(replySubject, view({ pausedUntil: null, handled: { how: 'resumed', by: 'Ana Costa', at: '2026-03-20 11:00' } }), 'Ana Costa resumed *reminders*');
    expect(calls(mark)).toEqual([['PUT', chain(parentId), replyId], ['POST', chain(parentId), parentId]]);
    const line = fake.activities.at(-1)!;
    expect(line.activity.replyToId).toBe(parentId);
    expect(line.activity.text).toBe('Ana Costa resumed ∗reminders∗');
  });

  it('posts the reply again in the chain when someone deleted it', async () => {
    const { parent, replySubject, view } = scenario(++n);
    await publisher.publish(replySubject, conversation, view(), null);
    const parentId = (await refOf(parent.subject, conversation))!.ref;
    fake.deleteActivity((await refOf(replySubject, conversation))!.ref);
    const mark = fake.activities.length;
    await publisher.publish(replySubject, conversation, view(), null);
    expect(calls(mark)).toEqual([['PUT', conversation, parentId], ['POST', chain(parentId), parentId]]);
    const reposted = await refOf(replySubject, conversation);
    expect(reposted).toEqual({ channel: conversation, ref: expect.not.stringMatching(`^${parentId}$`), thread: parentId });
  });
});

describe('a reply on its own (no invoice)', () => {
  it('is posted on its own, and its lines go under it', async () => {
    const replySubject = subject('reply', 999n);
    const view: AlertView = { kind: 'customer_reply', reply: reply({ replyId: '999', invoice: null, invoiceNumbers: [] }), owner: ana, thread: null };
    const mark = fake.activities.length;
    await publisher.publish(replySubject, teamsIds.salesChannel, view, null);
    const replyId = (await refOf(replySubject, teamsIds.salesChannel))!.ref;
    await surface.redraw(replySubject, view, 'Ana Costa answered');
    expect(calls(mark)).toEqual([
      ['POST', teamsIds.salesChannel, null],
      ['PUT', teamsIds.salesChannel, replyId],
      ['POST', `${teamsIds.salesChannel};messageid=${replyId}`, replyId],
    ]);
    expect(await refOf(replySubject, teamsIds.salesChannel)).toEqual({ channel: teamsIds.salesChannel, ref: replyId, thread: null });
  });
});
