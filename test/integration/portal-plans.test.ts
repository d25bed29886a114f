import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalPageRoutes } from '../../adapters/http/portal-page.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { postgresCustomerPortalStore } from '../../adapters/postgres/customer-portal.js';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { buildPlanEmail } from '../../blocks/email/plan-email.js';
import { parsePlanPolicy } from '../../src/domain/plans/plan-policy.js';
import { signPortalToken } from '../../src/domain/portal-link.js';
import type { EmailSender } from '../../src/ports/email-sender.js';
import type { PlanDeps } from '../../src/services/payment-plans.js';
import { portalPlanRequests } from '../../src/wire/portal-plans.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { testLogger } from '../support/test-log.js';

// The portal's plan request through the real plan service and store (src/wire/portal-plans.ts), as src/main.ts wires it.
const secret = 'test-link-secret-0123456789abcdefghijklmnop';
const publicBaseUrl = 'https://ar.example.com';
const now = new Date('2026-03-20T10:00:00Z');
const generous = { capacity: 1000, perSecond: 1000 };

let db: TestDb;
let http: HttpServer;
let base: string;
let deps: PlanDeps;
const ids: Record<string, bigint> = {};
const id = (k: string) => ids[k]!.toString();
const nobody: EmailSender = { name: 'test', send: async () => ({ outcome: 'sent', provider: 'test', messageId: 'm' }) };

beforeAll(async () => {
  db = await openTestDb();
  const [owner] = await db.sql<{ id: bigint }[]>`INSERT INTO owners (email, name, team) VALUES ('ana@seller.example', 'Ana', 'sales') RETURNING id`;
  for (const [key, locale] of [['acme', 'en-GB'], ['dupont', 'fr-FR'], ['busy', 'en-GB']] as const) {
    const [c] = await db.sql<{ id: bigint }[]>`
      INSERT INTO customers (external_id, name, timezone, billing_emails, locale, sales_owner_id)
      VALUES (${`C-${key}`}, ${`Client ${key}`}, 'Europe/Paris', ${`{ap@${key}.example}`}, ${locale}, ${owner!.id.toString()}::int8) RETURNING id`;
    ids[key] = c!.id;
  }
  const inv = async (key: string, customer: string, minor: number) => {
    const [r] = await db.sql<{ id: bigint }[]>`
      INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
      VALUES (${`E-${key}`}, ${key}, ${id(customer)}::int8, '2026-01-01', '2026-02-01', 'EUR', ${minor}) RETURNING id`;
    ids[key] = r!.id;
  };
  await inv('A-1', 'acme', 90_000);
  await inv('A-2', 'acme', 6_000);
  await inv('D-1', 'dupont', 120_000);
  await inv('D-2', 'dupont', 6_000);
  await inv('B-1', 'busy', 90_000);
  deps = {
    store: postgresPaymentPlanStore(db.sql), sender: nobody, render: buildPlanEmail,
    settings: { graceDays: 5, reminderDays: 3, sendHour: 9, sendUntil: 17, from: { email: 'ar@seller.example', name: 'Seller' } },
  };
  const policy = parsePlanPolicy({ max_instalments: 4, max_months: 4, min_instalment_minor: { EUR: 5000 }, approval_above_minor: { EUR: 500000 } });
  await deps.store.savePolicy((policy as { ok: true; policy: never }).policy, 'test');
  http = createHttpServer(portalPageRoutes({
    store: postgresCustomerPortalStore(db.sql), secret, publicBaseUrl, disputeLinkTtlDays: 90, promiseMaxDays: 60,
    now: () => now, log: testLogger(), planRequests: portalPlanRequests(deps),
    limits: { getPerIp: generous, getPerLink: generous, postPerIp: generous, postPerLink: generous },
  }), testLogger());
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await db?.close();
});

const tokenFor = (key: string) => signPortalToken({ customerId: ids[key]!, keyVersion: 1, expiresAt: new Date('2026-06-01T00:00:00Z') }, secret);
const open = async (key: string) => (await fetch(`${base}/p/${tokenFor(key)}`)).text();
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;
async function request(key: string, fields: [string, string][]) {
  const csrf = csrfOf(await open(key));
  const res = await fetch(`${base}/p/${tokenFor(key)}/plan`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: publicBaseUrl },
    body: new URLSearchParams([['csrf', csrf], ...fields]).toString(),
  });
  return { status: res.status, html: await res.text() };
}
async function written() {
  const [r] = await db.sql<{ plans: number; alerts: number; audit: number }[]>`
    SELECT (SELECT count(*) FROM payment_plans)::int AS plans, (SELECT count(*) FROM alerts WHERE kind = 'plan_request')::int AS alerts,
           (SELECT count(*) FROM audit_log WHERE action LIKE 'plan.%')::int AS audit`;
  return r!;
}

describe('a payment plan requested on the portal', () => {
  it('offers 2 to max_instalments monthly payments and a first date from tomorrow, every input labelled', async () => {
    const html = await open('acme');
    expect(html).toContain('<label for="plan-count">Number of monthly payments</label>');
    expect([...html.matchAll(/<option value="(\d+)"/g)].map((m) => m[1])).toEqual(['2', '3', '4']);
    expect(html).toContain('<label for="plan-first-date">First payment date</label>');
    expect(html).toContain('min="2026-03-21" max="2026-06-20"');
    expect(html).toContain('<label for="plan-note">Note for our accounts team (optional)</label>');
  });

  it('becomes a requested plan with its plan_request approval card, the note in its audit trail', async () => {
    const r = await request('acme', [['invoice', id('A-1')], ['count', '3'], ['first_date', '2026-04-15'], ['note', 'After our Q1 close']]);
    expect(r.status).toBe(201);
    expect(r.html).toContain('Your request for a payment plan (invoice A-1) was sent to our accounts team');
    expect(r.html).toContain('Payment plan requested');
    const [plan] = await db.sql<{ id: bigint; status: string; origin: string; created_by: string; total_minor: bigint }[]>`
      SELECT id, status, origin, created_by, total_minor FROM payment_plans WHERE customer_id = ${id('acme')}::int8`;
    expect(plan).toMatchObject({ status: 'requested', origin: 'customer', created_by: 'customer:ap@acme.example', total_minor: 90_000n });
    const schedule = await db.sql<{ d: string; a: bigint }[]>`
      SELECT to_char(due_date, 'YYYY-MM-DD') AS d, amount_minor AS a FROM plan_instalments WHERE plan_id = ${plan!.id.toString()}::int8 ORDER BY instalment_no`;
    expect(schedule).toEqual([{ d: '2026-04-15', a: 30_000n }, { d: '2026-05-15', a: 30_000n }, { d: '2026-06-15', a: 30_000n }]);
    const alerts = await db.sql`SELECT 1 FROM alerts WHERE kind = 'plan_request' AND customer_id = ${id('acme')}::int8 AND details->>'plan_id' = ${plan!.id.toString()}`;
    expect(alerts).toHaveLength(1);
    const [note] = await db.sql<{ details: { note: string } }[]>`SELECT details FROM audit_log WHERE action = 'plan.customer_note' AND entity_id = ${plan!.id.toString()}::int8`;
    expect(note!.details.note).toBe('After our Q1 close');
  });

  it('refuses a request beyond the bounds with the bound stated, and writes nothing', async () => {
    const before = await written();
    const tooMany = await request('dupont', [['invoice', id('D-1')], ['count', '5'], ['first_date', '2026-04-15']]);
    expect(tooMany.status).toBe(400);
    expect(tooMany.html).toContain('Choisissez de 2 à 4 mensualités.');
    const tooLate = await request('dupont', [['invoice', id('D-1')], ['count', '2'], ['first_date', '2026-07-01']]);
    expect(tooLate.html).toContain('La date peut être au plus tard le 20 juin 2026.');
    const tooLong = await request('dupont', [['invoice', id('D-1')], ['count', '4'], ['first_date', '2026-05-01']]);
    expect(tooLong.html).toContain('Le dernier paiement tomberait après le 20 juillet 2026');
    const tooSmall = await request('acme', [['invoice', id('A-2')], ['count', '2'], ['first_date', '2026-04-15']]);
    expect(tooSmall.status).toBe(400);
    // The service's own bound (the policy's minimum instalment), in the customer's words, not chat's.
    expect(tooSmall.html).toContain('Each monthly payment must be at least €50.00, and payment 1 would be €30.00: choose fewer payments.');
    expect(tooSmall.html).not.toContain('minimum instalment');
    expect(await written()).toEqual(before);
  });

  it('words the plan service\'s refusals in French for a French customer, and writes nothing', async () => {
    const before = await written();
    const tooSmall = await request('dupont', [['invoice', id('D-2')], ['count', '2'], ['first_date', '2026-04-15']]);
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.html.replace(/[\u202f\u00a0]/g, ' '))
      .toContain("Chaque mensualité doit être d'au moins 50,00 €, et la mensualité 1 serait de 30,00 € : choisissez moins de mensualités.");
    expect(tooSmall.html).not.toMatch(/minimum instalment|is below/);
    expect(await written()).toEqual(before);
    expect((await request('dupont', [['invoice', id('D-1')], ['count', '2'], ['first_date', '2026-04-15']])).status).toBe(201);
    const again = await request('dupont', [['invoice', id('D-1')], ['count', '3'], ['first_date', '2026-04-15']]);
    expect(again.status).toBe(400);
    expect(again.html).toContain("La facture D-1 fait déjà partie d'un échéancier ou d'une demande.");
    expect(again.html).not.toContain('already in a payment plan');
  });

  it('shows "In a payment plan" and the schedule of an active plan, the paid instalments ticked off', async () => {
    const started = new Date('2026-02-10T10:00:00Z');
    const r = await deps.store.createPlan({
      customerId: ids.busy!, currency: 'EUR', origin: 'owner', status: 'active', totalMinor: 90_000n, needsFinanceApprover: false,
      createdBy: 'ana@seller.example', approvedBy: 'ana@seller.example', replacesId: null, at: started,
      invoices: [{ invoiceId: ids['B-1']!, number: 'B-1', customerId: ids.busy!, currency: 'EUR', remainingMinor: 90_000n }],
      instalments: [{ dueDate: '2026-03-10', amountMinor: 30_000n }, { dueDate: '2026-04-10', amountMinor: 30_000n }, { dueDate: '2026-05-10', amountMinor: 30_000n }],
    });
    expect('id' in r).toBe(true);
    const [p] = await db.sql<{ id: bigint }[]>`
      INSERT INTO payments (external_id, customer_id, received_date, currency, amount_minor) VALUES ('P-B1', ${id('busy')}::int8, '2026-03-09', 'EUR', 30000) RETURNING id`;
    await db.sql`INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, matched_by) VALUES (${p!.id.toString()}::int8, ${id('B-1')}::int8, 30000, 'manual')`;
    const html = await open('busy');
    expect(html).toContain('<span class="state">In a payment plan</span>');
    expect(html).not.toContain('Payment plan requested');
    expect(html).toContain('<h2 id="schedule-title">Your payment plan</h2>');
    const rows = [...html.matchAll(/<tr><td><span lang="en-GB">([^<]+)<\/span><\/td><td><span lang="en-GB">([^<]+)<\/span><\/td><td>([^<]+)<\/td><\/tr>/g)]
      .map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual([['10 March 2026', '€300.00', 'Paid'], ['10 April 2026', '€300.00', 'Due'], ['10 May 2026', '€300.00', 'Due']]);
    // Another customer's page shows none of it.
    expect(await open('dupont')).not.toContain('schedule-title');
  });
});
