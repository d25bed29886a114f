import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { postgresInboundReplyStore } from '../../adapters/postgres/inbound-replies.js';
import { postgresReplyMatchStore } from '../../adapters/postgres/reply-matching.js';
import type { ChatCore } from '../../src/chat/chat-core.js';
import type { ChatAction } from '../../src/chat/chat-action.js';
import type { ChatPerson } from '../../src/chat/interaction.js';
import type { Config } from '../../src/config.js';
import type { InboundReply } from '../../src/domain/inbound-parse.js';
import { subject } from '../../src/domain/subject.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { receiveReply } from '../../src/services/receive-reply.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { cadenceConfig, importD3Ledger, importRows, owner, quietLog } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// A customer's reply in chat (issue 17): the alert it raises for the owners, what was read in it, and the buttons
// that act on it through the one chat core: Resume (the cadence restarts), Done, and a promise from the reply.

let db: TestDb;
let sendgrid: FakeSendGrid;
let config: Config;
let deps: CadenceDeps;
let core: ChatCore;
let n = 0;
let now = new Date('2026-03-12T10:00:00Z');

const stranger = { email: 'bob@acme.example', name: 'Bob Other', team: 'sales' };

function inbound(o: { at: string; from: string; headers?: string; text?: string; subject?: string }): InboundReply {
  const messageId = `<chat${++n}@customer.example>`;
  const subjectLine = o.subject ?? 'Re: your reminder';
  return {
    messageId, receivedAt: new Date(o.at), mode: 'parsed', fromAddress: o.from, toAddress: 'jane@acme.example', subject: subjectLine,
    headers: `From: ${o.from}\r\nTo: jane@acme.example\r\nSubject: ${subjectLine}\r\nMessage-ID: ${messageId}\r\n${o.headers ?? ''}`,
    textBody: o.text ?? 'We will pay on the 20th.', htmlBody: null, spf: 'pass', dkim: null, rawSize: 200, rawMime: null, attachments: [],
  };
}

const receive = (reply: InboundReply) => receiveReply(postgresInboundReplyStore(db.sql), reply, {
  store: postgresReplyMatchStore(db.sql), secret: config.LINK_SECRET!, inboundDomain: config.INBOUND_DOMAIN, pauseDays: config.REPLY_PAUSE_DAYS,
});

function person(who: { email: string; name: string }): ChatPerson {
  return { platform: 'local', userId: `local:${who.email}`, name: who.name, chatId: null, email: async () => who.email };
}
const click = (who: { email: string; name: string }, action: ChatAction) =>
  core.handle({ person: person(who), action, delivery: { key: `k${++n}`, forgetIfRefused: false } });

const overdueEmails = (externalId: string) => db.sql<{ step_key: string; status: string }[]>`
  SELECT e.step_key, e.status FROM reminder_emails e JOIN customers c ON c.id = e.customer_id
  WHERE c.external_id = ${externalId} AND e.step_key <> 'upcoming'`;
const holds = (replyId: bigint) => db.sql<{ released: boolean }[]>`
  SELECT released_at IS NOT NULL AS released FROM reminder_holds WHERE created_by = ${`reply:${replyId}`}`;
const alertsOf = (replyId: bigint) => db.sql<{ kind: string; invoice_id: string | null; customer_id: string | null }[]>`
  SELECT kind, invoice_id::text, customer_id::text FROM alerts WHERE reply_id = ${replyId.toString()}::int8 ORDER BY id`;
const handled = async (replyId: bigint) => (await db.sql<{ handled_how: string | null; handled_by: string | null }[]>`
  SELECT handled_how, handled_by FROM inbound_replies WHERE id = ${replyId.toString()}::int8`)[0]!;

/** A Paris customer with one invoice due Tuesday 10 March, reminded at D-7; its reply by the billing contact. */
async function repliedCustomer(text?: string): Promise<{ id: string; replyId: bigint; invoiceId: bigint }> {
  const id = `C${++n}`;
  await importD3Ledger(db.sql, [id]);
  const r = await receive(inbound({ at: '2026-03-12T10:00:00Z', from: `Jane <ap@${id.toLowerCase()}.example>`, ...(text ? { text } : {}) }));
  expect(r.matched?.match.by).toBe('sender');
  const [inv] = await db.sql<{ id: bigint }[]>`SELECT i.id FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE c.external_id = ${id}`;
  return { id, replyId: r.id, invoiceId: inv!.id };
}

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  config = cadenceConfig(sendgrid, {});
  deps = await cadenceDeps(config, db.sql, quietLog);
  await importRows(db.sql, { owners: [owner, stranger] });
  ({ core } = chatCoreOn(db.sql, { log: quietLog, now: () => now, zone: 'Europe/Paris' }));
});
beforeEach(() => {
  sendgrid.reset();
  now = new Date('2026-03-12T10:00:00Z');
});
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

describe('a reply raises one alert for its owners', () => {
  it('raises customer_reply under the invoice, once, with what was read in it', async () => {
    const { replyId, invoiceId } = await repliedCustomer('Hello, we will pay €100 on 20 March. Regards');
    expect(await alertsOf(replyId)).toEqual([{ kind: 'customer_reply', invoice_id: invoiceId.toString(), customer_id: expect.any(String) }]);
    const view = await core.views.subjectView(subject('reply', replyId), now);
    expect(view).toMatchObject({
      kind: 'customer_reply',
      thread: { subject: { kind: 'invoice', id: invoiceId }, view: { kind: 'invoice_overdue' } },
      reply: { matchedBy: 'sender', proposal: { promise: { date: '2026-03-20', amountInput: '100.00' } }, pausedUntil: '2026-03-16', handled: null },
    });
  });

  it('sends a reply that matches nobody to finance, and records machine mail without an alert', async () => {
    const lost = await receive(inbound({ at: '2026-03-12T10:00:00Z', from: 'nobody@unknown.example' }));
    expect(await alertsOf(lost.id)).toEqual([{ kind: 'reply_unmatched', invoice_id: null, customer_id: null }]);
    const away = await receive(inbound({ at: '2026-03-12T10:00:00Z', from: 'nobody@unknown.example', headers: 'Auto-Submitted: auto-replied\r\n', subject: 'Out of office' }));
    expect(await alertsOf(away.id)).toEqual([]);
    expect((await core.views.subjectView(subject('alert', (await db.sql<{ id: bigint }[]>`SELECT id FROM alerts WHERE reply_id = ${lost.id.toString()}::int8`)[0]!.id), now))?.kind)
      .toBe('reply_unmatched');
  });
});

describe('acting on a reply', () => {
  it('Resume lifts the pause: the D+3 reminder goes on Friday instead of after the pause', async () => {
    const { id, replyId } = await repliedCustomer();
    const outcome = await click(owner, { type: 'resume_reminders', replyId });
    expect(outcome).toMatchObject({ kind: 'done', subjects: expect.arrayContaining([subject('reply', replyId)]) });
    expect(await holds(replyId)).toEqual([{ released: true }]);
    expect(await handled(replyId)).toEqual({ handled_how: 'resumed', handled_by: owner.email });
    await runCadenceTick(deps, new Date('2026-03-13T08:30:00Z'));
    expect(await overdueEmails(id)).toMatchObject([{ step_key: expect.any(String), status: 'sent' }]);
  });

  it('without Resume, the reply holds the D+3 reminder back', async () => {
    const { id } = await repliedCustomer();
    await runCadenceTick(deps, new Date('2026-03-13T08:30:00Z'));
    expect(await overdueEmails(id)).toEqual([]);
  });

  it('Done closes the reply and leaves its pause to run out; a second Done is refused', async () => {
    const { replyId } = await repliedCustomer();
    expect(await click(owner, { type: 'close_reply', replyId })).toMatchObject({ kind: 'done' });
    expect(await handled(replyId)).toEqual({ handled_how: 'done', handled_by: owner.email });
    expect(await holds(replyId)).toEqual([{ released: false }]);
    expect(await click(owner, { type: 'close_reply', replyId })).toMatchObject({ kind: 'refused', code: 'already_done' });
  });

  it('refuses people who do not answer for the customer, privately, and changes nothing', async () => {
    const { replyId } = await repliedCustomer();
    expect(await click(stranger, { type: 'resume_reminders', replyId })).toMatchObject({ kind: 'refused', code: 'not_allowed' });
    expect(await click({ email: 'who@x.example', name: 'Who' }, { type: 'close_reply', replyId })).toMatchObject({ kind: 'refused', code: 'unknown_user' });
    expect(await holds(replyId)).toEqual([{ released: false }]);
    expect(await handled(replyId)).toEqual({ handled_how: null, handled_by: null });
  });

  it('a promise logged from the reply closes it and lifts its pause (the promise holds reminders now)', async () => {
    const { replyId, invoiceId } = await repliedCustomer();
    const form = await click(owner, { type: 'open_form', form: 'promise', subject: subject('invoice', invoiceId), reply: replyId });
    expect(form).toMatchObject({ kind: 'form', form: { form: 'promise', prefill: { replyId: replyId.toString(), promiseDate: '2026-03-20' } } });
    const done = await click(owner, { type: 'log_promise', invoiceId, date: '2026-03-20', amount: '', note: 'from the email', replyId });
    expect(done).toMatchObject({ kind: 'done', subjects: expect.arrayContaining([subject('invoice', invoiceId), subject('reply', replyId)]) });
    expect(await handled(replyId)).toEqual({ handled_how: 'promise', handled_by: owner.email });
    expect(await holds(replyId)).toEqual([{ released: true }]);
    const [p] = await db.sql<{ promised_date: string }[]>`SELECT promised_date::text FROM promises_to_pay WHERE invoice_id = ${invoiceId.toString()}::int8`;
    expect(p?.promised_date).toBe('2026-03-20');
  });

  it("refuses a promise form carrying another customer's reply, before anything is written", async () => {
    const a = await repliedCustomer();
    const b = await repliedCustomer();
    const out = await click(owner, { type: 'log_promise', invoiceId: b.invoiceId, date: '2026-03-20', amount: '', note: '', replyId: a.replyId });
    expect(out).toMatchObject({ kind: 'refused', code: 'stale' });
    expect(await db.sql`SELECT 1 FROM promises_to_pay WHERE invoice_id = ${b.invoiceId.toString()}::int8`).toHaveLength(0);
    expect(await handled(a.replyId)).toEqual({ handled_how: null, handled_by: null });
  });

  it('a dispute opened from the reply closes it as a dispute', async () => {
    const { replyId, invoiceId } = await repliedCustomer('We never received the goods, we will not pay this invoice.');
    const form = await click(owner, { type: 'open_form', form: 'dispute', subject: subject('invoice', invoiceId), reply: replyId });
    expect(form).toMatchObject({ kind: 'form', form: { prefill: { disputeReason: 'not_received' } } });
    expect(await click(owner, { type: 'open_dispute', invoiceId, reason: 'not_received', comment: 'never received', replyId })).toMatchObject({ kind: 'done' });
    expect(await handled(replyId)).toEqual({ handled_how: 'dispute', handled_by: owner.email });
  });

  it('shows the whole reply to its owners only', async () => {
    const long = `${'We are checking with the warehouse. '.repeat(60)}We will pay on 20 March.`;
    const { replyId } = await repliedCustomer(long);
    const view = await core.views.reply(replyId, now);
    expect(view?.cut).toBe(true);
    expect(await click(owner, { type: 'show_reply', replyId })).toMatchObject({ kind: 'show', shown: { show: 'reply', fullText: long } });
    expect(await click(stranger, { type: 'show_reply', replyId })).toMatchObject({ kind: 'refused' });
  });
});
