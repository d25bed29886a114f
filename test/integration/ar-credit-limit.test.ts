import { TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustomerOverview } from '../../adapters/postgres/chat-views.js';
import { ArbotTeamsBot } from '../../adapters/teams/teams-bot.js';
import { buildCustomerCard } from '../../blocks/teams/ar-card.js';
import { customerCreditModalInputs } from '../../blocks/slack/customer-credit-modals.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import type { CustomerOverview } from '../../src/views/customer-view.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { cardActionInvoke, personalChat, type TeamsPerson } from '../support/fake-teams-activities.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody, slashCommandBody, stateValue, viewSubmissionBody } from '../support/slack-requests.js';
import { teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// "Set credit limit" on a customer's /ar view (issue 19): shown to a finance approver, a modal (amount, currency =
// the limit's own or chosen) over signed Slack requests, an inline form on Teams, through the same credit service,
// rights and audit as a credit alert's button. Anyone else is refused privately.

const now = new Date('2026-03-02T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
const users = { ana: 'U0ANA', bo: 'U0BO', fin: 'U0FIN' } as const;
const ids = { limited: '', bare: '' };

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, {
    now,
    users: [
      { id: users.ana, email: 'ana@acme.example', name: 'ana' }, { id: users.bo, email: 'bo@acme.example', name: 'bo' },
      { id: users.fin, email: 'fin@acme.example', name: 'fin' },
    ],
  });
  fake = h.fake;
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: users.ana },
      { email: 'bo@acme.example', name: 'Bo', team: 'finance', approver: 'true', slack_user_id: users.bo },
      { email: 'fin@acme.example', name: 'Fin', team: 'finance', slack_user_id: users.fin },
    ],
    customers: [
      customer('C-LIM', 'Europe/Paris', 'standard', { name: 'Limitco', sales_owner_email: 'ana@acme.example', credit_limit: '1000.00', credit_limit_currency: 'EUR' }),
      customer('C-NEW', 'Europe/Paris', 'standard', { name: 'Newco', sales_owner_email: 'ana@acme.example' }),
    ],
    invoices: [invoice('L-1', 'C-LIM', '2026-03-20', '500.00')],
  });
  for (const [k, ext] of [['limited', 'C-LIM'], ['bare', 'C-NEW']] as const) {
    ids[k] = String((await db.sql`SELECT id FROM customers WHERE external_id = ${ext}`)[0]!.id);
  }
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

let seq = 0;
type Answer = { text?: string; response_type?: string; blocks?: unknown };
async function ar(userId: string, query: string): Promise<Answer[]> {
  const id = `ar${++seq}`;
  await h.post(slashCommandBody({ command: '/ar', text: query, userId, channelId: 'C0ANA', responseUrl: fake.responseUrl({ channel: 'C0ANA', userId, id }) }));
  return fake.responses(id).map((c) => c.args as Answer);
}
async function click(userId: string, customerId: string): Promise<Answer[]> {
  const id = `c${++seq}`;
  const r = await h.post(blockActionsBody({
    userId, channelId: 'C0ANA', isEphemeral: true, responseUrl: fake.responseUrl({ channel: 'C0ANA', userId, id }),
    actions: [{ type: 'button', actionId: actionIds.setCustomerCreditLimit, blockId: 'arbot.ar_credit', value: JSON.stringify({ cu: customerId }) }],
  }));
  expect(r.status).toBe(200);
  return fake.responses(id).map((c) => c.args as Answer);
}
const limitOf = async (customerId: string) =>
  (await db.sql`SELECT credit_limit_minor::text AS minor, credit_limit_currency::text AS currency FROM customers WHERE id = ${customerId}::int8`)[0];
/** Clicks "Set credit limit" as Bo and returns a submitter for the modal it opens. */
async function limitForm(customerId: string) {
  const opened = fake.calls('views.open').length;
  expect(await click(users.bo, customerId)).toEqual([]);
  const modal = fake.calls('views.open')[opened]!.args.view as { callback_id: string; private_metadata: string; blocks: unknown };
  expect(modal.callback_id).toBe(formIds.customerCreditLimit);
  expect(JSON.parse(modal.private_metadata)).toEqual({ cu: customerId });
  const { amount: a, currency: c } = customerCreditModalInputs;
  const submit = (amount: string, currency: string | null) => h.post(viewSubmissionBody({
    callbackId: formIds.customerCreditLimit, userId: users.bo, privateMetadata: modal.private_metadata,
    values: { [a.blockId]: { [a.actionId]: stateValue.plainText(amount) }, [c.blockId]: { [c.actionId]: stateValue.plainText(currency) } },
  }));
  return { modal, submit };
}

describe('Set credit limit from /ar on Slack', () => {
  it('is on the /ar view of a finance approver only', async () => {
    expect(JSON.stringify((await ar(users.bo, 'C-LIM'))[0]!.blocks)).toContain(actionIds.setCustomerCreditLimit);
    for (const who of [users.ana, users.fin]) expect(JSON.stringify((await ar(who, 'C-LIM'))[0]!.blocks)).not.toContain(actionIds.setCustomerCreditLimit);
  });

  it('refuses anyone else privately, before any form opens, and changes nothing', async () => {
    const opened = fake.calls('views.open').length;
    for (const who of [users.ana, users.fin]) {
      expect(await click(who, ids.limited)).toMatchObject([{ response_type: 'ephemeral', text: "only a finance approver can change this customer's credit limit" }]);
    }
    expect(fake.calls('views.open')).toHaveLength(opened);
    expect(await limitOf(ids.limited)).toEqual({ minor: '100000', currency: 'EUR' });
  });

  it("opens a modal with the limit's currency; a wrong amount is refused on its field; a right one is set and audited", async () => {
    const { modal, submit } = await limitForm(ids.limited);
    expect(JSON.stringify(modal.blocks)).toContain('credit limit now 1000.00 EUR');
    expect(JSON.stringify(modal.blocks)).toContain('"initial_value":"EUR"');
    expect((await submit('lots', 'EUR')).json).toMatchObject({ response_action: 'errors', errors: { [customerCreditModalInputs.amount.blockId]: expect.any(String) } });
    expect((await submit('-5', 'EUR')).json).toMatchObject({ errors: { [customerCreditModalInputs.amount.blockId]: 'a credit limit cannot be negative' } });
    expect(await limitOf(ids.limited)).toEqual({ minor: '100000', currency: 'EUR' });
    expect((await submit('25 000', 'EUR')).text).toBe('');
    expect(await limitOf(ids.limited)).toEqual({ minor: '2500000', currency: 'EUR' });
    expect(await db.sql`SELECT actor, details->'to'->>'minor' AS minor FROM audit_log WHERE action = 'credit.limit_set'`).toEqual([{ actor: 'bo@acme.example', minor: '2500000' }]);
  });

  it('asks the currency of a customer without a limit, and takes the one chosen', async () => {
    const { submit } = await limitForm(ids.bare);
    expect((await submit('5000', '')).json).toMatchObject({ errors: { [customerCreditModalInputs.amount.blockId]: 'say the currency with the amount, e.g. "EUR 50000"' } });
    expect((await submit('5000', 'usd')).text).toBe('');
    expect(await limitOf(ids.bare)).toEqual({ minor: '500000', currency: 'USD' });
  });
});

describe('Set credit limit from /ar on Teams', () => {
  const bo: TeamsPerson = { id: '29:1user-bo', aadObjectId: '00000001-1111-4222-8333-444444444442', name: 'Bo', email: 'bo@acme.example' };
  const ana: TeamsPerson = { id: '29:1user-ana', aadObjectId: '00000001-1111-4222-8333-444444444441', name: 'Ana', email: 'ana@acme.example' };

  async function invoke(who: TeamsPerson, data: Record<string, string>) {
    const bot = new ArbotTeamsBot(teamsDepsOn(db.sql, { now: () => now, zone: 'Europe/Paris' }));
    const adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'msteams' });
    await adapter.processActivity(cardActionInvoke(who, { serviceUrl: 'http://127.0.0.1:9/', conversationId: personalChat(who) }, actionIds.setCustomerCreditLimit, data) as unknown as Partial<Activity>);
    return JSON.stringify(adapter.activeQueue.splice(0).find((a) => a.type === 'invokeResponse')?.value);
  }

  it('draws the inline form for a finance approver, refuses the sales owner and sets the limit for the approver', async () => {
    const view = await overviewOf('C-LIM');
    expect(JSON.stringify(buildCustomerCard(view).card)).not.toContain(actionIds.setCustomerCreditLimit);
    const card = JSON.stringify(buildCustomerCard({ ...view, creditLimitButton: true }).card);
    expect(card).toContain(actionIds.setCustomerCreditLimit);
    expect(card).toContain('credit_limit_currency');
    for (const p of [bo, ana]) await db.sql`UPDATE owners SET teams_user_id = ${p.aadObjectId} WHERE email = ${p.email}`;
    expect(await invoke(ana, { cu: ids.limited, credit_limit_amount: '1', credit_limit_currency: 'EUR' })).toContain("only a finance approver can change this customer's credit limit");
    expect(await limitOf(ids.limited)).toEqual({ minor: '2500000', currency: 'EUR' });
    expect(await invoke(bo, { cu: ids.limited, credit_limit_amount: '30000', credit_limit_currency: 'EUR' }))
      .toContain('Bo set the credit limit of Limitco to 30000.00 EUR (was 25000.00 EUR)');
    expect(await limitOf(ids.limited)).toEqual({ minor: '3000000', currency: 'EUR' });
  });
});

/** The customer's /ar view model, as the chat core reads it. */
async function overviewOf(query: string): Promise<CustomerOverview> {
  const found = await loadCustomerOverview(db.sql, query, now, 'Europe/Paris');
  if (found?.kind !== 'customer') throw new Error(`${query} must be one customer`);
  return found.overview;
}
