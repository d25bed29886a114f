import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresKpiStore } from '../../adapters/postgres/kpi-store.js';
import { computeKpiBreakdown, computeKpis, computeKpiTrend } from '../../src/services/compute-kpis.js';
import { clearLedger, insertLedger } from '../support/kpi-ledger.js';
import { ceiMonthEnd, kpiScenarios, paidOnDueDate, twoCurrencies } from '../support/kpi-scenarios.js';
import { openTestDb, type TestDb } from '../support/test-db.js';
import { kpiRollupViolations } from '../../adapters/postgres/ledger-check-kpi.js';

let db: TestDb;
beforeAll(async () => {
  db = await openTestDb();
});
afterAll(async () => {
  await db?.close();
});

const deps = (zone: string, strategy: 'auto' | 'scan' = 'auto') =>
  ({ store: postgresKpiStore(db.sql, zone, { strategy }), zone, now: () => new Date('2030-01-01T00:00:00Z') });

describe('KPIs from Postgres on hand-computed ledgers', () => {
  it.each(kpiScenarios)('$name', async ({ ledger, asOf, zone, expected }) => {
    await clearLedger(db.sql);
    await insertLedger(db.sql, ledger);
    expect(await computeKpis(deps(zone), { asOf })).toEqual({ as_of: asOf, currencies: expected });
    // The same figures from invoice scans, the path of segment filters and breakdowns.
    expect(await computeKpis(deps(zone, 'scan'), { asOf })).toEqual({ as_of: asOf, currencies: expected });
    expect((await computeKpis(deps(zone), { asOf, segment: 'top' })).currencies).toEqual(expected);
    expect((await computeKpis(deps(zone), { asOf, segment: 'at_risk' })).currencies).toEqual([]);
  });

  it('filters one currency', async () => {
    await clearLedger(db.sql);
    await insertLedger(db.sql, twoCurrencies.ledger);
    const { asOf } = twoCurrencies;
    expect((await computeKpis(deps('UTC'), { asOf, currency: 'JPY' })).currencies).toEqual([twoCurrencies.expected[0]]);
    expect((await computeKpis(deps('UTC'), { asOf, currency: 'EUR' })).currencies).toEqual([]);
  });

  it('breaks the KPIs down by segment and by sales owner', async () => {
    await clearLedger(db.sql);
    await insertLedger(db.sql, { ...paidOnDueDate.ledger, customers: [{ key: 'C1', segment: 'top', owner: 'Ana' }] });
    const { asOf, expected } = paidOnDueDate;
    expect(await computeKpiBreakdown(deps('UTC'), { asOf }, 'segment')).toEqual({ as_of: asOf, by: 'segment', groups: [{ key: 'top', currencies: expected }] });
    expect(await computeKpiBreakdown(deps('UTC'), { asOf }, 'sales_owner'))
      .toEqual({ as_of: asOf, by: 'sales_owner', groups: [{ key: 'ana@acme.example', currencies: expected }] });
  });

  it('gives the trend at the last 12 month ends', async () => {
    await clearLedger(db.sql);
    await insertLedger(db.sql, ceiMonthEnd.ledger);
    const trend = await computeKpiTrend(deps('UTC'), { asOf: '2026-06-10' });
    expect(trend.currencies).toHaveLength(1);
    const points = trend.currencies[0]!.points;
    expect(points.map((p) => p.month_end)).toEqual([
      '2025-06-30', '2025-07-31', '2025-08-31', '2025-09-30', '2025-10-31', '2025-11-30', '2025-12-31',
      '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31',
    ]);
    // Before any invoice: no sales, nothing open. At May 31: the hand-computed dso_90d and overdue share.
    expect(points[0]).toEqual({ month_end: '2025-06-30', dso_90d: null, overdue_share_amount: null });
    expect(points[11]).toEqual({ month_end: '2026-05-31', dso_90d: 141.43, overdue_share_amount: 0.3636 });
    // Feb 28: N1 (1000) and N4 (200, paid Feb 25)… N1 open, issued that day; sales (Nov 30, Feb 28] = 1200.
    expect(points[8]).toEqual({ month_end: '2026-02-28', dso_90d: 75, overdue_share_amount: 0 });
    expect(await computeKpiTrend(deps('UTC', 'scan'), { asOf: '2026-06-10' })).toEqual(trend);
  });

  it('follows later changes: a payment removed, a credit note added, a dispute closed', async () => {
    await clearLedger(db.sql);
    await insertLedger(db.sql, paidOnDueDate.ledger);
    const { asOf } = paidOnDueDate;
    // I1 loses its payment: open again (1000.00, 50 days past due), no longer paid in the window.
    await db.sql`DELETE FROM payment_allocations WHERE payment_id = (SELECT id FROM payments WHERE external_id = 'P1')`;
    let [usd] = (await computeKpis(deps('UTC'), { asOf })).currencies;
    expect(usd).toMatchObject({ open_ar: '2150.00', open_count: 5, overdue_amount: '1450.00', avg_days_to_pay: null });
    expect(usd!.aging['31_60']).toBe('1000.00');
    // A credit note for the rest of I2 dated after D changes nothing at D; dated before D it settles I2.
    await db.sql`INSERT INTO credit_notes (external_id, number, invoice_id, issued_date, currency, amount_minor)
                 SELECT 'CN', 'CN', id, '2026-04-10', 'USD', 20000 FROM invoices WHERE external_id = 'I2'`;
    expect((await computeKpis(deps('UTC'), { asOf })).currencies[0]!.open_ar).toBe('2150.00');
    await db.sql`UPDATE credit_notes SET issued_date = '2026-03-30' WHERE external_id = 'CN'`;
    [usd] = (await computeKpis(deps('UTC'), { asOf })).currencies;
    expect(usd).toMatchObject({ open_ar: '1950.00', open_count: 4, avg_days_to_pay: null });
    // Disputes count while open: one opened on I5 on Mar 1 is 30 days old at D, then closed on D.
    await db.sql`INSERT INTO disputes (external_id, invoice_id, opened_at) SELECT 'DX', id, '2026-03-01T12:00Z' FROM invoices WHERE external_id = 'I5'`;
    expect((await computeKpis(deps('UTC'), { asOf })).currencies[0]).toMatchObject({ disputed_count: 1, disputed_amount: '250.00', avg_dispute_age_days: 30 });
    await db.sql`UPDATE disputes SET status = 'resolved', closed_at = '2026-03-31T18:00Z' WHERE external_id = 'DX'`;
    expect((await computeKpis(deps('UTC'), { asOf })).currencies[0]).toMatchObject({ disputed_count: 0, avg_dispute_age_days: null });
    expect(await kpiRollupViolations(db.sql)).toEqual([]);
  });
});
