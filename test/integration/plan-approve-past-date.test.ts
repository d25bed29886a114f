import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { buildPlanEmail } from '../../blocks/email/plan-email.js';
import { parsePlanPolicy } from '../../src/domain/plans/plan-policy.js';
import type { OutgoingEmail } from '../../src/ports/email-sender.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';
import { decidePaymentPlan, requestPaymentPlan, type PlanDeps } from '../../src/services/payment-plans.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// A customer's plan request approved after its first instalment date has passed would start already missed: a
// follow-up at once, then a broken plan. Approve refuses it, naming the date and what to do (Propose other dates,
// or Refuse), and changes nothing: the request waits, no email, no audit row. The day before, it is approved.

let db: TestDb;
let deps: PlanDeps;
let ana: Actor;
const sent: OutgoingEmail[] = [];
const ids: Record<string, bigint> = {};

beforeAll(async () => {
  db = await openTestDb();
  deps = {
    store: postgresPaymentPlanStore(db.sql), render: buildPlanEmail,
    sender: { name: 'test', send: async (e) => (sent.push(e), { outcome: 'sent', provider: 'test', messageId: `m${sent.length}` }) },
    settings: { graceDays: 5, reminderDays: 3, sendHour: 9, sendUntil: 17, from: { email: 'ar@acme.example', name: 'Acme' } },
  };
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana', team: 'sales' }],
    customers: [customer('C-1', 'Asia/Tokyo'), customer('C-2', 'Asia/Tokyo')],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '900.00'), invoice('I-2', 'C-2', '2026-03-10', '900.00')],
  });
  const policy = parsePlanPolicy({ max_instalments: 6, max_months: 6, min_instalment_minor: {}, approval_above_minor: { EUR: 1000000 } });
  await deps.store.savePolicy((policy as { ok: true; policy: never }).policy, 'test');
  const [o] = await db.sql<{ id: bigint }[]>`SELECT id FROM owners WHERE email = 'ana@acme.example'`;
  ana = { ownerId: BigInt(o!.id), email: 'ana@acme.example', name: 'Ana', team: 'sales', approver: false, platformId: 'slack:UANA' };
  for (const r of await db.sql<{ external_id: string; id: bigint }[]>`SELECT external_id, id FROM customers`) ids[r.external_id] = BigInt(r.id);
});
afterAll(async () => {
  await db?.close();
});

async function request(key: string): Promise<bigint> {
  const r = await requestPaymentPlan(deps, {
    customerId: ids[key]!, currency: 'EUR', invoiceIds: [], requestedBy: `ap@${key.toLowerCase()}.example`,
    schedule: { count: 3, firstDate: '2026-03-20', interval: { monthly: true } },
  }, new Date('2026-03-12T01:00:00Z'));
  expect(r).toMatchObject({ ok: true, status: 'requested' });
  return (r as { planId: bigint }).planId;
}
const state = async (planId: bigint) => ({
  plan: (await db.sql`SELECT status, approved_by, started_at FROM payment_plans WHERE id = ${planId.toString()}::int8`)[0],
  audit: (await db.sql`SELECT action FROM audit_log WHERE action LIKE 'plan.%' ORDER BY id`).map((r) => r.action),
});

describe('approving a plan request whose first date has passed', () => {
  it('is refused on the first instalment\'s day in the customer\'s zone, naming the date and what to do; nothing changes', async () => {
    const planId = await request('C-1');
    const before = await state(planId);
    // 2026-03-19T15:00Z is already 20 March in Tokyo: the first instalment's own day.
    const r = await decidePaymentPlan(deps, ana, planId, { decision: 'approve' }, new Date('2026-03-19T15:00:00Z'));
    expect(r).toEqual({
      ok: false, code: 'date_not_after_today', facts: { today: '2026-03-20' },
      message: 'the first instalment (2026-03-20) is no longer after the customer\'s today (2026-03-20): use Propose other dates, or Refuse',
    });
    expect(await state(planId)).toEqual(before);
    expect(before.plan).toMatchObject({ status: 'requested', approved_by: null, started_at: null });
    expect(sent).toEqual([]);
  });

  it('is approved the day before, in the customer\'s zone', async () => {
    const planId = await request('C-2');
    expect(await decidePaymentPlan(deps, ana, planId, { decision: 'approve' }, new Date('2026-03-19T14:59:00Z'))).toMatchObject({ ok: true, status: 'active' });
    expect(sent.map((e) => e.subject)).toEqual(['Your payment plan']);
  });
});
