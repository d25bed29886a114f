import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresChatViews } from '../../adapters/postgres/chat-views-port.js';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { buildPlanEmail } from '../../blocks/email/plan-email.js';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { buildAlertCard } from '../../blocks/teams/alert-cards.js';
import { decodeAction } from '../../src/chat/chat-action.js';
import type { ChatCore } from '../../src/chat/chat-core.js';
import type { ChatPerson, Outcome } from '../../src/chat/interaction.js';
import { parsePlanPolicy } from '../../src/domain/plans/plan-policy.js';
import { subject } from '../../src/domain/subject.js';
import type { EmailSender, OutgoingEmail } from '../../src/ports/email-sender.js';
import { requestPaymentPlan, runPaymentPlans, type PlanDeps } from '../../src/services/payment-plans.js';
import { type AlertView } from '../../src/views/alert-view.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Issue 20's chat buttons, through the one chat core: Approve / Refuse (a reason) on a plan request's card, Call
// done / Re-plan / Resume normal reminders on a broken plan's card, "Offer a payment plan" on an invoice card.
// Policy: at most 6 instalments, above EUR 500.00 only a finance approver approves.

const zone = 'Europe/Paris';
let now = new Date('2026-03-12T10:00:00Z');
let db: TestDb;
let core: ChatCore;
let deps: PlanDeps;
const sent: OutgoingEmail[] = [];
const ids: Record<string, bigint> = {};
const recorder: EmailSender = { name: 'test', send: async (e) => (sent.push(e), { outcome: 'sent', provider: 'test', messageId: `m${sent.length}` }) };

const person = (email: string): ChatPerson => ({ platform: 'slack', userId: `U-${email}`, name: email, chatId: null, email: async () => `${email}@acme.example` });
/** A click (asksFirst: Slack opens the form) or a form's submission, as a surface decodes it. */
async function act(who: string, id: string, data: Record<string, string>, asksFirst = false): Promise<Outcome> {
  const d = decodeAction(id, data, { asksFirst });
  if (!d.ok) throw new Error(`${id} ${JSON.stringify(data)} does not decode (${d.field})`);
  return core.handle({ person: person(who), action: d.action, delivery: null });
}
const plans = () => db.sql<{ id: string; customer: string; status: string; total: string; replaces: string | null; approved_by: string | null; reason: string | null; invoices: string[]; dates: string[] }[]>`
  SELECT p.id::text, c.external_id AS customer, p.status, p.total_minor::text AS total, p.replaces_id::text AS replaces, p.approved_by, p.reason,
         (SELECT array_agg(i.number ORDER BY i.number) FROM plan_invoices pi JOIN invoices i ON i.id = pi.invoice_id WHERE pi.plan_id = p.id) AS invoices,
         (SELECT array_agg(pl.due_date::text ORDER BY pl.instalment_no) FROM plan_instalments pl WHERE pl.plan_id = p.id) AS dates
  FROM payment_plans p JOIN customers c ON c.id = p.customer_id ORDER BY p.id`;
async function alertOf(kind: 'plan_request' | 'plan_broken', planId: string): Promise<string> {
  const [a] = await db.sql<{ id: bigint }[]>`SELECT id FROM alerts WHERE dedupe_key = ${`${kind}:${planId}`}`;
  if (!a) throw new Error(`no ${kind} alert for plan ${planId}`);
  return a.id.toString();
}
async function card(alertId: string): Promise<Extract<AlertView, { kind: 'payment_plan' }>> {
  const v = await postgresChatViews(db.sql, zone).subjectView(subject('alert', BigInt(alertId)), now);
  if (v?.kind !== 'payment_plan') throw new Error('not a plan card');
  return v;
}
const buttons = (v: AlertView) => {
  const slack = JSON.stringify(buildAlertMessage(v).blocks);
  const teams = JSON.stringify(buildAlertCard(v).card);
  const all = [actionIds.approvePlan, actionIds.refusePlan, actionIds.planCallDone, actionIds.replan, actionIds.planResume];
  const onSlack = all.filter((id) => slack.includes(`"${id}"`));
  expect(all.filter((id) => teams.includes(`"${id}"`))).toEqual(onSlack);
  return onSlack;
};

beforeAll(async () => {
  db = await openTestDb();
  deps = {
    store: postgresPaymentPlanStore(db.sql), sender: recorder, render: buildPlanEmail,
    settings: { graceDays: 5, reminderDays: 3, sendHour: 9, sendUntil: 17, from: { email: 'ar@acme.example', name: 'Acme Receivables' } },
  };
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales' },
      { email: 'bob@acme.example', name: 'Bob', team: 'sales' },
      { email: 'dan@acme.example', name: 'Dan', team: 'finance', approver: 'true' },
    ],
    customers: ['C-1', 'C-2', 'C-3', 'C-4'].map((c) => customer(c, zone, 'standard', { sales_owner_email: 'ana@acme.example' })),
    invoices: [
      invoice('I-1', 'C-1', '2026-03-10', '600.00'), invoice('I-2', 'C-1', '2026-03-10', '300.00'), invoice('I-9', 'C-1', '2026-03-10', '70.00', 'USD'),
      invoice('I-3', 'C-2', '2026-03-10', '1000.00'), invoice('I-5', 'C-3', '2026-03-10', '400.00'), invoice('I-6', 'C-4', '2026-03-10', '300.00'),
    ],
  });
  for (const r of await db.sql<{ external_id: string; id: bigint }[]>`SELECT external_id, id FROM invoices`) ids[r.external_id] = r.id;
  const policy = parsePlanPolicy({ max_instalments: 6, max_months: 6, approval_above_minor: { EUR: 50000 } });
  await deps.store.savePolicy((policy as { ok: true; policy: never }).policy, 'test');
  core = chatCoreOn(db.sql, { log: quietLog, now: () => now, zone, plans: deps }).core;
});
afterAll(async () => {
  await db?.close();
});

const offer = (i: bigint, count: string, first: string, interval = 'monthly') =>
  ({ i: i.toString(), plan_count: count, plan_first_date: first, plan_interval: interval });

describe('Offer a payment plan, on an invoice card', () => {
  it('opens its form for the customer\'s owner only, saying what it covers: every open invoice in that currency', async () => {
    expect(await act('bob', actionIds.offerPlan, { i: ids['I-1']!.toString() }, true)).toMatchObject({ kind: 'refused', code: 'not_allowed', message: expect.stringContaining('can offer a payment plan') });
    const o = await act('ana', actionIds.offerPlan, { i: ids['I-1']!.toString() }, true);
    expect(o).toMatchObject({ kind: 'form', form: { form: 'offer_plan', offer: { customerName: 'Customer C-1', currency: 'EUR', owed: '€900.00', invoiceNumbers: ['INV-I-1', 'INV-I-2'], maxInstalments: 6 } } });
  });

  it('starts a plan at once within the bounds, over the customer\'s open invoices of that currency', async () => {
    const o = await act('ana', formIds.offerPlan, offer(ids['I-5']!, '2', '2026-04-01'));
    expect(o).toMatchObject({ kind: 'done', thread: 'Ana set up a payment plan of 400.00 EUR in 2 instalments' });
    expect((await plans()).at(-1)).toMatchObject({ customer: 'C-3', status: 'active', total: '40000', invoices: ['INV-I-5'], dates: ['2026-04-01', '2026-05-01'], approved_by: 'ana@acme.example' });
  });

  it('refuses privately what the policy does not allow, stating the bound', async () => {
    expect(await act('ana', formIds.offerPlan, offer(ids['I-6']!, '7', '2026-04-01'))).toEqual({ kind: 'refused', code: 'too_many_instalments', message: '7 instalments is more than the maximum of 6' });
    expect(await act('ana', formIds.offerPlan, offer(ids['I-6']!, '2', '2026-03-12'))).toMatchObject({ kind: 'refused' });
    expect(decodeAction(formIds.offerPlan, offer(ids['I-6']!, '2', '2026-04-01', 'weekly'))).toEqual({ ok: false, field: 'plan_interval' });
    expect((await plans()).filter((p) => p.customer === 'C-4')).toEqual([]);
  });

  it('above the approval amount, an account manager\'s offer waits on a plan_request card', async () => {
    const o = await act('ana', formIds.offerPlan, offer(ids['I-1']!, '3', '2026-03-20', 'every_14_days'));
    expect(o).toMatchObject({ kind: 'done', thread: expect.stringContaining('it waits for a finance approver') });
    const p = (await plans()).at(-1)!;
    expect(p).toMatchObject({ customer: 'C-1', status: 'requested', total: '90000', invoices: ['INV-I-1', 'INV-I-2'], dates: ['2026-03-20', '2026-04-03', '2026-04-17'] });
    expect(buttons(await card(await alertOf('plan_request', p.id)))).toEqual([actionIds.approvePlan, actionIds.refusePlan]);
  });
});

describe('Approve and Refuse, on a plan request\'s card', () => {
  it('an account manager is refused privately above the approval amount; a refusal needs a reason; the card shows who refused', async () => {
    const p = (await plans()).find((x) => x.customer === 'C-1')!;
    const a = await alertOf('plan_request', p.id);
    const above = 'only a finance approver can decide this payment plan: €900.00 is above the approval amount';
    expect(await act('ana', actionIds.approvePlan, { a })).toMatchObject({ kind: 'refused', code: 'not_allowed', message: expect.stringContaining('only a finance approver') });
    expect(await act('ana', actionIds.refusePlan, { a }, true)).toEqual({ kind: 'refused', code: 'not_allowed', message: above });
    expect(await act('dan', actionIds.refusePlan, { a }, true)).toMatchObject({ kind: 'form', form: { form: 'refuse_plan', plan: { planId: p.id } } });
    expect(await act('dan', formIds.refusePlan, { a, plan_refuse_reason: '   ' })).toMatchObject({ kind: 'refused', code: 'invalid' });
    expect(await act('dan', formIds.refusePlan, { a, plan_refuse_reason: 'half up front first' })).toMatchObject({ kind: 'done', subjects: [subject('alert', BigInt(a))] });
    expect((await plans()).find((x) => x.id === p.id)).toMatchObject({ status: 'refused', reason: 'half up front first' });
    const v = await card(a);
    expect(v.plan.outcome).toEqual({ what: 'refused', by: 'Dan', reason: 'half up front first' });
    expect(buttons(v)).toEqual([]);
    expect(JSON.stringify(buildAlertMessage(v).blocks)).toContain('Refused by *Dan*: half up front first');
    expect(await act('dan', actionIds.approvePlan, { a })).toMatchObject({ kind: 'refused', code: 'already_decided' });
  });

  it('a finance approver approves a customer\'s request: active, the customer emailed, the card says who', async () => {
    const customerId = (await deps.store.planInvoices([ids['I-3']!], now))!.customer.customerId;
    const r = await requestPaymentPlan(deps, { customerId, currency: 'EUR', invoiceIds: [], schedule: { count: 2, firstDate: '2026-04-01', interval: { monthly: true } }, requestedBy: 'ap@c-2.example' }, now);
    const planId = (r as { planId: bigint }).planId.toString();
    const a = await alertOf('plan_request', planId);
    sent.length = 0;
    expect(await act('dan', actionIds.approvePlan, { a })).toMatchObject({ kind: 'done', thread: 'Dan approved the payment plan' });
    expect((await plans()).find((x) => x.id === planId)).toMatchObject({ status: 'active', approved_by: 'dan@acme.example' });
    expect(sent).toHaveLength(1);
    const v = await card(a);
    expect(v.plan.outcome).toMatchObject({ what: 'approved', by: 'Dan' });
    expect(buttons(v)).toEqual([]);
    expect(JSON.stringify(buildAlertCard(v).card)).toContain('Approved by **Dan**');
  });
});

describe('Call done, Re-plan and Resume normal reminders, on a broken plan\'s card', () => {
  let broken: { id: string }[] = [];

  it('breaks the plans whose first instalment is unpaid beyond the grace days', async () => {
    now = new Date('2026-04-08T08:00:00Z');
    expect(await runPaymentPlans(deps, now)).toMatchObject({ broken: 2 });
    broken = (await plans()).filter((p) => p.status === 'broken');
    expect(broken.map((p) => p)).toMatchObject([{ customer: 'C-3' }, { customer: 'C-2' }]);
    expect(buttons(await card(await alertOf('plan_broken', broken[0]!.id)))).toEqual([actionIds.planCallDone, actionIds.replan, actionIds.planResume]);
  });

  it('Call done is noted and keeps the buttons; a stranger is refused', async () => {
    const a = await alertOf('plan_broken', broken[0]!.id);
    expect(await act('bob', actionIds.planCallDone, { a })).toMatchObject({ kind: 'refused', code: 'not_allowed' });
    expect(await act('ana', actionIds.planCallDone, { a })).toMatchObject({ kind: 'done', thread: 'Ana called the customer about the broken plan' });
    expect(await db.sql`SELECT actor FROM audit_log WHERE action = 'plan.call_done' AND entity_id = ${broken[0]!.id}::int8`).toEqual([{ actor: 'ana@acme.example' }]);
    const v = await card(a);
    expect(v.plan.outcome).toMatchObject({ what: 'call_done', by: 'Ana' });
    expect(buttons(v)).toEqual([actionIds.planCallDone, actionIds.replan, actionIds.planResume]);
  });

  it('Re-plan opens the offer form and makes a new plan replacing the broken one; the card\'s buttons go', async () => {
    const a = await alertOf('plan_broken', broken[0]!.id);
    expect(await act('ana', actionIds.replan, { a }, true)).toMatchObject({ kind: 'form', form: { form: 'replan', offer: { customerName: 'Customer C-3', invoiceNumbers: ['INV-I-5'], owed: '€400.00' } } });
    expect(await act('ana', formIds.replan, { a, plan_count: '4', plan_first_date: '2026-04-15', plan_interval: 'every_14_days' })).toMatchObject({ kind: 'done' });
    expect((await plans()).at(-1)).toMatchObject({ customer: 'C-3', status: 'active', replaces: broken[0]!.id, dates: ['2026-04-15', '2026-04-29', '2026-05-13', '2026-05-27'] });
    const v = await card(a);
    expect(v.plan.outcome).toMatchObject({ what: 'replanned', by: 'Ana' });
    expect(buttons(v)).toEqual([]);
    expect(await act('ana', actionIds.planResume, { a })).toMatchObject({ kind: 'refused', code: 'already_decided' });
  });

  it('Resume normal reminders records the decision and ends the buttons; the plan stays broken', async () => {
    const a = await alertOf('plan_broken', broken[1]!.id);
    expect(await act('ana', actionIds.planResume, { a })).toMatchObject({ kind: 'done', thread: 'Ana let the normal reminders resume' });
    expect((await plans()).find((x) => x.id === broken[1]!.id)).toMatchObject({ status: 'broken' });
    const v = await card(a);
    expect(v.plan.outcome).toMatchObject({ what: 'resumed', by: 'Ana' });
    expect(buttons(v)).toEqual([]);
  });
});
