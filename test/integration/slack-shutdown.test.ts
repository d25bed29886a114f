import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { delayed } from '../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// In production a listener acks first (processBeforeResponse off) and does its work after Slack has its 200. When
// arbot stops (SIGTERM), the HTTP server has nothing in flight any more, but the click's work may still be under
// way: the Slack adapter's stop() waits for it, so the database is not closed under it.

const now = new Date('2026-03-20T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let disputeId: string;
let disputeTs: string;

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, { now, users: [{ id: 'U0ANA', email: 'ana@acme.example', name: 'ana' }], processBeforeResponse: false });
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: 'U0ANA', slack_channel_id: 'C0ANA' }],
    customers: [customer('C-1', 'Europe/Paris', 'top', { sales_owner_email: 'ana@acme.example' })],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '1200.00')],
  });
  const [d] = await db.sql<{ id: string }[]>`
    INSERT INTO disputes (external_id, invoice_id, reason, opened_at)
    SELECT 'd1', id, 'Missing PO', '2026-03-19T09:00:00Z' FROM invoices WHERE external_id = 'I-1' RETURNING id::text`;
  disputeId = d!.id;
  disputeTs = await h.publish(`dispute:${disputeId}`, 'C0ANA');
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

describe('stopping the Slack adapter', () => {
  it('waits for a click acked but still at work: its change and its message update are done when stop() returns', async () => {
    // Slack is slow to take the message update: the listener is still at work well after its ack.
    h.fake.enqueue('chat.update', delayed(800));
    const body = blockActionsBody({
      userId: 'U0ANA', channelId: 'C0ANA', message: { ts: disputeTs },
      responseUrl: h.fake.responseUrl({ channel: 'C0ANA', messageTs: disputeTs, userId: 'U0ANA' }),
      actions: [{ type: 'button', actionId: actionIds.claimDispute, blockId: 'b', value: JSON.stringify({ d: disputeId }) }],
    });
    const r = await h.post(body);
    expect(r.status).toBe(200);
    expect(h.fake.calls('chat.update').filter((c) => c.status === 200)).toHaveLength(0);
    await h.slack.stop();
    expect(h.fake.calls('chat.update').filter((c) => c.status === 200 && c.args.ts === disputeTs)).toHaveLength(1);
    const [row] = await db.sql`SELECT o.email FROM disputes d JOIN owners o ON o.id = d.owner_id WHERE d.id = ${disputeId}::int8`;
    expect(row).toEqual({ email: 'ana@acme.example' });
  });
});
