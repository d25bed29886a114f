import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxSender } from '../../adapters/email/outbox-sender.js';
import { postgresInboundReplyStore } from '../../adapters/postgres/inbound-replies.js';
import { postgresReplyMatchStore } from '../../adapters/postgres/reply-matching.js';
import type { Config } from '../../src/config.js';
import type { InboundReply } from '../../src/domain/inbound-parse.js';
import { signReplyToken, verifyReplyToken } from '../../src/domain/reply-address.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { receiveReply } from '../../src/services/receive-reply.js';
import { loadConfig } from '../../src/config.js';
import { startServer } from '../../src/main.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { inboundContentType, multipartBody, parsedModeParts, signedInbound } from '../support/inbound-parse.js';
import { cadenceConfig, customer, importD3Ledger, importRows, invoice, owner, quietLog } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

let db: TestDb;
let sendgrid: FakeSendGrid;
let config: Config;
let deps: CadenceDeps;
let n = 0;

const domain = 'reply.acme.example';
// Paris customers with one invoice due Tuesday 10 March 2026: the D+3 reminder is due Friday 13 March, 09:00.
const overdueTick = new Date('2026-03-13T08:30:00Z');

async function ledger(count = 1): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `R${++n}`);
  await importD3Ledger(db.sql, ids);
  return ids;
}

/** A reply as the Inbound Parse reader stores it. */
function inbound(o: { at: string; from: string; to?: string; headers?: string; subject?: string }): InboundReply {
  const messageId = `<reply${++n}@customer.example>`;
  const to = o.to ?? 'jane@acme.example';
  return {
    messageId, receivedAt: new Date(o.at), mode: 'parsed', fromAddress: o.from, toAddress: to, subject: o.subject ?? 'Re: your reminder',
    headers: `From: ${o.from}\r\nTo: ${to}\r\nSubject: ${o.subject ?? 'Re: your reminder'}\r\nMessage-ID: ${messageId}\r\n${o.headers ?? ''}`,
    textBody: 'We will pay on the 20th.', htmlBody: null, spf: 'pass', dkim: null, rawSize: 200, rawMime: null, attachments: [],
  };
}

const matching = () => ({
  store: postgresReplyMatchStore(db.sql), secret: config.LINK_SECRET!, inboundDomain: config.INBOUND_DOMAIN, pauseDays: config.REPLY_PAUSE_DAYS,
});
const receive = (reply: InboundReply) => receiveReply(postgresInboundReplyStore(db.sql), reply, matching());

async function replyRow(id: bigint) {
  const [row] = await db.sql<{ matched_by: string | null; machine: string | null; reminder_email_id: string | null; customer_id: string | null }[]>`
    SELECT matched_by, machine, reminder_email_id::text, customer_id::text FROM inbound_replies WHERE id = ${id.toString()}::int8`;
  return row!;
}
const holdsOf = (replyId: bigint) => db.sql<{ invoice: string; until_date: string; reason: string }[]>`
  SELECT i.number AS invoice, h.until_date::text, h.reason FROM reminder_holds h JOIN invoices i ON i.id = h.invoice_id
  WHERE h.created_by = ${`reply:${replyId}`} ORDER BY i.number`;
const ids = async (externalId: string) => {
  const [r] = await db.sql<{ customer_id: string; email_id: string }[]>`
    SELECT c.id::text AS customer_id, e.id::text AS email_id FROM customers c JOIN reminder_emails e ON e.customer_id = c.id
    WHERE c.external_id = ${externalId} AND e.step_key = 'upcoming'`;
  return r!;
};
const overdueEmails = (externalId: string) => db.sql<{ id: string; status: string; message_id: string | null }[]>`
  SELECT e.id::text, e.status, e.message_id FROM reminder_emails e JOIN customers c ON c.id = e.customer_id
  WHERE c.external_id = ${externalId} AND e.step_key <> 'upcoming'`;
/** A token for a customer's D-7 email (sent before these tests, so it has no Message-ID of ours). */
const tokenFor = async (externalId: string, expiresAt = new Date('2027-01-01T00:00:00Z')) =>
  signReplyToken(BigInt((await ids(externalId)).email_id), expiresAt, config.LINK_SECRET!);

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  config = cadenceConfig(sendgrid, { INBOUND_DOMAIN: domain });
  deps = await cadenceDeps(config, db.sql, quietLog);
  await importRows(db.sql, { owners: [owner] });
});
beforeEach(() => sendgrid.reset());
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

describe('the reply address and our Message-ID', () => {
  it('sends each customer email with Reply-To r+<token>@INBOUND_DOMAIN and our Message-ID, recorded on the email', async () => {
    const [id] = await ledger();
    await runCadenceTick(deps, overdueTick);
    const body = sendgrid.accepted().find((b) => b.personalizations[0].to[0].email === `ap@${id!.toLowerCase()}.example`);
    const [email] = await overdueEmails(id!);
    const local = /^r\+([a-z2-7]+)@reply\.acme\.example$/.exec(body.reply_to.email);
    expect(local).not.toBeNull();
    expect(`r+${local![1]}`.length).toBeLessThanOrEqual(64);
    expect(verifyReplyToken(local![1]!, config.LINK_SECRET!, overdueTick)).toMatchObject({ ok: true, emailId: BigInt(email!.id) });
    expect(body.headers['Message-ID']).toMatch(new RegExp(`^<arbot\\.${email!.id}\\.[0-9a-f]{16}@reply\\.acme\\.example>$`));
    expect(email!.message_id).toBe(body.headers['Message-ID']);
    // The template still names the account manager the customer knows.
    expect(body.content[0].value).toContain('Ana Martin');
  });

  it('writes the same Reply-To and Message-ID into the outbox .eml', async () => {
    const [id] = await ledger();
    const dir = await mkdtemp(join(tmpdir(), 'arbot-outbox-'));
    try {
      await runCadenceTick({ ...deps, sender: createOutboxSender({ dir, log: quietLog }) }, overdueTick);
      const [email] = await overdueEmails(id!);
      const files = await readdir(dir);
      const file = files.find((f) => f.endsWith(`-${email!.id}.eml`));
      const parsed = await PostalMime.parse(await readFile(join(dir, file!), 'utf8'));
      const replyTo = parsed.replyTo?.[0];
      const address = replyTo && 'address' in replyTo ? replyTo.address! : '';
      expect(address).toMatch(/^r\+[a-z2-7]{53}@reply\.acme\.example$/);
      expect(verifyReplyToken(address.slice(2, 55), config.LINK_SECRET!, overdueTick)).toMatchObject({ ok: true, emailId: BigInt(email!.id) });
      expect(parsed.messageId).toBe(email!.message_id);
      expect(email!.message_id).toMatch(/^<arbot\.\d+\.[0-9a-f]{16}@reply\.acme\.example>$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('matching a reply', () => {
  it('by its token, holding the email\'s invoices for REPLY_PAUSE_DAYS, once however often it is delivered', async () => {
    const [id] = await ledger();
    const reply = inbound({ at: '2026-03-12T10:00:00Z', from: 'someone@elsewhere.example', to: `"Acme AR" <r+${await tokenFor(id!)}@${domain}>` });
    const first = await receive(reply);
    const again = await receive(reply);
    expect(first.matched).toMatchObject({ recorded: true, heldInvoices: 1, match: { by: 'token' } });
    expect(again).toMatchObject({ id: first.id, inserted: false, matched: { recorded: false, heldInvoices: 0 } });
    const sent = await ids(id!);
    expect(await replyRow(first.id)).toEqual({ matched_by: 'token', machine: null, reminder_email_id: sent.email_id, customer_id: sent.customer_id });
    expect(await holdsOf(first.id)).toEqual([{ invoice: `INV-I${id}`, until_date: '2026-03-16', reason: 'customer replied' }]);
  });

  it.each([
    ['forged', async (id: string) => (await tokenFor(id)).replace(/.$/, (c) => (c === 'a' ? 'b' : 'a'))],
    ['expired', (id: string) => tokenFor(id, new Date('2026-03-01T00:00:00Z'))],
  ])('not by a %s token', async (_, token) => {
    const [id] = await ledger();
    const r = await receive(inbound({ at: '2026-03-12T10:00:00Z', from: 'someone@elsewhere.example', to: `r+${await token(id!)}@${domain}` }));
    expect(r.matched?.match).toEqual({ by: null, machine: null });
    expect(await replyRow(r.id)).toEqual({ matched_by: null, machine: null, reminder_email_id: null, customer_id: null });
    expect(await holdsOf(r.id)).toEqual([]);
  });

  it.each([
    ['In-Reply-To', (mid: string) => `In-Reply-To: ${mid}\r\nReferences: <unknown@x.example>\r\n`],
    ['References', (mid: string) => `In-Reply-To: <unknown@x.example>\r\nReferences: <first@x.example>\r\n ${mid} <forwarded@y.example>\r\n`],
  ])('by the thread (%s) to the email we sent', async (_, headers) => {
    const [id] = await ledger();
    await runCadenceTick(deps, overdueTick);
    const [email] = await overdueEmails(id!);
    const r = await receive(inbound({ at: '2026-03-13T15:00:00Z', from: 'someone@elsewhere.example', headers: headers(email!.message_id!) }));
    expect(await replyRow(r.id)).toEqual({ matched_by: 'thread', machine: null, reminder_email_id: email!.id, customer_id: (await ids(id!)).customer_id });
    expect(await holdsOf(r.id)).toEqual([{ invoice: `INV-I${id}`, until_date: '2026-03-17', reason: 'customer replied' }]);
  });

  it('by the sender among one customer\'s billing contacts, holding every open invoice of that customer', async () => {
    const [id] = await ledger();
    await importRows(db.sql, { invoices: [invoice(`J${id}`, id!, '2026-04-30', '50.00')] });
    const r = await receive(inbound({ at: '2026-03-12T10:00:00Z', from: `Accounts Payable <AP@${id!.toLowerCase()}.example>` }));
    expect(await replyRow(r.id)).toEqual({ matched_by: 'sender', machine: null, reminder_email_id: null, customer_id: (await ids(id!)).customer_id });
    expect((await holdsOf(r.id)).map((h) => h.invoice)).toEqual([`INV-I${id}`, `INV-J${id}`]);
  });

  it('not by a sender who is the billing contact of two customers', async () => {
    const shared = { billing_email: `shared${++n}@group.example` };
    await importRows(db.sql, { customers: [customer(`S${n}a`, 'Europe/Paris', 'standard', shared), customer(`S${n}b`, 'Europe/Paris', 'standard', shared)] });
    const r = await receive(inbound({ at: '2026-03-12T10:00:00Z', from: shared.billing_email }));
    expect(await replyRow(r.id)).toEqual({ matched_by: null, machine: null, reminder_email_id: null, customer_id: null });
  });

  it('records an auto-reply as such, even with a valid token, and pauses nothing', async () => {
    const [id] = await ledger();
    const r = await receive(inbound({
      at: '2026-03-12T10:00:00Z', from: `ap@${id!.toLowerCase()}.example`, to: `r+${await tokenFor(id!)}@${domain}`,
      subject: 'Automatic reply: your reminder', headers: 'Auto-Submitted: auto-replied\r\n',
    }));
    expect(await replyRow(r.id)).toEqual({ matched_by: null, machine: 'auto_reply', reminder_email_id: null, customer_id: null });
    expect(await holdsOf(r.id)).toEqual([]);
    await runCadenceTick(deps, overdueTick);
    expect(await overdueEmails(id!)).toMatchObject([{ status: 'sent' }]);
  });
});

describe('the pause a reply puts on the cadence', () => {
  it('holds the next step while REPLY_PAUSE_DAYS last and sends it the day after', async () => {
    const [id] = await ledger();
    // Thursday 12 March, 11:00 in Paris: held Thursday to Monday (5 days), the D+3 step waits until Tuesday.
    const r = await receive(inbound({ at: '2026-03-12T10:00:00Z', from: 'someone@elsewhere.example', to: `r+${await tokenFor(id!)}@${domain}` }));
    expect(r.matched?.match.by).toBe('token');
    const friday = await runCadenceTick(deps, overdueTick);
    expect(friday.paused.on_hold).toBeGreaterThanOrEqual(1);
    expect(await overdueEmails(id!)).toEqual([]);
    await runCadenceTick(deps, new Date('2026-03-16T08:30:00Z'));
    expect(await overdueEmails(id!)).toEqual([]);
    await runCadenceTick(deps, new Date('2026-03-17T08:30:00Z'));
    expect(await overdueEmails(id!)).toMatchObject([{ status: 'sent' }]);
  });
});

describe('the inbound webhook as main wires it', () => {
  it('matches a posted reply by its token and pauses the email\'s invoices', async () => {
    const [id] = await ledger();
    const at = new Date('2026-03-12T10:00:00Z');
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const app = await startServer(loadConfig({
      PORT: '0', HOST: '127.0.0.1', DEMO_LEDGER: 'off', SCHEDULER: 'off', LINK_SECRET: config.LINK_SECRET, INBOUND_DOMAIN: domain,
      SENDGRID_INBOUND_PUBLIC_KEY: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    }), quietLog, { db, now: () => at });
    try {
      const body = multipartBody(parsedModeParts({ messageId: `<posted${++n}@customer.example>`, to: `r+${await tokenFor(id!)}@${domain}`, text: 'We pay Friday.' }));
      const res = await fetch(`http://127.0.0.1:${app.port}/webhooks/sendgrid/inbound`, {
        method: 'POST', body, headers: { 'content-type': inboundContentType, ...signedInbound(body, privateKey, String(at.getTime() / 1000)) },
      });
      expect(res.status).toBe(200);
      const replyId = BigInt(((await res.json()) as { reply_id: string | number }).reply_id);
      expect(await replyRow(replyId)).toMatchObject({ matched_by: 'token', reminder_email_id: (await ids(id!)).email_id });
      expect(await holdsOf(replyId)).toEqual([{ invoice: `INV-I${id}`, until_date: '2026-03-16', reason: 'customer replied' }]);
    } finally {
      await app.stop();
    }
  });
});
