import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalPageRoutes } from '../../adapters/http/portal-page.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { loadAlertView, type AlertRow } from '../../adapters/postgres/chat-views-alerts.js';
import { postgresCustomerPortalStore, rotatePortalKey } from '../../adapters/postgres/customer-portal.js';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { verifyDisputeToken } from '../../src/domain/dispute-link.js';
import { signPortalToken } from '../../src/domain/portal-link.js';
import type { PortalPlanRequests } from '../../src/ports/portal-plan-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { testLogger } from '../support/test-log.js';

const secret = 'test-link-secret-0123456789abcdefghijklmnop';
const publicBaseUrl = 'https://ar.example.com';
const now = new Date('2026-03-20T10:00:00Z');
const expiresAt = new Date('2026-06-01T00:00:00Z');
const generous = { capacity: 1000, perSecond: 1000 };
/** What the server reads as now: `now` unless a test moves it (and puts it back). */
let clock = now;

let db: TestDb;
let http: HttpServer;
let base: string;
const ids: Record<string, bigint> = {};
const planCalls: unknown[][] = [];

const id = (k: string) => ids[k]!.toString();

beforeAll(async () => {
  db = await openTestDb();
  const [owner] = await db.sql<{ id: bigint }[]>`INSERT INTO owners (email, name, team) VALUES ('ana@seller.example', 'Ana', 'sales') RETURNING id`;
  for (const [key, locale] of [['acme', 'en-GB'], ['dupont', 'fr-FR'], ['other', 'en']] as const) {
    const [c] = await db.sql<{ id: bigint }[]>`
      INSERT INTO customers (external_id, name, timezone, billing_emails, locale, sales_owner_id)
      VALUES (${`C-${key}`}, ${`Client ${key}`}, 'Europe/Paris', '{ap@client.example}', ${locale}, ${owner!.id.toString()}::int8) RETURNING id`;
    ids[key] = c!.id;
  }
  const inv = async (key: string, customer: string, due: string, currency: string, minor: number, extra: { pay?: string; proof?: string } = {}) => {
    const [r] = await db.sql<{ id: bigint }[]>`
      INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor, pay_url, proof_url)
      VALUES (${`E-${key}`}, ${key}, ${id(customer)}::int8, '2026-01-01', ${due}, ${currency}, ${minor}, ${extra.pay ?? null}, ${extra.proof ?? null})
      RETURNING id`;
    ids[key] = r!.id;
  };
  await inv('A-1', 'acme', '2026-02-01', 'EUR', 10_000, { pay: 'https://pay.example/a1', proof: 'https://pod.example/a1' });
  await inv('A-2', 'acme', '2026-03-10', 'EUR', 5_000);
  await inv('A-3', 'acme', '2026-03-01', 'USD', 7_000, { proof: 'javascript:alert(1)' });
  await inv('A-PAID', 'acme', '2026-02-15', 'EUR', 3_000);
  await inv('D-1', 'dupont', '2026-02-20', 'EUR', 123_450);
  await inv('O-1', 'other', '2026-02-20', 'EUR', 999_900);
  await db.sql`INSERT INTO disputes (external_id, invoice_id, reason, status, opened_at) VALUES ('DSP-A2', ${id('A-2')}::int8, 'wrong amount', 'to_clarify', '2026-03-12T10:00:00Z')`;
  await db.sql`INSERT INTO disputes (external_id, invoice_id, reason, status, opened_at, closed_at)
               VALUES ('DSP-A3', ${id('A-3')}::int8, 'price', 'credit_note_issued', '2026-03-05T10:00:00Z', '2026-03-06T10:00:00Z')`;
  const [p] = await db.sql<{ id: bigint }[]>`
    INSERT INTO payments (external_id, customer_id, received_date, currency, amount_minor) VALUES ('P-1', ${id('acme')}::int8, '2026-02-16', 'EUR', 3000) RETURNING id`;
  await db.sql`INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, matched_by) VALUES (${p!.id.toString()}::int8, ${id('A-PAID')}::int8, 3000, 'manual')`;

  const planRequests: PortalPlanRequests = {
    bounds: async () => ({ maxInstalments: 6, maxMonths: 6 }),
    async request(customerId, currency, invoiceIds, plan, at) {
      planCalls.push([customerId, currency, [...invoiceIds], plan, at]);
      return { ok: true };
    },
  };
  http = createHttpServer(portalPageRoutes({
    store: postgresCustomerPortalStore(db.sql), secret, publicBaseUrl, disputeLinkTtlDays: 90, promiseMaxDays: 60,
    now: () => clock, log: testLogger(), planRequests,
    limits: { getPerIp: generous, getPerLink: generous, postPerIp: generous, postPerLink: generous },
  }), testLogger());
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await db?.close();
});

const tokenFor = (key: string, o: { keyVersion?: number; until?: Date; secret?: string } = {}) =>
  signPortalToken({ customerId: ids[key]!, keyVersion: o.keyVersion ?? 1, expiresAt: o.until ?? expiresAt }, o.secret ?? secret);

async function open(token: string) {
  const res = await fetch(`${base}/p/${token}`);
  return { status: res.status, html: await res.text() };
}
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;

async function post(token: string, path: 'promise' | 'plan', fields: [string, string][], headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/p/${token}/${path}`, {
    method: 'POST', body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: publicBaseUrl, ...headers },
  });
  return { status: res.status, html: await res.text() };
}
const promiseCount = async () => Number((await db.sql<{ n: string }[]>`SELECT count(*)::text AS n FROM promises_to_pay`)[0]!.n);

describe('the customer portal', () => {
  it('shows only the customer\'s open invoices, per currency, with state, totals, pay, proof and dispute links', async () => {
    const p = await open(tokenFor('acme'));
    expect(p.status).toBe(200);
    expect(p.html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(p.html).not.toMatch(/<script/i);
    expect(p.html).toContain('<h2 id="currency-EUR">Invoices in EUR</h2>\n<p>Total due: <strong><span lang="en-GB">€150.00</span>');
    expect(p.html).toContain('<h2 id="currency-USD">Invoices in USD</h2>\n<p>Total due: <strong><span lang="en-GB">US$70.00</span>');
    expect(p.html).toContain('<a href="https://pay.example/a1">Pay invoice A-1 online</a>');
    expect(p.html).toContain('<a href="https://pod.example/a1">Proof of delivery for invoice A-1</a>');
    expect(p.html).not.toContain('javascript:');
    expect(p.html).toMatch(/<strong>Invoice A-2<\/strong>[\s\S]*?Under review[\s\S]*?<\/li>/);
    expect(p.html).toMatch(/<strong>Invoice A-3<\/strong>[\s\S]*?Credit note announced[\s\S]*?<\/li>/);
    expect(p.html).not.toContain('A-PAID');
    expect(p.html).not.toContain('O-1');
    expect(p.html).not.toContain('D-1');
    const disputeTokens = [...p.html.matchAll(/href="https:\/\/ar\.example\.com\/d\/([^"]+)"/g)].map((m) => m[1]!);
    expect(disputeTokens).toHaveLength(3);
    expect(verifyDisputeToken(disputeTokens[0]!, secret, now)).toMatchObject({ ok: true });
    expect(p.html).toContain('min="2026-03-20" max="2026-05-19"');
    expect(p.html).toContain('<h2 id="plan-title">Request a payment plan</h2>');
  });

  it('speaks French to a French customer', async () => {
    const p = await open(tokenFor('dupont'));
    expect(p.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(p.html).toContain('Factures en EUR');
    expect(p.html).toContain('1\u202f234,50\u00a0€');
    expect(p.html).toContain('Promesse de paiement');
  });

  it.each([
    ['forged (another secret)', () => tokenFor('acme', { secret: 'another-secret-0123456789abcdefghijklmnop' }), 403, 'This link does not work'],
    ['malformed', () => 'not-a-token', 403, 'This link does not work'],
    ['expired', () => tokenFor('acme', { until: new Date('2026-03-19T00:00:00Z') }), 410, 'This link has expired'],
    ['of a later key version than the customer\'s', () => tokenFor('acme', { keyVersion: 2 }), 410, 'This link no longer works'],
    ['for an unknown customer', () => signPortalToken({ customerId: 999_999n, keyVersion: 1, expiresAt }, secret), 410, 'This link no longer works'],
  ])('answers a %s link with a clear page and no data', async (_what, token, status, title) => {
    const p = await open(token());
    expect(p.status).toBe(status);
    expect(p.html).toContain(`<h1>${title}</h1>`);
    expect(p.html).not.toContain('A-1');
    const before = await promiseCount();
    expect((await post(token(), 'promise', [['invoice', id('A-1')], ['date', '2026-04-01']])).status).toBe(status);
    expect(await promiseCount()).toBe(before);
  });

  it('refuses a promise without the page\'s CSRF token, or from another site, and records nothing', async () => {
    const t = tokenFor('acme');
    const before = await promiseCount();
    expect((await post(t, 'promise', [['invoice', id('A-1')], ['date', '2026-04-01']])).status).toBe(403);
    const csrf = csrfOf((await open(t)).html);
    expect((await post(t, 'promise', [['csrf', csrf], ['invoice', id('A-1')], ['date', '2026-04-01']], { origin: 'https://evil.example' })).status).toBe(403);
    // A CSRF token of another customer's page does not pass either.
    const otherCsrf = csrfOf((await open(tokenFor('dupont'))).html);
    expect((await post(t, 'promise', [['csrf', otherCsrf], ['invoice', id('A-1')], ['date', '2026-04-01']])).status).toBe(403);
    expect(await promiseCount()).toBe(before);
  });

  it.each([
    ['a date past PROMISE_MAX_DAYS', [['date', '2026-05-20']], 'The date can be 19 May 2026 at the latest'],
    ['a date in the past', [['date', '2026-03-19']], 'The date cannot be before 20 March 2026'],
    ['more than is due', [['date', '2026-04-01'], ['amount', '100.01']], 'The amount can be €100.00 at most'],
  ])('refuses %s, stating the bound, and records nothing', async (_what, fields, bound) => {
    const t = tokenFor('acme');
    const csrf = csrfOf((await open(t)).html);
    const before = await promiseCount();
    const r = await post(t, 'promise', [['csrf', csrf], ['invoice', id('A-1')], ...(fields as [string, string][])]);
    expect(r.status).toBe(400);
    expect(r.html).toContain('Nothing was recorded');
    expect(r.html).toContain(bound);
    expect(await promiseCount()).toBe(before);
  });

  it('refuses a promise naming another customer\'s invoice', async () => {
    const t = tokenFor('acme');
    const csrf = csrfOf((await open(t)).html);
    const before = await promiseCount();
    const r = await post(t, 'promise', [['csrf', csrf], ['invoice', id('A-1')], ['invoice', id('O-1')], ['date', '2026-04-01']]);
    expect(r.status).toBe(400);
    expect(r.html).toContain('is not open on this account');
    expect(r.html).not.toContain('O-1');
    expect(await promiseCount()).toBe(before);
  });

  it('records a promise within the bounds as the customer\'s, and tells the sales owner', async () => {
    const t = tokenFor('acme');
    const csrf = csrfOf((await open(t)).html);
    const r = await post(t, 'promise', [['csrf', csrf], ['invoice', id('A-1')], ['invoice', id('A-2')], ['date', '2026-05-19'], ['amount', '120']]);
    expect(r.status).toBe(201);
    expect(r.html).toContain('Your promise to pay €120.00 by 19 May 2026 (invoice A-1, A-2) is recorded');
    expect(r.html).toMatch(/<strong>Invoice A-1<\/strong>[\s\S]*?Promised \(€100\.00\) by 19 May 2026/);
    const rows = await db.sql<{ number: string; amount_minor: string; origin: string; created_by: string; promised_date: string }[]>`
      SELECT i.number, p.amount_minor::text AS amount_minor, p.origin, p.created_by, p.promised_date::text AS promised_date
      FROM promises_to_pay p JOIN invoices i ON i.id = p.invoice_id ORDER BY i.due_date`;
    expect(rows).toEqual([
      { number: 'A-1', amount_minor: '10000', origin: 'customer_portal', created_by: 'customer:C-acme', promised_date: '2026-05-19' },
      { number: 'A-2', amount_minor: '2000', origin: 'customer_portal', created_by: 'customer:C-acme', promised_date: '2026-05-19' },
    ]);
    const audits = await db.sql`SELECT 1 FROM audit_log WHERE action = 'promise.logged' AND actor = 'customer:C-acme'`;
    expect(audits).toHaveLength(2);
    const [alert] = await db.sql<AlertRow[]>`SELECT * FROM alerts WHERE kind = 'customer_promise'`;
    expect(alert).toBeDefined();
    const view = await loadAlertView(db.sql, alert!, now, 'Europe/Paris');
    expect(view).toMatchObject({ kind: 'customer_promise', amount: '€120.00', promisedDate: '2026-05-19', invoiceNumbers: ['A-1', 'A-2'], owner: { name: 'Ana' } });
  });

  it('hands a plan request to the plans port, for the customer\'s own invoices only', async () => {
    const t = tokenFor('dupont');
    const csrf = csrfOf((await open(t)).html);
    const plan = (invoice: string, count: string, first: string, note = '') =>
      post(t, 'plan', [['csrf', csrf], ['invoice', invoice], ['count', count], ['first_date', first], ['note', note]]);
    expect((await plan(id('O-1'), '3', '2026-04-15')).status).toBe(400);
    const tooMany = await plan(id('D-1'), '7', '2026-04-15');
    expect(tooMany.status).toBe(400);
    expect(tooMany.html).toContain('Choisissez de 2 à 6 mensualités.');
    const tooEarly = await plan(id('D-1'), '3', '2026-03-20');
    expect(tooEarly.html).toContain('La date ne peut pas être antérieure au 21 mars 2026.');
    const tooLong = await plan(id('D-1'), '6', '2026-05-01');
    expect(tooLong.html).toContain('Le dernier paiement tomberait après le 20 septembre 2026');
    expect(planCalls).toEqual([]);
    const r = await plan(id('D-1'), '3', '2026-04-15', 'trois mensualités');
    expect(r.status).toBe(201);
    expect(r.html).toContain("Votre demande d'échéancier (facture D-1)");
    expect(planCalls).toEqual([[ids.dupont, 'EUR', [ids['D-1']], { count: 3, firstDate: '2026-04-15', note: 'trois mensualités' }, now]]);
  });

  it('stops every earlier link of a customer when its key is rotated, and only that customer\'s', async () => {
    const old = tokenFor('dupont');
    const csrf = csrfOf((await open(old)).html);
    expect(await rotatePortalKey(db.sql, 'C-dupont', 'cli')).toEqual({ customerId: ids.dupont, keyVersion: 2 });
    const before = await promiseCount();
    expect((await open(old)).status).toBe(410);
    expect((await post(old, 'promise', [['csrf', csrf], ['invoice', id('D-1')], ['date', '2026-04-01']])).status).toBe(410);
    expect(await promiseCount()).toBe(before);
    expect((await open(tokenFor('dupont', { keyVersion: 2 }))).status).toBe(200);
    expect((await open(tokenFor('acme'))).status).toBe(200);
    expect(await rotatePortalKey(db.sql, 'C-nobody', 'cli')).toBeNull();
    expect(await db.sql`SELECT 1 FROM audit_log WHERE action = 'portal.key_rotated'`).toHaveLength(1);
  });
});

describe('the customer portal: early-payment discounts, payment plans, French refusals', () => {
  beforeAll(async () => {
    // remise: French, in Auckland (UTC+13 in March: 2026-03-20T10:00Z is 23:00 on 20 March there). planned: English.
    for (const [key, locale, zone] of [['remise', 'fr-FR', 'Pacific/Auckland'], ['planned', 'en-GB', 'Europe/Paris']] as const) {
      const [c] = await db.sql<{ id: bigint }[]>`
        INSERT INTO customers (external_id, name, timezone, billing_emails, locale)
        VALUES (${`C-${key}`}, ${`Client ${key}`}, ${zone}, '{ap@client.example}', ${locale}) RETURNING id`;
      ids[key] = c!.id;
    }
    // "2/10 net 30" on the invoice itself: 2% off when paid within 10 days of its date, the last day included.
    const inv = async (key: string, customer: string, issued: string, minor: number, discount: boolean) => {
      const [r] = await db.sql<{ id: bigint }[]>`
        INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor,
                              payment_terms, payment_net_days, payment_discount_bp, payment_discount_days)
        VALUES (${`E-${key}`}, ${key}, ${id(customer)}::int8, ${issued}, ${issued}::date + 30, 'EUR', ${minor},
                ${discount ? '2/10 net 30' : null}, ${discount ? 30 : null}, ${discount ? 200 : null}, ${discount ? 10 : null})
        RETURNING id`;
      ids[key] = r!.id;
    };
    await inv('R-1', 'remise', '2026-03-10', 100_000, true);
    await inv('R-OLD', 'remise', '2026-03-01', 50_000, true);
    await inv('R-PLAN', 'remise', '2026-01-05', 30_000, false);
    // Settled by its discount: 980.00 paid within the window, 20.00 granted.
    await inv('R-SETTLED', 'remise', '2026-03-05', 100_000, true);
    await db.sql.begin(async (tx) => {
      const [p] = await tx<{ id: bigint }[]>`
        INSERT INTO payments (external_id, customer_id, received_date, currency, amount_minor) VALUES ('P-R', ${id('remise')}::int8, '2026-03-12', 'EUR', 98000) RETURNING id`;
      await tx`INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, matched_by) VALUES (${p!.id.toString()}::int8, ${id('R-SETTLED')}::int8, 98000, 'manual')`;
      await tx`INSERT INTO discount_allocations (invoice_id, payment_id, amount_minor, discount_bp, discount_days) VALUES (${id('R-SETTLED')}::int8, ${p!.id.toString()}::int8, 2000, 200, 10)`;
    });
    await inv('P-ACTIVE', 'planned', '2026-01-10', 60_000, false);
    await inv('P-ASKED', 'planned', '2026-01-20', 40_000, false);
    await inv('P-FREE', 'planned', '2026-03-15', 5_000, true);
    const plans = postgresPaymentPlanStore(db.sql);
    for (const [key, status, customer, minor] of [['P-ACTIVE', 'active', 'planned', 60_000n], ['P-ASKED', 'requested', 'planned', 40_000n], ['R-PLAN', 'requested', 'remise', 30_000n]] as const) {
      const r = await plans.createPlan({
        customerId: ids[customer]!, currency: 'EUR', origin: status === 'active' ? 'owner' : 'customer', status, totalMinor: minor, needsFinanceApprover: false,
        createdBy: 'ana@seller.example', approvedBy: status === 'active' ? 'ana@seller.example' : null, replacesId: null, at: new Date('2026-03-01T10:00:00Z'),
        invoices: [{ invoiceId: ids[key]!, number: key, customerId: ids[customer]!, currency: 'EUR', remainingMinor: minor }],
        instalments: [{ dueDate: '2026-04-10', amountMinor: minor / 2n }, { dueDate: '2026-05-10', amountMinor: minor / 2n }],
      });
      expect('id' in r).toBe(true);
    }
  });
  const plain = (html: string) => html.replace(/[\u202f\u00a0]/g, ' ');
  const invoiceBlock = (html: string, number: string) => new RegExp(`<strong>(Facture|Invoice) ${number}</strong>[\\s\\S]*?</li>`).exec(html)![0];

  it('states an open early-payment discount per invoice, in the customer\'s language, until the window\'s last day in their zone', async () => {
    const fr = plain((await open(tokenFor('remise'))).html);
    expect(invoiceBlock(fr, 'R-1')).toContain('Escompte pour paiement anticipé : réglez <strong><span lang="fr-FR">980,00 €</span></strong> au lieu de '
      + '<span lang="fr-FR">1 000,00 €</span> au plus tard le <strong><span lang="fr-FR">20 mars 2026</span></strong> (vous économisez <span lang="fr-FR">20,00 €</span>)');
    // R-OLD's window ended on 11 March: nothing said about a discount.
    expect(invoiceBlock(fr, 'R-OLD')).not.toContain('Escompte');
    // R-SETTLED was paid with its discount: nothing is left to pay on it.
    expect(fr).not.toContain('R-SETTLED');
    const en = plain((await open(tokenFor('planned'))).html);
    expect(invoiceBlock(en, 'P-FREE')).toContain('Early-payment discount: pay <strong><span lang="en-GB">€49.00</span></strong> instead of '
      + '<span lang="en-GB">€50.00</span> by <strong><span lang="en-GB">25 March 2026</span></strong> (you save <span lang="en-GB">€1.00</span>)');
    expect(invoiceBlock(en, 'P-ACTIVE')).not.toContain('Early-payment discount');
    // 2026-03-20T11:00Z is midnight of 21 March in Auckland: R-1's window has ended there, though not yet in Paris.
    clock = new Date('2026-03-20T11:00:00Z');
    try {
      const after = (await open(tokenFor('remise'))).html;
      expect(after).toContain('R-1');
      expect(after).not.toContain('Escompte');
    } finally {
      clock = now;
    }
  });

  it('does not offer an invoice in an active or requested payment plan for a promise, and refuses a forged one, recording nothing', async () => {
    const t = tokenFor('planned');
    const page = (await open(t)).html;
    const promiseForm = /<fieldset id="promise-invoices">[\s\S]*?<\/fieldset>/.exec(page)![0];
    expect(promiseForm).toContain(`value="${id('P-FREE')}"`);
    expect(promiseForm).not.toContain(`value="${id('P-ACTIVE')}"`);
    expect(promiseForm).not.toContain(`value="${id('P-ASKED')}"`);
    expect(promiseForm).toContain('Invoices in a payment plan are not listed');
    // Nor for another plan: the request form leaves them out too.
    const planForm = /<fieldset id="plan-invoices">[\s\S]*?<\/fieldset>/.exec(page)![0];
    expect(planForm).toContain(`value="${id('P-FREE')}"`);
    expect(planForm).not.toContain(`value="${id('P-ACTIVE')}"`);
    expect(planForm).not.toContain(`value="${id('P-ASKED')}"`);
    expect(planForm).toContain('Invoices in a payment plan are not listed');
    const csrf = csrfOf(page);
    const before = await promiseCount();
    for (const [key, in_] of [['P-ACTIVE', 'In a payment plan'], ['P-ASKED', 'Payment plan requested']] as const) {
      expect(invoiceBlock(page, key)).toContain(in_);
      const r = await post(t, 'promise', [['csrf', csrf], ['invoice', id('P-FREE')], ['invoice', id(key)], ['date', '2026-04-01']]);
      expect(r.status).toBe(400);
      expect(r.html).toContain('Nothing was recorded');
      expect(r.html).toContain(`<a href="#promise-invoices">Invoice ${key} is in a payment plan: its payments follow the plan's schedule`);
    }
    expect(await promiseCount()).toBe(before);
    expect(await db.sql`SELECT 1 FROM alerts WHERE kind = 'customer_promise' AND customer_id = ${id('planned')}::int8`).toHaveLength(0);
  });

  it('words every refusal in French for a French customer, the plan one too', async () => {
    const t = tokenFor('remise');
    const csrf = csrfOf((await open(t)).html);
    const tooLate = plain((await post(t, 'promise', [['csrf', csrf], ['invoice', id('R-1')], ['date', '2026-06-30']])).html);
    expect(tooLate).toContain("Rien n'a été enregistré");
    expect(tooLate).toContain('La date peut être au plus tard le 19 mai 2026.');
    const tooMuch = plain((await post(t, 'promise', [['csrf', csrf], ['invoice', id('R-1')], ['date', '2026-04-01'], ['amount', '1000,01']])).html);
    expect(tooMuch).toContain('Le montant peut être au plus de 1 000,00 €');
    expect(tooMuch).not.toMatch(/The amount|at most/);
    const before = await promiseCount();
    const inPlan = plain((await post(t, 'promise', [['csrf', csrf], ['invoice', id('R-PLAN')], ['date', '2026-04-01']])).html);
    expect(inPlan).toContain("La facture R-PLAN fait partie d'un échéancier : ses paiements suivent le calendrier de l'échéancier");
    expect(inPlan).toContain("Les factures comprises dans un échéancier ne sont pas listées");
    expect(await promiseCount()).toBe(before);
  });
});
