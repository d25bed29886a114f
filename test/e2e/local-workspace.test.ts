import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAsIn, message, startLocalServer, type LocalServer } from './local-server.js';

// The local workspace in a real headless Chromium (Debian's package, driven by playwright-core): everything an
// account manager does in Slack, done in the browser against arbot's own server, over loopback only.

const executablePath = '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
if (!haveChromium) console.warn(`test/e2e: SKIPPED: no Chromium at ${executablePath} (apt-get install chromium; .ci/run does it)`);

// A Tuesday, 15:00 UTC: 09:00 has passed in Europe and New York, so the demo's reminders and approvals are due.
const now = new Date('2026-03-10T15:00:00Z');
let server: LocalServer;
let browser: Browser;
let ana: BrowserContext;
let ben: BrowserContext;
let page: Page;

const actAs = (context: BrowserContext, name: string): Promise<Page> => actAsIn(server.base, context, name);

describe.skipIf(!haveChromium)('local workspace in Chromium', () => {
  beforeAll(async () => {
    server = await startLocalServer(now, {}, { embedded: true });
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      timeout: 30_000,
    });
    ana = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    ben = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await actAs(ana, 'Ana Martin');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens at / on the acting user\'s channel, and shows an overdue alert once the jobs ran', async () => {
    await page.goto(`${server.base}/`);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/local/c/sales-ana');
    await page.getByRole('button', { name: 'Run jobs now' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/alert message\(s\) posted/);
    const overdue = message(page, 'Overdue: Umbrella Health');
    await overdue.waitFor();
    expect(await overdue.textContent()).toMatch(/£6,300\.00 still due/);
    // The same Block Kit Slack gets: header, fields, and the invoice's buttons.
    await expect.poll(() => overdue.getByRole('button').allTextContents()).toEqual(['Log a promise to pay', 'Pause reminders', 'Open a dispute', 'Add a note', 'Snooze 1 day', 'Offer a payment plan']);
  });

  it('logs a promise to pay through the modal: required fields are checked, the promise is stored', async () => {
    await message(page, 'Overdue: Umbrella Health').getByRole('button', { name: 'Log a promise to pay' }).click();
    const dialog = page.getByRole('dialog', { name: 'Promise to pay' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Save promise' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'Promise to pay' }).getByRole('alert').first().textContent()).toBe('Please complete this required field.');
    await page.getByLabel('Pays by').fill('2026-03-20');
    await page.getByLabel('Note').fill('Paying after their board meeting');
    await page.getByRole('dialog').getByRole('button', { name: 'Save promise' }).click();
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    const [row] = await server.db.sql<{ promised_date: string; note: string }[]>`
      SELECT p.promised_date::text, p.note FROM promises_to_pay p JOIN invoices i ON i.id = p.invoice_id JOIN customers c ON c.id = i.customer_id
      WHERE c.name = 'Umbrella Health'`;
    expect(row).toEqual({ promised_date: '2026-03-20', note: 'Paying after their board meeting' });
    expect(await message(page, 'Overdue: Umbrella Health').locator('.thread').textContent()).toMatch(/promise/i);
  });

  it('claims a dispute as one owner; another owner on a page drawn before is told privately who has it', async () => {
    // Eva is in delivery, so she may claim any dispute (a sales owner of another customer may not: see the rights).
    const benPage = await actAs(ben, 'Eva Rossi');
    await benPage.goto(`${server.base}/local/c/sales-ana`);
    const stale = message(benPage, 'Dispute: Soylent SAS');
    await stale.getByRole('button', { name: 'Claim' }).waitFor();

    await page.goto(`${server.base}/local/c/sales-ana`);
    await message(page, 'Dispute: Soylent SAS').getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => message(page, 'Dispute: Soylent SAS').textContent()).toMatch(/Claimed by Ana Martin/);
    expect(await message(page, 'Dispute: Soylent SAS').getByRole('button', { name: 'Claim' }).count()).toBe(0);

    await stale.getByRole('button', { name: 'Claim' }).click();
    const ephemeral = benPage.locator('article.msg.ephemeral', { hasText: 'already claimed by Ana Martin' });
    await ephemeral.waitFor();
    expect(await ephemeral.textContent()).toMatch(/Only visible to you/);
    // Ana does not see Ben's private answer.
    await page.reload();
    expect(await page.locator('article.msg.ephemeral', { hasText: 'already claimed' }).count()).toBe(0);
    await benPage.close();
  });

  it('approves an escalation as the account manager, and the email goes out on the next run', async () => {
    const benPage = await actAs(ben, 'Ben Osei');
    await benPage.goto(`${server.base}/local/c/sales-ben`);
    const approval = message(benPage, 'Approval needed: escalation to Globex Corporation');
    await approval.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => message(benPage, 'escalation to Globex Corporation').textContent()).toMatch(/Approved by (Ben Osei|ben\.osei@)/);
    expect(await message(benPage, 'escalation to Globex Corporation').getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await benPage.getByRole('button', { name: 'Run jobs now' }).click();
    await expect.poll(() => benPage.getByRole('status').textContent()).toMatch(/[1-9]\d* email\(s\) sent/);
    await benPage.close();
  });

  it('runs /dso from the composer and shows the summary, then a currency\'s details, to the person who typed it', async () => {
    await page.goto(`${server.base}/local/c/finance`);
    await page.getByLabel('Message #finance').fill('/dso');
    await page.getByRole('button', { name: 'Send' }).click();
    const answer = page.locator('article.msg.ephemeral', { hasText: 'DSO and receivables' });
    await answer.waitFor();
    // Summary first: one line per currency; its full figures behind "Details", privately, as a new message.
    expect(await answer.textContent()).toMatch(/DSO (\d+\.\d days|n\/a) \(/);
    await answer.getByRole('button', { name: 'Share in channel' }).waitFor();
    await answer.getByRole('button', { name: 'Details' }).first().click();
    const details = page.locator('article.msg.ephemeral', { hasText: 'DSO (90 days)' });
    await details.waitFor();
    expect(await details.textContent()).toMatch(/Largest overdue customers/);
  });

  it('follows a dispute link from the outbox to the real dispute page, and the dispute reaches the channel', async () => {
    await page.getByRole('link', { name: /Customer outbox/ }).click();
    const email = page.locator('.email-list a', { hasText: 'ap@stark-logistics.example' }).first();
    await email.click();
    const frame = page.frameLocator('iframe.email-frame');
    const [customerPage] = await Promise.all([
      page.waitForEvent('popup'),
      frame.getByRole('link', { name: /Tell us about invoice/ }).first().click(),
    ]);
    await customerPage.waitForLoadState();
    await customerPage.getByLabel(/wrong amount/i).check();
    await customerPage.getByLabel(/details/i).fill('We were billed twice for the same delivery.');
    await customerPage.getByRole('button', { name: /send|submit|dispute/i }).click();
    await customerPage.getByText(/received|thank/i).first().waitFor();
    await customerPage.close();

    await page.goto(`${server.base}/local/c/sales-ana`);
    await page.getByRole('button', { name: 'Run jobs now' }).click();
    const dispute = message(page, 'Dispute: Stark Logistics');
    await dispute.waitFor();
    expect(await dispute.textContent()).toMatch(/billed twice/);
    expect(await dispute.textContent()).toMatch(/the customer's dispute page/);
  });

  it('saves a screenshot of the workspace (docs/local-workspace.png with UPDATE_SCREENSHOT=1, for the README)', async () => {
    // Written into the checkout only on request, so a test run never leaves the tree changed.
    const path = process.env.UPDATE_SCREENSHOT === '1' ? 'docs/local-workspace.png' : join(server.dataDir, 'local-workspace.png');
    await mkdir(dirname(path), { recursive: true });
    await page.goto(`${server.base}/local/c/sales-ana`);
    const png = await page.screenshot({ path });
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
}, 60_000);
