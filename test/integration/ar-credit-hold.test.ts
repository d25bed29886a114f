import { TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomerOverview } from '../../adapters/postgres/chat-views.js';
import { ArbotTeamsBot } from '../../adapters/teams/teams-bot.js';
import { buildCustomerCard } from '../../blocks/teams/ar-card.js';
import { customerCreditModalInputs } from '../../blocks/slack/customer-credit-modals.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { cardActionInvoke, personalChat, type TeamsPerson } from '../support/fake-teams-activities.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody, slashCommandBody, stateValue, viewSubmissionBody } from '../support/slack-requests.js';
import { teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Issue 19 review: a customer can be put on credit hold from its /ar view, not only from a credit alert (a customer
// under its limit and not long overdue has no credit alert). "Put on credit hold" (the sales owner or finance, with a
// reason) and, while held, "Release hold" (a finance approver) show on /ar to who may press them, through the same
// credit service, rights, audit and hold history as a credit alert's buttons. Anyone else is refused privately and
// nothing is written.

const now = new Date('2026-03-02T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
const users = { ana: 'U0ANA', dan: 'U0DAN', bo: 'U0BO' } as const;
let customerId = '';

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, {
    now,
    users: [
      { id: users.ana, email: 'ana@acme.example', name: 'ana' }, { id: users.dan, email: 'dan@acme.example', name: 'dan' },
      { id: users.bo, email: 'bo@acme.example', name: 'bo' },
    ],
  });
  fake = h.fake;
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: users.ana },
      { email: 'dan@acme.example', name: 'Dan', team: 'delivery', slack_user_id: users.dan },
      { email: 'bo@acme.example', name: 'Bo', team: 'finance', approver: 'true', slack_user_id: users.bo },
    ],
    customers: [customer('C-1', 'Europe/Paris', 'standard', { name: 'Holdco', sales_owner_email: 'ana@acme.example', delivery_owner_email: 'dan@acme.example' })],
    invoices: [invoice('H-1', 'C-1', '2026-03-20', '500.00')],
  });
  customerId = String((await db.sql`SELECT id FROM customers WHERE external_id = 'C-1'`)[0]!.id);
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

let seq = 0;
type Answer = { text?: string; response_type?: string; blocks?: unknown };
async function ar(userId: string): Promise<string> {
  const id = `ar${++seq}`;
  await h.post(slashCommandBody({ command: '/ar', text: 'C-1', userId, channelId: 'C0ANA', responseUrl: fake.responseUrl({ channel: 'C0ANA', userId, id }) }));
  return JSON.stringify(fake.responses(id).map((c) => (c.args as Answer).blocks));
}
async function click(userId: string, actionId: string): Promise<Answer[]> {
  const id = `c${++seq}`;
  const r = await h.post(blockActionsBody({
    userId, channelId: 'C0ANA', isEphemeral: true, responseUrl: fake.responseUrl({ channel: 'C0ANA', userId, id }),
    actions: [{ type: 'button', actionId, blockId: 'arbot.ar_credit', value: JSON.stringify({ cu: customerId }) }],
  }));
  expect(r.status).toBe(200);
  return fake.responses(id).map((c) => c.args as Answer);
}
const holds = () => db.sql`SELECT reason, set_by, released_by FROM credit_holds ORDER BY id`;

describe('credit hold from /ar on Slack', () => {
  it('offers "Put on credit hold" to the sales owner and finance, not to the delivery owner', async () => {
    for (const who of [users.ana, users.bo]) expect(await ar(who)).toContain(actionIds.setCustomerCreditHold);
    const dans = await ar(users.dan);
    expect(dans).toContain('Holdco');
    expect(dans).not.toContain(actionIds.setCustomerCreditHold);
    expect(dans).not.toContain(actionIds.releaseCustomerCreditHold);
  });

  it('refuses the delivery owner privately before any form opens, and writes nothing', async () => {
    const opened = fake.calls('views.open').length;
    expect(await click(users.dan, actionIds.setCustomerCreditHold)).toMatchObject([{ response_type: 'ephemeral', text: expect.stringContaining('can put this customer on credit hold') }]);
    expect(fake.calls('views.open')).toHaveLength(opened);
    expect(await holds()).toEqual([]);
  });

  it('opens a modal for the sales owner; an empty reason is refused on its field; with one the hold is set, audited and shown', async () => {
    const opened = fake.calls('views.open').length;
    expect(await click(users.ana, actionIds.setCustomerCreditHold)).toEqual([]);
    const modal = fake.calls('views.open')[opened]!.args.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe(formIds.customerCreditHold);
    expect(JSON.parse(modal.private_metadata)).toEqual({ cu: customerId });
    const f = customerCreditModalInputs.holdReason;
    const submit = (reason: string) => h.post(viewSubmissionBody({
      callbackId: formIds.customerCreditHold, userId: users.ana, privateMetadata: modal.private_metadata,
      values: { [f.blockId]: { [f.actionId]: stateValue.plainText(reason) } },
    }));
    expect((await submit('  ')).json).toMatchObject({ response_action: 'errors', errors: { [f.blockId]: 'say why the customer is put on credit hold' } });
    expect(await holds()).toEqual([]);
    expect((await submit('Cheque bounced')).text).toBe('');
    expect(await holds()).toEqual([{ reason: 'Cheque bounced', set_by: 'ana@acme.example', released_by: null }]);
    expect(await db.sql`SELECT actor FROM audit_log WHERE action = 'credit.hold_set'`).toEqual([{ actor: 'ana@acme.example' }]);
    const anas = await ar(users.ana);
    expect(anas).toContain('Credit hold — set by Ana on 2026-03-02: Cheque bounced');
    expect(anas).not.toContain(actionIds.setCustomerCreditHold);
    expect(anas).not.toContain(actionIds.releaseCustomerCreditHold);
  });

  it('offers "Release hold" to a finance approver only; the sales owner is refused; the approver releases it', async () => {
    expect(await ar(users.bo)).toContain(actionIds.releaseCustomerCreditHold);
    expect(await click(users.ana, actionIds.releaseCustomerCreditHold)).toMatchObject([{ response_type: 'ephemeral', text: "only a finance approver can release this customer's credit hold" }]);
    expect(await holds()).toMatchObject([{ released_by: null }]);
    // The approver's private /ar answer is redrawn in place: the hold line and the Release button are gone.
    const redrawn = await click(users.bo, actionIds.releaseCustomerCreditHold);
    const replaced = redrawn.find((a) => (a as { replace_original?: boolean }).replace_original === true);
    expect(JSON.stringify(replaced?.blocks)).toContain('Holdco');
    expect(JSON.stringify(replaced?.blocks)).not.toContain('Credit hold — set by');
    expect(JSON.stringify(replaced?.blocks)).not.toContain(actionIds.releaseCustomerCreditHold);
    expect(JSON.stringify(replaced?.blocks)).toContain(actionIds.setCustomerCreditHold);
    expect(await holds()).toEqual([{ reason: 'Cheque bounced', set_by: 'ana@acme.example', released_by: 'bo@acme.example' }]);
    expect(await db.sql`SELECT actor FROM audit_log WHERE action = 'credit.hold_released'`).toEqual([{ actor: 'bo@acme.example' }]);
    expect(await click(users.bo, actionIds.releaseCustomerCreditHold)).toMatchObject([{ response_type: 'ephemeral', text: 'Holdco is not on credit hold' }]);
  });
});

describe('credit hold from /ar on Teams', () => {
  const ana: TeamsPerson = { id: '29:1user-ana', aadObjectId: '00000001-1111-4222-8333-444444444441', name: 'Ana', email: 'ana@acme.example' };
  const dan: TeamsPerson = { id: '29:1user-dan', aadObjectId: '00000001-1111-4222-8333-444444444443', name: 'Dan', email: 'dan@acme.example' };

  async function invoke(who: TeamsPerson, verb: string, data: Record<string, string>) {
    const bot = new ArbotTeamsBot(teamsDepsOn(db.sql, { now: () => now, zone: 'Europe/Paris' }));
    const adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'msteams' });
    await adapter.processActivity(cardActionInvoke(who, { serviceUrl: 'http://127.0.0.1:9/', conversationId: personalChat(who) }, verb, data) as unknown as Partial<Activity>);
    return JSON.stringify(adapter.activeQueue.splice(0).find((a) => a.type === 'invokeResponse')?.value);
  }

  it('draws the inline form when offered, refuses the delivery owner and holds for the sales owner', async () => {
    const found = await loadCustomerOverview(db.sql, 'C-1', now, 'Europe/Paris');
    if (found?.kind !== 'customer') throw new Error('C-1 must be one customer');
    expect(JSON.stringify(buildCustomerCard(found.overview).card)).not.toContain(actionIds.setCustomerCreditHold);
    const card = JSON.stringify(buildCustomerCard({ ...found.overview, creditHoldButton: 'hold' }).card);
    expect(card).toContain(actionIds.setCustomerCreditHold);
    expect(card).toContain('credit_hold_reason');
    expect(JSON.stringify(buildCustomerCard({ ...found.overview, creditHoldButton: 'release' }).card)).toContain(actionIds.releaseCustomerCreditHold);
    for (const p of [ana, dan]) await db.sql`UPDATE owners SET teams_user_id = ${p.aadObjectId} WHERE email = ${p.email}`;
    expect(await invoke(dan, actionIds.setCustomerCreditHold, { cu: customerId, credit_hold_reason: 'x' })).toContain('can put this customer on credit hold');
    expect(await holds()).toHaveLength(1);
    expect(await invoke(ana, actionIds.setCustomerCreditHold, { cu: customerId, credit_hold_reason: 'Over limit on a new order' }))
      .toContain('Ana put Holdco on credit hold: Over limit on a new order');
    expect((await holds()).at(-1)).toEqual({ reason: 'Over limit on a new order', set_by: 'ana@acme.example', released_by: null });
  });
});
