import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDaysToDate } from '../../src/domain/calendar-date.js';
import { startLocalServer, type LocalServer } from '../e2e/local-server.js';

// The demo ledger's payment plans on /ar in the local workspace (which draws arbot's Slack blocks): C-013's active plan
// (three monthly 3,000.00 instalments, the first paid) and C-014's request waiting on its approval card.

const now = new Date('2026-03-10T15:00:00Z');
const today = '2026-03-10';
let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer(now);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

/** Runs a command from the finance channel's composer as a browser would, and returns the channel page after it. */
async function run(text: string): Promise<string> {
  const page = await fetch(`${server.base}/local/c/finance`);
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const cookie = cookies.join('; ');
  const csrf = decodeURIComponent(cookies.find((c) => c.startsWith('arbot_local_csrf='))!.split('=')[1]!);
  const posted = await fetch(`${server.base}/local/command`, {
    method: 'POST', redirect: 'manual', body: new URLSearchParams({ csrf, channel: 'finance', text, back: '/local/c/finance' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: server.base },
  });
  expect(posted.status).toBe(303);
  return (await fetch(`${server.base}/local/c/finance`, { headers: { cookie } })).text();
}

const textOf = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');

describe('payment plans on /ar in the local workspace', () => {
  it('shows C-013\'s active plan: the first instalment paid, the next one due', async () => {
    const text = textOf(await run('/ar C-013'));
    expect(text).toContain('Payment plans (1)');
    expect(text).toMatch(new RegExp(`Plan \\d+ · active · EUR · total €9,000.00 · paid €3,000.00 \\(as of ${today}\\) · next €3,000.00 on ${addDaysToDate(today, 25)}`));
    expect(text).toContain(`${addDaysToDate(today, -5)} €3,000.00 paid; ${addDaysToDate(today, 25)} €3,000.00 due; ${addDaysToDate(today, 55)} €3,000.00 due`);
  });

  it('shows C-014\'s pending request with its proposed instalments', async () => {
    const text = textOf(await run('/ar C-014'));
    expect(text).toContain('Payment plans (1)');
    expect(text).toMatch(/Plan \d+ · requested, waiting for a decision · EUR · total €7,500.00 · asked by the customer on 2026-03-09/);
    expect(text).toContain(`${addDaysToDate(today, 10)} €2,500.00 proposed`);
  });
});
