import { TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresFeeStore } from '../../adapters/postgres/fee-store.js';
import { recordOutcome, startSending } from '../../adapters/postgres/reminder-sends.js';
import { ArbotTeamsBot } from '../../adapters/teams/teams-bot.js';
import { feeButtonLabels } from '../../blocks/wording/fee-wording.js';
import { runCli } from '../../src/cli/main.js';
import { parseLateFeeRule } from '../../src/domain/fees/late-fee-rule.js';
import { actionIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { capture } from '../support/csv-files.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { cardActionInvoke, personalChat, type TeamsPerson } from '../support/fake-teams-activities.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody, slashCommandBody } from '../support/slack-requests.js';
import { teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Late-payment charges in doubt (their reminder email may not have reached the customer), resolved from /ar: "Customer
// was told" (sent, exported) and "Not told (state again)" (claimed, in the next email), by the people who may claim
// them, over signed Slack requests and a Teams invoke, through the same store method as `arbot fees resolve`,
// audited with the person; the clicker is answered privately and their /ar view is redrawn.

const now = new Date('2026-03-02T10:00:00Z');
const zone = 'Europe/Paris';
const env = { COMPANY_TIMEZONE: zone, LOG_LEVEL: 'silent' };
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
const users = { ana: 'U0ANA', eve: 'U0EVE', fin: 'U0FIN' } as const;
const ids = ['C-T', 'C-N', 'C-M'] as const;
const customerIds = new Map<string, string>();
const emails = new Map<string, bigint>();

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, {
    now, zone,
    users: [
      { id: users.ana, email: 'ana@acme.example', name: 'ana' }, { id: users.eve, email: 'eve@acme.example', name: 'eve' },
      { id: users.fin, email: 'fin@acme.example', name: 'fin' },
    ],
  });
  fake = h.fake;
  const rule = parseLateFeeRule({
    name: 'flat', legal_basis: 'Test basis', reference_series: 'flat_zero', margin_bp: 1000, rate_fixing: 'per_half_year',
    fixed_compensation: { currency: 'EUR', amount: '40.00' },
  });
  if (!rule.ok) throw new Error(rule.error);
  await postgresFeeStore(db.sql).saveCustomRule(rule.rule, 'test');
  await postgresFeeStore(db.sql).saveRates([{ series: 'flat_zero', validFrom: '2020-01-01', rateBp: 0 }]);
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: users.ana },
      { email: 'eve@acme.example', name: 'Eve', team: 'sales', slack_user_id: users.eve },
      { email: 'fin@acme.example', name: 'Fin', team: 'finance', slack_user_id: users.fin },
    ],
    customers: ids.map((c) => customer(c, zone, 'standard', { name: `Customer ${c}`, late_fee_rule: 'flat' })),
    invoices: ids.map((c) => ({ ...invoice(c.slice(2), c, '2026-01-01', '3650.00'), issue_date: '2025-12-01' })),
  });
  for (const r of await db.sql<{ external_id: string; id: string }[]>`SELECT external_id, id::text FROM customers`) customerIds.set(r.external_id, r.id);
  // Each customer's charge claimed by Ana (from /ar), then stated in a reminder whose send ended in doubt.
  for (const c of ids) {
    expect(await click(users.ana, actionIds.claimFees, c)).toMatchObject([{ response_type: 'ephemeral' }]);
    const email = await queueEmail(c);
    const sending = await startSending(db.sql, email, now);
    expect((sending?.lateCharges ?? []).map((l) => l.invoiceNumber)).toEqual([`INV-${c.slice(2)}`]);
    await recordOutcome(db.sql, email, { status: 'in_doubt', reason: 'connection reset' }, now);
    emails.set(c, email);
  }
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

/** A queued overdue reminder to the customer listing its invoices (as the cadence plans one). */
async function queueEmail(customerExternalId: string): Promise<bigint> {
  const [e] = await db.sql<{ id: bigint }[]>`
    WITH e AS (
      INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
      SELECT id, 'standard', 'overdue', 'overdue', 'queued', ${now}, billing_emails FROM customers WHERE external_id = ${customerExternalId}
      RETURNING id, customer_id
    ), r AS (
      INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
      SELECT i.id, 'overdue-' || e.id, 'standard', e.id, i.amount_minor, i.currency FROM e JOIN invoices i ON i.customer_id = e.customer_id
    )
    SELECT id FROM e`;
  return BigInt(e!.id);
}

type Answer = { text?: string; response_type?: string; replace_original?: boolean; blocks?: unknown };
let seq = 0;
async function click(userId: string, actionId: string, customerExternalId: string): Promise<Answer[]> {
  const id = `d${++seq}`;
  const r = await h.post(blockActionsBody({
    userId, channelId: 'C0ANA', isEphemeral: true, responseUrl: fake.responseUrl({ channel: 'C0ANA', userId, id }),
    actions: [{ type: 'button', actionId, blockId: 'arbot.ar_fees', value: JSON.stringify({ cu: customerIds.get(customerExternalId)! }) }],
  }));
  expect(r.status).toBe(200);
  return fake.responses(id).map((c) => c.args as Answer);
}
async function ar(userId: string, query: string): Promise<string> {
  const id = `ar${++seq}`;
  await h.post(slashCommandBody({ command: '/ar', text: query, userId, channelId: 'C0ANA', responseUrl: fake.responseUrl({ channel: 'C0ANA', userId, id }) }));
  return JSON.stringify(fake.responses(id).map((c) => (c.args as Answer).blocks));
}
async function charge(number: string) {
  const [r] = await db.sql<{ status: string; email_id: string | null; resolved_by: string | null }[]>`
    SELECT f.status, f.email_id::text, f.resolved_by FROM fee_decisions f JOIN invoices i ON i.id = f.invoice_id
    WHERE i.number = ${number} AND f.status <> 'refused'`;
  return r!;
}
const audits = () => db.sql<{ actor: string; resolution: string }[]>`
  SELECT actor, details->>'resolution' AS resolution FROM audit_log WHERE action = 'fees.doubt_resolved' ORDER BY id`;
async function exported(): Promise<{ invoice_number: string; status: string }[]> {
  const out = capture();
  const err = capture();
  expect(await runCli(['fees', 'export', '--format', 'json'], { out, err, db, now: () => now, env })).toBe(0);
  return (JSON.parse(out.text()) as { fees: { invoice_number: string; status: string }[] }).fees;
}

describe('late-payment charges in doubt, resolved from /ar on Slack', () => {
  it('/ar offers "Customer was told" and "Not told (state again)" while a charge is in doubt', async () => {
    const blocks = await ar(users.ana, 'C-T');
    expect(blocks).toContain('claimed, in doubt');
    expect(blocks).toContain(actionIds.feesTold);
    expect(blocks).toContain(actionIds.feesNotTold);
    expect(blocks).toContain(feeButtonLabels.told);
    expect(blocks).toContain(feeButtonLabels.notTold);
  });

  it('refuses someone who may not claim the charges, privately, and changes nothing', async () => {
    for (const id of [actionIds.feesTold, actionIds.feesNotTold]) {
      expect(await click(users.eve, id, 'C-T')).toEqual([
        expect.objectContaining({
          response_type: 'ephemeral', replace_original: false,
          text: "only Customer C-T's sales owner (Ana) or finance can say whether the customer was told of late-payment charges",
        }),
      ]);
    }
    expect(await charge('INV-T')).toMatchObject({ status: 'in_doubt', resolved_by: null });
    expect(await audits()).toEqual([]);
  });

  it('"Customer was told": sent and exportable, audited with the person; /ar redrawn and the clicker told privately', async () => {
    expect((await exported()).map((f) => f.invoice_number)).not.toContain('INV-T');
    const answers = await click(users.ana, actionIds.feesTold, 'C-T');
    expect(answers).toHaveLength(2);
    const [redrawn, told] = answers;
    expect(redrawn).toMatchObject({ response_type: 'ephemeral', replace_original: true, text: 'Receivables of Customer C-T' });
    const blocks = JSON.stringify(redrawn!.blocks);
    expect(blocks).toContain('claimed, stated in an email');
    expect(blocks).not.toContain(actionIds.feesTold);
    expect(told).toMatchObject({
      response_type: 'ephemeral', replace_original: false,
      text: 'Ana recorded that Customer C-T was told of the late-payment charges on 1 invoice: sent, and exported from now on',
    });
    expect(await charge('INV-T')).toMatchObject({ status: 'sent', email_id: emails.get('C-T')!.toString(), resolved_by: 'ana@acme.example' });
    expect(await audits()).toEqual([{ actor: 'ana@acme.example', resolution: 'told' }]);
    expect((await exported()).find((f) => f.invoice_number === 'INV-T')).toMatchObject({ status: 'sent' });
  });

  it('"Not told (state again)" by finance: claimed again, in the next email; a second click finds nothing in doubt', async () => {
    const [redrawn, told] = await click(users.fin, actionIds.feesNotTold, 'C-N');
    // 60 days late: past the reminder schedule's window, so no reminder states them (fee-claim-reach.test.ts).
    expect(JSON.stringify(redrawn!.blocks)).toContain('claimed; no reminder is due: Send statement to state them');
    expect(told).toMatchObject({ text: 'Fin recorded that Customer C-N was not told of the late-payment charges on 1 invoice: no reminder is due: Send statement to state them' });
    expect(await charge('INV-N')).toMatchObject({ status: 'claimed', email_id: null, resolved_by: 'fin@acme.example' });
    expect((await audits()).at(-1)).toEqual({ actor: 'fin@acme.example', resolution: 'not_told' });
    const next = await queueEmail('C-N');
    expect(((await startSending(db.sql, next, now))?.lateCharges ?? []).map((l) => l.invoiceNumber)).toEqual(['INV-N']);
    expect(await click(users.ana, actionIds.feesTold, 'C-N')).toEqual([
      expect.objectContaining({ response_type: 'ephemeral', text: 'no late-payment charge of Customer C-N is in doubt any more' }),
    ]);
    expect(await audits()).toHaveLength(2);
  });
});

describe('late-payment charges in doubt, resolved from the ar card on Teams', () => {
  const ana: TeamsPerson = { id: '29:1user-ana', aadObjectId: '00000001-1111-4222-8333-444444444441', name: 'Ana', email: 'ana@acme.example' };
  const eve: TeamsPerson = { id: '29:1user-eve', aadObjectId: '00000001-1111-4222-8333-444444444442', name: 'Eve', email: 'eve@acme.example' };

  async function invoke(who: TeamsPerson, verb: string) {
    const bot = new ArbotTeamsBot(teamsDepsOn(db.sql, { now: () => now, zone }));
    const adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'msteams' });
    await adapter.processActivity(cardActionInvoke(who, { serviceUrl: 'http://127.0.0.1:9/', conversationId: personalChat(who) }, verb, { cu: customerIds.get('C-M')! }) as unknown as Partial<Activity>);
    return JSON.stringify(adapter.activeQueue.splice(0).find((a) => a.type === 'invokeResponse')?.value);
  }

  it('refuses Eve and records Ana\'s word, answering with the card redrawn', async () => {
    for (const p of [ana, eve]) await db.sql`UPDATE owners SET teams_user_id = ${p.aadObjectId} WHERE email = ${p.email}`;
    expect(await invoke(eve, actionIds.feesTold)).toContain("only Customer C-M's sales owner (Ana) or finance can say whether the customer was told");
    expect(await charge('INV-M')).toMatchObject({ status: 'in_doubt' });
    const card = await invoke(ana, actionIds.feesTold);
    expect(card).toContain('application/vnd.microsoft.card.adaptive');
    expect(card).toContain('Ana recorded that Customer C-M was told of the late-payment charges on 1 invoice');
    expect(card).toContain('claimed, stated in an email');
    expect(card).not.toContain(actionIds.feesTold);
    expect(await charge('INV-M')).toMatchObject({ status: 'sent', resolved_by: 'ana@acme.example' });
    expect((await audits()).at(-1)).toEqual({ actor: 'ana@acme.example', resolution: 'told' });
  });
});
