import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerChoiceActionId } from '../../blocks/slack/ar-blocks.js';
import { dsoDetailsActionId, dsoShareActionId } from '../../blocks/slack/dso-blocks.js';
import { actionIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { startSlackHarness, type HarnessDeps, type SlackHarness } from '../support/slack-harness.js';
import {
  appHomeOpenedEvent, blockActionsBody, postToSlackEndpoint, slackTestIds, slashCommandBody,
} from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// /dso, /ar and App Home through the real Bolt app, with signed slash-command and event bodies shaped like
// Slack's; answers arrive on the response URL (or views.publish) of the local fake Web API.

const secret = slackTestIds.signingSecret;
const now = new Date('2026-03-20T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
let base: string;
let deps: HarnessDeps;

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, {
    now,
    users: [
      { id: 'U0ANA', email: 'ana@acme.example', name: 'ana' },
      { id: 'U0EVE', email: 'eve@elsewhere.example', name: 'eve' },
    ],
  });
  ({ fake, base, deps } = h);
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: 'U0ANA', slack_channel_id: 'C0ANA' }],
    customers: [
      customer('NW', 'Europe/Paris', 'top', { name: 'Northwind', sales_owner_email: 'ana@acme.example' }),
      customer('NT', 'Europe/Paris', 'standard', { name: 'Northern Trust', sales_owner_email: '' }),
      customer('GL', 'America/New_York', 'standard', { name: 'Globex', sales_owner_email: '' }),
    ],
    invoices: [
      invoice('NW-1', 'NW', '2026-02-28', '1000.00'), // 20 days overdue
      invoice('NW-2', 'NW', '2026-03-15', '250.00'), // 5 days overdue
      invoice('NT-1', 'NT', '2026-03-10', '300.00'), // 10 days overdue
      invoice('NT-2', 'NT', '2026-04-30', '700.00'), // not due
      invoice('GL-1', 'GL', '2026-03-01', '90.00', 'USD'),
    ],
    disputes: [{ invoice_external_id: 'NW-1', opened_date: '2026-03-17', reason: 'Wrong amount' }],
  });
  await db.sql`UPDATE disputes SET owner_id = (SELECT id FROM owners WHERE email = 'ana@acme.example')`;
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

async function command(name: string, text: string, userId = 'U0ANA') {
  const id = `r${Math.random().toString(36).slice(2)}`;
  const responseUrl = fake.responseUrl({ channel: 'C0FIN', userId, id });
  const r = await postToSlackEndpoint(base, slashCommandBody({ command: name, text, userId, channelId: 'C0FIN', responseUrl }), { secret });
  return { http: r, answers: () => fake.responses(id).map((c) => c.args as Record<string, unknown> & { blocks?: unknown[] }), responseUrl };
}
const allText = (blocks: unknown) => JSON.stringify(blocks);

/** The "Details" buttons of a /dso summary: their values, by the currency they name. */
const detailsButtons = (blocks: unknown[] | undefined) => (blocks ?? [])
  .flatMap((b) => { const a = (b as { accessory?: { action_id: string; value: string } }).accessory; return a?.action_id === dsoDetailsActionId ? [a] : []; });

async function clickDetails(value: string, userId = 'U0ANA') {
  const id = `d${Math.random().toString(36).slice(2)}`;
  const responseUrl = fake.responseUrl({ channel: 'C0FIN', userId, id });
  const r = await postToSlackEndpoint(base, blockActionsBody({
    userId, channelId: 'C0FIN', responseUrl, actions: [{ type: 'button', actionId: dsoDetailsActionId, blockId: 'arbot.dso_line', value }],
  }), { secret });
  return { http: r, answers: () => fake.responses(id).map((c) => c.args as Record<string, unknown> & { blocks?: unknown[] }) };
}

describe('/dso', () => {
  it('answers privately with a summary line per currency as of the company\'s today, Details buttons and a share button', async () => {
    const { http: r, answers } = await command('/dso', '');
    expect(r.status).toBe(200);
    const [a] = answers();
    expect(a).toMatchObject({ response_type: 'ephemeral', text: 'DSO and receivables as of 2026-03-20' });
    const text = allText(a!.blocks);
    expect(text).toMatch(/\*EUR\*: DSO 90\.0 days \(unchanged since end of Feb\) · [0-9.]+% of the amount overdue · 1,000\.00 EUR in 1 dispute, average age 3\.0 days/);
    expect(text).toContain('*USD*: DSO');
    expect(text).toContain(dsoShareActionId);
    expect(detailsButtons(a!.blocks).map((b) => JSON.parse(b.value))).toEqual([{ asof: '2026-03-20', cur: 'EUR' }, { asof: '2026-03-20', cur: 'USD' }]);
    // No PUBLIC_BASE_URL in this harness: no chart, the text only; the customers are behind "Details".
    expect(a!.blocks!.some((b) => (b as { type: string }).type === 'image')).toBe(false);
    expect(text).not.toContain('Northwind');
  });

  it('shows one currency in full, privately, under the summary, when its "Details" is clicked', async () => {
    const { answers } = await command('/dso', '');
    const eur = detailsButtons(answers()[0]!.blocks)[0]!;
    const { http, answers: details } = await clickDetails(eur.value);
    expect(http.status).toBe(200);
    const [d] = details();
    expect(d).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: 'DSO and receivables as of 2026-03-20: EUR in detail' });
    const text = allText(d!.blocks);
    // Largest overdue customers, EUR: Northwind 1,250.00 (oldest 20 days), then Northern Trust 300.00 (NT-2 is not due).
    expect(text).toMatch(/Northwind\* · 1,250\.00 EUR · oldest 20 days overdue.*Northern Trust\* · 300\.00 EUR · oldest 10 days overdue/);
    expect(text).toContain('DSO trend, last 12 month ends');
    expect(text).not.toContain('Globex');
    expect(text).not.toContain(dsoShareActionId);
  });

  it('says a forged or stale "Details" value is out of date, and shows nothing', async () => {
    for (const value of [JSON.stringify({ asof: '2026-03-20' }), JSON.stringify({ asof: '2026-03-20', cur: 'XXXX' }), JSON.stringify({ d: '1' })]) {
      const { http, answers } = await clickDetails(value);
      expect(http.status).toBe(200);
      expect(answers()).toEqual([expect.objectContaining({ response_type: 'ephemeral', text: 'this button is out of date; run /dso again' })]);
    }
  });

  it('takes a date and a segment in any order, and posts in the channel with "share"', async () => {
    const { answers } = await command('/dso', 'top 2026-03-16 share');
    const [a] = answers();
    expect(a).toMatchObject({ response_type: 'in_channel', text: 'DSO and receivables as of 2026-03-16 (top accounts)' });
    expect(allText(a!.blocks)).not.toContain(dsoShareActionId);
    // The shared summary keeps its Details buttons: each person who clicks sees the figures privately.
    const [eur] = detailsButtons(a!.blocks);
    expect(JSON.parse(eur!.value)).toEqual({ asof: '2026-03-16', seg: 'top', cur: 'EUR' });
    const text = allText((await clickDetails(eur!.value, 'U0EVE')).answers()[0]!.blocks);
    expect(text).not.toContain('Northern Trust');
    // On March 16 NW-2 (due March 15) is 1 day overdue and NW-1 16 days.
    expect(text).toContain('Northwind* · 1,250.00 EUR · oldest 16 days overdue');
  });

  it('explains the usage privately for an argument it cannot read, and runs nothing', async () => {
    const { http: r, answers } = await command('/dso', 'last-month');
    expect(r.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/"last-month" is not a date.*usage: \/dso/) });
    expect(answers()).toEqual([]);
  });

  it('shares a private answer in the channel when its button is clicked', async () => {
    const id = 'share1';
    const responseUrl = fake.responseUrl({ channel: 'C0FIN', userId: 'U0ANA', id });
    await postToSlackEndpoint(base, blockActionsBody({
      userId: 'U0ANA', channelId: 'C0FIN', responseUrl,
      actions: [{ type: 'button', actionId: dsoShareActionId, blockId: 'arbot.dso_actions', value: JSON.stringify({ asof: '2026-03-18', seg: 'standard' }) }],
    }), { secret });
    const posted = fake.responses(id).map((c) => c.args as Record<string, unknown>);
    expect(posted[0]).toMatchObject({ delete_original: true });
    expect(posted[1]).toMatchObject({ response_type: 'in_channel', text: 'DSO and receivables as of 2026-03-18 (standard accounts)' });
  });
});

describe('/ar', () => {
  it('shows one customer found by ERP id: open invoices, disputes', async () => {
    const { answers } = await command('/ar', 'nw');
    const [a] = answers();
    expect(a).toMatchObject({ response_type: 'ephemeral', text: 'Receivables of Northwind' });
    const text = allText(a!.blocks);
    expect(text).toContain('INV-NW-1');
    expect(text).toContain('INV-NW-2');
    expect(text).toContain('Wrong amount');
  });

  it('offers a choice when the name matches several customers, and shows the one picked', async () => {
    const { answers, responseUrl } = await command('/ar', 'north');
    const [a] = answers();
    expect(allText(a!.blocks)).toContain(customerChoiceActionId);
    const id = new URL(responseUrl).pathname.split('/').at(-1)!;
    await postToSlackEndpoint(base, blockActionsBody({
      userId: 'U0ANA', channelId: 'C0FIN', responseUrl,
      actions: [{ type: 'button', actionId: customerChoiceActionId, blockId: 'arbot.ar_match_1', value: JSON.stringify({ c: 'NT' }) }],
    }), { secret });
    const picked = fake.responses(id).map((c) => c.args as Record<string, unknown>).at(-1)!;
    expect(picked).toMatchObject({ replace_original: true, text: 'Receivables of Northern Trust' });
  });

  it('refuses someone arbot does not know, privately, before any lookup (AR_LOOKUP=known, the default)', async () => {
    const { answers, responseUrl } = await command('/ar', 'nw', 'U0EVE');
    expect(answers()).toEqual([expect.objectContaining({ response_type: 'ephemeral', text: expect.stringMatching(/^arbot does not know you yet/) })]);
    expect(allText(answers())).not.toContain('Northwind');
    // The chooser's buttons show a customer too: the same rule.
    await postToSlackEndpoint(base, blockActionsBody({
      userId: 'U0EVE', channelId: 'C0FIN', responseUrl,
      actions: [{ type: 'button', actionId: customerChoiceActionId, blockId: 'arbot.ar_match_1', value: JSON.stringify({ c: 'NT' }) }],
    }), { secret });
    const id = new URL(responseUrl).pathname.split('/').at(-1)!;
    expect(fake.responses(id).map((c) => c.args as Record<string, unknown>).at(-1)).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/does not know you yet/) });
  });

  it('answers someone arbot does not know with AR_LOOKUP=anyone', async () => {
    const open = await startSlackHarness(db, {
      now, users: [{ id: 'U0EVE', email: 'eve@elsewhere.example', name: 'eve' }],
      rights: { ...deps.rights, arLookup: 'anyone' },
    });
    try {
      const id = 'anyone1';
      const responseUrl = open.fake.responseUrl({ channel: 'C0FIN', userId: 'U0EVE', id });
      await postToSlackEndpoint(open.base, slashCommandBody({ command: '/ar', text: 'nw', userId: 'U0EVE', channelId: 'C0FIN', responseUrl }), { secret });
      expect(open.fake.responses(id).map((c) => c.args)).toEqual([expect.objectContaining({ text: 'Receivables of Northwind' })]);
    } finally {
      await open.close();
    }
  });

  it('says so when nothing matches, and asks for a customer when none is given', async () => {
    const [none] = (await command('/ar', 'zzz')).answers();
    expect(none).toMatchObject({ text: expect.stringMatching(/No customer matches/) });
    const { http: r } = await command('/ar', '   ');
    expect(r.json).toMatchObject({ text: 'usage: /ar <customer name or ERP id>' });
  });
});

describe('App Home', () => {
  it('publishes the queue of the person who opens it: their disputes and overdue accounts', async () => {
    const r = await postToSlackEndpoint(base, appHomeOpenedEvent({ userId: 'U0ANA' }), { secret });
    expect(r.status).toBe(200);
    const home = fake.homeView('U0ANA')!;
    const text = allText(home.view);
    expect(text).toContain('My queue');
    expect(text).toMatch(/My disputes, oldest first \(1\)/);
    expect(text).toMatch(/My overdue accounts \(1\)/);
    expect(text).toContain('Northwind');
    expect(text).not.toContain('Northern Trust');
  });

  it('tells someone arbot does not know how to be added', async () => {
    await postToSlackEndpoint(base, appHomeOpenedEvent({ userId: 'U0EVE' }), { secret });
    expect(allText(fake.homeView('U0EVE')!.view)).toMatch(/does not know you yet/);
  });

  it('answers a refusal from the home tab (no response URL) in the bot\'s messages, and changes nothing', async () => {
    const before = (await db.sql`SELECT count(*)::int AS n FROM disputes WHERE owner_id IS NOT NULL`)[0]!.n;
    await postToSlackEndpoint(base, blockActionsBody({
      userId: 'U0EVE', view: { id: 'VHOME', type: 'home' },
      actions: [{ type: 'button', actionId: actionIds.claimDispute, blockId: 'b', value: JSON.stringify({ d: '1' }) }],
    }), { secret });
    const dm = fake.calls('chat.postMessage').at(-1)!;
    expect(dm.args).toMatchObject({ channel: 'U0EVE', text: expect.stringMatching(/does not know you yet/) });
    expect((await db.sql`SELECT count(*)::int AS n FROM disputes WHERE owner_id IS NOT NULL`)[0]!.n).toBe(before);
  });
});

describe('largest overdue customers', () => {
  it('ranks per currency and keeps `limit` per currency', async () => {
    const top = await deps.kpis.topOverdue('2026-03-20', {}, 1);
    expect(top).toEqual([
      { customerName: 'Northwind', currency: 'EUR', amountMinor: 125000n, daysOverdue: 20 },
      { customerName: 'Globex', currency: 'USD', amountMinor: 9000n, daysOverdue: 19 },
    ]);
    expect(await deps.kpis.topOverdue('2026-02-28', {}, 5)).toEqual([]);
  });
});
