import { TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArbotTeamsBot } from '../../adapters/teams/teams-bot.js';
import { visibleText } from '../blocks/slack/limits.js';
import { messageActivity, personalChat, type TeamsPerson } from '../support/fake-teams-activities.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { seedReportLedger } from '../support/report-ledger.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { postToSlackEndpoint, slackTestIds, slashCommandBody } from '../support/slack-requests.js';
import { teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// /review and /team through the real Slack listeners and Teams' `review`, `team` through the bot, on the small
// ledger of test/support/report-ledger.ts, whose figures test/integration/report-data.test.ts works out by hand.
// Today is 2026-03-31 in Paris: the review's default month and the team report's month are March, and the team
// report's snapshot is the end of 03-31, as in report-data.test.ts.

const zone = 'Europe/Paris';
const now = new Date('2026-03-31T12:00:00Z');
const secret = slackTestIds.signingSecret;
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;

beforeAll(async () => {
  db = await openTestDb();
  await seedReportLedger(db.sql);
  // Bob approves escalations: he sees every owner's line.
  await db.sql`UPDATE owners SET approver = true, teams_user_id = '00000002-1111-4222-8333-444444444442' WHERE email = 'bob@acme.example'`;
  await db.sql`UPDATE owners SET teams_user_id = '00000001-1111-4222-8333-444444444441' WHERE email = 'ana@acme.example'`;
  h = await startSlackHarness(db, {
    now, zone,
    users: [
      { id: 'U0ANA', email: 'ana@acme.example', name: 'ana' },
      { id: 'U0BOB', email: 'bob@acme.example', name: 'bob' },
      { id: 'U0EVE', email: 'eve@elsewhere.example', name: 'eve' },
    ],
  });
  ({ fake } = h);
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

async function command(name: string, text: string, userId: string) {
  const id = `r${Math.random().toString(36).slice(2)}`;
  const responseUrl = fake.responseUrl({ channel: 'C0FIN', userId, id });
  const r = await postToSlackEndpoint(h.base, slashCommandBody({ command: name, text, userId, channelId: 'C0FIN', responseUrl }), { secret });
  expect(r.status).toBe(200);
  const answers = fake.responses(id).map((c) => c.args as Record<string, unknown> & { blocks?: unknown[] });
  return { ack: r.json as Record<string, unknown> | null, answers, shown: answers.map((a) => visibleText(a.blocks ?? [])).join('\n') };
}

describe('/review', () => {
  it('answers privately with the last complete month: totals per currency, each account, exact changes', async () => {
    const { answers, shown } = await command('/review', '', 'U0ANA');
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ response_type: 'ephemeral', text: 'Top-account review of 2026-03 against 2026-02' });
    for (const line of [
      // Totals (report-data.test.ts): EUR invoiced 500.00 (−1,300.00), collected 1,100.00 (+900.00), open 1,100.00 (−700.00), overdue 600.00 (−200.00).
      'EUR: invoiced €500.00 (−€1,300.00) · collected €1,100.00 (+€900.00) · open €1,100.00 (−€700.00) · overdue €600.00 (−€200.00)',
      'USD: invoiced $300.00 (+$300.00) · collected $0.00 (±0) · open $300.00 (+$300.00) · overdue $300.00 (+$300.00)',
      '*Customer STR1* · STR1 · standard, strategic\nDisputes: 1 opened (+1), 0 open at month end (±0)\n'
        + 'EUR: invoiced €0.00 (−€800.00) · collected €700.00 (+€700.00) · open €0.00 (−€800.00) · overdue €0.00 (−€800.00)',
      '*Customer TOP1* · TOP1 · top\nDisputes: 2 opened (±0), 2 open at month end (±0)\n'
        + 'EUR: invoiced €500.00 (−€500.00) · collected €400.00 (+€200.00) · open €1,100.00 (+€100.00) · overdue €600.00 (+€600.00)',
    ]) expect(shown).toContain(line);
    // STD1 is neither top nor strategic.
    expect(shown).not.toContain('STD1');
  });

  it('takes a month', async () => {
    const { answers, shown } = await command('/review', '2026-02', 'U0ANA');
    expect(answers[0]).toMatchObject({ text: 'Top-account review of 2026-02 against 2026-01' });
    // February against January: invoiced S1 800.00 + T1 1,000.00 (January: T3 200.00); collected P2 200.00 (January:
    // none); open at 02-28 S1 800.00 + T1 1,000.00 (01-31: T3 200.00); overdue S1 800.00 (01-31: T3 not yet due).
    expect(shown).toContain('EUR: invoiced €1,800.00 (+€1,600.00) · collected €200.00 (+€200.00) · open €1,800.00 (+€1,600.00) · overdue €800.00 (+€800.00)');
    // TOP1's disputes: DS1 and DS6 opened in February and open at its end; none in January.
    expect(shown).toContain('*Customer TOP1* · TOP1 · top\nDisputes: 2 opened (+2), 2 open at month end (+2)');
  });

  it('refuses a month that is not over, privately, and explains a month it cannot read in the ack', async () => {
    const future = await command('/review', '2026-04', 'U0ANA');
    expect(future.answers).toEqual([{ response_type: 'ephemeral', text: '2026-04 is in the future: the review covers whole months, the latest is 2026-03' }]);
    const bad = await command('/review', 'march', 'U0ANA');
    expect(bad.ack).toMatchObject({ response_type: 'ephemeral', text: '"march" is not a month (YYYY-MM). usage: /review [YYYY-MM]' });
    expect(bad.answers).toEqual([]);
  });

  it('refuses someone arbot does not know, as a customer lookup (AR_LOOKUP=known)', async () => {
    const { answers } = await command('/review', '', 'U0EVE');
    expect(answers).toEqual([expect.objectContaining({ response_type: 'ephemeral', text: expect.stringMatching(/^arbot does not know you yet/) })]);
  });
});

describe('/team', () => {
  const ana = '*Ana* · sales · ana@acme.example';
  const anaFacts = ['*Overdue owned*\n€850.00 in 2 invoices, $300.00 in 1 invoice', '*Disputes*\n2 held, 1 resolved (median 72 h), 1 SLA breach',
    '*Promises kept*\n2 of 3 (66.7%)', '*Approvals pending*\n2, oldest 38 h'];

  it('shows an approver every owner and every team, with the figures of the team report', async () => {
    const { answers, shown } = await command('/team', '', 'U0BOB');
    expect(answers[0]).toMatchObject({ response_type: 'ephemeral', text: 'Collections per owner and team as of 2026-03-31' });
    for (const s of [
      ana, ...anaFacts,
      '*Bob* · sales · bob@acme.example', '*Disputes*\n2 held, 1 resolved (median 36 h), 0 SLA breaches', '*Promises kept*\n1 of 1 (100.0%)', '*Approvals pending*\n1, oldest 278 h',
      '*Dee* · delivery · dee@acme.example', '*Overdue owned*\n€600.00 in 1 invoice, $300.00 in 1 invoice', '*Promises kept*\n1 of 2 (50.0%)',
      // The sales team counts STR1 once although Ana and Bob both own it.
      '*sales team*', '*Disputes*\n4 held, 2 resolved (median 54 h), 1 SLA breach', '*Approvals pending*\n3, oldest 278 h', '*delivery team*',
    ]) expect(shown).toContain(s);
  });

  it('shows another owner their own line and the team totals only', async () => {
    const { shown } = await command('/team', '', 'U0ANA');
    for (const s of [ana, ...anaFacts, '*sales team*', '*delivery team*', 'You see your own line and the team totals']) expect(shown).toContain(s);
    expect(shown).not.toContain('Bob');
    expect(shown).not.toContain('Dee*');
    const self = await command('/team', 'ana', 'U0ANA');
    expect(self.shown).toContain(ana);
  });

  it('refuses an owner asking for someone else, without saying whether they exist', async () => {
    for (const query of ['bob', 'nobody-at-all']) {
      const { answers } = await command('/team', query, 'U0ANA');
      expect(answers).toEqual([{ response_type: 'ephemeral', text: expect.stringMatching(/^only finance or an approver can see another owner's figures/) }]);
    }
  });

  it('finds an owner by email in any case, and says when nobody matches', async () => {
    const dee = await command('/team', 'DEE@acme.example', 'U0BOB');
    expect(dee.shown).toContain('*Dee* · delivery');
    expect(dee.shown).not.toContain('*Ana*');
    const none = await command('/team', '<!channel>', 'U0BOB');
    expect(none.shown).toContain('No owner matches “&lt;!channel&gt;”. Try part of a name or an email.');
  });

  it('refuses someone arbot does not know', async () => {
    const { answers } = await command('/team', '', 'U0EVE');
    expect(answers).toEqual([{ response_type: 'ephemeral', text: expect.stringMatching(/^arbot does not know you yet, and the team report/) }]);
  });
});

describe('@arbot review and @arbot team on Teams', () => {
  const person = (n: number, name: string, email: string): TeamsPerson =>
    ({ id: `29:1user000000000000000000000000000000000000000${n}`, aadObjectId: `0000000${n}-1111-4222-8333-44444444444${n}`, name, email });
  const bob = person(2, 'Bob', 'bob@acme.example');
  const ana = person(1, 'Ana', 'ana@acme.example');
  let adapter: TestAdapter;
  beforeAll(() => {
    const bot = new ArbotTeamsBot(teamsDepsOn(db.sql, { now: () => now, zone }));
    adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'msteams' });
  });
  async function say(p: TeamsPerson, text: string): Promise<string> {
    // The activity as JSON arrives from Teams (its timestamp a string), as in teams-bot.test.ts.
    const activity: Record<string, unknown> = messageActivity(p, text, { serviceUrl: 'http://127.0.0.1:9/', conversationId: personalChat(p) });
    await adapter.processActivity(activity as Partial<Activity>);
    return JSON.stringify(adapter.activeQueue.splice(0).map((r) => r.attachments?.[0]?.content ?? r.text));
  }

  it('shows the same review and team report as Slack', async () => {
    const review = await say(bob, 'review');
    expect(review).toContain('EUR: invoiced €500.00 (−€1,300.00) · collected €1,100.00 (+€900.00) · open €1,100.00 (−€700.00) · overdue €600.00 (−€200.00)');
    const team = await say(bob, 'team ana');
    expect(team).toContain('**Ana** · sales · ana@acme.example');
    expect(team).toContain('€850.00 in 2 invoices, $300.00 in 1 invoice');
    expect(team).not.toContain('**Bob**');
  });

  it('answers bad arguments and refusals in words', async () => {
    // Teams escapes the whole sentence, as for dso: the brackets become look-alikes.
    expect(await say(bob, 'review 2026-13')).toMatch(/is not a month \(YYYY-MM\)\. usage: @arbot review .YYYY-MM./);
    expect(await say(bob, 'review 2027-01')).toContain('2027-01 is in the future');
    expect(await say(ana, 'team bob')).toContain("only finance or an approver can see another owner's figures");
  });
});
