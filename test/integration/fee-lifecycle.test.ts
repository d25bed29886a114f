import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCustomerBlocks } from '../../blocks/slack/ar-blocks.js';
import { postgresEmailEventStore } from '../../adapters/postgres/email-events.js';
import { postgresFeeStore } from '../../adapters/postgres/fee-store.js';
import { recordOutcome, startSending, sweepStaleSending } from '../../adapters/postgres/reminder-sends.js';
import { decodeAction } from '../../src/chat/chat-action.js';
import type { ChatPerson } from '../../src/chat/interaction.js';
import type { ChatCore } from '../../src/chat/chat-core.js';
import { runCli } from '../../src/cli/main.js';
import { parseLateFeeRule } from '../../src/domain/fees/late-fee-rule.js';
import { recordEmailEvents } from '../../src/services/record-email-events.js';
import { actionIds } from '../../src/views/control-ids.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { capture } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Issue 19, the charges' lifecycle: a claimed late-payment charge follows the reminder email it went out in (sent,
// failed → claimed again, in doubt → neither re-stated nor exported until a delivered event, the provider's late
// word or a person resolves it), and a claim on an invoice paid since stays exportable, with the paid date and the
// days late the amounts were computed on.
//
// Amounts by hand (as in fee-decisions.test.ts): rule "flat" is 10% a year (series at 0 + 1,000 bp), actual/365,
// EUR 40.00 per invoice. Decided on 2026-03-02, an invoice due 2026-01-01 is 60 days late (30 + 28 + 2):
// EUR 3,650.00 → 365,000 × 1,000 × 60 / (365 × 10,000) = 6,000 minor = EUR 60.00 interest; EUR 100.00 in all.

const now = new Date('2026-03-02T10:00:00Z');
const zone = 'Europe/Paris';
const basis = 'Art. L441-10 (test rule)';
const env = { COMPANY_TIMEZONE: zone, LOG_LEVEL: 'silent' };
const ids = ['C-D', 'C-F', 'C-R', 'C-L', 'C-P'] as const;
let db: TestDb;
let core: ChatCore;
const customerIds = new Map<string, bigint>();

const ana: ChatPerson = { platform: 'local', userId: 'ana', name: 'Ana Martin', chatId: null, email: async () => 'ana@acme.example' };

async function claim(customerExternalId: string) {
  const d = decodeAction(actionIds.claimFees, { cu: customerIds.get(customerExternalId)!.toString() }, { asksFirst: false });
  if (!d.ok) throw new Error('claim does not decode');
  const o = await core.handle({ person: ana, action: d.action, delivery: null });
  expect(o).toMatchObject({ kind: 'done' });
}

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, now: () => now, env });
  return { code, out: out.text(), err: err.text() };
}

/** A queued overdue reminder to the customer listing its invoices (as the cadence plans one). */
async function queueEmail(customerExternalId: string): Promise<bigint> {
  const [e] = await db.sql<{ id: bigint }[]>`
    WITH e AS (
      INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
      SELECT id, 'standard', 'overdue', 'overdue', 'queued', ${now}, billing_emails FROM customers WHERE external_id = ${customerExternalId}
      RETURNING id, customer_id
    ), r AS (
      INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
      SELECT i.id, 'overdue-' || e.id, 'standard', e.id, i.amount_minor, i.currency FROM e JOIN invoices i ON i.customer_id = e.customer_id
    )
    SELECT id FROM e`;
  return BigInt(e!.id);
}

/** Claims the email for sending; returns the invoice numbers of the charges it states. */
async function chargesIn(emailId: bigint): Promise<string[]> {
  const sending = await startSending(db.sql, emailId, now);
  if (!sending) throw new Error(`email ${emailId} not claimed`);
  return (sending.lateCharges ?? []).map((c) => c.invoiceNumber);
}

const sent = (emailId: bigint, at = now) => recordOutcome(db.sql, emailId, { status: 'sent', provider: 'test', messageId: null, subject: 's' }, at);

async function charge(number: string) {
  const [r] = await db.sql<{ status: string; email_id: string | null; sent_at: Date | null; emails: string[] }[]>`
    SELECT f.status, f.email_id::text, f.sent_at,
           coalesce((SELECT array_agg(l.email_id::text ORDER BY l.email_id) FROM fee_decision_emails l WHERE l.fee_decision_id = f.id), '{}') AS emails
    FROM fee_decisions f JOIN invoices i ON i.id = f.invoice_id WHERE i.number = ${number} AND f.status <> 'refused'`;
  return r!;
}

async function exported(): Promise<Record<string, string>[]> {
  const r = await cli('fees', 'export', '--format', 'json');
  expect(r.code).toBe(0);
  return (JSON.parse(r.out) as { fees: Record<string, string>[] }).fees;
}

beforeAll(async () => {
  db = await openTestDb();
  const rule = parseLateFeeRule({
    name: 'flat', legal_basis: basis, reference_series: 'flat_zero', margin_bp: 1000, rate_fixing: 'per_half_year',
    fixed_compensation: { currency: 'EUR', amount: '40.00' },
  });
  if (!rule.ok) throw new Error(rule.error);
  const fees = postgresFeeStore(db.sql);
  await fees.saveCustomRule(rule.rule, 'test');
  await fees.saveRates([{ series: 'flat_zero', validFrom: '2020-01-01', rateBp: 0 }]);
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana Martin', team: 'sales' }],
    customers: ids.map((c) => customer(c, zone, 'standard', { late_fee_rule: 'flat' })),
    invoices: ids.map((c) => ({ ...invoice(c.slice(2), c, '2026-01-01', '3650.00'), issue_date: '2025-12-01' })),
  });
  for (const r of await db.sql<{ external_id: string; id: bigint }[]>`SELECT external_id, id FROM customers`) customerIds.set(r.external_id, BigInt(r.id));
  core = chatCoreOn(db.sql, { log: quietLog, now: () => now, zone }).core;
  for (const c of ids) await claim(c);
});
afterAll(async () => {
  await db?.close();
});

describe('a claimed charge follows the email it went out in', () => {
  let first: bigint;

  it('an email that ends in doubt (swept after a crash) leaves its charge in doubt, tied to it, and out of the export', async () => {
    first = await queueEmail('C-D');
    expect(await chargesIn(first)).toEqual(['INV-D']);
    expect(await sweepStaleSending(db.sql, new Date(now.getTime() + 11 * 60_000), 10 * 60_000)).toEqual([first]);
    expect(await charge('INV-D')).toMatchObject({ status: 'in_doubt', email_id: first.toString(), emails: [first.toString()] });
    // The export holds what the customer was told or a person decided: not this one, whose email may not have arrived.
    expect((await exported()).map((f) => f.invoice_number)).not.toContain('INV-D');
  });

  it('is shown "in doubt" on /ar', async () => {
    const o = await core.handle({ person: ana, action: { type: 'show_customer', query: 'C-D' }, delivery: null });
    const view = o.kind === 'show' && o.shown.show === 'customer' && o.shown.found?.kind === 'customer' ? o.shown.found.overview : null;
    expect(view?.lateCharges?.lines).toMatchObject([{ invoiceNumber: 'INV-D', total: '€100.00', decision: { status: 'in_doubt' } }]);
    expect(JSON.stringify(buildCustomerBlocks(view!))).toContain('claimed, in doubt: the email stating it may not have reached the customer; not exported until resolved');
  });

  it('is never stated again in the customer\'s next email while in doubt', async () => {
    const next = await queueEmail('C-D');
    expect(await chargesIn(next)).toEqual([]);
    await sent(next);
    expect(await charge('INV-D')).toMatchObject({ status: 'in_doubt', email_id: first.toString() });
  });

  it('becomes sent on a delivered event for that email, once, audited, and is exported from then on', async () => {
    const store = postgresEmailEventStore(db.sql);
    const delivered = {
      sgEventId: 'ev-d-1', event: 'delivered', recipient: 'ap@c-d.example', occurredAt: new Date('2026-03-02T10:05:00Z'),
      reason: null, emailId: first, providerMessageId: null, suppresses: false,
    };
    // A bounce proves nothing about a doubt; a delivery does.
    await recordEmailEvents(store, [{ ...delivered, sgEventId: 'ev-d-0', event: 'deferred' }]);
    expect((await charge('INV-D')).status).toBe('in_doubt');
    await recordEmailEvents(store, [delivered]);
    await recordEmailEvents(store, [delivered]);
    expect(await charge('INV-D')).toMatchObject({ status: 'sent', email_id: first.toString(), sent_at: new Date('2026-03-02T10:05:00Z') });
    const audit = await db.sql`SELECT actor FROM audit_log WHERE action = 'fees.sent_confirmed'`;
    expect(audit).toEqual([{ actor: 'sendgrid' }]);
    expect((await exported()).find((f) => f.invoice_number === 'INV-D')).toMatchObject({ status: 'sent', total: '100.00' });
  });

  it('a failed email gives its charge back to the next email, keeping the link to the failed attempt', async () => {
    const failed = await queueEmail('C-F');
    expect(await chargesIn(failed)).toEqual(['INV-F']);
    await recordOutcome(db.sql, failed, { status: 'failed', reason: '550 no such user' }, now);
    expect(await charge('INV-F')).toMatchObject({ status: 'claimed', email_id: null, emails: [failed.toString()] });
    const next = await queueEmail('C-F');
    expect(await chargesIn(next)).toEqual(['INV-F']);
    await sent(next);
    expect(await charge('INV-F')).toMatchObject({ status: 'sent', email_id: next.toString(), emails: [failed.toString(), next.toString()] });
  });

  it('an email that is retried frees its charge for whichever email is sent next, never two at once', async () => {
    // C-F's charge is sent: a retried email of C-L's shows the rule on a fresh claim.
    const retried = await queueEmail('C-L');
    expect(await chargesIn(retried)).toEqual(['INV-L']);
    await recordOutcome(db.sql, retried, { status: 'retry', reason: '503', nextAttemptAt: now }, now);
    expect(await charge('INV-L')).toMatchObject({ status: 'claimed', email_id: null });
    expect(await chargesIn(retried)).toEqual(['INV-L']);
    // Meanwhile another email of the customer being claimed takes nothing: the charge is in the one being sent.
    expect(await chargesIn(await queueEmail('C-L'))).toEqual([]);
    // In doubt, then the provider's late word: sent after all.
    await recordOutcome(db.sql, retried, { status: 'in_doubt', reason: 'connection reset' }, now);
    expect((await charge('INV-L')).status).toBe('in_doubt');
    await sent(retried);
    expect(await charge('INV-L')).toMatchObject({ status: 'sent', email_id: retried.toString() });
  });

  it('a person resolves a doubt with arbot fees resolve: not told → claimed for the next email; told → sent', async () => {
    const doubtful = await queueEmail('C-R');
    expect(await chargesIn(doubtful)).toEqual(['INV-R']);
    await recordOutcome(db.sql, doubtful, { status: 'in_doubt', reason: 'connection reset' }, now);
    expect((await cli('fees', 'resolve', 'C-R')).err).toContain('say whether the customer was told: --told or --not-told');
    const notTold = await cli('fees', 'resolve', 'C-R', '--not-told', '--by', 'fin@acme.example');
    expect(notTold).toMatchObject({ code: 0, out: '1 late-payment charge in doubt claimed again, for the next email\n' });
    expect(await charge('INV-R')).toMatchObject({ status: 'claimed', email_id: null });
    // A person decided to claim it and nobody was told otherwise: exportable as a claim, and stated in the next email.
    expect((await exported()).find((f) => f.invoice_number === 'INV-R')).toMatchObject({ status: 'claimed' });
    const again = await queueEmail('C-R');
    expect(await chargesIn(again)).toEqual(['INV-R']);
    await recordOutcome(db.sql, again, { status: 'in_doubt', reason: 'connection reset' }, now);
    expect((await exported()).map((f) => f.invoice_number)).not.toContain('INV-R');
    expect((await cli('fees', 'resolve', 'C-R', '--told', '--invoice', 'INV-R')).out).toBe('1 late-payment charge in doubt recorded as stated to the customer (sent)\n');
    expect(await charge('INV-R')).toMatchObject({ status: 'sent', email_id: again.toString(), emails: [doubtful.toString(), again.toString()] });
    const audit = await db.sql<{ actor: string; details: { resolution: string } }[]>`
      SELECT actor, details FROM audit_log WHERE action = 'fees.doubt_resolved' ORDER BY id`;
    expect(audit.map((a) => [a.actor, a.details.resolution])).toEqual([['cli:fin@acme.example', 'not_told'], ['cli:cli', 'told']]);
    expect((await cli('fees', 'resolve', 'C-R', '--told')).out).toBe('nothing in doubt for C-R\n');
  });
});

describe('a claim on an invoice paid since', () => {
  it('stays exportable with the paid date and the days late used, and is never claimed again by a later email', async () => {
    const email = await queueEmail('C-P');
    expect(await chargesIn(email)).toEqual(['INV-P']);
    await sent(email);
    await importRows(db.sql, {
      payments: [{ external_id: 'PAY-P', customer_external_id: 'C-P', received_date: '2026-03-10', currency: 'EUR', amount: '3650.00', invoice_number: 'INV-P' }],
    });
    const row = (await exported()).find((f) => f.invoice_number === 'INV-P');
    expect(row).toMatchObject({ status: 'sent', compensation: '40.00', interest: '60.00', total: '100.00', paid_on: '2026-03-10', days_late: 60 });
    const csv = (await cli('fees', 'export')).out.trimEnd().split('\n');
    expect(csv[0]).toBe('customer_external_id,invoice_number,currency,compensation,interest,total,rule,legal_basis,decided_by,decided_at,approved_by,paid_on,days_late');
    expect(csv.find((l) => l.startsWith('C-P,'))).toBe(`C-P,INV-P,EUR,40.00,60.00,100.00,flat,${basis},ana@acme.example,2026-03-02T10:00:00.000Z,,2026-03-10,60`);
    // An unpaid invoice's claim says so with an empty paid date.
    expect(csv.find((l) => l.startsWith('C-F,'))).toMatch(/,,60$/);
    expect(await chargesIn(await queueEmail('C-P'))).toEqual([]);
    expect(await charge('INV-P')).toMatchObject({ status: 'sent', email_id: email.toString() });
  });
});
