import { TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresPaymentMethodsStore } from '../../adapters/postgres/payment-methods.js';
import { subjectView } from '../../adapters/postgres/chat-views-alerts.js';
import { ArbotTeamsBot } from '../../adapters/teams/teams-bot.js';
import { bankChangeModalInputs } from '../../blocks/slack/bank-change-modals.js';
import { buildAlertCard } from '../../blocks/teams/alert-cards.js';
import { parsePaymentMethodsFile } from '../../src/domain/payment-methods/payment-methods-file.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { importRows } from '../support/cadence-ledger.js';
import { cardActionInvoke, personalChat, type TeamsPerson } from '../support/fake-teams-activities.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody, stateValue, viewSubmissionBody } from '../support/slack-requests.js';
import { teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Refusing a change of bank details takes a reason (migration 030): Slack's Refuse opens a modal (a finance approver
// only; anyone else is told privately, no form), the reason is required, kept on the change, audited and shown on
// the card, which loses its buttons. Teams unfolds the same reason on the card.

const now = new Date('2026-12-07T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
let alertKey: string;
let changeId: string;
let ts: string;

const details = (iban: string, currency = 'EUR') => {
  const r = parsePaymentMethodsFile(JSON.stringify({ [currency]: { account_name: 'Acme SAS', iban, bic: 'BNPAFRPP', methods: ['wire'], phone_to_confirm: '+33 1 23 45 67 89' } }));
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.currencies;
};

/** Loads new details over the first ones: the change waits for a finance approver. */
async function pendingChange(iban: string, currency: string): Promise<{ changeId: string; alertKey: string }> {
  const store = postgresPaymentMethodsStore(db.sql);
  await store.load(details('FR1420041010050500013M02606', currency), 'cli:ops', now);
  const [loaded] = await store.load(details(iban, currency), 'cli:ops', now);
  if (loaded?.outcome !== 'pending') throw new Error('the second load must wait for an approver');
  const [alert] = await db.sql<{ id: bigint }[]>`SELECT id FROM alerts WHERE dedupe_key = ${`bank_details_change:${loaded.changeId}`}`;
  return { changeId: loaded.changeId.toString(), alertKey: `alert:${alert!.id}` };
}

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, {
    now,
    users: [{ id: 'U0ANA', email: 'ana@acme.example', name: 'ana' }, { id: 'U0BO', email: 'bo@acme.example', name: 'bo' }],
  });
  fake = h.fake;
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: 'U0ANA' },
      { email: 'bo@acme.example', name: 'Bo', team: 'finance', approver: 'true', slack_user_id: 'U0BO' },
    ],
  });
  ({ changeId, alertKey } = await pendingChange('DE89370400440532013000', 'EUR'));
  ts = await h.publish(alertKey, 'C0FIN');
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

let seq = 0;
async function clickRefuse(userId: string) {
  const id = `b${++seq}`;
  const r = await h.post(blockActionsBody({
    userId, channelId: 'C0FIN', message: fake.message('C0FIN', ts) as unknown as { ts: string },
    responseUrl: fake.responseUrl({ channel: 'C0FIN', messageTs: ts, userId, id }),
    actions: [{ type: 'button', actionId: actionIds.refuseBankChange, blockId: 'arbot.bank_change_actions', value: JSON.stringify({ bc: changeId }) }],
  }));
  expect(r.status).toBe(200);
  return fake.responses(id).map((c) => c.args as { text?: string; response_type?: string });
}
const change = async (id: string) => (await db.sql`SELECT status, decided_by, decision_note FROM payment_detail_changes WHERE id = ${id}::int8`)[0];

describe('Refuse a change of bank details on Slack', () => {
  it('tells a sales owner privately, opens no form, and changes nothing', async () => {
    const opened = fake.calls('views.open').length;
    expect(await clickRefuse('U0ANA')).toMatchObject([{ response_type: 'ephemeral', text: expect.stringMatching(/finance approver/) }]);
    expect(fake.calls('views.open')).toHaveLength(opened);
    expect(await change(changeId)).toEqual({ status: 'pending', decided_by: null, decision_note: null });
  });

  it('asks a finance approver for a reason; without one nothing is decided; with one the card shows it, without buttons', async () => {
    const opened = fake.calls('views.open').length;
    expect(await clickRefuse('U0BO')).toEqual([]);
    const modal = fake.calls('views.open')[opened]!.args.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe(formIds.refuseBankChange);
    expect(JSON.parse(modal.private_metadata)).toEqual({ bc: changeId });
    const f = bankChangeModalInputs.refuseReason;
    const submit = (reason: string) => h.post(viewSubmissionBody({
      callbackId: formIds.refuseBankChange, userId: 'U0BO', privateMetadata: modal.private_metadata,
      values: { [f.blockId]: { [f.actionId]: stateValue.plainText(reason) } },
    }));
    expect((await submit(' ')).json).toMatchObject({ response_action: 'errors', errors: { [f.blockId]: 'say why the new bank details are refused, for the audit trail' } });
    expect(await change(changeId)).toMatchObject({ status: 'pending' });
    expect((await submit('the supplier never asked for this change')).text).toBe('');
    expect(await change(changeId)).toEqual({ status: 'refused', decided_by: 'bo@acme.example', decision_note: 'the supplier never asked for this change' });
    expect(await db.sql`SELECT actor, details->>'note' AS note FROM audit_log WHERE action = 'payment_details.refused'`).toEqual([
      { actor: 'bo@acme.example', note: 'the supplier never asked for this change' },
    ]);
    const blocks = JSON.stringify(fake.message('C0FIN', ts)!.blocks);
    expect(blocks).toContain('Refused* by Bo: the supplier never asked for this change');
    expect(blocks).not.toContain(actionIds.refuseBankChange);
    expect(fake.replies('C0FIN', ts).map((m) => m.text)).toContain('Bo refused the new EUR bank details loaded by cli:ops: the supplier never asked for this change');
  });
});

describe('Refuse a change of bank details on Teams', () => {
  const bo: TeamsPerson = { id: '29:1user-bo', aadObjectId: '00000001-1111-4222-8333-444444444442', name: 'Bo', email: 'bo@acme.example' };

  it('unfolds the reason on the card; the refusal needs it, and keeps it', async () => {
    const other = await pendingChange('GB33BUKB20201555555555', 'GBP');
    const card = JSON.stringify(buildAlertCard((await subjectView(db.sql, other.alertKey, now, 'Europe/Paris'))!).card);
    expect(card).toContain('bank_change_refuse_reason');
    await db.sql`UPDATE owners SET teams_user_id = ${bo.aadObjectId} WHERE email = ${bo.email}`;
    const invoke = async (data: Record<string, string>) => {
      const bot = new ArbotTeamsBot(teamsDepsOn(db.sql, { now: () => now, zone: 'Europe/Paris' }));
      const adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'msteams' });
      await adapter.processActivity(cardActionInvoke(bo, { serviceUrl: 'http://127.0.0.1:9/', conversationId: personalChat(bo) }, actionIds.refuseBankChange, data) as unknown as Partial<Activity>);
      return JSON.stringify(adapter.activeQueue.splice(0).find((a) => a.type === 'invokeResponse')?.value);
    };
    expect(await invoke({ bc: other.changeId })).toContain('say why the new bank details are refused');
    expect(await change(other.changeId)).toMatchObject({ status: 'pending' });
    await invoke({ bc: other.changeId, bank_change_refuse_reason: 'wrong holder name' });
    expect(await change(other.changeId)).toEqual({ status: 'refused', decided_by: 'bo@acme.example', decision_note: 'wrong holder name' });
  });
});
