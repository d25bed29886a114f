import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAlertOutbox } from '../../adapters/postgres/alert-outbox.js';
import { loadAlertView } from '../../adapters/postgres/chat-views-alerts.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import { raiseApprovalReminders } from '../../adapters/postgres/approval-reminders.js';
import { escalateDisputes } from '../../adapters/postgres/alert-producers.js';
import { postgresDigestStore } from '../../adapters/postgres/digest-store.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { approvalRemindersJob } from '../../jobs/approval-reminders.js';
import { digestJob } from '../../jobs/digest.js';
import { slaJob } from '../../jobs/sla.js';
import { loadConfig } from '../../src/config.js';
import type { DispatchDeps } from '../../src/services/dispatch-alerts.js';
import { actionIds } from '../../src/views/control-ids.js';
import { jobNames } from '../../src/wire/jobs.js';
import { verifyChartToken } from '../../src/domain/charts/chart-token.js';
import { digestChartTtlMs } from '../../src/services/weekly-digest.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { slackAlertPublisherOn } from '../support/slack-wiring.js';

// The SLA, approval-reminder and weekly digest jobs, each run for an explicit instant against Postgres and
// posting through the real Slack client to the local fake Web API.

const zone = 'Europe/Paris';
let db: TestDb;
let fake: FakeSlack;
let dispatch: DispatchDeps;

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeSlack();
  const client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: 'U0ANA', slack_channel_id: 'C0ANA' }],
    customers: [customer('C-1', zone, 'top', { name: 'Northwind', sales_owner_email: 'ana@acme.example' })],
    invoices: [
      invoice('I-1', 'C-1', '2026-03-02', '1000.00'),
      invoice('I-2', 'C-1', '2026-03-20', '500.00'),
    ],
    disputes: [{ invoice_external_id: 'I-2', opened_date: '2026-03-10', reason: 'Wrong amount' }],
    payments: [{ external_id: 'P-1', customer_external_id: 'C-1', received_date: '2026-03-12', amount: '200.00', currency: 'EUR', invoice_number: 'INV-I-1' }],
  });
  dispatch = {
    outbox: postgresAlertOutbox(db.sql),
    view: (a, at) => loadAlertView(db.sql, a, at, zone),
    platforms: [{ publisher: slackAlertPublisherOn(db.sql, client), routing: (a) => loadRoutingFacts(db.sql, a), teams: { sales: 'C0SALES', delivery: 'C0DEL', finance: 'C0FIN' } }],
    maxAttempts: 3,
  };
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

describe('jobs list', () => {
  it('names every scheduled job, the SLA check, approval reminders and digest included', () => {
    expect(jobNames(loadConfig({}))).toEqual(['alerts', 'sla', 'approval-reminders', 'cadence', 'digest', 'refresh-cards', 'reply-answers', 'monthly-review', 'payment-plans', 'monthly-statements']);
  });
});

describe('sla job', () => {
  it('escalates a dispute past 48 hours once and tells finance', async () => {
    const deps = { escalate: (now: Date, h: number) => escalateDisputes(db.sql, now, h), dispatch };
    const at = new Date('2026-03-13T09:00:00Z');
    expect(await slaJob('* * * * *').run(deps, at)).toMatchObject({ escalated: 1 });
    expect(await slaJob('* * * * *').run(deps, new Date(at.getTime() + 3600_000))).toMatchObject({ escalated: 0 });
    expect(JSON.stringify(fake.messages('C0FIN'))).toMatch(/Priority 1/);
  });
});

describe('approval-reminders job', () => {
  let emailId: string;
  beforeAll(async () => {
    [{ id: emailId }] = (await db.sql<{ id: string }[]>`
      WITH e AS (
        INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
        SELECT id, 'top', 'escalation', 'escalation', 'awaiting_approval', '2026-03-16T08:00:00Z', billing_emails FROM customers RETURNING id
      ), a AS (
        INSERT INTO alerts (kind, dedupe_key, customer_id, email_id, raised_at)
        SELECT 'approval_requested', 'approval_requested:' || e.id, (SELECT id FROM customers), e.id, '2026-03-16T08:00:00Z' FROM e
      )
      SELECT id::text FROM e`) as unknown as [{ id: string }];
  });
  const run = (iso: string) => approvalRemindersJob('*/15 * * * *').run(
    { remind: (now, h) => raiseApprovalReminders(db.sql, now, h), delayHours: 24, dispatch }, new Date(iso));

  it('waits for the delay, then reminds the account manager once, with the decision buttons', async () => {
    expect(await run('2026-03-17T07:59:00Z')).toMatchObject({ reminded: 0 });
    expect(await run('2026-03-17T08:00:00Z')).toMatchObject({ reminded: 1 });
    expect(await run('2026-03-18T09:00:00Z')).toMatchObject({ reminded: 0 });
    const reminders = fake.messages('C0ANA').filter((m) => m.text.startsWith('Reminder'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.text).toMatch(/^Reminder, waiting 24 hours: Approval needed/);
    const blocks = JSON.stringify(reminders[0]!.blocks);
    expect(blocks).toContain('<@U0ANA>');
    expect(blocks).toContain(actionIds.approveEscalation);
    const [e] = await db.sql`SELECT approval_reminded_at FROM reminder_emails WHERE id = ${emailId}::int8`;
    expect(e!.approval_reminded_at).toEqual(new Date('2026-03-17T08:00:00Z'));
  });

  it('does not remind a decided approval', async () => {
    await db.sql`UPDATE reminder_emails SET status = 'cancelled', decision = 'personal', approval_reminded_at = NULL WHERE id = ${emailId}::int8`;
    await db.sql`DELETE FROM alerts WHERE kind = 'approval_reminder'`;
    expect(await run('2026-03-19T08:00:00Z')).toMatchObject({ reminded: 0 });
  });
});

describe('digest job', () => {
  const deps = () => ({ digest: { kpi: { store: postgresKpiStore(db.sql, zone), zone, now: () => new Date(0) }, store: postgresDigestStore(db.sql) }, dispatch });

  it('posts the KPIs, the week\'s activity and disputes by age to the finance channel', async () => {
    const r = await digestJob('0 8 * * 1').run(deps(), new Date('2026-03-16T07:00:00Z'));
    expect(r).toMatchObject({ as_of: '2026-03-16', queued: true, posted: expect.any(Number) });
    const digest = fake.messages('C0FIN').find((m) => m.text.startsWith('Weekly receivables digest'))!;
    expect(digest.text).toBe('Weekly receivables digest, week to 2026-03-16');
    const text = JSON.stringify(digest.blocks);
    // The week March 9 → 16: the payment of March 12 (€200.00), the dispute opened March 10 (one opened, none
    // closed), and that dispute, 6 days old, in the 2–7 days bucket.
    expect(text).toContain('€200.00');
    expect(text).toContain('1 opened · 0 closed');
    expect(text).toMatch(/2–7 days: \*1\*/);
    expect(text).toMatch(/Northwind\* · INV-I-2 · 6 days · To clarify/);
    // Open receivables now 1,300.00 EUR (1,000 − 200 + 500); a week earlier, March 9: 1,500.00.
    expect(text).toContain('1,300.00 EUR (1,500.00 EUR a week ago)');
  });

  it('runs weekly: a second run within six days queues nothing more', async () => {
    const again = await digestJob('0 8 * * 1').run(deps(), new Date('2026-03-18T07:00:00Z'));
    expect(again).toMatchObject({ queued: false, last: '2026-03-16T07:00:00.000Z' });
    const next = await digestJob('0 8 * * 1').run(deps(), new Date('2026-03-23T07:00:00Z'));
    expect(next).toMatchObject({ as_of: '2026-03-23', queued: true });
    expect(fake.messages('C0FIN').filter((m) => m.text.startsWith('Weekly receivables digest'))).toHaveLength(2);
  });

  it('shows the 12-month trend chart, signed for the digest\'s week, with alt text stating the figures', async () => {
    const secret = Buffer.alloc(32, 7);
    const at = new Date('2026-03-30T07:00:00Z');
    const charts = { publicBaseUrl: 'https://ar.example.com/', secret };
    const r = await digestJob('0 8 * * 1').run({ ...deps(), digest: { ...deps().digest, charts } }, at);
    expect(r).toMatchObject({ as_of: '2026-03-30', queued: true });
    const posted = fake.messages('C0FIN').filter((m) => m.text.startsWith('Weekly receivables digest')).at(-1)!;
    const image = (posted.blocks as { type: string; image_url?: string; alt_text?: string }[]).find((b) => b.type === 'image')!;
    const token = /^https:\/\/ar\.example\.com\/charts\/([^/]+)\.png$/.exec(image.image_url!)![1]!;
    expect(verifyChartToken(token, secret, at)).toMatchObject({ ok: true, spec: { kind: 'trend', asOf: '2026-03-30', segment: null, currency: null } });
    // Readable all week (Teams loads the image each time the card is shown), not after.
    expect(verifyChartToken(token, secret, new Date(at.getTime() + digestChartTtlMs - 1000))).toMatchObject({ ok: true });
    expect(verifyChartToken(token, secret, new Date(at.getTime() + digestChartTtlMs))).toMatchObject({ ok: false, reason: 'expired' });
    // The alt text states the figures of the 12 month ends up to the digest's date: March 2025 to February 2026.
    expect(image.alt_text).toMatch(/^DSO over 12 months in EUR: no sales in Mar 2025, .*, \d+ days in Feb 2026; overdue share none open in Mar 2025, \d+% in Feb 2026\.$/);
    // The earlier digests, raised without a public address, have no image.
    const first = fake.messages('C0FIN').find((m) => m.text.startsWith('Weekly receivables digest'))!;
    expect((first.blocks as { type: string }[]).some((b) => b.type === 'image')).toBe(false);
  });
});
