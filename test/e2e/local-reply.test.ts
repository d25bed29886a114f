import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAsIn, startLocalServer, type LocalServer } from './local-server.js';

// "Reply as the customer" in a real headless Chromium, on the demo of `npm start` (embedded database, demo ledger,
// no INBOUND_DOMAIN, no SENDGRID_INBOUND_PUBLIC_KEY): the reply goes through the signed inbound webhook and pauses
// the customer's reminders; the next run posts it in the thread of its invoice's card, and the owner answers it from
// chat: the answer leaves by email, threaded under the customer's reply, and the card says so.

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

  it('closes the loop: a reply from the outbox pauses the invoices, reaches the owner\'s thread and is answered by email from chat', async () => {
    const page = await actAsIn(server.base, await browser.newContext({ viewport: { width: 1280, height: 900 } }), 'Ana Martin');
    await page.getByRole('button', { name: 'Run jobs now' }).click({ timeout: 90_000 }); // every job runs: slow on a busy machine
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

    // The loop in chat: the next run posts the reply in the thread of its invoice's card in the owner's channel.
    const [where] = await server.db.sql<{ customer: string; owner: string; channel: string }[]>`
      SELECT c.name AS customer, o.name AS owner, m.channel FROM inbound_replies r JOIN customers c ON c.id = r.customer_id
      JOIN owners o ON o.id = c.sales_owner_id
      JOIN chat_messages m ON m.platform = 'local' AND m.subject_key = ${`reply:${reply!.id}`}
      WHERE r.id = ${reply!.id}::int8 LIMIT 1`.catch(() => []);
    expect(where).toBeUndefined(); // not posted before the alerts job runs
    const owner = await actAsIn(server.base, await browser.newContext({ viewport: { width: 1280, height: 900 } }), 'Ana Martin');
    await owner.getByRole('button', { name: 'Run jobs now' }).click({ timeout: 90_000 }); // every job runs: slow on a busy machine
    await expect.poll(() => owner.getByRole('status').textContent()).toMatch(/alert message\(s\) posted/);
    const [posted] = await server.db.sql<{ customer: string; owner: string; channel: string; thread_ref: string | null }[]>`
      SELECT c.name AS customer, o.name AS owner, m.channel, m.thread_ref FROM inbound_replies r JOIN customers c ON c.id = r.customer_id
      JOIN owners o ON o.id = c.sales_owner_id
      JOIN chat_messages m ON m.platform = 'local' AND m.subject_key = ${`reply:${reply!.id}`}
      WHERE r.id = ${reply!.id}::int8 ORDER BY m.id LIMIT 1`;
    expect(posted?.thread_ref).not.toBeNull();
    const page2 = await actAsIn(server.base, await browser.newContext({ viewport: { width: 1280, height: 900 } }), posted!.owner);
    await page2.goto(`${server.base}/local/c/${posted!.channel}`);
    // The reply sits in the thread of the invoice's card, with what was read in it and its buttons.
    const inThread = (p: typeof page2) => p.locator('.thread article.msg', { hasText: `Reply from ${posted!.customer}` }).first();
    const card = inThread(page2);
    await card.waitFor();
    expect(await card.evaluate((el) => el.closest('article.msg:not(.thread article.msg)')?.textContent ?? '')).toMatch(/Invoice|Overdue/);
    expect(await card.textContent()).toMatch(/Looks like a promise to pay/);
    expect(await card.getByRole('button').allTextContents()).toEqual(expect.arrayContaining(['Reply', 'Log promise', 'Resume reminders', 'Done']));

    // Reply from chat: the answer goes out by email, threaded under the customer's reply.
    await card.getByRole('button', { name: 'Reply' }).click();
    const dialog = page2.getByRole('dialog', { name: 'Answer the customer' });
    await dialog.waitFor();
    await dialog.getByLabel('Your answer').fill('Thank you, noted for the 24th.');
    await dialog.getByRole('button', { name: 'Send answer' }).click();
    await expect.poll(async () => (await server.db.sql<{ status: string }[]>`
      SELECT status FROM reply_answers WHERE reply_id = ${reply!.id}::int8`)[0]?.status, { timeout: 30_000 }).toBe('sent');
    const [answer] = await server.db.sql<{ message_id: string }[]>`SELECT message_id FROM reply_answers WHERE reply_id = ${reply!.id}::int8`;
    const dir = join(server.dataDir, 'outbox');
    let eml: Awaited<ReturnType<typeof PostalMime.parse>> | undefined;
    for (const f of await readdir(dir)) {
      const parsed = await PostalMime.parse(await readFile(join(dir, f), 'utf8'));
      if (parsed.messageId === answer!.message_id) eml = parsed;
    }
    expect(eml?.inReplyTo).toBe(reply!.message_id);
    expect(eml?.references).toContain(reply!.message_id);
    expect(eml?.text).toContain('Thank you, noted for the 24th.');
    // The reply's card says it was answered, in place.
    await expect.poll(async () => {
      await page2.reload();
      return inThread(page2).textContent();
    }, { timeout: 30_000 }).toMatch(/answer sent/);
  }, 300_000);
});
