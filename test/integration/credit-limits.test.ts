import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseCreditOverdueAlerts, raiseCreditThresholdAlerts } from '../../adapters/postgres/credit-alerts.js';
import { postgresCreditActionStore } from '../../adapters/postgres/credit-actions.js';
import { loadAlertView, type AlertRow } from '../../adapters/postgres/chat-views-alerts.js';
import { customerOverview } from '../../adapters/postgres/chat-views-customer.js';
import { loadInvoiceFacts } from '../../adapters/postgres/chat-views-invoices.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { buildCustomerBlocks } from '../../blocks/slack/ar-blocks.js';
import { buildAlertCard } from '../../blocks/teams/alert-cards.js';
import { decodeAction } from '../../src/chat/chat-action.js';
import { loadConfig } from '../../src/config.js';
import { routeAlert } from '../../src/domain/alert-routing.js';
import { crossedThresholds } from '../../src/domain/credit/credit-position.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import type { CreditActionStore } from '../../src/ports/credit-actions.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';
import { releaseCreditHold, setCreditHold, setCreditLimit } from '../../src/services/chat-actions/credit-actions.js';
import type { AlertView } from '../../src/views/alert-view.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Issue 19: credit limits and holds, on Postgres. C-1 has a limit of 1,000.00 EUR; its invoices are due after
// `now`, so only the threshold rule concerns it. C-2 has no limit and one invoice 69 days overdue.

const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
const now = new Date('2026-03-20T10:00:00Z'); // Friday 20 March, 11:00 in Paris
const later = (days: number) => new Date(now.getTime() + days * 86_400_000);
let db: TestDb;
let store: CreditActionStore;
const actors: Record<string, Actor> = {};

async function owner(email: string): Promise<Actor> {
  const [o] = await db.sql<{ id: bigint; name: string; team: 'sales' | 'finance' | 'delivery'; approver: boolean }[]>`
    SELECT id, name, team, approver FROM owners WHERE email = ${email}`;
  return { ownerId: o!.id, email, name: o!.name, team: o!.team, approver: o!.approver, platformId: `slack:${email}` };
}

const creditAlerts = () => db.sql<{ id: bigint; kind: string; dedupe_key: string; customer: string; details: Record<string, unknown> }[]>`
  SELECT a.id, a.kind, a.dedupe_key, c.external_id AS customer, a.details FROM alerts a JOIN customers c ON c.id = a.customer_id
  WHERE a.kind IN ('credit_threshold', 'credit_overdue') ORDER BY a.id`;
const openAr = async () => (await db.sql<{ open: string }[]>`
  SELECT coalesce(sum(i.amount_minor - coalesce((SELECT sum(a.amount_minor) FROM payment_allocations a WHERE a.invoice_id = i.id), 0)), 0)::text AS open
  FROM invoices i JOIN customers c ON c.id = i.customer_id WHERE c.external_id = 'C-1'`)[0]!.open;

beforeAll(async () => {
  db = await openTestDb();
  store = postgresCreditActionStore(db.sql, () => now);
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales' },
      { email: 'ben@acme.example', name: 'Ben', team: 'delivery' },
      { email: 'fay@acme.example', name: 'Fay', team: 'finance' },
      { email: 'dan@acme.example', name: 'Dan', team: 'finance', approver: 'true' },
    ],
    customers: [
      customer('C-1', 'Europe/Paris', 'standard', {
        sales_owner_email: 'ana@acme.example', delivery_owner_email: 'ben@acme.example', credit_limit: '1000.00', credit_limit_currency: 'EUR',
      }),
      customer('C-2', 'Europe/Paris', 'standard', { sales_owner_email: 'ana@acme.example' }),
    ],
    invoices: [
      invoice('I-1', 'C-1', '2026-04-30', '500.00'),
      // Another currency never counts against a EUR limit.
      invoice('I-USD', 'C-1', '2026-04-30', '9000.00', 'USD'),
      { ...invoice('L-1', 'C-2', '2026-01-10', '100.00'), issue_date: '2026-01-01' },
    ],
  });
  for (const who of ['ana', 'ben', 'fay', 'dan']) actors[who] = await owner(`${who}@acme.example`);
});
afterAll(async () => {
  await db?.close();
});

describe('threshold alerts (80% and 100% of the limit)', () => {
  it('fire once at 80%, not again while above, then once at 100%', async () => {
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(0); // 500 of 1,000: 50%
    await importRows(db.sql, { invoices: [invoice('I-2', 'C-1', '2026-04-30', '300.00')] });
    expect(crossedThresholds(1000_00n, BigInt(await openAr()) - 9000_00n)).toEqual([80]);
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(1);
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(0);
    expect(await raiseCreditThresholdAlerts(db.sql, later(1))).toBe(0);
    await importRows(db.sql, { invoices: [invoice('I-3', 'C-1', '2026-04-30', '250.00')] }); // 1,050: 105%
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(1);
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(0);
    expect((await creditAlerts()).map((a) => [a.dedupe_key.replace(/:\d+:/, ':C:'), a.details])).toEqual([
      ['credit_threshold:C:EUR:used_80:1', { threshold: 80, currency: 'EUR', limit_minor: '100000', open_minor: '80000' }],
      ['credit_threshold:C:EUR:used_100:1', { threshold: 100, currency: 'EUR', limit_minor: '100000', open_minor: '105000' }],
    ]);
  });

  it('are re-armed when open AR falls back below, and fire again on the next crossing', async () => {
    await importRows(db.sql, {
      payments: [{ external_id: 'P-1', customer_external_id: 'C-1', received_date: '2026-03-19', currency: 'EUR', amount: '500.00', invoice_number: 'INV-I-1' }],
    }); // 550: 55%
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(0);
    expect(await db.sql`SELECT rule, armed, crossings FROM credit_alert_arms ORDER BY rule`).toEqual([
      { rule: 'used_100', armed: true, crossings: 1 },
      { rule: 'used_80', armed: true, crossings: 1 },
    ]);
    await importRows(db.sql, { invoices: [invoice('I-4', 'C-1', '2026-04-30', '300.00')] }); // 850: 85%
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(1);
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(0);
    expect((await creditAlerts()).at(-1)!.dedupe_key).toMatch(/^credit_threshold:\d+:EUR:used_80:2$/);
  });

  it('raise one alert, the 100% one, when a single run crosses both', async () => {
    await db.sql`UPDATE customers SET credit_limit_minor = 10000000 WHERE external_id = 'C-1'`;
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(0); // 850 of 100,000: both re-armed
    await db.sql`UPDATE customers SET credit_limit_minor = 50000 WHERE external_id = 'C-1'`;
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(1); // 850 of 500: 170%
    expect((await creditAlerts()).at(-1)!.dedupe_key).toMatch(/^credit_threshold:\d+:EUR:used_100:2$/);
    expect(await db.sql`SELECT rule, armed FROM credit_alert_arms WHERE rule <> 'overdue' ORDER BY rule`).toEqual([
      { rule: 'used_100', armed: false }, { rule: 'used_80', armed: false },
    ]);
    await db.sql`UPDATE customers SET credit_limit_minor = 100000 WHERE external_id = 'C-1'`; // back to 1,000: 85%
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(0);
  });
});

describe('overdue alert (CREDIT_OVERDUE_DAYS)', () => {
  it('fires once when a customer has an invoice more than N days overdue, and again only after it was cleared', async () => {
    expect(await raiseCreditOverdueAlerts(db.sql, now, 70)).toBe(0); // L-1 is 69 days overdue
    expect(await raiseCreditOverdueAlerts(db.sql, now, 60)).toBe(1);
    expect(await raiseCreditOverdueAlerts(db.sql, later(1), 60)).toBe(0);
    const last = (await creditAlerts()).at(-1)!;
    expect([last.kind, last.customer, last.details]).toEqual(['credit_overdue', 'C-2', { days_overdue: 69, overdue_days: 60 }]);
    await importRows(db.sql, {
      payments: [{ external_id: 'P-2', customer_external_id: 'C-2', received_date: '2026-03-20', currency: 'EUR', amount: '100.00', invoice_number: 'INV-L-1' }],
      invoices: [invoice('L-2', 'C-2', '2026-01-20', '40.00')],
    });
    // L-2 is 59 days overdue on the 20th: nothing past the limit, so the rule re-arms.
    expect(await raiseCreditOverdueAlerts(db.sql, now, 60)).toBe(0);
    expect(await raiseCreditOverdueAlerts(db.sql, later(2), 60)).toBe(1); // 61 days
    expect((await creditAlerts()).at(-1)!.dedupe_key).toMatch(/^credit_overdue:\d+:2$/);
  });

  it('is routed to the account manager and finance, and drawn with the credit buttons', async () => {
    const [row] = await db.sql<AlertRow[]>`SELECT * FROM alerts WHERE kind = 'credit_threshold' ORDER BY id LIMIT 1`;
    const teams = { sales: 'C0SALES', delivery: 'C0DEL', finance: 'C0FIN' };
    expect(routeAlert('credit_threshold', await loadRoutingFacts(db.sql, row!), teams).map((t) => t.channel)).toEqual(['C0SALES', 'C0FIN']);
    const view = await loadAlertView(db.sql, row!, now, 'Europe/Paris') as Extract<AlertView, { kind: 'credit' }>;
    expect(view.credit.limit).toEqual({ currency: 'EUR', limit: '€1,000.00', openAr: '€850.00', available: '€150.00', usedPercent: 85, overLimit: false });
    const slack = buildAlertMessage(view);
    const actions = slack.blocks.at(-1) as { elements: { action_id: string; value: string }[] };
    expect(actions.elements.map((e) => e.action_id)).toEqual(['arbot.credit_hold', 'arbot.credit_limit']);
    expect(JSON.parse(actions.elements[0]!.value)).toEqual({ a: row!.id.toString() });
    expect(JSON.stringify(buildAlertCard(view).card)).toContain('Credit limit 80% reached');
  });
});

describe('credit actions', () => {
  let alertId: bigint;
  beforeAll(async () => {
    alertId = (await db.sql<{ id: bigint }[]>`SELECT id FROM alerts WHERE kind = 'credit_threshold' ORDER BY id LIMIT 1`)[0]!.id;
  });
  const holds = () => db.sql`
    SELECT reason, set_by, (SELECT name FROM owners WHERE id = set_by_id) AS set_by_name, released_by, released_at IS NOT NULL AS released
    FROM credit_holds ORDER BY id`;

  it('puts the customer on hold with a reason, by its account manager; not by its delivery owner, not twice', async () => {
    expect(await setCreditHold(store, actors.ben!, alertId, 'Cheque bounced')).toEqual({
      ok: false, code: 'not_allowed', message: "only Customer C-1's sales owner (Ana) or finance can put this customer on credit hold",
    });
    expect(await setCreditHold(store, actors.ana!, alertId, '  ')).toMatchObject({ ok: false, code: 'invalid' });
    const r = await setCreditHold(store, actors.ana!, alertId, 'Cheque bounced');
    expect(r).toMatchObject({ ok: true, thread: 'Ana put Customer C-1 on credit hold: Cheque bounced' });
    expect(r.ok && r.refresh.map((s) => s.kind)).toContain('alert');
    expect(await setCreditHold(store, actors.fay!, alertId, 'Again')).toMatchObject({ ok: false, code: 'already_held' });
    expect(await holds()).toEqual([{ reason: 'Cheque bounced', set_by: 'ana@acme.example', set_by_name: 'Ana', released_by: null, released: false }]);
    const audit = await db.sql`SELECT actor, details->>'reason' AS reason FROM audit_log WHERE action = 'credit.hold_set'`;
    expect(audit).toEqual([{ actor: 'ana@acme.example', reason: 'Cheque bounced' }]);
  });

  it('shows the hold on every invoice card of the customer, on its credit alert and in /ar', async () => {
    const line = 'Credit hold — set by Ana on 2026-03-20: Cheque bounced';
    const [inv] = await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = 'I-2'`;
    const facts = (await loadInvoiceFacts(db.sql, [inv!.id], now, 'Europe/Paris')).get(inv!.id)!;
    expect(facts.creditHold).toEqual({ setBy: 'Ana', setOn: '2026-03-20', reason: 'Cheque bounced' });
    expect(JSON.stringify(buildAlertMessage({ kind: 'invoice_overdue', invoice: facts, owner: null }).blocks)).toContain(line);
    expect(JSON.stringify(buildAlertCard({ kind: 'invoice_overdue', invoice: facts, owner: null }).card)).toContain(line);
    const [row] = await db.sql<AlertRow[]>`SELECT * FROM alerts WHERE id = ${alertId.toString()}::int8`;
    const view = await loadAlertView(db.sql, row!, now, 'Europe/Paris') as Extract<AlertView, { kind: 'credit' }>;
    const slack = buildAlertMessage(view);
    expect(JSON.stringify(slack.blocks)).toContain(line);
    expect((slack.blocks.at(-1) as { elements: { action_id: string }[] }).elements.map((e) => e.action_id)).toEqual(['arbot.credit_release', 'arbot.credit_limit']);
    const [c] = await db.sql<{ id: bigint }[]>`SELECT id FROM customers WHERE external_id = 'C-1'`;
    const ar = JSON.stringify(buildCustomerBlocks(await customerOverview(db.sql, c!.id, now, 'Europe/Paris')));
    expect(ar).toContain(line);
    expect(ar).toContain('Credit: €850.00 of €1,000.00 used (85%) · €150.00 available');
  });

  it('refuses a release to anyone but a finance approver, and keeps the history once released', async () => {
    const message = 'only a finance approver can release this customer\'s credit hold';
    expect(await releaseCreditHold(store, actors.ana!, alertId)).toEqual({ ok: false, code: 'not_allowed', message });
    expect(await releaseCreditHold(store, actors.fay!, alertId)).toEqual({ ok: false, code: 'not_allowed', message });
    expect(await releaseCreditHold(store, actors.dan!, alertId)).toMatchObject({ ok: true, thread: 'Dan released the credit hold of Customer C-1' });
    expect(await releaseCreditHold(store, actors.dan!, alertId)).toMatchObject({ ok: false, code: 'not_held' });
    expect(await holds()).toEqual([{ reason: 'Cheque bounced', set_by: 'ana@acme.example', set_by_name: 'Ana', released_by: 'dan@acme.example', released: true }]);
    const [inv] = await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = 'I-2'`;
    expect((await loadInvoiceFacts(db.sql, [inv!.id], now, 'Europe/Paris')).get(inv!.id)!.creditHold ?? null).toBeNull();
  });

  it('changes the limit by a finance approver only, audited', async () => {
    expect(await setCreditLimit(store, actors.ana!, alertId, '5000')).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(await setCreditLimit(store, actors.dan!, alertId, 'lots')).toMatchObject({ ok: false, code: 'invalid' });
    expect(await setCreditLimit(store, actors.dan!, alertId, '1 500')).toMatchObject({
      ok: true, thread: 'Dan set the credit limit of Customer C-1 to 1500.00 EUR (was 1000.00 EUR)',
    });
    expect(await db.sql`SELECT credit_limit_minor::text AS minor, credit_limit_currency AS currency FROM customers WHERE external_id = 'C-1'`)
      .toEqual([{ minor: '150000', currency: 'EUR' }]);
    const [a] = await db.sql`SELECT actor, details FROM audit_log WHERE action = 'credit.limit_set'`;
    expect(a).toEqual({ actor: 'dan@acme.example', details: { from: { minor: '100000', currency: 'EUR' }, to: { minor: '150000', currency: 'EUR' } } });
    // 850 of 1,500 is 56%: both thresholds re-arm.
    expect(await raiseCreditThresholdAlerts(db.sql, now)).toBe(0);
    expect(await db.sql`SELECT bool_and(armed) AS armed FROM credit_alert_arms WHERE rule <> 'overdue'`).toEqual([{ armed: true }]);
  });

  it('goes through the one chat core: the buttons decode, forms open for who may act, refusals say who can', async () => {
    const { core } = chatCoreOn(db.sql, { log: quiet, now: () => now, zone: 'Europe/Paris' });
    const person = (email: string) => ({ platform: 'slack' as const, userId: `U-${email}`, name: email, chatId: null, email: async () => email });
    const act = async (email: string, id: string, data: Record<string, string>, asksFirst = false) => {
      const decoded = decodeAction(id, data, { asksFirst });
      if (!decoded.ok) throw new Error(`${id} did not decode`);
      return core.handle({ person: person(email), action: decoded.action, delivery: null });
    };
    const a = alertId.toString();
    expect(await act('ana@acme.example', 'arbot.credit_limit', { a }, true)).toMatchObject({ kind: 'refused', code: 'not_allowed' });
    expect(await act('dan@acme.example', 'arbot.credit_limit', { a }, true)).toMatchObject({ kind: 'form', form: { form: 'credit_limit' } });
    expect(await act('ana@acme.example', 'arbot.form_credit_hold', { a, credit_hold_reason: 'Insolvency filed' })).toMatchObject({ kind: 'done' });
    expect(await act('fay@acme.example', 'arbot.credit_release', { a })).toMatchObject({ kind: 'refused', message: 'only a finance approver can release this customer\'s credit hold' });
    expect(await act('dan@acme.example', 'arbot.credit_release', { a })).toMatchObject({ kind: 'done' });
    expect((await holds()).map((h) => h.released)).toEqual([true, true]);
  });
});

describe('GET /api/v1/customers/<id>/credit', () => {
  const token = 'credit-test-token-0123456789';
  let app: Running;
  let base: string;
  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0', HOST: '127.0.0.1', API_TOKEN: token, COMPANY_TIMEZONE: 'Europe/Paris', DEMO_LEDGER: 'off', SCHEDULER: 'off', LOG_LEVEL: 'silent',
    });
    app = await startServer(config, quiet, { db, now: () => later(2) });
    base = `http://127.0.0.1:${app.port}`;
    const [ana] = await db.sql<{ id: bigint }[]>`SELECT id FROM owners WHERE email = 'ana@acme.example'`;
    await db.sql`INSERT INTO credit_holds (customer_id, reason, set_by_id, set_by, set_at)
                 SELECT id, 'Long overdue', ${ana!.id.toString()}::int8, 'ana@acme.example', '2026-03-21T08:00:00Z' FROM customers WHERE external_id = 'C-2'`;
  });
  afterAll(async () => {
    await app?.stop();
  });
  const get = async (id: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) => {
    const res = await fetch(`${base}/api/v1/customers/${encodeURIComponent(id)}/credit`, { headers });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  };

  it('answers a customer within its limit: an order may be taken', async () => {
    // Limit 1,500.00; open EUR: I-2 300 + I-3 250 + I-4 300 = 850.00 (I-1 paid off; I-USD in another currency).
    expect(await get('C-1')).toEqual({
      status: 200,
      body: {
        customer: 'C-1', name: 'Customer C-1', currency: 'EUR', credit_limit_minor: '150000', open_minor: '85000', available_minor: '65000',
        used_percent: 56.6, on_hold: false, hold: null, oldest_overdue_days: null, overdue_limit_days: 60, may_take_order: true, reasons: [],
        as_of: '2026-03-22T10:00:00.000Z',
      },
    });
  });

  it('answers a held, long-overdue customer without a limit: no order, with the reasons', async () => {
    expect(await get('C-2')).toEqual({
      status: 200,
      body: {
        customer: 'C-2', name: 'Customer C-2', currency: null, credit_limit_minor: null, open_minor: null, available_minor: null,
        used_percent: null, on_hold: true, hold: { set_by: 'Ana', reason: 'Long overdue', set_at: '2026-03-21T08:00:00.000Z' },
        oldest_overdue_days: 61, overdue_limit_days: 60, may_take_order: false,
        reasons: ['on credit hold', 'an invoice is 61 days overdue (more than 60)'], as_of: '2026-03-22T10:00:00.000Z',
      },
    });
  });

  it('is 404 for an unknown customer and 401 without the token', async () => {
    expect(await get('NOPE')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await get('C-1', {})).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await get('C-1', { authorization: 'Bearer wrong' })).toMatchObject({ status: 401 });
  });
});
