import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresPaymentMethodsStore } from '../../adapters/postgres/payment-methods.js';
import { parsePaymentMethodsFile } from '../../src/domain/payment-methods/payment-methods-file.js';
import { actionIds } from '../../src/views/control-ids.js';
import { importRows } from '../support/cadence-ledger.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody, postToSlackEndpoint, slackTestIds } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// The Approve / Refuse buttons of a change of bank details, clicked on Slack over signed HTTP: the value the card
// carries decodes, rights are checked by the core, and the message is redrawn without its buttons once decided.

const secret = slackTestIds.signingSecret;
const now = new Date('2026-12-07T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
let changeId: string;
let ts: string;

const details = (iban: string) => {
  const r = parsePaymentMethodsFile(JSON.stringify({ EUR: { account_name: 'Acme SAS', iban, bic: 'BNPAFRPP', methods: ['wire'], phone_to_confirm: '+33 1 23 45 67 89' } }));
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.currencies;
};

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, {
    now,
    users: [{ id: 'U0ANA', email: 'ana@acme.example', name: 'ana' }, { id: 'U0BO', email: 'bo@acme.example', name: 'bo' }],
  });
  fake = h.fake;
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_channel_id: 'C0ANA' },
      { email: 'bo@acme.example', name: 'Bo', team: 'finance', approver: 'true' },
    ],
  });
  const store = postgresPaymentMethodsStore(db.sql);
  await store.load(details('FR1420041010050500013M02606'), 'cli:ops', now);
  const [loaded] = await store.load(details('DE89370400440532013000'), 'cli:ops', now);
  if (loaded?.outcome !== 'pending') throw new Error('the second load must wait for an approver');
  changeId = loaded.changeId.toString();
  const [alert] = await db.sql<{ id: bigint }[]>`SELECT id FROM alerts WHERE dedupe_key = ${`bank_details_change:${changeId}`}`;
  ts = await h.publish(`alert:${alert!.id}`, 'C0FIN');
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

const click = (userId: string) => postToSlackEndpoint(h.base, blockActionsBody({
  userId, channelId: 'C0FIN', message: fake.message('C0FIN', ts) as unknown as { ts: string },
  responseUrl: fake.responseUrl({ channel: 'C0FIN', messageTs: ts, userId }),
  actions: [{ type: 'button', actionId: actionIds.approveBankChange, blockId: 'b', value: JSON.stringify({ bc: changeId }) }],
}), { secret });

describe('Approve a change of bank details on Slack', () => {
  it('posts old and new details, masked, with the buttons', () => {
    const blocks = JSON.stringify(fake.message('C0FIN', ts)!.blocks);
    expect(blocks).toContain('IBAN FR14 •••• 2606');
    expect(blocks).toContain('IBAN DE89 •••• 3000');
    expect(blocks).toContain(actionIds.approveBankChange);
  });

  it('refuses a sales owner privately and changes nothing', async () => {
    expect((await click('U0ANA')).status).toBe(200);
    expect(fake.responses().at(-1)!.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/finance approver/) });
    expect((await db.sql`SELECT status FROM payment_detail_changes WHERE id = ${changeId}::int8`)[0]).toEqual({ status: 'pending' });
  });

  it('puts the new details in force when a finance approver approves, and redraws the message without buttons', async () => {
    expect((await click('U0BO')).status).toBe(200);
    expect((await db.sql`SELECT status, decided_by FROM payment_detail_changes WHERE id = ${changeId}::int8`)[0]).toEqual({ status: 'approved', decided_by: 'bo@acme.example' });
    const [current] = await db.sql<{ iban: string }[]>`SELECT details->>'iban' AS iban FROM payment_details WHERE currency = 'EUR'`;
    expect(current!.iban).toBe('DE89370400440532013000');
    const blocks = JSON.stringify(fake.message('C0FIN', ts)!.blocks);
    expect(blocks).toContain('Approved');
    expect(blocks).not.toContain(actionIds.approveBankChange);
  });
});
