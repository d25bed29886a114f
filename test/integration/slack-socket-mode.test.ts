import { WebClient } from '@slack/web-api';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSlackAdapter, type SlackAdapter } from '../../adapters/slack/slack-app.js';
import { customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { slackTestIds } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { slackDepsOn } from '../support/slack-wiring.js';
import { keepConsoleOutput } from '../support/test-log.js';

// Socket Mode (SLACK_APP_TOKEN): the real Bolt SocketModeReceiver asks the local Web API for a WebSocket URL
// (apps.connections.open with the app token), connects to a local server that speaks Slack's Socket Mode protocol
// (hello, envelopes, acknowledgements by envelope_id), and the same listeners answer.

// The Socket Mode client logs a WebSocket error when the local server closes under it at the end: kept.
keepConsoleOutput();
const appToken = 'xapp-1-A0ARBOT-test';
let db: TestDb;
let fake: FakeSlack;
let wss: WebSocket.Server;
let socket: WebSocket;
let slack: SlackAdapter;

beforeAll(async () => {
  db = await openTestDb();
  await importRows(db.sql, {
    customers: [customer('NW', 'Europe/Paris', 'standard', { name: 'Northwind', sales_owner_email: '' })],
    invoices: [invoice('NW-1', 'NW', '2026-03-02', '1000.00')],
  });
  fake = await startFakeSlack({ tokens: [slackTestIds.botToken, appToken] });
  // ws 7 (the version @slack/socket-mode uses) names it WebSocket.Server.
  wss = new WebSocket.Server({ host: '127.0.0.1', port: 0 });
  await once(wss, 'listening');
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link/?ticket=t1`;
  fake.enqueue('apps.connections.open', { status: 200, body: { ok: true, url } }, { status: 200, body: { ok: true, url } });
  const connected = new Promise<WebSocket>((resolve) => wss.once('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'applink-test', approximate_connection_time: 18060 }, connection_info: { app_id: slackTestIds.apiAppId } }));
    resolve(ws);
  }));
  slack = await createSlackAdapter({
    signingSecret: slackTestIds.signingSecret, appToken, apiUrl: fake.apiUrl,
    authorize: async () => ({ botToken: fake.token, botId: slackTestIds.botId, botUserId: slackTestIds.botUserId }),
  }, slackDepsOn(db.sql, new WebClient(fake.token, { slackApiUrl: fake.apiUrl }), { log: quietLog, now: () => new Date('2026-03-20T10:00:00Z'), zone: 'Europe/Paris' }));
  socket = await connected;
}, 30_000);
afterAll(async () => {
  await slack?.stop();
  wss?.close();
  await fake?.close();
  await db?.close();
});

/** Sends one envelope and resolves with the client's acknowledgement of it. */
function envelope(type: string, payload: Record<string, unknown>): Promise<{ envelope_id: string; payload?: Record<string, unknown> }> {
  const id = `env-${Math.random().toString(36).slice(2)}`;
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { envelope_id: string };
      if (msg.envelope_id !== id) return;
      socket.off('message', onMessage);
      resolve(msg);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: true }));
  });
}

const slashCommand = (text: string, responseUrl: string) => ({
  token: slackTestIds.verificationToken, team_id: slackTestIds.teamId, team_domain: slackTestIds.teamDomain,
  channel_id: 'C0FIN', channel_name: 'finance', user_id: 'U0ANA', user_name: 'ana', command: '/dso', text,
  api_app_id: slackTestIds.apiAppId, is_enterprise_install: 'false', response_url: responseUrl, trigger_id: '1.2.3',
});

describe('Socket Mode', () => {
  it('opened the WebSocket with the app token, not the bot token', () => {
    const open = fake.calls('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.token).toBe(appToken);
    expect(slack.mode).toBe('socket');
    expect(slack.routes).toEqual([]);
  });

  it('acknowledges a slash command envelope with the answer in its payload', async () => {
    const ack = await envelope('slash_commands', slashCommand('yesterday', fake.responseUrl({ id: 'sm1' })));
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/usage: \/dso/) });
  });

  it('runs the same /dso listener: the report arrives on the response URL', async () => {
    const ack = await envelope('slash_commands', slashCommand('2026-03-20', fake.responseUrl({ id: 'sm2' })));
    expect(ack.envelope_id).toBeTruthy();
    const [answer] = await fake.waitFor('response_url', 1, 5000).then(() => fake.responses('sm2'));
    expect(answer!.args).toMatchObject({ response_type: 'ephemeral', text: 'DSO and receivables as of 2026-03-20' });
    // The summary: one line per currency, its customers behind the "Details" button.
    expect(JSON.stringify(answer!.args.blocks)).toContain('*EUR*: DSO 90.0 days (unchanged since end of Feb)');
    expect(JSON.stringify(answer!.args.blocks)).toContain('arbot.dso_details');
  });
});
