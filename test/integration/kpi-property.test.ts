import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { kpiRollupViolations } from '../../adapters/postgres/ledger-check-kpi.js';
import { addDaysToDate } from '../../src/domain/calendar-date.js';
import { monthEndsThrough } from '../../src/domain/kpi/calendar-months.js';
import { buildTrendPoint } from '../../src/domain/kpi/kpi-trend.js';
import { computeKpiBreakdown, computeKpis, computeKpiTrend } from '../../src/services/compute-kpis.js';
import { clearLedger, insertLedger, kpiInvoicesOf, type TestLedger } from '../support/kpi-ledger.js';
import { paidDate, remainingAt, settledDate } from '../support/kpi-oracle/kpi-ledger.js';
import { computeOpenTotals } from '../support/kpi-oracle/open-receivables.js';
import { salesBetween } from '../support/kpi-oracle/sales.js';
import { comparable, referenceKpis, referenceTotals } from '../support/kpi-reference.js';
import { expectLedgerClean } from '../support/ledger-clean.js';
import { openTestDb, type TestDb } from '../support/test-db.js';

// Random small ledgers over 2025-2026 (so 90-day, 3-month, 24-month and 25-period windows all bite), several
// currencies, payments before and after the as-of date, split payments, over-payments, credit notes, disputes
// opened and closed around midnight in the company's zone. Then random changes to payments, allocations,
// credit notes, invoice amounts, disputes and customers' segments, so the settlement summary and the daily
// rollups must follow every kind of change.

const zone = 'America/New_York';
const day0 = Date.UTC(2025, 0, 1);
const dateArb = fc.integer({ min: 0, max: 729 }).map((n) => new Date(day0 + n * 86_400_000).toISOString().slice(0, 10));
const instantArb = fc.integer({ min: 0, max: 729 * 24 }).map((h) => new Date(day0 + h * 3_600_000 + 1_800_000).toISOString());

const ledgerArb = fc.record({
  customers: fc.array(fc.record({ segment: fc.constantFrom('top', 'standard', 'at_risk'), owner: fc.constantFrom('ana', 'bob', null) }), { minLength: 1, maxLength: 4 }),
  invoices: fc.array(fc.record({
    c: fc.nat(), currency: fc.constantFrom('USD', 'EUR', 'JPY'), issue: dateArb, terms: fc.integer({ min: 0, max: 75 }),
    amount: fc.bigInt({ min: 1n, max: 200_000n }),
  }), { maxLength: 24 }),
  payments: fc.array(fc.record({
    received: dateArb, extra: fc.bigInt({ min: 0n, max: 500n }),
    allocations: fc.array(fc.record({ i: fc.nat(), share: fc.integer({ min: 1, max: 120 }) }), { minLength: 1, maxLength: 2 }),
  }), { maxLength: 18 }),
  creditNotes: fc.array(fc.record({ i: fc.nat(), issued: dateArb, share: fc.integer({ min: 1, max: 100 }) }), { maxLength: 5 }),
  disputes: fc.array(fc.record({ i: fc.nat(), opened: instantArb, hours: fc.option(fc.integer({ min: 0, max: 2000 })) }), { maxLength: 6 }),
});

type Raw = typeof ledgerArb extends fc.Arbitrary<infer T> ? T : never;

/** What a ledger has applied to each invoice (allocations + credit notes), by invoice key. */
function appliedByInvoice(ledger: Pick<TestLedger, 'payments' | 'creditNotes'>): Map<string, bigint> {
  const applied = new Map<string, bigint>();
  const add = (key: string, amount: bigint) => applied.set(key, (applied.get(key) ?? 0n) + amount);
  for (const p of ledger.payments) for (const a of p.allocations) add(a.invoice, a.amount);
  for (const n of ledger.creditNotes) add(n.invoice, n.amount);
  return applied;
}

/**
 * Turns generated numbers into a consistent ledger (migration 011 refuses any other): allocations stay within a
 * customer and currency, and an invoice never gets more applied than its amount (an allocation or credit note that
 * would go past it is cut to what is left, or left out). A payment's excess stays unallocated (`extra`).
 */
function toLedger(raw: Raw): TestLedger {
  const customers = raw.customers.map((c, k) => ({ key: `C${k}`, ...c }));
  const invoices = raw.invoices.map((r, k) => ({
    key: `I${k}`, customer: customers[r.c % customers.length]!.key, currency: r.currency,
    issue: r.issue, due: addDaysToDate(r.issue, r.terms), amount: r.amount,
  }));
  const at = (i: number) => invoices[i % invoices.length]!;
  const left = new Map(invoices.map((i) => [i.key, i.amount]));
  const take = (key: string, wanted: bigint): bigint => {
    const amount = wanted < left.get(key)! ? wanted : left.get(key)!;
    left.set(key, left.get(key)! - amount);
    return amount;
  };
  const payments = invoices.length === 0 ? [] : raw.payments.map((p, k) => {
    const first = at(p.allocations[0]!.i);
    const targets = [...new Map(p.allocations.map((a) => [at(a.i).key, a] as const)).values()]
      .filter((a) => at(a.i).customer === first.customer && at(a.i).currency === first.currency);
    return {
      key: `P${k}`, customer: first.customer, currency: first.currency, received: p.received, extra: p.extra,
      allocations: targets.map((a) => ({ invoice: at(a.i).key, amount: take(at(a.i).key, (at(a.i).amount * BigInt(a.share)) / 100n + 1n) }))
        .filter((a) => a.amount > 0n),
    };
    // A payment whose invoices were already fully applied and that brought no extra would be of 0: not a payment.
  }).filter((p) => p.allocations.length > 0 || (p.extra ?? 0n) > 0n);
  const creditNotes = invoices.length === 0 ? [] : raw.creditNotes.map((n, k) => ({
    key: `N${k}`, invoice: at(n.i).key, issued: n.issued, amount: take(at(n.i).key, (at(n.i).amount * BigInt(n.share)) / 100n + 1n),
  })).filter((n) => n.amount > 0n);
  const disputes = invoices.length === 0 ? [] : raw.disputes.map((d, k) => ({
    key: `D${k}`, invoice: at(d.i).key, openedAt: d.opened,
    closedAt: d.hours === null ? null : new Date(Date.parse(d.opened) + d.hours * 3_600_000).toISOString(),
  }));
  return { customers, invoices, payments, creditNotes, disputes };
}

const changeArb = fc.array(fc.oneof(
  fc.record({ kind: fc.constant('payment_date' as const), n: fc.nat(), date: dateArb }),
  fc.record({ kind: fc.constant('invoice_amount' as const), n: fc.nat(), amount: fc.bigInt({ min: 1n, max: 200_000n }) }),
  fc.record({ kind: fc.constant('drop_allocations' as const), n: fc.nat() }),
  fc.record({ kind: fc.constant('credit_note' as const), n: fc.nat(), date: dateArb, amount: fc.bigInt({ min: 1n, max: 100_000n }) }),
  fc.record({ kind: fc.constant('drop_credit_note' as const), n: fc.nat() }),
  fc.record({ kind: fc.constant('close_dispute' as const), n: fc.nat(), at: instantArb }),
  fc.record({ kind: fc.constant('customer_segment' as const), n: fc.nat(), segment: fc.constantFrom('top', 'standard', 'at_risk') }),
), { maxLength: 5 });

type Change = typeof changeArb extends fc.Arbitrary<(infer T)[]> ? T : never;

const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/**
 * Applies a change to the database the way any writer would (plain UPDATE / DELETE), and to the spec. Amounts are
 * kept within the ledger's invariants (migration 011): an invoice is not lowered below what is applied to it, a
 * credit note not raised past what its invoice still owes.
 */
async function applyChange(db: TestDb, ledger: TestLedger, c: Change): Promise<TestLedger> {
  const sql = db.sql;
  switch (c.kind) {
    case 'payment_date': {
      const p = pick(ledger.payments, c.n);
      if (!p) return ledger;
      await sql`UPDATE payments SET received_date = ${c.date}::date WHERE external_id = ${p.key}`;
      return { ...ledger, payments: ledger.payments.map((x) => (x === p ? { ...x, received: c.date } : x)) };
    }
    case 'invoice_amount': {
      const i = pick(ledger.invoices, c.n);
      if (!i) return ledger;
      const applied = appliedByInvoice(ledger).get(i.key) ?? 0n;
      const amount = c.amount < applied ? applied : c.amount;
      await sql`UPDATE invoices SET amount_minor = ${amount.toString()}::int8 WHERE external_id = ${i.key}`;
      return { ...ledger, invoices: ledger.invoices.map((x) => (x === i ? { ...x, amount } : x)) };
    }
    case 'drop_allocations': {
      const p = pick(ledger.payments, c.n);
      if (!p) return ledger;
      await sql`DELETE FROM payment_allocations WHERE payment_id = (SELECT id FROM payments WHERE external_id = ${p.key})`;
      return { ...ledger, payments: ledger.payments.map((x) => (x === p ? { ...x, allocations: [] } : x)) };
    }
    case 'credit_note': {
      const n = pick(ledger.creditNotes, c.n);
      if (!n) return ledger;
      const invoice = ledger.invoices.find((x) => x.key === n.invoice)!;
      const most = invoice.amount - (appliedByInvoice(ledger).get(n.invoice) ?? 0n) + n.amount;
      const amount = c.amount > most ? most : c.amount;
      await sql`UPDATE credit_notes SET issued_date = ${c.date}::date, amount_minor = ${amount.toString()}::int8 WHERE external_id = ${n.key}`;
      return { ...ledger, creditNotes: ledger.creditNotes.map((x) => (x === n ? { ...x, issued: c.date, amount } : x)) };
    }
    case 'drop_credit_note': {
      const n = pick(ledger.creditNotes, c.n);
      if (!n) return ledger;
      await sql`DELETE FROM credit_notes WHERE external_id = ${n.key}`;
      return { ...ledger, creditNotes: ledger.creditNotes.filter((x) => x !== n) };
    }
    case 'close_dispute': {
      const d = pick(ledger.disputes.filter((x) => x.closedAt === null), c.n);
      if (!d) return ledger;
      const at = c.at < d.openedAt ? d.openedAt : c.at;
      await sql`UPDATE disputes SET status = 'resolved', closed_at = ${at}::timestamptz WHERE external_id = ${d.key}`;
      return { ...ledger, disputes: ledger.disputes.map((x) => (x === d ? { ...x, closedAt: at } : x)) };
    }
    case 'customer_segment': {
      const k = pick(ledger.customers, c.n);
      if (!k) return ledger;
      await sql`UPDATE customers SET segment = ${c.segment} WHERE external_id = ${k.key}`;
      return { ...ledger, customers: ledger.customers.map((x) => (x === k ? { ...x, segment: c.segment } : x)) };
    }
  }
}

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.close();
});

const deps = () => ({ store: postgresKpiStore(db.sql, zone), zone, now: () => new Date('2099-01-01T00:00:00Z') });

describe('KPIs in SQL agree with the definitions', () => {
  it('for random ledgers, random changes and random as-of dates, to the minor unit', async () => {
    await fc.assert(
      fc.asyncProperty(ledgerArb, changeArb, fc.array(dateArb, { minLength: 2, maxLength: 2 }), fc.constantFrom('top', 'standard', 'at_risk'),
        async (raw, changes, dates, segment) => {
          await clearLedger(db.sql);
          let ledger = toLedger(raw);
          await insertLedger(db.sql, ledger);
          for (const c of changes) ledger = await applyChange(db, ledger, c);
          const invoices = kpiInvoicesOf(ledger, zone);
          const store = postgresKpiStore(db.sql, zone);

          const scan = postgresKpiStore(db.sql, zone, { strategy: 'scan' });
          for (const asOf of dates) {
            const [all] = await store.totals(asOf, {});
            const [scanned] = await scan.totals(asOf, {});
            expect(scanned?.totals.map((t) => comparable(t, t.countbackSales.length)))
              .toEqual(all?.totals.map((t, k) => comparable(t, scanned?.totals[k]?.countbackSales.length ?? 0)));
            const sqlTotals = all?.totals ?? [];
            const ref = referenceTotals(invoices, asOf);
            expect(sqlTotals.map((t) => comparable(t, t.countbackSales.length)))
              .toEqual(ref.map((t, k) => comparable(t, sqlTotals[k]?.countbackSales.length ?? 0)));
            expect((await computeKpis(deps(), { asOf })).currencies).toEqual(referenceKpis(invoices, asOf));
          }

          const asOf = dates[0]!;
          const inSegment = invoices.filter((i) => i.segment === segment);
          expect((await computeKpis(deps(), { asOf, segment })).currencies).toEqual(referenceKpis(inSegment, asOf));
          expect((await computeKpis(deps(), { asOf, currency: 'EUR' })).currencies)
            .toEqual(referenceKpis(invoices.filter((i) => i.currency === 'EUR'), asOf));

          const byOwner = await computeKpiBreakdown(deps(), { asOf }, 'sales_owner');
          const owners = [...new Set(invoices.filter((i) => i.issueDate <= asOf).map((i) => i.owner))];
          expect(byOwner.groups.map((g) => g.key).sort()).toEqual(owners.map((o) => (o === null ? null : `${o}@acme.example`)).sort());
          for (const g of byOwner.groups) {
            expect(g.currencies).toEqual(referenceKpis(invoices.filter((i) => (i.owner === null ? null : `${i.owner}@acme.example`) === g.key), asOf));
          }

          const ends = monthEndsThrough(dates[1]!, 12);
          const trendOf = (some: typeof invoices) => [...new Set(some.filter((i) => i.issueDate <= ends.at(-1)!).map((i) => i.currency))].sort()
            .map((currency) => {
              const mine = some.filter((i) => i.currency === currency);
              return {
                currency,
                points: ends.map((e) => {
                  const open = computeOpenTotals(mine, e);
                  return buildTrendPoint({ monthEnd: e, openAr: open.openAr, overdueAmount: open.overdueAmount, sales90d: salesBetween(mine, addDaysToDate(e, -90), e) });
                }),
              };
            });
          for (const request of [{ asOf: dates[1]! }, { asOf: dates[1]!, segment }]) {
            const trend = await computeKpiTrend(deps(), request);
            expect((await computeKpiTrend({ ...deps(), store: scan }, request))).toEqual(trend);
            expect(trend.currencies).toEqual(trendOf(request.segment === undefined ? invoices : inSegment));
          }

          // The daily tables as maintained through every change equal them computed from scratch.
          expect(await kpiRollupViolations(db.sql)).toEqual([]);

          // The settlement summary itself, invoice by invoice: what is left once everything recorded counts,
          // the settled date and the paid date.
          const rows = await db.sql<{ key: string; remaining: bigint; settled: string | null; paid: string | null }[]>`
            SELECT v.external_id AS key, s.amount_minor - s.applied_minor AS remaining,
                   to_char(s.settled_on, 'YYYY-MM-DD') AS settled, to_char(s.paid_on, 'YYYY-MM-DD') AS paid
            FROM invoices v JOIN invoice_settlements s ON s.invoice_id = v.id`;
          expect(new Map(rows.map((r) => [r.key, [r.remaining, r.settled, r.paid]]))).toEqual(new Map(ledger.invoices.map((inv, k) => {
            const i = invoices[k]!;
            return [inv.key, [remainingAt(i, '9999-12-31'), settledDate(i), paidDate(i)]];
          })));
          // These ledgers credit and pay invoices beyond their amount on purpose (negative remaining amounts), which
          // the import never does: every other check of `arbot check` holds.
          await expectLedgerClean(db.sql, { except: ['invoice_over_applied'] });
        }),
      { numRuns: Number(process.env.KPI_RUNS ?? 30) },
    );
  }, 240_000);
});
