import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAlertView, type AlertRow } from '../../adapters/postgres/chat-views-alerts.js';
import { postgresCustomerStatementStore } from '../../adapters/postgres/customer-statement.js';
import { postgresPaymentMethodsStore } from '../../adapters/postgres/payment-methods.js';
import { buildAlertMessage } from '../../blocks/slack/alert-blocks.js';
import { buildAlertCard } from '../../blocks/teams/alert-cards.js';
import { renderStatementPage } from '../../blocks/statement-page.js';
import { runCli } from '../../src/cli/main.js';
import { decodeAction } from '../../src/chat/chat-action.js';
import type { ChatCore } from '../../src/chat/chat-core.js';
import type { ChatPerson } from '../../src/chat/interaction.js';
import type { SendingEmail } from '../../src/ports/cadence-store.js';
import { paymentDetailsLookup } from '../../src/services/payment-methods.js';
import { createReminderContentRenderer } from '../../src/services/reminder-renderer.js';
import { actionIds } from '../../src/views/control-ids.js';
import { chatCoreOn } from '../../src/wire/chat-core.js';
import { reminderTemplates } from '../../src/wire/cadence.js';
import { capture } from '../support/csv-files.js';
import { customer, importRows, invoice, quietLog } from '../support/cadence-ledger.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Issue 20, payment friction removed: bank details per currency are data (`arbot payment-methods load|list`), shown
// in every reminder and on the statement page with the exact reference to write; a change of them waits for a
// finance approver in chat, and only then do customers see the new details, with a plain notice to confirm by phone.

const zone = 'Europe/Paris';
let now = new Date('2026-12-06T10:00:00Z');
let db: TestDb;
let dir: string;
let core: ChatCore;

const eur = {
  account_name: 'Acme SAS', iban: 'FR14 2004 1010 0505 0001 3M02 606', bic: 'BNPAFRPP', methods: ['wire', 'card', 'direct_debit'],
  direct_debit_mandate_url: 'https://pay.acme.example/mandate', card_max_minor: 100000, phone_to_confirm: '+33 1 23 45 67 89',
};
const gbp = { account_name: 'Acme Ltd', sort_code: '40-12-76', account_number: '41234567', methods: ['wire'], phone_to_confirm: '+44 20 7946 0000' };
const newEur = { ...eur, account_name: 'Acme SAS', iban: 'DE89 3704 0044 0532 0130 00', bic: 'COBADEFFXXX' };

async function cli(...argv: string[]) {
  const out = capture();
  const err = capture();
  const code = await runCli(argv, { out, err, db, now: () => now, env: { COMPANY_TIMEZONE: zone, LOG_LEVEL: 'silent' }, cwd: dir });
  return { code, out: out.text(), err: err.text() };
}
const file = async (name: string, content: unknown) => {
  await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return name;
};

const renderContent = createReminderContentRenderer({
  renderReminder: reminderTemplates(), from: { email: 'billing@acme.example', name: 'Acme' },
  publicBaseUrl: 'https://ar.acme.example', linkSecret: 'a-link-secret-of-at-least-32-characters!', linkTtlDays: 90, bankChangeNoticeDays: 60,
});
function reminder(locale: string, invoices: { number: string; currency: string; amountDueMinor: bigint }[]): SendingEmail {
  return {
    id: 1n, policy: 'standard', stepKey: 'overdue', template: 'overdue', customerId: 1n, customerExternalId: 'C-1', customerName: 'Globex',
    locale, timezone: zone, to: ['ap@globex.example'], cc: [], replyTo: null, accountManagerName: null, attempts: 1,
    invoices: invoices.map((i, k) => ({
      invoiceId: BigInt(k + 1), number: i.number, clientReference: null, dueDate: '2026-11-01', currency: i.currency, amountDueMinor: i.amountDueMinor,
      payUrl: `https://pay.acme.example/${i.number}`,
    })),
  };
}
/** A reminder rendered as the tick renders it: the payment details in force read from the database at that instant. */
async function email(locale: string, invoices = [{ number: 'F-100', currency: 'EUR', amountDueMinor: 50_000n }]) {
  return renderContent(reminder(locale, invoices), now, await paymentDetailsLookup(postgresPaymentMethodsStore(db.sql)));
}

const person = (email: string): ChatPerson => ({ platform: 'local', userId: `local:${email}`, name: email.split('@')[0]!, chatId: null, email: async () => email });
const click = (who: string, control: string, changeId: bigint, reason?: string) => {
  const decoded = decodeAction(control, { bc: changeId.toString(), ...(reason === undefined ? {} : { bank_change_refuse_reason: reason }) });
  if (!decoded.ok) throw new Error('the button must decode');
  return core.handle({ person: person(who), action: decoded.action, delivery: null });
};
async function alertOf(changeId: bigint) {
  const [row] = await db.sql<AlertRow[]>`SELECT id, kind, customer_id, invoice_id, dispute_id, email_id, reply_id, details
                                          FROM alerts WHERE dedupe_key = ${`bank_details_change:${changeId}`}`;
  return row!;
}

beforeAll(async () => {
  db = await openTestDb();
  dir = await mkdtemp(join(tmpdir(), 'arbot-paymeth-'));
  await importRows(db.sql, {
    owners: [
      { email: 'ana@acme.example', name: 'Ana Martin', team: 'sales' },
      { email: 'fin@acme.example', name: 'Fina', team: 'finance', approver: 'true' },
      { email: 'boss@acme.example', name: 'Bo', team: 'finance', approver: 'true' },
      { email: 'clerk@acme.example', name: 'Clerk', team: 'finance' },
    ],
    customers: [customer('C-1', zone, 'standard', { name: 'Globex', locale: 'fr-FR' })],
    invoices: [invoice('I-1', 'C-1', '2026-11-01', '500.00'), invoice('I-2', 'C-1', '2026-11-02', '2500.00')],
  });
  core = chatCoreOn(db.sql, { log: quietLog, now: () => now, zone }).core;
});
afterAll(async () => {
  await db?.close();
});

describe('arbot payment-methods load and list', () => {
  it('shows nothing before the first load, and no How to pay in emails', async () => {
    expect((await cli('payment-methods', 'list')).out).toContain('no payment details');
    const e = await email('en');
    expect(e.text).not.toContain('How to pay');
    expect(e.text).toContain('Pay online: https://pay.acme.example/F-100');
  });

  it('refuses an invalid IBAN naming the file, the line and the path, and loads nothing', async () => {
    const name = await file('bad.json', { EUR: { ...eur, iban: 'FR1420041010050500013M02607' }, GBP: gbp });
    const r = await cli('payment-methods', 'load', name);
    expect(r.code).toBe(3);
    expect(r.err).toContain('arbot: bad.json:4: EUR.iban: checksum fails (check the digits)');
    expect(r.err).toContain('nothing loaded');
    expect(await db.sql`SELECT 1 FROM payment_details`).toHaveLength(0);
    expect(await db.sql`SELECT 1 FROM payment_detail_changes`).toHaveLength(0);
  });

  it('puts a first load in force at once, audited, and lists it', async () => {
    const r = await cli('payment-methods', 'load', await file('first.json', { EUR: eur, GBP: gbp }), '--by', 'ops@acme.example');
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('EUR: in force (first details of this currency)');
    const list = await cli('payment-methods', 'list', '--json');
    const json = JSON.parse(list.out) as { current: { currency: string; iban?: string; sort_code?: string }[]; pending: unknown[] };
    expect(json.current.map((c) => [c.currency, c.iban ?? c.sort_code])).toEqual([['EUR', 'FR1420041010050500013M02606'], ['GBP', '40-12-76']]);
    expect(json.pending).toEqual([]);
    expect(await db.sql`SELECT actor, action FROM audit_log WHERE entity = 'payment_detail_change' ORDER BY id`).toEqual([
      { actor: 'cli:ops@acme.example', action: 'payment_details.applied' }, { actor: 'cli:ops@acme.example', action: 'payment_details.applied' },
    ]);
    expect((await cli('payment-methods', 'load', 'first.json')).out).toBe('EUR: unchanged\nGBP: unchanged\n');
  });

  it('shows How to pay in the reminder: bank details, the reference, direct debit, card only under the limit (en)', async () => {
    const e = await email('en', [{ number: 'F-100', currency: 'EUR', amountDueMinor: 50_000n }, { number: 'F-200', currency: 'EUR', amountDueMinor: 250_000n }]);
    expect(e.text).toContain([
      'How to pay (EUR)', 'By bank transfer:', '  Account name: Acme SAS', '  IBAN: FR14 2004 1010 0505 0001 3M02 606', '  BIC: BNPAFRPP',
      '  Reference to write: F-100, F-200', 'By direct debit: sign the mandate at https://pay.acme.example/mandate',
      'By card: use the "Pay online" link of the invoice (invoices under €1,000.00).',
    ].join('\n'));
    expect(e.text).toContain('Pay online: https://pay.acme.example/F-100');
    expect(e.text).not.toContain('Pay online: https://pay.acme.example/F-200'); // €2,500 is over the card limit
    expect(e.text).not.toMatch(/changed on/i);
    expect(e.html).toContain('IBAN: <strong>FR14 2004 1010 0505 0001 3M02 606</strong>');
    const gb = await email('en', [{ number: 'G-1', currency: 'GBP', amountDueMinor: 1000n }]);
    expect(gb.text).toContain('  Sort code: 40-12-76\n  Account number: 41234567\n  Reference to write: G-1');
    expect(gb.text).not.toContain('Pay online'); // GBP takes no card
  });

  it('says the same in French', async () => {
    const e = await email('fr-FR');
    expect(e.text).toContain('Comment payer (EUR)\nPar virement bancaire :\n  Titulaire du compte : Acme SAS\n  IBAN : FR14 2004 1010 0505 0001 3M02 606');
    expect(e.text).toContain('  Référence à indiquer : F-100');
    expect(e.text).toContain('Par prélèvement : signez le mandat sur https://pay.acme.example/mandate');
  });
});

describe('a change of bank details', () => {
  let changeId: bigint;

  it('waits for a finance approver: pending, listed, alert raised, and emails keep the OLD details', async () => {
    now = new Date('2026-12-07T09:00:00Z');
    const r = await cli('payment-methods', 'load', await file('new.json', { EUR: newEur, GBP: gbp }), '--by', 'fin@acme.example');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^EUR: change \d+ waits for a finance approver in chat/m);
    expect(r.out).toContain('GBP: unchanged');
    const list = await cli('payment-methods', 'list');
    expect(list.out).toMatch(/^EUR {2}Acme SAS · IBAN FR14 •••• 2606/m);
    expect(list.out).toMatch(/^pending change \d+ \(EUR, by cli:fin@acme.example, .*IBAN DE89 •••• 3000 · BIC COBADEFFXXX.*\[bank account changes\]$/m);
    changeId = (await db.sql<{ id: bigint }[]>`SELECT id FROM payment_detail_changes WHERE status = 'pending'`)[0]!.id;
    const e = await email('en');
    expect(e.text).toContain('IBAN: FR14 2004 1010 0505 0001 3M02 606');
    expect(e.text).not.toContain('DE89');
    expect(e.text).not.toMatch(/changed on/);
  });

  it('posts old vs new masked details to finance with Approve / Refuse on Slack and Teams', async () => {
    const alert = await alertOf(changeId);
    expect(alert.kind).toBe('bank_details_change');
    const view = await loadAlertView(db.sql, alert, now, zone);
    if (view?.kind !== 'bank_change') throw new Error('a bank change view');
    expect(view.change).toMatchObject({
      currency: 'EUR', before: 'Acme SAS · IBAN FR14 •••• 2606 · BIC BNPAFRPP', after: 'Acme SAS · IBAN DE89 •••• 3000 · BIC COBADEFFXXX',
      accountChanged: true, status: 'pending', requestedBy: 'cli:fin@acme.example',
    });
    const slack = JSON.stringify(buildAlertMessage(view));
    expect(slack).toContain(actionIds.approveBankChange);
    expect(slack).toContain(actionIds.refuseBankChange);
    expect(slack).not.toContain('FR1420041010050500013M02606');
    expect(JSON.stringify(buildAlertCard(view).card)).toContain(actionIds.approveBankChange);
  });

  it('refuses anyone but a finance approver, and the approver who loaded it', async () => {
    for (const who of ['ana@acme.example', 'clerk@acme.example', 'stranger@elsewhere.example']) {
      const o = await click(who, actionIds.approveBankChange, changeId);
      expect(o.kind).toBe('refused');
    }
    const own = await click('fin@acme.example', actionIds.approveBankChange, changeId);
    expect(own).toMatchObject({ kind: 'refused', code: 'own_change' });
    expect((await db.sql`SELECT status FROM payment_detail_changes WHERE id = ${changeId.toString()}::int8`)[0]).toEqual({ status: 'pending' });
    expect((await email('en')).text).toContain('IBAN: FR14');
  });

  it('once a finance approver approves: the new details, and the change notice with the phone, in en and fr', async () => {
    now = new Date('2026-12-07T15:00:00Z');
    const o = await click('boss@acme.example', actionIds.approveBankChange, changeId);
    expect(o).toMatchObject({ kind: 'done' });
    if (o.kind === 'done') expect(o.thread).toContain('customers are told of the change');
    expect((await click('boss@acme.example', actionIds.refuseBankChange, changeId))).toMatchObject({ kind: 'refused', code: 'already_decided' });
    expect(await db.sql`SELECT actor, action FROM audit_log WHERE action = 'payment_details.approved'`).toEqual([
      { actor: 'boss@acme.example', action: 'payment_details.approved' },
    ]);

    now = new Date('2026-12-08T08:00:00Z');
    const en = await email('en');
    expect(en.text).toContain('IBAN: DE89 3704 0044 0532 0130 00\n  BIC: COBADEFFXXX');
    expect(en.text).not.toContain('FR14');
    expect(en.text).toContain('IMPORTANT: our bank details for EUR payments changed on December 7, 2026.\nBefore you pay, please confirm the new details by phone at +33 1 23 45 67 89.');
    expect(en.text.indexOf('changed on')).toBeLessThan(en.text.indexOf('How to pay (EUR)'));
    expect(en.html).toContain('<a href="tel:+33123456789"');
    const fr = await email('fr-FR');
    expect(fr.text).toContain('IMPORTANT : nos coordonnées bancaires pour les paiements en EUR ont changé le 7 décembre 2026.\nAvant de payer, veuillez confirmer les nouvelles coordonnées par téléphone au +33 1 23 45 67 89.');
    expect(fr.text).toContain('  IBAN : DE89 3704 0044 0532 0130 00');

    const view = await loadAlertView(db.sql, await alertOf(changeId), now, zone);
    const redrawn = JSON.stringify(buildAlertMessage(view!));
    expect(redrawn).toContain('Approved');
    expect(redrawn).not.toContain(actionIds.approveBankChange);
  });

  it('shows the same on the statement page, and stops the notice after BANK_CHANGE_NOTICE_DAYS', async () => {
    const statement = (await postgresCustomerStatementStore(db.sql).findStatement(
      (await db.sql<{ id: bigint }[]>`SELECT id FROM customers WHERE external_id = 'C-1'`)[0]!.id, now))!;
    const current = await postgresPaymentMethodsStore(db.sql).current();
    const page = (at: Date) => renderStatementPage(statement, {
      today: '2026-12-08', disputeUrl: () => 'https://ar.acme.example/d/x', now: at, paymentDetails: (c) => current.get(c) ?? null, bankChangeNoticeDays: 60,
    });
    const html = page(now);
    expect(html).toContain('Comment payer (EUR)');
    expect(html).toContain('<dt>IBAN</dt><dd>DE89 3704 0044 0532 0130 00</dd>');
    expect(html).toContain('<dt>Référence à indiquer</dt><dd>INV-I-1, INV-I-2</dd>');
    expect(html).toContain('ont changé le 7 décembre 2026');
    expect(html).not.toContain('https://pay.acme.example/I-2'); // over the card limit
    expect(html).toContain('https://pay.acme.example/I-1');
    expect(page(new Date('2027-02-05T15:00:01Z'))).not.toContain('ont changé le');

    now = new Date('2027-02-05T15:00:01Z'); // 60 days after the approval
    expect((await email('en')).text).not.toContain('changed on');
    expect((await email('en')).text).toContain('IBAN: DE89');
  });

  it('keeps the current details when the approver refuses', async () => {
    const r = await cli('payment-methods', 'load', await file('third.json', { EUR: newEur, GBP: { ...gbp, account_number: '41234568' } }), '--by', 'ops@acme.example');
    expect(r.out).toMatch(/^GBP: change \d+ waits/m);
    expect((await cli('payment-methods', 'load', 'third.json')).out).toMatch(/^GBP: this change already waits for a finance approver/m);
    // A later load with other details replaces the pending change: one pending change per currency, never two.
    const again = await cli('payment-methods', 'load', await file('fourth.json', { EUR: newEur, GBP: { ...gbp, account_number: '41234569' } }), '--by', 'ops@acme.example');
    expect(again.out).toMatch(/^GBP: change \d+ waits for a finance approver in chat; .*\(replaces change \d+\)$/m);
    expect((await db.sql`SELECT status FROM payment_detail_changes WHERE currency = 'GBP' AND status <> 'applied' ORDER BY id`).map((x) => x.status)).toEqual(['superseded', 'pending']);
    const id = (await db.sql<{ id: bigint }[]>`SELECT id FROM payment_detail_changes WHERE status = 'pending'`)[0]!.id;
    // A refusal says why (migration 030): without a reason nothing is decided.
    expect(await click('fin@acme.example', actionIds.refuseBankChange, id)).toMatchObject({ kind: 'refused', code: 'invalid' });
    expect(await click('fin@acme.example', actionIds.refuseBankChange, id, 'account holder does not match our supplier')).toMatchObject({ kind: 'done' });
    expect((await db.sql`SELECT status, decision_note FROM payment_detail_changes WHERE id = ${id.toString()}::int8`)[0])
      .toEqual({ status: 'refused', decision_note: 'account holder does not match our supplier' });
    expect((await db.sql`SELECT details->>'note' AS note FROM audit_log WHERE action = 'payment_details.refused'`)[0]).toEqual({ note: 'account holder does not match our supplier' });
    expect((await email('en', [{ number: 'G-2', currency: 'GBP', amountDueMinor: 1n }])).text).toContain('Account number: 41234567');
    expect((JSON.parse((await cli('payment-methods', 'list', '--json')).out) as { pending: unknown[] }).pending).toEqual([]);
  });
});
