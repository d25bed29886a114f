import { TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { buildAlertCard } from '../../blocks/teams/alert-cards.js';
import { subjectView } from '../../adapters/postgres/chat-views-alerts.js';
import { ArbotTeamsBot } from '../../adapters/teams/teams-bot.js';
import type { ChatSurface } from '../../src/chat/chat-surface.js';
import { subjectKey } from '../../src/domain/subject.js';
import { actionIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { cardActionInvoke, personalChat, type TeamsPerson } from '../support/fake-teams-activities.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import type { RecordedRedraw } from '../support/slack-wiring.js';
import { blockActionsBody, postToSlackEndpoint, slackTestIds } from '../support/slack-requests.js';
import { teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The worked example of docs/ARCHITECTURE.md: "Snooze 1 day" on an overdue invoice's card, added in four files.
// One click holds the customer's reminders about the invoice until tomorrow (company time zone), through the same
// rights, limits and audit trail as the pause form, and every copy of the card says so.

const secret = slackTestIds.signingSecret;
const now = new Date('2026-03-20T23:30:00Z'); // already 00:30 on 2026-03-21 in Paris (UTC+1): "tomorrow" is the 22nd there
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
let invoiceId: string;
let ts: string;
const elsewhere: RecordedRedraw[] = [];

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, {
    now, recordRedraws: elsewhere,
    users: [{ id: 'U0ANA', email: 'ana@acme.example', name: 'ana' }, { id: 'U0EVE', email: 'eve@elsewhere.example', name: 'eve' }],
  });
  fake = h.fake;
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_channel_id: 'C0ANA' }],
    customers: [customer('C-1', 'Europe/Paris', 'standard', { name: 'Northwind', sales_owner_email: 'ana@acme.example' })],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '1200.00')],
  });
  invoiceId = String((await db.sql`SELECT id FROM invoices WHERE external_id = 'I-1'`)[0]!.id);
  ts = await h.publish(`invoice:${invoiceId}`, 'C0ANA');
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

const click = (userId: string) => postToSlackEndpoint(h.base, blockActionsBody({
  userId, channelId: 'C0ANA', message: fake.message('C0ANA', ts) as unknown as { ts: string },
  responseUrl: fake.responseUrl({ channel: 'C0ANA', messageTs: ts, userId }),
  actions: [{ type: 'button', actionId: actionIds.snoozeDay, blockId: 'b', value: JSON.stringify({ i: invoiceId }) }],
}), { secret });

const holds = () => db.sql`SELECT until_date::text AS until, reason, created_by FROM reminder_holds`;

describe('Snooze 1 day', () => {
  it('is on the overdue card on every surface', async () => {
    const view = (await subjectView(db.sql, `invoice:${invoiceId}`, now, 'Europe/Paris'))!;
    expect(JSON.stringify(buildAlertMessage(view).blocks)).toContain(actionIds.snoozeDay);
    expect(JSON.stringify(buildAlertCard(view).card)).toContain(actionIds.snoozeDay);
  });

  it('refuses someone arbot does not know, privately, and holds nothing', async () => {
    expect((await click('U0EVE')).status).toBe(200);
    expect(fake.responses().at(-1)!.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/does not know you/) });
    expect(await holds()).toEqual([]);
  });

  it('holds the invoice’s reminders until tomorrow in the company’s zone, audited, and redraws the card everywhere', async () => {
    expect((await click('U0ANA')).status).toBe(200);
    expect(await holds()).toEqual([{ until: '2026-03-22', reason: 'snoozed for a day from chat', created_by: 'ana@acme.example' }]);
    expect(fake.replies('C0ANA', ts).map((m) => m.text)).toContain('Ana paused reminders until 2026-03-22: snoozed for a day from chat');
    expect(JSON.stringify(fake.message('C0ANA', ts)!.blocks)).toContain('2026-03-22');
    expect(elsewhere.at(-1)).toEqual({ ok: true, refresh: [`invoice:${invoiceId}`], thread: 'Ana paused reminders until 2026-03-22: snoozed for a day from chat' });
  });
});

describe('Snooze 1 day on Teams', () => {
  const ana: TeamsPerson = { id: '29:1user-ana', aadObjectId: '00000001-1111-4222-8333-444444444441', name: 'Ana Martin', email: 'ana@acme.example' };
  const redrawn: { subject: string; line: string | null }[] = [];
  const recorder: ChatSurface = { platform: 'teams', async redraw(subject, _view, line) { redrawn.push({ subject: subjectKey(subject), line }); } };

  it('is an Action.Execute whose click snoozes the same way, answered with the card as it now stands', async () => {
    await db.sql`UPDATE owners SET teams_user_id = ${ana.aadObjectId} WHERE email = ${ana.email}`;
    await db.sql`UPDATE reminder_holds SET released_at = now()`;
    const later = new Date('2026-03-23T09:00:00Z');
    const deps = teamsDepsOn(db.sql, { now: () => later, zone: 'Europe/Paris' });
    deps.core.addSurface(recorder);
    const bot = new ArbotTeamsBot(deps);
    const adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'msteams' });
    await adapter.processActivity(cardActionInvoke(ana, { serviceUrl: 'http://127.0.0.1:9/', conversationId: personalChat(ana) }, actionIds.snoozeDay, { i: invoiceId }) as unknown as Partial<Activity>);
    const answer = adapter.activeQueue.splice(0).find((a) => a.type === 'invokeResponse')?.value as { status: number; body: { type: string; value: unknown } };
    expect(answer.status).toBe(200);
    expect(answer.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(answer.body.value)).toContain('2026-03-24');
    const [hold] = await db.sql`SELECT until_date::text AS until, created_by FROM reminder_holds WHERE released_at IS NULL`;
    expect(hold).toEqual({ until: '2026-03-24', created_by: 'ana@acme.example' });
    expect(redrawn[0]).toEqual({ subject: `invoice:${invoiceId}`, line: 'Ana paused reminders until 2026-03-24: snoozed for a day from chat' });
  });
});
