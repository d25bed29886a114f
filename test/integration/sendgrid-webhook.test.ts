import { generateKeyPairSync, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendgridWebhookRoutes } from '../../adapters/http/sendgrid-webhook.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { postgresEmailEventStore } from '../../adapters/postgres/email-events.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import { post } from '../support/http.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
const fixture = (name: string) => new URL(`../fixtures/sendgrid/${name}`, import.meta.url);
const example = JSON.parse(readFileSync(fixture('event_webhook_example_events.json'), 'utf8')) as Record<string, unknown>[];

const now = new Date('2026-03-02T10:00:00Z');
const nowSeconds = String(now.getTime() / 1000);
const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const publicKeyText = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
const intruder = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey;

let db: TestDb;
let app: Running;
let url: string;
let customerId: bigint;
let emailId: bigint;
let secondEmailId: bigint;

beforeAll(async () => {
  db = await openTestDb();
  const [c] = await db.sql<{ id: bigint }[]>`
    INSERT INTO customers (external_id, name, timezone, billing_emails) VALUES ('C-1', 'Northwind', 'UTC', '{ap@northwind.example}') RETURNING id`;
  customerId = c!.id;
  const email = async (messageId: string) => {
    const [r] = await db.sql<{ id: bigint }[]>`
      INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails, sent_at, provider, provider_message_id)
      VALUES (${customerId.toString()}::int8, 'standard', 'overdue', 'overdue', 'sent', ${now}, '{ap@northwind.example}', ${now}, 'sendgrid', ${messageId})
      RETURNING id`;
    return r!.id;
  };
  emailId = await email('msg-first');
  secondEmailId = await email('msg-second');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_LEDGER: 'off', SCHEDULER: 'off', SENDGRID_WEBHOOK_PUBLIC_KEY: publicKeyText });
  app = await startServer(config, quiet, { db, now: () => now });
  url = `http://127.0.0.1:${app.port}/webhooks/sendgrid`;
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

/** The example batch, addressed to our customer, tied to `id`, with event ids made unique by `tag`. */
function batch(tag: string, id: bigint | string | undefined = emailId): Record<string, unknown>[] {
  return example.map((e) => ({
    ...e, email: 'AP@Northwind.example', timestamp: Number(nowSeconds) - 60, sg_event_id: `${tag}-${e.sg_event_id}`,
    ...(id === undefined ? {} : { arbot_email_id: String(id) }),
  }));
}

function signed(body: string, opts: { key?: typeof privateKey; timestamp?: string } = {}): Record<string, string> {
  const timestamp = opts.timestamp ?? nowSeconds;
  const signature = sign('sha256', Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), opts.key ?? privateKey).toString('base64');
  return { 'X-Twilio-Email-Event-Webhook-Signature': signature, 'X-Twilio-Email-Event-Webhook-Timestamp': timestamp };
}

async function counts() {
  const [r] = await db.sql<{ events: number; suppressions: number; alerts: number }[]>`
    SELECT (SELECT count(*) FROM email_events)::int AS events, (SELECT count(*) FROM email_suppressions)::int AS suppressions,
           (SELECT count(*) FROM alerts)::int AS alerts`;
  return r!;
}

describe('POST /webhooks/sendgrid', () => {
  // Built when a test runs: the email ids exist only after beforeAll.
  const body = () => `${JSON.stringify(batch('a'))}\r\n`;

  it('records a signed batch against our reminder email', async () => {
    const r = await post(url, body(), signed(body()));
    expect(r).toEqual({ status: 200, body: { received: 11, recorded: 11, duplicates: 0, suppressed: 1, alerts: 1, invalid: 0 } });
    const events = await db.sql`SELECT event, email_id, recipient, occurred_at, reason FROM email_events ORDER BY id`;
    expect(events.map((e) => e.event).sort()).toEqual([
      'bounce', 'click', 'deferred', 'delivered', 'dropped', 'group_resubscribe', 'group_unsubscribe', 'open', 'processed', 'spamreport', 'unsubscribe',
    ]);
    expect(new Set(events.map((e) => e.email_id))).toEqual(new Set([emailId]));
    expect(events[0]).toMatchObject({ recipient: 'ap@northwind.example', occurred_at: new Date(now.getTime() - 60_000) });
    expect(events.find((e) => e.event === 'bounce')!.reason).toBe('500 unknown recipient');
  });

  it('changes nothing when the same batch is delivered again', async () => {
    const before = await counts();
    const r = await post(url, body(), signed(body()));
    expect(r).toEqual({ status: 200, body: { received: 11, recorded: 0, duplicates: 11, suppressed: 0, alerts: 0, invalid: 0 } });
    expect(await counts()).toEqual(before);
  });

  it('suppresses a bouncing address once and raises one alert naming the customer and the email', async () => {
    const [s] = await db.sql`SELECT email, event, reason, cleared_at FROM email_suppressions`;
    expect(s).toEqual({ email: 'ap@northwind.example', event: 'bounce', reason: '500 unknown recipient', cleared_at: null });
    const alerts = await db.sql`SELECT kind, dedupe_key, customer_id, email_id, details->>'event' AS event FROM alerts`;
    expect(alerts).toEqual([{
      kind: 'email_bounced', dedupe_key: `email_bounced:${emailId}:ap@northwind.example`, customer_id: customerId, email_id: emailId, event: 'bounce',
    }]);
  });

  it('adds a suppression and one alert for a bounce of another email, found by its message id', async () => {
    const before = await counts();
    const events = [
      { email: 'Finance@Northwind.example', timestamp: Number(nowSeconds), event: 'bounce', type: 'bounce', reason: '550 no such user', status: '5.1.1', sg_event_id: 'b-1', sg_message_id: 'msg-second.filter0001.1.2.3' },
      { email: 'cfo@northwind.example', timestamp: Number(nowSeconds), event: 'bounce', type: 'blocked', reason: '550 blocked', sg_event_id: 'b-2', arbot_email_id: String(secondEmailId) },
      { email: 'cfo@northwind.example', timestamp: Number(nowSeconds), event: 'machine_opened', sg_event_id: 'b-3', arbot_email_id: '999999' },
      { timestamp: 'not a time', event: 'open', sg_event_id: 'b-4' },
    ];
    const text = JSON.stringify(events);
    const r = await post(url, text, signed(text));
    expect(r).toEqual({ status: 200, body: { received: 4, recorded: 3, duplicates: 0, suppressed: 1, alerts: 1, invalid: 1 } });
    expect(await counts()).toEqual({ events: before.events + 3, suppressions: before.suppressions + 1, alerts: before.alerts + 1 });
    const rows = await db.sql`SELECT sg_event_id, email_id, event, reason FROM email_events WHERE sg_event_id LIKE 'b-%' ORDER BY sg_event_id`;
    expect(rows).toEqual([
      { sg_event_id: 'b-1', email_id: secondEmailId, event: 'bounce', reason: '550 no such user' },
      { sg_event_id: 'b-2', email_id: secondEmailId, event: 'bounce', reason: '[blocked] 550 blocked' },
      { sg_event_id: 'b-3', email_id: null, event: 'machine_opened', reason: null },
    ]);
    const [s] = await db.sql`SELECT email FROM email_suppressions WHERE email LIKE 'finance%'`;
    expect(s!.email).toBe('finance@northwind.example');
    const [a] = await db.sql`SELECT customer_id, email_id FROM alerts WHERE dedupe_key = ${`email_bounced:${secondEmailId}:finance@northwind.example`}`;
    expect(a).toEqual({ customer_id: customerId, email_id: secondEmailId });
  });

  it('suppresses a cleared address again on a new bounce, and raises an alert without an email id for mail it cannot tie to ours', async () => {
    await db.sql`UPDATE email_suppressions SET cleared_at = now() WHERE email = 'ap@northwind.example'`;
    const text = JSON.stringify([{ email: 'ap@northwind.example', timestamp: Number(nowSeconds), event: 'dropped', reason: 'Bounced Address', sg_event_id: 'c-1' }]);
    const r = await post(url, text, signed(text));
    expect(r.body).toMatchObject({ recorded: 1, suppressed: 1, alerts: 1 });
    const [s] = await db.sql`SELECT event, cleared_at FROM email_suppressions WHERE email = 'ap@northwind.example'`;
    expect(s).toEqual({ event: 'dropped', cleared_at: null });
    const [a] = await db.sql`SELECT customer_id, email_id FROM alerts WHERE dedupe_key = 'email_bounced:ap@northwind.example:c-1'`;
    expect(a).toEqual({ customer_id: null, email_id: null });
  });

  const fresh = `${JSON.stringify(batch('z', '1'))}\r\n`;
  it.each([
    ['a signature made with another key', () => signed(fresh, { key: intruder })],
    ['a signature of another body', () => signed(`${JSON.stringify(batch('y'))}\r\n`)],
    ['a body signed without its trailing CRLF', () => signed(fresh.trimEnd())],
    ['a timestamp 11 minutes old', () => signed(fresh, { timestamp: String(Number(nowSeconds) - 660) })],
    ['a timestamp 11 minutes ahead', () => signed(fresh, { timestamp: String(Number(nowSeconds) + 660) })],
    ['a changed timestamp header', () => ({ ...signed(fresh), 'X-Twilio-Email-Event-Webhook-Timestamp': String(Number(nowSeconds) - 1) })],
    ['no signature header', () => ({ 'X-Twilio-Email-Event-Webhook-Timestamp': nowSeconds })],
    ['no timestamp header', () => ({ 'X-Twilio-Email-Event-Webhook-Signature': signed(fresh)['X-Twilio-Email-Event-Webhook-Signature']! })],
    ['no headers at all', () => ({})],
  ])('answers 401 to %s and records nothing', async (_what, headers) => {
    const before = await counts();
    const r = await post(url, fresh, headers());
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('invalid_signature');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['a signed body that is not JSON', '[{', 'invalid_json'],
    ['a signed body that is not an array', '{"event":"open"}', 'expected_array'],
  ])('answers 400 to %s', async (_what, text, code) => {
    const r = await post(url, text, signed(text));
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe(code);
  });
});

describe('the webhook with other keys', () => {
  async function serve(publicKeyText: string | undefined, at: Date) {
    const http = createHttpServer(sendgridWebhookRoutes({ store: postgresEmailEventStore(db.sql), publicKey: publicKeyText, now: () => at, log: quiet }), quiet);
    return { http, url: `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}/webhooks/sendgrid` };
  }

  it.each(['single', 'multiple'])("records SendGrid's own %s test vector, raw bytes and all, at its timestamp", async (name) => {
    const v = JSON.parse(readFileSync(fixture(`signature_test_vector_${name}.json`), 'utf8')) as { public_key: string; timestamp: string; signature: string };
    const raw = readFileSync(fixture(`signature_test_vector_${name}.body.bin`));
    const { http, url: at } = await serve(v.public_key, new Date(Number(v.timestamp) * 1000));
    try {
      const res = await fetch(at, {
        method: 'POST', body: raw,
        headers: { 'content-type': 'application/json', 'X-Twilio-Email-Event-Webhook-Signature': v.signature, 'X-Twilio-Email-Event-Webhook-Timestamp': v.timestamp },
      });
      expect(res.status).toBe(200);
      // single: a drop (suppresses); multiple: processed + a blocked bounce (does not).
      expect(await res.json()).toMatchObject(name === 'single' ? { recorded: 1, suppressed: 1 } : { recorded: 2, suppressed: 0 });
    } finally {
      await http.close();
    }
  });

  it.each([
    [undefined, 'webhook_not_configured', 'SENDGRID_WEBHOOK_PUBLIC_KEY is not set'],
    ['bm90IGEga2V5', 'webhook_misconfigured', 'SENDGRID_WEBHOOK_PUBLIC_KEY is not usable'],
  ])('answers 503 when the public key is %s, saying so', async (key, code, message) => {
    const { http, url: at } = await serve(key, now);
    try {
      const text = JSON.stringify(batch('k'));
      const r = await post(at, text, signed(text));
      expect(r.status).toBe(503);
      expect(r.body.error).toMatchObject({ code });
      expect(r.body.error.message).toContain(message);
    } finally {
      await http.close();
    }
  });
});
