import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-app.js';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { modalInputs } from '../../blocks/slack/modals.js';
import type { ChatAction } from '../../src/chat/chat-action.js';
import type { ChatCore } from '../../src/chat/chat-core.js';
import type { Outcome } from '../../src/chat/interaction.js';
import type { ChatMessages } from '../../src/ports/chat-messages.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { invoice } from '../blocks/slack/fixtures.js';
import { reply, replyView } from '../blocks/slack/reply-fixtures.js';
import { quietLog } from '../support/cadence-ledger.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { blockActionsBody, postToSlackEndpoint, slackTestIds, stateValue, viewSubmissionBody } from '../support/slack-requests.js';

// A customer reply's buttons and modals through the real Bolt app, signed HTTP and the fake Slack Web API. The core
// is a recording fake at its port (what it decides is tested with the core): this file holds what Slack's side
// does, decoding each click and submission into the right ChatAction and rendering the outcome the core returns.

const secret = slackTestIds.signingSecret;
const seen: ChatAction[] = [];
let answer: (a: ChatAction) => Outcome = () => ({ kind: 'done', subjects: [], thread: '' });
const core: ChatCore = {
  async handle(interaction) {
    seen.push(interaction.action);
    return answer(interaction.action);
  },
  async redraw() {},
  addSurface() {},
  views: null as never, people: null as never, log: quietLog, now: () => new Date('2026-03-12T10:00:00Z'), zone: 'Europe/Paris',
};
const noMessages: ChatMessages = { messagesOf: async () => [], messageIn: async () => null, remember: async () => {}, subjectOf: async () => null };

let fake: FakeSlack;
let slack: SlackAdapter;
let http: HttpServer;
let base: string;
let ts: string;

beforeAll(async () => {
  fake = await startFakeSlack();
  slack = await createSlackAdapter({
    signingSecret: secret, apiUrl: fake.apiUrl, processBeforeResponse: true,
    authorize: async () => ({ botToken: fake.token, botId: slackTestIds.botId, botUserId: slackTestIds.botUserId }),
  }, { core, messages: noMessages, log: quietLog });
  http = createHttpServer(slack.routes, quietLog);
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  const message = buildAlertMessage(replyView({ cut: true }));
  const client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl });
  ts = (await client.chat.postMessage({ channel: 'C0ANA', text: message.text, blocks: message.blocks })).ts!;
});
beforeEach(() => {
  seen.length = 0;
});
afterAll(async () => {
  await http?.close();
  await slack?.stop();
  await fake?.close();
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read payloads field by field

/** Clicks a button of the reply's message, with the value it carries there (or `value`); returns the HTTP status. */
async function click(actionId: string, value?: string): Promise<number> {
  const message = fake.message('C0ANA', ts)!;
  const button = (message.blocks as Json[]).flatMap((b) => (b.type === 'actions' ? b.elements : [])).find((e: Json) => e.action_id === actionId);
  const r = await postToSlackEndpoint(base, blockActionsBody({
    userId: 'U0ANA', channelId: 'C0ANA', message: message as unknown as { ts: string },
    responseUrl: fake.responseUrl({ channel: 'C0ANA', messageTs: ts, userId: 'U0ANA' }),
    actions: [{ type: 'button', actionId, blockId: 'arbot.reply_actions', value: value ?? button.value }],
  }), { secret });
  return r.status;
}

/** The modal last opened, which the fake Slack took (it refuses a view past Block Kit's limits). */
function lastModal(): Json {
  const call = fake.calls('views.open').at(-1)!;
  expect(call.response.ok, JSON.stringify(call.response)).toBe(true);
  return call.args.view as Json;
}
const submit = (callbackId: string, privateMetadata: string, values: Record<string, Record<string, unknown>>) =>
  postToSlackEndpoint(base, viewSubmissionBody({ callbackId, userId: 'U0ANA', privateMetadata, values }), { secret });

describe('a customer reply’s buttons in Slack', () => {
  it('Full reply: the core is asked to show the reply, and the whole text opens in a modal, escaped', async () => {
    const fullText = `${'<!channel> *all* of it\n'.repeat(300)}the end`;
    answer = () => ({ kind: 'show', shown: { show: 'reply', reply: reply({ cut: true }), fullText } });
    const opened = fake.calls('views.open').length;
    expect(await click(actionIds.fullReply)).toBe(200);
    expect(seen).toEqual([{ type: 'show_reply', replyId: 9n }]);
    const call = fake.calls('views.open')[opened]!;
    expect(call.response.ok).toBe(true);
    expect(call.args.trigger_id).toMatch(/\S/);
    const texts = (call.args.view.blocks as Json[]).slice(1).map((b) => b.text.text as string);
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.every((t) => t.length <= 3000 && !t.includes('<'))).toBe(true);
    expect(texts.join('\n')).toContain('the end');
  });

  it('Reply: opens the answer form the core returns, whose submission is answer_reply with the text typed', async () => {
    answer = (a) => (a.type === 'open_form'
      ? { kind: 'form', form: { form: 'answer_reply', subject: a.subject, reply: reply(), to: ['ap@northwind.example'] } }
      : { kind: 'done', subjects: [{ kind: 'reply', id: 9n }], thread: 'Ana answered' });
    expect(await click(actionIds.answerReply)).toBe(200);
    expect(seen).toEqual([{ type: 'open_form', form: 'answer_reply', subject: { kind: 'reply', id: 9n }, reply: null }]);
    const view = lastModal();
    expect([view.callback_id, view.private_metadata]).toEqual([formIds.answerReply, '{"rp":"9"}']);
    const b = modalInputs.answerReply.body;
    const r = await submit(view.callback_id, view.private_metadata, { [b.blockId]: { [b.actionId]: stateValue.plainText('We will pay <b>Friday</b>.') } });
    expect(r.status).toBe(200);
    expect(seen.at(-1)).toEqual({ type: 'answer_reply', replyId: 9n, body: 'We will pay <b>Friday</b>.' });
  });

  it('Log promise: opens the promise form pre-filled, whose submission is log_promise naming the reply', async () => {
    const prefill = { replyId: '9', promiseDate: '2026-03-20', promiseAmount: '12480.00', disputeReason: null, comment: null };
    answer = (a) => (a.type === 'open_form' && a.subject.kind === 'invoice'
      ? { kind: 'form', form: { form: 'promise', subject: a.subject, invoice: invoice(), prefill } }
      : { kind: 'done', subjects: [{ kind: 'reply', id: 9n }], thread: 'Ana logged a promise' });
    expect(await click(actionIds.logPromise)).toBe(200);
    expect(seen).toEqual([{ type: 'open_form', form: 'promise', subject: { kind: 'invoice', id: 1042n }, reply: 9n }]);
    const view = lastModal();
    expect(JSON.parse(view.private_metadata)).toEqual({ i: '1042', rp: '9' });
    expect(JSON.stringify(view.blocks)).toContain('"initial_date":"2026-03-20"');
    const p = modalInputs.promise;
    const r = await submit(view.callback_id, view.private_metadata, {
      [p.date.blockId]: { [p.date.actionId]: stateValue.datepicker('2026-03-20') },
      [p.amount.blockId]: { [p.amount.actionId]: stateValue.plainText('12480.00') },
      [p.note.blockId]: { [p.note.actionId]: stateValue.plainText(null) },
    });
    expect(r.status).toBe(200);
    expect(seen.at(-1)).toEqual({ type: 'log_promise', invoiceId: 1042n, date: '2026-03-20', amount: '12480.00', note: '', replyId: 9n });
  });

  it.each([
    [actionIds.resumeReminders, { type: 'resume_reminders', replyId: 9n }],
    [actionIds.replyDone, { type: 'close_reply', replyId: 9n }],
  ])('%s goes straight to the core', async (id, action) => {
    answer = () => ({ kind: 'done', subjects: [{ kind: 'reply', id: 9n }], thread: 'done' });
    expect(await click(id)).toBe(200);
    expect(seen).toEqual([action]);
  });

  it('answers a forged value privately as out of date, and never reaches the core', async () => {
    const before = fake.responses().length;
    expect(await click(actionIds.replyDone, '{"rp":"9","admin":true}')).toBe(200);
    expect(seen).toEqual([]);
    expect(fake.responses().slice(before).map((c) => c.args.text)).toEqual([expect.stringMatching(/out of date/)]);
  });
});
