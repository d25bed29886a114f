import { TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomerOverview, loadHomeQueue } from '../../adapters/postgres/chat-views.js';
import { postgresDigestStore } from '../../adapters/postgres/digest-store.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { ArbotTeamsBot } from '../../adapters/teams/teams-bot.js';
import { buildPlanEmail } from '../../blocks/email/plan-email.js';
import { buildDigestMessage } from '../../blocks/slack/digest-blocks.js';
import { buildDigestCard } from '../../blocks/teams/digest-card.js';
import type { Instalment } from '../../src/domain/plans/plan-schedule.js';
import type { EmailSender, OutgoingEmail } from '../../src/ports/email-sender.js';
import type { PlanDeps } from '../../src/services/payment-plans.js';
import { weeklyDigest } from '../../src/services/weekly-digest.js';
import { actionIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { messageActivity, personalChat, type TeamsPerson } from '../support/fake-teams-activities.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { appHomeOpenedEvent, blockActionsBody, postToSlackEndpoint, slackTestIds, slashCommandBody } from '../support/slack-requests.js';
import { teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Payment plans where people look (issue 20): /ar, the App Home and the weekly digest, on Postgres, through Slack's
// signed requests and Teams' TestAdapter. The figures are worked by hand below.
//
// As of 2026-03-04 13:00 in Paris (now = 12:00Z; company and customers in Europe/Paris):
// - Paulson (C-P), plan A, active since 2026-02-01: 9,000.00 EUR in 3,000.00 on 02-15, 03-01 and 03-08. 4,000.00 received
//   on 02-14 ticks off the 02-15 instalment and 1,000.00 of the 03-01 one: 02-15 paid, 03-01 missed (2,000.00 still
//   owed), 03-08 due and next. Paid so far 4,000.00; the plan still expects 5,000.00.
// - Quill (C-Q), plan B, requested on the portal on 2026-03-03: 1,500.00 EUR in 750.00 on 03-20 and 04-20.
// - Rowan (C-R), plan C, active since 2026-02-01 (300.00 on 02-10 and 03-10, nothing paid), broken 2026-02-27 08:00Z.
// Digest week: (2026-02-25, 2026-03-04]. EUR: 1 active plan expecting 5,000.00; due next week (03-05 … 03-11): the 03-08
// instalment, 3,000.00; missed last week (due 02-25 … 03-03, still owed): the 03-01 one, 2,000.00; broken: plan C.

const zone = 'Europe/Paris';
const now = new Date('2026-03-04T12:00:00Z');
const secret = slackTestIds.signingSecret;
const ana: TeamsPerson = { id: '29:1user0000000000000000000000000000000000000001', aadObjectId: '00000001-1111-4222-8333-444444444441', name: 'Ana Martin', email: 'ana@acme.example' };
let db: TestDb;
let h: SlackHarness;
const plan: Record<string, bigint> = {};
const sent: OutgoingEmail[] = [];
/** A recording sender at the port: what the customer would receive. */
const recorder: EmailSender = { name: 'test', send: async (e) => (sent.push(e), { outcome: 'sent', provider: 'test', messageId: `m${sent.length}` }) };

const instalments = (...rows: [string, bigint][]): Instalment[] => rows.map(([dueDate, amountMinor]) => ({ dueDate, amountMinor }));

async function makePlan(invoiceExternalId: string, status: 'active' | 'requested', at: string, schedule: Instalment[]): Promise<bigint> {
  const store = postgresPaymentPlanStore(db.sql);
  const [i] = await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = ${invoiceExternalId}`;
  const facts = (await store.planInvoices([i!.id], new Date(at)))!;
  const r = await store.createPlan({
    customerId: facts.customer.customerId, currency: 'EUR', origin: status === 'active' ? 'owner' : 'customer', status,
    totalMinor: facts.invoices[0]!.remainingMinor, needsFinanceApprover: false, createdBy: status === 'active' ? 'ana@acme.example' : 'customer:ap@c-q.example',
    approvedBy: status === 'active' ? 'dan@acme.example' : null, replacesId: null, invoices: facts.invoices, instalments: schedule, at: new Date(at),
  });
  if (!('id' in r)) throw new Error('plan conflict');
  return r.id;
}

beforeAll(async () => {
  db = await openTestDb();
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: 'U0ANA', slack_channel_id: 'C0ANA', teams_user_id: ana.aadObjectId },
      { email: 'bob@acme.example', name: 'Bob', team: 'sales', slack_user_id: 'U0BOB', slack_channel_id: 'C0BOB' },
      { email: 'dan@acme.example', name: 'Dan', team: 'finance', approver: 'true', slack_user_id: 'U0DAN', slack_channel_id: 'C0DAN' },
    ],
    customers: [
      customer('C-P', zone, 'standard', { name: 'Paulson', sales_owner_email: 'ana@acme.example' }),
      customer('C-Q', zone, 'standard', { name: 'Quill', sales_owner_email: 'ana@acme.example' }),
      customer('C-R', zone, 'standard', { name: 'Rowan', sales_owner_email: 'ana@acme.example' }),
    ],
    invoices: [invoice('P-1', 'C-P', '2026-01-31', '9000.00'), invoice('Q-1', 'C-Q', '2026-02-15', '1500.00'), invoice('R-1', 'C-R', '2026-01-31', '600.00')],
    payments: [{ external_id: 'PAY-P', customer_external_id: 'C-P', received_date: '2026-02-14', currency: 'EUR', amount: '4000.00', invoice_number: 'INV-P-1' }],
  });
  plan.A = await makePlan('P-1', 'active', '2026-02-01T10:00:00Z', instalments(['2026-02-15', 300000n], ['2026-03-01', 300000n], ['2026-03-08', 300000n]));
  plan.B = await makePlan('Q-1', 'requested', '2026-03-03T10:00:00Z', instalments(['2026-03-20', 75000n], ['2026-04-20', 75000n]));
  await postgresPaymentPlanStore(db.sql).raisePlanRequest(plan.B, new Date('2026-03-03T10:00:00Z'));
  plan.C = await makePlan('R-1', 'active', '2026-02-01T10:00:00Z', instalments(['2026-02-10', 30000n], ['2026-03-10', 30000n]));
  expect(await postgresPaymentPlanStore(db.sql).endPlan(plan.C, 'broken', new Date('2026-02-27T08:00:00Z'), 'arbot')).toBe(true);
  const plans: PlanDeps = {
    store: postgresPaymentPlanStore(db.sql), sender: recorder, render: buildPlanEmail,
    settings: { graceDays: 5, reminderDays: 3, sendHour: 9, sendUntil: 17, from: { email: 'ar@acme.example', name: 'Acme Receivables' } },
  };
  h = await startSlackHarness(db, {
    now, zone, plans,
    users: [{ id: 'U0ANA', email: 'ana@acme.example', name: 'ana' }, { id: 'U0BOB', email: 'bob@acme.example', name: 'bob' }],
  });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await db?.close();
});

const ownerId = async (email: string) => (await db.sql<{ id: bigint }[]>`SELECT id FROM owners WHERE email = ${email}`)[0]!.id;
const overview = async (query: string, at = now) => {
  const found = await loadCustomerOverview(db.sql, query, at, zone);
  if (found?.kind !== 'customer') throw new Error(`no customer ${query}`);
  return found.overview;
};

describe('/ar: the customer\'s payment plans', () => {
  it('shows a plan with a paid, a missed (part paid) and a due instalment, what was paid and the next one', async () => {
    expect((await overview('C-P')).plans).toEqual([{
      planId: plan.A!.toString(), status: 'active', origin: 'owner', currency: 'EUR', total: '€9,000.00', paid: '€4,000.00',
      onDate: '2026-03-04', createdOn: '2026-02-01', financeApprover: false,
      instalments: [
        { dueDate: '2026-02-15', amount: '€3,000.00', standing: 'paid', partOwed: null },
        { dueDate: '2026-03-01', amount: '€3,000.00', standing: 'missed', partOwed: '€2,000.00' },
        { dueDate: '2026-03-08', amount: '€3,000.00', standing: 'due', partOwed: null },
      ],
      next: { dueDate: '2026-03-08', amount: '€3,000.00' },
    }]);
  });

  it('shows a pending request as proposed, nothing paid; a broken plan as it stood the day it broke', async () => {
    const [q] = (await overview('C-Q')).plans!;
    expect(q).toMatchObject({ status: 'requested', origin: 'customer', total: '€1,500.00', paid: '€0.00', next: { dueDate: '2026-03-20', amount: '€750.00' } });
    expect(q!.instalments.map((i) => i.standing)).toEqual(['proposed', 'proposed']);
    const [r] = (await overview('C-R')).plans!;
    expect(r).toMatchObject({ status: 'broken', paid: '€0.00', onDate: '2026-02-27', next: null });
    expect(r!.instalments.map((i) => [i.dueDate, i.standing])).toEqual([['2026-02-10', 'missed'], ['2026-03-10', 'due']]);
  });

  it('is as of the instant asked: before plan B was requested Quill has none, before the break plan C was active', async () => {
    expect((await overview('C-Q', new Date('2026-03-02T12:00:00Z'))).plans).toBeUndefined();
    expect((await overview('C-R', new Date('2026-02-20T12:00:00Z'))).plans![0]).toMatchObject({
      status: 'active', onDate: '2026-02-20', next: { dueDate: '2026-03-10', amount: '€300.00' },
    });
  });

  it('answers /ar through Slack with a "Payment plans" section', async () => {
    const id = `r${Math.random().toString(36).slice(2)}`;
    const responseUrl = h.fake.responseUrl({ channel: 'C0FIN', userId: 'U0ANA', id });
    await postToSlackEndpoint(h.base, slashCommandBody({ command: '/ar', text: 'C-P', userId: 'U0ANA', channelId: 'C0FIN', responseUrl }), { secret });
    const text = JSON.stringify(h.fake.responses(id).map((c) => c.args));
    expect(text).toContain('*Payment plans (1)*');
    expect(text).toContain(`*Plan ${plan.A}* · active · EUR · total €9,000.00 · paid €4,000.00 (as of 2026-03-04) · next €3,000.00 on 2026-03-08 — `
      + '2026-02-15 €3,000.00 paid; 2026-03-01 €3,000.00 missed (€2,000.00 still owed); 2026-03-08 €3,000.00 due');
  });

  it('answers "ar" through Teams with the same section', async () => {
    const deps = teamsDepsOn(db.sql, { now: () => now, zone });
    const bot = new ArbotTeamsBot(deps);
    const adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'msteams' });
    await adapter.processActivity(messageActivity(ana, 'ar C-Q', { serviceUrl: 'http://127.0.0.1:9/', conversationId: personalChat(ana) }) as unknown as Partial<Activity>);
    const text = JSON.stringify(adapter.activeQueue.splice(0).map((r) => r.attachments?.[0]?.content ?? r.text));
    expect(text).toContain('**Payment plans (1)**');
    expect(text).toContain(`**Plan ${plan.B}** · requested, waiting for a decision · EUR · total €1,500.00 · asked by the customer on 2026-03-03`
      + ' · the account manager or a finance approver decides · next €750.00 on 2026-03-20 — 2026-03-20 €750.00 proposed; 2026-04-20 €750.00 proposed');
  });
});

describe('App Home: payment plans', () => {
  it('lists the requests I may decide, my customers\' broken plans and the instalments due in the next 7 days', async () => {
    const q = await loadHomeQueue(db.sql, await ownerId('ana@acme.example'), now, zone);
    expect(q.plans).toEqual({
      asOf: '2026-03-04', dueUntil: '2026-03-11',
      requests: [{ planId: plan.B!.toString(), customerName: 'Quill', customerExternalId: 'C-Q', total: '€1,500.00', instalments: 2, firstDate: '2026-03-20', financeApprover: false, requestedOn: '2026-03-03',
        card: expect.objectContaining({ event: 'requested', planId: plan.B!.toString(), status: 'requested', alertId: expect.any(String), outcome: null }) }],
      broken: [{ planId: plan.C!.toString(), customerName: 'Rowan', customerExternalId: 'C-R', total: '€600.00', missed: '€300.00', brokenOn: '2026-02-27',
        card: expect.objectContaining({ event: 'broken', planId: plan.C!.toString(), status: 'broken', alertId: expect.any(String) }) }],
      dueSoon: [{ planId: plan.A!.toString(), customerName: 'Paulson', customerExternalId: 'C-P', dueDate: '2026-03-08', amount: '€3,000.00' }],
    });
  });

  it('shows a finance approver every request, and someone else\'s customers nothing', async () => {
    const dan = await loadHomeQueue(db.sql, await ownerId('dan@acme.example'), now, zone);
    expect(dan.plans).toMatchObject({ requests: [{ customerName: 'Quill' }], broken: [], dueSoon: [] });
    const bob = await loadHomeQueue(db.sql, await ownerId('bob@acme.example'), now, zone);
    expect(bob.plans).toMatchObject({ requests: [], broken: [], dueSoon: [] });
  });

  it('publishes them on the Slack home tab, a request and a broken plan with their cards\' buttons', async () => {
    await postToSlackEndpoint(h.base, appHomeOpenedEvent({ userId: 'U0ANA' }), { secret });
    const blocks = h.fake.homeView('U0ANA')!.view.blocks as { type: string; block_id?: string; text?: { text: string }; elements?: { action_id: string; value: string }[] }[];
    const text = JSON.stringify(blocks);
    expect(text).toContain('*Payment plans waiting for my decision (1)*');
    expect(text).toContain('*Quill* · €1,500.00 in 2 instalments from 2026-03-20 · requested 2026-03-03');
    expect(text).toContain('*Broken payment plans of my customers (1)*');
    expect(text).toContain('*Rowan* · plan of €600.00 broken 2026-02-27 · €300.00 missed');
    expect(text).toContain('*Plan instalments due 2026-03-04 → 2026-03-11 (1)*\\n• 2026-03-08 · *Paulson* · €3,000.00');
    const buttons = (id: bigint) => blocks.find((b) => b.block_id === `arbot.home_plan_${id}`)?.elements?.map((e) => e.action_id);
    expect(buttons(plan.B!)).toEqual([actionIds.approvePlan, actionIds.proposePlan, actionIds.refusePlan]);
    expect(buttons(plan.C!)).toEqual([actionIds.planCallDone, actionIds.replan, actionIds.planResume]);
  });

  it('drops a broken plan once someone lets the normal reminders resume', async () => {
    const store = postgresPaymentPlanStore(db.sql);
    await store.auditPlan(plan.C!, 'plan.resume_reminders', 'ana@acme.example', {});
    expect((await loadHomeQueue(db.sql, await ownerId('ana@acme.example'), now, zone)).plans!.broken).toEqual([]);
  });
});

describe('weekly digest: payment plans', () => {
  const digest = () => {
    const store = postgresDigestStore(db.sql);
    return weeklyDigest({ kpi: { store: postgresKpiStore(db.sql, zone), zone, now: () => now }, store }, now);
  };

  it('counts per currency the active plans, instalments due next week and missed last week, and plans broken', async () => {
    expect((await digest()).plans).toEqual([{
      currency: 'EUR', activePlans: 1, inActivePlans: '€5,000.00',
      dueNextWeek: { count: 1, amount: '€3,000.00' }, missedLastWeek: { count: 1, amount: '€2,000.00' }, brokenLastWeek: 1,
    }]);
  });

  it('says them on Slack and Teams in the same words', async () => {
    const d = await digest();
    const slack = JSON.stringify(buildDigestMessage(d).blocks);
    expect(slack).toContain('*Payment plans · EUR*');
    expect(slack).toContain('*Active plans*\\n1 · €5,000.00 still expected');
    expect(slack).toContain('*Instalments missed last week*\\n1 · €2,000.00');
    const teams = JSON.stringify(buildDigestCard(d).card);
    expect(teams).toContain('**Payment plans · EUR**');
    expect(teams).toContain('{"title":"Instalments due next week","value":"1 · €3,000.00"}');
    expect(teams).toContain('{"title":"Plans broken last week","value":"1"}');
  });

  it('keeps the figures in the stored digest (a snapshot: formatted, never recomputed)', async () => {
    const d = await digest();
    expect(await postgresDigestStore(db.sql).queue(d, now)).toBe(true);
    const [row] = await db.sql<{ details: { digest: { plans: unknown } } }[]>`SELECT details FROM alerts WHERE dedupe_key = ${`weekly_digest:${d.asOf}`}`;
    expect(row!.details.digest.plans).toEqual(d.plans);
  });

  it('leaves the section out of a digest stored before plans were counted', async () => {
    const { plans: _dropped, ...old } = await digest();
    expect(JSON.stringify(buildDigestMessage(old).blocks)).not.toContain('Payment plans');
    expect(JSON.stringify(buildDigestCard(old).card)).not.toContain('Payment plans');
  });
});

// Last: it changes the ledger the figures above are worked on.
describe('App Home: deciding a plan request', () => {
  it('approves a request from the home tab, then redraws the tab without it', async () => {
    const blocks = h.fake.homeView('U0ANA')!.view.blocks as { block_id?: string; elements?: { action_id: string; value: string }[] }[];
    const approve = blocks.find((b) => b.block_id === `arbot.home_plan_${plan.B}`)!.elements![0]!;
    await postToSlackEndpoint(h.base, blockActionsBody({
      userId: 'U0ANA', view: { id: 'VHOME', type: 'home' },
      actions: [{ type: 'button', actionId: approve.action_id, blockId: `arbot.home_plan_${plan.B}`, value: approve.value }],
    }), { secret });
    expect((await db.sql`SELECT status FROM payment_plans WHERE id = ${plan.B!.toString()}::int8`)[0]!.status).toBe('active');
    const text = JSON.stringify(h.fake.homeView('U0ANA')!.view);
    expect(text).toContain('*Payment plans waiting for my decision (0)*\\nNothing to decide.');
  });
});
