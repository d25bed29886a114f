import { Client } from '@sendgrid/client';
import { MailService } from '@sendgrid/mail';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildAnswerEmail } from '../../blocks/email/answer-email.js';
import { createOutboxSender } from '../../adapters/email/outbox-sender.js';
import { createSendGridSender, toMailSendBody } from '../../adapters/email/sendgrid-sender.js';
import { postgresInboundReplyStore } from '../../adapters/postgres/inbound-replies.js';
import { postgresReplyAnswerStore } from '../../adapters/postgres/reply-answers.js';
import { postgresReplyMatchStore } from '../../adapters/postgres/reply-matching.js';
import type { Config } from '../../src/config.js';
import type { InboundReply } from '../../src/domain/inbound-parse.js';
import { replyTokensIn, verifyReplyToken } from '../../src/domain/reply-address.js';
import type { EmailSender, OutgoingEmail } from '../../src/ports/email-sender.js';
import { queueReplyAnswer, sendQueuedAnswers, type QueueAnswerDeps, type SendAnswersDeps } from '../../src/services/answer-reply.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { receiveReply } from '../../src/services/receive-reply.js';
import { cadenceDeps, emailSender } from '../../src/wire/cadence.js';
import { cadenceConfig, importD3Ledger, importRows, owner, quietLog } from '../support/cadence-ledger.js';
import { sendGridError, startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

let db: TestDb;
let sendgrid: FakeSendGrid;
let config: Config;
let cadence: CadenceDeps;
let n = 0;

const domain = 'reply.acme.example';
// The D+3 reminder of importD3Ledger goes out on Friday 13 March 2026; the customer answers that afternoon.
const overdueTick = new Date('2026-03-13T08:30:00Z');
const repliedAt = '2026-03-13T15:00:00Z';
const answeredAt = new Date('2026-03-13T16:00:00Z');
const minutes = (m: number) => new Date(answeredAt.getTime() + m * 60_000);
const ana = { name: owner.name, email: owner.email };

const from = () => ({ email: config.EMAIL_FROM!, name: config.EMAIL_FROM_NAME });
const queueDeps = (): QueueAnswerDeps => ({
  store: postgresReplyAnswerStore(db.sql), mail: { from: from(), inboundDomain: config.INBOUND_DOMAIN, linkSecret: config.LINK_SECRET! },
});
const sendDeps = (sender: EmailSender = emailSender(config, quietLog), maxAttempts = 8): SendAnswersDeps => ({
  store: postgresReplyAnswerStore(db.sql), sender, render: buildAnswerEmail, from: from(), maxAttempts,
});
/** The production SendGrid sender, one request per send, so a scripted failure is the send's outcome. */
const oneShot = () => createSendGridSender({ apiKey: sendgrid.apiKey, baseUrl: sendgrid.url, retry: { maxAttempts: 1, maxWaitMs: 0 } });

const matching = () => ({
  store: postgresReplyMatchStore(db.sql), secret: config.LINK_SECRET!, inboundDomain: config.INBOUND_DOMAIN, pauseDays: config.REPLY_PAUSE_DAYS,
});

/** A reply as the Inbound Parse reader stores it, read and matched as the webhook does. */
async function receive(o: { from: string; subject?: string; headers?: string; at?: string }) {
  const messageId = `<reply${++n}.${Date.now().toString(36)}@customer.example>`;
  const subject = o.subject ?? 'RE: Payment reminder';
  const reply: InboundReply = {
    messageId, receivedAt: new Date(o.at ?? repliedAt), mode: 'parsed', fromAddress: o.from, toAddress: 'ar@acme.example', subject,
    headers: `From: ${o.from}\r\nTo: ar@acme.example\r\nSubject: ${subject}\r\nMessage-ID: ${messageId}\r\n${o.headers ?? ''}`,
    textBody: 'We will pay on the 20th.', htmlBody: null, spf: 'pass', dkim: null, rawSize: 200, rawMime: null, attachments: [],
  };
  const stored = await receiveReply(postgresInboundReplyStore(db.sql), reply, matching());
  return { id: stored.id, messageId };
}

/** A customer (two billing contacts) whose D+3 reminder went out with our Message-ID, and their reply in its thread. */
async function repliedCustomer() {
  const id = `A${++n}`;
  const host = `${id.toLowerCase()}.example`;
  await importD3Ledger(db.sql, [id], { billing_email: `ap@${host};ann@${host}` });
  await runCadenceTick(cadence, overdueTick);
  const [email] = await db.sql<{ id: string; message_id: string; customer_id: string }[]>`
    SELECT e.id::text, e.message_id, e.customer_id::text FROM reminder_emails e JOIN customers c ON c.id = e.customer_id
    WHERE c.external_id = ${id} AND e.step_key <> 'upcoming' AND e.status = 'sent'`;
  const reply = await receive({
    from: `Ann Doe <Ann@${host}>`, headers: `In-Reply-To: ${email!.message_id}\r\nReferences: ${email!.message_id}\r\n`,
  });
  sendgrid.reset();
  return { host, email: email!, reply };
}

const answerRow = async (answerId: bigint) => (await db.sql<{
  status: string; attempts: number; message_id: string; provider_message_id: string | null; next_attempt_at: Date | null; last_error: string | null;
}[]>`SELECT status, attempts, message_id, provider_message_id, next_attempt_at, last_error FROM reply_answers WHERE id = ${answerId.toString()}::int8`)[0]!;
const handled = async (replyId: bigint) => (await db.sql<{ handled_how: string | null; handled_by: string | null }[]>`
  SELECT handled_how, handled_by FROM inbound_replies WHERE id = ${replyId.toString()}::int8`)[0]!;

async function queued(replyId: bigint, body = 'Hello Ann,\n\nThanks: the 20th works for us.') {
  const r = await queueReplyAnswer(queueDeps(), { replyId, body, sentBy: ana, now: answeredAt });
  if (!r.ok) throw new Error(r.message);
  return r.answerId;
}

/**
 * The message SendGrid builds from a v3 mail/send body, as RFC 5322 text: its address fields, subject and our own
 * headers as given, then both contents (base64, so the parser reads exactly what was posted).
 */
function emlOf(body: any): string { // eslint-disable-line @typescript-eslint/no-explicit-any -- the captured v3 JSON
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const p = body.personalizations[0];
  const lines = [
    `From: "${body.from.name}" <${body.from.email}>`,
    `To: ${p.to.map((a: { email: string }) => `<${a.email}>`).join(', ')}`,
    ...(p.cc ? [`Cc: ${p.cc.map((a: { email: string }) => `<${a.email}>`).join(', ')}`] : []),
    ...(body.reply_to ? [`Reply-To: <${body.reply_to.email}>`] : []),
    `Subject: =?UTF-8?B?${b64(body.subject)}?=`,
    ...Object.entries(body.headers ?? {}).map(([k, v]) => `${k}: ${v as string}`),
    'MIME-Version: 1.0',
    'Content-Type: multipart/alternative; boundary="b1"',
    '',
    ...body.content.flatMap((c: { type: string; value: string }) => [
      '--b1', `Content-Type: ${c.type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', b64(c.value),
    ]),
    '--b1--',
    '',
  ];
  return lines.join('\r\n');
}

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  config = cadenceConfig(sendgrid, { INBOUND_DOMAIN: domain });
  cadence = await cadenceDeps(config, db.sql, quietLog);
  await importRows(db.sql, { owners: [owner] });
});
beforeEach(() => sendgrid.reset());
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

describe('an answer sent through SendGrid', () => {
  it('reaches the billing contacts threaded under the customer\'s reply, and the reply is answered', async () => {
    const { host, email, reply } = await repliedCustomer();
    const answerId = await queued(reply.id);

    expect(await sendQueuedAnswers(sendDeps(), answeredAt)).toEqual({ sent: 1, failed: 0, inDoubt: 0, retried: 0, replyIds: [reply.id] });
    const [request] = sendgrid.requests;
    expect(request!.answer).toBe(202);
    const row = await answerRow(answerId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, provider_message_id: request!.messageId, last_error: null });
    expect(row.message_id).toMatch(new RegExp(`^<arbot\\.answer\\.${reply.id}\\.[0-9a-f]{16}@reply\\.acme\\.example>$`));

    const parsed = await PostalMime.parse(emlOf(request!.body));
    expect(parsed.messageId).toBe(row.message_id);
    expect(parsed.inReplyTo).toBe(reply.messageId);
    expect(parsed.references?.split(/\s+/)).toEqual([email.message_id, reply.messageId]);
    expect(parsed.subject).toBe('Re: Payment reminder');
    expect(parsed.to?.map((a) => ('address' in a ? a.address : null))).toEqual([`ann@${host}`, `ap@${host}`]);
    expect(parsed.cc).toBeUndefined();
    const replyTo = parsed.replyTo?.[0];
    const [token] = replyTokensIn([replyTo && 'address' in replyTo ? replyTo.address! : ''], domain);
    expect(verifyReplyToken(token!, config.LINK_SECRET!, answeredAt)).toMatchObject({ ok: true, emailId: BigInt(email.id) });
    expect(parsed.text).toBe('Hello Ann,\n\nThanks: the 20th works for us.\n\n-- \nAna Martin, Acme Receivables');
    expect(parsed.html).toContain('Hello Ann,</p>');
    expect(request!.body.custom_args).toEqual({ arbot_answer_id: answerId.toString() });

    expect(await handled(reply.id)).toEqual({ handled_how: 'answered', handled_by: owner.email });
    // Sent once: a second run finds nothing to send.
    expect(await sendQueuedAnswers(sendDeps(), minutes(30))).toMatchObject({ sent: 0, replyIds: [] });
    expect(sendgrid.requests).toHaveLength(1);
  });

  it('posts the body @sendgrid/mail itself posts for the same threaded message', async () => {
    const { reply } = await repliedCustomer();
    await queued(reply.id);
    let composed: OutgoingEmail | null = null;
    const recording: EmailSender = { name: 'recording', send: async (e) => ((composed = e), oneShot().send(e)) };
    await sendQueuedAnswers(sendDeps(recording), answeredAt);
    const e = composed! as OutgoingEmail;

    // @sendgrid/mail as its README has it, on a client of its own pointed at the fake (setApiKey resets the base URL).
    const client = new Client();
    client.setApiKey(sendgrid.apiKey);
    client.setDefaultRequest('baseUrl', `${sendgrid.url}/`);
    const service = new MailService();
    service.setClient(client);
    await service.send({
      from: e.from, personalizations: [{ to: e.to.map((a) => ({ email: a })) }], replyTo: { email: e.replyTo! }, subject: e.subject,
      content: [{ type: 'text/plain', value: e.text }, { type: 'text/html', value: e.html }], customArgs: { ...e.customArgs },
      categories: [...e.categories], headers: { 'Message-ID': e.messageId!, 'In-Reply-To': e.inReplyTo!, References: e.references!.join(' ') },
    });
    const [ours, theirs] = sendgrid.requests;
    expect(theirs!.answer).toBe(202);
    expect(ours!.body).toEqual(theirs!.body);
    expect(ours!.body).toEqual(JSON.parse(JSON.stringify(toMailSendBody(e))));
    expect(theirs!.body.headers).toEqual({ 'Message-ID': e.messageId, 'In-Reply-To': reply.messageId, References: e.references!.join(' ') });
  });

  it('writes the same threading into the outbox .eml when there is no SendGrid key', async () => {
    const { email, reply } = await repliedCustomer();
    const answerId = await queued(reply.id);
    const dir = await mkdtemp(join(tmpdir(), 'arbot-outbox-'));
    try {
      expect(await sendQueuedAnswers(sendDeps(createOutboxSender({ dir, log: quietLog })), answeredAt)).toMatchObject({ sent: 1 });
      const [file] = await readdir(dir);
      const parsed = await PostalMime.parse(await readFile(join(dir, file!), 'utf8'));
      expect(parsed.messageId).toBe((await answerRow(answerId)).message_id);
      expect(parsed.inReplyTo).toBe(reply.messageId);
      expect(parsed.references?.split(/\s+/)).toEqual([email.message_id, reply.messageId]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('leaves a reply someone already closed as they closed it', async () => {
    const { reply } = await repliedCustomer();
    await db.sql`UPDATE inbound_replies SET handled_at = ${answeredAt}, handled_by = 'bob@acme.example', handled_how = 'done' WHERE id = ${reply.id.toString()}::int8`;
    await queued(reply.id);
    expect(await sendQueuedAnswers(sendDeps(), answeredAt)).toMatchObject({ sent: 1 });
    expect(await handled(reply.id)).toEqual({ handled_how: 'done', handled_by: 'bob@acme.example' });
  });
});

describe('an answer the provider did not take', () => {
  it('is retried later after a 5xx, then failed after the last attempt, and the reply still waits', async () => {
    const { reply } = await repliedCustomer();
    const answerId = await queued(reply.id);
    sendgrid.enqueue(sendGridError(503, 'unavailable'), sendGridError(503, 'unavailable'));

    expect(await sendQueuedAnswers(sendDeps(oneShot(), 2), answeredAt)).toMatchObject({ retried: 1, sent: 0 });
    expect(await answerRow(answerId)).toMatchObject({ status: 'queued', attempts: 1, next_attempt_at: minutes(1) });
    expect(await sendQueuedAnswers(sendDeps(oneShot(), 2), answeredAt)).toMatchObject({ retried: 0, sent: 0 });
    expect(await sendQueuedAnswers(sendDeps(oneShot(), 2), minutes(1))).toMatchObject({ failed: 1, replyIds: [reply.id] });

    const row = await answerRow(answerId);
    expect(row).toMatchObject({ status: 'failed', attempts: 2 });
    expect(row.last_error).toContain('sendgrid 503');
    expect(sendgrid.requests.map((r) => r.answer)).toEqual([503, 503]);
    expect(await handled(reply.id)).toEqual({ handled_how: null, handled_by: null });
  });

  it('is failed at once when refused (4xx)', async () => {
    const { reply } = await repliedCustomer();
    const answerId = await queued(reply.id);
    sendgrid.enqueue(sendGridError(400, 'The from address does not match a verified Sender Identity.', 'from'));
    expect(await sendQueuedAnswers(sendDeps(oneShot()), answeredAt)).toMatchObject({ failed: 1 });
    expect((await answerRow(answerId)).last_error).toContain('verified Sender Identity');
  });
});

describe('an answer that may have been sent', () => {
  it('is in doubt when the connection drops after the request, and is never sent again', async () => {
    const { reply } = await repliedCustomer();
    const answerId = await queued(reply.id);
    sendgrid.enqueue({ destroySocket: true });

    expect(await sendQueuedAnswers(sendDeps(oneShot()), answeredAt)).toMatchObject({ inDoubt: 1, sent: 0 });
    expect(await answerRow(answerId)).toMatchObject({ status: 'in_doubt', attempts: 1 });
    await sendQueuedAnswers(sendDeps(oneShot()), minutes(60));
    expect(sendgrid.requests).toHaveLength(1);
    expect(await handled(reply.id)).toEqual({ handled_how: null, handled_by: null });
  });

  it('is in doubt once "sending" for over 10 minutes (the sender died), and is never sent', async () => {
    const { reply } = await repliedCustomer();
    const answerId = await queued(reply.id);
    const claimed = await postgresReplyAnswerStore(db.sql).claimNextAnswer(answeredAt);
    expect(claimed).toMatchObject({ answerId, attempts: 1, replyHeaders: expect.stringContaining(reply.messageId) });

    expect(await sendQueuedAnswers(sendDeps(), minutes(10))).toMatchObject({ inDoubt: 0, sent: 0 });
    expect(await answerRow(answerId)).toMatchObject({ status: 'sending' });
    expect(await sendQueuedAnswers(sendDeps(), minutes(11))).toMatchObject({ inDoubt: 1, replyIds: [reply.id] });
    expect(await answerRow(answerId)).toMatchObject({ status: 'in_doubt' });
    expect(sendgrid.requests).toHaveLength(0);
  });

  it('is claimed by one sender only', async () => {
    const { reply } = await repliedCustomer();
    await queued(reply.id);
    const store = postgresReplyAnswerStore(db.sql);
    const claims = await Promise.all([store.claimNextAnswer(answeredAt), store.claimNextAnswer(answeredAt), store.claimNextAnswer(answeredAt)]);
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    await sendQueuedAnswers(sendDeps(), minutes(11)); // sweeps it, so later tests start with an empty queue
  });
});

describe('what is refused, with what to fix', () => {
  it.each([
    ['empty', ' \n\t ', 'the answer is empty'],
    ['too_long', 'x'.repeat(10_001), 'at most 10000'],
    ['nul', 'hello\u0000', 'NUL character'],
  ])('%s', async (code, body, message) => {
    const { reply } = await repliedCustomer();
    const r = await queueReplyAnswer(queueDeps(), { replyId: reply.id, body, sentBy: ana, now: answeredAt });
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('takes exactly 10000 characters, emoji counted as one', async () => {
    const { reply } = await repliedCustomer();
    const r = await queueReplyAnswer(queueDeps(), { replyId: reply.id, body: '😀'.repeat(10_000), sentBy: ana, now: answeredAt });
    expect(r.ok).toBe(true);
    await sendQueuedAnswers(sendDeps(), answeredAt);
  });

  it('refuses an unknown reply and a reply nobody could place', async () => {
    const unknown = await queueReplyAnswer(queueDeps(), { replyId: 999_999_999n, body: 'hi', sentBy: ana, now: answeredAt });
    expect(unknown).toMatchObject({ ok: false, code: 'unknown_reply' });
    const stranger = await receive({ from: `nobody${++n}@elsewhere.example` });
    const unmatched = await queueReplyAnswer(queueDeps(), { replyId: stranger.id, body: 'hi', sentBy: ana, now: answeredAt });
    expect(unmatched).toMatchObject({ ok: false, code: 'unmatched_reply', message: expect.stringContaining('answer it from your mailbox') });
  });

  it('refuses when every billing contact is suppressed', async () => {
    const { host, reply } = await repliedCustomer();
    await db.sql`INSERT INTO email_suppressions (email, reason, event) VALUES (${`ap@${host}`}, 'bounce', 'bounce'), (${`ann@${host}`}, 'bounce', 'bounce')`;
    const r = await queueReplyAnswer(queueDeps(), { replyId: reply.id, body: 'hi', sentBy: ana, now: answeredAt });
    expect(r).toMatchObject({ ok: false, code: 'no_billing_contacts', message: expect.stringContaining('add one in the ERP') });
    expect(await db.sql`SELECT 1 FROM reply_answers WHERE reply_id = ${reply.id.toString()}::int8`).toHaveLength(0);
  });
});

describe('the customer\'s reply to an answer', () => {
  it('is matched by its thread to the reminder email and customer of the reply answered', async () => {
    const { email, reply } = await repliedCustomer();
    const answerId = await queued(reply.id);
    await sendQueuedAnswers(sendDeps(), answeredAt);
    const { message_id: answerMessageId } = await answerRow(answerId);

    const next = await receive({
      from: 'colleague@elsewhere.example', at: '2026-03-14T09:00:00Z',
      headers: `In-Reply-To: ${answerMessageId}\r\nReferences: <unknown@x.example> ${answerMessageId}\r\n`,
    });
    const [row] = await db.sql<{ matched_by: string | null; reminder_email_id: string | null; customer_id: string | null }[]>`
      SELECT matched_by, reminder_email_id::text, customer_id::text FROM inbound_replies WHERE id = ${next.id.toString()}::int8`;
    expect(row).toEqual({ matched_by: 'thread', reminder_email_id: email.id, customer_id: email.customer_id });
  });
});
