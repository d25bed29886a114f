import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCustomerBlocks } from '../../blocks/slack/ar-blocks.js';
import { buildCustomerCard } from '../../blocks/teams/ar-card.js';
import { postgresFeeStore } from '../../adapters/postgres/fee-store.js';
import { decodeAction } from '../../src/chat/chat-action.js';
import type { ChatCore } from '../../src/chat/chat-core.js';
import type { ChatPerson } from '../../src/chat/interaction.js';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/config.js';
import { parseLateFeeRule } from '../../src/domain/fees/late-fee-rule.js';
import type { EmailSender, OutgoingEmail, SendResult } from '../../src/ports/email-sender.js';
import { sendStatement } from '../../src/services/send-statement.js';
import { actionIds } from '../../src/views/control-ids.js';
import { customerActionIds } from '../../src/views/card-controls.js';
import type { CustomerOverview } from '../../src/views/customer-view.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { customerPortalActions } from '../../src/wire/portal-actions.js';
import { statementDeps } from '../../src/wire/statement.js';
import { customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { capture } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Issue 19 review: "Claim in next email" must reach the customer. The reminder schedule reads invoices due within
// its window (candidateWindow: about the last 50 days with the default policies), so a customer 66 days late gets
// no more reminders: the claim and /ar say so ("no reminder is due: Send statement to state them"), and the
// statement email states the claimed charges with their legal basis and marks them sent (or leaves them claimed
// when it fails, in doubt when the provider may have it), as a reminder does. A customer with a reminder still due
// keeps "the next reminder email states them".
//
// Amounts by hand (as fee-decisions.test.ts): rule "flat" is 10% a year, actual/365, EUR 40.00 per invoice. As of
// 2026-03-02 an invoice due 2025-12-26 is 66 days late: EUR 3,650.00 → 365,000 × 1,000 × 66 / (365 × 10,000) =
// 6,600 minor = EUR 66.00 interest; EUR 106.00 in all. One due 2026-02-20 is 10 days late: EUR 50.00 in all.

const now = new Date('2026-03-02T10:00:00Z');
const zone = 'Europe/Paris';
const basis = 'Art. L441-10 (test rule)';
const env = { COMPANY_TIMEZONE: zone, LOG_LEVEL: 'silent' };
const config = loadConfig({ COMPANY_TIMEZONE: zone, LOG_LEVEL: 'silent', EMAIL_FROM: 'billing@seller.example', EMAIL_FROM_NAME: 'Seller', PUBLIC_BASE_URL: 'https://ar.example.com' });
const late = ['C-OLD', 'C-FR', 'C-FAIL', 'C-DOUBT'] as const;
let db: TestDb;
let core: ChatCore;
const customerIds = new Map<string, bigint>();
const ana: ChatPerson = { platform: 'local', userId: 'ana', name: 'Ana Martin', chatId: null, email: async () => 'ana@acme.example' };

let sent: OutgoingEmail[] = [];
let next: SendResult | null = null;
const sender: EmailSender = {
  name: 'recording',
  async send(email) {
    const r = next ?? { outcome: 'sent', provider: 'recording', messageId: `m${sent.length + 1}` };
    next = null;
    if (r.outcome === 'sent') sent.push(email);
    return r;
  },
};

async function claim(customerExternalId: string): Promise<string> {
  const d = decodeAction(actionIds.claimFees, { cu: customerIds.get(customerExternalId)!.toString() }, { asksFirst: false });
  if (!d.ok) throw new Error('claim does not decode');
  const o = await core.handle({ person: ana, action: d.action, delivery: null });
  if (o.kind !== 'done') throw new Error(`unexpected ${o.kind}`);
  return o.thread ?? '';
}

async function ar(customerExternalId: string): Promise<CustomerOverview> {
  const o = await core.handle({ person: ana, action: { type: 'show_customer', query: customerExternalId }, delivery: null });
  if (o.kind !== 'show' || o.shown.show !== 'customer' || o.shown.found?.kind !== 'customer') throw new Error(`unexpected ${o.kind}`);
  return o.shown.found.overview;
}

const statement = (customerExternalId: string) => sendStatement(statementDeps(config, db.sql, sender, Buffer.alloc(32, 7)), {
  customer: { externalId: customerExternalId }, requestedBy: 'ana@acme.example', asOf: now,
});

async function charge(number: string) {
  const [r] = await db.sql<{ status: string; statement_email_id: string | null; sent_at: Date | null; statements: string[] }[]>`
    SELECT f.status, f.statement_email_id::text, f.sent_at,
           coalesce((SELECT array_agg(l.statement_email_id::text ORDER BY l.statement_email_id) FROM fee_decision_statement_emails l
                      WHERE l.fee_decision_id = f.id), '{}') AS statements
    FROM fee_decisions f JOIN invoices i ON i.id = f.invoice_id WHERE i.number = ${number} AND f.status <> 'refused'`;
  return r!;
}

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, now: () => now, env });
  return { code, out: out.text(), err: err.text() };
}

async function exported(): Promise<string[]> {
  const r = await cli('fees', 'export', '--format', 'json');
  expect(r.code).toBe(0);
  return (JSON.parse(r.out) as { fees: unknown[] }).fees.map((f) => JSON.stringify(f));
}

beforeAll(async () => {
  db = await openTestDb();
  const rule = parseLateFeeRule({
    name: 'flat', legal_basis: basis, reference_series: 'flat_zero', margin_bp: 1000, rate_fixing: 'per_half_year',
    fixed_compensation: { currency: 'EUR', amount: '40.00' },
  });
  if (!rule.ok) throw new Error(rule.error);
  const fees = postgresFeeStore(db.sql);
  await fees.saveCustomRule(rule.rule, 'test');
  await fees.saveRates([{ series: 'flat_zero', validFrom: '2020-01-01', rateBp: 0 }]);
  await importRows(db.sql, {
    owners: [{ email: 'ana@acme.example', name: 'Ana Martin', team: 'sales' }],
    customers: [
      ...late.map((c) => customer(c, zone, 'standard', { late_fee_rule: 'flat', ...(c === 'C-FR' ? { locale: 'fr-FR' } : {}) })),
      customer('C-DUE', zone, 'standard', { late_fee_rule: 'flat' }),
    ],
    invoices: [
      ...late.map((c) => ({ ...invoice(c.slice(2), c, '2025-12-26', '3650.00'), issue_date: '2025-11-26' })),
      { ...invoice('DUE', 'C-DUE', '2026-02-20', '3650.00'), issue_date: '2026-01-20' },
    ],
  });
  for (const r of await db.sql<{ external_id: string; id: bigint }[]>`SELECT external_id, id FROM customers`) customerIds.set(r.external_id, BigInt(r.id));
  core = chatCoreOn(db.sql, { log: quietLog, now: () => now, zone, portal: customerPortalActions(config, db.sql, sender, Buffer.alloc(32, 7)) }).core;
});
afterAll(async () => {
  await db?.close();
});

describe('a customer 66 days late: no reminder is due, the statement states the claim', () => {
  it('the claim and /ar say that no reminder is due and to Send statement', async () => {
    expect(await claim('C-OLD')).toBe('Ana Martin claimed late-payment charges on 1 invoice of Customer C-OLD; no reminder is due: Send statement to state them');
    const view = await ar('C-OLD');
    expect(view.lateCharges).toMatchObject({ reminderDue: false, lines: [{ invoiceNumber: 'INV-OLD', daysLate: 66, total: '€106.00' }] });
    for (const drawn of [JSON.stringify(buildCustomerBlocks(view)), JSON.stringify(buildCustomerCard(view).card)]) {
      expect(drawn).toContain('claimed; no reminder is due: Send statement to state them');
      expect(drawn).not.toContain('claimed for the next email');
    }
  });

  it('Send statement (the /ar button) states the charge with its legal basis (en); the charge is sent, tied to it, and exportable', async () => {
    expect(JSON.stringify(buildCustomerBlocks(await ar('C-OLD')))).toContain(customerActionIds.sendStatement);
    sent = [];
    const d = decodeAction(customerActionIds.sendStatement, { c: 'C-OLD' }, { asksFirst: false });
    if (!d.ok) throw new Error('send statement does not decode');
    expect(await core.handle({ person: ana, action: d.action, delivery: null })).toMatchObject({ kind: 'done' });
    expect(sent).toHaveLength(1);
    const [o] = await db.sql<{ id: bigint }[]>`SELECT id FROM statement_emails WHERE status = 'sent' ORDER BY id DESC LIMIT 1`;
    const statementEmailId = BigInt(o!.id);
    for (const body of [sent[0]!.text, sent[0]!.html]) {
      expect(body).toContain('Late-payment charges (claimed separately; not included in the amounts above)');
      expect(body).toMatch(/Invoice INV-OLD: (<strong>)?€106\.00/);
      expect(body).toContain(`Legal basis: ${basis}`);
    }
    expect(await charge('INV-OLD')).toMatchObject({
      status: 'sent', statement_email_id: statementEmailId.toString(), sent_at: now, statements: [statementEmailId.toString()],
    });
    expect((await exported()).join('\n')).toContain('INV-OLD');
    // Stated once: the next statement does not state it again.
    sent = [];
    await statement('C-OLD');
    expect(sent[0]!.text).not.toContain('Late-payment charges');
  });

  it('a French customer\'s statement states it in French', async () => {
    await claim('C-FR');
    sent = [];
    expect(await statement('C-FR')).toMatchObject({ outcome: 'sent' });
    const text = sent[0]!.text;
    expect(text).toContain('Pénalités et indemnités de retard (réclamées séparément, non comprises dans les montants ci-dessus)');
    expect(text).toMatch(/Facture INV-FR : 106,00\s€/);
    expect(text).toContain(`Fondement juridique : ${basis}`);
    expect((await charge('INV-FR')).status).toBe('sent');
  });

  it('a failed statement send leaves the charge claimed, out of no export, for the next email', async () => {
    await claim('C-FAIL');
    next = { outcome: 'rejected', reason: 'invalid address', status: 400 };
    expect(await statement('C-FAIL')).toMatchObject({ outcome: 'failed' });
    const c = await charge('INV-FAIL');
    expect(c).toMatchObject({ status: 'claimed', statement_email_id: null, sent_at: null });
    expect(c.statements).toHaveLength(1);
    // Still claimed: the next statement states it, and then it is sent.
    sent = [];
    expect(await statement('C-FAIL')).toMatchObject({ outcome: 'sent' });
    expect(sent[0]!.text).toContain('Invoice INV-FAIL');
    expect((await charge('INV-FAIL')).status).toBe('sent');
  });

  it('a statement send that ends in doubt leaves the charge in doubt, not exported, until a person resolves it', async () => {
    await claim('C-DOUBT');
    next = { outcome: 'unknown', reason: 'timed out after the request was sent' };
    expect(await statement('C-DOUBT')).toMatchObject({ outcome: 'failed', inDoubt: true });
    expect((await charge('INV-DOUBT')).status).toBe('in_doubt');
    expect((await exported()).join('\n')).not.toContain('INV-DOUBT');
    const r = await cli('fees', 'resolve', 'C-DOUBT', '--not-told', '--by', 'ana@acme.example');
    expect(r.code).toBe(0);
    expect(await charge('INV-DOUBT')).toMatchObject({ status: 'claimed', statement_email_id: null });
  });
});

describe('a customer with a reminder still due keeps today\'s wording', () => {
  it('the claim and /ar say the next reminder email states them', async () => {
    expect(await claim('C-DUE')).toBe('Ana Martin claimed late-payment charges on 1 invoice of Customer C-DUE; the next reminder email states them');
    const view = await ar('C-DUE');
    expect(view.lateCharges).toMatchObject({ reminderDue: true });
    expect(JSON.stringify(buildCustomerBlocks(view))).toContain('claimed for the next email');
  });
});
