import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modalInputs } from '../../blocks/slack/modals.js';
import { creditModalInputs } from '../../blocks/slack/credit-modals.js';
import { actionIds, formIds } from '../../src/views/control-ids.js';
import { customer, importRows } from '../support/cadence-ledger.js';
import { changedTables, fingerprint } from '../support/hostile-db.js';
import { startSlackHarness, type SlackHarness } from '../support/slack-harness.js';
import { blockActionsBody, stateValue, viewSubmissionBody } from '../support/slack-requests.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Who may do what, through the real Slack endpoint with signed requests. Every row starts from fresh rows of its
// own (an invoice, a dispute, an approval request), so the rows do not depend on each other's outcomes.
//
// The people, by their relation to the customer (Northwind):
//   Ana  sales, the customer's account manager (sales owner), and the owner of the disputes she is given
//   Ben  delivery, the customer's delivery owner: known to arbot, but neither account manager nor approver
//   Sam  sales, the sales owner of another customer only
//   Olga delivery, the delivery owner of another customer only
//   Fay  finance, not an approver
//   Dan  finance, approver
//   Eve  in the Slack workspace, unknown to arbot (no owner with her id or email)

const now = new Date('2026-03-20T10:00:00Z');
let db: TestDb;
let h: SlackHarness;
let customerId: string;

const people = {
  Ana: { userId: 'U0ANA', email: 'ana@acme.example' },
  Ben: { userId: 'U0BEN', email: 'ben@acme.example' },
  Sam: { userId: 'U0SAM', email: 'sam@acme.example' },
  Olga: { userId: 'U0OLGA', email: 'olga@acme.example' },
  Fay: { userId: 'U0FAY', email: 'fay@acme.example' },
  Dan: { userId: 'U0DAN', email: 'dan@acme.example' },
  Eve: { userId: 'U0EVE', email: 'eve@elsewhere.example' },
} as const;
type Person = keyof typeof people;

beforeAll(async () => {
  db = await openTestDb();
  h = await startSlackHarness(db, { now, users: Object.entries(people).map(([name, p]) => ({ id: p.userId, email: p.email, name: name.toLowerCase() })) });
  await importRows(db.sql, {
    owners: [
      { email: people.Ana.email, name: 'Ana', team: 'sales', slack_user_id: people.Ana.userId },
      { email: people.Ben.email, name: 'Ben', team: 'delivery', slack_user_id: people.Ben.userId },
      { email: people.Sam.email, name: 'Sam', team: 'sales', slack_user_id: people.Sam.userId },
      { email: people.Olga.email, name: 'Olga', team: 'delivery', slack_user_id: people.Olga.userId },
      { email: people.Fay.email, name: 'Fay', team: 'finance', slack_user_id: people.Fay.userId },
      { email: people.Dan.email, name: 'Dan', team: 'finance', approver: 'true', slack_user_id: people.Dan.userId },
    ],
    customers: [
      customer('C-1', 'Europe/Paris', 'top', { name: 'Northwind', sales_owner_email: people.Ana.email, delivery_owner_email: people.Ben.email }),
      customer('C-2', 'Europe/Paris', 'standard', { name: 'Contoso', sales_owner_email: people.Sam.email, delivery_owner_email: people.Olga.email }),
    ],
  });
  customerId = String((await db.sql`SELECT id FROM customers WHERE external_id = 'C-1'`)[0]!.id);
});
afterAll(async () => {
  await h?.close();
  await db?.close();
});

let fixtureSeq = 0;
/** A fresh overdue invoice of the customer, a dispute on it (owned by Ana, or by nobody), an approval request. */
async function fixture(disputeOwner: 'Ana' | null) {
  const n = ++fixtureSeq;
  const [inv] = await db.sql<{ id: bigint }[]>`
    INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
    VALUES (${`AZ-${n}`}, ${`INV-AZ-${n}`}, ${customerId}::int8, '2026-01-15', '2026-03-01', 'EUR', 120000) RETURNING id`;
  const invoiceId = String(inv!.id);
  const [d] = await db.sql<{ id: bigint }[]>`
    INSERT INTO disputes (external_id, invoice_id, reason, opened_at, owner_id)
    VALUES (${`AZ-D-${n}`}, ${invoiceId}::int8, 'Missing PO', '2026-03-19T09:00:00Z',
            ${disputeOwner === null ? null : (await db.sql`SELECT id FROM owners WHERE email = ${people.Ana.email}`)[0]!.id.toString()}::int8)
    RETURNING id`;
  // A second invoice without a dispute, for "open a dispute".
  const [free] = await db.sql<{ id: bigint }[]>`
    INSERT INTO invoices (external_id, number, customer_id, issue_date, due_date, currency, amount_minor)
    VALUES (${`AZ-F-${n}`}, ${`INV-AZ-F-${n}`}, ${customerId}::int8, '2026-01-15', '2026-03-01', 'EUR', 50000) RETURNING id`;
  const [e] = await db.sql<{ id: bigint }[]>`
    INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
    VALUES (${customerId}::int8, 'top', 'escalation', 'escalation', 'awaiting_approval', '2026-03-20T08:00:00Z', '{ap@c-1.example}') RETURNING id`;
  // A credit alert about the customer (issue 19), whose buttons name it.
  const [a] = await db.sql<{ id: bigint }[]>`
    INSERT INTO alerts (kind, priority, dedupe_key, customer_id, raised_at, details)
    VALUES ('credit_threshold', 2, ${`credit_threshold:az-${n}`}, ${customerId}::int8, ${now}, '{"threshold": 80}') RETURNING id`;
  return { invoiceId, freeInvoiceId: String(free!.id), disputeId: String(d!.id), emailId: String(e!.id), alertId: String(a!.id) };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

type Outcome = { kind: 'button'; replies: { response_type?: string; text?: string }[]; ephemeralTo: string[] } | { kind: 'form'; ack: unknown; text: string };

async function click(person: Person, actionId: string, value: string, menu = false): Promise<Outcome> {
  const { userId } = people[person];
  const id = `a${++fixtureSeq}`;
  const ephemerals = h.fake.ephemerals().length;
  const r = await h.post(blockActionsBody({
    userId, channelId: 'C0SALES', responseUrl: h.fake.responseUrl({ channel: 'C0SALES', userId, id }),
    actions: [menu ? { type: 'static_select', actionId, blockId: 'b', selected: { value, text: 'x' } } : { type: 'button', actionId, blockId: 'b', value }],
  }));
  expect(r.status).toBe(200);
  return { kind: 'button', replies: h.fake.responses(id).map((c) => c.args), ephemeralTo: h.fake.ephemerals().slice(ephemerals).map((e) => e.user) };
}

async function submit(person: Person, callbackId: string, meta: Record<string, string>, values: Record<string, Record<string, unknown>>): Promise<Outcome> {
  const r = await h.post(viewSubmissionBody({ callbackId, userId: people[person].userId, privateMetadata: JSON.stringify(meta), values }));
  expect(r.status).toBe(200);
  return { kind: 'form', ack: r.json, text: r.text };
}

const input = (f: { blockId: string; actionId: string }, v: unknown) => ({ [f.blockId]: { [f.actionId]: v } });

/** Each chat action, done by `person` on the fixture; with the dispute ownership it needs. */
/** The customer's credit hold: none in force, or one set by Ana (before the row's fingerprint). */
async function creditHold(held: boolean) {
  await db.sql`UPDATE credit_holds SET released_at = set_at, released_by = 'test', released_by_id = set_by_id
               WHERE customer_id = ${customerId}::int8 AND released_at IS NULL`;
  if (held) {
    await db.sql`INSERT INTO credit_holds (customer_id, reason, set_by_id, set_by, set_at)
                 SELECT ${customerId}::int8, 'Cheque bounced', id, email, ${now} FROM owners WHERE email = ${people.Ana.email}`;
  }
}

const actions: Record<string, { disputeOwner: 'Ana' | null; audit: string; prepare?: () => Promise<void>; run: (p: Person, f: Fixture) => Promise<Outcome> }> = {
  'claim a dispute': { disputeOwner: null, audit: 'dispute.claimed', run: (p, f) => click(p, actionIds.claimDispute, JSON.stringify({ d: f.disputeId })) },
  'set a dispute status': { disputeOwner: 'Ana', audit: 'dispute.status_changed', run: (p, f) => click(p, actionIds.setDisputeStatus, JSON.stringify({ d: f.disputeId, st: 'awaiting_client' }), true) },
  'approve a reminder': { disputeOwner: null, audit: 'approval.approved', run: (p, f) => click(p, actionIds.approveEscalation, JSON.stringify({ e: f.emailId })) },
  'refuse a reminder': { disputeOwner: null, audit: 'approval.refused', run: (p, f) => submit(p, formIds.refuse, { e: f.emailId }, input(modalInputs.refuse.reason, stateValue.plainText('Customer is on holiday'))) },
  'handle a reminder personally': { disputeOwner: null, audit: 'approval.personal', run: (p, f) => click(p, actionIds.handlePersonally, JSON.stringify({ e: f.emailId })) },
  'log a promise to pay': { disputeOwner: null, audit: 'promise.logged', run: (p, f) => submit(p, formIds.promise, { i: f.invoiceId }, {
    ...input(modalInputs.promise.date, stateValue.datepicker('2026-03-27')), ...input(modalInputs.promise.amount, stateValue.plainText('100.00')),
    ...input(modalInputs.promise.note, stateValue.plainText('by phone')),
  }) },
  'pause reminders': { disputeOwner: null, audit: 'reminders.paused', run: (p, f) => submit(p, formIds.hold, { i: f.invoiceId }, {
    ...input(modalInputs.hold.until, stateValue.datepicker('2026-04-15')), ...input(modalInputs.hold.reason, stateValue.plainText('Restructuring')),
  }) },
  'open a dispute': { disputeOwner: null, audit: 'dispute.opened', run: (p, f) => submit(p, formIds.dispute, { i: f.freeInvoiceId }, {
    ...input(modalInputs.dispute.reason, stateValue.staticSelect({ value: 'wrong_amount', text: 'Wrong amount' })), ...input(modalInputs.dispute.comment, stateValue.plainText('Should be 1000')),
  }) },
  'add a note to an invoice': { disputeOwner: null, audit: 'note.added', run: (p, f) => submit(p, formIds.note, { i: f.invoiceId }, input(modalInputs.note.note, stateValue.plainText('Called AP'))) },
  'add a note to a dispute': { disputeOwner: 'Ana', audit: 'note.added', run: (p, f) => submit(p, formIds.note, { d: f.disputeId }, input(modalInputs.note.note, stateValue.plainText('Sent the PO'))) },
  'put on credit hold': { disputeOwner: null, audit: 'credit.hold_set', prepare: () => creditHold(false), run: (p, f) =>
    submit(p, formIds.creditHold, { a: f.alertId }, input(creditModalInputs.holdReason, stateValue.plainText('Cheque bounced'))) },
  'release a credit hold': { disputeOwner: null, audit: 'credit.hold_released', prepare: () => creditHold(true), run: (p, f) =>
    click(p, actionIds.creditRelease, JSON.stringify({ a: f.alertId })) },
  'change the credit limit': { disputeOwner: null, audit: 'credit.limit_set', run: (p, f) =>
    submit(p, formIds.creditLimit, { a: f.alertId }, input(creditModalInputs.limitAmount, stateValue.plainText('EUR 50000'))) },
};

type Rule = 'allow' | 'refuse';
const y = 'allow' as const;
const n = 'refuse' as const;
/**
 * The policy (src/domain/rights/chat-rights.ts), through the real endpoint. Ana is the customer's account manager
 * and the dispute's owner where the action needs an owned dispute. Stopping collection (promise, pause, dispute,
 * note) is for the customer's owners and finance; claiming, also for the delivery team; a dispute's status, for
 * its owner or a finance approver; an escalation, for the account manager or a finance approver.
 */
const matrix: [action: keyof typeof actions, Ana: Rule, Ben: Rule, Sam: Rule, Olga: Rule, Fay: Rule, Dan: Rule, Eve: Rule][] = [
  //                                sales  deliv. other  other  finance finance unknown
  //                                owner  owner  sales  deliv. (Fay)   approver (Eve)
  //                                (Ana)  (Ben)  (Sam)  (Olga)         (Dan)
  ['claim a dispute',               y,     y,     n,     y,     y,      y,      n],
  ['set a dispute status',          y,     n,     n,     n,     n,      y,      n],
  ['approve a reminder',            y,     n,     n,     n,     n,      y,      n],
  ['refuse a reminder',             y,     n,     n,     n,     n,      y,      n],
  ['handle a reminder personally',  y,     n,     n,     n,     n,      y,      n],
  ['log a promise to pay',          y,     y,     n,     n,     y,      y,      n],
  ['pause reminders',               y,     y,     n,     n,     y,      y,      n],
  ['open a dispute',                y,     y,     n,     n,     y,      y,      n],
  ['add a note to an invoice',      y,     y,     n,     n,     y,      y,      n],
  ['add a note to a dispute',       y,     y,     n,     n,     y,      y,      n],
  ['put on credit hold',            y,     n,     n,     n,     y,      y,      n],
  ['release a credit hold',         n,     n,     n,     n,     n,      y,      n],
  ['change the credit limit',       n,     n,     n,     n,     n,      y,      n],
];
const persons = ['Ana', 'Ben', 'Sam', 'Olga', 'Fay', 'Dan', 'Eve'] as const;
const rows = matrix.flatMap(([action, ...rules]) => persons.map((person, i) => [action, person, rules[i]!] as const));

describe('who may do what (Slack, signed requests)', () => {
  it.each(rows)('%s by %s: %s', async (action, person, rule) => {
    const a = actions[action]!;
    const f = await fixture(a.disputeOwner);
    await a.prepare?.();
    const before = await fingerprint(db.sql);
    const audit = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM audit_log`;
    const out = await a.run(person, f);
    const added = await db.sql<{ actor: string; action: string }[]>`SELECT actor, action FROM audit_log ORDER BY id OFFSET ${audit[0]!.n}`;

    if (rule === 'allow') {
      // Exactly one audit row, naming the person, for the one change; no refusal shown.
      expect(added).toEqual([{ actor: people[person].email, action: a.audit }]);
      if (out.kind === 'button') expect(out.replies).toEqual([]);
      else expect(out.text).toBe('');
      return;
    }
    // Refused: nothing changed, and only the person who tried was told.
    expect(added).toEqual([]);
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
    // The refusal says who can ("only Northwind's sales owner (Ana), delivery owner (Ben) or finance can …").
    const said = out.kind === 'button' ? out.replies[0]?.text ?? '' : JSON.stringify(out.ack);
    expect(said).toMatch(/only .*(Ana|Ben|this dispute's owner|a finance approver)/);
    if (out.kind === 'button') {
      expect(out.replies).toHaveLength(1);
      expect(out.replies[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(out.ephemeralTo).toEqual([people[person].userId]);
    } else {
      // A modal belongs to the person who opened it: errors shown in it are theirs alone.
      expect(out.ack).toMatchObject({ response_action: 'errors' });
    }
  });

  it('lets anyone open the forms (promise, pause, dispute, note) but only known people submit them', async () => {
    // Opening a modal changes nothing; the check is at submission (rows above). Recorded here so the rule is visible.
    const f = await fixture(null);
    const before = await fingerprint(db.sql);
    for (const actionId of [actionIds.logPromise, actionIds.pauseReminders, actionIds.openDispute, actionIds.addNote]) {
      const opened = h.fake.calls('views.open').length;
      await click('Eve', actionId, JSON.stringify({ i: f.freeInvoiceId }));
      expect(h.fake.calls('views.open').length, actionId).toBe(opened + 1);
    }
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);
  });
});

describe('the finding: an unrelated sales owner stopping collection on another customer', () => {
  it('refuses Sam (Contoso\'s sales owner) everything on Northwind, privately, changing nothing; Ana, its account manager, still acts', async () => {
    const f = await fixture(null);
    const before = await fingerprint(db.sql);
    const promise = await actions['log a promise to pay']!.run('Sam', f);
    const samPromise = await submit('Sam', formIds.promise, { i: f.invoiceId }, {
      ...input(modalInputs.promise.date, stateValue.datepicker('2099-12-31')), ...input(modalInputs.promise.amount, stateValue.plainText('0.01')),
      ...input(modalInputs.promise.note, stateValue.plainText('')),
    });
    const pause = await submit('Sam', formIds.hold, { i: f.freeInvoiceId }, {
      ...input(modalInputs.hold.until, stateValue.datepicker(null)), ...input(modalInputs.hold.reason, stateValue.plainText('Customer asked')),
    });
    const claim = await click('Sam', actionIds.claimDispute, JSON.stringify({ d: f.disputeId }));
    const resolve = await click('Sam', actionIds.setDisputeStatus, JSON.stringify({ d: f.disputeId, st: 'resolved' }), true);
    for (const out of [promise, samPromise, pause]) {
      expect(out).toMatchObject({ kind: 'form', ack: { response_action: 'errors' } });
      if (out.kind === 'form') expect(out.text).toContain("only Northwind's sales owner (Ana), delivery owner (Ben) or finance can");
    }
    for (const out of [claim, resolve]) {
      expect(out.kind === 'button' && out.ephemeralTo).toEqual([people.Sam.userId]);
    }
    expect(claim.kind === 'button' && claim.replies[0]?.text).toBe("only Northwind's sales owner (Ana), delivery owner (Ben), the delivery team or finance can claim this dispute");
    expect(changedTables(before, await fingerprint(db.sql))).toEqual([]);

    // The customer's own account manager is not locked out.
    const claimed = await click('Ana', actionIds.claimDispute, JSON.stringify({ d: f.disputeId }));
    const resolved = await click('Ana', actionIds.setDisputeStatus, JSON.stringify({ d: f.disputeId, st: 'resolved' }), true);
    expect([claimed, resolved].map((o) => o.kind === 'button' && o.replies)).toEqual([[], []]);
    const [d] = await db.sql`SELECT d.status, o.email FROM disputes d JOIN owners o ON o.id = d.owner_id WHERE d.id = ${f.disputeId}::int8`;
    expect(d).toEqual({ status: 'resolved', email: people.Ana.email });
  });
});
