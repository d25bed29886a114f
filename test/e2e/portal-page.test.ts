import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portalPageRoutes } from '../../adapters/http/portal-page.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { postgresCustomerPortalStore } from '../../adapters/postgres/customer-portal.js';
import { postgresPaymentPlanStore } from '../../adapters/postgres/payment-plans.js';
import { postgresPaymentMethodsStore } from '../../adapters/postgres/payment-methods.js';
import { runCli } from '../../src/cli/main.js';
import { capture } from '../support/csv-files.js';
import { signPortalToken } from '../../src/domain/portal-link.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { testLogger } from '../support/test-log.js';

// The customer portal in a real browser: a customer opens their link on a 375 px phone, nothing scrolls sideways,
// axe-core finds no accessibility problem (every impact), and the promise form works without any script.

const executablePath = '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
if (!haveChromium) console.warn(`test/e2e/portal-page: SKIPPED: no Chromium at ${executablePath} (apt-get install chromium; .ci/run does it)`);
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const secret = 'test-link-secret-0123456789abcdefghijklmnop';
const now = new Date('2026-03-20T10:00:00Z');
let db: TestDb;
let http: HttpServer;
let base: string;
let browser: Browser;
const tokens: Record<string, string> = {};

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

async function axeViolations(p: Page): Promise<string[]> {
  await p.addScriptTag({ content: axeSource });
  const violations = await p.evaluate<AxeViolation[]>('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)');
  return violations.map((v) => `${v.impact ?? ''} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')})`);
}

describe.skipIf(!haveChromium)('the customer portal in a browser', () => {
  beforeAll(async () => {
    db = await openTestDb();
    for (const [key, locale] of [['en', 'en-GB'], ['fr', 'fr-FR']] as const) {
      const [c] = await db.sql<{ id: bigint }[]>`
        INSERT INTO customers (external_id, name, timezone, billing_emails, locale)
        VALUES (${`C-${key}`}, ${`Very Long Customer Name Incorporated International ${key}`}, 'Europe/Paris', '{ap@x.example}', ${locale}) RETURNING id`;
      await db.sql`
        INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor, pay_url, proof_url)
        SELECT ${`E-${key}-`} || n, ${`INV-${key}-2026-000`} || n, ${c!.id.toString()}::int8, '2026-01-01', date '2026-02-01' + n,
               CASE WHEN n % 2 = 0 THEN 'EUR' ELSE 'USD' END, 123456789 * n, 'https://pay.example/' || n, 'https://pod.example/' || n
        FROM generate_series(1, 6) n`;
      // One invoice with an early-payment discount still open (its line on the page), one in a requested payment plan
      // (the promise form leaves it out and says so).
      const [discounted] = await db.sql<{ id: bigint }[]>`
        INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor,
                              payment_terms, payment_net_days, payment_discount_bp, payment_discount_days)
        VALUES (${`E-${key}-D`}, ${`INV-${key}-2026-DISCOUNT`}, ${c!.id.toString()}::int8, '2026-03-15', '2026-04-14', 'EUR', 987654321, '2/10 net 30', 30, 200, 10)
        RETURNING id`;
      const planned = await postgresPaymentPlanStore(db.sql).createPlan({
        customerId: c!.id, currency: 'EUR', origin: 'customer', status: 'requested', totalMinor: 987654321n, needsFinanceApprover: false,
        createdBy: 'customer:ap@x.example', approvedBy: null, replacesId: null, at: now,
        invoices: [{ invoiceId: discounted!.id, number: `INV-${key}-2026-DISCOUNT`, customerId: c!.id, currency: 'EUR', remainingMinor: 987654321n }],
        instalments: [{ dueDate: '2026-04-20', amountMinor: 493827160n }, { dueDate: '2026-05-20', amountMinor: 493827161n }],
      });
      expect('id' in planned).toBe(true);
      tokens[key] = signPortalToken({ customerId: c!.id, keyVersion: 1, expiresAt: new Date('2026-06-01T00:00:00Z') }, secret);
    }
    // "How to pay" for EUR (issue 20: the bank details on the portal), loaded as `arbot payment-methods load` does.
    const dir = await mkdtemp(join(tmpdir(), 'arbot-e2e-pay-'));
    await writeFile(join(dir, 'methods.json'), JSON.stringify({ EUR: {
      account_name: 'Very Long Company Name Holding International SAS', iban: 'FR1420041010050500013M02606', bic: 'BNPAFRPP',
      methods: ['wire', 'card', 'direct_debit'], direct_debit_mandate_url: 'https://pay.example/mandate', card_max_minor: 100000, phone_to_confirm: '+33 1 23 45 67 89',
    } }));
    expect(await runCli(['payment-methods', 'load', join(dir, 'methods.json')], { out: capture(), err: capture(), db, now: () => now, env: { LOG_LEVEL: 'silent', DATA_DIR: dir } })).toBe(0);
    await rm(dir, { recursive: true, force: true });
    http = createHttpServer(portalPageRoutes({
      // The form's origin check reads the base once the server listens (its port is known only then).
      store: postgresCustomerPortalStore(db.sql), secret, get publicBaseUrl() { return base; }, disputeLinkTtlDays: 90, promiseMaxDays: 60,
      now: () => now, log: testLogger(),
      planRequests: { bounds: async () => ({ maxInstalments: 6, maxMonths: 6 }), request: async () => ({ ok: true }) },
      payments: postgresPaymentMethodsStore(db.sql),
    }), testLogger());
    base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
    browser = await chromium.launch({
      executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'], timeout: 30_000,
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await http?.close();
    await db?.close();
  });

  it.each(['en', 'fr'])('is usable 375 px wide and axe-clean, in %s, with JavaScript off', async (lang) => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    try {
      const p = await phone.newPage();
      expect((await p.goto(`${base}/p/${tokens[lang]!}`))!.status()).toBe(200);
      const o = await p.evaluate<{ s: number; c: number }>('({ s: document.documentElement.scrollWidth, c: document.documentElement.clientWidth })')
        .catch(() => null);
      // With JavaScript off, evaluate cannot run: the layout is checked in the context with it on below.
      if (o) expect(o.s).toBeLessThanOrEqual(o.c);
    } finally {
      await phone.close();
    }
    const checked = await browser.newContext({ viewport: { width: 375, height: 812 }, bypassCSP: true });
    try {
      const p = await checked.newPage();
      await p.goto(`${base}/p/${tokens[lang]!}`);
      // The page holds the early-payment line and the promise form's note on planned invoices, both checked below.
      const html = await p.content();
      expect(html).toContain(lang === 'en' ? 'Early-payment discount: pay' : 'Escompte pour paiement anticipé');
      expect(html).toContain(lang === 'en' ? 'Invoices in a payment plan are not listed' : 'ne sont pas listées');
      expect(html).toContain(lang === 'en' ? '<h2>How to pay (EUR)</h2>' : '<h2>Comment payer (EUR)</h2>');
      const o = await p.evaluate<{ s: number; c: number }>('({ s: document.documentElement.scrollWidth, c: document.documentElement.clientWidth })');
      expect(o.s).toBeLessThanOrEqual(o.c);
      expect(await axeViolations(p)).toEqual([]);
    } finally {
      await checked.close();
    }
  });

  it('records a promise from the form, without scripts, and says so', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, javaScriptEnabled: false });
    try {
      const p = await phone.newPage();
      await p.goto(`${base}/p/${tokens.en!}`);
      await p.locator('#promise-invoices input[type=checkbox]').first().check();
      await p.getByLabel('Payment date', { exact: true }).fill('2026-04-15');
      await p.getByRole('button', { name: 'Record my promise' }).click();
      await p.getByRole('status').filter({ hasText: 'Your promise to pay' }).waitFor();
      expect(await db.sql`SELECT 1 FROM promises_to_pay WHERE origin = 'customer_portal'`).toHaveLength(1);
    } finally {
      await phone.close();
    }
  });
});
