import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, HTTPReceiverDeferredRequestError, LogLevel, verifySlackRequest } from '@slack/bolt';
import { ErrorCode, WebClient, WebClientEvent } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { delayed, httpError, ratelimited, slackError, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import {
  appHomeOpenedEvent, blockActionsBody, postToSlackEndpoint, signSlackRequest, slackTestIds, slashCommandBody,
  stateValue, urlVerificationBody, viewSubmissionBody,
} from '../support/slack-requests.js';

const secret = slackTestIds.signingSecret;
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = {
  type: 'modal', callback_id: 'promise_to_pay', private_metadata: '{"invoiceId":"42"}',
  title: { type: 'plain_text', text: 'Promise to pay' }, submit: { type: 'plain_text', text: 'Save' },
  blocks: [{ type: 'input', block_id: 'date', label: { type: 'plain_text', text: 'Date' }, element: { type: 'datepicker', action_id: 'value' } }],
};

let fake: FakeSlack;

beforeAll(async () => {
  fake = await startFakeSlack({ users: [{ id: 'U0ANA', email: 'ana@northwind.example', name: 'ana', realName: 'Ana Lima', tz: 'Europe/Lisbon' }] });
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

/**
 * A real Web API client pointed at the fake. No retries unless a test asks (the default policy retries
 * 5xx and network errors ten times over ~30 minutes); silent, because it logs Slack's `[ERROR]` metadata.
 */
function webClient(options: ConstructorParameters<typeof WebClient>[1] = {}) {
  return new WebClient(fake.token, { slackApiUrl: fake.apiUrl, logger: silentLogger(), retryConfig: { retries: 0 }, ...options });
}

describe('the fake Web API, driven by a real @slack/web-api WebClient', () => {
  it('receives chat.postMessage form-encoded with JSON-encoded blocks and a Bearer token, and answers like Slack', async () => {
    const blocks = [section('*Acme* is 12 days overdue')];
    const result = await webClient().chat.postMessage({ channel: 'C0SALES', text: 'Acme overdue', blocks });

    expect(result).toMatchObject({ ok: true, channel: 'C0SALES', message: { text: 'Acme overdue', bot_id: 'B1', user: 'U0BOT', blocks } });
    expect(result.ts).toMatch(/^\d{10}\.\d{6}$/);
    const [call] = fake.calls('chat.postMessage');
    expect(call!.contentType).toBe('application/x-www-form-urlencoded');
    expect(call!.headers.authorization).toBe('Bearer xoxb-test');
    expect(new URLSearchParams(call!.rawBody).get('blocks')).toBe(JSON.stringify(blocks));
    expect(call!.args.blocks).toEqual(blocks);
    expect(fake.lastMessage('C0SALES')).toMatchObject({ ts: result.ts, text: 'Acme overdue', blocks, updates: 0 });
  });

  it('keeps threads: replies land under the parent, which counts them', async () => {
    const client = webClient();
    const parent = await client.chat.postMessage({ channel: 'C0SALES', text: 'dispute #7' });
    const reply = await client.chat.postMessage({ channel: 'C0SALES', thread_ts: parent.ts!, text: '@ana claimed this' });

    expect(reply.message).toMatchObject({ thread_ts: parent.ts });
    expect(fake.messages('C0SALES').map((m) => m.text)).toEqual(['dispute #7']);
    expect(fake.replies('C0SALES', parent.ts!).map((m) => m.text)).toEqual(['@ana claimed this']);
    expect(fake.message('C0SALES', parent.ts!)!.replyCount).toBe(1);
  });

  it('updates a message in place, and answers message_not_found once it is deleted', async () => {
    const client = webClient();
    const posted = await client.chat.postMessage({ channel: 'C0SALES', text: 'open' });
    await client.chat.update({ channel: 'C0SALES', ts: posted.ts!, text: 'claimed by @ana' });
    expect(fake.message('C0SALES', posted.ts!)).toMatchObject({ text: 'claimed by @ana', updates: 1 });

    fake.deleteMessage('C0SALES', posted.ts!);
    const error = await client.chat.update({ channel: 'C0SALES', ts: posted.ts!, text: 'again' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.PlatformError, data: { ok: false, error: 'message_not_found' } });
    expect(fake.messages('C0SALES')).toEqual([]);
  });

  it('answers HTTP 429 with Retry-After, and the WebClient (default retry policy) waits and retries by itself', async () => {
    fake.enqueue('chat.postMessage', ratelimited(1));
    // The default policy: Retry-After, then p-retry's own backoff (about 1-2 s more) before the second try.
    const client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl, logger: silentLogger() });
    const limited: number[] = [];
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => limited.push(seconds));

    const started = Date.now();
    const result = await client.chat.postMessage({ channel: 'C0SALES', text: 'after the limit' });

    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(limited).toEqual([1]);
    expect(fake.calls('chat.postMessage').map((c) => [c.status, c.response.error])).toEqual([[429, 'ratelimited'], [200, undefined]]);
    expect(fake.messages('C0SALES')).toHaveLength(1);
  });

  it('surfaces 429 as a WebAPIRateLimitedError when the client is told to reject rate-limited calls', async () => {
    fake.enqueue('chat.postMessage', ratelimited(7));
    const error = await webClient({ rejectRateLimitedCalls: true }).chat.postMessage({ channel: 'C0SALES', text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    expect(fake.messages('C0SALES')).toEqual([]);
  });

  it('scripts HTTP 500 (which the WebClient retries under its retry policy) and platform errors', async () => {
    fake.enqueue('chat.postMessage', httpError(500), slackError('channel_not_found'));
    const http = await webClient().chat.postMessage({ channel: 'C0SALES', text: 'x' }).catch((e: unknown) => e);
    expect(http).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
    const platform = await webClient().chat.postMessage({ channel: 'C0SALES', text: 'x' }).catch((e: unknown) => e);
    expect(platform).toMatchObject({ code: ErrorCode.PlatformError, data: { error: 'channel_not_found' } });

    fake.enqueue('chat.postMessage', httpError(503));
    const retried = await webClient({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } })
      .chat.postMessage({ channel: 'C0SALES', text: 'second try' });
    expect(retried.ok).toBe(true);
    expect(fake.calls('chat.postMessage').map((c) => c.status)).toEqual([500, 200, 503, 200]);
  });

  it('refuses a wrong token, unknown channels, and blocks over Block Kit limits', async () => {
    const wrong = await new WebClient('xoxb-wrong', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } })
      .auth.test().catch((e: unknown) => e);
    expect(wrong).toMatchObject({ data: { error: 'invalid_auth' } });
    const unknown = await webClient().chat.postMessage({ channel: '#finance', text: 'x' }).catch((e: unknown) => e);
    expect(unknown).toMatchObject({ data: { error: 'channel_not_found' } });

    const tooMany = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    const invalid = await webClient().chat.postMessage({ channel: 'C0SALES', text: 'x', blocks: tooMany }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ data: { error: 'invalid_blocks', errors: ['no more than 50 items allowed [json-pointer:/blocks]'] } });
    const long = await webClient().chat.postMessage({ channel: 'C0SALES', text: 'x', blocks: [section('é'.repeat(3001))] }).catch((e: unknown) => e);
    expect(long).toMatchObject({ data: { errors: ['must be less than 3001 characters [json-pointer:/blocks/0/text/text]'] } });
  });

  it('opens, updates and publishes views, with single-use trigger ids and hash checks', async () => {
    const client = webClient();
    const opened = await client.views.open({ trigger_id: '123.456.abc', view: modal as never });
    const view = opened.view!;
    expect(view).toMatchObject({ type: 'modal', callback_id: 'promise_to_pay', private_metadata: '{"invoiceId":"42"}', root_view_id: view.id });
    expect(view.id).toMatch(/^V[A-Z0-9]+$/);
    expect(fake.calls('views.open')[0]!.args.view).toEqual(modal);

    const reused = await client.views.open({ trigger_id: '123.456.abc', view: modal as never }).catch((e: unknown) => e);
    expect(reused).toMatchObject({ data: { error: 'exchanged_trigger_id' } });
    const updated = await client.views.update({ view_id: view.id!, hash: view.hash!, view: { ...modal, title: { type: 'plain_text', text: 'Saved' } } as never });
    expect(updated.view!.hash).not.toBe(view.hash);
    const stale = await client.views.update({ view_id: view.id!, hash: view.hash!, view: modal as never }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ data: { error: 'hash_conflict' } });

    await client.views.publish({ user_id: 'U0ANA', view: { type: 'home', blocks: [section('My queue')] } });
    expect(fake.homeView('U0ANA')!.view).toMatchObject({ type: 'home', blocks: [{ text: { text: 'My queue' } }] });
  });

  it('looks users up by email, opens DMs, posts ephemerals, and knows itself', async () => {
    const client = webClient();
    const found = await client.users.lookupByEmail({ email: 'Ana@Northwind.example' });
    expect(found.user).toMatchObject({ id: 'U0ANA', real_name: 'Ana Lima', tz: 'Europe/Lisbon', profile: { email: 'ana@northwind.example' } });
    const missing = await client.users.lookupByEmail({ email: 'nobody@northwind.example' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ data: { error: 'users_not_found' } });
    expect((await client.users.info({ user: 'U0ANA' })).user!.name).toBe('ana');

    const dm = await client.conversations.open({ users: 'U0ANA' });
    expect(dm.channel!.id).toBe('D0ANA');
    const toUser = await client.chat.postMessage({ channel: 'U0ANA', text: 'your approval is needed' });
    expect(toUser.channel).toBe('D0ANA');
    const eph = await client.chat.postEphemeral({ channel: 'C0SALES', user: 'U0ANA', text: 'already claimed by @bob' });
    expect(eph.message_ts).toMatch(/^\d+\.\d+$/);
    expect(fake.ephemerals('C0SALES')).toMatchObject([{ user: 'U0ANA', text: 'already claimed by @bob' }]);
    expect(await client.auth.test()).toMatchObject({ ok: true, user_id: 'U0BOT', bot_id: 'B1', team_id: slackTestIds.teamId });
  });

  it('accepts JSON bodies too, and waitFor resolves once the calls arrive', async () => {
    const waiting = fake.waitFor('chat.postMessage', 2, 2000);
    for (const text of ['one', 'two']) {
      await fetch(`${fake.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${fake.token}` },
        body: JSON.stringify({ channel: 'C0SALES', text, blocks: [section(text)] }),
      });
    }
    const calls = await waiting;
    expect(calls.map((c) => c.args.blocks[0].text.text)).toEqual(['one', 'two']);
    await expect(fake.waitFor('chat.delete', 1, 50)).rejects.toThrow(/expected 1 chat.delete call\(s\) within 50 ms, got 0/);
  });

  it('records response_url posts and applies replace_original to the message the URL belongs to', async () => {
    const posted = await webClient().chat.postMessage({ channel: 'C0SALES', text: 'open' });
    const url = fake.responseUrl({ channel: 'C0SALES', messageTs: posted.ts!, userId: 'U0ANA' });
    const post = (body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    expect((await post({ text: 'only you can see this' })).status).toBe(200);
    expect((await post({ replace_original: true, text: 'claimed' })).status).toBe(200);
    expect(fake.responses().map((r) => r.args)).toEqual([{ text: 'only you can see this' }, { replace_original: true, text: 'claimed' }]);
    expect(fake.ephemerals('C0SALES')).toMatchObject([{ user: 'U0ANA', text: 'only you can see this', source: 'response_url' }]);
    expect(fake.message('C0SALES', posted.ts!)!.text).toBe('claimed');
  });
});

/** Everything the listeners saw, for routing assertions. */
interface Seen {
  kind: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- Slack payloads, asserted by each test
  retryNum?: number | undefined;
  retryReason?: string | undefined;
}

/** A minimal real Bolt app: one listener per surface, each calling the Web API. */
function buildApp(receiverOptions: Partial<ConstructorParameters<typeof HTTPReceiver>[0]> = {}) {
  const seen: Seen[] = [];
  const receiver = new HTTPReceiver({
    signingSecret: secret, processBeforeResponse: true, endpoints: '/slack/events', logLevel: LogLevel.ERROR, ...receiverOptions,
  });
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: slackTestIds.botToken, botId: slackTestIds.botId, botUserId: slackTestIds.botUserId }),
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
  });
  app.command('/dso', async ({ ack, command, client, respond }) => {
    await ack();
    seen.push({ kind: 'command', body: command });
    await client.chat.postMessage({ channel: command.channel_id, text: `DSO ${command.text}` });
    await respond({ response_type: 'ephemeral', text: 'DSO is 41 days' });
  });
  app.command('/ar', async ({ ack, command, client }) => {
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view: modal as never });
  });
  app.action({ type: 'block_actions', action_id: 'claim' }, async ({ ack, body, action, client }) => {
    await ack();
    seen.push({ kind: 'claim', body: { body, action } });
    await client.chat.update({ channel: body.channel!.id, ts: body.message!.ts, text: `claimed by <@${body.user.id}>` });
  });
  app.action({ type: 'block_actions', action_id: 'status' }, async ({ ack, action }) => {
    await ack();
    seen.push({ kind: 'status', body: action });
  });
  app.view('promise_to_pay', async ({ ack, view, body, client }) => {
    const date = view.state.values.date?.value?.selected_date;
    if (!date) return void await ack({ response_action: 'errors', errors: { date: 'Pick a date' } });
    await ack();
    seen.push({ kind: 'view', body });
    await client.chat.postMessage({ channel: 'C0SALES', text: `promise to pay on ${date}` });
  });
  app.event('app_home_opened', async ({ event, client, context }) => {
    seen.push({ kind: 'home', body: event, retryNum: context.retryNum, retryReason: context.retryReason });
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [section('My queue')] } });
  });
  return { app, receiver, seen };
}

describe('signed requests, accepted by a real Bolt app on HTTPReceiver', () => {
  let bolt: ReturnType<typeof buildApp>;
  let base: string;
  const post = (body: string, options: Partial<Parameters<typeof postToSlackEndpoint>[2]> = {}) =>
    postToSlackEndpoint(base, body, { secret, ...options });

  beforeAll(async () => {
    bolt = buildApp();
    const server = (await bolt.app.start(0)) as Server;
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await bolt.app.stop();
  });
  afterEach(() => void (bolt.seen.length = 0));

  it('routes a slash command to its listener, whose Web API call and respond() reach the fake before the 200', async () => {
    const responseUrl = fake.responseUrl({ channel: 'C0FINANCE', userId: 'U0ANA' });
    const res = await post(slashCommandBody({ command: '/dso', text: '2024-06-30 top', channelId: 'C0FINANCE', responseUrl }));

    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(bolt.seen).toMatchObject([{ kind: 'command', body: { command: '/dso', text: '2024-06-30 top', user_id: 'U0ANA', team_id: slackTestIds.teamId } }]);
    const [call] = fake.calls('chat.postMessage');
    expect(call).toMatchObject({ token: 'xoxb-test', contentType: 'application/x-www-form-urlencoded' });
    // Bolt's per-team client adds the team_id of the request to every call.
    expect(call!.args).toMatchObject({ channel: 'C0FINANCE', text: 'DSO 2024-06-30 top', team_id: slackTestIds.teamId });
    expect(fake.responses()).toMatchObject([{ args: { response_type: 'ephemeral', text: 'DSO is 41 days' }, contentType: 'application/json' }]);
  });

  it('routes a button click on a posted message, and its chat.update changes that message', async () => {
    const posted = await webClient().chat.postMessage({ channel: 'C0SALES', text: 'dispute #7', blocks: [section('dispute #7')] });
    const message = fake.message('C0SALES', posted.ts!)!;
    const res = await post(blockActionsBody({
      channelId: 'C0SALES', message: { ts: message.ts, text: message.text, blocks: message.blocks! }, userId: 'U0ANA',
      responseUrl: fake.responseUrl({ channel: 'C0SALES', messageTs: message.ts }),
      actions: [{ type: 'button', actionId: 'claim', blockId: 'dispute:7', value: '{"disputeId":7}', text: 'Claim' }],
    }));

    expect(res.status).toBe(200);
    expect(bolt.seen).toMatchObject([{ kind: 'claim', body: { action: { type: 'button', action_id: 'claim', value: '{"disputeId":7}' } } }]);
    expect(fake.message('C0SALES', posted.ts!)!.text).toBe('claimed by <@U0ANA>');
  });

  it('routes a static select by action id with the selected option', async () => {
    const res = await post(blockActionsBody({
      actions: [{ type: 'static_select', actionId: 'status', blockId: 'dispute:7', selected: { value: 'awaiting_client', text: 'Awaiting client' } }],
    }));
    expect(res.status).toBe(200);
    expect(bolt.seen).toMatchObject([{ kind: 'status', body: { selected_option: { value: 'awaiting_client' } } }]);
  });

  it('routes a view submission of the modal views.open returned, and returns ack errors in the HTTP body', async () => {
    expect((await post(slashCommandBody({ command: '/ar', text: 'Acme' }))).status).toBe(200);
    const view = fake.calls('views.open')[0]!.response.view;

    const invalid = await post(viewSubmissionBody({ callbackId: 'promise_to_pay', view, values: { date: { value: stateValue.datepicker(null) } } }));
    expect(invalid.status).toBe(200);
    expect(invalid.json).toEqual({ response_action: 'errors', errors: { date: 'Pick a date' } });

    const res = await post(viewSubmissionBody({ callbackId: 'promise_to_pay', view, values: { date: { value: stateValue.datepicker('2024-07-15') } } }));
    expect(res.status).toBe(200);
    expect(bolt.seen).toMatchObject([{ kind: 'view', body: { type: 'view_submission', view: { id: view.id, private_metadata: '{"invoiceId":"42"}' } } }]);
    expect(fake.lastMessage('C0SALES')!.text).toBe('promise to pay on 2024-07-15');
  });

  it('routes app_home_opened and passes Slack retry headers through as context.retryNum / retryReason', async () => {
    const res = await post(appHomeOpenedEvent({ userId: 'U0ANA' }), { retryNum: 1, retryReason: 'http_timeout' });
    expect(res.status).toBe(200);
    expect(bolt.seen).toMatchObject([{ kind: 'home', body: { type: 'app_home_opened', user: 'U0ANA', tab: 'home' }, retryNum: 1, retryReason: 'http_timeout' }]);
    expect(fake.homeView('U0ANA')).toBeDefined();
  });

  it('answers the url_verification challenge', async () => {
    const res = await post(urlVerificationBody('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'));
    expect(res).toMatchObject({ status: 200, json: { challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' } });
  });

  it.each([
    ['a bad signature', { signature: 'v0=0000000000000000000000000000000000000000000000000000000000000000' }],
    ['another secret', { secret: 'not-the-signing-secret' }],
    ['a timestamp six minutes old', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('refuses %s with 401 and runs no listener', async (_, options) => {
    const res = await post(slashCommandBody({ command: '/dso' }), options);
    expect(res.status).toBe(401);
    expect(bolt.seen).toEqual([]);
    expect(fake.calls()).toEqual([]);
  });

  it('accepts a timestamp four minutes old, and refuses a body without signature headers', async () => {
    const ok = await post(slashCommandBody({ command: '/dso', responseUrl: fake.responseUrl() }), { timestamp: Math.floor(Date.now() / 1000) - 4 * 60 });
    expect(ok.status).toBe(200);
    const unsigned = await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: slashCommandBody({ command: '/dso' }) });
    expect(unsigned.status).toBe(401);
  });

  it('parses form bodies only under the exact content type Slack sends (a charset suffix is a 400)', async () => {
    const body = slashCommandBody({ command: '/dso' });
    const headers = { ...signSlackRequest(body, secret), 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
    const res = await fetch(`${base}/slack/events`, { method: 'POST', headers, body });
    expect(res.status).toBe(400);
  });

  it('with processBeforeResponse, holds the HTTP answer until the listener has finished its Web API calls', async () => {
    fake.enqueue('chat.postMessage', delayed(400));
    const started = Date.now();
    const res = await post(slashCommandBody({ command: '/dso', responseUrl: fake.responseUrl() }));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });
});

describe('Bolt behaviours arbot relies on', () => {
  it('without processBeforeResponse, answers at ack() while the listener goes on', async () => {
    const { app, receiver } = buildApp({ processBeforeResponse: false });
    const server = (await app.start(0)) as Server;
    try {
      fake.enqueue('chat.postMessage', delayed(1000));
      const started = Date.now();
      const res = await postToSlackEndpoint(`http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        slashCommandBody({ command: '/dso', responseUrl: fake.responseUrl() }), { secret });
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(fake.responses()).toEqual([]);
      await fake.waitFor('response_url', 1, 3000);
    } finally {
      await receiver.stop();
    }
  });

  it('answers 404 when no listener acks in time (unhandledRequestTimeoutMillis, 3001 ms by default)', async () => {
    const { app } = buildApp({ unhandledRequestTimeoutMillis: 200, logger: silentLogger() });
    const server = (await app.start(0)) as Server;
    try {
      const res = await postToSlackEndpoint(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, slashCommandBody({ command: '/unknown' }), { secret });
      expect(res.status).toBe(404);
    } finally {
      await app.stop();
    }
  });

  it('mounts HTTPReceiver.requestListener on an existing node:http server beside other routes', async () => {
    const { receiver, seen } = buildApp();
    // App's constructor calls receiver.init(app); requestListener then works without receiver.start().
    const server = createServer((req, res) => {
      if (req.url === '/healthz') return void res.writeHead(200).end('ok');
      try {
        receiver.requestListener(req, res);
      } catch (error) {
        // Thrown synchronously for paths Bolt does not own, so the host server can route them elsewhere.
        if (!(error instanceof HTTPReceiverDeferredRequestError)) throw error;
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
      const res = await postToSlackEndpoint(base, slashCommandBody({ command: '/dso', responseUrl: fake.responseUrl() }), { secret });
      expect(res.status).toBe(200);
      expect(seen).toMatchObject([{ kind: 'command' }]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('request signing', () => {
  const vector = JSON.parse(readFileSync(new URL('../fixtures/slack/request_signing_test_vector.json', import.meta.url), 'utf8')) as {
    signing_secret: string; timestamp: string; body: string; expected_signature: string;
  };

  it("matches Slack's documented test vector exactly (pinned timestamp)", () => {
    const headers = signSlackRequest(vector.body, vector.signing_secret, Number(vector.timestamp));
    expect(headers).toEqual({
      'x-slack-request-timestamp': '1531420618',
      'x-slack-signature': vector.expected_signature,
      'content-type': 'application/x-www-form-urlencoded',
    });
    // Bolt's own verifier agrees, with its clock pinned to the vector's instant.
    expect(() => verifySlackRequest({
      signingSecret: vector.signing_secret, body: vector.body, nowMilliseconds: 1531420618_000,
      headers: { 'x-slack-signature': headers['x-slack-signature'], 'x-slack-request-timestamp': 1531420618 },
    })).not.toThrow();
  });

  it("encodes slash commands like Slack: the vector's fields re-encoded give its body byte for byte", () => {
    const captured = readFileSync(new URL('../fixtures/slack/slash_command_signed_example.body.txt', import.meta.url), 'utf8').trim();
    expect(captured).toBe(vector.body);
    const fields = new URLSearchParams(captured);
    expect(new URLSearchParams([...fields]).toString()).toBe(captured);
    const body = new URLSearchParams(slashCommandBody({ command: '/webhook-collect', text: 'Acme & Co 50%' }));
    // Same fields in the same order, plus the two Slack has added since (api_app_id, is_enterprise_install).
    expect([...body.keys()]).toEqual([...fields.keys()].flatMap((k) => (k === 'response_url' ? ['api_app_id', 'is_enterprise_install', k] : [k])));
    expect(body.get('text')).toBe('Acme & Co 50%');
  });
});

function silentLogger() {
  const noop = () => {};
  return { debug: noop, info: noop, warn: noop, error: noop, setLevel: noop, getLevel: () => LogLevel.ERROR, setName: noop };
}
