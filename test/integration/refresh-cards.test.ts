import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresCardRefreshStore } from '../../adapters/postgres/card-refresh-store.js';
import { subjectView, viewOfSubject } from '../../adapters/postgres/chat-views-alerts.js';
import { subject } from '../../src/domain/subject.js';
import { refreshCardsJob } from '../../jobs/refresh-cards.js';
import type { RefreshCardsDeps } from '../../src/services/refresh-cards.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { slackAlertPublisherOn } from '../support/slack-wiring.js';

// Finding 2: overdue cards keep "10 days overdue" until someone clicks. The refresh job redraws what changed.

const zone = 'Europe/Paris';
const yesterday = new Date('2026-03-20T10:00:00Z');
const today = new Date('2026-03-21T07:00:00Z');
let db: TestDb;
let fake: FakeSlack;
let deps: RefreshCardsDeps;
let overdueTs: string;
let paidTs: string;

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeSlack({ users: [] });
  const client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl });
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana Martin', team: 'sales', slack_channel_id: 'C0ANA' }],
    customers: [customer('C-1', zone, 'top', { name: 'Northwind', sales_owner_email: 'ana@acme.example' })],
    invoices: [invoice('INV-1', 'C-1', '2026-03-10', '1500.00'), invoice('INV-2', 'C-1', '2026-03-10', '90.00')],
  });
  const ids = await db.sql<{ id: bigint; external_id: string }[]>`SELECT id, external_id FROM invoices ORDER BY external_id`;
  const publisher = slackAlertPublisherOn(db.sql, client);
  deps = { store: postgresCardRefreshStore(db.sql, zone), view: (s, at) => viewOfSubject(db.sql, s, at, zone), publishers: [publisher], batch: 100 };
  for (const r of ids) await publisher.publish(subject('invoice', r.id), 'C0ANA', (await subjectView(db.sql, `invoice:${r.id}`, yesterday, zone))!, null);
  [overdueTs, paidTs] = (await db.sql<{ message_ref: string }[]>`
    SELECT m.message_ref FROM chat_messages m JOIN invoices i ON m.subject_key = 'invoice:' || i.id ORDER BY i.external_id`).map((r) => r.message_ref) as [string, string];
  // INV-2 is credited in full: no longer open, its card is left alone.
  await db.sql`INSERT INTO credit_notes (external_id, number, invoice_id, issued_date, currency, amount_minor)
    SELECT 'CN-2', 'CN-2', id, '2026-03-20', currency, amount_minor FROM invoices WHERE external_id = 'INV-2'`;
});
afterAll(async () => {
  await fake?.close();
  await db?.close();
});

describe('refresh-cards job', () => {
  it('redraws an overdue card posted yesterday with today\'s days overdue, once; a paid invoice\'s card is left alone', async () => {
    expect(JSON.stringify(fake.message('C0ANA', overdueTs))).toContain('10 days overdue');
    const job = refreshCardsJob('30 6 * * *');
    const first = await job.run(deps, today);
    expect(first).toEqual({ checked: 1, updated: 1 });
    const updates = fake.calls('chat.update');
    expect(updates.map((u) => u.args.ts)).toEqual([overdueTs]);
    expect(JSON.stringify(updates[0]!.args.blocks)).toContain('11 days overdue');
    expect(updates.some((u) => u.args.ts === paidTs)).toBe(false);
    // Nothing changed since: a second run (a restart, a second instance) updates nothing.
    expect(await job.run(deps, today)).toEqual({ checked: 1, updated: 0 });
    expect(fake.calls('chat.update')).toHaveLength(1);
  });
});
