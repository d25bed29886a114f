import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { postgresAlertOutbox } from '../../adapters/postgres/alert-outbox.js';
import { postgresAlertProducers } from '../../adapters/postgres/alert-producers.js';
import { loadAlertView, subjectView } from '../../adapters/postgres/chat-views-alerts.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import { dispatchAlerts, type DispatchDeps } from '../../src/services/dispatch-alerts.js';
import { raiseAlerts } from '../../src/services/raise-alerts.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { ratelimited, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { publishSlackOn, slackAlertPublisherOn } from '../support/slack-wiring.js';
import { slackTestLogger } from '../support/test-log.js';

// Slack being slow or forgetful: a 429 with Retry-After is waited out and the alert still posted once; a message
// someone deleted is posted again rather than lost.

const zone = 'Europe/Paris';
const now = new Date('2026-03-20T10:00:00Z');
let db: TestDb;
let fake: FakeSlack;
let client: WebClient;
let deps: DispatchDeps;

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeSlack();
  // As arbot configures it (adapters/slack/slack-app.ts): a few quick retries, Retry-After honoured.
  client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 3, factor: 2, minTimeout: 100, maxTimeout: 500 }, logger: slackTestLogger() });
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: 'U0ANA', slack_channel_id: 'C0ANA' }],
    customers: [customer('C-1', zone, 'standard', { name: 'Northwind', sales_owner_email: 'ana@acme.example' })],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '100.00')],
  });
  deps = {
    outbox: postgresAlertOutbox(db.sql), view: (a, at) => loadAlertView(db.sql, a, at, zone),
    platforms: [{ publisher: slackAlertPublisherOn(db.sql, client), routing: (a) => loadRoutingFacts(db.sql, a), teams: { sales: null, delivery: null, finance: null } }],
    maxAttempts: 3,
  };
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

describe('Slack delivery', () => {
  it('waits out a 429 Retry-After and posts the alert once', async () => {
    await raiseAlerts(postgresAlertProducers(db.sql), { deliveryAfterDays: 30, incompleteHorizonDays: 0 }, now);
    fake.enqueue('chat.postMessage', ratelimited(1));
    const started = Date.now();
    const report = await dispatchAlerts(deps, now);
    // Two alerts: the invoice is overdue, and it lacks a PO number.
    expect(report).toEqual({ delivered: 2, retried: 0, dead: 0 });
    const posts = fake.calls('chat.postMessage');
    expect(posts.map((c) => c.status)).toEqual([429, 200, 200]);
    // The second try came after the second Slack asked for (a wall-clock lower bound, not a speed goal).
    expect(posts[1]!.seq).toBeGreaterThan(posts[0]!.seq);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.messages('C0ANA')).toHaveLength(2);
  });

  it('posts a message again when someone deleted it, and remembers the new one', async () => {
    const [{ id }] = (await db.sql<{ id: string }[]>`SELECT id::text FROM invoices WHERE external_id = 'I-1'`) as unknown as [{ id: string }];
    const key = `invoice:${id}`;
    const [before] = await db.sql`SELECT message_ref FROM chat_messages WHERE subject_key = ${key} AND channel = 'C0ANA'`;
    const first = fake.message('C0ANA', before!.message_ref as string)!;
    fake.deleteMessage('C0ANA', first.ts);
    const view = await subjectView(db.sql, key, now, zone);
    const ts = await publishSlackOn(db.sql, client, key, 'C0ANA', buildAlertMessage(view!));
    expect(ts).not.toBe(first.ts);
    expect(fake.messages('C0ANA').map((m) => m.ts)).toContain(ts);
    expect(fake.message('C0ANA', first.ts)).toBeUndefined();
    const [row] = await db.sql`SELECT message_ref FROM chat_messages WHERE subject_key = ${key} AND channel = 'C0ANA'`;
    expect(row!.message_ref).toBe(ts);
  });
});
