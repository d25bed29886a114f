import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { subjectView } from '../../adapters/postgres/chat-views-alerts.js';
import { createSlackAdapter } from '../../adapters/slack/slack-app.js';
import { actionIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { blockActionsBody, postToSlackEndpoint, slackTestIds } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { publishSlackOn, slackDepsOn } from '../support/slack-wiring.js';

// Finding 1: every copy of what a card shows is redrawn when it changes. Ana claims the dispute on its own card in
// her channel; the invoice's delivery card in Chloe's channel shows the claim too, without a Claim button.

const secret = slackTestIds.signingSecret;
const now = new Date('2026-03-25T10:00:00Z');
const zone = 'Europe/Paris';
let db: TestDb;
let fake: FakeSlack;
let http: HttpServer;
let base: string;
let disputeId: bigint;
let invoiceId: bigint;
let disputeTs: string;
let deliveryTs: string;
let overdueTs: string;

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeSlack({ users: [{ id: 'U0ANA', email: 'ana@acme.example', name: 'ana' }, { id: 'U0CHL', email: 'chloe@acme.example', name: 'chloe' }] });
  const client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl });
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana Martin', team: 'sales', slack_user_id: 'U0ANA', slack_channel_id: 'C0ANA' },
      { email: 'chloe@acme.example', name: 'Chloe Durand', team: 'delivery', slack_user_id: 'U0CHL', slack_channel_id: 'C0CHL' },
    ],
    customers: [customer('C-1', zone, 'top', { name: 'Northwind', sales_owner_email: 'ana@acme.example', delivery_owner_email: 'chloe@acme.example' })],
    invoices: [invoice('INV-1035', 'C-1', '2026-03-10', '1500.00')],
  });
  [{ id: invoiceId }] = (await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = 'INV-1035'`) as unknown as [{ id: bigint }];
  [{ id: disputeId }] = (await db.sql<{ id: bigint }[]>`
    INSERT INTO disputes (external_id, invoice_id, reason, opened_at)
    VALUES ('d1', ${invoiceId.toString()}::int8, 'Goods not received: pallet 2 missing', '2026-03-24T09:00:00Z') RETURNING id`) as unknown as [{ id: bigint }];
  const deps = slackDepsOn(db.sql, client, { log: quietLog, now: () => now, zone });
  const slack = await createSlackAdapter({
    signingSecret: secret, apiUrl: fake.apiUrl, processBeforeResponse: true,
    authorize: async () => ({ botToken: fake.token, botId: slackTestIds.botId, botUserId: slackTestIds.botUserId }),
  }, deps);
  http = createHttpServer(slack.routes, quietLog);
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  const post = async (key: string, channel: string) => publishSlackOn(db.sql, client, key, channel, buildAlertMessage((await subjectView(db.sql, key, now, zone))!));
  disputeTs = await post(`dispute:${disputeId}`, 'C0ANA');
  deliveryTs = await post(`delivery:${invoiceId}`, 'C0CHL');
  overdueTs = await post(`invoice:${invoiceId}`, 'C0ANA');
});
afterAll(async () => {
  await http?.close();
  await fake?.close();
  await db?.close();
});

const updatesOf = (channel: string, ts: string) => fake.calls('chat.update').filter((c) => c.args.channel === channel && c.args.ts === ts);

describe('a dispute claim redraws every card that shows the dispute', () => {
  it('updates the delivery card in the delivery channel: claimed by Ana Martin, no Claim button', async () => {
    expect(JSON.stringify(fake.message('C0CHL', deliveryTs))).toContain(actionIds.claimDispute);
    const body = blockActionsBody({
      userId: 'U0ANA', userName: 'ana', channelId: 'C0ANA', message: fake.message('C0ANA', disputeTs) as unknown as { ts: string },
      responseUrl: fake.responseUrl({ channel: 'C0ANA', messageTs: disputeTs, userId: 'U0ANA' }),
      actions: [{ type: 'button', actionId: actionIds.claimDispute, blockId: 'b', value: JSON.stringify({ d: disputeId.toString() }) }],
    });
    expect((await postToSlackEndpoint(base, body, { secret })).status).toBe(200);
    const delivery = updatesOf('C0CHL', deliveryTs).at(-1);
    expect(delivery).toBeDefined();
    const blocks = JSON.stringify(delivery!.args.blocks);
    expect(blocks).toContain('Ana Martin');
    expect(blocks).not.toContain(actionIds.claimDispute);
    expect(blocks).not.toMatch(/unclaimed/i);
    // The overdue card shows the dispute's owner too, so it is redrawn as well.
    expect(JSON.stringify(updatesOf('C0ANA', overdueTs).at(-1)?.args.blocks ?? '')).toContain('Ana Martin');
  });
});
