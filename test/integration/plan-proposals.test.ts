import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalPageRoutes } from '../../adapters/http/portal-page.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { cadenceCandidates } from '../../adapters/postgres/cadence-candidates.js';
import { postgresCustomerPortalStore } from '../../adapters/postgres/customer-portal.js';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { buildPlanEmail } from '../../blocks/email/plan-email.js';
import { planModalInputs } from '../../blocks/slack/plan-modals.js';
import { issueCsrfToken } from '../../src/domain/dispute-csrf.js';
import { parsePlanPolicy } from '../../src/domain/plans/plan-policy.js';
import { signPortalToken } from '../../src/domain/portal-link.js';
import type { OutgoingEmail } from '../../src/ports/email-sender.js';
import { requestPaymentPlan, runPaymentPlans, type PlanDeps } from '../../src/services/payment-plans.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { mayOfferPlan } from '../../src/views/card-controls.js';
import { portalPlanProposals, withPortalLinks } from '../../src/wire/portal-plan-proposals.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody, stateValue, viewSubmissionBody } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { testLogger } from '../support/test-log.js';

// "Propose other dates" on a plan request (issue 20), end to end on Postgres: the button over signed Slack requests
// (the finance-approver bound, the policy's bounds refused on the form), the proposal emailed with the portal link,
// then the customer's Accept on the portal (the plan active as an approval makes it, its reminders on the proposed
// dates, the card and thread updated) or Decline (the request closed); another customer's or a forged link changes nothing.

const secret = 'test-link-secret-0123456789abcdefghijklmnop';
const publicBaseUrl = 'https://ar.example.com';
const now = new Date('2026-03-12T10:00:00Z');
const generous = { capacity: 1000, perSecond: 1000 };
const users = { ana: 'U0ANA', dan: 'U0DAN' } as const;

let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
let http: HttpServer;
let base: string;
let deps: PlanDeps;
let portalNow = new Date('2026-03-13T10:00:00Z');
const sent: OutgoingEmail[] = [];
const ids: Record<string, bigint> = {};
const cards: Record<string, { alertId: string; planId: string; ts: string }> = {};

async function requestPlan(key: string, first: string) {
  const r = await requestPaymentPlan(deps, {
    customerId: ids[key]!, currency: 'EUR', invoiceIds: [], schedule: { count: 3, firstDate: first, interval: { monthly: true } }, requestedBy: `ap@${key}.example`,
  }, now);
  const planId = String((r as { planId: bigint }).planId);
  const alertId = String((await db.sql`SELECT id FROM alerts WHERE dedupe_key = ${`plan_request:${planId}`}`)[0]!.id);
  cards[key] = { planId, alertId, ts: await h.publish(`alert:${alertId}`, 'C0SALES') };
}

beforeAll(async () => {
  db = await openTestDb();
  deps = withPortalLinks({
    store: postgresPaymentPlanStore(db.sql), render: buildPlanEmail,
    sender: { name: 'test', send: async (m) => (sent.push(m), { outcome: 'sent', provider: 'test', messageId: `m${sent.length}` }) },
    settings: { graceDays: 5, reminderDays: 3, sendHour: 9, sendUntil: 17, from: { email: 'ar@acme.example', name: 'Acme' } },
  }, postgresCustomerPortalStore(db.sql), { publicBaseUrl, secret, ttlDays: 90 });
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
    customers: [
      customer('C-1', 'Europe/Paris', 'standard', { name: 'Northwind', sales_owner_email: 'ana@acme.example' }),
      customer('C-2', 'Europe/Paris', 'standard', { name: 'Dupont', sales_owner_email: 'ana@acme.example' }),
    ],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '900.00'), invoice('I-2', 'C-2', '2026-03-10', '600.00')],
  });
  await db.sql`UPDATE customers SET locale = 'fr-FR' WHERE external_id = 'C-2'`;
  for (const r of await db.sql<{ external_id: string; id: bigint }[]>`SELECT external_id, id FROM customers UNION ALL SELECT external_id, id FROM invoices`) ids[r.external_id] = r.id;
  ids.north = ids['C-1']!;
  ids.dupont = ids['C-2']!;
  const policy = parsePlanPolicy({ max_instalments: 4, max_months: 6, approval_above_minor: { EUR: 50000 } });
  await deps.store.savePolicy((policy as { ok: true; policy: never }).policy, 'test');
  await requestPlan('north', '2026-04-01');
  await requestPlan('dupont', '2026-04-01');
  const proposals = portalPlanProposals(deps);
  proposals.attach(h.deps.core);
  http = createHttpServer(portalPageRoutes({
    store: postgresCustomerPortalStore(db.sql), secret, publicBaseUrl, disputeLinkTtlDays: 90, promiseMaxDays: 60,
    now: () => portalNow, log: testLogger(), planProposals: proposals.proposals,
    limits: { getPerIp: generous, getPerLink: generous, postPerIp: generous, postPerLink: generous },
  }), testLogger());
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await h?.close();
  await db?.close();
});

let seq = 0;
async function click(key: string, userId: string, actionId: string) {
  const id = `p${++seq}`;
  const { ts, alertId } = cards[key]!;
  const r = await h.post(blockActionsBody({
    userId, channelId: 'C0SALES', message: fake.message('C0SALES', ts) as unknown as { ts: string },
    responseUrl: fake.responseUrl({ channel: 'C0SALES', messageTs: ts, userId, id }),
    actions: [{ type: 'button', actionId, blockId: 'arbot.plan_actions', value: JSON.stringify({ a: alertId }) }],
  }));
  expect(r.status).toBe(200);
  return fake.responses(id).map((c) => c.args as { text?: string; response_type?: string });
}
const pm = planModalInputs;
const propose = (key: string, userId: string, count: string, first: string, note = '') => h.post(viewSubmissionBody({
  callbackId: formIds.proposePlan, userId, privateMetadata: JSON.stringify({ a: cards[key]!.alertId }),
  values: {
    [pm.count.blockId]: { [pm.count.actionId]: stateValue.staticSelect({ value: count, text: count }) },
    [pm.firstDate.blockId]: { [pm.firstDate.actionId]: stateValue.datepicker(first) },
    [pm.interval.blockId]: { [pm.interval.actionId]: stateValue.staticSelect({ value: 'monthly', text: 'Monthly' }) },
    [pm.proposalNote.blockId]: { [pm.proposalNote.actionId]: stateValue.plainText(note) },
  },
}));
const plan = async (key: string) => (await db.sql<{ status: string; approved_by: string | null; started: boolean }[]>`
  SELECT status, approved_by, started_at IS NOT NULL AS started FROM payment_plans WHERE id = ${cards[key]!.planId}::int8`)[0];
const schedule = async (key: string) => (await db.sql<{ d: string; a: string }[]>`
  SELECT due_date::text AS d, amount_minor::text AS a FROM plan_instalments WHERE plan_id = ${cards[key]!.planId}::int8 ORDER BY instalment_no`).map((r) => `${r.d} ${r.a}`);
const lastCard = (key: string) => JSON.stringify(fake.calls('chat.update').filter((c) => c.args.ts === cards[key]!.ts).at(-1)?.args.blocks ?? null);
const threadLines = (key: string) => fake.calls('chat.postMessage').filter((c) => c.args.thread_ts === cards[key]!.ts).map((c) => String(c.args.text));

const tokenFor = (key: string) => signPortalToken({ customerId: ids[key]!, keyVersion: 1, expiresAt: new Date('2026-06-01T00:00:00Z') }, secret);
const open = async (token: string) => (await fetch(`${base}/p/${token}`)).text();
// The portal's own CSRF token for that link (a page whose invoices are all in a plan has no form to read it from).
const csrfFor = (token: string) => issueCsrfToken(token, secret, portalNow);
async function answer(token: string, fields: [string, string][], csrfToken: string | null = null) {
  const csrf = csrfToken ?? csrfFor(token);
  const res = await fetch(`${base}/p/${token}/proposal`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: publicBaseUrl },
    body: new URLSearchParams([['csrf', csrf], ...fields]).toString(),
  });
  return { status: res.status, html: await res.text() };
}

describe('Propose other dates, from the plan request\'s card', () => {
  it('draws Propose other dates between Approve and Refuse, carrying the alert', () => {
    const blocks = JSON.stringify(fake.message('C0SALES', cards.north!.ts)!.blocks);
    expect(blocks).toContain('Propose other dates');
    expect(blocks.indexOf(actionIds.approvePlan)).toBeLessThan(blocks.indexOf(actionIds.proposePlan));
    expect(blocks.indexOf(actionIds.proposePlan)).toBeLessThan(blocks.indexOf(actionIds.refusePlan));
  });

  it('refuses the account manager privately: the total is above the approval amount, as for Approve', async () => {
    expect(await click('north', users.ana, actionIds.proposePlan)).toMatchObject([
      { response_type: 'ephemeral', text: 'only a finance approver can decide this payment plan: 900.00 EUR is above the approval amount' },
    ]);
    expect(await plan('north')).toMatchObject({ status: 'requested' });
  });

  it('opens its form for a finance approver: 2 to the policy\'s 4 instalments, first date, interval, a note', async () => {
    const opened = fake.calls('views.open').length;
    expect(await click('north', users.dan, actionIds.proposePlan)).toEqual([]);
    const modal = fake.calls('views.open')[opened]!.args.view as { callback_id: string; private_metadata: string; blocks: { block_id?: string; element?: { options?: { value: string }[] } }[] };
    expect(modal.callback_id).toBe(formIds.proposePlan);
    expect(JSON.parse(modal.private_metadata)).toEqual({ a: cards.north!.alertId });
    expect(modal.blocks.find((b) => b.block_id === pm.count.blockId)?.element?.options?.map((o) => o.value)).toEqual(['2', '3', '4']);
    expect(modal.blocks.some((b) => b.block_id === pm.proposalNote.blockId)).toBe(true);
  });

  it('refuses a proposal outside the plan policy on the form, the bound stated, and changes nothing', async () => {
    expect((await propose('north', users.dan, '5', '2026-04-15')).json).toMatchObject({
      response_action: 'errors', errors: { [pm.count.blockId]: '5 instalments is more than the maximum of 4' },
    });
    expect((await propose('north', users.dan, '2', '2026-10-01')).json).toMatchObject({
      response_action: 'errors', errors: { [pm.count.blockId]: expect.stringContaining('more than the maximum of 6 months away (2026-09-12 at the latest)') },
    });
    expect((await propose('north', users.ana, '3', '2026-04-15')).json).toMatchObject({ response_action: 'errors' });
    expect(await plan('north')).toMatchObject({ status: 'requested' });
    expect(await schedule('north')).toEqual(['2026-04-01 30000', '2026-05-01 30000', '2026-06-01 30000']);
  });

  it('a finance approver\'s proposal: the request is proposed with those instalments, the card shows it and who, a thread line', async () => {
    expect((await propose('north', users.dan, '3', '2026-04-15', 'Our books close on the 10th')).text).toBe('');
    expect(await plan('north')).toMatchObject({ status: 'proposed', approved_by: null, started: false });
    expect(await schedule('north')).toEqual(['2026-04-15 30000', '2026-05-15 30000', '2026-06-15 30000']);
    const card = lastCard('north');
    expect(card).toContain('2026-04-15');
    expect(card).toContain('*Dan* proposed other dates');
    expect(card).toContain('Note to the customer: Our books close on the 10th');
    expect(card).not.toContain(actionIds.approvePlan);
    expect(threadLines('north').at(-1)).toContain('Dan proposed other dates: 900.00 EUR in 3 instalments from 2026-04-15');
  });

  it('emails the customer the proposal once, with the instalments and the portal link to the plan section', async () => {
    const rows = await db.sql`SELECT kind, status FROM plan_emails WHERE plan_id = ${cards.north!.planId}::int8`;
    expect(rows).toEqual([{ kind: 'plan_proposed', status: 'sent' }]);
    const mail = sent.find((m) => m.subject === 'Other dates proposed for your payment plan')!;
    expect(mail.to).toEqual(['ap@c-1.example']);
    expect(mail.text).toContain('1. 2026-04-15: €300.00');
    expect(mail.text).toContain('3. 2026-06-15: €300.00');
    expect(mail.text).toContain('A note from us: Our books close on the 10th');
    expect(mail.text).toMatch(/https:\/\/ar\.example\.com\/p\/[^\s]+#plan-proposal/);
    expect((await propose('north', users.dan, '2', '2026-04-20')).json).toMatchObject({ response_action: 'errors', errors: { [pm.count.blockId]: 'this payment plan is already proposed' } });
  });
});

describe('the customer answers on the portal', () => {
  it('shows the proposal with Accept and Decline forms carrying the CSRF token', async () => {
    const html = await open(tokenFor('north'));
    expect(html).toContain('<h2 id="plan-proposal-title">Payment plan proposed to you</h2>');
    expect(html).toContain('Our note: Our books close on the 10th');
    expect(html).toContain(`<input type="hidden" name="plan" value="${cards.north!.planId}">`);
    expect(html).toContain('<button type="submit" name="answer" value="accept">Accept this payment plan</button>');
    expect(html).toContain(`action="/p/${tokenFor('north')}/proposal"`);
    expect(html).toContain(`<input type="hidden" name="csrf" value="${csrfFor(tokenFor('north'))}">`);
    expect(await open(tokenFor('dupont'))).not.toContain('plan-proposal-title');
  });

  it('another customer\'s link, a forged link or a missing CSRF token cannot accept it', async () => {
    const other = await answer(tokenFor('dupont'), [['plan', cards.north!.planId], ['answer', 'accept']]);
    expect(other.status).toBe(400);
    expect(other.html).toContain('this payment plan proposal is not yours or no longer exists');
    const t = tokenFor('north');
    const forged = `${t.split('.')[0]}.${'A'.repeat(t.split('.')[1]!.length)}`;
    expect((await answer(forged, [['plan', cards.north!.planId], ['answer', 'accept']], 'x')).status).toBe(403);
    expect((await answer(t, [['plan', cards.north!.planId], ['answer', 'accept']], 'not-a-csrf-token')).status).toBe(403);
    expect(await plan('north')).toMatchObject({ status: 'proposed' });
  });

  it('Accept: the plan is active as an approval makes it, the schedule emailed, the card and its thread updated', async () => {
    const r = await answer(tokenFor('north'), [['plan', cards.north!.planId], ['answer', 'accept']]);
    expect(r.status).toBe(200);
    expect(r.html).toContain('You accepted the payment plan');
    expect(r.html).toContain('<h2 id="schedule-title">Your payment plan</h2>');
    expect(await plan('north')).toEqual({ status: 'active', approved_by: 'dan@acme.example', started: true });
    expect((await db.sql`SELECT kind FROM plan_emails WHERE plan_id = ${cards.north!.planId}::int8 ORDER BY id`).map((e) => e.kind)).toEqual(['plan_proposed', 'plan_approved']);
    expect(lastCard('north')).toContain('The customer accepted these dates on the portal: the plan is active');
    expect(threadLines('north').at(-1)).toBe('Northwind accepted the proposed dates on the portal: the plan is active');
    // The cadence holds its invoice-date reminders from the acceptance on, as for an approved plan.
    const inPlan = async (at: Date) => (await cadenceCandidates(db.sql, at, '2026-03-13', '2026-01-01', '2026-12-31'))
      .find((c) => c.invoice_id === ids['I-1'])?.in_plan;
    expect(await inPlan(new Date('2026-03-12T12:00:00Z'))).toBe(false);
    expect(await inPlan(new Date('2026-03-13T12:00:00Z'))).toBe(true);
    // Its invoice card no longer offers a plan: the invoice is in an active one.
    const facts = await h.deps.core.views.invoice(ids['I-1']!, portalNow);
    expect(facts?.planning).toMatchObject({ owing: true, inOpenPlan: true });
    expect(mayOfferPlan(facts!)).toBe(false);
    expect((await answer(tokenFor('north'), [['plan', cards.north!.planId], ['answer', 'decline']])).html).toContain('this payment plan is already active');
  });

  it('the instalment reminders follow the proposed dates, not the ones the customer asked for', async () => {
    const before = sent.length;
    await runPaymentPlans(deps, new Date('2026-03-27T09:00:00Z')); // 3 business days before the 2026-04-01 asked for
    expect(sent.length).toBe(before);
    await runPaymentPlans(deps, new Date('2026-04-10T09:00:00Z')); // 3 business days before the proposed 2026-04-15
    expect(sent.slice(before).map((m) => m.subject)).toEqual(['Payment plan: €300.00 due on 2026-04-15']);
  });

  it('Decline: the request is closed as declined by the customer, its invoices free, the owners told in the thread', async () => {
    expect((await propose('dupont', users.dan, '2', '2026-04-20')).text).toBe('');
    const mail = sent.find((m) => m.to.includes('ap@c-2.example') && m.subject.startsWith('D\'autres dates'))!;
    expect(mail.text).toContain('Pour accepter ou refuser ces dates, ouvrez votre espace client');
    const r = await answer(tokenFor('dupont'), [['plan', cards.dupont!.planId], ['answer', 'decline']]);
    expect(r.status).toBe(200);
    expect(r.html).toContain('Vous avez refusé l\'échéancier proposé');
    expect(await plan('dupont')).toMatchObject({ status: 'declined', started: false });
    expect(await db.sql`SELECT 1 FROM plan_open_invoices WHERE plan_id = ${cards.dupont!.planId}::int8`).toEqual([]);
    expect(threadLines('dupont').at(-1)).toBe('Dupont declined the proposed dates on the portal: the request is closed');
    expect(lastCard('dupont')).toContain('The customer declined these dates on the portal');
    const [audit] = await db.sql`SELECT actor FROM audit_log WHERE action = 'plan.proposal_declined' AND entity_id = ${cards.dupont!.planId}::int8`;
    expect(audit).toEqual({ actor: 'customer:ap@c-2.example' });
  });
});
