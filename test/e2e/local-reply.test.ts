import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAsIn, startLocalServer, type LocalServer } from './local-server.js';

// "Reply as the customer" in a real headless Chromium, on the demo of `npm start` (embedded database, demo ledger,
// no INBOUND_DOMAIN, no SENDGRID_INBOUND_PUBLIC_KEY): the reply goes through the signed inbound webhook and pauses
// the customer's reminders.

const executablePath = '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
if (!haveChromium) console.warn(`test/e2e/local-reply: SKIPPED: no Chromium at ${executablePath} (apt-get install chromium; .ci/run does it)`);

const now = new Date('2026-03-10T15:00:00Z');
let server: LocalServer;
let browser: Browser;

describe.skipIf(!haveChromium)('reply as the customer, in Chromium', () => {
  beforeAll(async () => {
    server = await startLocalServer(now, {}, { embedded: true });
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      timeout: 30_000,
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('answers a reminder from the outbox: the reply is stored, threaded on the email and pauses its invoices', async () => {
    const page = await actAsIn(server.base, await browser.newContext({ viewport: { width: 1280, height: 900 } }), 'Ana Martin');
    await page.getByRole('button', { name: 'Run jobs now' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/email\(s\) sent/);
    await page.getByRole('link', { name: /Customer outbox/ }).click();
    await page.locator('.email-list a').first().click();
    const text = page.getByLabel('What the customer writes back');
    expect(await text.inputValue()).toBe('We will pay on 24 March 2026.');
    await page.getByRole('button', { name: 'Send the reply' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/^Replied as \S+@\S+ to \S+: arbot received it as reply \d+/);
    const [reply] = await server.db.sql<{ id: string; matched_by: string; message_id: string; email_message_id: string }[]>`
      SELECT r.id::text, r.matched_by, r.message_id, e.message_id AS email_message_id
      FROM inbound_replies r JOIN reminder_emails e ON e.id = r.reminder_email_id`;
    expect(reply).toMatchObject({ matched_by: 'thread', message_id: expect.stringMatching(/^<local-reply\.[0-9a-f]{16}@/) });
    const holds = await server.db.sql`SELECT 1 FROM reminder_holds WHERE created_by = ${`reply:${reply!.id}`}`;
    expect(holds.length).toBeGreaterThan(0);
  });
});
