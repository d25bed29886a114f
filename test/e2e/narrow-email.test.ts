import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEmailTemplates } from '../../blocks/email/load-templates.js';
import { buildReminderEmail, type ReminderInvoice } from '../../blocks/email/reminder-email.js';
import { reminderTemplateNames } from '../../blocks/email/template-fields.js';
import { renderStatementPage } from '../../blocks/statement-page.js';

// Reminder emails and the statement page on a 375 px phone screen, in a real headless Chromium: nothing may need
// sideways scrolling (the old 5-column table made every email 410-477 px wide).

const executablePath = '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
if (!haveChromium) console.warn(`test/e2e/narrow-email: SKIPPED: no Chromium at ${executablePath} (apt-get install chromium; .ci/run does it)`);

const templates = loadEmailTemplates();
const invoices: ReminderInvoice[] = Array.from({ length: 200 }, (_, i) => ({
  number: `INV-2026-${String(i).padStart(6, '0')}`,
  clientReference: i % 3 === 0 ? null : `PO-REFERENCE-${i}-WITHOUT-ANY-SPACES-AT-ALL`,
  amountDueMinor: 123_456_789n + BigInt(i),
  currency: i % 2 ? 'EUR' : 'JPY',
  dueDate: '2026-01-15',
  daysOverdue: 45,
  payUrl: `https://pay.northwind.example/invoices/${i}?session=abcdefghijklmnopqrstuvwxyz0123456789`,
  disputeUrl: `https://ar.northwind.example/d/${'A'.repeat(23)}.${'x'.repeat(43)}`,
}));

let browser: Browser;

async function overflowAt375(html: string): Promise<{ scrollWidth: number; clientWidth: number }> {
  const page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  try {
    await page.setContent(html, { waitUntil: 'load' });
    // A string, so the test needs no DOM typings (it runs in the page).
    return await page.evaluate<{ scrollWidth: number; clientWidth: number }>('({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })');
  } finally {
    await page.close();
  }
}

describe.skipIf(!haveChromium)('at 375 px in Chromium', () => {
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      timeout: 30_000,
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it.each((['en', 'fr'] as const).flatMap((lang) => reminderTemplateNames.map((t) => [lang, t] as const)))(
    'the %s/%s email needs no sideways scrolling', async (lang, template) => {
      const { html } = buildReminderEmail({
        template, locale: lang === 'en' ? 'en-GB' : 'fr-FR', customerName: 'Établissements Fournier-Lefèvre et Associés SARL',
        companyName: 'Northwind Accounts', accountManager: { name: 'Jane Doe', email: 'jane.doe@northwind.example' },
        escalationCopied: true, invoices, statementUrl: 'https://ar.northwind.example/s/AQAAAAAAAAAH.statement',
      }, templates);
      const { scrollWidth, clientWidth } = await overflowAt375(html);
      expect(clientWidth).toBe(375);
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    },
  );

  it('the statement page needs no sideways scrolling', async () => {
    const html = renderStatementPage({
      customerId: 1n, customerName: 'Établissements Fournier-Lefèvre', locale: 'fr', timezone: 'Europe/Paris',
      invoices: invoices.map((i, n) => ({
        invoiceId: BigInt(n + 1), number: i.number, clientReference: i.clientReference, currency: i.currency,
        dueMinor: i.amountDueMinor, dueDate: i.dueDate, payUrl: i.payUrl, underDispute: n === 3,
      })),
    }, { today: '2026-03-01', disputeUrl: (id) => `https://ar.northwind.example/d/${id}` });
    const { scrollWidth, clientWidth } = await overflowAt375(html);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  });
});
