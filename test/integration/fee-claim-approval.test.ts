import { TestAdapter, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresFeeStore } from '../../adapters/postgres/fee-store.js';
import { loadRoutingFacts } from '../../adapters/postgres/chat-views-subjects.js';
import { postgresAlertOutbox } from '../../adapters/postgres/alert-outbox.js';
import { loadAlertView } from '../../adapters/postgres/chat-views-alerts.js';
import { dispatchAlerts } from '../../src/services/dispatch-alerts.js';
import { slackAlertPublisherOn } from '../support/slack-wiring.js';
import { ArbotTeamsBot } from '../../adapters/teams/teams-bot.js';
import { feeModalInputs } from '../../blocks/slack/fee-modals.js';
import type { ChatSurface } from '../../src/chat/chat-surface.js';
import { routeAlert } from '../../src/domain/alert-routing.js';
import { parseLateFeeRule } from '../../src/domain/fees/late-fee-rule.js';
import { subjectKey } from '../../src/domain/subject.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice } from '../support/cadence-ledger.js';
import { cardActionInvoke, personalChat, type TeamsPerson } from '../support/fake-teams-activities.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody, slashCommandBody, stateValue, viewSubmissionBody } from '../support/slack-requests.js';
import { teamsDepsOn } from '../support/teams-harness.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// A claim of late-payment charges on a top or strategic account waits for a finance approver (issue 19). It raises a
// fee_claim_approval card for finance in the same transaction as the claim; the card's Approve / Refuse (a reason) are
// /ar's buttons, decided through the chat core over signed Slack requests and Teams invokes; deciding ends the card's
// buttons and posts a line in its thread, and a refusal's reason shows on /ar's line and in the audit.

const now = new Date('2026-03-02T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let fake: FakeSlack;
const users = { ana: 'U0ANA', bo: 'U0BO', fin: 'U0FIN' } as const;
const ids = { top: '', strategic: '' };

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
  const rule = parseLateFeeRule({ name: 'flat', legal_basis: 'Test basis', reference_series: 'flat_zero', margin_bp: 1000, rate_fixing: 'per_half_year', fixed_compensation: { currency: 'EUR', amount: '40.00' } });
  if (!rule.ok) throw new Error(rule.error);
  await postgresFeeStore(db.sql).saveCustomRule(rule.rule, 'test');
  await postgresFeeStore(db.sql).saveRates([{ series: 'flat_zero', validFrom: '2020-01-01', rateBp: 0 }]);
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: users.ana },
      { email: 'bo@acme.example', name: 'Bo', team: 'finance', approver: 'true', slack_user_id: users.bo },
      { email: 'fin@acme.example', name: 'Fin', team: 'finance', slack_user_id: users.fin },
    ],
    customers: [
      customer('C-TOP', 'Europe/Paris', 'top', { name: 'Topco', late_fee_rule: 'flat', sales_owner_email: 'ana@acme.example' }),
      customer('C-STR', 'Europe/Paris', 'standard', { name: 'Stratco', strategic: 'true', late_fee_rule: 'flat', sales_owner_email: 'ana@acme.example' }),
    ],
    invoices: [invoice('T-1', 'C-TOP', '2026-01-01', '3650.00'), invoice('S-1', 'C-STR', '2026-01-01', '1000.00')]
      .map((i) => ({ ...i, issue_date: '2025-12-01' })),
  });
  for (const [k, ext] of [['top', 'C-TOP'], ['strategic', 'C-STR']] as const) {
    ids[k] = String((await db.sql`SELECT id FROM customers WHERE external_id = ${ext}`)[0]!.id);
  }
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

let seq = 0;
type Answer = { text?: string; response_type?: string; blocks?: unknown };
/** A click on /ar's ephemeral answer (no message to redraw), or on the card `ts` posted in #finance. */
async function click(userId: string, actionId: string, customerId: string, card?: string): Promise<Answer[]> {
  const id = `c${++seq}`;
  const where = card === undefined
    ? { channelId: 'C0ANA', isEphemeral: true, responseUrl: fake.responseUrl({ channel: 'C0ANA', userId, id }) }
    : { channelId: 'C0FIN', message: fake.message('C0FIN', card) as unknown as { ts: string }, responseUrl: fake.responseUrl({ channel: 'C0FIN', messageTs: card, userId, id }) };
  const r = await h.post(blockActionsBody({
    userId, ...where, actions: [{ type: 'button', actionId, blockId: card === undefined ? 'arbot.ar_fees' : 'arbot.fee_claim_actions', value: JSON.stringify({ cu: customerId }) }],
  }));
  expect(r.status).toBe(200);
  return fake.responses(id).map((c) => c.args as Answer);
}
async function ar(userId: string, query: string): Promise<string> {
  const id = `ar${++seq}`;
  await h.post(slashCommandBody({ command: '/ar', text: query, userId, channelId: 'C0ANA', responseUrl: fake.responseUrl({ channel: 'C0ANA', userId, id }) }));
  return JSON.stringify(fake.responses(id).map((c) => (c.args as Answer).blocks));
}
const alerts = (customerId: string) => db.sql<{ id: bigint; kind: string }[]>`
  SELECT id, kind FROM alerts WHERE customer_id = ${customerId}::int8 AND kind = 'fee_claim_approval' ORDER BY id`;
const decisions = (customerId: string) => db.sql`
  SELECT status, refused_by, refusal_reason, approved_by FROM fee_decisions WHERE customer_id = ${customerId}::int8 ORDER BY id`;
/** Opens the refusal modal by clicking Refuse, and returns a submitter for it. */
async function refuseForm(customerId: string, card?: string) {
  const opened = fake.calls('views.open').length;
  expect(await click(users.bo, actionIds.refuseFees, customerId, card)).toEqual([]);
  const modal = fake.calls('views.open')[opened]!.args.view as { callback_id: string; private_metadata: string; blocks: unknown };
  expect(modal.callback_id).toBe(formIds.refuseFees);
  expect(JSON.parse(modal.private_metadata)).toEqual({ cu: customerId });
  const f = feeModalInputs.refuse.reason;
  return (reason: string) => h.post(viewSubmissionBody({
    callbackId: formIds.refuseFees, userId: users.bo, privateMetadata: modal.private_metadata,
    values: { [f.blockId]: { [f.actionId]: stateValue.plainText(reason) } },
  }));
}

describe('a claim on a top account waits on a finance approval card', () => {
  let cardTs: string;

  it('raises one fee_claim_approval alert with the claim, routed to finance, and none on a second click', async () => {
    expect(await click(users.ana, actionIds.claimFees, ids.top)).toMatchObject([
      { response_type: 'ephemeral', text: 'Ana claimed late-payment charges on 1 invoice of Topco; they wait for a finance approver' },
    ]);
    const raised = await alerts(ids.top);
    expect(raised).toHaveLength(1);
    expect(await click(users.ana, actionIds.claimFees, ids.top)).toMatchObject([{ text: 'no late invoice of Topco has charges left to decide' }]);
    expect(await alerts(ids.top)).toHaveLength(1);
    const facts = await loadRoutingFacts(db.sql, { customer_id: BigInt(ids.top), invoice_id: null, dispute_id: null, email_id: null });
    expect(routeAlert('fee_claim_approval', facts, { sales: 'C0SALES', delivery: null, finance: 'C0FIN' })).toEqual([{ channel: 'C0FIN', mention: null }]);
    cardTs = await h.publish(`alert:${raised[0]!.id}`, 'C0FIN');
  });

  it('shows the customer, the invoice, the amounts with their legal basis and who claimed, with Approve and Refuse', () => {
    const blocks = JSON.stringify(fake.message('C0FIN', cardTs)!.blocks);
    for (const text of ['Topco', 'C-TOP', 'INV-T-1', '€40.00 compensation', 'Test basis', '*Ana* claimed', 'Total:']) expect(blocks).toContain(text);
    expect(blocks).toContain(actionIds.approveFees);
    expect(blocks).toContain(actionIds.refuseFees);
  });

  it('refuses a non-approver privately, from the card: finance alone cannot decide', async () => {
    for (const who of [users.ana, users.fin]) {
      expect(await click(who, actionIds.approveFees, ids.top, cardTs)).toMatchObject([
        { response_type: 'ephemeral', text: 'only a finance approver can approve or refuse this claim' },
      ]);
    }
    // The refusal form does not even open for them.
    const opened = fake.calls('views.open').length;
    expect(await click(users.fin, actionIds.refuseFees, ids.top, cardTs)).toMatchObject([{ response_type: 'ephemeral' }]);
    expect(fake.calls('views.open')).toHaveLength(opened);
    expect(await decisions(ids.top)).toEqual([{ status: 'awaiting_approval', refused_by: null, refusal_reason: null, approved_by: null }]);
  });

  it('Refuse on the card asks a reason; with it, the claim is refused, audited, and the card loses its buttons with a line in its thread', async () => {
    const submit = await refuseForm(ids.top, cardTs);
    expect((await submit('  ')).json).toMatchObject({
      response_action: 'errors', errors: { [feeModalInputs.refuse.reason.blockId]: 'say why the claim is refused, for the audit trail' },
    });
    expect(await decisions(ids.top)).toEqual([expect.objectContaining({ status: 'awaiting_approval' })]);
    expect((await submit('long-standing customer, goodwill')).text).toBe('');
    expect(await decisions(ids.top)).toEqual([{ status: 'refused', refused_by: 'bo@acme.example', refusal_reason: 'long-standing customer, goodwill', approved_by: null }]);
    expect(await db.sql`SELECT actor, details->>'reason' AS reason FROM audit_log WHERE action = 'fees.refused'`).toEqual([
      { actor: 'bo@acme.example', reason: 'long-standing customer, goodwill' },
    ]);
    const blocks = JSON.stringify(fake.message('C0FIN', cardTs)!.blocks);
    expect(blocks).toContain('Refused* by Bo: long-standing customer, goodwill');
    expect(blocks).not.toContain(actionIds.approveFees);
    expect(fake.replies('C0FIN', cardTs).map((m) => m.text)).toContain('Bo refused the late-payment charges claimed on 1 invoice of Topco: long-standing customer, goodwill');
  });

  it("shows the refusal and its reason on /ar's Late-payment charges line", async () => {
    const shown = await ar(users.bo, 'C-TOP');
    expect(shown).toContain('claim refused (bo@acme.example): long-standing customer, goodwill');
  });

  it("/ar's Refuse asks a reason too, and redraws the new claim's card", async () => {
    expect(await click(users.ana, actionIds.claimFees, ids.top)).toMatchObject([{ text: expect.stringMatching(/wait for a finance approver$/) }]);
    const raised = await alerts(ids.top);
    expect(raised).toHaveLength(2);
    const second = await h.publish(`alert:${raised[1]!.id}`, 'C0FIN');
    expect(await ar(users.bo, 'C-TOP')).toContain(actionIds.refuseFees);
    const submit = await refuseForm(ids.top);
    expect((await submit('')).json).toMatchObject({ response_action: 'errors' });
    expect((await submit('disputed delivery')).text).toBe('');
    expect((await decisions(ids.top)).at(-1)).toMatchObject({ status: 'refused', refusal_reason: 'disputed delivery' });
    expect(JSON.stringify(fake.message('C0FIN', second)!.blocks)).toContain('Refused* by Bo: disputed delivery');
    // The first card stays as it was decided.
    expect(JSON.stringify(fake.message('C0FIN', cardTs)!.blocks)).toContain('long-standing customer, goodwill');
  });
  it("/ar's Approve tells the approver privately and ends the card's buttons", async () => {
    await click(users.ana, actionIds.claimFees, ids.top);
    const third = (await alerts(ids.top))[2]!;
    const posted = await h.publish(`alert:${third.id}`, 'C0FIN');
    expect(await click(users.bo, actionIds.approveFees, ids.top)).toMatchObject([
      { response_type: 'ephemeral', text: 'Bo approved the late-payment charges claimed on 1 invoice of Topco' },
    ]);
    expect((await decisions(ids.top)).at(-1)).toMatchObject({ status: 'claimed', approved_by: 'bo@acme.example' });
    const blocks = JSON.stringify(fake.message('C0FIN', posted)!.blocks);
    expect(blocks).toContain('Approved* by Bo');
    expect(blocks).not.toContain(actionIds.refuseFees);
    expect(fake.replies('C0FIN', posted).map((m) => m.text)).toContain('Bo approved the late-payment charges claimed on 1 invoice of Topco');
  });
});

describe('the approval card on Teams', () => {
  const bo: TeamsPerson = { id: '29:1user-bo', aadObjectId: '00000001-1111-4222-8333-444444444442', name: 'Bo', email: 'bo@acme.example' };
  const ana: TeamsPerson = { id: '29:1user-ana', aadObjectId: '00000001-1111-4222-8333-444444444441', name: 'Ana', email: 'ana@acme.example' };
  const redrawn: { subject: string; line: string | null }[] = [];
  const recorder: ChatSurface = { platform: 'teams', async redraw(subject, _view, line) { redrawn.push({ subject: subjectKey(subject), line }); } };

  async function invoke(who: TeamsPerson, verb: string, data: Record<string, string>) {
    const deps = teamsDepsOn(db.sql, { now: () => now, zone: 'Europe/Paris' });
    deps.core.addSurface(recorder);
    const bot = new ArbotTeamsBot(deps);
    const adapter = new TestAdapter((ctx) => bot.run(ctx), { channelId: 'msteams' });
    await adapter.processActivity(cardActionInvoke(who, { serviceUrl: 'http://127.0.0.1:9/', conversationId: personalChat(who) }, verb, data) as unknown as Partial<Activity>);
    return adapter.activeQueue.splice(0).find((a) => a.type === 'invokeResponse')?.value as { status: number; body: { type: string; value: unknown } };
  }

  it('refuses the sales owner and approves for the finance approver, redrawing the card with a thread line', async () => {
    for (const p of [bo, ana]) await db.sql`UPDATE owners SET teams_user_id = ${p.aadObjectId} WHERE email = ${p.email}`;
    expect(await click(users.ana, actionIds.claimFees, ids.strategic)).toMatchObject([{ text: expect.stringMatching(/of Stratco; they wait for a finance approver$/) }]);
    const [alert] = await alerts(ids.strategic);
    const refusedAnswer = await invoke(ana, actionIds.approveFees, { cu: ids.strategic });
    expect(JSON.stringify(refusedAnswer.body)).toContain('only a finance approver can approve or refuse this claim');
    expect(await decisions(ids.strategic)).toEqual([expect.objectContaining({ status: 'awaiting_approval' })]);
    // Refuse without a reason (a forged submission: the card's form requires one) is refused too.
    expect(JSON.stringify((await invoke(bo, actionIds.refuseFees, { cu: ids.strategic })).body)).toContain('say why the claim is refused');
    const answer = await invoke(bo, actionIds.approveFees, { cu: ids.strategic });
    expect(answer.status).toBe(200);
    // Clicked on /ar or a card arbot cannot place, the approver is answered in words (the card is redrawn everywhere).
    expect(JSON.stringify(answer.body)).toContain('Bo approved the late-payment charges claimed on 1 invoice of Stratco');
    expect(await decisions(ids.strategic)).toEqual([{ status: 'claimed', refused_by: null, refusal_reason: null, approved_by: 'bo@acme.example' }]);
    expect(redrawn).toContainEqual({ subject: `alert:${alert!.id}`, line: 'Bo approved the late-payment charges claimed on 1 invoice of Stratco' });
  });
});

describe('the alerts job', () => {
  it('posts every approval card once, to the finance channel only, as it now stands', async () => {
    const before = fake.calls('chat.postMessage').length;
    const raised = [...await alerts(ids.top), ...await alerts(ids.strategic)];
    const report = await dispatchAlerts({
      outbox: postgresAlertOutbox(db.sql), view: (a, at) => loadAlertView(db.sql, a, at, 'Europe/Paris'), maxAttempts: 3,
      platforms: [{
        publisher: slackAlertPublisherOn(db.sql, h.client), routing: (a) => loadRoutingFacts(db.sql, a),
        teams: { sales: 'C0SALES', delivery: null, finance: 'C0FINANCE' },
      }],
    }, now);
    expect(report).toMatchObject({ delivered: raised.length, dead: 0 });
    const posted = fake.calls('chat.postMessage').slice(before);
    expect(posted.map((c) => c.args.channel)).toEqual(raised.map(() => 'C0FINANCE'));
    // Stratco's claim was approved on Teams before the job ran: its card says so, without buttons.
    const stratco = posted.map((c) => JSON.stringify(c.args.blocks)).filter((b) => b.includes('Stratco'));
    expect(stratco).toHaveLength(1);
    expect(stratco[0]).toContain('Approved* by Bo');
    expect(stratco[0]).not.toContain(actionIds.approveFees);
  });
});
