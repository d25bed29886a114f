import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresAlertOutbox } from '../../adapters/postgres/alert-outbox.js';
import { postgresAlertProducers } from '../../adapters/postgres/alert-producers.js';
import { loadAlertView } from '../../adapters/postgres/chat-views-alerts.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import { dispatchAlerts, type DispatchDeps } from '../../src/services/dispatch-alerts.js';
import { raiseAlerts } from '../../src/services/raise-alerts.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { httpError, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { slackAlertPublisherOn } from '../support/slack-wiring.js';

let db: TestDb;
let fake: FakeSlack;
let deps: DispatchDeps;
const now = new Date('2026-03-20T10:00:00Z');

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeSlack({ users: [{ id: 'U0BEN', email: 'ben@acme.example', name: 'ben' }] });
  const client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: 'U0ANA', slack_channel_id: 'C0ANA' },
      { email: 'ben@acme.example', name: 'Ben', team: 'delivery' },
    ],
    customers: [customer('C-1', 'Europe/Paris', 'standard', { delivery_owner_email: 'ben@acme.example' })],
    invoices: [invoice('late', 'C-1', '2026-03-05', '100.00'), invoice('disputed', 'C-1', '2026-03-30', '50.00')],
    disputes: [{ invoice_external_id: 'disputed', opened_date: '2026-03-19', reason: 'Wrong amount' }],
  });
  deps = {
    outbox: postgresAlertOutbox(db.sql),
    view: (a, at) => loadAlertView(db.sql, a, at, 'Europe/Paris'),
    platforms: [{
      publisher: slackAlertPublisherOn(db.sql, client), routing: (a) => loadRoutingFacts(db.sql, a),
      teams: { sales: 'C0SALES', delivery: 'C0DELIVERY', finance: 'C0FINANCE' },
    }],
    maxAttempts: 3,
  };
  await raiseAlerts(postgresAlertProducers(db.sql), { deliveryAfterDays: 10, incompleteHorizonDays: 14 }, now);
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

describe('alert dispatch to Slack', () => {
  it('keeps alerts queued while Slack fails, then delivers each once to its owners\' channels', async () => {
    fake.enqueue('chat.postMessage', httpError(500));
    const failing = await dispatchAlerts(deps, now);
    expect(failing.retried).toBeGreaterThan(0);
    const [pending] = await db.sql`SELECT count(*)::int AS n FROM alerts WHERE posted_at IS NULL AND last_error IS NOT NULL`;
    expect(pending!.n).toBeGreaterThan(0);
    const later = new Date(now.getTime() + 3600_000);
    await dispatchAlerts(deps, later);
    const [left] = await db.sql`SELECT count(*)::int AS n FROM alerts WHERE posted_at IS NULL`;
    expect(left!.n).toBe(0);
    // Sales owner's channel: overdue, dispute, and two invoices missing their PO; the delivery team channel (Ben
    // has no channel of his own): the delivery blocker and the dispute.
    expect(fake.messages('C0ANA').length).toBe(4);
    expect(fake.messages('C0DELIVERY').length).toBe(2);
    expect(JSON.stringify(fake.messages('C0ANA'))).toContain('<@U0ANA>');
  });

  it('mentions an owner the import gave no Slack id, found by email once, and remembers the id', async () => {
    // Ben came without a Slack id: users.lookupByEmail found him when his alerts were posted.
    expect(JSON.stringify(fake.messages('C0DELIVERY'))).toContain('<@U0BEN>');
    const [ben] = await db.sql`SELECT slack_user_id FROM owners WHERE email = 'ben@acme.example'`;
    expect(ben!.slack_user_id).toBe('U0BEN');
    expect(fake.calls('users.lookupByEmail').filter((c) => c.args.email === 'ben@acme.example')).toHaveLength(1);
  });

  it('updates the dispute message in place when the dispute breaches its SLA, and tells finance', async () => {
    const before = fake.messages('C0ANA').length;
    const at = new Date('2026-03-21T12:00:00Z');
    expect((await raiseAlerts(postgresAlertProducers(db.sql), { deliveryAfterDays: 10, incompleteHorizonDays: 14 }, at)).escalated).toBe(1);
    await dispatchAlerts(deps, at);
    expect(fake.messages('C0ANA').length).toBe(before);
    expect(fake.calls('chat.update').length).toBeGreaterThan(0);
    expect(fake.messages('C0FINANCE')).toHaveLength(1);
    expect(JSON.stringify(fake.messages('C0FINANCE')[0]!.blocks)).toMatch(/Priority 1/);
  });

  it('dead-letters an alert no channel can take, keeping its error', async () => {
    await importRows(db.sql, { customers: [{ ...customer('C-2', 'Europe/Paris'), sales_owner_email: '' }], invoices: [invoice('orphan', 'C-2', '2026-03-01', '10.00')] });
    await db.sql`INSERT INTO alerts (kind, dedupe_key, customer_id, invoice_id, raised_at)
                 SELECT 'invoice_overdue', 'invoice_overdue:orphan', customer_id, id, ${now} FROM invoices WHERE external_id = 'orphan'`;
    const slack = deps.platforms[0]!;
    const noSalesChannel = { ...deps, platforms: [{ ...slack, teams: { ...slack.teams, sales: null } }] };
    for (let i = 0; i < 3; i++) await dispatchAlerts(noSalesChannel, new Date(now.getTime() + (i + 2) * 7200_000));
    const [a] = await db.sql`SELECT attempts, dead_at IS NOT NULL AS dead, last_error FROM alerts WHERE dedupe_key = 'invoice_overdue:orphan'`;
    expect(a).toMatchObject({ attempts: 3, dead: true, last_error: expect.stringMatching(/no slack channel for invoice_overdue/) });
  });
});
