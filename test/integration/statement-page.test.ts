import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { verifyDisputeToken } from '../../src/domain/dispute-link.js';
import { signStatementToken } from '../../src/domain/statement-link.js';
import { createLogger } from '../../src/log.js';
import { startServer, type Running } from '../../src/main.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

const quiet = createLogger('silent', new Writable({ write: (_c, _e, cb) => cb() }));
const linkSecret = 'test-link-secret-0123456789abcdefghijklmnop';
const publicBaseUrl = 'https://ar.example.com';
const now = new Date('2026-03-02T10:00:00Z');
const expiresAt = new Date('2026-05-31T10:00:00Z');

let db: TestDb;
let app: Running;
let base: string;
const customers: Record<string, bigint> = {};

beforeAll(async () => {
  db = await openTestDb();
  for (const [key, locale] of [['fr', 'fr-FR'], ['en', 'en-GB'], ['none', 'de']] as const) {
    const [c] = await db.sql<{ id: bigint }[]>`
      INSERT INTO customers (external_id, name, timezone, billing_emails, locale)
      VALUES (${`C-${key}`}, ${`Client <${key}>`}, 'Europe/Paris', '{ap@acme.example}', ${locale}) RETURNING id`;
    customers[key] = c!.id;
  }
  // 200 open invoices for the French customer (one paid in full, one issued in the future: neither is listed).
  await db.sql`
    INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor, pay_url)
    SELECT 'E-' || n, 'F-' || lpad(n::text, 4, '0'), ${customers.fr!.toString()}::int8, '2025-01-01',
           date '2025-01-01' + n, 'EUR', n * 100, CASE WHEN n = 1 THEN 'https://pay.example/1' END
    FROM generate_series(1, 201) n`;
  await db.sql`INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
               VALUES ('E-future', 'F-FUTURE', ${customers.fr!.toString()}::int8, '2026-04-01', '2026-05-01', 'EUR', 999)`;
  const [p] = await db.sql<{ id: bigint }[]>`
    INSERT INTO payments (external_id, customer_id, received_date, currency, amount_minor)
    VALUES ('P-1', ${customers.fr!.toString()}::int8, '2026-02-10', 'EUR', 20100) RETURNING id`;
  await db.sql`INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, matched_by)
               SELECT ${p!.id.toString()}::int8, id, 20100, 'manual' FROM invoices WHERE number = 'F-0201'`;
  await db.sql`INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
               VALUES ('E-en', 'INV-EN', ${customers.en!.toString()}::int8, '2026-01-01', '2026-02-01', 'GBP', 12345)`;

  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DEMO_LEDGER: 'off', SCHEDULER: 'off', LINK_SECRET: linkSecret, PUBLIC_BASE_URL: publicBaseUrl });
  app = await startServer(config, quiet, { db, now: () => now });
  base = `http://127.0.0.1:${app.port}`;
});
afterAll(async () => {
  await app?.stop();
  await db?.close();
});

async function open(token: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/s/${token}`, { headers });
  return { status: res.status, headers: res.headers, html: await res.text() };
}
const tokenFor = (key: string, until = expiresAt, secret = linkSecret) =>
  signStatementToken({ customerId: customers[key]!, expiresAt: until }, secret);

describe('the statement page', () => {
  it('lists every open invoice of a French customer in French, oldest first, with pay and signed dispute links', async () => {
    const p = await open(tokenFor('fr'));
    expect(p.status).toBe(200);
    expect(p.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(p.headers.get('cache-control')).toBe('no-store');
    expect(p.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(p.html).toContain('Client &lt;fr&gt;');
    expect(p.html).toContain('200 factures restent à régler');
    expect(p.html).toContain('Total dû (EUR)</dt><dd><span lang="fr-FR">20\u202f100,00\u00a0€</span>');
    const numbers = [...p.html.matchAll(/<strong>Facture (F-\d+)<\/strong>/g)].map((m) => m[1]);
    expect(numbers).toHaveLength(200);
    expect(numbers[0]).toBe('F-0001');
    expect(numbers.at(-1)).toBe('F-0200');
    expect(p.html).not.toContain('F-0201'); // paid in full
    expect(p.html).not.toContain('F-FUTURE'); // not issued yet
    expect(p.html).toContain('<a href="https://pay.example/1">Payer la facture F-0001 en ligne</a>');
    const disputeTokens = [...p.html.matchAll(/href="https:\/\/ar\.example\.com\/d\/([^"]+)"/g)].map((m) => m[1]!);
    expect(disputeTokens).toHaveLength(200);
    expect(verifyDisputeToken(disputeTokens[0]!, linkSecret, now)).toMatchObject({ ok: true });
    expect(p.html).toContain('2 janvier 2025');
    expect(p.html).not.toMatch(/Amount due|Due date|Invoice F-/);
  });

  it('speaks English to an English customer and to one in a language without pages', async () => {
    expect((await open(tokenFor('en'))).html).toMatch(/^<!doctype html>\n<html lang="en">[\s\S]*1 invoice is still open[\s\S]*£123\.45/);
    const none = await open(tokenFor('none'));
    expect(none.html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(none.html).toContain('no invoice is open');
  });

  it.each([
    ['forged (another secret)', () => tokenFor('fr', expiresAt, 'another-secret-0123456789abcdefghijklmnop'), 400, 'This link does not work'],
    ['malformed', () => 'not-a-token', 400, 'This link does not work'],
    ['expired', () => tokenFor('fr', new Date('2026-03-01T00:00:00Z')), 410, 'This link has expired'],
    ['for an unknown customer', () => signStatementToken({ customerId: 999_999n, expiresAt }, linkSecret), 404, 'We cannot find this statement'],
  ])('answers a %s link with a clear page', async (_what, token, status, title) => {
    const p = await open(token());
    expect(p.status).toBe(status);
    expect(p.html).toContain(`<h1>${title}</h1>`);
    expect(p.html).not.toContain('F-0001');
  });

  it('words a broken link in the browser\'s language when arbot has pages in it', async () => {
    const p = await open('not-a-token', { 'accept-language': 'de-CH, fr;q=0.8, en;q=0.5' });
    expect(p.status).toBe(400);
    expect(p.html).toMatch(/^<!doctype html>\n<html lang="fr">[\s\S]*<h1>Ce lien ne fonctionne pas<\/h1>/);
  });

  it('does not open a statement with a dispute link token, nor the reverse', async () => {
    const [inv] = await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE number = 'F-0001'`;
    const { signDisputeToken } = await import('../../src/domain/dispute-link.js');
    const dispute = signDisputeToken({ invoiceId: inv!.id, expiresAt }, linkSecret);
    expect((await open(dispute)).status).toBe(400);
    expect((await fetch(`${base}/d/${tokenFor('fr')}`)).status).toBe(400);
  });
});
