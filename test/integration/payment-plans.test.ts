import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { buildPlanEmail } from '../../blocks/email/plan-email.js';
import { parsePlanPolicy } from '../../src/domain/plans/plan-policy.js';
import type { EmailSender, OutgoingEmail } from '../../src/ports/email-sender.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import {
  decidePaymentPlan, noteBrokenPlan, offerPaymentPlan, requestPaymentPlan, runPaymentPlans, type PlanDeps,
} from '../../src/services/payment-plans.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { cadenceConfig, customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { startFakeSendGrid, type FakeSendGrid } from '../support/fake-sendgrid.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

let db: TestDb;
let sendgrid: FakeSendGrid;
let cadence: CadenceDeps;
let deps: PlanDeps;
const sent: OutgoingEmail[] = [];
const actors: Record<string, Actor> = {};
const ids: Record<string, bigint> = {};

/** A recording sender at the port: what the customer would receive. */
const recorder: EmailSender = { name: 'test', send: async (e) => (sent.push(e), { outcome: 'sent', provider: 'test', messageId: `m${sent.length}` }) };

async function owner(email: string): Promise<Actor> {
  const [o] = await db.sql<{ id: bigint; name: string; team: 'sales' | 'finance' | 'delivery'; approver: boolean }[]>`
    SELECT id, name, team, approver FROM owners WHERE email = ${email}`;
  return { ownerId: o!.id, email, name: o!.name, team: o!.team, approver: o!.approver, platformId: `slack:${email}` };
}
const at = (iso: string) => new Date(iso);
const drain = () => sent.splice(0, sent.length);
const planRow = async (id: bigint) => (await db.sql<{ status: string; approved_by: string | null; reason: string | null }[]>`
  SELECT status, approved_by, reason FROM payment_plans WHERE id = ${id.toString()}::int8`)[0]!;
/** What a tick would send to customer C-1 (dry run: nothing is written), and why others were held. */
async function cadenceFor(now: Date) {
  const r = await runCadenceTick(cadence, now, { dryRun: true });
  return { planned: r.planned.filter((e) => e.customerExternalId === 'C-1').flatMap((e) => e.invoices.map((i) => `${i.number}:${e.template}`)), inPlan: r.paused.in_plan ?? 0 };
}

beforeAll(async () => {
  db = await openTestDb();
  sendgrid = await startFakeSendGrid();
  cadence = await cadenceDeps(cadenceConfig(sendgrid), db.sql, quietLog);
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
    customers: [
      customer('C-1', 'Europe/Paris', 'standard', { sales_owner_email: 'ana@acme.example', locale: 'fr' }),
      customer('C-2', 'Europe/Paris', 'standard', { sales_owner_email: 'ana@acme.example' }),
    ],
    invoices: [
      invoice('I-1', 'C-1', '2026-03-10', '600.00'), invoice('I-2', 'C-1', '2026-03-10', '300.00'),
      invoice('I-3', 'C-2', '2026-03-10', '1000.00'), invoice('I-4', 'C-2', '2026-03-10', '50.00', 'USD'),
    ],
  });
  for (const e of ['ana', 'bob', 'dan']) actors[e] = await owner(`${e}@acme.example`);
  for (const r of await db.sql<{ external_id: string; id: bigint }[]>`SELECT external_id, id FROM invoices`) ids[r.external_id] = r.id;
  const policy = parsePlanPolicy({ max_instalments: 6, max_months: 6, min_instalment_minor: { EUR: 5000 }, approval_above_minor: { EUR: 50000 } });
  await deps.store.savePolicy((policy as { ok: true; policy: never }).policy, 'test');
});
afterAll(async () => {
  await sendgrid?.close();
  await db?.close();
});

const schedule = (...rows: [string, bigint][]) => ({ instalments: rows.map(([dueDate, amountMinor]) => ({ dueDate, amountMinor })) });

describe('payment plans: bad input', () => {
  it('refuses instalments that do not add up to what is owed, stating both amounts', async () => {
    const r = await requestPaymentPlan(deps, {
      customerId: (await deps.store.planInvoices([ids['I-1']!], at('2026-03-12T10:00:00Z')))!.customer.customerId, currency: 'EUR', invoiceIds: [],
      schedule: schedule(['2026-03-20', 30000n], ['2026-03-27', 30000n]), requestedBy: 'ap@c-1.example',
    }, at('2026-03-12T10:00:00Z'));
    expect(r).toEqual({ ok: false, code: 'sum_mismatch', message: 'the instalments add up to 600.00 EUR but 900.00 EUR is owed' });
    expect(await db.sql`SELECT 1 FROM payment_plans`).toHaveLength(0);
  });

  it.each([
    [{ count: 7, firstDate: '2026-03-20', interval: { everyDays: 7 } }, 'too_many_instalments', '7 instalments is more than the maximum of 6'],
    [{ count: 2, firstDate: '2026-03-20', interval: { everyDays: 200 } }, 'too_long', 'the last instalment (2026-10-06) is more than the maximum of 6 months away (2026-09-12 at the latest)'],
  ])('refuses a plan outside the bounds with the bound stated (%j)', async (s, code, message) => {
    const r = await offerPaymentPlan(deps, actors.ana!, { invoiceIds: [ids['I-3']!], schedule: s }, at('2026-03-12T10:00:00Z'));
    expect(r).toMatchObject({ ok: false, code, message });
  });

  it('refuses an instalment below the minimum, and invoices of two currencies', async () => {
    const small = await offerPaymentPlan(deps, actors.ana!, { invoiceIds: [ids['I-3']!], schedule: schedule(['2026-03-20', 97000n], ['2026-03-27', 3000n]) }, at('2026-03-12T10:00:00Z'));
    expect(small).toEqual({
      ok: false, code: 'instalment_too_small', message: 'instalment 2 (30.00 EUR) is below the minimum instalment of 50.00 EUR',
      facts: { instalmentNo: 2, amountMinor: 3000n, minMinor: 5000n, currency: 'EUR' },
    });
    const mixed = await offerPaymentPlan(deps, actors.ana!, { invoiceIds: [ids['I-3']!, ids['I-4']!], schedule: schedule(['2026-03-20', 105000n]) }, at('2026-03-12T10:00:00Z'));
    expect(mixed).toMatchObject({ ok: false, code: 'mixed_currencies' });
  });

  it('lets only the customer\'s owners and finance offer a plan', async () => {
    const r = await offerPaymentPlan(deps, actors.bob!, { invoiceIds: [ids['I-3']!], schedule: { count: 2, firstDate: '2026-03-20', interval: { monthly: true } } }, at('2026-03-12T10:00:00Z'));
    expect(r).toEqual({ ok: false, code: 'not_allowed', message: "only Customer C-2's sales owner (Ana), delivery owner (none set) or finance can offer a payment plan" });
  });

  it('refuses a request with its reason, emailed to the customer; a refusal needs a reason', async () => {
    drain();
    const now = at('2026-03-12T10:00:00Z');
    const customerId = (await deps.store.planInvoices([ids['I-3']!], now))!.customer.customerId;
    const r = await requestPaymentPlan(deps, { customerId, currency: 'EUR', invoiceIds: [ids['I-3']!], schedule: { count: 2, firstDate: '2026-04-01', interval: { monthly: true } }, requestedBy: 'ap@c-2.example' }, now);
    expect(r).toMatchObject({ ok: true, status: 'requested' });
    const planId = (r as { planId: bigint }).planId;
    expect(await decidePaymentPlan(deps, actors.dan!, planId, { decision: 'refuse', reason: '  ' }, now)).toMatchObject({ ok: false, code: 'invalid' });
    expect(await decidePaymentPlan(deps, actors.dan!, planId, { decision: 'refuse', reason: 'we need half up front' }, now)).toMatchObject({ ok: true });
    expect(await planRow(planId)).toMatchObject({ status: 'refused', reason: 'we need half up front' });
    expect(sent.map((e) => [e.to, e.subject])).toEqual([[['ap@c-2.example'], 'Your payment plan request']]);
    expect(sent[0]!.text).toContain('The reason: we need half up front');
    expect(await decidePaymentPlan(deps, actors.dan!, planId, { decision: 'approve' }, now)).toMatchObject({ ok: false, code: 'already_decided' });
  });
});

describe('payment plans: the lifecycle', () => {
  let planId: bigint;

  it('a customer request waits on an approval card for a finance approver (above the amount), then is approved', async () => {
    drain();
    const now = at('2026-03-12T10:00:00Z');
    const customerId = (await deps.store.planInvoices([ids['I-1']!], now))!.customer.customerId;
    const r = await requestPaymentPlan(deps, {
      customerId, currency: 'EUR', invoiceIds: [], requestedBy: 'ap@c-1.example',
      schedule: schedule(['2026-03-20', 30000n], ['2026-03-27', 30000n], ['2026-04-03', 30000n]),
    }, now);
    expect(r).toMatchObject({ ok: true, status: 'requested' });
    planId = (r as { planId: bigint }).planId;
    const [alert] = await db.sql<{ kind: string; details: { plan_id: string } }[]>`SELECT kind, details FROM alerts WHERE dedupe_key = ${`plan_request:${planId}`}`;
    expect(alert).toEqual({ kind: 'plan_request', details: { plan_id: planId.toString() } });
    // A request holds nothing yet: the invoices' own reminders still go out.
    expect((await cadenceFor(at('2026-03-13T08:30:00Z'))).planned).toEqual(['INV-I-1:overdue', 'INV-I-2:overdue']);
    expect(await decidePaymentPlan(deps, actors.ana!, planId, { decision: 'approve' }, now))
      .toEqual({ ok: false, code: 'not_allowed', message: 'only a finance approver can decide this payment plan: 900.00 EUR is above the approval amount' });
    expect(await decidePaymentPlan(deps, actors.dan!, planId, { decision: 'approve' }, now)).toMatchObject({ ok: true, status: 'active' });
    expect(await planRow(planId)).toMatchObject({ status: 'active', approved_by: 'dan@acme.example' });
    expect(sent.map((e) => e.subject)).toEqual(['Votre échéancier de paiement']);
    expect(sent[0]!.text).toMatch(/1\. 2026-03-20: 300,00\s€\n2\. 2026-03-27: 300,00\s€\n3\. 2026-04-03: 300,00\s€/);
  });

  it('holds the invoice-date reminders while the plan is active', async () => {
    const c = await cadenceFor(at('2026-03-13T08:30:00Z'));
    expect(c.planned).toEqual([]);
    expect(c.inPlan).toBe(2);
  });

  it('reminds the instalment three business days before its date, once', async () => {
    drain();
    expect(await runPaymentPlans(deps, at('2026-03-16T09:00:00Z'))).toEqual({ completed: 0, broken: 0, sent: 0, failed: 0 });
    expect(await runPaymentPlans(deps, at('2026-03-17T09:00:00Z'))).toEqual({ completed: 0, broken: 0, sent: 1, failed: 0 });
    expect(await runPaymentPlans(deps, at('2026-03-18T09:00:00Z'))).toMatchObject({ sent: 0 });
    expect(sent.map((e) => e.subject)).toEqual([expect.stringMatching(/^Échéancier : 300,00\s€ à régler le 2026-03-20$/)]);
    expect(sent[0]!.text).toContain('Vos échéances restantes');
  });

  it('follows up a partly paid instalment after its date, without breaking the plan within the grace days', async () => {
    drain();
    await importRows(db.sql, { payments: [{ external_id: 'P1', customer_external_id: 'C-1', received_date: '2026-03-19', currency: 'EUR', amount: '200.00', invoice_number: 'INV-I-1' }] });
    expect(await runPaymentPlans(deps, at('2026-03-23T09:00:00Z'))).toEqual({ completed: 0, broken: 0, sent: 1, failed: 0 });
    expect(sent.map((e) => e.subject)).toEqual([expect.stringMatching(/^Échéancier : 100,00\s€ du 2026-03-20 non reçu$/)]);
    expect(await planRow(planId)).toMatchObject({ status: 'active' });
  });

  it('a payment larger than the next instalment settles the following one', async () => {
    drain();
    await importRows(db.sql, { payments: [{ external_id: 'P2', customer_external_id: 'C-1', received_date: '2026-03-24', currency: 'EUR', amount: '400.00', invoice_number: 'INV-I-1' }] });
    // 600.00 paid: instalments 1 and 2 are done, so neither the 27 March reminder nor a follow-up goes out.
    expect(await runPaymentPlans(deps, at('2026-03-25T09:00:00Z'))).toEqual({ completed: 0, broken: 0, sent: 0, failed: 0 });
    expect(await runPaymentPlans(deps, at('2026-03-30T08:00:00Z'))).toMatchObject({ sent: 0 });
    // The third instalment's reminder comes three business days before 3 April.
    expect(await runPaymentPlans(deps, at('2026-03-31T08:00:00Z'))).toMatchObject({ sent: 1 });
    expect(sent.at(-1)!.subject).toMatch(/300,00\s€ à régler le 2026-04-03/);
    expect(sent.at(-1)!.text).not.toContain('2026-03-27');
  });

  it('an instalment missed beyond the grace days breaks the plan: an alert, and the normal cadence resumes', async () => {
    drain();
    expect(await runPaymentPlans(deps, at('2026-04-08T08:00:00Z'))).toMatchObject({ broken: 0 });
    expect(await planRow(planId)).toMatchObject({ status: 'active' });
    expect(await runPaymentPlans(deps, at('2026-04-09T08:00:00Z'))).toMatchObject({ broken: 1 });
    expect(await planRow(planId)).toMatchObject({ status: 'broken' });
    expect(await db.sql`SELECT kind FROM alerts WHERE dedupe_key = ${`plan_broken:${planId}`}`).toEqual([{ kind: 'plan_broken' }]);
    // I-1 is paid; I-2 gets the invoice's own reminder again.
    expect((await cadenceFor(at('2026-04-09T08:30:00Z'))).planned).toEqual(['INV-I-2:overdue']);
    expect(await noteBrokenPlan(deps, actors.ana!, planId, 'call_done')).toMatchObject({ ok: true });
    expect(await db.sql`SELECT actor FROM audit_log WHERE action = 'plan.call_done'`).toEqual([{ actor: 'ana@acme.example' }]);
  });

  it('re-plan: the account manager offers a new plan within the amount; it is active at once and holds the cadence again', async () => {
    drain();
    const now = at('2026-04-09T09:00:00Z');
    const r = await offerPaymentPlan(deps, actors.ana!, { invoiceIds: [ids['I-2']!], schedule: { count: 2, firstDate: '2026-04-15', interval: { monthly: true } }, replacesId: planId }, now);
    expect(r).toMatchObject({ ok: true, status: 'active', thread: 'Ana set up a payment plan of 300.00 EUR in 2 instalments' });
    const newId = (r as { planId: bigint }).planId;
    expect(await db.sql`SELECT due_date::text, amount_minor FROM plan_instalments WHERE plan_id = ${newId.toString()}::int8 ORDER BY instalment_no`)
      .toEqual([{ due_date: '2026-04-15', amount_minor: 15000n }, { due_date: '2026-05-15', amount_minor: 15000n }]);
    expect(sent.map((e) => e.subject)).toEqual(['Votre échéancier de paiement']);
    expect((await cadenceFor(at('2026-04-10T08:30:00Z'))).planned).toEqual([]);
    // A second plan on the same invoice is refused, naming the first.
    const again = await offerPaymentPlan(deps, actors.ana!, { invoiceIds: [ids['I-2']!], schedule: { count: 1, firstDate: '2026-04-20', interval: { everyDays: 1 } } }, now);
    expect(again).toEqual({ ok: false, code: 'already_in_plan', message: `invoice INV-I-2 is already in payment plan ${newId}` });
  });

  it('completes a plan once everything is paid', async () => {
    await importRows(db.sql, { payments: [{ external_id: 'P3', customer_external_id: 'C-1', received_date: '2026-04-14', currency: 'EUR', amount: '300.00', invoice_number: 'INV-I-2' }] });
    expect(await runPaymentPlans(deps, at('2026-04-14T09:00:00Z'))).toMatchObject({ completed: 1 });
    expect(await db.sql`SELECT status FROM payment_plans WHERE replaces_id = ${planId.toString()}::int8`).toEqual([{ status: 'completed' }]);
  });
});

describe('arbot policy plans', () => {
  async function cli(...argv: string[]) {
    const { PassThrough } = await import('node:stream');
    const { runCli } = await import('../../src/cli/main.js');
    const { writeFile, mkdtemp } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'arbot-plan-policy-'));
    await writeFile(join(dir, 'good.json'), JSON.stringify({ max_instalments: 4, approval_above_minor: { EUR: '100000' } }));
    await writeFile(join(dir, 'bad.json'), JSON.stringify({ max_instalments: 0 }));
    const out = new PassThrough();
    const err = new PassThrough();
    let o = '';
    let e = '';
    out.on('data', (d: Buffer) => (o += d.toString()));
    err.on('data', (d: Buffer) => (e += d.toString()));
    const code = await runCli(argv, { out, err, db, env: { DEMO_LEDGER: 'off' }, cwd: dir });
    return { code, out: o, err: e };
  }

  it('loads a file, shows it back, and refuses a bad one naming the field', async () => {
    expect(await cli('policy', 'plans', 'load', 'bad.json')).toEqual({ code: 3, out: '', err: 'bad.json: max_instalments: at least 1\n' });
    const loaded = await cli('policy', 'plans', 'load', 'good.json');
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.out)).toEqual({ max_instalments: 4, max_months: 6, min_instalment_minor: {}, approval_above_minor: { EUR: '100000' } });
    expect(JSON.parse((await cli('policy', 'plans')).out)).toEqual(JSON.parse(loaded.out));
    expect((await deps.store.loadPolicy()).maxInstalments).toBe(4);
  });
});

describe('KPI: in_payment_plan_amount and promised_amount', () => {
  const cents = (eur: string) => BigInt(eur.replace('.', ''));
  // The ledger above, literally: I-1 and I-2 in the first plan from 12 March until it broke on 9 April, I-2 in the
  // second from 9 April until it completed on 14 April; a promise of 400.00 on I-3 logged on 15 March.
  const ledger = () => [
    { currency: 'EUR', issueDate: '2026-01-15', dueDate: '2026-03-10', amountMinor: cents('600.00'), creditNotes: [], disputes: [],
      payments: [{ on: '2026-03-19', minor: cents('200.00') }, { on: '2026-03-24', minor: cents('400.00') }],
      plans: [{ from: '2026-03-12', until: '2026-04-09' }], promises: [] },
    { currency: 'EUR', issueDate: '2026-01-15', dueDate: '2026-03-10', amountMinor: cents('300.00'), creditNotes: [], disputes: [],
      payments: [{ on: '2026-04-14', minor: cents('300.00') }],
      plans: [{ from: '2026-03-12', until: '2026-04-09' }, { from: '2026-04-09', until: '2026-04-14' }], promises: [] },
    { currency: 'EUR', issueDate: '2026-01-15', dueDate: '2026-03-10', amountMinor: cents('1000.00'), creditNotes: [], disputes: [], payments: [],
      plans: [], promises: [{ from: '2026-03-15', until: null, amountMinor: cents('400.00') }] },
  ];

  beforeAll(async () => {
    await db.sql`INSERT INTO promises_to_pay (invoice_id, promised_date, amount_minor, created_by, created_at)
                 VALUES (${ids['I-3']!.toString()}::int8, '2026-04-30', 40000, 'ana@acme.example', '2026-03-15T10:00:00Z')`;
  });

  it.each([
    ['2026-03-11', '0.00', '0.00'],
    ['2026-03-20', '700.00', '400.00'],
    ['2026-04-10', '300.00', '400.00'],
    ['2026-04-14', '0.00', '400.00'],
  ])('at %s: %s in plans, %s promised (SQL, both strategies, equal to the oracle)', async (asOf, inPlan, promised) => {
    const { postgresKpiStore } = await import('../../adapters/postgres/kpi-store.js');
    const { buildCurrencyKpis } = await import('../../src/domain/kpi/currency-kpis.js');
    const { computeCommitments } = await import('../support/kpi-oracle/commitments.js');
    const { formatAmount } = await import('../../src/domain/money.js');
    for (const strategy of ['auto', 'scan'] as const) {
      const [group] = await postgresKpiStore(db.sql, 'Europe/Paris', { strategy }).totals(asOf, { currency: 'EUR' });
      const k = buildCurrencyKpis(group!.totals[0]!, asOf);
      expect([k.in_payment_plan_amount, k.promised_amount]).toEqual([inPlan, promised]);
    }
    const oracle = computeCommitments(ledger(), 'EUR', asOf);
    expect([formatAmount(oracle.inPaymentPlan, 'EUR'), formatAmount(oracle.promised, 'EUR')]).toEqual([inPlan, promised]);
  });
});

describe('plan alerts in chat', () => {
  it('draws a request with its schedule and who decides, and a broken plan with what to do, on Slack and Teams', async () => {
    const { loadAlertView } = await import('../../adapters/postgres/chat-views-alerts.js');
    const { buildAlertMessage } = await import('../../blocks/slack/alert-blocks.js');
    const { buildAlertCard } = await import('../../blocks/teams/alert-cards.js');
    const rows = await db.sql<{ id: bigint; kind: string; customer_id: bigint | null; invoice_id: null; dispute_id: null; email_id: null; reply_id: null; details: unknown; raised_at: Date; attempts: number }[]>`
      SELECT a.*, 0 AS attempts FROM alerts a WHERE kind IN ('plan_request', 'plan_broken') ORDER BY id`;
    const views = await Promise.all(rows.map((r) => loadAlertView(db.sql, r as never, at('2026-04-20T09:00:00Z'), 'Europe/Paris')));
    const request = views.find((v) => v?.kind === 'payment_plan' && v.plan.event === 'requested' && v.plan.total === '€900.00');
    const broken = views.find((v) => v?.kind === 'payment_plan' && v.plan.event === 'broken');
    expect(request).toMatchObject({ plan: { status: 'broken', financeApprover: true, origin: 'customer', instalments: [{ dueDate: '2026-03-20', amount: '€300.00' }, {}, {}] } });
    const slack = JSON.stringify(buildAlertMessage(request!).blocks);
    expect(slack).toContain('Payment plan requested: Customer C-1');
    expect(slack).toContain('1. 2026-03-20: €300.00');
    expect(slack).toContain('this plan is now broken');
    const teams = JSON.stringify(buildAlertCard(broken!).card);
    expect(teams).toContain('Payment plan broken: Customer C-1');
    expect(teams).toContain('The normal reminders have resumed');
  });
});
