import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disputePageRoutes } from '../../adapters/http/dispute-page.js';
import { createHttpServer } from '../../adapters/http/server.js';
import { postgresCustomerDisputeStore } from '../../adapters/postgres/customer-disputes.js';
import { postgresLinkSecretStore } from '../../adapters/postgres/link-secret.js';
import { loadConfig } from '../../src/config.js';
import { issueCsrfToken } from '../../src/domain/dispute-csrf.js';
import { signDisputeToken } from '../../src/domain/dispute-link.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import { resolveLinkSecret } from '../../src/services/link-secret.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
const linkSecret = 'test-link-secret-0123456789abcdefghijklmnop';
const publicBaseUrl = 'https://ar.example.com';
const now = new Date('2026-03-02T10:00:00Z');
const expiresAt = new Date('2026-05-31T10:00:00Z');
const hostileName = `<script>alert("pwned")</script> & Sons`;

let db: TestDb;
let app: Running;
let base: string;
const ids: Record<string, bigint> = {};
const tokenFor = (invoice: string, until = expiresAt) => signDisputeToken({ invoiceId: ids[invoice]!, expiresAt: until }, linkSecret);

beforeAll(async () => {
  db = await openTestDb();
  const [c] = await db.sql<{ id: bigint }[]>`
    INSERT INTO customers (external_id, name, timezone, billing_emails, locale)
    VALUES ('C-1', ${hostileName}, 'Europe/Paris', '{ap@northwind.example}', 'fr') RETURNING id`;
  const invoice = async (key: string, amount: number) => {
    const [r] = await db.sql<{ id: bigint }[]>`
      INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor, client_reference)
      VALUES (${`E-${key}`}, ${`INV-${key}`}, ${c!.id.toString()}::int8, '2026-01-15', '2026-02-14', 'EUR', ${amount}, ${`PO-${key}`})
      RETURNING id`;
    ids[key] = r!.id;
  };
  // One invoice per group of POSTs: each link may take 5 POSTs in a row (defaultDisputePageLimits.postPerLink).
  for (const key of ['open', 'paid', 'disputed', 'limits', 'form', 'csrf', 'origin', 'invalid', 'other']) await invoice(key, 123450);
  const [p] = await db.sql<{ id: bigint }[]>`
    INSERT INTO payments (external_id, customer_id, received_date, currency, amount_minor)
    VALUES ('P-1', ${c!.id.toString()}::int8, '2026-02-10', 'EUR', 123450) RETURNING id`;
  await db.sql`INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, matched_by)
               VALUES (${p!.id.toString()}::int8, ${ids.paid!.toString()}::int8, 123450, 'manual')`;
  await db.sql`INSERT INTO disputes (external_id, invoice_id, reason, opened_at)
               VALUES ('E-disputed@2026-02-20', ${ids.disputed!.toString()}::int8, 'Imported', '2026-02-20T00:00:00Z')`;

  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_LEDGER: 'off', SCHEDULER: 'off', LINK_SECRET: linkSecret, PUBLIC_BASE_URL: publicBaseUrl });
  app = await startServer(config, quiet, { db, now: () => now });
  base = `http://127.0.0.1:${app.port}`;
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

interface Page { status: number; headers: Headers; html: string }
async function open(token: string, at = base): Promise<Page> {
  const res = await fetch(`${at}/d/${token}`);
  return { status: res.status, headers: res.headers, html: await res.text() };
}
async function send(token: string, fields: Record<string, string>, headers: Record<string, string> = {}, at = base): Promise<Page> {
  const res = await fetch(`${at}/d/${token}`, {
    method: 'POST', body: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)![1]!;

async function counts() {
  const [r] = await db.sql<{ disputes: number; audit: number; alerts: number }[]>`
    SELECT (SELECT count(*) FROM disputes)::int AS disputes, (SELECT count(*) FROM audit_log)::int AS audit,
           (SELECT count(*) FROM alerts)::int AS alerts`;
  return r!;
}

describe('the dispute page, end to end', () => {
  it('shows the invoice, the customer name escaped, with the security headers', async () => {
    const p = await open(tokenFor('open'));
    expect(p.status).toBe(200);
    expect(p.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(p.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; form-action 'self'; frame-ancestors 'none'/);
    expect(p.headers.get('x-content-type-options')).toBe('nosniff');
    expect(p.headers.get('referrer-policy')).toBe('same-origin');
    expect(p.headers.get('cache-control')).toBe('no-store');
    expect(p.html).toContain('INV-open');
    expect(p.html).toContain('PO-open');
    expect(p.html).toContain('1\u202f234,50\u00a0€');
    expect(p.html).toContain('14 février 2026');
    // The customer's locale is fr: the whole page is French, not English around French amounts.
    expect(p.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(p.html).toContain('<h1>Un problème sur la facture INV-open ?</h1>');
    expect(p.html).toContain('<legend>Quel est le problème ?</legend>');
    expect(p.html).not.toMatch(/What is wrong|Amount due|Due date/);
    expect(p.html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; Sons');
    expect(p.html).not.toContain('<script');
  });

  it('opens exactly one dispute, with its audit row and alert, when the form is sent', async () => {
    const token = tokenFor('open');
    const before = await counts();
    const p = await send(token, { csrf: csrfOf((await open(token)).html), reason: 'wrong_amount', comment: '  We agreed on 1 000 €\r\n<b>not</b> this  ' });
    expect(p.status).toBe(201);
    expect(p.html).toContain('Merci : nous avons bien reçu votre message');
    expect(await counts()).toEqual({ disputes: before.disputes + 1, audit: before.audit + 1, alerts: before.alerts + 1 });

    const [d] = await db.sql`SELECT id, external_id, status, source, reason, opened_at, closed_at FROM disputes WHERE invoice_id = ${ids.open!.toString()}::int8`;
    expect(d).toMatchObject({
      external_id: 'link:E-open:2026-03-02T10:00:00.000Z', status: 'to_clarify', source: 'customer_link',
      reason: 'Wrong amount: We agreed on 1 000 €\n<b>not</b> this', opened_at: now, closed_at: null,
    });
    const audit = await db.sql`SELECT actor, action, entity, entity_id FROM audit_log WHERE entity = 'dispute' AND entity_id = ${d!.id}`;
    expect(audit).toEqual([{ actor: 'customer:C-1', action: 'dispute.opened', entity: 'dispute', entity_id: d!.id }]);
    const alerts = await db.sql`SELECT kind, dedupe_key, invoice_id, dispute_id, raised_at FROM alerts WHERE dispute_id = ${d!.id}`;
    expect(alerts).toEqual([{ kind: 'dispute_opened', dedupe_key: `dispute_opened:${d!.id}`, invoice_id: ids.open, dispute_id: d!.id, raised_at: now }]);
  });

  it('opens no second dispute: says it is already being looked at and keeps the comment in the audit trail', async () => {
    const token = tokenFor('open');
    const before = await counts();
    const p = await send(token, { csrf: issueCsrfToken(token, linkSecret, now), reason: 'other', comment: 'Also, the address is wrong' });
    expect(p.status).toBe(200);
    expect(p.html).toContain("Cette facture est déjà en cours d'examen");
    expect(p.html).toContain('Nous y avons ajouté votre message.');
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 });
    const [a] = await db.sql`SELECT actor, action, details->>'reason' AS reason FROM audit_log ORDER BY id DESC LIMIT 1`;
    expect(a).toEqual({ actor: 'customer:C-1', action: 'dispute.customer_comment', reason: 'Other: Also, the address is wrong' });
    expect((await open(token)).html).toContain("Cette facture est déjà en cours d'examen");
  });

  it('shows an invoice with an imported open dispute as already being looked at, with no form', async () => {
    const p = await open(tokenFor('disputed'));
    expect(p.status).toBe(200);
    expect(p.html).toContain("déjà en cours d'examen");
    expect(p.html).not.toContain('<form');
  });

  it('says an invoice paid in full is paid, and opens nothing', async () => {
    const token = tokenFor('paid');
    const before = await counts();
    expect((await open(token)).html).toContain('est entièrement réglée');
    const p = await send(token, { csrf: issueCsrfToken(token, linkSecret, now), reason: 'not_received', comment: '' });
    expect(p.status).toBe(200);
    expect(p.html).toContain('La facture INV-paid est entièrement réglée');
    expect(await counts()).toEqual(before);
  });

  const forged = () => {
    const t = tokenFor('form');
    return t.slice(0, -2) + (t.endsWith('AA') ? 'BA' : 'AA');
  };
  const otherInvoice = () => `${tokenFor('paid').split('.')[0]}.${tokenFor('form').split('.')[1]}`;
  it.each([
    ['a forged token', forged, 400, 'This link does not work'],
    ['a token whose invoice was changed', otherInvoice, 400, 'This link does not work'],
    ['a malformed token', () => 'not-a-token', 400, 'This link does not work'],
    ['an expired token', () => tokenFor('form', new Date('2026-03-01T00:00:00Z')), 410, 'This link has expired'],
  ])('answers %s with a clear page and changes nothing', async (_what, make, status, title) => {
    const token = make();
    const before = await counts();
    const g = await open(token);
    expect(g.status).toBe(status);
    expect(g.html).toContain(`<h1>${title}</h1>`);
    expect(g.headers.get('content-security-policy')).toContain("default-src 'none'");
    const p = await send(token, { csrf: issueCsrfToken(token, linkSecret, now), reason: 'wrong_amount', comment: 'x' });
    expect(p.status).toBe(status);
    expect(p.html).toContain(`<h1>${title}</h1>`);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['no CSRF token', () => ({})],
    ['an empty CSRF token', () => ({ csrf: '' })],
    ['the CSRF token of another invoice link', () => ({ csrf: issueCsrfToken(tokenFor('paid'), linkSecret, now) })],
    ['a CSRF token from yesterday', () => ({ csrf: issueCsrfToken(tokenFor('csrf'), linkSecret, new Date('2026-03-01T10:00:00Z')) })],
  ])('refuses a form with %s: 403 and nothing opened', async (_what, csrf) => {
    const before = await counts();
    const p = await send(tokenFor('csrf'), { ...csrf(), reason: 'wrong_amount', comment: 'x' });
    expect(p.status).toBe(403);
    expect(p.html).toContain('Please send the form again');
    expect(p.html).toContain(`<a href="${tokenFor('csrf')}">Open the form again</a>`);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['a page with no origin (null)', 'null'],
    ['our host on another scheme', 'http://ar.example.com'],
  ])('refuses a form posted from %s: 403', async (_what, origin) => {
    const token = tokenFor('origin');
    const before = await counts();
    const p = await send(token, { csrf: issueCsrfToken(token, linkSecret, now), reason: 'wrong_amount', comment: 'x' }, { origin });
    expect(p.status).toBe(403);
    expect(p.html).toContain('This form must be sent from our page');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['no reason', { comment: 'x' }, 'Indiquez ce qui ne va pas sur la facture.'],
    ['an unknown reason', { reason: 'too_expensive', comment: 'x' }, 'Indiquez ce qui ne va pas sur la facture.'],
    ['"Other" without details', { reason: 'other', comment: ' \r\n ' }, 'Dites-nous ce qui ne va pas.'],
    ['details over 2000 characters', { reason: 'other', comment: 'é'.repeat(2001) }, 'Limitez les précisions à 2\u202f000 caractères.'],
  ])('shows the form again for %s (from our own origin), opening nothing', async (_what, fields, message) => {
    const token = tokenFor('invalid');
    const before = await counts();
    const p = await send(token, { csrf: issueCsrfToken(token, linkSecret, now), ...fields }, { origin: publicBaseUrl });
    expect(p.status).toBe(400);
    expect(p.html).toContain(`<p class="error" id="${message.startsWith('Indiquez') ? 'reason' : 'comment'}-error">${message}</p>`);
    expect(p.html).toContain('name="csrf"');
    expect(await counts()).toEqual(before);
  });

  it('opens a dispute from our own origin with "Other" and its details', async () => {
    const token = tokenFor('form');
    const p = await send(token, { csrf: issueCsrfToken(token, linkSecret, now), reason: 'other', comment: 'Please call me' }, { origin: publicBaseUrl });
    expect(p.status).toBe(201);
    const [d] = await db.sql`SELECT reason FROM disputes WHERE invoice_id = ${ids.form!.toString()}::int8`;
    expect(d!.reason).toBe('Other: Please call me');
  });

  it.each([
    ['a JSON body', { 'content-type': 'application/json' }, '{"reason":"other"}', 415],
    ['a body over the form limit', {}, `reason=other&comment=${'x'.repeat(40_000)}`, 413],
  ])('refuses %s with a page', async (_what, headers, body, status) => {
    const before = await counts();
    const res = await fetch(`${base}/d/${tokenFor('other')}`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
    expect(res.status).toBe(status);
    expect(await res.text()).toContain('We could not read the form');
    expect(await counts()).toEqual(before);
  });

  it('limits POSTs per invoice link: the sixth in a row gets 429 with Retry-After', async () => {
    const token = tokenFor('limits');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await send(token, { reason: 'other', comment: 'x' })).status);
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429]);
    const p = await send(token, { reason: 'other', comment: 'x' });
    expect(p.status).toBe(429);
    expect(p.headers.get('retry-after')).toBe('60');
    expect(p.html).toContain('Too many attempts');
    expect((await open(token)).status).toBe(200); // GETs have their own, looser buckets
  });
});

describe('rate limits per client address', () => {
  it('answers 429 once an address used its POSTs and GETs, whatever the link', async () => {
    const http = createHttpServer(disputePageRoutes({
      store: postgresCustomerDisputeStore(db.sql), secret: linkSecret, publicBaseUrl, now: () => now, log: quiet,
      limits: { postPerIp: { capacity: 2, perSecond: 0.001 }, getPerIp: { capacity: 3, perSecond: 0.001 } },
    }), quiet);
    const at = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    try {
      const posts = [];
      for (const key of ['open', 'paid', 'form']) posts.push((await send(tokenFor(key), {}, {}, at)).status);
      expect(posts).toEqual([403, 403, 429]);
      const gets = [];
      // A link that does not verify ('junk') spends nothing: only the three valid links count against the address.
      for (const token of ['junk', tokenFor('open'), tokenFor('paid'), tokenFor('form'), tokenFor('disputed')]) gets.push((await open(token, at)).status);
      expect(gets).toEqual([400, 200, 200, 200, 429]);
    } finally {
      await http.close();
    }
  });
});

describe('the link secret without LINK_SECRET', () => {
  it('is generated once, kept in the database, and still signs valid links after a restart', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_LEDGER: 'off', SCHEDULER: 'off' });
    const first = await startServer(config, quiet, { db, now: () => now });
    const { secret, source } = await resolveLinkSecret(undefined, postgresLinkSecretStore(db.sql), quiet);
    expect(source).toBe('database');
    const token = signDisputeToken({ invoiceId: ids.other!, expiresAt }, secret);
    try {
      expect((await open(token, `http://127.0.0.1:${first.port}`)).status).toBe(200);
    } finally {
      await first.stop();
    }
    const second = await startServer(config, quiet, { db, now: () => now });
    try {
      expect((await open(token, `http://127.0.0.1:${second.port}`)).status).toBe(200);
      expect((await open(tokenFor('other'), `http://127.0.0.1:${second.port}`)).status).toBe(400); // LINK_SECRET's links are not its links
    } finally {
      await second.stop();
    }
    const [n] = await db.sql`SELECT count(*)::int AS n FROM app_meta WHERE key = 'link_secret'`;
    expect(n!.n).toBe(1);
  });
});
