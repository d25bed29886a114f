import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { buildPlanEmail } from '../../blocks/email/plan-email.js';
import { planModalInputs } from '../../blocks/slack/plan-modals.js';
import { parsePlanPolicy } from '../../src/domain/plans/plan-policy.js';
import { requestPaymentPlan, type PlanDeps } from '../../src/services/payment-plans.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody, stateValue, viewSubmissionBody } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// A plan request's card over signed Slack requests on Postgres: an account manager's Approve above the approval
// amount is refused privately; Refuse opens a modal whose reason is required; the card is redrawn with who refused
// and without its buttons. "Offer a payment plan" on an invoice card opens its modal with the policy's choices.

const now = new Date('2026-03-12T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
let alertId: string;
let planId: string;
let ts: string;
const users = { ana: 'U0ANA', dan: 'U0DAN' } as const;

beforeAll(async () => {
  db = await openTestDb();
  const deps: PlanDeps = {
    store: postgresPaymentPlanStore(db.sql), sender: { name: 'test', send: async () => ({ outcome: 'sent', provider: 'test', messageId: 'm1' }) },
    render: buildPlanEmail, settings: { graceDays: 5, reminderDays: 3, sendHour: 9, sendUntil: 17, from: { email: 'ar@acme.example', name: 'Acme' } },
  };
  h = await startSlackHarness(db, {
    now, plans: deps,
    users: [{ id: users.ana, email: 'ana@acme.example', name: 'ana' }, { id: users.dan, email: 'dan@acme.example', name: 'dan' }],
  });
  fake = h.fake;
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: users.ana },
      { email: 'dan@acme.example', name: 'Dan', team: 'finance', approver: 'true', slack_user_id: users.dan },
    ],
    customers: [customer('C-1', 'Europe/Paris', 'standard', { name: 'Northwind', sales_owner_email: 'ana@acme.example' })],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '900.00')],
  });
  const policy = parsePlanPolicy({ max_instalments: 4, approval_above_minor: { EUR: 50000 } });
  await deps.store.savePolicy((policy as { ok: true; policy: never }).policy, 'test');
  const [c] = await db.sql<{ id: bigint }[]>`SELECT id FROM customers WHERE external_id = 'C-1'`;
  const r = await requestPaymentPlan(deps, { customerId: c!.id, currency: 'EUR', invoiceIds: [], schedule: { count: 3, firstDate: '2026-04-01', interval: { monthly: true } }, requestedBy: 'ap@northwind.example' }, now);
  planId = String((r as { planId: bigint }).planId);
  alertId = String((await db.sql`SELECT id FROM alerts WHERE dedupe_key = ${`plan_request:${planId}`}`)[0]!.id);
  ts = await h.publish(`alert:${alertId}`, 'C0SALES');
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

let seq = 0;
async function click(userId: string, actionId: string, value: string) {
  const id = `p${++seq}`;
  const r = await h.post(blockActionsBody({
    userId, channelId: 'C0SALES', message: fake.message('C0SALES', ts) as unknown as { ts: string },
    responseUrl: fake.responseUrl({ channel: 'C0SALES', messageTs: ts, userId, id }),
    actions: [{ type: 'button', actionId, blockId: 'arbot.plan_actions', value }],
  }));
  expect(r.status).toBe(200);
  return fake.responses(id).map((c) => c.args as { text?: string; response_type?: string });
}
const plan = async () => (await db.sql`SELECT status, reason FROM payment_plans WHERE id = ${planId}::int8`)[0];

describe('payment plan buttons from Slack', () => {
  it('draws Approve and Refuse carrying the alert', () => {
    const blocks = JSON.stringify(fake.message('C0SALES', ts)!.blocks);
    for (const id of [actionIds.approvePlan, actionIds.refusePlan]) expect(blocks).toContain(id);
    expect(blocks).toContain(JSON.stringify(JSON.stringify({ a: alertId })).slice(1, -1));
  });

  it('refuses the account manager\'s Approve privately: the total is above the approval amount', async () => {
    expect(await click(users.ana, actionIds.approvePlan, JSON.stringify({ a: alertId }))).toMatchObject([
      { response_type: 'ephemeral', text: 'only a finance approver can decide this payment plan: 900.00 EUR is above the approval amount' },
    ]);
    expect(await plan()).toEqual({ status: 'requested', reason: null });
  });

  it('Refuse opens a modal; an empty reason is refused on its field; with one, the card shows who refused, without buttons', async () => {
    const opened = fake.calls('views.open').length;
    expect(await click(users.dan, actionIds.refusePlan, JSON.stringify({ a: alertId }))).toEqual([]);
    const modal = fake.calls('views.open')[opened]!.args.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe(formIds.refusePlan);
    expect(JSON.parse(modal.private_metadata)).toEqual({ a: alertId });
    const f = planModalInputs.refuseReason;
    const submit = (reason: string) => h.post(viewSubmissionBody({
      callbackId: formIds.refusePlan, userId: users.dan, privateMetadata: modal.private_metadata,
      values: { [f.blockId]: { [f.actionId]: stateValue.plainText(reason) } },
    }));
    expect((await submit(' ')).json).toMatchObject({ response_action: 'errors', errors: { [f.blockId]: 'say why the plan is refused: the customer is told' } });
    expect(await plan()).toEqual({ status: 'requested', reason: null });
    expect((await submit('half up front first')).text).toBe('');
    expect(await plan()).toEqual({ status: 'refused', reason: 'half up front first' });
    const updated = fake.calls('chat.update').filter((c) => c.args.ts === ts).at(-1)!;
    const blocks = JSON.stringify(updated.args.blocks);
    expect(blocks).toContain('Refused by *Dan*: half up front first');
    expect(blocks).not.toContain(actionIds.approvePlan);
  });

  it('"Offer a payment plan" on the invoice card opens its modal: 2 to the policy\'s 4 instalments, a date, monthly or every 14 days', async () => {
    const [inv] = await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = 'I-1'`;
    const opened = fake.calls('views.open').length;
    expect(await click(users.ana, actionIds.offerPlan, JSON.stringify({ i: String(inv!.id) }))).toEqual([]);
    const modal = fake.calls('views.open')[opened]!.args.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { options?: { value: string }[] } }[] };
    expect(modal.callback_id).toBe(formIds.offerPlan);
    const options = (blockId: string) => modal.blocks.find((b) => b.block_id === blockId)?.element?.options?.map((o) => o.value);
    expect(options(planModalInputs.count.blockId)).toEqual(['2', '3', '4']);
    expect(options(planModalInputs.interval.blockId)).toEqual(['monthly', 'every_14_days']);
    expect(JSON.stringify(modal.blocks)).toContain('every open invoice of *Northwind* in EUR');
    const r = await h.post(viewSubmissionBody({
      callbackId: formIds.offerPlan, userId: users.ana, privateMetadata: modal.private_metadata,
      values: {
        [planModalInputs.count.blockId]: { [planModalInputs.count.actionId]: stateValue.staticSelect({ value: '3', text: '3' }) },
        [planModalInputs.firstDate.blockId]: { [planModalInputs.firstDate.actionId]: stateValue.datepicker('2026-04-01') },
        [planModalInputs.interval.blockId]: { [planModalInputs.interval.actionId]: stateValue.staticSelect({ value: 'monthly', text: 'Monthly' }) },
      },
    }));
    expect(r.text).toBe('');
    expect(await db.sql`SELECT status, total_minor::text AS total FROM payment_plans WHERE id <> ${planId}::int8`).toEqual([{ status: 'requested', total: '90000' }]);
  });
});
