import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCustomerBlocks } from '../../blocks/slack/ar-blocks.js';
import { buildCustomerCard } from '../../blocks/teams/ar-card.js';
import { postgresFeeStore } from '../../adapters/postgres/fee-store.js';
import { recordOutcome, startSending } from '../../adapters/postgres/reminder-sends.js';
import { decodeAction, type ChatAction } from '../../src/chat/chat-action.js';
import type { ChatPerson, Outcome } from '../../src/chat/interaction.js';
import type { ChatCore } from '../../src/chat/chat-core.js';
import { parseLateFeeRule } from '../../src/domain/fees/late-fee-rule.js';
import { actionIds } from '../../src/views/control-ids.js';
import type { CustomerOverview } from '../../src/views/customer-view.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Issue 19 review: `/ar` is answered to one person alone, so its late-payment buttons are drawn for that person's
// rights, as "Set credit limit" is: Claim / Waive for the customer's sales owner or finance, Approve / Refuse claim
// for a finance approver, "Customer was told" / "Not told" for those who may resolve a doubt. Everyone still sees
// the lines; the services check again on every click.

const now = new Date('2026-03-02T10:00:00Z');
const zone = 'Europe/Paris';
let db: TestDb;
let core: ChatCore;
let topId: bigint;

const person = (email: string, name: string): ChatPerson => ({ platform: 'local', userId: email, name, chatId: null, email: async () => email });
const ana = person('ana@acme.example', 'Ana Martin'); // C-STD's and C-TOP's sales owner
const dan = person('dan@acme.example', 'Dan'); // delivery: may look, not decide fees
const fin = person('fin@acme.example', 'Fin'); // finance, not an approver
const boss = person('boss@acme.example', 'Boss'); // finance approver

const act = (who: ChatPerson, action: ChatAction): Promise<Outcome> => core.handle({ person: who, action, delivery: null });

async function arView(who: ChatPerson, query: string): Promise<CustomerOverview> {
  const o = await act(who, { type: 'show_customer', query });
  if (o.kind !== 'show' || o.shown.show !== 'customer' || o.shown.found?.kind !== 'customer') throw new Error(`unexpected ${o.kind}`);
  return o.shown.found.overview;
}

/** The late-payment control ids each surface draws for that view. */
function feeControls(view: CustomerOverview): { slack: string[]; teams: string[] } {
  const ids = [actionIds.claimFees, actionIds.waiveFees, actionIds.approveFees, actionIds.refuseFees, actionIds.feesTold, actionIds.feesNotTold];
  const slack = JSON.stringify(buildCustomerBlocks(view));
  const teams = JSON.stringify(buildCustomerCard(view).card);
  return { slack: ids.filter((id) => slack.includes(`"${id}"`)), teams: ids.filter((id) => teams.includes(id)) };
}

beforeAll(async () => {
  db = await openTestDb();
  const rule = parseLateFeeRule({
    name: 'flat', legal_basis: 'Test basis', reference_series: 'flat_zero', margin_bp: 1000, rate_fixing: 'per_half_year',
    fixed_compensation: { currency: 'EUR', amount: '40.00' },
  });
  if (!rule.ok) throw new Error(rule.error);
  const fees = postgresFeeStore(db.sql);
  await fees.saveCustomRule(rule.rule, 'test');
  await fees.saveRates([{ series: 'flat_zero', validFrom: '2020-01-01', rateBp: 0 }]);
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana Martin', team: 'sales' },
      { email: 'dan@acme.example', name: 'Dan', team: 'delivery' },
      { email: 'fin@acme.example', name: 'Fin', team: 'finance' },
      { email: 'boss@acme.example', name: 'Boss', team: 'finance', approver: 'true' },
    ],
    customers: [
      customer('C-STD', zone, 'standard', { late_fee_rule: 'flat' }),
      customer('C-TOP', zone, 'top', { late_fee_rule: 'flat' }),
    ],
    invoices: [invoice('S1', 'C-STD', '2026-01-01', '3650.00'), invoice('T1', 'C-TOP', '2026-01-01', '7300.00')].map((i) => ({ ...i, issue_date: '2025-12-01' })),
  });
  topId = BigInt((await db.sql<{ id: bigint }[]>`SELECT id FROM customers WHERE external_id = 'C-TOP'`)[0]!.id);
  core = chatCoreOn(db.sql, { log: quietLog, now: () => now, zone }).core;
});
afterAll(async () => {
  await db?.close();
});

describe("/ar's late-payment buttons follow the viewer's rights", () => {
  it('Claim and Waive for the sales owner and finance; a delivery owner sees the lines without them', async () => {
    for (const who of [ana, fin, boss]) {
      expect(feeControls(await arView(who, 'C-STD'))).toEqual({ slack: [actionIds.claimFees, actionIds.waiveFees], teams: [actionIds.claimFees, actionIds.waiveFees] });
    }
    const dans = await arView(dan, 'C-STD');
    expect(dans.lateCharges).toMatchObject({ undecided: 1, lines: [{ invoiceNumber: 'INV-S1', decision: null }] });
    expect(JSON.stringify(buildCustomerBlocks(dans))).toContain('Late-payment charges');
    expect(feeControls(dans)).toEqual({ slack: [], teams: [] });
    // No empty actions block (Slack refuses one) when the viewer may press none of them.
    expect(buildCustomerBlocks(dans).filter((b) => b.type === 'actions' && b.elements.length === 0)).toEqual([]);
  });

  it('Approve / Refuse claim for a finance approver only, while a claim waits', async () => {
    const d = decodeAction(actionIds.claimFees, { cu: topId.toString() }, { asksFirst: false });
    if (!d.ok) throw new Error('claim does not decode');
    expect(await act(ana, d.action)).toMatchObject({ kind: 'done' });
    expect((await arView(ana, 'C-TOP')).lateCharges).toMatchObject({ awaitingApproval: 1 });
    for (const who of [ana, fin, dan]) expect(feeControls(await arView(who, 'C-TOP'))).toEqual({ slack: [], teams: [] });
    expect(feeControls(await arView(boss, 'C-TOP'))).toEqual({
      slack: [actionIds.approveFees, actionIds.refuseFees], teams: [actionIds.approveFees, actionIds.refuseFees],
    });
  });

  it('"Customer was told" / "Not told" for the sales owner and finance, not for a delivery owner', async () => {
    const approve = decodeAction(actionIds.approveFees, { cu: topId.toString() }, { asksFirst: false });
    if (!approve.ok) throw new Error('approve does not decode');
    expect(await act(boss, approve.action)).toMatchObject({ kind: 'done' });
    // The claim goes out in a reminder whose send ends in doubt.
    const [e] = await db.sql<{ id: bigint }[]>`
      WITH e AS (
        INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
        SELECT id, 'standard', 'overdue', 'overdue', 'queued', ${now}, billing_emails FROM customers WHERE id = ${topId}
        RETURNING id, customer_id
      ), r AS (
        INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
        SELECT i.id, 'overdue', 'standard', e.id, i.amount_minor, i.currency FROM e JOIN invoices i ON i.customer_id = e.customer_id
      )
      SELECT id FROM e`;
    expect((await startSending(db.sql, BigInt(e!.id), now))?.lateCharges).toHaveLength(1);
    await recordOutcome(db.sql, BigInt(e!.id), { status: 'in_doubt', reason: 'connection reset' }, now);
    expect((await arView(ana, 'C-TOP')).lateCharges).toMatchObject({ inDoubt: 1 });
    const both = [actionIds.feesTold, actionIds.feesNotTold];
    for (const who of [ana, fin, boss]) expect(feeControls(await arView(who, 'C-TOP'))).toEqual({ slack: both, teams: both });
    expect(feeControls(await arView(dan, 'C-TOP'))).toEqual({ slack: [], teams: [] });
  });
});
