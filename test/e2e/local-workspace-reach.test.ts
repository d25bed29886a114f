import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actAsIn, message, startLocalServer, type LocalServer } from './local-server.js';

// The local workspace where people look: a private answer to a click shows at the clicked card and can be
// dismissed, composers are named for their conversation, the outbox dates follow the demo clock, the pages work on
// a 390 px phone, and axe-core finds no serious or critical accessibility problem (workspace and dispute page).

const executablePath = '/usr/bin/chromium';
const haveChromium = existsSync(executablePath);
if (!haveChromium) console.warn(`test/e2e/local-workspace-reach: SKIPPED: no Chromium at ${executablePath} (apt-get install chromium; .ci/run does it)`);

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// A Tuesday, 15:00 UTC, as in local-workspace.test.ts: the demo's reminders and alerts are due. The demo clock
// starts here (the server's clock is this fixed instant plus the demo clock's offset).
const now = new Date('2026-03-10T15:00:00Z');
let server: LocalServer;
let browser: Browser;
let ana: BrowserContext;
let ben: BrowserContext;
let page: Page;

const actAs = (context: BrowserContext, name: string): Promise<Page> => actAsIn(server.base, context, name);

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

/**
 * axe-core's violations on the page as it is now, of every impact (stricter than "no serious or critical"), as
 * "impact rule: help (targets)" lines.
 */
async function axeViolations(p: Page, _all: 'all'): Promise<string[]> {
  await p.addScriptTag({ content: axeSource });
  const violations = await p.evaluate<AxeViolation[]>('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)');
  return violations
    .map((v) => `${v.impact ?? ''} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')})`);
}

const overflow = (p: Page) => p.evaluate<{ scrollWidth: number; clientWidth: number }>(
  '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })');

describe.skipIf(!haveChromium)('local workspace: answers where people look', () => {
  beforeAll(async () => {
    server = await startLocalServer(now, {}, { embedded: true });
    browser = await chromium.launch({
      executablePath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      timeout: 30_000,
    });
    ana = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    ben = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await actAs(ana, 'Ana Martin');
    await page.goto(`${server.base}/local/c/sales-ana`);
    await page.getByRole('button', { name: 'Run jobs now' }).click();
    await page.getByRole('status').filter({ hasText: /alert message\(s\) posted/ }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a private answer to a click right below the clicked card, in view, and lets its reader dismiss it', async () => {
    const benPage = await actAs(ben, 'Ben Osei');
    await benPage.goto(`${server.base}/local/c/sales-ana`);
    // Soylent's dispute card sits high in a long channel: an answer at the channel's end would be far out of view.
    await message(benPage, 'Dispute: Soylent SAS').getByRole('button', { name: 'Claim' }).click();
    // Ben may not claim Soylent's dispute: arbot tells him so, privately.
    const answer = benPage.locator('article.msg.ephemeral', { hasText: 'can claim this dispute' });
    await answer.waitFor();
    const card = await message(benPage, 'Dispute: Soylent SAS').boundingBox();
    const box = (await answer.boundingBox())!;
    // Inside the clicked card's box, below its top: not at the bottom of the channel.
    expect(box.y).toBeGreaterThan(card!.y);
    expect(box.y + box.height).toBeLessThanOrEqual(card!.y + card!.height + 1);
    // And on screen where the page landed after the click.
    const viewport = benPage.viewportSize()!;
    expect(box.y).toBeGreaterThanOrEqual(-1);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);

    await answer.getByRole('button', { name: /Dismiss/ }).click();
    await expect.poll(() => benPage.locator('article.msg.ephemeral', { hasText: 'can claim this dispute' }).count()).toBe(0);
    await benPage.reload();
    expect(await benPage.locator('article.msg.ephemeral', { hasText: 'can claim this dispute' }).count()).toBe(0);
    await benPage.close();

    // On a phone the card is taller than the screen: the page lands on the answer itself.
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const small = await actAs(phone, 'Ben Osei');
      await small.goto(`${server.base}/local/c/sales-ana`);
      await message(small, 'Dispute: Soylent SAS').getByRole('button', { name: 'Claim' }).click();
      const there = small.locator('article.msg.ephemeral', { hasText: 'can claim this dispute' });
      await there.waitFor();
      const b = (await there.boundingBox())!;
      expect(b.y).toBeGreaterThanOrEqual(-1);
      expect(b.y + Math.min(b.height, 100)).toBeLessThanOrEqual(844);
    } finally {
      await phone.close();
    }
  });

  it('names each composer for its conversation: "Message arbot" with the app, "Message #sales-ana" in the channel', async () => {
    await page.goto(`${server.base}/local/c/sales-ana`);
    await page.getByLabel('Message #sales-ana').waitFor();
    await page.getByRole('link', { name: 'Messages with arbot' }).click();
    await page.getByLabel('Message arbot', { exact: true }).waitFor();
    expect(await page.locator('label[for=composer]').textContent()).toBe('Message arbot');
  });

  it('dates the outbox emails by the demo clock, also once it is moved ahead', async () => {
    const dates = async () => {
      await page.goto(`${server.base}/local/outbox`);
      return page.locator('.email-list .meta').allTextContents();
    };
    const first = await dates();
    expect(first.length).toBeGreaterThan(0);
    // Sent by "Run jobs now" at the demo clock's instant (the fixed start; the real time is another day).
    for (const meta of first) expect(meta).toMatch(/· Tue, 10 Mar 2026 15:00:00 \+0000$/);

    // Every job runs for each day until a reminder goes out: slow on a busy machine (as "Run jobs now" in local-reply).
    await page.getByRole('button', { name: 'Next cadence step' }).click({ timeout: 120_000 });
    await expect.poll(() => page.getByRole('status').textContent()).toMatch(/day\(s\) later/);
    const clock = (await page.locator('[data-clock]').textContent())!;
    const after = await dates();
    expect(after.length).toBeGreaterThan(first.length);
    // The new emails carry the moved clock's day and time, as the clock shows it ("Thu, 12 Mar 2026, 15:00 (UTC)").
    const [, weekday, dayOfMonth] = /^(\w{3}), (\d{1,2}) /.exec(clock)!;
    for (const meta of after.slice(0, after.length - first.length)) {
      expect(meta).toMatch(new RegExp(`· ${weekday}, ${dayOfMonth!.padStart(2, '0')} Mar 2026 15:00:00 \\+0000$`));
    }
  }, 180_000);

  it('is usable 390 px wide: a message of the channel is in view and nothing scrolls sideways', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      const p = await phone.newPage();
      for (const path of ['/local/c/sales-ana', '/local/outbox', '/local/home', '/local/c/finance']) {
        await p.goto(`${server.base}${path}`);
        const o = await overflow(p);
        expect(o.scrollWidth, path).toBeLessThanOrEqual(o.clientWidth);
      }
      await p.goto(`${server.base}/local/c/sales-ana`);
      // The first card starts in the upper half of the screen, its title in full view (the channel list and the
      // controls above it take little room), and it fits the width.
      const first = (await p.locator('article.msg').first().boundingBox())!;
      const title = (await p.locator('article.msg').first().locator('.bk-header, .bk-text').first().boundingBox())!;
      expect(first.y).toBeGreaterThanOrEqual(0);
      expect(first.y).toBeLessThanOrEqual(844 / 2);
      expect(title.y + title.height).toBeLessThanOrEqual(844);
      expect(first.x + first.width).toBeLessThanOrEqual(390);
    } finally {
      await phone.close();
    }
  });

  it('has no axe-core violation at all on the workspace pages, wide and narrow, with a private answer and a modal open', async () => {
    const found: Record<string, string[]> = {};
    await page.goto(`${server.base}/local/c/sales-ana`);
    const dm = decodeURIComponent((await page.getByRole('link', { name: 'Messages with arbot' }).getAttribute('href'))!.split('/').pop()!);
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    try {
      const narrow = await phone.newPage();
      for (const path of ['/local/c/sales-ana', '/local/c/finance', '/local/home', '/local/outbox', `/local/c/${dm}`]) {
        await page.goto(`${server.base}${path}`);
        found[path] = await axeViolations(page, 'all');
        await narrow.goto(`${server.base}${path}`);
        found[`${path} at 390 px`] = await axeViolations(narrow, 'all');
      }
    } finally {
      await phone.close();
    }
    await page.goto(`${server.base}/local/c/finance`);
    await page.getByLabel('Message #finance').fill('/dso');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('article.msg.ephemeral').first().waitFor();
    found['private answer'] = await axeViolations(page, 'all');
    await page.goto(`${server.base}/local/c/sales-ana`);
    await message(page, 'Overdue:').getByRole('button', { name: 'Log a promise to pay' }).click();
    await page.getByRole('dialog').waitFor();
    found['promise modal'] = await axeViolations(page, 'all');
    await page.getByRole('dialog').getByRole('button', { name: /Cancel/ }).click();
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });

  it('has no axe-core violation on the customer\'s dispute page, wide, narrow and with its errors shown', async () => {
    const list = await (await fetch(`${server.base}/local/outbox`, { headers: { cookie: (await ana.cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).text();
    const file = /href="\/local\/outbox\/([^"/]+\.eml)"/.exec(list)![1]!;
    const html = await (await fetch(`${server.base}/local/outbox/${file}/html`)).text();
    const link = /href="([^"]*\/d\/[^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&');
    const customer = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    const narrow = await browser.newPage({ viewport: { width: 390, height: 844 }, bypassCSP: true });
    try {
      await customer.goto(link);
      await narrow.goto(link);
      expect(await customer.getByRole('button').count()).toBeGreaterThan(0);
      const wide = await axeViolations(customer, 'all');
      const small = await axeViolations(narrow, 'all');
      // Sent empty: the page comes back with its errors.
      await customer.getByRole('button').first().click();
      await customer.waitForLoadState();
      expect({ wide, narrow: small, refused: await axeViolations(customer, 'all') }).toEqual({ wide: [], narrow: [], refused: [] });
    } finally {
      await customer.close();
      await narrow.close();
    }
  });
}, 90_000);
