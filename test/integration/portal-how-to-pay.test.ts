import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalPageRoutes } from '../../adapters/http/portal-page.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { postgresCustomerPortalStore } from '../../adapters/postgres/customer-portal.js';
import { postgresPaymentMethodsStore } from '../../adapters/postgres/payment-methods.js';
import { runCli } from '../../src/cli/main.js';
import { signPortalToken } from '../../src/domain/portal-link.js';
import { capture } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { testLogger } from '../support/test-log.js';

// Issue 20: the bank details and accepted methods are "shown in every reminder, statement and the portal with the
// exact reference to write", and card goes "through the pay link for invoices under a threshold per currency". The
// portal says how to pay as the statement page does, and offers an invoice's pay link only where card is accepted
// for its amount.

const secret = 'test-link-secret-0123456789abcdefghijklmnop';
const now = new Date('2026-03-20T10:00:00Z');
const generous = { capacity: 1000, perSecond: 1000 };
let db: TestDb;
let http: HttpServer;
let base: string;
let dir: string;
let customerId: bigint;

beforeAll(async () => {
  db = await openTestDb();
  dir = await mkdtemp(join(tmpdir(), 'arbot-portal-pay-'));
  const [c] = await db.sql<{ id: bigint }[]>`
    INSERT INTO customers (external_id, name, timezone, billing_emails, locale) VALUES ('C-fr', 'Dupont SA', 'Europe/Paris', '{ap@dupont.example}', 'fr-FR') RETURNING id`;
  customerId = BigInt(c!.id);
  await db.sql`
    INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor, pay_url)
    VALUES ('e1', 'F-1', ${customerId.toString()}::int8, '2026-01-01', '2026-02-01', 'EUR', 50000, 'https://pay.example/f1'),
           ('e2', 'F-2', ${customerId.toString()}::int8, '2026-01-01', '2026-02-15', 'EUR', 200000, 'https://pay.example/f2'),
           ('e3', 'F-3', ${customerId.toString()}::int8, '2026-01-01', '2026-02-15', 'USD', 900000, 'https://pay.example/f3')`;
  http = createHttpServer(portalPageRoutes({
    store: postgresCustomerPortalStore(db.sql), secret, publicBaseUrl: 'https://ar.example.com', disputeLinkTtlDays: 90, promiseMaxDays: 60,
    now: () => now, log: testLogger(), limits: { getPerIp: generous, getPerLink: generous, postPerIp: generous, postPerLink: generous },
    payments: postgresPaymentMethodsStore(db.sql), bankChangeNoticeDays: 60,
  }), testLogger());
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await http?.close();
  await db?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function page(): Promise<string> {
  const token = signPortalToken({ customerId, keyVersion: 1, expiresAt: new Date('2026-06-01T00:00:00Z') }, secret);
  const res = await fetch(`${base}/p/${token}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe('the portal says how to pay', () => {
  it('without payment details: no "How to pay", every pay link kept', async () => {
    const html = await page();
    expect(html).not.toContain('Comment payer');
    for (const n of ['f1', 'f2', 'f3']) expect(html).toContain(`<a href="https://pay.example/${n}">`);
  });

  it('with them: the account and the invoice numbers to write, card links only under the currency\'s limit', async () => {
    const file = join(dir, 'methods.json');
    await writeFile(file, JSON.stringify({ EUR: {
      account_name: 'Seller SAS', iban: 'FR1420041010050500013M02606', bic: 'BNPAFRPP', methods: ['wire', 'card'], card_max_minor: 100000,
      phone_to_confirm: '+33 1 23 45 67 89',
    } }));
    const out = capture();
    const err = capture();
    expect(await runCli(['payment-methods', 'load', file, '--by', 'dan@seller.example'], { out, err, db, now: () => now, env: { LOG_LEVEL: 'silent', DATA_DIR: dir } })).toBe(0);
    const html = await page();
    expect(html).toContain('<h2>Comment payer (EUR)</h2>');
    expect(html).toContain('<dt>IBAN</dt><dd>FR14 2004 1010 0505 0001 3M02 606</dd>');
    expect(html).toContain('<dt>Référence à indiquer</dt><dd>F-1, F-2</dd>');
    expect(html).toMatch(/Par carte : utilisez le lien « Payer en ligne » de la facture \(factures de moins de 1\s000,00\s€\)/);
    // 500.00 EUR is under the card limit, 2,000.00 EUR is not; USD has no details: its link is kept, no "How to pay".
    expect(html).toContain('<a href="https://pay.example/f1">');
    expect(html).not.toContain('https://pay.example/f2');
    expect(html).toContain('<a href="https://pay.example/f3">');
    expect(html).not.toContain('Comment payer (USD)');
  });
});
