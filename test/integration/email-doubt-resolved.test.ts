import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { buildAlertCard } from '../../blocks/teams/alert-cards.js';
import { postgresAlertOutbox } from '../../adapters/postgres/alert-outbox.js';
import { loadAlertView, type AlertRow } from '../../adapters/postgres/chat-views-alerts.js';
import { postgresEmailEventStore } from '../../adapters/postgres/email-events.js';
import { recordOutcome, startSending, sweepStaleSending } from '../../adapters/postgres/reminder-sends.js';
import { parseSendGridEvents, type EmailEvent } from '../../src/domain/sendgrid-events.js';
import { recordEmailEvents } from '../../src/services/record-email-events.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// An email whose send ended in doubt (the provider may or may not have taken it) is sent after all once SendGrid
// reports it delivered, opened or clicked: a reminder (and its email_in_doubt card, redrawn resolved), a payment
// plan's email and an answer to a customer's reply, each tied by the custom arg its sender sets. A bounce, drop or
// deferral proves nothing and leaves the doubt to a person.

const now = new Date('2026-03-02T10:00:00Z');
const later = new Date(now.getTime() + 11 * 60_000);
const zone = 'Europe/Paris';
let db: TestDb;
const store = () => postgresEmailEventStore(db.sql);

const event = (over: Partial<EmailEvent> & Pick<EmailEvent, 'sgEventId' | 'event'>): EmailEvent => ({
  recipient: 'ap@c-a.example', occurredAt: new Date('2026-03-02T10:30:00Z'), reason: null, emailId: null,
  providerMessageId: null, suppresses: false, ...over,
});

async function queueEmail(customerExternalId: string): Promise<bigint> {
  const [e] = await db.sql<{ id: bigint }[]>`
    INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
    SELECT id, 'standard', 'overdue', 'overdue', 'queued', ${now}, billing_emails FROM customers WHERE external_id = ${customerExternalId}
    RETURNING id`;
  return BigInt(e!.id);
}

/** A reminder claimed for sending whose process then died: swept into doubt, with its email_in_doubt alert. */
async function inDoubt(customerExternalId: string): Promise<bigint> {
  const id = await queueEmail(customerExternalId);
  expect(await startSending(db.sql, id, now)).not.toBeNull();
  expect(await sweepStaleSending(db.sql, later, 10 * 60_000)).toEqual([id]);
  return id;
}

const emailRow = async (id: bigint) =>
  (await db.sql<{ status: string; sent_at: Date | null }[]>`SELECT status, sent_at FROM reminder_emails WHERE id = ${id.toString()}::int8`)[0]!;

const doubtAlert = async (id: bigint) =>
  (await db.sql<(AlertRow & { posted_at: Date | null })[]>`
    SELECT id, kind, customer_id, invoice_id, dispute_id, email_id, reply_id, details, posted_at FROM alerts WHERE dedupe_key = ${`in_doubt:${id}`}`)[0]!;

beforeAll(async () => {
  db = await openTestDb();
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana Martin', team: 'sales' }],
    customers: ['C-A', 'C-B', 'C-P'].map((c) => customer(c, zone, 'standard')),
    invoices: ['C-A', 'C-B', 'C-P'].map((c) => ({ ...invoice(c.slice(2), c, '2026-01-01', '100.00'), issue_date: '2025-12-01' })),
  });
});
afterAll(async () => {
  await db?.close();
});

describe('a reminder in doubt', () => {
  it('stays in doubt on a deferral or a bounce, and is sent after all on a delivered event, once, audited', async () => {
    const id = await inDoubt('C-A');
    // The alert was posted once.
    await db.sql`UPDATE alerts SET posted_at = ${later} WHERE dedupe_key = ${`in_doubt:${id}`}`;
    await recordEmailEvents(store(), [event({ sgEventId: 'a-0', event: 'deferred', emailId: id }), event({ sgEventId: 'a-1', event: 'bounce', emailId: id })]);
    expect((await emailRow(id)).status).toBe('in_doubt');
    expect((await doubtAlert(id)).posted_at).not.toBeNull();

    const delivered = event({ sgEventId: 'a-2', event: 'delivered', emailId: id, occurredAt: new Date('2026-03-02T10:05:00Z') });
    await recordEmailEvents(store(), [delivered, event({ sgEventId: 'a-3', event: 'open', emailId: id })]);
    await recordEmailEvents(store(), [delivered]);
    expect(await emailRow(id)).toEqual({ status: 'sent', sent_at: new Date('2026-03-02T10:05:00Z') });
    const audit = await db.sql`SELECT actor, details->>'event' AS event FROM audit_log WHERE action = 'email.sent_confirmed' AND entity_id = ${id.toString()}::int8`;
    expect(audit).toEqual([{ actor: 'sendgrid', event: 'delivered' }]);
  });

  it('its email_in_doubt card goes back to the dispatcher and is redrawn resolved, its to-do gone (Slack and Teams)', async () => {
    const [e] = await db.sql<{ id: bigint }[]>`SELECT entity_id AS id FROM audit_log WHERE action = 'email.sent_confirmed' ORDER BY id LIMIT 1`;
    const id = BigInt(e!.id);
    const alert = await doubtAlert(id);
    expect(alert.posted_at).toBeNull();
    const due = await postgresAlertOutbox(db.sql).due(later, 100);
    expect(due.map((a) => a.id)).toContain(alert.id);
    const view = await loadAlertView(db.sql, alert, later, zone);
    expect(view).toMatchObject({ kind: 'email_problem', problem: 'in_doubt', resolved: { how: 'delivered', on: '2026-03-02' } });
    const slack = JSON.stringify(buildAlertMessage(view!));
    expect(slack).toContain('Email sent after all');
    expect(slack).toContain('SendGrid reported it delivered on 2026-03-02');
    expect(slack).not.toContain('What to do');
    const teams = JSON.stringify(buildAlertCard(view!).card);
    expect(teams).toContain('SendGrid reported it delivered on 2026-03-02');
    expect(teams).not.toContain('What to do');
  });

  it('a card still in doubt keeps its to-do', async () => {
    const id = await inDoubt('C-B');
    const view = await loadAlertView(db.sql, await doubtAlert(id), later, zone);
    expect(view).toMatchObject({ kind: 'email_problem', problem: 'in_doubt' });
    expect(view).not.toHaveProperty('resolved');
    expect(JSON.stringify(buildAlertMessage(view!))).toContain('What to do');
  });

  it('the provider\'s late answer resolves the card the same way', async () => {
    const [e] = await db.sql<{ id: bigint }[]>`SELECT id FROM reminder_emails WHERE status = 'in_doubt' ORDER BY id LIMIT 1`;
    const id = BigInt(e!.id);
    await db.sql`UPDATE alerts SET posted_at = ${later} WHERE dedupe_key = ${`in_doubt:${id}`}`;
    await recordOutcome(db.sql, id, { status: 'sent', provider: 'test', messageId: 'm-late', subject: 's' }, later);
    const alert = await doubtAlert(id);
    expect(alert.posted_at).toBeNull();
    expect(await loadAlertView(db.sql, alert, later, zone)).toMatchObject({ resolved: { how: 'provider', on: '2026-03-02' } });
  });
});

describe('the other emails arbot sends, in doubt', () => {
  it('reads the custom args each sender sets', () => {
    const parsed = parseSendGridEvents([
      { email: 'ap@x.example', timestamp: 1, event: 'delivered', sg_event_id: 'p1', arbot_plan_email_id: '7' },
      { email: 'ap@x.example', timestamp: 1, event: 'delivered', sg_event_id: 'p2', arbot_answer_id: 9 },
    ]);
    expect(parsed.ok && parsed.events.map((e) => [e.planEmailId, e.answerId])).toEqual([[7n, null], [null, 9n]]);
  });

  it('a payment plan\'s email is sent after all on its delivered event, audited; a bounce leaves it', async () => {
    const [p] = await db.sql<{ id: bigint }[]>`
      WITH plan AS (
        INSERT INTO payment_plans (customer_id, currency, status, origin, total_minor, needs_finance_approver, created_by, created_at)
        SELECT id, 'EUR', 'requested', 'customer', 10000, false, 'customer', ${now} FROM customers WHERE external_id = 'C-P' RETURNING id
      )
      INSERT INTO plan_emails (plan_id, kind, instalment_no, status, to_emails, created_at, last_error)
      SELECT id, 'plan_refused', 0, 'in_doubt', '{ap@c-p.example}', ${now}, 'timeout' FROM plan RETURNING id`;
    const id = BigInt(p!.id);
    await recordEmailEvents(store(), [event({ sgEventId: 'p-0', event: 'bounce', planEmailId: id })]);
    expect((await db.sql`SELECT status FROM plan_emails WHERE id = ${id.toString()}::int8`)[0]).toEqual({ status: 'in_doubt' });
    await recordEmailEvents(store(), [event({ sgEventId: 'p-1', event: 'delivered', planEmailId: id })]);
    expect((await db.sql`SELECT status, sent_at FROM plan_emails WHERE id = ${id.toString()}::int8`)[0]).toEqual({ status: 'sent', sent_at: new Date('2026-03-02T10:30:00Z') });
    expect(await db.sql`SELECT actor FROM audit_log WHERE action = 'plan_email.sent_confirmed' AND entity_id = ${id.toString()}::int8`).toEqual([{ actor: 'sendgrid' }]);
  });

  it('an answer to a customer\'s reply is sent after all on an open, its reply answered by its author', async () => {
    const [a] = await db.sql<{ id: bigint; reply_id: bigint }[]>`
      WITH r AS (
        INSERT INTO inbound_replies (message_id, received_at, mode, raw_size, customer_id)
        SELECT '<r1@c-a.example>', ${now}, 'parsed', 0, id FROM customers WHERE external_id = 'C-A' RETURNING id, customer_id
      )
      INSERT INTO reply_answers (reply_id, customer_id, sent_by, body, to_emails, subject, message_id, status, created_at, last_error)
      SELECT id, customer_id, 'Ana Martin <ana@acme.example>', 'We will check.', '{ap@c-a.example}', 'Re: invoice', '<a1@acme.example>', 'in_doubt', ${now}, 'timeout'
      FROM r RETURNING id, reply_id`;
    await recordEmailEvents(store(), [event({ sgEventId: 'r-0', event: 'deferred', answerId: BigInt(a!.id) })]);
    expect((await db.sql`SELECT status FROM reply_answers WHERE id = ${a!.id}`)[0]).toEqual({ status: 'in_doubt' });
    await recordEmailEvents(store(), [event({ sgEventId: 'r-1', event: 'open', answerId: BigInt(a!.id) })]);
    expect((await db.sql`SELECT status FROM reply_answers WHERE id = ${a!.id}`)[0]).toEqual({ status: 'sent' });
    expect((await db.sql`SELECT handled_by, handled_how FROM inbound_replies WHERE id = ${a!.reply_id}`)[0]).toEqual({ handled_by: 'ana@acme.example', handled_how: 'answered' });
    expect(await db.sql`SELECT actor FROM audit_log WHERE action = 'reply_answer.sent_confirmed'`).toEqual([{ actor: 'sendgrid' }]);
  });
});
