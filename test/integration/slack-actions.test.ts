import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { createHttpServer, type HttpServer } from '../../adapters/http/server.js';
import { subjectView } from '../../adapters/postgres/chat-views-alerts.js';
import { createSlackAdapter } from '../../adapters/slack/slack-app.js';
import { actionIds } from '../../src/views/control-ids.js';
import { customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { textObjects } from '../blocks/slack/limits.js';
import { blockActionsBody, postToSlackEndpoint, slackTestIds, viewSubmissionBody, stateValue } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { publishSlackOn, slackDepsOn } from '../support/slack-wiring.js';
import { keepConsoleOutput } from '../support/test-log.js';

// The real Bolt app, mounted on arbot's HTTP server, receiving requests signed and shaped like Slack's, with the
// Web API and response_url pointed at a local fake. Every click goes through to Postgres and back to the message.

const secret = slackTestIds.signingSecret;
const now = new Date('2026-03-20T10:00:00Z');
let db: TestDb;
let fake: FakeSlack;
let http: HttpServer;
let base: string;
let client: WebClient;
let disputeId: bigint;
let disputeTs: string;

beforeAll(async () => {
  db = await openTestDb();
  fake = await startFakeSlack({
    users: [
      { id: 'U0ANA', email: 'ana@acme.example', name: 'ana' },
      { id: 'U0BEN', email: 'ben@acme.example', name: 'ben' },
      { id: 'U0DAN', email: 'dan@acme.example', name: 'dan' },
      { id: 'U0EVE', email: 'eve@elsewhere.example', name: 'eve' },
    ],
  });
  client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl });
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana', team: 'sales', slack_user_id: 'U0ANA', slack_channel_id: 'C0ANA' },
      { email: 'ben@acme.example', name: 'Ben', team: 'delivery' },
      { email: 'dan@acme.example', name: 'Dan', team: 'finance', approver: 'true' },
    ],
    customers: [customer('C-1', 'Europe/Paris', 'top', { name: '<!channel> Northwind & *Co*', sales_owner_email: 'ana@acme.example' })],
    invoices: [invoice('I-1', 'C-1', '2026-03-10', '1200.00')],
  });
  [{ id: disputeId }] = (await db.sql<{ id: bigint }[]>`
    INSERT INTO disputes (external_id, invoice_id, reason, opened_at)
    SELECT 'd1', id, 'Missing PO', '2026-03-19T09:00:00Z' FROM invoices WHERE external_id = 'I-1' RETURNING id`) as unknown as [{ id: bigint }];
  const deps = slackDepsOn(db.sql, client, { log: quietLog, now: () => now, zone: 'Europe/Paris' });
  const slack = await createSlackAdapter({
    signingSecret: secret, apiUrl: fake.apiUrl, processBeforeResponse: true,
    authorize: async () => ({ botToken: fake.token, botId: slackTestIds.botId, botUserId: slackTestIds.botUserId }),
  }, deps);
  http = createHttpServer(slack.routes, quietLog);
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  const view = await subjectView(db.sql, `dispute:${disputeId}`, now, 'Europe/Paris');
  disputeTs = await publishSlackOn(db.sql, client, `dispute:${disputeId}`, 'C0ANA', buildAlertMessage(view!));
});
afterAll(async () => {
  await http?.close();
  await fake?.close();
  await db?.close();
});

function click(userId: string, actionId: string, value: string, opts: { retryNum?: number; actionTs?: string } = {}) {
  const responseUrl = fake.responseUrl({ channel: 'C0ANA', messageTs: disputeTs, userId });
  const body = blockActionsBody({
    userId, userName: userId.toLowerCase(), channelId: 'C0ANA', message: fake.message('C0ANA', disputeTs) as unknown as { ts: string }, responseUrl,
    actions: [actionId === actionIds.setDisputeStatus
      ? { type: 'static_select', actionId, blockId: 'b', selected: { value, text: 'x' } }
      : { type: 'button', actionId, blockId: 'b', value }],
  });
  const signedBody = opts.actionTs ? body.replace(/%22action_ts%22%3A%22[0-9.]+%22/, `%22action_ts%22%3A%22${opts.actionTs}%22`) : body;
  return postToSlackEndpoint(base, signedBody, { secret, retryNum: opts.retryNum });
}

const disputeRow = async () => (await db.sql`SELECT d.status, o.email AS owner FROM disputes d LEFT JOIN owners o ON o.id = d.owner_id WHERE d.id = ${disputeId.toString()}::int8`)[0];

describe('Slack buttons', () => {
  it('refuses a request with a bad signature: 401, nothing changes', async () => {
    keepConsoleOutput(); // Bolt's receiver warns about the signature on the console
    const body = blockActionsBody({ userId: 'U0ANA', actions: [{ type: 'button', actionId: actionIds.claimDispute, blockId: 'b', value: JSON.stringify({ d: disputeId.toString() }) }] });
    const r = await postToSlackEndpoint(base, body, { secret: 'not-the-secret' });
    expect(r.status).toBe(401);
    expect(await disputeRow()).toEqual({ status: 'to_clarify', owner: null });
  });

  it('claims a dispute: the owner is stored, the message updated in place, the thread told', async () => {
    const r = await click('U0ANA', actionIds.claimDispute, JSON.stringify({ d: disputeId.toString() }));
    expect(r.status).toBe(200);
    expect(await disputeRow()).toEqual({ status: 'to_clarify', owner: 'ana@acme.example' });
    const updated = fake.calls('chat.update').at(-1)!;
    expect(updated.args.ts).toBe(disputeTs);
    expect(JSON.stringify(updated.args.blocks)).not.toContain(actionIds.claimDispute);
    expect(fake.replies('C0ANA', disputeTs).map((m) => m.text)).toContain('Ana claimed this dispute');
  });

  it('tells a second claimer privately who has it, and changes nothing', async () => {
    await click('U0BEN', actionIds.claimDispute, JSON.stringify({ d: disputeId.toString() }));
    const answer = fake.responses().at(-1)!;
    expect(answer.args).toMatchObject({ response_type: 'ephemeral', text: 'already claimed by Ana' });
    expect(await disputeRow()).toEqual({ status: 'to_clarify', owner: 'ana@acme.example' });
  });

  it('applies a retried delivery of the same click once', async () => {
    const value = JSON.stringify({ d: disputeId.toString(), st: 'awaiting_client' });
    const before = fake.replies('C0ANA', disputeTs).length;
    await click('U0ANA', actionIds.setDisputeStatus, value, { actionTs: '1773997200.000100' });
    await click('U0ANA', actionIds.setDisputeStatus, value, { actionTs: '1773997200.000100', retryNum: 1 });
    expect(await disputeRow()).toEqual({ status: 'awaiting_client', owner: 'ana@acme.example' });
    expect(fake.replies('C0ANA', disputeTs).length).toBe(before + 1);
    const audit = await db.sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dispute.status_changed'`;
    expect(audit[0]!.n).toBe(1);
  });

  it('refuses a status change by someone who does not own the dispute', async () => {
    await click('U0BEN', actionIds.setDisputeStatus, JSON.stringify({ d: disputeId.toString(), st: 'resolved' }));
    expect(fake.responses().at(-1)!.args).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/only this dispute's owner \(Ana\) or a finance approver/) });
    expect((await disputeRow())!.status).toBe('awaiting_client');
  });

  it('answers a forged button value with a private note, never an error', async () => {
    const r = await click('U0ANA', actionIds.claimDispute, '{"d":"1; DROP TABLE disputes"}');
    expect(r.status).toBe(200);
    expect(fake.responses().at(-1)!.args).toMatchObject({ text: expect.stringMatching(/out of date/) });
  });
});

describe('Slack approvals', () => {
  let emailId: bigint;
  let ts: string;
  beforeAll(async () => {
    [{ id: emailId }] = (await db.sql<{ id: bigint }[]>`
      WITH e AS (
        INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
        SELECT id, 'top', 'escalation', 'escalation', 'awaiting_approval', '2026-03-20T08:00:00Z', billing_emails
        FROM customers WHERE external_id = 'C-1' RETURNING id
      ), r AS (
        INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
        SELECT i.id, 'escalation', 'top', e.id, i.amount_minor, i.currency FROM e, invoices i WHERE i.external_id = 'I-1'
      )
      SELECT id FROM e`) as unknown as [{ id: bigint }];
    const view = await subjectView(db.sql, `approval:${emailId}`, now, 'Europe/Paris');
    ts = await publishSlackOn(db.sql, client, `approval:${emailId}`, 'C0ANA', buildAlertMessage(view!));
  });

  const approve = (userId: string) => postToSlackEndpoint(base, blockActionsBody({
    userId, channelId: 'C0ANA', message: fake.message('C0ANA', ts) as unknown as { ts: string }, responseUrl: fake.responseUrl({ channel: 'C0ANA', messageTs: ts, userId }),
    actions: [{ type: 'button', actionId: actionIds.approveEscalation, blockId: 'b', value: JSON.stringify({ e: emailId.toString() }) }],
  }), { secret });

  it.each([['U0BEN', 'a delivery owner'], ['U0EVE', 'someone arbot does not know']])('refuses an approval by %s (%s) privately', async (userId) => {
    await approve(userId);
    expect(fake.responses().at(-1)!.args).toMatchObject({ response_type: 'ephemeral' });
    const [e] = await db.sql`SELECT status FROM reminder_emails WHERE id = ${emailId.toString()}::int8`;
    expect(e!.status).toBe('awaiting_approval');
  });

  it('lets the account manager approve: the email is queued and the buttons disappear for everyone', async () => {
    await approve('U0ANA');
    const [e] = await db.sql`SELECT status, decision, decided_by FROM reminder_emails WHERE id = ${emailId.toString()}::int8`;
    expect(e).toEqual({ status: 'queued', decision: 'approved', decided_by: 'ana@acme.example' });
    const blocks = JSON.stringify(fake.message('C0ANA', ts)!.blocks);
    expect(blocks).not.toContain(actionIds.approveEscalation);
  });

  it('keeps the refuse form open with the error when no reason is given', async () => {
    const r = await postToSlackEndpoint(base, viewSubmissionBody({
      callbackId: 'arbot.form_refuse', userId: 'U0DAN', privateMetadata: JSON.stringify({ e: emailId.toString() }),
      values: { 'arbot.refuse_reason': { reason: stateValue.plainText('') } },
    }), { secret });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ response_action: 'errors' });
  });
});

describe('escaping', () => {
  it('renders a hostile customer name inert in the posted message', () => {
    // plain_text (headers, buttons) is shown as written and never parsed; mrkdwn must carry the escaped form.
    const mrkdwn = textObjects(fake.message('C0ANA', disputeTs)!.blocks).filter((t) => t.type === 'mrkdwn').map((t) => t.text);
    expect(mrkdwn.join('\n')).toContain('&lt;!channel&gt;');
    for (const t of mrkdwn) expect(t).not.toContain('<!channel>');
  });
});
