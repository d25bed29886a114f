import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCustomerBlocks } from '../../blocks/slack/ar-blocks.js';
import { buildCustomerCard } from '../../blocks/teams/ar-card.js';
import { parseActionData, teamsVerbs } from '../../blocks/teams/action-data.js';
import { buildReminderEmail } from '../../blocks/email/reminder-email.js';
import { loadEmailTemplates } from '../../blocks/email/load-templates.js';
import { reminderTemplates } from '../../src/wire/cadence.js';
import { postgresFeeStore } from '../../adapters/postgres/fee-store.js';
import { recordOutcome, startSending } from '../../adapters/postgres/reminder-sends.js';
import { decodeAction, type ChatAction } from '../../src/chat/chat-action.js';
import type { ChatPerson, Outcome } from '../../src/chat/interaction.js';
import type { ChatCore } from '../../src/chat/chat-core.js';
import { runCli } from '../../src/cli/main.js';
import { parseLateFeeRule } from '../../src/domain/fees/late-fee-rule.js';
import { actionIds } from '../../src/views/control-ids.js';
import { createReminderContentRenderer } from '../../src/services/reminder-renderer.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { capture } from '../support/csv-files.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Issue 19, the decision half: an owner or finance claims (in the next email) or waives (with a reason) the
// late-payment charges `arbot fees preview` proposes, per customer, from `/ar`; a claim on a top or strategic account
// waits for a finance approver; the email states each claimed charge with its legal basis; `arbot fees export` hands
// them to the ERP; invoice amounts and KPIs never include them.
//
// Amounts by hand: rule "flat" is 10% a year (reference series at 0 + 1,000 bp), actual/365, EUR 40.00 per invoice.
// As of 2026-03-02 an invoice due 2026-01-01 is 60 days late (30 in January, 28 in February, 2 in March):
//   INV-S1, EUR 3,650.00: 365,000 × 1,000 × 60 / (365 × 10,000) = 6,000 minor → EUR 60.00 interest, EUR 100.00 in all
//   INV-T1, EUR 7,300.00 (a top account): 12,000 minor → EUR 120.00 interest, EUR 160.00 in all

const now = new Date('2026-03-02T10:00:00Z');
const zone = 'Europe/Paris';
const basis = '+10% a year, Art. L441-10 (test rule)';
const env = { COMPANY_TIMEZONE: zone, LOG_LEVEL: 'silent' };
let db: TestDb;
let core: ChatCore;
let stdId: bigint;
let topId: bigint;
let waiveId: bigint;

const person = (email: string, name: string): ChatPerson => ({ platform: 'local', userId: email, name, chatId: null, email: async () => email });
const ana = person('ana@acme.example', 'Ana Martin');
const eve = person('eve@acme.example', 'Eve');
const fin = person('fin@acme.example', 'Fin');
const boss = person('boss@acme.example', 'Boss');

const act = (who: ChatPerson, action: ChatAction): Promise<Outcome> => core.handle({ person: who, action, delivery: null });

/** A click or submission as a surface decodes it. */
function decoded(id: string, data: Record<string, string>, asksFirst = false): ChatAction {
  const d = decodeAction(id, data, { asksFirst });
  if (!d.ok) throw new Error(`${id} ${JSON.stringify(data)} does not decode`);
  return d.action;
}

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, now: () => now, env });
  return { code, out: out.text(), err: err.text() };
}

const decisions = () => db.sql<{ number: string; decision: string; status: string; compensation_minor: string; interest_minor: string; reason: string | null; approved_by: string | null; email_id: string | null }[]>`
  SELECT i.number, f.decision, f.status, f.compensation_minor::text, f.interest_minor::text, f.reason, f.approved_by, f.email_id::text
  FROM fee_decisions f JOIN invoices i ON i.id = f.invoice_id ORDER BY f.id`;

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
    owners: [
      { email: 'ana@acme.example', name: 'Ana Martin', team: 'sales' },
      { email: 'eve@acme.example', name: 'Eve', team: 'sales' },
      { email: 'fin@acme.example', name: 'Fin', team: 'finance' },
      { email: 'boss@acme.example', name: 'Boss', team: 'finance', approver: 'true' },
    ],
    customers: [
      customer('C-STD', zone, 'standard', { late_fee_rule: 'flat' }),
      customer('C-TOP', zone, 'top', { late_fee_rule: 'flat' }),
      customer('C-W', zone, 'standard', { late_fee_rule: 'flat' }),
    ],
    invoices: [invoice('S1', 'C-STD', '2026-01-01', '3650.00'), invoice('T1', 'C-TOP', '2026-01-01', '7300.00'), invoice('W1', 'C-W', '2026-01-01', '1000.00')].map((i) => ({ ...i, issue_date: '2025-12-01' })),
  });
  const ids = await db.sql<{ external_id: string; id: bigint }[]>`SELECT external_id, id FROM customers`;
  stdId = BigInt(ids.find((c) => c.external_id === 'C-STD')!.id);
  topId = BigInt(ids.find((c) => c.external_id === 'C-TOP')!.id);
  waiveId = BigInt(ids.find((c) => c.external_id === 'C-W')!.id);
  core = chatCoreOn(db.sql, { log: quietLog, now: () => now, zone }).core;
});
afterAll(async () => {
  await db?.close();
});

describe('late-payment charges on /ar', () => {
  it('shows what could be claimed per late invoice, with the rule and legal basis, and the buttons on both surfaces', async () => {
    const o = await act(ana, { type: 'show_customer', query: 'C-STD' });
    if (o.kind !== 'show' || o.shown.show !== 'customer' || o.shown.found?.kind !== 'customer') throw new Error(`unexpected ${o.kind}`);
    const view = o.shown.found.overview;
    expect(view.lateCharges).toMatchObject({
      customerId: stdId.toString(), asOf: '2026-03-02', undecided: 1, awaitingApproval: 0, notComputed: [],
      lines: [{ invoiceNumber: 'INV-S1', daysLate: 60, compensation: '€40.00', interest: '€60.00', total: '€100.00', rule: 'flat', legalBasis: basis, decision: null }],
    });
    const slack = JSON.stringify(buildCustomerBlocks(view));
    expect(slack).toContain('Late-payment charges');
    expect(slack).toContain('€40.00 compensation + €60.00 interest = *€100.00*');
    for (const id of [actionIds.claimFees, actionIds.waiveFees]) expect(slack).toContain(id);
    expect(slack).toContain(JSON.stringify(JSON.stringify({ cu: stdId.toString() })).slice(1, -1));
    const teams = JSON.stringify(buildCustomerCard(view).card);
    expect(teams).toContain('Late-payment charges');
    expect(teams).toContain(actionIds.claimFees);
    expect(teams).toContain('waive_reason');
  });

  it('refuses a stranger privately and records nothing', async () => {
    const o = await act(eve, decoded(actionIds.claimFees, { cu: stdId.toString() }));
    expect(o).toEqual({ kind: 'refused', code: 'not_allowed', message: "only Customer C-STD's sales owner (Ana Martin) or finance can claim late-payment charges" });
    expect(await decisions()).toEqual([]);
  });

  it('asks for a reason before waiving: the form opens, an empty reason is refused', async () => {
    const form = await act(ana, decoded(actionIds.waiveFees, { cu: stdId.toString() }, true));
    expect(form).toMatchObject({ kind: 'form', form: { form: 'waive_fees', customerName: 'Customer C-STD', charges: { undecided: 1 } } });
    const empty = await act(ana, decoded(actionIds.waiveFees, { cu: stdId.toString(), waive_reason: '   ' }));
    expect(empty).toMatchObject({ kind: 'refused', code: 'invalid', message: 'say why the charges are waived, for the audit trail' });
    // A lone surrogate (jsonb refuses "\ud800") never reaches the service: the chat core reads it as U+FFFD.
    expect(decoded(actionIds.waiveFees, { cu: stdId.toString(), waive_reason: 'bad \ud800' })).toMatchObject({ type: 'waive_fees', reason: 'bad \ufffd' });
    // Teams sends the inline form's answer with the button's data: the same action.
    expect(parseActionData(teamsVerbs.waiveFees, { cu: stdId.toString(), waive_reason: 'x' }))
      .toEqual({ ok: true, action: { type: 'waive_fees', customerId: stdId, reason: 'x' } });
    expect(await decisions()).toEqual([]);
    await expect(db.sql`
      INSERT INTO fee_decisions (customer_id, invoice_id, decision, status, compensation_minor, interest_minor, currency, rule, legal_basis, as_of, decided_by_id, decided_by, decided_at)
      SELECT c.id, i.id, 'waive', 'waived', 0, 0, 'EUR', 'flat', 'x', '2026-03-02', o.id, 'ana', now()
      FROM customers c JOIN invoices i ON i.customer_id = c.id, owners o WHERE c.external_id = 'C-STD' AND o.email = 'ana@acme.example'`)
      .rejects.toThrow(/fee_decisions_waive_reason/);
  });

  it('waives with the reason given, audited, and the section then says so with no buttons left', async () => {
    const o = await act(ana, decoded(actionIds.waiveFees, { cu: waiveId.toString(), waive_reason: 'goodwill: long-standing customer' }));
    expect(o).toEqual({ kind: 'done', subjects: [], thread: 'Ana Martin waived late-payment charges on 1 invoice of Customer C-W: goodwill: long-standing customer' });
    expect(await decisions()).toMatchObject([{ number: 'INV-W1', decision: 'waive', status: 'waived', reason: 'goodwill: long-standing customer' }]);
    const [audit] = await db.sql<{ details: { reason: string } }[]>`SELECT details FROM audit_log WHERE action = 'fees.waive'`;
    expect(audit!.details.reason).toBe('goodwill: long-standing customer');
    const shown = await act(ana, { type: 'show_customer', query: 'C-W' });
    const view = shown.kind === 'show' && shown.shown.show === 'customer' && shown.shown.found?.kind === 'customer' ? shown.shown.found.overview : null;
    expect(view?.lateCharges).toMatchObject({ undecided: 0, lines: [{ invoiceNumber: 'INV-W1', decision: { status: 'waived', by: 'ana@acme.example' } }] });
    const slack = JSON.stringify(buildCustomerBlocks(view!));
    expect(slack).toContain('waived (ana@acme.example)');
    expect(slack).not.toContain(actionIds.claimFees);
  });

  it('claims at the amounts proposed, audited, and leaves the invoice amounts and the KPIs as they were', async () => {
    const kpiBefore = await cli('kpi', '--as-of', '2026-03-02', '--json');
    expect(kpiBefore.code).toBe(0);
    const o = await act(ana, decoded(actionIds.claimFees, { cu: stdId.toString() }));
    // 60 days late: past the reminder schedule's window, so no reminder states them (fee-claim-reach.test.ts).
    expect(o).toEqual({ kind: 'done', subjects: [], thread: 'Ana Martin claimed late-payment charges on 1 invoice of Customer C-STD; no reminder is due: Send statement to state them' });
    expect((await decisions()).filter((d) => d.decision === 'claim')).toEqual([
      { number: 'INV-S1', decision: 'claim', status: 'claimed', compensation_minor: '4000', interest_minor: '6000', reason: null, approved_by: null, email_id: null },
    ]);
    const [audit] = await db.sql<{ actor: string; details: { decisions: unknown[] } }[]>`SELECT actor, details FROM audit_log WHERE action = 'fees.claim'`;
    expect(audit).toMatchObject({ actor: 'ana@acme.example', details: { decisions: [{ invoice: 'INV-S1', status: 'claimed' }] } });
    expect((await cli('kpi', '--as-of', '2026-03-02', '--json')).out).toBe(kpiBefore.out);
    expect(await db.sql`SELECT number, amount_minor::text FROM invoices ORDER BY number`).toEqual([
      { number: 'INV-S1', amount_minor: '365000' }, { number: 'INV-T1', amount_minor: '730000' }, { number: 'INV-W1', amount_minor: '100000' },
    ]);
    // Decided: a second click has nothing left to decide, and waiving it now is refused too.
    expect(await act(ana, decoded(actionIds.claimFees, { cu: stdId.toString() }))).toMatchObject({ kind: 'refused', code: 'nothing_to_decide' });
  });

  it('states the claim in the next reminder as its own line with its legal basis, and marks it sent with the email', async () => {
    const [email] = await db.sql<{ id: bigint }[]>`
      WITH e AS (
        INSERT INTO reminder_emails (customer_id, policy, step_key, template, status, scheduled_for, to_emails)
        SELECT id, 'standard', 'overdue', 'overdue', 'queued', ${now}, billing_emails FROM customers WHERE external_id = 'C-STD' RETURNING id, customer_id
      ), r AS (
        INSERT INTO reminders (invoice_id, step_key, policy, email_id, amount_due_minor, currency)
        SELECT i.id, 'overdue', 'standard', e.id, i.amount_minor, i.currency FROM e JOIN invoices i ON i.customer_id = e.customer_id
      )
      SELECT id FROM e`;
    const sending = (await startSending(db.sql, BigInt(email!.id), now))!;
    expect(sending.lateCharges).toEqual([{ invoiceNumber: 'INV-S1', currency: 'EUR', compensationMinor: 4000n, interestMinor: 6000n, legalBasis: basis }]);
    const render = createReminderContentRenderer({
      renderReminder: reminderTemplates(), from: { email: 'ar@acme.example', name: 'Acme' }, publicBaseUrl: 'https://ar.acme.example',
      linkSecret: 'a-link-secret-of-at-least-32-characters!', linkTtlDays: 30,
    });
    const content = render(sending, now);
    expect(content.text).toContain('Late-payment charges (claimed separately; not included in the amounts above):');
    expect(content.text).toContain(`Invoice INV-S1: €100.00 (fixed compensation €40.00 + interest €60.00). Legal basis: ${basis}`);
    // The amount due and the total stay the invoice's own.
    expect(content.text).toMatch(/Total due:\n {2}€3,650\.00\n/);
    expect(content.html).toContain(`Legal basis: ${basis}`);
    await recordOutcome(db.sql, BigInt(email!.id), { status: 'sent', provider: 'test', messageId: null, subject: content.subject }, now);
    expect((await decisions()).find((d) => d.number === 'INV-S1')).toMatchObject({ status: 'sent', email_id: String(email!.id) });
  });

  it('writes the line in French for a French customer', () => {
    const email = buildReminderEmail({
      template: 'overdue', locale: 'fr', customerName: 'Lumière SA', companyName: 'Acme', accountManager: null, escalationCopied: false,
      invoices: [{ number: 'INV-S1', clientReference: null, amountDueMinor: 365000n, currency: 'EUR', dueDate: '2026-01-01', daysOverdue: 60, payUrl: null, disputeUrl: 'https://ar.acme.example/d/t' }],
      lateCharges: [{ invoiceNumber: 'INV-S1', currency: 'EUR', compensationMinor: 4000n, interestMinor: 6000n, legalBasis: 'Art. L441-10 du Code de commerce' }],
    }, loadEmailTemplates());
    expect(email.text).toContain('Pénalités et indemnités de retard (réclamées séparément, non comprises dans les montants ci-dessus) :');
    expect(email.text.replace(/\u202f|\u00a0/g, ' ')).toContain('Facture INV-S1 : 100,00 € (indemnité forfaitaire pour frais de recouvrement 40,00 € + intérêts de retard 60,00 €). Fondement juridique : Art. L441-10 du Code de commerce');
  });

  it('keeps a claim on a top account waiting for a finance approver: finance alone cannot approve, the approver can', async () => {
    const o = await act(ana, decoded(actionIds.claimFees, { cu: topId.toString() }));
    expect(o).toMatchObject({ kind: 'done', thread: 'Ana Martin claimed late-payment charges on 1 invoice of Customer C-TOP; they wait for a finance approver' });
    expect((await decisions()).at(-1)).toMatchObject({ number: 'INV-T1', status: 'awaiting_approval', approved_by: null });
    const shown = await act(ana, { type: 'show_customer', query: 'C-TOP' });
    const view = shown.kind === 'show' && shown.shown.show === 'customer' && shown.shown.found?.kind === 'customer' ? shown.shown.found.overview : null;
    expect(view?.lateCharges).toMatchObject({ undecided: 0, awaitingApproval: 1 });
    // Ana may not approve: her private /ar has no Approve button (test/integration/ar-fee-buttons.test.ts); the approver's has.
    expect(JSON.stringify(buildCustomerBlocks(view!))).not.toContain(actionIds.approveFees);
    const bossView = await act(boss, { type: 'show_customer', query: 'C-TOP' });
    expect(bossView.kind === 'show' && bossView.shown.show === 'customer' && bossView.shown.found?.kind === 'customer'
      ? JSON.stringify(buildCustomerBlocks(bossView.shown.found.overview)) : '').toContain(actionIds.approveFees);
    expect(await act(fin, decoded(actionIds.approveFees, { cu: topId.toString() })))
      .toEqual({ kind: 'refused', code: 'not_allowed', message: 'only a finance approver can approve or refuse this claim' });
    expect(await act(boss, decoded(actionIds.approveFees, { cu: topId.toString() })))
      .toMatchObject({ kind: 'done', thread: 'Boss approved the late-payment charges claimed on 1 invoice of Customer C-TOP' });
    expect((await decisions()).at(-1)).toMatchObject({ number: 'INV-T1', status: 'claimed', approved_by: 'boss@acme.example' });
    // Nothing waits once decided: a second click is refused, not applied twice.
    expect(await act(boss, decoded(actionIds.refuseFees, { cu: topId.toString() }))).toMatchObject({ kind: 'refused', code: 'already_decided' });
  });
});

describe('arbot fees export', () => {
  const header = 'customer_external_id,invoice_number,currency,compensation,interest,total,rule,legal_basis,decided_by,decided_at,approved_by,paid_on,days_late';
  const quotedBasis = `"'${basis}"`; // starts with "+": neutralised, then quoted for its comma

  it('exports the claims once per invoice, with hand-computed amounts, and --mark keeps the next export from repeating them', async () => {
    const csv = await cli('fees', 'export');
    expect(csv.code).toBe(0);
    expect(csv.out.trimEnd().split('\n')).toEqual([
      header,
      `C-STD,INV-S1,EUR,40.00,60.00,100.00,flat,${quotedBasis},ana@acme.example,2026-03-02T10:00:00.000Z,,,60`,
      `C-TOP,INV-T1,EUR,40.00,120.00,160.00,flat,${quotedBasis},ana@acme.example,2026-03-02T10:00:00.000Z,boss@acme.example,,60`,
    ]);
    const json = JSON.parse((await cli('fees', 'export', '--format', 'json', '--since', '2026-03-02')).out) as { fees: { invoice_number: string; total: string; status: string }[] };
    expect(json.fees.map((f) => [f.invoice_number, f.total, f.status])).toEqual([['INV-S1', '100.00', 'sent'], ['INV-T1', '160.00', 'claimed']]);
    expect(JSON.parse((await cli('fees', 'export', '--format', 'json', '--since', '2026-03-03')).out)).toMatchObject({ fees: [] });

    const marked = await cli('fees', 'export', '--mark');
    expect(marked.out.trimEnd().split('\n')).toHaveLength(3);
    expect(marked.err).toBe('arbot: 2 late-payment charges marked exported (export-2026-03-02T10:00:00.000Z)\n');
    expect((await cli('fees', 'export')).out).toBe(`${header}\n`);
  });

  it('refuses a bad --since or --format', async () => {
    expect((await cli('fees', 'export', '--since', '2026-02-30')).err).toContain('--since 2026-02-30: give a date as YYYY-MM-DD');
    expect((await cli('fees', 'export', '--format', 'xlsx')).err).toContain('--format xlsx: csv or json');
  });
});
