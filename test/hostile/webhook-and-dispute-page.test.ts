import { generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disputePageRoutes } from '../../adapters/http/dispute-page.js';
import { sendgridWebhookRoutes } from '../../adapters/http/sendgrid-webhook.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { postgresCustomerDisputeStore } from '../../adapters/postgres/customer-disputes.js';
import { postgresEmailEventStore } from '../../adapters/postgres/email-events.js';
import { issueCsrfToken } from '../../src/domain/dispute-csrf.js';
import { signDisputeToken } from '../../src/domain/dispute-link.js';
import { quietLog } from '../support/cadence-ledger.js';
import { changedTables, fcRuns, fingerprint } from '../support/hostile-db.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The two endpoints strangers can reach without a bearer token: SendGrid's signed event webhook and the customer's
// dispute page. Both over real HTTP on loopback, with the production body limits (8 MiB, 32 KiB).

const now = new Date('2026-03-02T10:00:00Z');
const nowSeconds = String(now.getTime() / 1000);
const linkSecret = 'hostile-link-secret-0123456789abcdefghijkl';
const publicBaseUrl = 'https://ar.example.com';
const expiresAt = new Date('2026-05-31T10:00:00Z');
const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const hostileName = `"><img src=x onerror=alert(1)><script>alert("pwned")</script> & <!channel> *Co*`;

let db: TestDb;
let http: HttpServer;
let base: string;
const ids: Record<string, bigint> = {};
const tokenFor = (key: string, until = expiresAt) => signDisputeToken({ invoiceId: ids[key]!, expiresAt: until }, linkSecret);

beforeAll(async () => {
  db = await openTestDb();
  const [c] = await db.sql<{ id: bigint }[]>`
    INSERT INTO customers (external_id, name, timezone, billing_emails) VALUES ('C-1', ${hostileName}, 'UTC', '{ap@northwind.example}') RETURNING id`;
  for (const key of ['fuzz', 'tamper', 'page', 'other']) {
    const [r] = await db.sql<{ id: bigint }[]>`
      INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor, client_reference, po_number)
      VALUES (${`E-${key}`}, ${`INV-${key}<b>"'&`}, ${c!.id.toString()}::int8, '2026-01-15', '2026-02-14', 'EUR', 123450,
              ${`<script>ref-${key}</script>`}, ${`"><svg onload=x>`}) RETURNING id`;
    ids[key] = r!.id;
  }
  await db.sql`
    INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails, sent_at, provider, provider_message_id)
    VALUES (${c!.id.toString()}::int8, 'standard', 'overdue', 'overdue', 'sent', ${now}, '{ap@northwind.example}', ${now}, 'sendgrid', 'msg-1')`;
  const generous = { capacity: 1e9, perSecond: 1e9 };
  http = createHttpServer([
    ...sendgridWebhookRoutes({
      store: postgresEmailEventStore(db.sql), publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
      now: () => now, log: quietLog,
    }),
    // Rate limits are tested in test/integration/dispute-page.test.ts; here they would only stop the fuzzing.
    ...disputePageRoutes({
      store: postgresCustomerDisputeStore(db.sql), secret: linkSecret, publicBaseUrl, now: () => now, log: quietLog,
      limits: { getPerIp: generous, getPerLink: generous, postPerIp: generous, postPerLink: generous },
    }),
  ], quietLog);
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await db?.close();
});

function signed(body: string | Buffer): Record<string, string> {
  const signature = sign('sha256', Buffer.concat([Buffer.from(nowSeconds), Buffer.from(body)]), privateKey).toString('base64');
  return { 'content-type': 'application/json', 'X-Twilio-Email-Event-Webhook-Signature': signature, 'X-Twilio-Email-Event-Webhook-Timestamp': nowSeconds };
}

async function webhook(body: string | Buffer, headers = signed(body)) {
  const res = await fetch(`${base}/webhooks/sendgrid`, { method: 'POST', body, headers });
  const text = await res.text();
  return { status: res.status, json: res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : null };
}

const count = async (table: string) => (await db.sql.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

/** Any JSON text, and a few near misses (truncated, NUL, lone surrogates, deep nesting). */
const textish = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('\u0000', 'a\u0000b', '\ud800', "'; DROP TABLE email_events; --", '%_\\', 'x'.repeat(2000)));
const sendgridEvent = fc.record({
  email: fc.oneof(textish, fc.jsonValue({ maxDepth: 1 }), fc.constantFrom('AP@Northwind.example', ' ', '')),
  timestamp: fc.oneof(fc.double(), fc.integer(), fc.constantFrom(Number(nowSeconds), -1, 1e12), textish),
  event: fc.oneof(fc.constantFrom('bounce', 'dropped', 'delivered', 'open', 'spamreport', ''), textish),
  sg_event_id: fc.oneof(textish, fc.uuid(), fc.integer()),
  sg_message_id: fc.oneof(textish, fc.constantFrom('msg-1.filter', '.', '')),
  arbot_email_id: fc.oneof(fc.jsonValue({ maxDepth: 1 }), fc.constantFrom('1', 1, '9223372036854775808', '0', '-1', 1.5)),
  reason: textish, type: fc.oneof(textish, fc.constant('blocked')), response: textish, status: textish,
}, { requiredKeys: [] });

describe('SendGrid event webhook, correctly signed garbage', () => {
  it('answers any signed JSON body with 200 or 400, never 500, and stores only valid events', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(
        fc.array(fc.oneof(sendgridEvent, fc.jsonValue({ maxDepth: 2 })), { maxLength: 8 }).map((a) => JSON.stringify(a)),
        fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
        fc.string({ unit: 'binary', maxLength: 100 }),
      ), async (body) => {
        const events = await count('email_events');
        const r = await webhook(body);
        const what = body.slice(0, 300);
        expect([200, 400], what).toContain(r.status);
        if (r.status === 400) {
          expect(await count('email_events'), what).toBe(events);
          return;
        }
        // Every event is accounted for (the rest are repeats within the batch), and only the recorded ones are stored.
        expect(r.json.received, what).toBe((JSON.parse(body) as unknown[]).length);
        expect(r.json.recorded + r.json.duplicates + r.json.invalid, what).toBeLessThanOrEqual(r.json.received);
        expect(await count('email_events'), what).toBe(events + r.json.recorded);
      }),
      { ...fcRuns(150), examples: [[JSON.stringify([{ email: 'a@b.example', timestamp: Number(nowSeconds), event: 'bounce', sg_event_id: 'nul\u0000id', reason: 'x\u0000y' }])]] },
    );
  });

  it('stores nothing from a batch of only invalid events, and says how many were invalid', async () => {
    const before = await fingerprint(db.sql);
    const body = JSON.stringify([{}, { event: 'open' }, { timestamp: 'x', event: 'open', sg_event_id: 'i-1' }, null, 7, 'open', [1]]);
    const r = await webhook(body);
    expect(r).toEqual({ status: 200, json: { received: 7, recorded: 0, duplicates: 0, suppressed: 0, alerts: 0, invalid: 7 } });
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
  });

  it('refuses a body over 8 MiB with 413 before checking it, and stores nothing', async () => {
    const before = await fingerprint(db.sql);
    const body = Buffer.alloc(8 * 1024 * 1024 + 1, 0x20);
    const r = await webhook(body);
    expect(r.status).toBe(413);
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
  });
});

interface Page { status: number; html: string; type: string | null; csp: string | null }
async function page(token: string, init: RequestInit = {}): Promise<Page> {
  const res = await fetch(`${base}/d/${token}`, init);
  return { status: res.status, html: await res.text(), type: res.headers.get('content-type'), csp: res.headers.get('content-security-policy') };
}
const postForm = (token: string, body: string, headers: Record<string, string> = {}) =>
  page(token, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

/** Every answer of the dispute page is an HTML page under the strict CSP, never the server's JSON or a 500. */
function expectPage(p: Page, what: string) {
  expect(p.status, what).not.toBe(500);
  expect(p.type, what).toBe('text/html; charset=utf-8');
  expect(p.csp, what).toContain("default-src 'none'");
}

describe('customer dispute page, hostile forms and links', () => {
  const tokenText = fc.oneof(
    fc.constant('valid'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 200 }).map(encodeURIComponent),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  );
  const field = fc.oneof(textish, fc.string({ unit: 'grapheme', maxLength: 300 }), fc.constantFrom('other', 'wrong_amount', 'not_received', '</textarea><script>alert(1)</script>'));
  const form = fc.record({
    csrf: fc.oneof(fc.constant('valid'), textish, fc.constantFrom(`${nowSeconds}.${'A'.repeat(43)}`, '1.', '99999999999999.x')),
    reason: field, comment: field, extra: field,
  }, { requiredKeys: [] });

  it('answers any token and any form fields with an HTML page, never a 500; a refused form changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(tokenText, form, fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', ''), async (t, f, type) => {
        const token = t === 'valid' ? tokenFor('fuzz') : t;
        const fields: Record<string, string> = {};
        for (const [k, v] of Object.entries(f)) if (v !== undefined) fields[k] = k === 'csrf' && v === 'valid' ? issueCsrfToken(token, linkSecret, now) : v;
        const before = await fingerprint(db.sql);
        const p = await page(token.replace(/\//g, '%2F'), { method: 'POST', body: new URLSearchParams(fields).toString(), headers: type ? { 'content-type': type } : {} });
        const what = `${token.slice(0, 80)} ${type} ${JSON.stringify(fields).slice(0, 300)}`;
        // The URL parser drops leading and trailing control characters, so "/d/\u0000" is "/d/": no dispute page path.
        if (p.status === 404 && p.html.includes('no route')) return;
        expectPage(p, what);
        expect([200, 201, 400, 403, 404, 410, 413, 415], what).toContain(p.status);
        if (p.status >= 400) expect(changedTables(before, await fingerprint(db.sql)), what).toEqual([]);
        // Whatever was sent comes back escaped, if at all.
        expect(p.html, what).not.toMatch(/<script|<img|<svg|<\/textarea><script/i);
      }),
      fcRuns(150),
    );
  });

  it('refuses a token with any one character changed (400), for GET and POST, and changes nothing', async () => {
    const token = tokenFor('tamper');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: token.length - 1 }), fc.constantFrom(...alphabet), async (i, c) => {
        fc.pre(token[i] !== c);
        const forged = `${token.slice(0, i)}${c}${token.slice(i + 1)}`;
        const before = await fingerprint(db.sql);
        const g = await page(forged);
        expectPage(g, forged);
        expect(g.status, forged).toBe(400);
        const p = await postForm(forged, new URLSearchParams({ csrf: issueCsrfToken(forged, linkSecret, now), reason: 'wrong_amount', comment: 'x' }).toString());
        expect(p.status, forged).toBe(400);
        expect(changedTables(before, await fingerprint(db.sql)), forged).toEqual([]);
      }),
      fcRuns(120),
    );
  });

  it.each([
    ['expired a second ago', () => tokenFor('tamper', new Date(now.getTime() - 1000)), 410],
    ['expiring right now', () => tokenFor('tamper', now), 410],
    ['signed for another invoice, with this invoice put in', () => `${tokenFor('tamper').split('.')[0]}.${tokenFor('other').split('.')[1]}`, 400],
    ['signed with another secret', () => signDisputeToken({ invoiceId: ids.tamper!, expiresAt }, 'another-secret-0123456789abcdefghijklmn'), 400],
    ['for an invoice that does not exist', () => signDisputeToken({ invoiceId: 987_654_321n, expiresAt }, linkSecret), 404],
    ['with a valid CSRF token of another link', () => tokenFor('tamper'), 403],
  ])('refuses a link %s and changes nothing', async (what, make, status) => {
    const token = make();
    const before = await fingerprint(db.sql);
    const csrf = what.includes('CSRF') ? issueCsrfToken(tokenFor('other'), linkSecret, now) : issueCsrfToken(token, linkSecret, now);
    const p = await postForm(token, new URLSearchParams({ csrf, reason: 'wrong_amount', comment: 'x' }).toString());
    expectPage(p, what);
    expect(p.status).toBe(status);
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
  });

  it('refuses a form body over 32 KiB with 413 and a page, and changes nothing', async () => {
    const token = tokenFor('tamper');
    const before = await fingerprint(db.sql);
    const p = await postForm(token, new URLSearchParams({ csrf: issueCsrfToken(token, linkSecret, now), reason: 'other', comment: 'x'.repeat(33 * 1024) }).toString());
    expectPage(p, 'oversized');
    expect(p.status).toBe(413);
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
  });

  it('shows hostile customer and invoice text escaped, and echoes a hostile comment escaped', async () => {
    const token = tokenFor('page');
    const g = await page(token);
    expect(g.status).toBe(200);
    expect(g.html).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &lt;!channel&gt; *Co*');
    expect(g.html).toContain('INV-page&lt;b&gt;&quot;&#39;&amp;');
    expect(g.html).toContain('&lt;script&gt;ref-page&lt;/script&gt;');
    expect(g.html).toContain('&quot;&gt;&lt;svg onload=x&gt;');
    expect(g.html).not.toMatch(/<script|<img|<svg/i);
    // A form refused for its reason comes back with the comment as typed, escaped inside the textarea.
    const comment = '</textarea><script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const p = await postForm(token, new URLSearchParams({ csrf: issueCsrfToken(token, linkSecret, now), reason: 'bogus', comment }).toString());
    expect(p.status).toBe(400);
    expect(p.html).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</textarea>');
    expect(p.html).not.toMatch(/<script|<img/i);
  });
});
