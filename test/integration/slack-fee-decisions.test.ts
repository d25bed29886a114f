import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresFeeStore } from '../../adapters/postgres/fee-store.js';
import { feeModalInputs } from '../../blocks/slack/fee-modals.js';
import { parseLateFeeRule } from '../../src/domain/fees/late-fee-rule.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody, stateValue, viewSubmissionBody } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// `/ar`'s late-payment charges over signed Slack requests on Postgres: the buttons reach the core, the answer is
// private to the clicker (an /ar answer is ephemeral, there is no message to redraw), and "Waive" opens a modal whose
// reason is required.

const now = new Date('2026-03-02T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
let customerId: string;
const users = { ana: 'U0ANA', eve: 'U0EVE' } as const;

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, {
    now, users: [{ id: users.ana, email: 'ana@acme.example', name: 'ana' }, { id: users.eve, email: 'eve@acme.example', name: 'eve' }],
  });
  fake = h.fake;
  const rule = parseLateFeeRule({ name: 'flat', legal_basis: 'Test basis', reference_series: 'flat_zero', margin_bp: 1000, rate_fixing: 'per_half_year', fixed_compensation: { currency: 'EUR', amount: '40.00' } });
  if (!rule.ok) throw new Error(rule.error);
  await postgresFeeStore(db.sql).saveCustomRule(rule.rule, 'test');
  await postgresFeeStore(db.sql).saveRates([{ series: 'flat_zero', validFrom: '2020-01-01', rateBp: 0 }]);
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: users.ana },
      { email: 'eve@acme.example', name: 'Eve', team: 'sales', slack_user_id: users.eve },
    ],
    customers: [
      customer('C-1', 'Europe/Paris', 'standard', { name: 'Northwind', late_fee_rule: 'flat' }),
      customer('C-2', 'Europe/Paris', 'standard', { name: 'Southwind', late_fee_rule: 'flat' }),
    ],
    invoices: [invoice('I-1', 'C-1', '2026-01-01', '3650.00'), invoice('I-2', 'C-2', '2026-01-01', '3650.00')].map((i) => ({ ...i, issue_date: '2025-12-01' })),
  });
  customerId = String((await db.sql`SELECT id FROM customers WHERE external_id = 'C-1'`)[0]!.id);
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

let seq = 0;
async function click(userId: string, actionId: string, customer = customerId) {
  const id = `f${++seq}`;
  const r = await h.post(blockActionsBody({
    userId, channelId: 'C0ANA', isEphemeral: true, responseUrl: fake.responseUrl({ channel: 'C0ANA', userId, id }),
    actions: [{ type: 'button', actionId, blockId: 'arbot.ar_fees', value: JSON.stringify({ cu: customer }) }],
  }));
  expect(r.status).toBe(200);
  return fake.responses(id).map((c) => c.args as { text?: string; response_type?: string });
}
const rows = () => db.sql`SELECT status, reason, decided_by FROM fee_decisions ORDER BY id`;

describe('late-payment charges from Slack', () => {
  it('refuses a stranger privately', async () => {
    expect(await click(users.eve, actionIds.claimFees)).toMatchObject([
      { response_type: 'ephemeral', text: "only Northwind's sales owner (Ana) or finance can claim late-payment charges" },
    ]);
    expect(await rows()).toEqual([]);
  });

  it('"Waive" opens a modal; an empty reason is refused on its field; with a reason the charges are waived', async () => {
    const opened = fake.calls('views.open').length;
    expect(await click(users.ana, actionIds.waiveFees)).toEqual([]);
    const modal = fake.calls('views.open')[opened]!.args.view as { callback_id: string; private_metadata: string };
    expect(modal.callback_id).toBe(formIds.waiveFees);
    expect(JSON.parse(modal.private_metadata)).toEqual({ cu: customerId });
    const submit = (reason: string) => h.post(viewSubmissionBody({
      callbackId: formIds.waiveFees, userId: users.ana, privateMetadata: modal.private_metadata,
      values: { [feeModalInputs.waive.reason.blockId]: { [feeModalInputs.waive.reason.actionId]: stateValue.plainText(reason) } },
    }));
    expect((await submit(' ')).json).toMatchObject({
      response_action: 'errors', errors: { [feeModalInputs.waive.reason.blockId]: 'say why the charges are waived, for the audit trail' },
    });
    expect(await rows()).toEqual([]);
    expect((await submit('settled the dispute with a discount')).text).toBe('');
    expect(await rows()).toEqual([{ status: 'waived', reason: 'settled the dispute with a discount', decided_by: 'ana@acme.example' }]);
    // Decided: nothing left to claim.
    expect(await click(users.ana, actionIds.claimFees)).toMatchObject([{ response_type: 'ephemeral', text: 'no late invoice of Northwind has charges left to decide' }]);
  });

  it('"Claim in next email" claims at once and tells the clicker privately', async () => {
    const other = String((await db.sql`SELECT id FROM customers WHERE external_id = 'C-2'`)[0]!.id);
    expect(await click(users.ana, actionIds.claimFees, other)).toMatchObject([
      // 60 days late: past the reminder schedule's window, so no reminder states them (fee-claim-reach.test.ts).
      { response_type: 'ephemeral', text: 'Ana claimed late-payment charges on 1 invoice of Southwind; no reminder is due: Send statement to state them' },
    ]);
    expect((await rows()).at(-1)).toEqual({ status: 'claimed', reason: null, decided_by: 'ana@acme.example' });
  });
});
