import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackEmulator, type SlackEmulator } from '../../adapters/local/slack-emulator/emulator.js';
import { postgresLocalSlackStore } from '../../adapters/postgres/local-slack-store.js';
import type { SlackEmulatorStore } from '../../src/ports/local-slack-store.js';
import { MemorySlackStore } from '../support/memory-slack-store.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The Slack emulator behaves the same over both of its stores: Postgres (the local workspace) and memory (the
// tests' fake Slack). The same conversation is played against each and must end the same way.

const token = 'xoxb-emulator';
let db: TestDb;

beforeAll(async () => {
  db = await openTestDb({ max: 2 });
});
afterAll(async () => {
  await db?.close();
});

function emulatorOver(store: SlackEmulatorStore): SlackEmulator {
  return createSlackEmulator({
    identity: { teamId: 'T1', teamName: 'emulator', appId: 'A1', botUserId: 'UBOT', botId: 'B1' },
    tokens: [token],
    validateBlocks: true,
    now: () => new Date('2026-03-10T15:00:00Z'),
    store,
    profile: {
      users: async () => [{ id: 'U0ANA', email: 'ana@northwind.example', name: 'ana', realName: 'Ana Lima' }],
      resolveChannel: async (c) => (c.startsWith('U') ? `D${c.slice(1)}` : /^[CD][A-Z0-9]+$/.test(c) ? c : null),
      canAddress: async (u) => u === 'U0ANA',
      userOfTrigger: (t) => /^\d+\.(U\w+)$/.exec(t)?.[1] ?? null,
      permalink: (c, ts) => `https://emulator.example/${c}/${ts}`,
      workspaceUrl: () => 'https://emulator.example/',
    },
  });
}

const stores: [string, () => SlackEmulatorStore][] = [
  ['memory', () => new MemorySlackStore('UBOT', 'B1')],
  ['postgres', () => postgresLocalSlackStore(db.sql)],
];
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Claim' }, value: '7' }] };
/** The ts the emulator mints after `ts` (one counter, a fixed clock). */
const followingTs = (ts: string) => ts.replace(/\d+$/, (n) => String(Number(n) + 1).padStart(6, '0'));
const modal = (title: string) => ({ type: 'modal', title: { type: 'plain_text', text: title }, blocks: [section(title)] });

describe.each(stores)('the Slack emulator over the %s store', (_name, makeStore) => {
  let slack: SlackEmulator;
  const call = (method: string, args: Record<string, unknown>) => slack.call(method, args, token);
  beforeAll(() => {
    slack = emulatorOver(makeStore());
  });

  it('posts, threads a reply to a reply under the parent, keeps blocks an update leaves out, and fills in Slack ids', async () => {
    const parent = await call('chat.postMessage', { channel: 'C0SALES', text: 'dispute #7', blocks: [section('dispute #7'), button] });
    expect(parent).toMatchObject({ ok: true, channel: 'C0SALES', message: { user: 'UBOT', bot_id: 'B1' } });
    expect(parent.message.blocks[1].elements[0].action_id).toEqual(expect.any(String));
    const reply = await call('chat.postMessage', { channel: 'C0SALES', text: 'claimed', thread_ts: parent.ts });
    const nested = await call('chat.postMessage', { channel: 'C0SALES', text: 'again', thread_ts: reply.ts });
    expect(nested.message.thread_ts).toBe(parent.ts);
    expect(await call('chat.update', { channel: 'C0SALES', ts: parent.ts, text: 'claimed by ana' })).toMatchObject({ ok: true, message: { edited: {} } });
    expect(await slack.store.findMessage('C0SALES', parent.ts)).toMatchObject({ text: 'claimed by ana', blocks: [{ type: 'section' }, { type: 'actions' }] });
    expect(await call('chat.delete', { channel: 'C0SALES', ts: reply.ts })).toMatchObject({ ok: true });
    expect(await slack.store.findMessage('C0SALES', reply.ts)).toBeNull();
  });

  it('refuses what Slack refuses: unknown channels, empty messages, blocks over limits, updates of ephemerals', async () => {
    expect(await call('chat.postMessage', { channel: 'nope!', text: 'x' })).toMatchObject({ ok: false, error: 'channel_not_found' });
    expect(await call('chat.postMessage', { channel: 'C0SALES', text: '' })).toMatchObject({ ok: false, error: 'no_text' });
    const tooMany = await call('chat.postMessage', { channel: 'C0SALES', blocks: Array.from({ length: 51 }, () => section('x')) });
    expect(tooMany).toMatchObject({ ok: false, error: 'invalid_blocks', errors: ['no more than 50 items allowed [json-pointer:/blocks]'] });
    expect(await call('chat.postEphemeral', { channel: 'C0SALES', user: 'U0BOB', text: 'x' })).toMatchObject({ error: 'user_not_in_channel' });
    const eph = await call('chat.postEphemeral', { channel: 'C0SALES', user: 'U0ANA', text: 'only you' });
    expect(await call('chat.update', { channel: 'C0SALES', ts: eph.message_ts, text: 'x' })).toMatchObject({ error: 'message_not_found' });
    expect(await slack.call('auth.test', {}, 'xoxb-wrong')).toMatchObject({ ok: false, error: 'invalid_auth' });
  });

  it('answers a response_url: an ephemeral under the clicked card, replace_original on it, five uses at most', async () => {
    const card = await call('chat.postMessage', { channel: 'C0SALES', text: 'card' });
    const id = slack.mintResponseUrl({ channel: 'C0SALES', userId: 'U0ANA', messageTs: card.ts, anchorTs: card.ts });
    const answerTs = followingTs(await slack.stamp());
    expect(await slack.respond(id, JSON.stringify({ text: 'only you can see this' }))).toEqual({ status: 200, body: { ok: true } });
    expect(await slack.store.findMessage('C0SALES', answerTs)).toMatchObject({ text: 'only you can see this', visibleTo: 'U0ANA', threadTs: card.ts });
    const onEphemeral = slack.mintResponseUrl({ channel: 'C0SALES', userId: 'U0ANA', messageTs: answerTs });
    await slack.respond(onEphemeral, JSON.stringify({ replace_original: true, text: 'done' }));
    expect(await slack.store.findMessage('C0SALES', answerTs)).toMatchObject({ text: 'done', visibleTo: 'U0ANA' });
    for (let i = 0; i < 4; i++) await slack.respond(id, '{}');
    expect(await slack.respond(id, '{}')).toMatchObject({ status: 404, body: { error: 'used_url' } });
    expect(await slack.respond('unknown', '{}')).toMatchObject({ status: 404, body: { error: 'expired_url' } });
  });

  it('stacks modals per user (three at most), checks hashes, and keeps one home tab per user', async () => {
    const root = await call('views.open', { trigger_id: '1.U0ANA', view: modal('Promise') });
    expect(await call('views.open', { trigger_id: '1.U0ANA', view: modal('Again') })).toMatchObject({ error: 'exchanged_trigger_id' });
    expect(await call('views.open', { trigger_id: 'no-user', view: modal('x') })).toMatchObject({ error: 'invalid_trigger_id' });
    await call('views.push', { trigger_id: '2.U0ANA', view: modal('Two') });
    const third = await call('views.push', { trigger_id: '3.U0ANA', view: modal('Three') });
    expect(third.view).toMatchObject({ root_view_id: root.view.id });
    expect(await call('views.push', { trigger_id: '4.U0ANA', view: modal('Four') })).toMatchObject({ error: 'push_limit_reached' });
    expect(await call('views.update', { view_id: root.view.id, hash: 'stale', view: modal('x') })).toMatchObject({ error: 'hash_conflict' });
    const fresh = await call('views.open', { trigger_id: '5.U0ANA', view: modal('Fresh') });
    expect(await slack.store.topModal('U0ANA')).toMatchObject({ id: fresh.view.id, depth: 0 });
    const home = await call('views.publish', { user_id: 'U0ANA', view: { type: 'home', blocks: [section('queue')] } });
    const again = await call('views.publish', { user_id: 'U0ANA', view: { type: 'home', blocks: [section('queue 2')] } });
    expect(again.view.id).toBe(home.view.id);
    expect(await call('views.publish', { user_id: 'U0BOB', view: { type: 'home', blocks: [] } })).toMatchObject({ error: 'user_not_found' });
  });
});
