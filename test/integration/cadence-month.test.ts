import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cadenceStats } from '../../adapters/postgres/cadence-stats.js';
import { loadApprovalFacts } from '../../adapters/postgres/chat-views-disputes.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { cadenceConfig, customer, importRows, invoice, owner, quietLog } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { expectLedgerClean } from '../support/ledger-clean.js';

// A scripted March 2026 over a ledger with one customer per situation. Ticks run five times a day, at moments
// chosen around 09:00 in Tokyo, Paris and New York (whose clocks change on 8 March), and every email that
// reaches the local SendGrid is compared with the hand-made schedule below.

let db: TestDb;
let sendgrid: FakeSendGrid;
let deps: CadenceDeps;

const expected = [
  // Standard, Paris: two invoices due Tue 10 March share every email.
  ['C-STD', 'upcoming', '2026-03-03'], ['C-STD', 'overdue', '2026-03-13'], ['C-STD', 'escalation', '2026-03-20'],
  ['C-STD', 'final_notice', '2026-03-30'],
  // Top account, Paris, due Mon 16 March: D+10 waits for approval and is not sent.
  ['C-TOP', 'upcoming', '2026-03-09'], ['C-TOP', 'overdue', '2026-03-19'],
  // At risk, Tokyo, JPY, due Fri 13 March: the tight cadence; D+1 (Saturday) moves to Monday, D+15 (Saturday) too.
  ['C-RISK', 'early_notice', '2026-03-03'], ['C-RISK', 'upcoming', '2026-03-10'], ['C-RISK', 'overdue', '2026-03-16'],
  ['C-RISK', 'overdue_followup', '2026-03-18'], ['C-RISK', 'escalation', '2026-03-23'], ['C-RISK', 'final_notice', '2026-03-30'],
  // Promise for 12 March (grace 2 days) broken on Sunday 15th: the cadence resumes on Monday with the first overdue
  // reminder (never an escalation as a first email), then one step at a time, 5 business days apart.
  ['C-PROM', 'overdue', '2026-03-16'], ['C-PROM', 'escalation', '2026-03-23'], ['C-PROM', 'final_notice', '2026-03-30'],
  // Paid in full on 5 March after the first reminder.
  ['C-PAID', 'upcoming', '2026-03-03'],
  // Partly paid: reminded for what is left; D-7 (23 Feb) is too late to send on 2 March and is dropped.
  ['C-PART', 'overdue', '2026-03-05'], ['C-PART', 'escalation', '2026-03-12'], ['C-PART', 'final_notice', '2026-03-23'],
  // On hold until 15 March: the first overdue step goes out on Monday 16th; the escalation (due 20th) waits 5 business
  // days after it.
  ['C-HOLD', 'overdue', '2026-03-16'], ['C-HOLD', 'escalation', '2026-03-23'], ['C-HOLD', 'final_notice', '2026-03-30'],
  // New York: 09:00 EST is 14:00Z before 8 March, 09:00 EDT is 13:00Z after.
  ['C-NY', 'upcoming', '2026-03-06'], ['C-NY', 'overdue', '2026-03-16'], ['C-NY', 'escalation', '2026-03-23'],
  // C-DISP (open dispute) and C-BOUNCE (billing contact bounces) hear nothing.
].map(([c, s, d]) => `${d} ${c} ${s}`).sort();

const tickTimes = ['00:30', '07:30', '08:30', '13:30', '20:00'];

function* march(): Generator<Date> {
  for (let day = 1; day <= 31; day++) {
    for (const t of tickTimes) yield new Date(`2026-03-${String(day).padStart(2, '0')}T${t}:00Z`);
  }
}

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  deps = await cadenceDeps(cadenceConfig(sendgrid), db.sql, quietLog);
  await importRows(db.sql, {
    owners: [owner],
    customers: [
      customer('C-STD', 'Europe/Paris'), customer('C-TOP', 'Europe/Paris', 'top'), customer('C-RISK', 'Asia/Tokyo', 'at_risk', { locale: 'ja' }),
      customer('C-PROM', 'Europe/Paris'), customer('C-PAID', 'Europe/Paris'), customer('C-PART', 'Europe/Paris', 'standard', { locale: 'fr' }),
      customer('C-HOLD', 'Europe/Paris'), customer('C-NY', 'America/New_York'), customer('C-DISP', 'Europe/Paris'),
      customer('C-BOUNCE', 'Europe/Paris'),
    ],
    invoices: [
      invoice('A', 'C-STD', '2026-03-10', '1200.00'), invoice('A2', 'C-STD', '2026-03-10', '300.50'),
      invoice('B', 'C-TOP', '2026-03-16', '48000.00'), invoice('C', 'C-RISK', '2026-03-13', '185000', 'JPY'),
      invoice('E', 'C-PROM', '2026-03-02', '700.00'), invoice('F', 'C-PAID', '2026-03-10', '800.00'),
      invoice('G', 'C-PART', '2026-03-02', '1000.00'), invoice('H', 'C-HOLD', '2026-03-10', '640.00'),
      invoice('I', 'C-NY', '2026-03-13', '2500.00', 'USD'), invoice('D', 'C-DISP', '2026-03-05', '900.00'),
      invoice('K', 'C-BOUNCE', '2026-03-10', '410.00'),
    ],
    payments: [
      { external_id: 'PF', customer_external_id: 'C-PAID', received_date: '2026-03-05', currency: 'EUR', amount: '800.00', invoice_number: 'INV-F' },
      { external_id: 'PG', customer_external_id: 'C-PART', received_date: '2026-02-25', currency: 'EUR', amount: '400.00', invoice_number: 'INV-G' },
    ],
    disputes: [{ invoice_external_id: 'D', opened_date: '2026-02-27', reason: 'Quality issue' }],
  });
  // Facts recorded in February, before the month the script plays.
  await db.sql`INSERT INTO promises_to_pay (invoice_id, promised_date, amount_minor, created_by, created_at)
               SELECT id, '2026-03-12', 70000, 'ana@acme.example', '2026-02-20T10:00:00Z' FROM invoices WHERE external_id = 'E'`;
  await db.sql`INSERT INTO reminder_holds (customer_id, until_date, reason, created_by, created_at)
               SELECT id, '2026-03-15', 'Reorganising their AP team', 'ana@acme.example', '2026-02-20T10:00:00Z'
               FROM customers WHERE external_id = 'C-HOLD'`;
  await db.sql`INSERT INTO email_suppressions (email, reason, event) VALUES ('ap@c-bounce.example', 'mailbox does not exist', 'bounce')`;
  for (const now of march()) await runCadenceTick(deps, now);
}, 240_000);

afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

const customerOf = (body: { personalizations: { to: { email: string }[] }[] }) =>
  body.personalizations[0]!.to[0]!.email.replace(/^ap@(.*)\.example$/, '$1').toUpperCase();

describe('a scripted month of cadence ticks', () => {
  it('sends exactly the scheduled emails, each on its day, once', async () => {
    const rows = await db.sql<{ line: string }[]>`
      SELECT to_char(e.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ' ' || c.external_id || ' ' || e.step_key AS line
      FROM reminder_emails e JOIN customers c ON c.id = e.customer_id WHERE e.status = 'sent' ORDER BY 1`;
    expect(rows.map((r) => r.line)).toEqual(expected);
    const bodies = sendgrid.accepted();
    expect(bodies).toHaveLength(expected.length);
    expect(bodies.map((b) => `${customerOf(b)} ${b.custom_args.arbot_step}`).sort())
      .toEqual(expected.map((e) => e.slice(11)).sort());
  });

  it('lists every invoice of the customer at that step in one email, with copies where the step says', () => {
    const std = sendgrid.accepted().filter((b) => customerOf(b) === 'C-STD');
    for (const b of std) {
      const text = b.content.find((c: { type: string }) => c.type === 'text/plain').value as string;
      expect(text).toContain('INV-A');
      expect(text).toContain('INV-A2');
      expect(b.reply_to).toEqual({ email: 'ana@acme.example' });
      expect(b.from).toEqual({ email: 'ar@acme.example', name: 'Acme Receivables' });
    }
    const cc = Object.fromEntries(std.map((b) => [b.custom_args.arbot_step, b.personalizations[0].cc ?? []]));
    expect(cc).toEqual({
      upcoming: [], overdue: [], escalation: [{ email: 'cfo@c-std.example' }], final_notice: [{ email: 'cfo@c-std.example' }],
    });
  });

  it('reminds a partly paid invoice for what is left, in the customer\'s language', () => {
    const part = sendgrid.accepted().find((b) => customerOf(b) === 'C-PART' && b.custom_args.arbot_step === 'overdue');
    const text = part.content.find((c: { type: string }) => c.type === 'text/plain').value as string;
    expect(text.replace(/[\u202f\u00a0]/g, ' ')).toContain('600,00 €');
    expect(text).not.toContain('1 000,00');
  });

  it('holds the approval-gated escalation of a top account and asks its owner', async () => {
    const [e] = await db.sql`
      SELECT e.status, e.step_key FROM reminder_emails e JOIN customers c ON c.id = e.customer_id
      WHERE c.external_id = 'C-TOP' AND e.step_key = 'escalation'`;
    expect(e).toEqual({ status: 'awaiting_approval', step_key: 'escalation' });
    const alerts = await db.sql`SELECT kind FROM alerts WHERE kind = 'approval_requested'`;
    expect(alerts).toHaveLength(1);
  });

  it('shows the approver what the customer was actually sent before, newest first', async () => {
    const [e] = await db.sql<{ id: bigint }[]>`
      SELECT e.id FROM reminder_emails e JOIN customers c ON c.id = e.customer_id
      WHERE c.external_id = 'C-TOP' AND e.step_key = 'escalation'`;
    const facts = await loadApprovalFacts(db.sql, e!.id, new Date('2026-03-31T12:00:00Z'), 'Europe/Paris');
    expect(facts!.sentBefore).toEqual([{ step: 'overdue', sentOn: '2026-03-19' }, { step: 'upcoming', sentOn: '2026-03-09' }]);
  });

  it('flags the broken promise once and records it', async () => {
    const [p] = await db.sql`SELECT status, to_char(resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM promises_to_pay`;
    expect(p).toEqual({ status: 'broken', day: '2026-03-15' });
    expect(await db.sql`SELECT kind FROM alerts WHERE kind = 'promise_broken'`).toHaveLength(1);
  });

  it('carries the reminder id to SendGrid and a signed dispute link per invoice', () => {
    for (const b of sendgrid.accepted()) {
      expect(b.custom_args.arbot_email_id).toMatch(/^\d+$/);
      const html = b.content.find((c: { type: string }) => c.type === 'text/html').value as string;
      expect(html).toMatch(/https:\/\/ar\.acme\.example\/d\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/);
    }
  });

  it('reports per step what was sent and what got paid within 7 days', async () => {
    await db.sql`INSERT INTO email_events (sg_event_id, email_id, event, recipient, occurred_at)
                 SELECT 'ev-' || e.id || '-' || ev, e.id, ev, 'ap@x.example', e.sent_at + interval '1 hour'
                 FROM reminder_emails e JOIN customers c ON c.id = e.customer_id, unnest(ARRAY['delivered', 'open']) AS ev
                 WHERE c.external_id = 'C-PAID' AND e.status = 'sent'`;
    const rows = await cadenceStats(db.sql, '2026-03-01');
    const upcoming = rows.find((r) => r.policy === 'standard' && r.step === 'upcoming')!;
    // C-STD (2 invoices), C-PAID and C-NY got the standard D-7 email; only C-PAID's invoice was paid within 7 days.
    expect(upcoming).toEqual({ policy: 'standard', step: 'upcoming', emails_sent: 3, invoices_reminded: 4, delivered: 1, opened: 1, clicked: 0, bounced: 0, paid_within_7_days: 1, replied: 0, reply_rate_percent: 0 });
    const sentByStep = Object.fromEntries(rows.map((r) => [`${r.policy}/${r.step}`, r.emails_sent]));
    expect(sentByStep).toMatchObject({ 'at_risk/early_notice': 1, 'standard/final_notice': 4, 'top/overdue': 1 });
  });

  it('sends nothing more when the whole month is ticked again', async () => {
    const before = sendgrid.requests.length;
    for (const now of march()) await runCadenceTick(deps, now);
    expect(sendgrid.requests.length).toBe(before);
  }, 240_000);

  it('leaves a ledger that arbot check finds clean', async () => {
    await expectLedgerClean(db.sql);
  });
});
