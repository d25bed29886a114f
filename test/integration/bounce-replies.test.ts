import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlertView, type AlertRow } from '../../adapters/postgres/chat-views-alerts.js';
import { postgresBounceReplyStore } from '../../adapters/postgres/bounce-replies.js';
import { postgresEmailEventStore } from '../../adapters/postgres/email-events.js';
import { postgresInboundReplyStore } from '../../adapters/postgres/inbound-replies.js';
import { postgresReplyMatchStore } from '../../adapters/postgres/reply-matching.js';
import type { Config } from '../../src/config.js';
import type { InboundReply } from '../../src/domain/inbound-parse.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { receiveReply } from '../../src/services/receive-reply.js';
import { recordBounceReply } from '../../src/services/record-bounce-reply.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { cadenceConfig, importD3Ledger, importRows, owner, quietLog } from '../support/cadence-ledger.js';
import { dsnFixture, storedAs, type DsnFixtureName, type StoredMode } from '../support/dsn-fixtures.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

let db: TestDb;
let sendgrid: FakeSendGrid;
let config: Config;
let deps: CadenceDeps;
let n = 0;

// Paris customers with one invoice due Tuesday 10 March 2026: the D+3 reminder goes out Friday 13 March, 09:00.
const overdueTick = new Date('2026-03-13T08:30:00Z');
const bouncedAt = new Date('2026-03-13T09:00:00Z');

// The recipient and the returned Message-ID each fixture was written with.
const written: Partial<Record<DsnFixtureName, { address: RegExp; messageId: string }>> = {
  'postfix-user-unknown': { address: /ap@northwind\.example/gi, messageId: '<arbot.41.9f2c4e1a0b7d3c5e@reply.acme.example>' },
  'postfix-delayed': { address: /ap@northwind\.example/gi, messageId: '<arbot.41.9f2c4e1a0b7d3c5e@reply.acme.example>' },
  'postfix-expired': { address: /ap@northwind\.example/gi, messageId: '<arbot.41.9f2c4e1a0b7d3c5e@reply.acme.example>' },
  'exchange-french-text-only': { address: /comptabilite@lesjardins\.example/gi, messageId: '<arbot.96.a1b2c3d4e5f60718@reply.acme.example>' },
};

/** A customer whose D+3 reminder went out with our Message-ID; its billing contact and that email. */
async function sentReminder() {
  const id = `B${++n}`;
  await importD3Ledger(db.sql, [id]);
  await runCadenceTick(deps, overdueTick);
  const [email] = await db.sql<{ id: string; customer_id: string; message_id: string }[]>`
    SELECT e.id::text, e.customer_id::text, e.message_id FROM reminder_emails e JOIN customers c ON c.id = e.customer_id
    WHERE c.external_id = ${id} AND e.step_key <> 'upcoming'`;
  expect(email?.message_id).toMatch(/^<arbot\./);
  return { address: `ap@${id.toLowerCase()}.example`, email: email! };
}

/** The fixture bounce, rewritten to name `address` and return `messageId`, stored in `mode`. */
function bounce(name: DsnFixtureName, mode: StoredMode, address: string, messageId: string): Promise<InboundReply> {
  const w = written[name]!;
  const mime = dsnFixture(name).replace(w.address, address).replaceAll(w.messageId, messageId)
    .replace(/^(Message-I[Dd]:)[^\r\n]*(\r?\n(?:[ \t][^\r\n]*\r?\n)*)/m, `$1 <dsn${++n}@mx.example>$2`);
  return storedAs(mode, mime, bouncedAt);
}

/** Received as the Inbound Parse route receives it (stored, then matched), then its bounce recorded. */
async function receiveBounce(reply: InboundReply) {
  const matching = {
    store: postgresReplyMatchStore(db.sql), secret: config.LINK_SECRET!, inboundDomain: config.INBOUND_DOMAIN, pauseDays: config.REPLY_PAUSE_DAYS,
  };
  const stored = await receiveReply(postgresInboundReplyStore(db.sql), reply, matching);
  const bounced = await recordBounceReply({ store: postgresBounceReplyStore(db.sql), events: postgresEmailEventStore(db.sql) }, stored.id, reply);
  return { stored, bounced };
}

const effects = async (address: string) => ({
  events: await db.sql`SELECT sg_event_id, email_id::text, event, recipient, reason FROM email_events WHERE recipient = ${address} ORDER BY id`,
  suppression: await db.sql`SELECT email, event, reason, cleared_at FROM email_suppressions WHERE email = ${address}`,
  alerts: await db.sql<AlertRow[]>`SELECT * FROM alerts WHERE kind = 'email_bounced' AND details->>'recipient' = ${address} ORDER BY id`,
});

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  config = cadenceConfig(sendgrid, { INBOUND_DOMAIN: 'reply.acme.example' });
  deps = await cadenceDeps(config, db.sql, quietLog);
  await importRows(db.sql, { owners: [owner] });
});
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

describe('a bounce that comes back as mail', () => {
  it.each(['raw', 'parsed attachments'] as const)('(%s) bounces the reminder its Message-ID names, once however often it is delivered', async (mode) => {
    const { address, email } = await sentReminder();
    const reply = await bounce('postfix-user-unknown', mode, address, email.message_id);
    const first = await receiveBounce(reply);
    expect(first.stored.matched?.match).toEqual({ by: null, machine: 'delivery_status' });
    expect(first.bounced).toMatchObject({ outcome: 'recorded', emailIds: [BigInt(email.id)], recorded: 1, suppressed: 1, alerts: 1 });

    const reason = `550 5.1.1 <${address}>: Recipient address rejected: User unknown in virtual mailbox table`;
    const after = await effects(address);
    expect(after.events).toEqual([{ sg_event_id: `dsn:${first.stored.id}:${address}`, email_id: email.id, event: 'bounce', recipient: address, reason }]);
    expect(after.suppression).toEqual([{ email: address, event: 'bounce', reason, cleared_at: null }]);
    expect(after.alerts).toHaveLength(1);
    expect(after.alerts[0]).toMatchObject({ email_id: BigInt(email.id), customer_id: BigInt(email.customer_id), dedupe_key: `email_bounced:${email.id}:${address}` });
    // What chat shows, through the Event Webhook bounce's own view.
    expect(await loadAlertView(db.sql, after.alerts[0]!, bouncedAt, 'Europe/Paris')).toMatchObject({ kind: 'email_bounced', address, reason });

    const again = await receiveBounce(reply);
    expect(again.stored).toMatchObject({ id: first.stored.id, inserted: false });
    expect(again.bounced).toMatchObject({ outcome: 'recorded', recorded: 0, duplicates: 1, suppressed: 0, alerts: 0 });
    expect(await effects(address)).toEqual(after);
    // The reply row is machine mail, matched to nothing and holding nothing: a bounce never pauses or touches the ledger.
    const [row] = await db.sql`SELECT machine, matched_by, customer_id, reminder_email_id FROM inbound_replies WHERE id = ${first.stored.id.toString()}::int8`;
    expect(row).toEqual({ machine: 'delivery_status', matched_by: null, customer_id: null, reminder_email_id: null });
    expect(await db.sql`SELECT 1 FROM reminder_holds WHERE created_by = ${`reply:${first.stored.id}`}`).toHaveLength(0);
  });

  it('raises one alert when SendGrid already reported the same bounce of that email', async () => {
    const { address, email } = await sentReminder();
    await postgresEmailEventStore(db.sql).unit((u) => u.raiseAlert({
      kind: 'email_bounced', dedupeKey: `email_bounced:${email.id}:${address}`, emailId: BigInt(email.id), raisedAt: overdueTick,
      details: { event: 'bounce', recipient: address, reason: 'from the Event Webhook' },
    }));
    const { bounced } = await receiveBounce(await bounce('postfix-user-unknown', 'raw', address, email.message_id));
    expect(bounced).toMatchObject({ outcome: 'recorded', recorded: 1, alerts: 0 });
    expect((await effects(address)).alerts).toHaveLength(1);
  });

  it('finds the email by its only customer\'s billing contact when the bounce returns no Message-ID of ours (French, text only)', async () => {
    const { address, email } = await sentReminder();
    const { bounced } = await receiveBounce(await bounce('exchange-french-text-only', 'parsed inline', address, '<lost@elsewhere.example>'));
    expect(bounced).toMatchObject({ outcome: 'recorded', emailIds: [BigInt(email.id)], alerts: 1, suppressed: 1 });
    expect((await effects(address)).alerts[0]).toMatchObject({ customer_id: BigInt(email.customer_id), details: expect.objectContaining({ reason: '#550 5.1.1 RESOLVER.ADR.RecipNotFound; introuvable ##' }) });
  });

  it('records a 4.x.x failure as a bounce of the email without suppressing the address or alerting', async () => {
    const { address, email } = await sentReminder();
    const { bounced } = await receiveBounce(await bounce('postfix-expired', 'raw', address, email.message_id));
    expect(bounced).toMatchObject({ outcome: 'recorded', recorded: 1, suppressed: 0, alerts: 0 });
    const after = await effects(address);
    expect(after.events).toMatchObject([{ email_id: email.id, event: 'bounce' }]);
    expect(after).toMatchObject({ suppression: [], alerts: [] });
  });

  it.each([
    ['a delayed delivery', 'postfix-delayed', (a: string) => a, 'delayed'],
    ['an address the email was not sent to', 'postfix-user-unknown', () => 'someone@elsewhere.example', 'unidentified'],
  ] as const)('records nothing for %s', async (_name, fixture, named, outcome) => {
    const { address, email } = await sentReminder();
    const { bounced } = await receiveBounce(await bounce(fixture, 'raw', named(address), email.message_id));
    expect(bounced.outcome).toBe(outcome);
    expect(await effects(named(address))).toEqual({ events: [], suppression: [], alerts: [] });
  });

  it('leaves a customer\'s own reply alone, even one that pastes a bounce', async () => {
    const { address, email } = await sentReminder();
    const pasted = await bounce('postfix-user-unknown', 'parsed inline', address, email.message_id);
    const headers = `From: ${address}\r\nSubject: Fwd: Undelivered Mail\r\nMessage-ID: <human${++n}@x.example>\r\n`;
    const human: InboundReply = { ...pasted, headers, messageId: `<human${n}@x.example>`, fromAddress: address };
    const { bounced } = await receiveBounce(human);
    expect(bounced).toEqual({ outcome: 'not_a_bounce' });
    expect(await effects(address)).toEqual({ events: [], suppression: [], alerts: [] });
  });

  // Last: its tick moves the cadence a week on for every customer of this file.
  it('stops reminders to the bounced contact, as a webhook bounce does, while others get their next step', async () => {
    const bounced = await sentReminder();
    const kept = await sentReminder();
    await receiveBounce(await bounce('postfix-user-unknown', 'raw', bounced.address, bounced.email.message_id));
    const tick = await runCadenceTick(deps, new Date('2026-03-20T08:30:00Z'));
    expect(tick.paused.contact_bounces).toBeGreaterThanOrEqual(1);
    const escalations = (customerId: string) => db.sql`
      SELECT to_emails FROM reminder_emails WHERE customer_id = ${customerId}::int8 AND step_key = 'escalation'`;
    expect(await escalations(bounced.email.customer_id)).toEqual([]);
    expect(await escalations(kept.email.customer_id)).toEqual([{ to_emails: [kept.address] }]);
  });
});
