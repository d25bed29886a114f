import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresFeeStore } from '../../adapters/postgres/fee-store.js';
import { recordOutcome, startSending } from '../../adapters/postgres/reminder-sends.js';
import { decodeAction } from '../../src/chat/chat-action.js';
import { parseLateFeeRule } from '../../src/domain/fees/late-fee-rule.js';
import { actionIds } from '../../src/views/control-ids.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { startLocalServer, type LocalServer } from '../e2e/local-server.js';
import type { TestDb } from '../support/test-db.js';

// "Customer was told" on /ar in the local workspace (arbot's Slack listeners on its own Slack emulator): the charge in
// doubt becomes sent, the private /ar answer is redrawn in place without the buttons, and the clicker is told.

const now = new Date('2026-03-02T10:00:00Z');
let server: LocalServer;

async function seed(db: TestDb): Promise<void> {
  const rule = parseLateFeeRule({
    name: 'flat', legal_basis: 'Test basis', reference_series: 'flat_zero', margin_bp: 1000, rate_fixing: 'per_half_year',
    fixed_compensation: { currency: 'EUR', amount: '40.00' },
  });
  if (!rule.ok) throw new Error(rule.error);
  await postgresFeeStore(db.sql).saveCustomRule(rule.rule, 'test');
  await postgresFeeStore(db.sql).saveRates([{ series: 'flat_zero', validFrom: '2020-01-01', rateBp: 0 }]);
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana', team: 'sales' }],
    customers: [customer('C-L', 'UTC', 'standard', { name: 'Localco', late_fee_rule: 'flat' })],
    invoices: [{ ...invoice('L', 'C-L', '2026-01-01', '3650.00'), issue_date: '2025-12-01' }],
  });
  const [c] = await db.sql<{ id: string }[]>`SELECT id::text FROM customers WHERE external_id = 'C-L'`;
  const core = chatCoreOn(db.sql, { log: quietLog, now: () => now, zone: 'UTC' }).core;
  const claim = decodeAction(actionIds.claimFees, { cu: c!.id });
  if (!claim.ok) throw new Error('claim does not decode');
  const person = { platform: 'local' as const, userId: 'ana', name: 'Ana', chatId: null, email: async () => 'ana@acme.example' };
  expect(await core.handle({ person, action: claim.action, delivery: null })).toMatchObject({ kind: 'done' });
  const [e] = await db.sql<{ id: bigint }[]>`
    WITH e AS (
      INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
      SELECT id, 'standard', 'overdue', 'overdue', 'queued', ${now}, billing_emails FROM customers WHERE external_id = 'C-L'
      RETURNING id, customer_id
    ), r AS (
      INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
      SELECT i.id, 'overdue-' || e.id, 'standard', e.id, i.amount_minor, i.currency FROM e JOIN invoices i ON i.customer_id = e.customer_id
    )
    SELECT id FROM e`;
  await startSending(db.sql, BigInt(e!.id), now);
  await recordOutcome(db.sql, BigInt(e!.id), { status: 'in_doubt', reason: 'connection reset' }, now);
}

beforeAll(async () => {
  server = await startLocalServer(now, {}, { demo: false, before: seed });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

/** A browser on the finance channel: its cookies (the user, the CSRF token) and form posts. */
async function browser() {
  const page = await fetch(`${server.base}/local/c/finance`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const cookie = cookies.join('; ');
  const csrf = decodeURIComponent(cookies.find((c) => c.startsWith('arbot_local_csrf='))!.split('=')[1]!);
  return async (path: string, fields: Record<string, string>) => {
    const r = await fetch(`${server.base}${path}`, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ csrf, back: '/local/c/finance', ...fields }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: server.base },
    });
    expect(r.status).toBe(303);
    expect(r.headers.get('location') ?? '').not.toContain('notice=');
  };
}

const messages = () => server.db.sql<{ ts: string; text: string; blocks: unknown; visible_to: string | null }[]>`
  SELECT ts, text, blocks, visible_to FROM local_messages WHERE channel = 'finance' AND deleted_at IS NULL ORDER BY id`;

describe('charges in doubt on /ar in the local workspace', () => {
  it('"Customer was told" records them sent and redraws the private /ar answer in place', async () => {
    const post = await browser();
    await post('/local/command', { channel: 'finance', text: '/ar C-L' });
    const ar = (await messages()).find((m) => JSON.stringify(m.blocks ?? null).includes(actionIds.feesTold));
    expect(ar).toBeDefined();
    expect(JSON.stringify(ar!.blocks)).toContain('claimed, in doubt');
    await post('/local/act', { channel: 'finance', ts: ar!.ts, block_id: 'arbot.ar_fees', action_id: actionIds.feesTold });
    const after = await messages();
    const redrawn = after.find((m) => m.ts === ar!.ts)!;
    expect(JSON.stringify(redrawn.blocks)).toContain('claimed, stated in an email');
    expect(JSON.stringify(redrawn.blocks)).not.toContain(actionIds.feesTold);
    expect(after.map((m) => m.text)).toContain('Ana recorded that Localco was told of the late-payment charges on 1 invoice: sent, and exported from now on');
    const [f] = await server.db.sql`SELECT status, resolved_by FROM fee_decisions`;
    expect(f).toEqual({ status: 'sent', resolved_by: 'ana@acme.example' });
  });
});
