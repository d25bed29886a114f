import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresChatActionStore } from '../../adapters/postgres/chat-actions.js';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { postgresImportStore } from '../../adapters/postgres/ledger-import-store.js';
import { addDaysToDate } from '../../src/domain/calendar-date.js';
import type { DisputeStatus } from '../../src/domain/disputes/dispute-status.js';
import type { LedgerKind } from '../../src/domain/import/ledger-rows.js';
import { formatAmount } from '../../src/domain/money.js';
import type { EmailSender, OutgoingEmail } from '../../src/ports/email-sender.js';
import { runCadenceTick, type CadenceDeps } from '../../src/services/cadence-tick.js';
import type { Actor } from '../../src/services/chat-actions/action-result.js';
import { claimDispute, openDisputeFromChat, setDisputeStatus } from '../../src/services/chat-actions/dispute-actions.js';
import { logPromise, pauseReminders } from '../../src/services/chat-actions/invoice-actions.js';
import { computeKpis } from '../../src/services/compute-kpis.js';
import { importLedger } from '../../src/services/import-ledger.js';
import { cadenceDeps } from '../../src/wire/cadence.js';
import { cadenceConfig, customer, importRows, owner, quietLog } from '../support/cadence-ledger.js';
import { ledgerViolations } from '../support/ledger-clean.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// A stateful property test of the ledger: random sequences of imports (new rows and re-imports that change amounts,
// currencies, customers), chat actions and cadence ticks, run through the real services on Postgres, each step on
// a later (or the same) day. After every step `arbot check`'s query finds nothing and the KPIs' open AR and overdue
// amount per currency equal the reference model's.
//
// The model is the intended behaviour: an import never leaves the ledger inconsistent. A re-import that changes a
// payment's amount, customer or currency, or an invoice's amount, currency or customer, releases what no longer
// fits and matches again by the usual rules; a credit note above what its invoice still owes is rejected. Which
// invoice a released payment then settles depends on the matching rules, so the model does not guess it: it reads
// the allocations back and holds them to the model's own facts (amounts, customers, currencies); open AR and overdue
// amounts follow from those allocations and the model's invoices and credit notes.

const runs = Number(process.env.LEDGER_RUNS ?? 25);
const start = '2026-03-02';
const customers = ['C0', 'C1', 'C2'] as const;
const currencies = ['EUR', 'USD'] as const;
const statuses: DisputeStatus[] = ['to_clarify', 'awaiting_client', 'resolved', 'credit_note_issued'];

const days = fc.integer({ min: 0, max: 6 });
const minor = fc.integer({ min: 1, max: 200_000 }).map(BigInt);
/** null four times in five: the payment keeps its invoice's customer and currency; else another one (or the same). */
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
const share = fc.oneof(fc.constant(100), fc.integer({ min: 1, max: 150 }));
// Re-imports are the point: at most four rows of a kind, so most imports bring one back; a re-imported invoice changes
// one thing (or everything); a payment is for an invoice of the model (mostly its customer and currency, a share of
// its amount, by number or by amount alone), so that allocations exist for the changes to disturb.
const commandArb = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    kind: fc.constant('invoice' as const), k: fc.nat(3), change: fc.constantFrom('amount', 'currency', 'customer', 'dates', 'all'),
    c: fc.nat(2), currency: fc.constantFrom(...currencies), amount: minor, share, issueBack: fc.nat(40), terms: fc.nat(30), days,
  }) },
  { weight: 5, arbitrary: fc.record({
    kind: fc.constant('payment' as const), k: fc.nat(3), target: fc.nat(3), share, byNumber: fc.boolean(),
    c: rarely(fc.nat(2)), currency: rarely(fc.constantFrom(...currencies)), back: fc.nat(20), days,
  }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('credit_note' as const), k: fc.nat(2), i: fc.nat(3), share: fc.integer({ min: 1, max: 120 }), back: fc.nat(20), wrongCurrency: fc.boolean(), days }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('promise' as const), i: fc.nat(3), ahead: fc.nat(20), days }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('pause' as const), i: fc.nat(3), ahead: fc.option(fc.nat(20)), days }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dispute' as const), i: fc.nat(3), to: fc.constantFrom(...statuses), days }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('tick' as const), hour: fc.nat(23), days }) },
);
type Command = typeof commandArb extends fc.Arbitrary<infer T> ? T : never;

interface ModelInvoice { customer: string; currency: string; amount: bigint; issue: string; due: string }
interface ModelPayment { customer: string; currency: string; amount: bigint; received: string }
interface ModelCreditNote { invoice: string; currency: string; amount: bigint; issued: string }
interface Model {
  today: string;
  invoices: Map<string, ModelInvoice>;
  payments: Map<string, ModelPayment>;
  creditNotes: Map<string, ModelCreditNote>;
  /** The latest dispute's status, by invoice. */
  disputes: Map<string, DisputeStatus>;
}

interface Allocation { payment: string; invoice: string; amount: bigint }

const text = (m: bigint) => `${m / 100n}.${(m % 100n).toString().padStart(2, '0')}`;
const max1 = (m: bigint) => (m < 1n ? 1n : m);
const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

let db: TestDb;
let actor: Actor;
let cadence: CadenceDeps;
const sent: OutgoingEmail[] = [];
const recordingSender: EmailSender = {
  name: 'recording',
  send: async (email) => {
    sent.push(email);
    return { outcome: 'sent', provider: 'recording', messageId: null };
  },
};

beforeAll(async () => {
  db = await openTestDb();
  await importRows(db.sql, {
    owners: [{ ...owner, team: 'finance', approver: 'true' }],
    customers: [customer('C0', 'Europe/Paris'), customer('C1', 'America/New_York', 'top'), customer('C2', 'Asia/Tokyo', 'at_risk')],
  });
  const [o] = await db.sql<{ id: bigint }[]>`SELECT id FROM owners WHERE email = ${owner.email}`;
  actor = { ownerId: o!.id, email: owner.email, name: owner.name, team: 'finance', approver: true, platformId: 'slack:U-ANA' };
  cadence = await cadenceDeps(cadenceConfig({ url: 'http://127.0.0.1:9', apiKey: 'SG.unused' }), db.sql, quietLog, recordingSender,
    Buffer.alloc(32, 7));
});
afterAll(async () => {
  await db?.close();
});

/** Empties what a run writes (customers and the owner stay). */
async function resetLedger(): Promise<void> {
  for (const t of ['email_events', 'alerts', 'reminders', 'reminder_emails', 'notes', 'promises_to_pay', 'reminder_holds', 'disputes',
    'credit_notes', 'payment_allocations', 'payments', 'invoices']) {
    await db.sql.unsafe(`DELETE FROM ${t}`);
  }
}

/** Imports rows of one kind through the import service; returns the number rejected. */
async function importKind(kind: LedgerKind, rows: Record<string, string>[]): Promise<number> {
  const items = (async function* () {
    let pos = 0;
    for (const cells of rows) yield { pos: ++pos, cells };
  })();
  const report = await importLedger(postgresImportStore(db.sql), [{ kind, name: kind, items }], { actor: 'stateful', via: 'csv', defaultTimezone: 'UTC', today: { date: '2026-12-31', zone: 'UTC' } });
  const s = report.sources[0]!;
  if (s.fatal) throw new Error(`import of ${kind} failed: ${s.fatal}`);
  return s.rejected;
}

async function invoiceId(key: string): Promise<bigint> {
  const [r] = await db.sql<{ id: bigint }[]>`SELECT id FROM invoices WHERE external_id = ${key}`;
  return r?.id ?? 0n; // 0: no such invoice, which the chat actions refuse
}

async function readAllocations(): Promise<Allocation[]> {
  return db.sql<Allocation[]>`
    SELECT p.external_id AS payment, i.external_id AS invoice, a.amount_minor AS amount
    FROM payment_allocations a JOIN payments p ON p.id = a.payment_id JOIN invoices i ON i.id = a.invoice_id
    ORDER BY 1, 2`;
}

/** The `pick`-th of the model's keys, or a new key once past them: at most four rows of a kind, often re-imported. */
function rowKey(keys: Iterable<string>, prefix: string, pick: number): string {
  const existing = [...keys].sort();
  return pick < existing.length ? existing[pick]! : `${prefix}${existing.length}`;
}

/** One of the model's invoices (cycling through them by `pick`), or I9, which is never imported, when there are none. */
function invoiceKey(model: Model, pick: number): string {
  const keys = [...model.invoices.keys()].sort();
  return keys.length === 0 ? 'I9' : keys[pick % keys.length]!;
}

const instant = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);

/** Runs one command against the database and moves the model as the intended behaviour says. */
async function step(model: Model, c: Command): Promise<void> {
  model.today = addDaysToDate(model.today, c.days);
  const today = model.today;
  const actions = postgresChatActionStore(db.sql, () => instant(today, 10));
  switch (c.kind) {
    case 'invoice': {
      const key = rowKey(model.invoices.keys(), 'I', c.k);
      const before = model.invoices.get(key);
      const issue = addDaysToDate(today, -c.issueBack);
      const fresh: ModelInvoice = { customer: customers[c.c]!, currency: c.currency, amount: c.amount, issue, due: addDaysToDate(issue, c.terms) };
      const next: ModelInvoice = before === undefined || c.change === 'all' ? fresh
        : c.change === 'amount' ? { ...before, amount: max1((before.amount * BigInt(c.share)) / 100n) }
        : c.change === 'currency' ? { ...before, currency: before.currency === 'EUR' ? 'USD' : 'EUR' }
        : c.change === 'customer' ? { ...before, customer: customers[(customers.indexOf(before.customer as never) + 1 + (c.c % 2)) % 3]! }
        : { ...before, issue: fresh.issue, due: fresh.due };
      const rejected = await importKind('invoices', [{
        external_id: key, number: `INV-${key}`, customer_external_id: next.customer, issue_date: next.issue, due_date: next.due,
        currency: next.currency, amount: text(next.amount),
      }]);
      const credited = [...model.creditNotes.values()].filter((n) => n.invoice === key);
      // Credit notes cannot follow a change of currency, nor an amount below them: whether such an update is refused
      // or handled otherwise, it must leave the ledger consistent; the model takes what was stored.
      const conflicts = before !== undefined && credited.length > 0
        && (next.currency !== before.currency || next.amount < sum(credited.map((n) => n.amount)));
      if (!conflicts) {
        expect(rejected, `invoice ${key} accepted`).toBe(0);
        model.invoices.set(key, next);
      } else if (rejected === 0) {
        model.invoices.set(key, next);
      }
      return;
    }
    case 'payment': {
      const key = rowKey(model.payments.keys(), 'P', c.k);
      const target = invoiceKey(model, c.target);
      const inv = model.invoices.get(target);
      const next: ModelPayment = {
        customer: c.c === null ? (inv?.customer ?? 'C0') : customers[c.c]!, currency: c.currency ?? inv?.currency ?? 'EUR',
        amount: max1(((inv?.amount ?? 1000n) * BigInt(c.share)) / 100n), received: addDaysToDate(today, -c.back),
      };
      const rejected = await importKind('payments', [{
        external_id: key, customer_external_id: next.customer, received_date: next.received, currency: next.currency,
        amount: text(next.amount), ...(c.byNumber ? { invoice_number: `INV-${target}` } : {}),
      }]);
      expect(rejected, `payment ${key} accepted`).toBe(0);
      model.payments.set(key, next);
      return;
    }
    case 'credit_note': {
      const key = rowKey(model.creditNotes.keys(), 'N', c.k);
      const target = invoiceKey(model, c.i);
      const inv = model.invoices.get(target);
      const amount = inv ? (inv.amount * BigInt(c.share)) / 100n + 1n : 100n;
      const currency = c.wrongCurrency ? (inv?.currency === 'EUR' ? 'USD' : 'EUR') : (inv?.currency ?? 'EUR');
      const allocated = sum((await readAllocations()).filter((a) => a.invoice === target).map((a) => a.amount));
      const otherNotes = sum([...model.creditNotes.entries()].filter(([k, n]) => k !== key && n.invoice === target).map(([, n]) => n.amount));
      const accepted = inv !== undefined && !c.wrongCurrency && amount <= inv.amount - allocated - otherNotes;
      const issued = addDaysToDate(today, -c.back);
      const rejected = await importKind('credit_notes', [{
        external_id: key, number: `CN-${key}`, invoice_external_id: target, issued_date: issued, currency, amount: text(amount),
      }]);
      expect(rejected, `credit note ${key} of ${amount} ${currency} on ${target} ${accepted ? 'accepted' : 'rejected'}`).toBe(accepted ? 0 : 1);
      if (accepted) model.creditNotes.set(key, { invoice: target, currency, amount, issued });
      return;
    }
    case 'promise': {
      const key = invoiceKey(model, c.i);
      const r = await logPromise(actions, actor, await invoiceId(key), { date: addDaysToDate(today, c.ahead), amount: '', note: '' }, today);
      expect(r.ok, `promise on ${key}`).toBe(model.invoices.has(key));
      return;
    }
    case 'pause': {
      const until = c.ahead === null ? '' : addDaysToDate(today, c.ahead);
      const key = invoiceKey(model, c.i);
      const r = await pauseReminders(actions, actor, await invoiceId(key), { until, reason: 'customer asked' }, today);
      expect(r.ok, `pause on ${key}`).toBe(model.invoices.has(key));
      return;
    }
    case 'dispute': {
      const key = invoiceKey(model, c.i);
      const id = await invoiceId(key);
      const status = model.disputes.get(key);
      const open = status === 'to_clarify' || status === 'awaiting_client';
      if (!open) {
        const r = await openDisputeFromChat(actions, actor, id, 'wrong quantity');
        expect(r.ok, `dispute opened on ${key}`).toBe(model.invoices.has(key));
        if (r.ok) model.disputes.set(key, 'to_clarify');
        return;
      }
      const [d] = await db.sql<{ id: bigint; owner_id: bigint | null }[]>`
        SELECT id, owner_id FROM disputes WHERE invoice_id = ${id.toString()}::int8 ORDER BY id DESC LIMIT 1`;
      if (d!.owner_id === null) expect((await claimDispute(actions, actor, d!.id)).ok).toBe(true);
      const r = await setDisputeStatus(actions, actor, d!.id, c.to);
      expect(r.ok, `dispute on ${key} from ${status} to ${c.to}`).toBe(c.to !== status);
      model.disputes.set(key, c.to);
      return;
    }
    case 'tick': {
      const r = await runCadenceTick(cadence, instant(today, c.hour));
      expect(r.failed + r.in_doubt + r.retried, 'emails not sent').toBe(0);
      return;
    }
  }
}

/** The stored ledger is the model's, `arbot check` is clean, and the KPIs of today are the model's. */
async function expectMatchesModel(model: Model): Promise<void> {
  expect(await ledgerViolations(db.sql), 'arbot check').toEqual([]);

  const stored = await db.sql<{ kind: string; key: string; customer: string | null; currency: string; amount: bigint; d1: string; d2: string | null; other: string | null }[]>`
    SELECT 'invoice' AS kind, i.external_id AS key, c.external_id AS customer, i.currency, i.amount_minor AS amount,
           i.issue_date::text AS d1, i.due_date::text AS d2, NULL AS other
    FROM invoices i JOIN customers c ON c.id = i.customer_id
    UNION ALL
    SELECT 'payment', p.external_id, c.external_id, p.currency, p.amount_minor, p.received_date::text, NULL, NULL
    FROM payments p JOIN customers c ON c.id = p.customer_id
    UNION ALL
    SELECT 'credit_note', n.external_id, NULL, n.currency, n.amount_minor, n.issued_date::text, NULL, i.external_id
    FROM credit_notes n JOIN invoices i ON i.id = n.invoice_id
    ORDER BY 1, 2`;
  const expected = [
    ...[...model.invoices].map(([key, i]) => ({ kind: 'invoice', key, customer: i.customer, currency: i.currency, amount: i.amount, d1: i.issue, d2: i.due, other: null })),
    ...[...model.payments].map(([key, p]) => ({ kind: 'payment', key, customer: p.customer, currency: p.currency, amount: p.amount, d1: p.received, d2: null, other: null })),
    ...[...model.creditNotes].map(([key, n]) => ({ kind: 'credit_note', key, customer: null, currency: n.currency, amount: n.amount, d1: n.issued, d2: null, other: n.invoice })),
  ].sort((a, b) => (a.kind === b.kind ? (a.key < b.key ? -1 : 1) : a.kind < b.kind ? -1 : 1));
  expect(stored.map((r) => ({ ...r })), 'stored rows').toEqual(expected);

  const disputes = await db.sql<{ key: string; status: DisputeStatus }[]>`
    SELECT DISTINCT ON (i.external_id) i.external_id AS key, d.status
    FROM disputes d JOIN invoices i ON i.id = d.invoice_id ORDER BY i.external_id, d.id DESC`;
  expect(new Map(disputes.map((d) => [d.key, d.status])), 'latest dispute status by invoice').toEqual(model.disputes);

  // Allocations as stored, held to the model's facts: whatever the matching chose, it fits.
  const allocations = await readAllocations();
  for (const [key, p] of model.payments) {
    const mine = allocations.filter((a) => a.payment === key);
    expect(sum(mine.map((a) => a.amount)) <= p.amount, `${key} allocated within its amount`).toBe(true);
    for (const a of mine) {
      const inv = model.invoices.get(a.invoice)!;
      expect([inv.customer, inv.currency], `${key} → ${a.invoice}: one customer, one currency`).toEqual([p.customer, p.currency]);
    }
  }
  const remaining = new Map([...model.invoices].map(([key, i]) => [key, i.amount
    - sum(allocations.filter((a) => a.invoice === key).map((a) => a.amount))
    - sum([...model.creditNotes.values()].filter((n) => n.invoice === key).map((n) => n.amount))]));
  for (const [key, left] of remaining) expect(left >= 0n, `${key} owes ${left}: never below zero`).toBe(true);

  // Every date of the model is on or before today, so as of today all money applied counts.
  const totals = new Map<string, { open: bigint; overdue: bigint }>();
  for (const [key, i] of model.invoices) {
    const t = totals.get(i.currency) ?? { open: 0n, overdue: 0n };
    const left = remaining.get(key)!;
    if (left > 0n) {
      t.open += left;
      if (i.due < model.today) t.overdue += left;
    }
    totals.set(i.currency, t);
  }
  const report = await computeKpis({ store: postgresKpiStore(db.sql, 'UTC'), zone: 'UTC', now: () => instant(model.today, 12) }, { asOf: model.today });
  expect(report.currencies.map((k) => [k.currency, k.open_ar, k.overdue_amount]), `KPIs as of ${model.today}`)
    .toEqual([...totals].sort(([a], [b]) => (a < b ? -1 : 1)).map(([cur, t]) => [cur, formatAmount(t.open, cur), formatAmount(t.overdue, cur)]));
}

describe('the ledger under random imports, chat actions and cadence ticks', () => {
  it('stays consistent after every step, with the KPIs of the model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 15 }), async (commands) => {
        await resetLedger();
        const model: Model = { today: start, invoices: new Map(), payments: new Map(), creditNotes: new Map(), disputes: new Map() };
        for (const [n, c] of commands.entries()) {
          try {
            await step(model, c);
            await expectMatchesModel(model);
          } catch (err) {
            (err as Error).message = `step ${n + 1} (${JSON.stringify(c, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}): ${(err as Error).message}`;
            throw err;
          }
        }
      }),
      // Shrinking replays whole sequences against the database: bounded, it reports the smallest counterexample found
      // by then. (A run cut short without a failure passes, with fewer runs: each run is whole.)
      { numRuns: runs, interruptAfterTimeLimit: 150_000 },
    );
  }, 600_000);
});
