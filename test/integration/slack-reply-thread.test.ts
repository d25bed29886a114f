import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresChatMessages } from '../../adapters/postgres/chat-messages.js';
import { postgresChatPeople } from '../../adapters/postgres/chat-people.js';
import { slackAlertPublisher } from '../../adapters/slack/slack-alert-publisher.js';
import { slackSurface } from '../../adapters/slack/slack-surface.js';
import type { SubjectRef } from '../../src/domain/subject.js';
import type { ChatMessages } from '../../src/ports/chat-messages.js';
import type { ChatPublisher } from '../../src/services/dispatch-alerts.js';
import { actionIds } from '../../src/views/control-ids.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { replyView } from '../blocks/slack/reply-fixtures.js';

// A customer's reply goes in the thread of its invoice's message: the parent first (updated where it is, posted
// where it is missing), then the reply under it, remembered with its thread (chat_messages.thread_ref) so an update
// changes it in place and a thread line about it lands in that same thread. Views are built by hand.

const replySubject: SubjectRef = { kind: 'reply', id: 9n };
const invoiceSubject: SubjectRef = { kind: 'invoice', id: 1042n };
let db: TestDb;
let fake: FakeSlack;
let client: WebClient;
let messages: ChatMessages;
let publisher: ChatPublisher;

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read blocks field by field
const actionIdsOf = (blocks: Json[] | undefined) => (blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e: Json) => e.action_id));
const posts = () => fake.calls('chat.postMessage').filter((c) => c.response.ok);

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeSlack();
  client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl });
  messages = postgresChatMessages(db.sql);
  publisher = slackAlertPublisher(client, messages, postgresChatPeople(db.sql), 'slack');
});
beforeEach(async () => {
  fake.reset();
  await db.sql`DELETE FROM chat_messages`;
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

describe('a customer reply published to Slack', () => {
  it('posts the invoice’s card first, then the reply in its thread, and remembers the thread', async () => {
    await publisher.publish(replySubject, 'C0ANA', replyView(), null);
    const [parent, ...others] = fake.messages('C0ANA');
    expect(others).toEqual([]);
    expect(actionIdsOf(parent!.blocks)).toContain(actionIds.snoozeDay);
    const [reply, ...more] = fake.replies('C0ANA', parent!.ts);
    expect(more).toEqual([]);
    expect(actionIdsOf(reply!.blocks)).toContain(actionIds.answerReply);
    expect(posts().map((c) => c.args.thread_ts)).toEqual([undefined, parent!.ts]);
    expect(await messages.messagesOf('slack', replySubject)).toEqual([{ channel: 'C0ANA', ref: reply!.ts, thread: parent!.ts }]);
    expect(await messages.messagesOf('slack', invoiceSubject)).toEqual([{ channel: 'C0ANA', ref: parent!.ts, thread: null }]);
  });

  it('updates both in place on the next publish: no new message anywhere', async () => {
    await publisher.publish(replySubject, 'C0ANA', replyView(), null);
    const parentTs = fake.messages('C0ANA')[0]!.ts;
    const replyTs = fake.replies('C0ANA', parentTs)[0]!.ts;
    await publisher.publish(replySubject, 'C0ANA', replyView({ handled: { how: 'done', by: 'Ana', at: '2026-03-12 10:00' } }), null);
    expect(posts()).toHaveLength(2);
    expect(fake.calls('chat.update').map((c) => c.args.ts)).toEqual([parentTs, replyTs]);
    expect(fake.replies('C0ANA', parentTs)).toHaveLength(1);
    expect(JSON.stringify(fake.message('C0ANA', replyTs)!.blocks)).toContain('marked it done');
    expect(actionIdsOf(fake.message('C0ANA', replyTs)!.blocks)).not.toContain(actionIds.replyDone);
  });

  it('goes under the card already in the channel, and posts the card where the channel lacks it', async () => {
    await publisher.publish(invoiceSubject, 'C0ANA', replyView().thread!.view, null);
    const cardTs = fake.messages('C0ANA')[0]!.ts;
    await publisher.publish(replySubject, 'C0ANA', replyView(), null);
    await publisher.publish(replySubject, 'C0DEV', replyView(), null);
    expect(fake.messages('C0ANA').map((m) => m.ts)).toEqual([cardTs]);
    expect(fake.replies('C0ANA', cardTs)).toHaveLength(1);
    const [devCard] = fake.messages('C0DEV');
    expect(fake.replies('C0DEV', devCard!.ts)).toHaveLength(1);
    expect((await messages.messagesOf('slack', replySubject)).map((m) => m.thread)).toEqual([cardTs, devCard!.ts]);
  });

  it('posts a reply with no invoice on its own', async () => {
    await publisher.publish(replySubject, 'C0ANA', replyView({ invoice: null }), null);
    expect(fake.messages('C0ANA')).toHaveLength(1);
    expect(await messages.messagesOf('slack', replySubject)).toEqual([{ channel: 'C0ANA', ref: fake.messages('C0ANA')[0]!.ts, thread: null }]);
  });
});

describe('a customer reply redrawn after an action', () => {
  it('is updated in place, and the action’s line goes in the invoice’s thread, never under the reply itself', async () => {
    await publisher.publish(replySubject, 'C0ANA', replyView(), null);
    const parentTs = fake.messages('C0ANA')[0]!.ts;
    const replyTs = fake.replies('C0ANA', parentTs)[0]!.ts;
    await slackSurface(client, messages, 'slack').redraw(replySubject, replyView({ handled: { how: 'answered', by: 'Ana', at: '2026-03-12 10:00' } }), 'Ana answered *Ann*');
    expect(fake.calls('chat.update').at(-1)!.args.ts).toBe(replyTs);
    const line = posts().at(-1)!;
    expect(line.args.thread_ts).toBe(parentTs);
    expect(fake.replies('C0ANA', parentTs).map((m) => m.text)).toEqual([expect.any(String), 'Ana answered \u2217Ann\u2217']);
  });

  it('posts a reply someone deleted again in the same thread, and the line after it', async () => {
    await publisher.publish(replySubject, 'C0ANA', replyView(), null);
    const parentTs = fake.messages('C0ANA')[0]!.ts;
    fake.deleteMessage('C0ANA', fake.replies('C0ANA', parentTs)[0]!.ts);
    await slackSurface(client, messages, 'slack').redraw(replySubject, replyView(), 'Ana resumed reminders');
    const [reposted, line] = fake.replies('C0ANA', parentTs);
    expect(actionIdsOf(reposted!.blocks)).toContain(actionIds.answerReply);
    expect(line!.text).toBe('Ana resumed reminders');
    expect(await messages.messagesOf('slack', replySubject)).toEqual([{ channel: 'C0ANA', ref: reposted!.ts, thread: parentTs }]);
  });
});
